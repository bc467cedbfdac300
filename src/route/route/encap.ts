/**
 * Lightweight tunnel encapsulations (`RTA_ENCAP_TYPE` + `RTA_ENCAP` on
 * routes and multipath hops, `NHA_ENCAP_TYPE` + `NHA_ENCAP` on nexthop
 * objects): MPLS label push, SRv6 (`seg6`) encapsulation, SRv6 local
 * behaviours (`seg6local`), and IP/IPv6 tunnel metadata (`ip`, `ip6`).
 *
 * The wire schemas live in {@link encapRegistry}, selected by the encap type
 * name; {@link RouteEncap} is the typed form routes and nexthops take, and
 * {@link encapInput}/{@link encapOf} convert between the two.
 *
 * @module
 */

import {
  LWTUNNEL_ENCAP,
  LWTUNNEL_IP,
  LWTUNNEL_IP6,
  MPLS_IPTUNNEL,
  MPLS_LS,
  SEG6_IPTUN_MODE,
  SEG6_IPTUNNEL,
  SEG6_LOCAL,
  SEG6_LOCAL_ACTION,
  SEG6_LOCAL_BPF,
  SEG6_LOCAL_CNT,
  SEG6_LOCAL_FLV,
  SEG6_LOCAL_FLV_OP,
  SR6,
} from '../../core/constants.js';
import type { IndexResolver, InterfaceRef } from '../../core/ifname.js';

export type { IndexResolver };

import { parseIpAddress } from '../../core/prefix.js';
import { DecodeError, InvalidArgumentError } from '../../errors.js';
import { formatIpv6 } from '../../schema/address.js';
import { attr, attrSet, type Decoded, nest } from '../../schema/attrs.js';
import {
  type AnyCodec,
  type AttrCodec,
  be16,
  field,
  ipv4,
  ipv6,
  s32,
  string,
  struct,
  u8,
  u16,
  u32,
  u64,
} from '../../schema/codec.js';
import { bitsCodec, checkRange, enumCodec } from '../link/kinds/codecs.js';
import { type RouteTable, routeTableNames } from './names.js';

// ---- wire codecs ------------------------------------------------------------

/** Lightweight tunnel types by name, as iproute2 names them (`LWTUNNEL_ENCAP_*`). */
export const ENCAP_TYPES = {
  mpls: LWTUNNEL_ENCAP.MPLS,
  ip: LWTUNNEL_ENCAP.IP,
  ila: LWTUNNEL_ENCAP.ILA,
  ip6: LWTUNNEL_ENCAP.IP6,
  seg6: LWTUNNEL_ENCAP.SEG6,
  bpf: LWTUNNEL_ENCAP.BPF,
  seg6local: LWTUNNEL_ENCAP.SEG6_LOCAL,
  rpl: LWTUNNEL_ENCAP.RPL,
  ioam6: LWTUNNEL_ENCAP.IOAM6,
  xfrm: LWTUNNEL_ENCAP.XFRM,
} as const;

/** An encapsulation type name. */
export type EncapTypeName = keyof typeof ENCAP_TYPES;

/** `RTA_ENCAP_TYPE`/`NHA_ENCAP_TYPE`: a `u16` decoded to its name (the selector of {@link encapRegistry}). */
export const encapType = enumCodec(u16, ENCAP_TYPES);

/** The largest MPLS label (20 bits). */
export const MPLS_LABEL_MAX = 0xfffff;

/**
 * A label stack (`struct mpls_label` entries, big-endian): decodes to the
 * label values, top first; encodes them with the bottom-of-stack bit on the
 * last one, TTL and traffic class zero (as iproute2 does).
 */
export const mplsLabels: AttrCodec<number[], readonly number[]> = {
  kind: 'mpls-labels',
  decode(buf, off, len, parent, name) {
    if (len % 4 !== 0) throw new DecodeError(`label stack of ${len} bytes`, off, [...parent, name]);
    const out: number[] = [];
    for (let o = off; o < off + len; o += 4) out.push(buf.readUInt32BE(o) >>> MPLS_LS.LABEL_SHIFT);
    return out;
  },
  encode(w, value, where) {
    if (!Array.isArray(value) || value.length === 0) throw new InvalidArgumentError(where, 'expected a label stack');
    value.forEach((label, i) => {
      checkRange(label, 0, MPLS_LABEL_MAX, `${where}[${i}]`);
      const bos = i === value.length - 1 ? MPLS_LS.S_MASK : 0;
      w.be32(((label << MPLS_LS.LABEL_SHIFT) | bos) >>> 0);
    });
  },
};

/** A `__be64` (tunnel ids) as a `bigint` (numbers accepted). */
export const be64: AttrCodec<bigint, bigint | number> = {
  kind: 'be64',
  decode(buf, off, len, parent, name) {
    if (len < 8) throw new DecodeError(`be64 needs 8 bytes, attribute has ${len}`, off, [...parent, name]);
    return buf.readBigUInt64BE(off);
  },
  encode(w, value, where) {
    const v = typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value;
    if (typeof v !== 'bigint' || v < 0n || v > 0xffffffffffffffffn) {
      throw new InvalidArgumentError(where, `expected an unsigned 64-bit integer, got ${String(value)}`);
    }
    w.be64(v);
  },
};

/** `struct ipv6_sr_hdr` (linux/seg6.h), without its segments. */
export const ipv6SrHdr = struct('ipv6_sr_hdr', {
  nexthdr: field.u8,
  hdrlen: field.u8,
  type: field.u8,
  segmentsLeft: field.u8,
  firstSegment: field.u8,
  flags: field.u8,
  tag: field.u16,
});

/** `struct seg6_iptunnel_encap` (linux/seg6_iptunnel.h): the mode; the SRH follows. */
export const seg6IptunnelEncap = struct('seg6_iptunnel_encap', { mode: field.s32 });

/** A segment routing header as nlink reads and writes it. */
export interface SegmentRoutingHeader {
  /** Segments in travel order (the wire holds them last first), the placeholder of inline/insert modes included. */
  readonly segments: readonly string[];
  /** HMAC key id, when the header carries an HMAC TLV. */
  readonly hmac?: number;
}

const SRH_TYPE = 4;
/** `struct sr6_tlv_hmac`: type, length, reserved u16, key id be32, 32 bytes of HMAC. */
const HMAC_TLV_SIZE = 40;

/** A segment routing header (`struct ipv6_sr_hdr`, segments, an optional HMAC TLV), as iproute2 builds it. */
export const srh: AttrCodec<SegmentRoutingHeader> = {
  kind: 'srh',
  decode(buf, off, len, parent, name) {
    const hdr = ipv6SrHdr.read(buf, off, len);
    const total = (hdr.hdrlen + 1) * 8;
    const n = hdr.firstSegment + 1;
    if (len < 8 || total > len || 8 + 16 * n > total) {
      throw new DecodeError(`segment routing header of ${len} bytes`, off, [...parent, name]);
    }
    const segments: string[] = [];
    for (let i = hdr.firstSegment; i >= 0; i--) segments.push(formatIpv6(buf, off + 8 + 16 * i));
    const tlv = off + 8 + 16 * n;
    const hasHmac = (hdr.flags & SR6.FLAG1_HMAC) !== 0 && tlv + 8 <= off + total && buf[tlv] === SR6.TLV_HMAC;
    return hasHmac ? { segments, hmac: buf.readUInt32BE(tlv + 4) } : { segments };
  },
  encode(w, value, where) {
    const segs = value?.segments;
    if (!Array.isArray(segs) || segs.length === 0 || segs.length > 128) {
      throw new InvalidArgumentError(`${where}.segments`, 'expected 1 to 128 IPv6 segments');
    }
    const hmac = value.hmac;
    checkRange(hmac, 0, 0xffffffff, `${where}.hmac`);
    const n = segs.length;
    const size = 8 + 16 * n + (hmac === undefined ? 0 : HMAC_TLV_SIZE);
    w.bytes(
      ipv6SrHdr.toBytes({
        hdrlen: size / 8 - 1,
        type: SRH_TYPE,
        segmentsLeft: n - 1,
        firstSegment: n - 1,
        flags: hmac === undefined ? 0 : SR6.FLAG1_HMAC,
      }),
    );
    for (let i = n - 1; i >= 0; i--) {
      w.bytes(parseIpAddress(segs[i] as string, { family: 'inet6', what: `${where}.segments[${i}]` }).bytes);
    }
    if (hmac !== undefined) {
      w.u8(SR6.TLV_HMAC);
      w.u8(HMAC_TLV_SIZE - 2);
      w.u16(0);
      w.be32(hmac);
      w.zeros(HMAC_TLV_SIZE - 8);
    }
  },
};

/** seg6 encapsulation modes by name, as iproute2 names them. */
export const SEG6_MODES = {
  inline: SEG6_IPTUN_MODE.INLINE,
  encap: SEG6_IPTUN_MODE.ENCAP,
  l2encap: SEG6_IPTUN_MODE.L2ENCAP,
  'encap.red': SEG6_IPTUN_MODE.ENCAP_RED,
  'l2encap.red': SEG6_IPTUN_MODE.L2ENCAP_RED,
} as const;

/** A seg6 mode name. */
export type Seg6Mode = keyof typeof SEG6_MODES;

const seg6Mode = enumCodec(s32, SEG6_MODES);

/** What `SEG6_IPTUNNEL_SRH` carries: `struct seg6_iptunnel_encap` (the mode) and the header. */
export interface Seg6EncapValue extends SegmentRoutingHeader {
  readonly mode: Seg6Mode | number;
}

/** `SEG6_IPTUNNEL_SRH`: the mode as an `int`, then the segment routing header. */
export const seg6Encap: AttrCodec<Seg6EncapValue, Seg6EncapValue & { readonly mode: Seg6Mode }> = {
  kind: 'seg6-encap',
  decode(buf, off, len, parent, name) {
    if (len < seg6IptunnelEncap.size) throw new DecodeError(`seg6 encap of ${len} bytes`, off, [...parent, name]);
    const mode = seg6Mode.decode(buf, off, 4, parent, name);
    return { mode, ...srh.decode(buf, off + 4, len - 4, parent, name) };
  },
  encode(w, value, where) {
    seg6Mode.encode(w, value?.mode, `${where}.mode`);
    srh.encode(w, value, where);
  },
};

/** `MPLS_IPTUNNEL_*`. */
export const mplsEncapAttrs = attrSet('mpls-encap', {
  dst: attr(MPLS_IPTUNNEL.DST, mplsLabels),
  ttl: attr(MPLS_IPTUNNEL.TTL, u8),
});

/** IP tunnel flags of `LWTUNNEL_IP_FLAGS` (`TUNNEL_*`, big-endian). */
export const TUNNEL_FLAGS = { csum: 0x01, key: 0x04, seq: 0x08 } as const;
const tunnelFlags = bitsCodec(be16, TUNNEL_FLAGS);

/** `LWTUNNEL_IP_*`. */
export const ipEncapAttrs = attrSet('ip-encap', {
  id: attr(LWTUNNEL_IP.ID, be64),
  dst: attr(LWTUNNEL_IP.DST, ipv4),
  src: attr(LWTUNNEL_IP.SRC, ipv4),
  ttl: attr(LWTUNNEL_IP.TTL, u8),
  tos: attr(LWTUNNEL_IP.TOS, u8),
  flags: attr(LWTUNNEL_IP.FLAGS, tunnelFlags),
});

/** `LWTUNNEL_IP6_*`. */
export const ip6EncapAttrs = attrSet('ip6-encap', {
  id: attr(LWTUNNEL_IP6.ID, be64),
  dst: attr(LWTUNNEL_IP6.DST, ipv6),
  src: attr(LWTUNNEL_IP6.SRC, ipv6),
  hoplimit: attr(LWTUNNEL_IP6.HOPLIMIT, u8),
  tc: attr(LWTUNNEL_IP6.TC, u8),
  flags: attr(LWTUNNEL_IP6.FLAGS, tunnelFlags),
});

/** `SEG6_IPTUNNEL_*`. */
export const seg6EncapAttrs = attrSet('seg6-encap', {
  srh: attr(SEG6_IPTUNNEL.SRH, seg6Encap),
});

/** SRv6 local behaviours by name, as iproute2 names them. */
export const SEG6_LOCAL_ACTIONS = {
  End: SEG6_LOCAL_ACTION.END,
  'End.X': SEG6_LOCAL_ACTION.END_X,
  'End.T': SEG6_LOCAL_ACTION.END_T,
  'End.DX2': SEG6_LOCAL_ACTION.END_DX2,
  'End.DX6': SEG6_LOCAL_ACTION.END_DX6,
  'End.DX4': SEG6_LOCAL_ACTION.END_DX4,
  'End.DT6': SEG6_LOCAL_ACTION.END_DT6,
  'End.DT4': SEG6_LOCAL_ACTION.END_DT4,
  'End.B6': SEG6_LOCAL_ACTION.END_B6,
  'End.B6.Encaps': SEG6_LOCAL_ACTION.END_B6_ENCAP,
  'End.BM': SEG6_LOCAL_ACTION.END_BM,
  'End.S': SEG6_LOCAL_ACTION.END_S,
  'End.AS': SEG6_LOCAL_ACTION.END_AS,
  'End.AM': SEG6_LOCAL_ACTION.END_AM,
  'End.BPF': SEG6_LOCAL_ACTION.END_BPF,
  'End.DT46': SEG6_LOCAL_ACTION.END_DT46,
} as const;

/** An SRv6 local behaviour name. */
export type Seg6LocalActionName = keyof typeof SEG6_LOCAL_ACTIONS;

/** SRv6 flavours by name: bit numbers of `SEG6_LOCAL_FLV_OPERATION`. */
export const SEG6_FLAVORS = {
  psp: 1 << SEG6_LOCAL_FLV_OP.PSP,
  usp: 1 << SEG6_LOCAL_FLV_OP.USP,
  usd: 1 << SEG6_LOCAL_FLV_OP.USD,
  'next-csid': 1 << SEG6_LOCAL_FLV_OP.NEXT_CSID,
} as const;

/** An SRv6 flavour name. */
export type Seg6FlavorName = keyof typeof SEG6_FLAVORS;

/** `SEG6_LOCAL_BPF_PROG*`. */
export const seg6LocalBpfAttrs = attrSet('seg6local-bpf', {
  fd: attr(SEG6_LOCAL_BPF.PROG, u32),
  name: attr(SEG6_LOCAL_BPF.PROG_NAME, string),
});

/** `SEG6_LOCAL_CNT_*`. */
export const seg6LocalCounterAttrs = attrSet('seg6local-counters', {
  packets: attr(SEG6_LOCAL_CNT.PACKETS, u64),
  bytes: attr(SEG6_LOCAL_CNT.BYTES, u64),
  errors: attr(SEG6_LOCAL_CNT.ERRORS, u64),
});

/** `SEG6_LOCAL_FLV_*`. */
export const seg6LocalFlavorAttrs = attrSet('seg6local-flavors', {
  operation: attr(SEG6_LOCAL_FLV.OPERATION, bitsCodec(u32, SEG6_FLAVORS)),
  lcblockBits: attr(SEG6_LOCAL_FLV.LCBLOCK_BITS, u8),
  lcnodeFnBits: attr(SEG6_LOCAL_FLV.LCNODE_FN_BITS, u8),
});

const nested = { nestedFlag: true } as const;

/** `SEG6_LOCAL_*`. */
export const seg6LocalAttrs = attrSet('seg6local', {
  action: attr(SEG6_LOCAL.ACTION, enumCodec(u32, SEG6_LOCAL_ACTIONS)),
  srh: attr(SEG6_LOCAL.SRH, srh),
  table: attr(SEG6_LOCAL.TABLE, u32),
  nh4: attr(SEG6_LOCAL.NH4, ipv4),
  nh6: attr(SEG6_LOCAL.NH6, ipv6),
  iif: attr(SEG6_LOCAL.IIF, u32),
  oif: attr(SEG6_LOCAL.OIF, u32),
  bpf: attr(SEG6_LOCAL.BPF, nest(seg6LocalBpfAttrs, nested)),
  vrftable: attr(SEG6_LOCAL.VRFTABLE, u32),
  counters: attr(SEG6_LOCAL.COUNTERS, nest(seg6LocalCounterAttrs, nested)),
  flavors: attr(SEG6_LOCAL.FLAVORS, nest(seg6LocalFlavorAttrs, nested)),
});

/**
 * `RTA_ENCAP`/`NHA_ENCAP` codecs by encap type name (the sibling
 * `encapType` selects). Types without an entry (`bpf`, `ila`, `rpl`,
 * `ioam6`, `xfrm`) decode to raw bytes; register more here.
 */
export const encapRegistry = new Map<string, AnyCodec>([
  ['mpls', nest(mplsEncapAttrs, nested)],
  ['ip', nest(ipEncapAttrs, nested)],
  ['ip6', nest(ip6EncapAttrs, nested)],
  ['seg6', nest(seg6EncapAttrs, nested)],
  ['seg6local', nest(seg6LocalAttrs, nested)],
]);

// ---- typed encapsulations ---------------------------------------------------

/** Push an MPLS label stack (`encap mpls 100/200 [ttl N]`). */
export interface MplsEncap {
  readonly type: 'mpls';
  /** Labels to push, top first. */
  readonly labels: readonly number[];
  readonly ttl?: number;
}

/** SRv6 encapsulation (`encap seg6 mode MODE segs A,B [hmac KEYID]`). */
export interface Seg6Encap {
  readonly type: 'seg6';
  readonly mode: Seg6Mode;
  /** Segments in travel order. */
  readonly segments: readonly string[];
  /** HMAC key id. */
  readonly hmac?: number;
}

/** SRv6 flavours of `End`, `End.X`, `End.T` (`flavors psp,usp,... [lblen N] [nflen N]`). */
export interface Seg6Flavors {
  readonly operations: readonly Seg6FlavorName[];
  /** Locator block length in bits (`lblen`, `next-csid` only). */
  readonly lblen?: number;
  /** Locator node function length in bits (`nflen`, `next-csid` only). */
  readonly nflen?: number;
}

/** Options of every SRv6 local behaviour. */
export interface Seg6LocalCommon {
  /** Keep per-behaviour counters (`count`). */
  readonly count?: boolean;
  readonly flavors?: Seg6Flavors;
  /** Incoming interface (`iif`). */
  readonly iif?: InterfaceRef;
}

/** An SRv6 local behaviour with its mandatory parameters, by action. */
export type Seg6LocalBehavior =
  | { readonly action: 'End' }
  | { readonly action: 'End.X' | 'End.DX6'; readonly nh6: string; readonly oif?: InterfaceRef }
  | { readonly action: 'End.DX4'; readonly nh4: string; readonly oif?: InterfaceRef }
  | { readonly action: 'End.T'; readonly table: RouteTable }
  | { readonly action: 'End.DX2'; readonly oif: InterfaceRef }
  | { readonly action: 'End.DT6'; readonly table: RouteTable }
  | { readonly action: 'End.DT6' | 'End.DT4' | 'End.DT46'; readonly vrftable: RouteTable }
  | { readonly action: 'End.B6' | 'End.B6.Encaps'; readonly segments: readonly string[]; readonly hmac?: number }
  | { readonly action: 'End.BPF'; readonly bpf: { readonly fd: number; readonly name: string } };

/** SRv6 local processing (`encap seg6local action ACTION ...`). */
export type Seg6LocalEncap = { readonly type: 'seg6local' } & Seg6LocalBehavior & Seg6LocalCommon;

/** IP tunnel metadata for collect-metadata tunnels (`encap ip id N dst A ...`). */
export interface IpEncap {
  readonly type: 'ip';
  readonly id?: bigint | number;
  readonly dst?: string;
  readonly src?: string;
  readonly ttl?: number;
  readonly tos?: number;
  readonly flags?: readonly (keyof typeof TUNNEL_FLAGS)[];
}

/** IPv6 tunnel metadata (`encap ip6 id N dst A ...`). */
export interface Ip6Encap {
  readonly type: 'ip6';
  readonly id?: bigint | number;
  readonly dst?: string;
  readonly src?: string;
  readonly hoplimit?: number;
  readonly tc?: number;
  readonly flags?: readonly (keyof typeof TUNNEL_FLAGS)[];
}

/** An encapsulation of a route, a multipath hop or a nexthop object. */
export type RouteEncap = MplsEncap | Seg6Encap | Seg6LocalEncap | IpEncap | Ip6Encap;

/** An encapsulation as decoded: typed when nlink knows the type, else its type and raw bytes. */
export type DecodedEncap = RouteEncap | { readonly type: string | number; readonly raw: unknown };

/** The attributes an encapsulation adds: its type and its nest. */
export interface EncapAttrs {
  readonly encapType: EncapTypeName;
  readonly encap: unknown;
}

/** Inline mode and End.B6 insert a header whose first entry the kernel fills in per packet. */
const PLACEHOLDER = '::';

function withPlaceholder(segments: readonly string[], insert: boolean): readonly string[] {
  return insert ? [...segments, PLACEHOLDER] : segments;
}

function withoutPlaceholder(segments: readonly string[], insert: boolean): string[] {
  return insert && segments.at(-1) === PLACEHOLDER ? segments.slice(0, -1) : [...segments];
}

function tableId(t: RouteTable, where: string): number {
  return routeTableNames.value(t, where);
}

async function seg6LocalInput(
  e: Seg6LocalEncap,
  index: IndexResolver,
  where: string,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { action: e.action };
  if ('nh6' in e) out.nh6 = parseIpAddress(e.nh6, { family: 'inet6', what: `${where}.nh6` }).address;
  if ('nh4' in e) out.nh4 = parseIpAddress(e.nh4, { family: 'inet', what: `${where}.nh4` }).address;
  if ('table' in e) out.table = tableId(e.table, `${where}.table`);
  if ('vrftable' in e) out.vrftable = tableId(e.vrftable, `${where}.vrftable`);
  if ('segments' in e) {
    const seg: SegmentRoutingHeader = { segments: withPlaceholder(e.segments, e.action === 'End.B6') };
    out.srh = e.hmac === undefined ? seg : { ...seg, hmac: e.hmac };
  }
  if ('bpf' in e) out.bpf = { fd: e.bpf.fd, name: e.bpf.name };
  if ('oif' in e && e.oif !== undefined) out.oif = await index(e.oif, `${where}.oif`);
  if (e.iif !== undefined) out.iif = await index(e.iif, `${where}.iif`);
  if (e.count) out.counters = { packets: 0n, bytes: 0n, errors: 0n };
  if (e.flavors) {
    const f = e.flavors;
    out.flavors = { operation: f.operations, lcblockBits: f.lblen, lcnodeFnBits: f.nflen };
  }
  return out;
}

/**
 * The `encapType` and `encap` attribute values of a typed encapsulation,
 * checked and with interface names resolved.
 * @throws {InvalidArgumentError}
 */
export async function encapInput(e: RouteEncap, index: IndexResolver, where = 'encap'): Promise<EncapAttrs> {
  switch (e.type) {
    case 'mpls':
      return { encapType: 'mpls', encap: { dst: e.labels, ttl: e.ttl } };
    case 'seg6': {
      const segments = withPlaceholder(e.segments, e.mode === 'inline');
      const value = e.hmac === undefined ? { mode: e.mode, segments } : { mode: e.mode, segments, hmac: e.hmac };
      return { encapType: 'seg6', encap: { srh: value } };
    }
    case 'seg6local':
      return { encapType: 'seg6local', encap: await seg6LocalInput(e, index, where) };
    case 'ip':
    case 'ip6': {
      const family = e.type === 'ip' ? 'inet' : 'inet6';
      const addr = (a: string | undefined, name: string) =>
        a === undefined ? undefined : parseIpAddress(a, { family, what: `${where}.${name}` }).address;
      const common = { id: e.id, dst: addr(e.dst, 'dst'), src: addr(e.src, 'src'), flags: e.flags };
      return e.type === 'ip'
        ? { encapType: 'ip', encap: { ...common, ttl: e.ttl, tos: e.tos } }
        : { encapType: 'ip6', encap: { ...common, hoplimit: e.hoplimit, tc: e.tc } };
    }
    default:
      throw new InvalidArgumentError(
        `${where}.type`,
        `unknown encapsulation ${JSON.stringify((e as { type: unknown }).type)}`,
      );
  }
}

/** `o` without its `undefined` entries, typed as the optional-property type it then is. */
function compact<T>(o: { readonly [K in keyof T]-?: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function seg6LocalOf(v: Decoded<typeof seg6LocalAttrs.fields>): DecodedEncap {
  const action = v.action;
  if (typeof action !== 'string') return { type: 'seg6local', raw: v.toJSON() };
  const srhValue = v.srh;
  const flv = v.flavors;
  const flavors =
    flv === undefined
      ? undefined
      : compact({
          operations: (flv.operation ?? []).filter((o): o is Seg6FlavorName => typeof o === 'string'),
          lblen: flv.lcblockBits,
          nflen: flv.lcnodeFnBits,
        });
  return compact({
    type: 'seg6local',
    action,
    nh4: v.nh4,
    nh6: v.nh6,
    table: v.table,
    vrftable: v.vrftable,
    oif: v.oif,
    iif: v.iif,
    segments: srhValue ? withoutPlaceholder(srhValue.segments, action === 'End.B6') : undefined,
    hmac: srhValue?.hmac,
    bpf: v.bpf ? { fd: v.bpf.fd ?? 0, name: v.bpf.name ?? '' } : undefined,
    count: v.counters === undefined ? undefined : true,
    flavors,
  }) as Seg6LocalEncap;
}

/**
 * The typed form of a decoded `encapType` + `encap` pair (`undefined` when
 * there is none). Types nlink does not decode come back as `{ type, raw }`.
 */
export function encapOf(type: string | number | undefined, value: unknown): DecodedEncap | undefined {
  if (type === undefined) return undefined;
  if (value === undefined || value instanceof Uint8Array) return { type, raw: value };
  switch (type) {
    case 'mpls': {
      const v = value as Decoded<typeof mplsEncapAttrs.fields>;
      return compact<MplsEncap>({ type: 'mpls', labels: v.dst ?? [], ttl: v.ttl });
    }
    case 'seg6': {
      const s = (value as Decoded<typeof seg6EncapAttrs.fields>).srh;
      if (!s || typeof s.mode !== 'string') return { type, raw: value };
      const segments = withoutPlaceholder(s.segments, s.mode === 'inline');
      return compact<Seg6Encap>({ type: 'seg6', mode: s.mode, segments, hmac: s.hmac });
    }
    case 'seg6local':
      return seg6LocalOf(value as Decoded<typeof seg6LocalAttrs.fields>);
    case 'ip': {
      const v = value as Decoded<typeof ipEncapAttrs.fields>;
      const flags = v.flags?.filter((f): f is keyof typeof TUNNEL_FLAGS => typeof f === 'string');
      return compact<IpEncap>({ type: 'ip', id: v.id, dst: v.dst, src: v.src, ttl: v.ttl, tos: v.tos, flags });
    }
    case 'ip6': {
      const v = value as Decoded<typeof ip6EncapAttrs.fields>;
      const flags = v.flags?.filter((f): f is keyof typeof TUNNEL_FLAGS => typeof f === 'string');
      return compact<Ip6Encap>({
        type: 'ip6',
        id: v.id,
        dst: v.dst,
        src: v.src,
        hoplimit: v.hoplimit,
        tc: v.tc,
        flags,
      });
    }
    default:
      return { type, raw: value };
  }
}
