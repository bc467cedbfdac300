/**
 * Building blocks shared by the tunnel link kinds (`gre`, `ipip`, `sit`,
 * `ip6tnl`, `vti`, `geneve`, `bareudp`, ...): option checks, tunnel
 * endpoints and keys, FOU/GUE encapsulation, and the IPv6 tunnel parameters
 * (hop limit, encapsulation limit, traffic class, flow label) that `ip6gre`
 * and `ip6tnl` share.
 *
 * The tunnel kinds build their requests the way iproute2 does: without any
 * option of the kind only `IFLA_INFO_KIND` is sent (the kernel's defaults
 * apply); with any option every tunnel parameter is sent, defaults filled in
 * as `ip link add NAME type KIND ...` fills them, so that the two requests
 * are equal.
 *
 * @module
 */

import type { InterfaceRef } from '../../../core/ifname.js';
import { InvalidArgumentError } from '../../../errors.js';
import { parseIpv4, parseIpv6 } from '../../../schema/address.js';
import type { AttrSet, Fields, Input } from '../../../schema/attrs.js';
import { type AnyCodec, u16, u32 } from '../../../schema/codec.js';
import type { BuildContext } from '../kind.js';
import { bitsCodec, checkRange, enumCodec, validate } from './codecs.js';

/** `TUNNEL_ENCAP_*` (linux/if_tunnel.h): the UDP encapsulation of a tunnel, by name. */
export const TUNNEL_ENCAP = { none: 0, fou: 1, gue: 2, mpls: 3 } as const;

/** `TUNNEL_ENCAP_FLAG_*` (linux/if_tunnel.h), by name. */
export const TUNNEL_ENCAP_FLAG = { csum: 1, csum6: 2, remcsum: 4 } as const;

/** `IP6_TNL_F_*` (linux/ip6_tunnel.h): flags of the IPv6 tunnels (`ip6tnl`, `ip6gre`), by name. */
export const IP6_TNL_F = {
  ignEncapLimit: 0x1,
  useOrigTclass: 0x2,
  useOrigFlowlabel: 0x4,
  mip6Dev: 0x8,
  rcvDscpCopy: 0x10,
  useOrigFwmark: 0x20,
  allowLocalRemote: 0x40,
} as const;

/** Codec of the `*_ENCAP_TYPE` attributes: a {@link TUNNEL_ENCAP} name. */
export const encapTypeCodec = enumCodec(u16, TUNNEL_ENCAP);
/** Codec of the `*_ENCAP_FLAGS` attributes: {@link TUNNEL_ENCAP_FLAG} names. */
export const encapFlagsCodec = bitsCodec(u16, TUNNEL_ENCAP_FLAG);
/** Codec of the 32-bit flags of the IPv6 tunnels: {@link IP6_TNL_F} names. */
export const ip6TunnelFlagsCodec = bitsCodec(u32, IP6_TNL_F);

/** Names of {@link IP6_TNL_F}. */
export type Ip6TunnelFlag = keyof typeof IP6_TNL_F;

/** The mutable input form of an attribute set: what a kind's `build` fills in. */
export type DataOf<S> =
  S extends AttrSet<infer F extends Fields> ? { -readonly [K in keyof Input<F>]: Input<F>[K] } : never;

/**
 * Checks a required unsigned integer option and returns it.
 * @throws {InvalidArgumentError} naming `what` unless `value` is an integer in `[0, max]`.
 */
export function checkUint(value: number, max: number, what: string): number {
  if (value === undefined) throw new InvalidArgumentError(what, 'is required');
  checkRange(value, 0, max, what);
  return value;
}

/**
 * Maps a named choice to its number.
 * @throws {InvalidArgumentError} naming `what` for a name not in `choices`.
 */
export function checkChoice(value: string, choices: Readonly<Record<string, number>>, what: string): number {
  const n = Object.hasOwn(choices, value) ? choices[value] : undefined;
  if (n === undefined) {
    throw new InvalidArgumentError(what, `expected one of ${Object.keys(choices).join(', ')}, got ${String(value)}`);
  }
  return n;
}

/**
 * The names of every option of a kind, checked by the compiler against its
 * options interface (a missing or unknown name does not compile).
 */
export function optionKeys<O>(keys: { readonly [K in keyof O]-?: true }): readonly string[] {
  return Object.keys(keys);
}

/** Whether `options` sets any of `keys` (to anything but `undefined`). */
export function hasOptions(options: object, keys: readonly string[]): boolean {
  const record = options as Readonly<Record<string, unknown>>;
  return keys.some((k) => record[k] !== undefined);
}

/**
 * Rejects every option of `keys` but `allowed` that `options` sets, for
 * options that exclude the others (a flow-based `external` tunnel).
 * @throws {InvalidArgumentError}
 */
export function rejectOthers(options: object, keys: readonly string[], allowed: readonly string[], why: string): void {
  const record = options as Readonly<Record<string, unknown>>;
  const extra = keys.filter((k) => !allowed.includes(k) && record[k] !== undefined);
  if (extra.length > 0) throw new InvalidArgumentError(extra.join(', '), why);
}

/** IP version of a tunnel's outer header. */
export type IpVersion = 4 | 6;

/**
 * A tunnel endpoint of one IP version. Unset and unspecified addresses
 * (`0.0.0.0`, `::`: "any") give `undefined`: iproute2 does not send them.
 * @throws {InvalidArgumentError} for an address of the wrong version.
 */
export function endpoint(value: string | undefined, version: IpVersion, what: string): string | undefined {
  if (value === undefined) return undefined;
  const bytes = version === 4 ? parseIpv4(value, what) : parseIpv6(value, what);
  return bytes.every((b) => b === 0) ? undefined : value;
}

/** The endpoints of a tunnel. */
export interface TunnelEndpoints {
  /** Local address; absent or unspecified: any. */
  readonly local?: string;
  /** Remote address; absent or unspecified: any. */
  readonly remote?: string;
}

/**
 * The `local` and `remote` attributes of a tunnel's endpoints, checked for
 * the IP version; unset and unspecified ones left out.
 */
export function endpoints(o: TunnelEndpoints, version: IpVersion): { local?: string; remote?: string } {
  const out: { local?: string; remote?: string } = {};
  const local = endpoint(o.local, version, 'local');
  const remote = endpoint(o.remote, version, 'remote');
  if (local !== undefined) out.local = local;
  if (remote !== undefined) out.remote = remote;
  return out;
}

/** A 32-bit big-endian value (a key, an IPv4 address) as the number a `be32` attribute carries. */
export function be32Of(bytes: Uint8Array): number {
  return (((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) >>> 0;
}

/**
 * A GRE or VTI key: a 32-bit number, or a dotted quad read as its 4 bytes
 * (iproute2's `KEY := { DOTTED_QUAD | NUMBER }`).
 * @throws {InvalidArgumentError}
 */
function tunnelKey(value: number | string, what: string): number {
  if (typeof value === 'string') return be32Of(parseIpv4(value, what));
  return checkUint(value, 0xffffffff, what);
}

/** Tunnel keys (GRE, VTI). */
export interface TunnelKeyOptions {
  /** Key of both directions (`key`): a 32-bit number or a dotted quad. */
  readonly key?: number | string;
  /** Key of received packets (`ikey`); overrides `key`. */
  readonly ikey?: number | string;
  /** Key of sent packets (`okey`); overrides `key`. */
  readonly okey?: number | string;
}

/** The input and output keys of {@link TunnelKeyOptions}; `undefined` where none is set. */
export function tunnelKeys(o: TunnelKeyOptions): { ikey: number | undefined; okey: number | undefined } {
  const both = o.key === undefined ? undefined : tunnelKey(o.key, 'key');
  return {
    ikey: o.ikey === undefined ? both : tunnelKey(o.ikey, 'ikey'),
    okey: o.okey === undefined ? both : tunnelKey(o.okey, 'okey'),
  };
}

/**
 * Time to live of the outer IPv4 header, or IPv6 hop limit: 1 to 255, or
 * `'inherit'` (0: copy the inner packet's).
 */
export type TunnelTtl = number | 'inherit';

/** The `ttl` attribute value of a {@link TunnelTtl}. */
export function ttlValue(ttl: TunnelTtl): number {
  return ttl === 'inherit' ? 0 : checkUint(ttl, 255, 'ttl');
}

/** Type of service (DS field) of the outer IPv4 header, or `'inherit'` (copy the inner packet's). */
export type TunnelTos = number | 'inherit';

/** The `tos` attribute value of a {@link TunnelTos} (`'inherit'` is 1). */
export function tosValue(tos: TunnelTos): number {
  return tos === 'inherit' ? 1 : checkUint(tos, 255, 'tos');
}

/** UDP encapsulation of a tunnel's packets (Foo-over-UDP or Generic UDP Encapsulation). */
export interface TunnelEncap {
  /** Encapsulation (`encap fou|gue|none`; `mpls`: MPLS over UDP, not offered by iproute2). */
  readonly type: 'none' | 'fou' | 'gue' | 'mpls';
  /** UDP source port (`encap-sport`); 0 or absent: chosen per flow. */
  readonly sport?: number;
  /** UDP destination port (`encap-dport`). */
  readonly dport?: number;
  /** UDP checksums over IPv4 (`encap-csum`). */
  readonly csum?: boolean;
  /** UDP checksums over IPv6 (`encap-udp6-csum`); iproute2's IPv6 tunnels enable it unless told otherwise. */
  readonly csum6?: boolean;
  /** Remote checksum offload (`encap-remcsum`). */
  readonly remcsum?: boolean;
}

/** The four `*_ENCAP_*` attributes of a tunnel (the same names in the GRE and IPTUN sets). */
export interface EncapAttrs {
  encapType: keyof typeof TUNNEL_ENCAP;
  encapFlags: (keyof typeof TUNNEL_ENCAP_FLAG)[];
  encapSport: number;
  encapDport: number;
}

/**
 * The encapsulation attributes iproute2 always sends with tunnel options:
 * none, no flags (UDP6 checksums for IPv6 tunnels: `csum6Default`), ports 0.
 */
export function encapAttrs(encap: TunnelEncap | undefined, csum6Default: boolean): EncapAttrs {
  const e = encap ?? { type: 'none' };
  const flags: (keyof typeof TUNNEL_ENCAP_FLAG)[] = [];
  if (e.csum) flags.push('csum');
  if (e.csum6 ?? csum6Default) flags.push('csum6');
  if (e.remcsum) flags.push('remcsum');
  return {
    encapType: e.type,
    encapFlags: flags,
    encapSport: checkUint(e.sport ?? 0, 0xffff, 'encap.sport'),
    encapDport: checkUint(e.dport ?? 0, 0xffff, 'encap.dport'),
  };
}

/** Parameters of the outer IPv6 header of `ip6tnl` and `ip6gre` tunnels. */
export interface Ip6TunnelOptions {
  /** Hop limit of the outer header (`hoplimit`): 0 to 255 or `'inherit'`. Default 64. */
  readonly ttl?: TunnelTtl;
  /** Tunnel encapsulation limit option (RFC 2473) (`encaplimit`): 0 to 255, or `'none'` to send none. Default 4. */
  readonly encapLimit?: number | 'none';
  /** Traffic class of the outer header (`tclass`): 0 to 255, or `'inherit'`. Default 0. */
  readonly tclass?: number | 'inherit';
  /** Flow label of the outer header (`flowlabel`): 0 to 0xfffff, or `'inherit'`. Default 0. */
  readonly flowLabel?: number | 'inherit';
  /** Copy the DSCP of received outer headers into the inner packet (`dscp inherit`). */
  readonly dscpInherit?: boolean;
  /** Firewall mark of the outer packets (`fwmark`), or `'inherit'` (the inner packet's). Default 0. */
  readonly fwmark?: number | 'inherit';
  /** Allow a local endpoint address that is also the remote one (`allow-localremote`). */
  readonly allowLocalRemote?: boolean;
}

/** Option names of {@link Ip6TunnelOptions}. */
export const ip6TunnelKeys = optionKeys<Ip6TunnelOptions>({
  ttl: true,
  encapLimit: true,
  tclass: true,
  flowLabel: true,
  dscpInherit: true,
  fwmark: true,
  allowLocalRemote: true,
});

/** Default hop limit of iproute2's IPv6 tunnels. */
const IP6_DEFAULT_HOP_LIMIT = 64;
/** `IPV6_DEFAULT_TNL_ENCAP_LIMIT`. */
const IP6_DEFAULT_ENCAP_LIMIT = 4;

/** The IPv6 tunnel attributes (same names in the GRE and IPTUN sets) of {@link Ip6TunnelOptions}. */
export function ip6TunnelAttrs(o: Ip6TunnelOptions): {
  ttl: number;
  encapLimit: number;
  flowinfo: number;
  flags: Ip6TunnelFlag[];
  fwmark: number;
} {
  const flags: Ip6TunnelFlag[] = [];
  let flowinfo = 0;
  let encapLimit = IP6_DEFAULT_ENCAP_LIMIT;
  if (o.encapLimit === 'none') flags.push('ignEncapLimit');
  else if (o.encapLimit !== undefined) encapLimit = checkUint(o.encapLimit, 255, 'encapLimit');
  if (o.tclass === 'inherit') flags.push('useOrigTclass');
  else if (o.tclass !== undefined) flowinfo |= checkUint(o.tclass, 255, 'tclass') << 20;
  if (o.flowLabel === 'inherit') flags.push('useOrigFlowlabel');
  else if (o.flowLabel !== undefined) flowinfo |= checkUint(o.flowLabel, 0xfffff, 'flowLabel');
  if (o.dscpInherit) flags.push('rcvDscpCopy');
  if (o.allowLocalRemote) flags.push('allowLocalRemote');
  let fwmark = 0;
  if (o.fwmark === 'inherit') flags.push('useOrigFwmark');
  else if (o.fwmark !== undefined) fwmark = checkUint(o.fwmark, 0xffffffff, 'fwmark');
  return {
    ttl: o.ttl === undefined ? IP6_DEFAULT_HOP_LIMIT : ttlValue(o.ttl),
    encapLimit,
    flowinfo: flowinfo >>> 0,
    flags,
    fwmark,
  };
}

/**
 * Finishes a kind's `IFLA_INFO_DATA`: checks `data` against `codec` (so a bad
 * value throws before any request, the name lookup of `dev` included), then
 * resolves `dev` into the `link` attribute.
 * @throws {InvalidArgumentError}
 */
export async function withLowerDevice<D extends { link?: number | undefined }>(
  codec: AnyCodec,
  data: D,
  dev: InterfaceRef | undefined,
  ctx: BuildContext,
): Promise<D> {
  validate(codec, data, 'data');
  if (dev !== undefined) data.link = await ctx.index(dev, 'dev');
  return data;
}
