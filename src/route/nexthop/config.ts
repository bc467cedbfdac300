/**
 * Typed nexthop object configurations and their translation into
 * `RTM_NEWNEXTHOP` requests with iproute2's defaults (`ip nexthop add ...`).
 *
 * @module
 */

import { AF, RTNH_F } from '../../core/constants.js';
import type { InterfaceRef } from '../../core/ifname.js';
import { afOf, type IpFamily, parseIpAddress } from '../../core/prefix.js';
import { InvalidArgumentError } from '../../errors.js';
import { checkRange } from '../link/kinds/codecs.js';
import { encapInput, type IndexResolver, type RouteEncap } from '../route/encap.js';
import { type RouteProtocol, routeProtocolNames } from '../route/names.js';
import type { NexthopGroupMember } from './nexthop.js';
import type { nexthopMessage } from './schema.js';

/** What every nexthop takes. */
export interface NexthopCommon {
  /** Id, 1 to 2^32-1 (the kernel picks one when left out). */
  readonly id?: number;
  /** Who installs it (default unset, as iproute2). */
  readonly protocol?: RouteProtocol;
}

/** A single nexthop: a gateway and/or a device (`ip nexthop add id N via A dev D`). */
export interface SingleNexthop extends NexthopCommon {
  readonly gateway?: string;
  readonly dev?: InterfaceRef;
  readonly onlink?: boolean;
  readonly encap?: RouteEncap;
  /** A nexthop for bridge FDB entries (VXLAN); gateway only. */
  readonly fdb?: boolean;
  /** Needed only without a gateway (default `inet`). */
  readonly family?: IpFamily;
}

/** A nexthop that drops packets (`blackhole`). */
export interface BlackholeNexthop extends NexthopCommon {
  readonly blackhole: true;
  readonly family?: IpFamily;
}

/** A group of nexthops (`group 1,2/3`), hash-threshold or resilient. */
export interface NexthopGroup extends NexthopCommon {
  readonly group: readonly NexthopGroupMember[];
  /** `mpath` (hash-threshold, the kernel's default) or `resilient`. */
  readonly type?: 'mpath' | 'resilient';
  /** Resilient groups: number of buckets. */
  readonly buckets?: number;
  /** Resilient groups: seconds a bucket must be idle before it moves. */
  readonly idleTimer?: number;
  /** Resilient groups: seconds the group may stay unbalanced before buckets move regardless. */
  readonly unbalancedTimer?: number;
  readonly fdb?: boolean;
}

/** A nexthop object `addNexthop` takes. */
export type NexthopConfig = SingleNexthop | BlackholeNexthop | NexthopGroup;

/** A nexthop request ready to send. */
export interface NexthopRequest {
  readonly value: Parameters<typeof nexthopMessage.encode>[1];
  /** How it reads in errors: `id 10`. */
  readonly object: string;
}

/**
 * Translates a nexthop into a request: family `inet` unless a gateway or
 * `family` says otherwise, groups with no family, protocol unset unless given.
 * @throws {InvalidArgumentError} before anything is sent.
 */
export async function nexthopRequest(c: NexthopConfig, index: IndexResolver): Promise<NexthopRequest> {
  if (typeof c !== 'object' || c === null) throw new InvalidArgumentError('nexthop', 'expected a nexthop object');
  checkRange(c.id, 1, 0xffffffff, 'nexthop.id');
  const header: Record<string, number> = { family: AF.UNSPEC };
  if (c.protocol !== undefined) header.protocol = routeProtocolNames.value(c.protocol, 'nexthop.protocol');
  const attrs: Record<string, unknown> = { id: c.id };
  if ('group' in c) {
    if (!Array.isArray(c.group) || c.group.length === 0) {
      throw new InvalidArgumentError('nexthop.group', 'expected at least one member');
    }
    attrs.group = c.group.map((m, i) => {
      checkRange(m.id, 1, 0xffffffff, `nexthop.group[${i}].id`);
      checkRange(m.weight, 1, 256, `nexthop.group[${i}].weight`);
      return { id: m.id, weight: (m.weight ?? 1) - 1 };
    });
    const resilientArgs = c.buckets !== undefined || c.idleTimer !== undefined || c.unbalancedTimer !== undefined;
    if (resilientArgs && c.type !== 'resilient') {
      throw new InvalidArgumentError('nexthop', 'buckets and timers belong to resilient groups (type: resilient)');
    }
    if (c.type !== undefined) attrs.groupType = c.type;
    checkRange(c.buckets, 1, 0xffff, 'nexthop.buckets');
    if (c.type === 'resilient') {
      attrs.resGroup = { buckets: c.buckets, idleTimer: c.idleTimer, unbalancedTimer: c.unbalancedTimer };
    }
    if (c.fdb) attrs.fdb = true;
  } else if ('blackhole' in c) {
    header.family = afOf(c.family ?? 'inet');
    attrs.blackhole = true;
  } else {
    let family: IpFamily = c.family ?? 'inet';
    if (c.gateway !== undefined) {
      const gw = parseIpAddress(
        c.gateway,
        c.family === undefined ? { what: 'nexthop.gateway' } : { family, what: 'nexthop.gateway' },
      );
      family = gw.family;
      attrs.gateway = gw.address;
    }
    header.family = afOf(family);
    if (c.dev !== undefined) attrs.oif = await index(c.dev, 'nexthop.dev');
    if (c.onlink) header.flags = RTNH_F.ONLINK;
    if (c.encap !== undefined) Object.assign(attrs, await encapInput(c.encap, index, 'nexthop.encap'));
    if (c.fdb) attrs.fdb = true;
  }
  return {
    value: { header, attrs } as NexthopRequest['value'],
    object: c.id === undefined ? '(new id)' : `id ${c.id}`,
  };
}
