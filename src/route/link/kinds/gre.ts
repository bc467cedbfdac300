/**
 * GRE tunnels: `gre` and `gretap` (IPv4, layer 3 and Ethernet), `ip6gre` and
 * `ip6gretap` (IPv6), and the ERSPAN mirroring tunnels `erspan` and
 * `ip6erspan`. All share the `IFLA_GRE_*` attributes
 * (`ip link add NAME type gre remote ADDR local ADDR key KEY ...`).
 *
 * @module
 */

import type { InterfaceRef } from '../../../core/ifname.js';
import { InvalidArgumentError } from '../../../errors.js';
import { parseIpv4 } from '../../../schema/address.js';
import { attr, attrSet, nest } from '../../../schema/attrs.js';
import { be16, be32, flag, ip, u8, u16, u32 } from '../../../schema/codec.js';
import { defineLinkKind, type KindContribution } from '../kind.js';
import type { Link } from '../link.js';
import { bitsCodec, bool8, enumCodec, kindDataOf } from './codecs.js';
import {
  be32Of,
  checkUint,
  type DataOf,
  encapAttrs,
  encapFlagsCodec,
  encapTypeCodec,
  endpoints,
  hasOptions,
  type Ip6TunnelOptions,
  type IpVersion,
  ip6TunnelAttrs,
  ip6TunnelFlagsCodec,
  ip6TunnelKeys,
  optionKeys,
  rejectOthers,
  type TunnelEncap,
  type TunnelKeyOptions,
  type TunnelTos,
  type TunnelTtl,
  tosValue,
  ttlValue,
  tunnelKeys,
  withLowerDevice,
} from './tunnel.js';

/** `GRE_*` flags of `iflags`/`oflags` (linux/if_tunnel.h), by name, as big-endian 16-bit values. */
export const GRE_FLAG = {
  csum: 0x8000,
  routing: 0x4000,
  key: 0x2000,
  seq: 0x1000,
  strict: 0x0800,
  ack: 0x0080,
} as const;

/** ERSPAN v2 directions. */
export const ERSPAN_DIR = { ingress: 0, egress: 1 } as const;

const greFlagsCodec = bitsCodec(be16, GRE_FLAG);

/** `IFLA_GRE_*` attributes (the kernel's `linkinfo-gre-attrs`). */
export const greAttrs = attrSet('linkinfo-gre', {
  /** ifindex of the lower device. */
  link: attr(1, u32),
  /** Input `GRE_*` flags ({@link GRE_FLAG} names). */
  iflags: attr(2, greFlagsCodec),
  /** Output `GRE_*` flags. */
  oflags: attr(3, greFlagsCodec),
  /** Input key. */
  ikey: attr(4, be32),
  /** Output key. */
  okey: attr(5, be32),
  /** Local endpoint (4 or 16 bytes). */
  local: attr(6, ip),
  /** Remote endpoint. */
  remote: attr(7, ip),
  /** TTL or hop limit; 0 inherits. */
  ttl: attr(8, u8),
  /** TOS; 1 inherits. */
  tos: attr(9, u8),
  /** Path MTU discovery (sets DF). */
  pmtudisc: attr(10, bool8),
  /** IPv6 tunnel encapsulation limit. */
  encapLimit: attr(11, u8),
  /** IPv6 traffic class and flow label, as in the IPv6 header. */
  flowinfo: attr(12, be32),
  /** IPv6 tunnel flags ({@link IP6_TNL_F} names). */
  flags: attr(13, ip6TunnelFlagsCodec),
  encapType: attr(14, encapTypeCodec),
  encapFlags: attr(15, encapFlagsCodec),
  encapSport: attr(16, be16),
  encapDport: attr(17, be16),
  /** Flow-based tunnel (`external`). */
  collectMetadata: attr(18, flag),
  /** Ignore DF on encapsulated packets. */
  ignoreDf: attr(19, bool8),
  fwmark: attr(20, u32),
  /** ERSPAN v1 session index (20 bits). */
  erspanIndex: attr(21, u32),
  /** ERSPAN version (1 or 2). */
  erspanVer: attr(22, u8),
  /** ERSPAN v2 direction. */
  erspanDir: attr(23, enumCodec(u8, ERSPAN_DIR)),
  /** ERSPAN v2 hardware id (6 bits). */
  erspanHwid: attr(24, u16),
});

/** Options of every GRE tunnel. */
export interface GreCommonOptions extends TunnelKeyOptions {
  /** Lower device the encapsulated packets leave through (`dev`). */
  readonly dev?: InterfaceRef;
  /** Sequence numbers in both directions (`seq`). */
  readonly seq?: boolean;
  /** Require sequence numbers on received packets (`iseq`). */
  readonly iseq?: boolean;
  /** Number sent packets (`oseq`). */
  readonly oseq?: boolean;
  /** Checksums in both directions (`csum`). */
  readonly csum?: boolean;
  /** Require checksums on received packets (`icsum`). */
  readonly icsum?: boolean;
  /** Checksum sent packets (`ocsum`). */
  readonly ocsum?: boolean;
  /** UDP encapsulation (FOU/GUE). */
  readonly encap?: TunnelEncap;
  /** A flow-based tunnel (`external`): endpoints and keys come from each packet's metadata. Takes no other option. */
  readonly external?: boolean;
}

/** Options of `gre` and `gretap` tunnels. */
export interface GreOptions extends GreCommonOptions {
  /** Local IPv4 endpoint; absent or `0.0.0.0`: any. */
  readonly local?: string;
  /** Remote IPv4 endpoint; a multicast address makes a broadcast tunnel (it then needs `local`). */
  readonly remote?: string;
  /** TTL of the outer header: 1 to 255, or `'inherit'` (the default). */
  readonly ttl?: TunnelTtl;
  /** TOS of the outer header, or `'inherit'`. Default 0. */
  readonly tos?: TunnelTos;
  /** Path MTU discovery: set DF on the outer header (default `true`). */
  readonly pmtudisc?: boolean;
  /** Ignore DF of inner packets and fragment (`ignore-df`); needs `pmtudisc: false`. */
  readonly ignoreDf?: boolean;
  /** Firewall mark of the outer packets. */
  readonly fwmark?: number;
}

/** Options of `ip6gre` and `ip6gretap` tunnels. */
export interface Ip6GreOptions extends GreCommonOptions, Ip6TunnelOptions {
  /** Local IPv6 endpoint; absent or `::`: any. */
  readonly local?: string;
  /** Remote IPv6 endpoint. */
  readonly remote?: string;
}

/** ERSPAN session settings (`erspan_ver`, `erspan`, `erspan_dir`, `erspan_hwid`). */
export type ErspanSettings =
  | {
      readonly version: 1;
      /** Session index, 1 to 0xfffff. */
      readonly index?: number;
    }
  | {
      readonly version: 2;
      /** Direction of the mirrored traffic. Default `'ingress'`. */
      readonly direction?: 'ingress' | 'egress';
      /** Hardware id of the mirroring engine, 0 to 63. Default 0. */
      readonly hwid?: number;
    };

/** Options of `erspan` tunnels. */
export interface ErspanOptions extends GreOptions {
  /** ERSPAN settings; default version 1 without index. */
  readonly erspan?: ErspanSettings;
}

/** Options of `ip6erspan` tunnels. */
export interface Ip6ErspanOptions extends Ip6GreOptions {
  /** ERSPAN settings; default version 1 without index. */
  readonly erspan?: ErspanSettings;
}

declare module '../kind.js' {
  interface LinkKindMap {
    gre: GreOptions;
    gretap: GreOptions;
    erspan: ErspanOptions;
    ip6gre: Ip6GreOptions;
    ip6gretap: Ip6GreOptions;
    ip6erspan: Ip6ErspanOptions;
  }
}

const commonKeys = optionKeys<Omit<GreCommonOptions, 'external'>>({
  dev: true,
  key: true,
  ikey: true,
  okey: true,
  seq: true,
  iseq: true,
  oseq: true,
  csum: true,
  icsum: true,
  ocsum: true,
  encap: true,
});
const v4Keys = [
  ...commonKeys,
  ...optionKeys<Omit<GreOptions, keyof GreCommonOptions>>({
    local: true,
    remote: true,
    ttl: true,
    tos: true,
    pmtudisc: true,
    ignoreDf: true,
    fwmark: true,
  }),
];
const v6Keys = [...commonKeys, ...ip6TunnelKeys, 'local', 'remote'];

type GreData = Partial<DataOf<typeof greAttrs>>;
type AnyGreOptions = (GreOptions | Ip6GreOptions) & { readonly erspan?: ErspanSettings };

type GreFlag = keyof typeof GRE_FLAG;

function greFlags(key: number | undefined, seq: boolean | undefined, csum: boolean | undefined): GreFlag[] {
  const flags: GreFlag[] = [];
  if (key !== undefined) flags.push('key');
  if (seq) flags.push('seq');
  if (csum) flags.push('csum');
  return flags;
}

/** Keys, flags, endpoints and encapsulation: what every GRE tunnel sends. */
function greBase(o: AnyGreOptions, version: IpVersion): GreData {
  let { ikey, okey } = tunnelKeys(o);
  const ends = endpoints(o, version);
  if (version === 4 && ends.remote !== undefined) {
    // iproute2's broadcast tunnels: a multicast remote is also the default key.
    const group = be32Of(parseIpv4(ends.remote));
    if (group >>> 28 === 0xe) {
      if (ends.local === undefined) {
        throw new InvalidArgumentError('local', 'a broadcast (multicast remote) tunnel needs a local address');
      }
      ikey ??= group;
      okey ??= group;
    }
  }
  return {
    ikey: ikey ?? 0,
    okey: okey ?? 0,
    iflags: greFlags(ikey, o.seq || o.iseq, o.csum || o.icsum),
    oflags: greFlags(okey, o.seq || o.oseq, o.csum || o.ocsum),
    ...ends,
    ...encapAttrs(o.encap, version === 6),
  };
}

function v4Attrs(o: GreOptions): GreData {
  const pmtudisc = o.pmtudisc ?? true;
  if (o.ignoreDf && pmtudisc) throw new InvalidArgumentError('ignoreDf', 'needs pmtudisc: false');
  const data: GreData = {
    pmtudisc,
    ttl: o.ttl === undefined ? 0 : ttlValue(o.ttl),
    tos: o.tos === undefined ? 0 : tosValue(o.tos),
    fwmark: checkUint(o.fwmark ?? 0, 0xffffffff, 'fwmark'),
  };
  if (o.ignoreDf !== undefined) data.ignoreDf = o.ignoreDf;
  return data;
}

function erspanAttrs(e: ErspanSettings): GreData {
  if (e.version === 1) {
    return e.index === undefined
      ? { erspanVer: 1 }
      : { erspanVer: 1, erspanIndex: checkUint(e.index, 0xfffff, 'erspan.index') };
  }
  if (e.version !== 2)
    throw new InvalidArgumentError(
      'erspan.version',
      `expected 1 or 2, got ${String((e as { version: unknown }).version)}`,
    );
  return {
    erspanVer: 2,
    erspanDir: e.direction ?? 'ingress',
    erspanHwid: checkUint(e.hwid ?? 0, 63, 'erspan.hwid'),
  };
}

/**
 * Defines one GRE kind. `erspan`: the kind takes ERSPAN settings; IPv6 kinds
 * always carry an ERSPAN version, as iproute2 sends one.
 */
function greKind(kind: string, version: IpVersion, erspan: boolean) {
  const keys = [...(version === 4 ? v4Keys : v6Keys), ...(erspan ? ['erspan'] : [])];
  const codec = nest(greAttrs);
  return defineLinkKind<AnyGreOptions>({
    kind,
    data: codec,
    async build(o, ctx): Promise<KindContribution> {
      if (!hasOptions(o, [...keys, 'external'])) return {};
      if (o.external) {
        rejectOthers(o, keys, [], 'an external (flow-based) tunnel takes no other option');
        return { data: { collectMetadata: true } };
      }
      const data = greBase(o, version);
      Object.assign(data, version === 4 ? v4Attrs(o as GreOptions) : ip6TunnelAttrs(o as Ip6GreOptions));
      if (erspan || version === 6) Object.assign(data, erspanAttrs((erspan && o.erspan) || { version: 1 }));
      return { data: await withLowerDevice(codec, data, o.dev, ctx) };
    },
  });
}

/** `gre`: IPv4 GRE carrying layer 3 packets. */
export const gre = greKind('gre', 4, false);
/** `gretap`: IPv4 GRE carrying Ethernet frames. */
export const gretap = greKind('gretap', 4, false);
/** `erspan`: ERSPAN over IPv4 GRE. */
export const erspan = greKind('erspan', 4, true);
/** `ip6gre`: IPv6 GRE carrying layer 3 packets. */
export const ip6gre = greKind('ip6gre', 6, false);
/** `ip6gretap`: IPv6 GRE carrying Ethernet frames. */
export const ip6gretap = greKind('ip6gretap', 6, false);
/** `ip6erspan`: ERSPAN over IPv6 GRE. */
export const ip6erspan = greKind('ip6erspan', 6, true);

/** The GRE attributes of `link` (any of the GRE kinds), or `undefined` when it is not a GRE tunnel. */
export function greData(link: Link) {
  return kindDataOf(link, ['gre', 'gretap', 'erspan', 'ip6gre', 'ip6gretap', 'ip6erspan'], greAttrs);
}
