/**
 * Decoded nexthop objects and resilient-group buckets: typed accessors over
 * lazily decoded `RTM_NEWNEXTHOP`/`RTM_NEWNEXTHOPBUCKET` messages.
 *
 * @module
 */

import { RTNH_F } from '../../core/constants.js';
import { type IpFamily, ipFamilyOfAf } from '../../core/prefix.js';
import { toObject } from '../../schema/attrs.js';
import type { ReceivedMessage } from '../../session/engine.js';
import { type DecodedEncap, encapOf } from '../route/encap.js';
import { type RouteProtocolName, type RouteScopeName, routeProtocolNames, routeScopeNames } from '../route/names.js';
import { nexthopMessage } from './schema.js';

/** A decoded nexthop message (header plus lazy attributes). */
export type NexthopMessage = ReturnType<typeof nexthopMessage.decode>;

/** A member of a nexthop group. */
export interface NexthopGroupMember {
  /** Id of the member nexthop. */
  readonly id: number;
  /** Relative weight, 1 to 256 (default 1). */
  readonly weight?: number;
}

/** Parameters of a resilient group, timers in seconds. */
export interface ResilientGroupInfo {
  readonly buckets?: number;
  readonly idleTimer?: number;
  readonly unbalancedTimer?: number;
  /** How long the group has been unbalanced (read only). */
  readonly unbalancedTime?: number;
}

abstract class NexthopView {
  /** The decoded message: `header` (`struct nhmsg`) and every attribute under `attrs`. */
  readonly message: NexthopMessage;

  constructor(message: NexthopMessage) {
    this.message = message;
  }

  /** Nexthop id (of the group, for a bucket). */
  get id(): number | undefined {
    return this.message.attrs.id;
  }

  /** A plain object of the header and every attribute (bigints kept). */
  toObject(): { header: NexthopMessage['header']; attrs: unknown } {
    return { header: this.message.header, attrs: toObject(this.message.attrs) };
  }

  /** JSON form: header and attributes. */
  toJSON(): { header: NexthopMessage['header']; attrs: unknown } {
    return { header: this.message.header, attrs: this.message.attrs.toJSON() };
  }
}

/** A nexthop object or group as the kernel described it. */
export class Nexthop extends NexthopView {
  /** Decodes a received `RTM_NEWNEXTHOP`/`RTM_DELNEXTHOP`. */
  static fromMessage(m: ReceivedMessage): Nexthop {
    return new Nexthop(nexthopMessage.decode(m.buf, m.offset, m.length));
  }

  /** `inet`, `inet6`, or a number (`0` for groups). */
  get family(): IpFamily | number {
    const af = this.message.header.family;
    return ipFamilyOfAf(af) ?? af;
  }

  /** Scope: a name or a number. */
  get scope(): RouteScopeName | number {
    return routeScopeNames.name(this.message.header.scope);
  }

  /** Who installed it: a name or a number. */
  get protocol(): RouteProtocolName | number {
    return routeProtocolNames.name(this.message.header.protocol);
  }

  /** `RTNH_F_*` flags. */
  get flags(): number {
    return this.message.header.flags;
  }

  /** The gateway is used even off the link's subnet. */
  get onlink(): boolean {
    return (this.flags & RTNH_F.ONLINK) !== 0;
  }

  /** Gateway. */
  get gateway(): string | undefined {
    return this.message.attrs.gateway;
  }

  /** Output interface index. */
  get oif(): number | undefined {
    return this.message.attrs.oif;
  }

  /** Drops packets. */
  get blackhole(): boolean {
    return this.message.attrs.blackhole === true;
  }

  /** A nexthop of bridge FDB entries (VXLAN). */
  get fdb(): boolean {
    return this.message.attrs.fdb === true;
  }

  /** Whether it is a group. */
  get isGroup(): boolean {
    return this.message.attrs.group !== undefined;
  }

  /** Members of a group, with weights 1-256. */
  get group(): NexthopGroupMember[] | undefined {
    return this.message.attrs.group?.map((g) => ({ id: g.id, weight: g.weight + 1 }));
  }

  /** Group type: `mpath` (hash-threshold, the default) or `resilient`. */
  get groupType(): 'mpath' | 'resilient' | number | undefined {
    const t = this.message.attrs.groupType;
    return t ?? (this.isGroup ? 'mpath' : undefined);
  }

  /** Parameters of a resilient group. */
  get resilient(): ResilientGroupInfo | undefined {
    const r = this.message.attrs.resGroup;
    if (!r) return undefined;
    const out: Record<string, number> = {};
    for (const key of ['buckets', 'idleTimer', 'unbalancedTimer', 'unbalancedTime'] as const) {
      const v = r[key];
      if (v !== undefined) out[key] = v;
    }
    return out;
  }

  /** Encapsulation, typed when nlink decodes its type. */
  get encap(): DecodedEncap | undefined {
    return encapOf(this.message.attrs.encapType, this.message.attrs.encap);
  }
}

/** One bucket of a resilient nexthop group (`ip nexthop bucket show`). */
export class NexthopBucket extends NexthopView {
  /** Decodes a received `RTM_NEWNEXTHOPBUCKET`. */
  static fromMessage(m: ReceivedMessage): NexthopBucket {
    return new NexthopBucket(nexthopMessage.decode(m.buf, m.offset, m.length));
  }

  /** Bucket index. */
  get index(): number | undefined {
    return this.message.attrs.resBucket?.index;
  }

  /** Seconds since the bucket last carried traffic. */
  get idleTime(): number | undefined {
    return this.message.attrs.resBucket?.idleTime;
  }

  /** Id of the nexthop the bucket points at. */
  get nhId(): number | undefined {
    return this.message.attrs.resBucket?.nhId;
  }
}
