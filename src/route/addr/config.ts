/**
 * Typed address configurations and their translation into
 * `RTM_NEWADDR`/`RTM_DELADDR` requests with iproute2's semantics, so that
 * an address built here is the request `ip address add|del ...` sends.
 *
 * One {@link AddressConfig} serves both families, the family being that of
 * the address text; {@link Ipv4Address} and {@link Ipv6Address} (the seed's
 * names) are its two shapes, the second without the IPv4-only `broadcast`
 * and `label`.
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { IFA_F, IFNAMSIZ, RT_SCOPE } from '../../core/constants.js';
import { describeRef, type InterfaceRef } from '../../core/ifname.js';
import { afOf, bitLength, type IpFamily, parseIpAddress, parsePrefix } from '../../core/prefix.js';
import { InvalidArgumentError } from '../../errors.js';
import { checkRange } from '../link/kinds/codecs.js';
import { type RouteScope, routeScopeNames } from '../route/names.js';
import { INFINITY_LIFE_TIME, type Lifetime } from './address.js';
import type { addressMessage } from './schema.js';

/** Flags an address can be configured with (iproute2's `CONFFLAG`s). */
export const ADDRESS_CONFIG_FLAGS = {
  home: IFA_F.HOMEADDRESS,
  mngtmpaddr: IFA_F.MANAGETEMPADDR,
  nodad: IFA_F.NODAD,
  optimistic: IFA_F.OPTIMISTIC,
  noprefixroute: IFA_F.NOPREFIXROUTE,
  autojoin: IFA_F.MCAUTOJOIN,
} as const;

/** A configurable address flag. */
export type AddressConfigFlag = keyof typeof ADDRESS_CONFIG_FLAGS;

/** What both families take. */
export interface AddressCommon {
  /** The interface, by name or ifindex. */
  readonly dev: InterfaceRef;
  /** `10.0.0.1/24`, `2001:db8::1/64`; without a length, `prefixLen` or the full length. */
  readonly address: string;
  /** Prefix length, when `address` has none. */
  readonly prefixLen?: number;
  /** Peer of a point-to-point link (`peer 10.0.0.2/32`); its length becomes the prefix length. */
  readonly peer?: string;
  /** Scope (default `global`, or `host` for 127.0.0.0/8). */
  readonly scope?: RouteScope;
  readonly flags?: readonly AddressConfigFlag[];
  /** Seconds the address stays valid (default forever). */
  readonly validLifetime?: Lifetime;
  /** Seconds the address stays preferred (default forever); at most `validLifetime`. */
  readonly preferredLifetime?: Lifetime;
  /** Metric of the prefix route (`metric`). */
  readonly metric?: number;
  readonly anycast?: string;
  /** Address protocol (`IFA_PROTO`, Linux 6.3+). */
  readonly proto?: number;
}

/** An IPv4 address (the seed's `Ipv4Address`). */
export interface Ipv4Address extends AddressCommon {
  /** Broadcast address, or `+`/`-` to derive it with host bits set/cleared (`brd +`). */
  readonly broadcast?: string;
  /** Label, which must start with the interface name (`eth0:1`). */
  readonly label?: string;
}

/** An IPv6 address (the seed's `Ipv6Address`). */
export interface Ipv6Address extends AddressCommon {
  readonly broadcast?: never;
  readonly label?: never;
}

/** An address `addAddress` and friends take. */
export type AddressConfig = Ipv4Address | Ipv6Address;

/** An address request ready to send. */
export interface AddressRequest {
  readonly value: Parameters<typeof addressMessage.encode>[1];
  /** How the address reads in errors: `10.0.0.1/24 dev eth0`. */
  readonly object: string;
}

function lifetimeValue(v: Lifetime | undefined, where: string): number {
  if (v === undefined || v === 'forever') return INFINITY_LIFE_TIME;
  checkRange(v, 0, INFINITY_LIFE_TIME, where);
  return v;
}

/** The broadcast address of `address/len` with host bits set (`+`) or cleared (`-`). */
function derivedBroadcast(bytes: Uint8Array, len: number, set: boolean): string {
  const out = Uint8Array.from(bytes);
  for (let bit = len; bit < 32; bit++) {
    const i = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    out[i] = set ? (out[i] ?? 0) | mask : (out[i] ?? 0) & ~mask;
  }
  return out.join('.');
}

/**
 * Translates an address into a request on `ifindex` with iproute2's
 * semantics: `IFA_LOCAL` is the address and `IFA_ADDRESS` the peer or the
 * address again (a deletion of an IPv4 address given without a length
 * leaves `IFA_ADDRESS` out, so any prefix length matches); flags above the
 * low 8 go in `IFA_FLAGS`. `linkName` checks a label.
 * @throws {InvalidArgumentError} before anything is sent.
 */
export function addressRequest(c: AddressConfig, del: boolean, ifindex: number, linkName?: string): AddressRequest {
  if (typeof c !== 'object' || c === null) throw new InvalidArgumentError('address', 'expected an address object');
  const local = parsePrefix(c.address, { what: 'address' });
  const family: IpFamily = local.family;
  checkRange(c.prefixLen, 0, bitLength(family), 'address.prefixLen');
  if (c.prefixLen !== undefined && local.explicitLength && c.prefixLen !== local.length) {
    throw new InvalidArgumentError('address.prefixLen', `${c.prefixLen} contradicts ${c.address}`);
  }
  const attrs: Record<string, unknown> = { local: local.address };
  let prefixLen = c.prefixLen ?? local.length;
  let peerBytes = local.bytes;
  if (c.peer !== undefined) {
    const peer = parsePrefix(c.peer, { family, what: 'address.peer' });
    attrs.address = peer.address;
    peerBytes = peer.bytes;
    prefixLen = c.prefixLen ?? peer.length;
    if (local.explicitLength && local.length !== prefixLen) {
      // iproute2 silently takes the peer's; a conflict is more likely a mistake.
      throw new InvalidArgumentError(
        'address',
        `with a peer, the prefix length is the peer's (/${prefixLen}), not /${local.length}`,
      );
    }
  } else if (!(del && family === 'inet' && !local.explicitLength && c.prefixLen === undefined)) {
    attrs.address = local.address;
  }
  const header: Record<string, number> = {
    family: afOf(family),
    prefixlen: prefixLen,
    flags: 0,
    scope: 0,
    index: ifindex,
  };
  if (family === 'inet6' && (c.broadcast !== undefined || c.label !== undefined)) {
    throw new InvalidArgumentError('address', 'broadcast and label exist only for IPv4 addresses');
  }
  if (c.broadcast === '+' || c.broadcast === '-') {
    if (!del && prefixLen <= 30) attrs.broadcast = derivedBroadcast(peerBytes, prefixLen, c.broadcast === '+');
  } else if (c.broadcast !== undefined) {
    attrs.broadcast = parseIpAddress(c.broadcast, { family: 'inet', what: 'address.broadcast' }).address;
  }
  if (c.anycast !== undefined) attrs.anycast = parseIpAddress(c.anycast, { family, what: 'address.anycast' }).address;
  if (c.label !== undefined) {
    if (typeof c.label !== 'string' || Buffer.byteLength(c.label) >= IFNAMSIZ || c.label.includes('\0')) {
      throw new InvalidArgumentError('address.label', `${JSON.stringify(c.label)} is not 1 to ${IFNAMSIZ - 1} bytes`);
    }
    if (linkName !== undefined && !c.label.startsWith(linkName)) {
      throw new InvalidArgumentError(
        'address.label',
        `${JSON.stringify(c.label)} must start with the interface name ${linkName}`,
      );
    }
    attrs.label = c.label;
  }
  if (c.scope !== undefined) header.scope = routeScopeNames.value(c.scope, 'address.scope');
  else if (!del && family === 'inet' && local.bytes[0] === 127) header.scope = RT_SCOPE.HOST;
  let flags = 0;
  for (const f of c.flags ?? []) {
    if (!Object.hasOwn(ADDRESS_CONFIG_FLAGS, f)) {
      throw new InvalidArgumentError(
        'address.flags',
        `unknown flag ${JSON.stringify(f)} (one of ${Object.keys(ADDRESS_CONFIG_FLAGS).join(', ')})`,
      );
    }
    flags |= ADDRESS_CONFIG_FLAGS[f];
  }
  if (flags > 0xff) attrs.flags = flags;
  else header.flags = flags;
  if (c.validLifetime !== undefined || c.preferredLifetime !== undefined) {
    const valid = lifetimeValue(c.validLifetime, 'address.validLifetime');
    const preferred = lifetimeValue(c.preferredLifetime, 'address.preferredLifetime');
    if (preferred > valid) throw new InvalidArgumentError('address.preferredLifetime', 'is greater than validLifetime');
    attrs.cacheinfo = { preferred, valid };
  }
  checkRange(c.metric, 0, 0xffffffff, 'address.metric');
  if (c.metric !== undefined) attrs.rtPriority = c.metric;
  checkRange(c.proto, 0, 0xff, 'address.proto');
  if (c.proto !== undefined) attrs.proto = c.proto;
  return {
    value: { header, attrs } as AddressRequest['value'],
    object: `${local.address}/${prefixLen} dev ${describeRef(c.dev)}`,
  };
}
