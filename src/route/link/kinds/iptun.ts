/**
 * What the `IFLA_IPTUN_*` tunnels (`ipip`, `ip6tnl` in `ipip.ts`, `sit` in
 * `sit.ts`) share: the attribute sets, the options of the IPv4 ones, and the
 * request builder. The public parts are exported from `ipip.ts`.
 *
 * @module
 */

import type { InterfaceRef } from '../../../core/ifname.js';
import { InvalidArgumentError } from '../../../errors.js';
import { attr, attrSet } from '../../../schema/attrs.js';
import { type AnyCodec, be16, be32, flag, ip, ipv4, ipv6, u8, u16, u32 } from '../../../schema/codec.js';
import { type BuildContext, defineLinkKind, type KindContribution, type LinkKind } from '../kind.js';
import { bitsCodec, bool8 } from './codecs.js';
import {
  checkChoice,
  checkUint,
  type DataOf,
  encapAttrs,
  encapFlagsCodec,
  encapTypeCodec,
  endpoints,
  hasOptions,
  type IpVersion,
  ip6TunnelFlagsCodec,
  optionKeys,
  rejectOthers,
  type TunnelEncap,
  type TunnelTos,
  type TunnelTtl,
  tosValue,
  ttlValue,
  withLowerDevice,
} from './tunnel.js';

/** `SIT_*` flags of a `sit` tunnel (linux/if_tunnel.h), by name. */
export const SIT_FLAG = { isatap: 0x0001 } as const;

/** `IFLA_IPTUN_*` attributes of `ipip` and `sit` (the kernel's `linkinfo-iptun-attrs`). */
export const iptunAttrs = attrSet('linkinfo-iptun', {
  /** ifindex of the lower device. */
  link: attr(1, u32),
  /** Local endpoint (4 or 16 bytes). */
  local: attr(2, ip),
  /** Remote endpoint. */
  remote: attr(3, ip),
  /** TTL or hop limit; 0 inherits. */
  ttl: attr(4, u8),
  /** TOS; 1 inherits. */
  tos: attr(5, u8),
  /** IPv6 tunnel encapsulation limit. */
  encapLimit: attr(6, u8),
  /** IPv6 traffic class and flow label, as in the IPv6 header. */
  flowinfo: attr(7, be32),
  /** `sit`: {@link SIT_FLAG} names. */
  flags: attr(8, bitsCodec(u16, SIT_FLAG)),
  /** Inner protocol: `IPPROTO_IPIP` (4), `IPPROTO_IPV6` (41), `IPPROTO_MPLS` (137), 0 any. */
  proto: attr(9, u8),
  /** Path MTU discovery (sets DF). */
  pmtudisc: attr(10, bool8),
  /** 6rd prefix. */
  ip6rdPrefix: attr(11, ipv6),
  /** 6rd relay prefix. */
  ip6rdRelayPrefix: attr(12, ipv4),
  ip6rdPrefixlen: attr(13, u16),
  ip6rdRelayPrefixlen: attr(14, u16),
  encapType: attr(15, encapTypeCodec),
  encapFlags: attr(16, encapFlagsCodec),
  encapSport: attr(17, be16),
  encapDport: attr(18, be16),
  /** Flow-based tunnel (`external`). */
  collectMetadata: attr(19, flag),
  fwmark: attr(20, u32),
});

/** `IFLA_IPTUN_*` attributes of `ip6tnl`: the same, with 32-bit `IP6_TNL_F_*` flags. */
export const ip6tnlAttrs = attrSet('linkinfo-ip6tnl', {
  ...iptunAttrs.fields,
  /** {@link IP6_TNL_F} names. */
  flags: attr(8, ip6TunnelFlagsCodec),
});

/** `IPPROTO_*` numbers of the inner protocols. */
export const TUNNEL_PROTO = { any: 0, ipip: 4, ip6ip: 41, mplsip: 137 } as const;

/** Options of the IPv4-outer IP-in-IP tunnels (`ipip`, `sit`). */
export interface IptunOptions {
  /** Local IPv4 endpoint; absent or `0.0.0.0`: any. */
  readonly local?: string;
  /** Remote IPv4 endpoint. */
  readonly remote?: string;
  /** Lower device the encapsulated packets leave through (`dev`). */
  readonly dev?: InterfaceRef;
  /** TTL of the outer header: 1 to 255, or `'inherit'` (the default). A fixed TTL needs `pmtudisc`. */
  readonly ttl?: TunnelTtl;
  /** TOS of the outer header, or `'inherit'`. Default 0. */
  readonly tos?: TunnelTos;
  /** Path MTU discovery: set DF on the outer header (default `true`). */
  readonly pmtudisc?: boolean;
  /** Firewall mark of the outer packets. */
  readonly fwmark?: number;
  /** UDP encapsulation (FOU/GUE). */
  readonly encap?: TunnelEncap;
  /** A flow-based tunnel (`external`); only `mode` may go with it. */
  readonly external?: boolean;
}

/** Option names of {@link IptunOptions} but `external`. */
export const iptunKeys = optionKeys<Omit<IptunOptions, 'external'>>({
  local: true,
  remote: true,
  dev: true,
  ttl: true,
  tos: true,
  pmtudisc: true,
  fwmark: true,
  encap: true,
});

/** The `IFLA_IPTUN_*` data of an `ipip`, `sit` or `ip6tnl` tunnel (`flags`: names of the kind's flags). */
export type IptunData = Omit<Partial<DataOf<typeof iptunAttrs>>, 'flags'> & { flags?: readonly string[] };

/** What every IPTUN kind's options have. */
export interface IptunBase {
  readonly local?: string;
  readonly remote?: string;
  readonly dev?: InterfaceRef;
  readonly mode?: string;
  readonly encap?: TunnelEncap;
  readonly external?: boolean;
}

/** How one IPTUN kind differs from the others. */
export interface IptunVariant<O> {
  /** IP version of the outer header. */
  readonly version: IpVersion;
  /** `mode` names to `IPPROTO_*` numbers. */
  readonly modes: Readonly<Record<string, number>>;
  /** Every option name but `external`. */
  readonly keys: readonly string[];
  /** The attributes of the outer header's parameters. */
  params(o: O): IptunData;
  /** The kind's `IFLA_INFO_DATA` codec. */
  readonly codec: AnyCodec;
}

/**
 * Builds the `IFLA_IPTUN_*` data the way iproute2 does: the inner protocol
 * always; then either the `external` flag alone, or every tunnel parameter
 * with its default. `undefined` when no option is given at all.
 */
async function buildIptun<O extends IptunBase>(
  o: O,
  variant: IptunVariant<O>,
  ctx: BuildContext,
): Promise<IptunData | undefined> {
  if (!hasOptions(o, [...variant.keys, 'external'])) return undefined;
  const proto = checkChoice(o.mode ?? 'any', variant.modes, 'mode');
  if (o.external) {
    rejectOthers(o, variant.keys, ['mode'], 'an external (flow-based) tunnel takes no option but mode');
    return { proto, collectMetadata: true };
  }
  const data: IptunData = {
    proto,
    link: 0,
    ...variant.params(o),
    ...encapAttrs(o.encap, variant.version === 6),
    ...endpoints(o, variant.version),
  };
  return withLowerDevice(variant.codec, data, o.dev, ctx);
}

/** The outer IPv4 header parameters of `ipip` and `sit`. */
export function ipv4Params(o: IptunOptions): IptunData {
  const ttl = o.ttl === undefined ? 0 : ttlValue(o.ttl);
  const pmtudisc = o.pmtudisc ?? true;
  if (ttl !== 0 && !pmtudisc) throw new InvalidArgumentError('ttl', 'a fixed ttl needs pmtudisc');
  return {
    ttl,
    tos: o.tos === undefined ? 0 : tosValue(o.tos),
    pmtudisc,
    fwmark: checkUint(o.fwmark ?? 0, 0xffffffff, 'fwmark'),
  };
}

/** Defines an IPTUN kind (`ipip`, `ip6tnl`, `sit`) from how it differs from the others. */
export function defineIptunKind<O extends IptunBase>(kind: string, variant: IptunVariant<O>): LinkKind<O> {
  return defineLinkKind<O>({
    kind,
    data: variant.codec,
    async build(o, ctx): Promise<KindContribution> {
      const data = await buildIptun(o, variant, ctx);
      return data ? { data } : {};
    },
  });
}
