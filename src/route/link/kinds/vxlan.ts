/**
 * `vxlan`: Virtual eXtensible LAN, Ethernet over UDP
 * (`ip link add NAME type vxlan id VNI ...`).
 *
 * Like iproute2, a new vxlan always carries `IFLA_VXLAN_LEARNING` (on by
 * default, off with `external`), sends `ttl auto` as TTL 0, `tos inherit` as
 * TOS 1, and leaves a destination port of 0 out (the kernel then uses its own
 * default, 8472).
 *
 * @module
 */

import type { InterfaceRef } from '../../../core/ifname.js';
import { InvalidArgumentError } from '../../../errors.js';
import { isIp, isIpv4, isMulticastIp } from '../../../schema/address.js';
import { attr, attrSet, nest } from '../../../schema/attrs.js';
import { type AttrCodec, be16, be32, binary, field, flag, ipv4, ipv6, struct, u8, u32 } from '../../../schema/codec.js';
import { defineLinkKind } from '../kind.js';
import type { Link } from '../link.js';
import { bool8, checkRange, enumCodec, kindDataOf, validate } from './codecs.js';

/** `IFLA_VXLAN_*` (linux/if_link.h). */
export const IFLA_VXLAN = {
  ID: 1,
  GROUP: 2,
  LINK: 3,
  LOCAL: 4,
  TTL: 5,
  TOS: 6,
  LEARNING: 7,
  AGEING: 8,
  LIMIT: 9,
  PORT_RANGE: 10,
  PROXY: 11,
  RSC: 12,
  L2MISS: 13,
  L3MISS: 14,
  PORT: 15,
  GROUP6: 16,
  LOCAL6: 17,
  UDP_CSUM: 18,
  UDP_ZERO_CSUM6_TX: 19,
  UDP_ZERO_CSUM6_RX: 20,
  REMCSUM_TX: 21,
  REMCSUM_RX: 22,
  GBP: 23,
  REMCSUM_NOPARTIAL: 24,
  COLLECT_METADATA: 25,
  LABEL: 26,
  GPE: 27,
  TTL_INHERIT: 28,
  DF: 29,
  VNIFILTER: 30,
} as const;

/** `IFLA_VXLAN_*` newer than the installed UAPI headers (Linux 6.7 to 6.12), continuing {@link IFLA_VXLAN}. */
export const IFLA_VXLAN_NEWER = { LOCALBYPASS: 31, LABEL_POLICY: 32, RESERVED_BITS: 33 } as const;

/** `enum ifla_vxlan_df` (linux/if_link.h). */
export const VXLAN_DF = { UNSET: 0, SET: 1, INHERIT: 2 } as const;

/** `struct ifla_vxlan_port_range`: the UDP source port range (host numbers; big-endian on the wire). */
export const iflaVxlanPortRange = struct('ifla_vxlan_port_range', { low: field.be16, high: field.be16 });

const DF_NAMES = { unset: VXLAN_DF.UNSET, set: VXLAN_DF.SET, inherit: VXLAN_DF.INHERIT } as const;

/** Don't-fragment policy of the outer IPv4 header. */
export type VxlanDf = keyof typeof DF_NAMES;

/**
 * `IFLA_VXLAN_TTL_INHERIT`: requests carry it as a flag (no payload, as
 * iproute2 sends it); the kernel reports it as a `u8`, 0 or 1.
 */
const ttlInheritFlag: AttrCodec<boolean, boolean> = {
  kind: 'flag',
  decode: (buf, off, len) => len === 0 || buf[off] !== 0,
  encode: flag.encode,
};

/** `IFLA_VXLAN_*`: a vxlan's `IFLA_INFO_DATA`. */
export const vxlanAttrs = attrSet('vxlan', {
  id: attr(IFLA_VXLAN.ID, u32),
  group: attr(IFLA_VXLAN.GROUP, ipv4),
  link: attr(IFLA_VXLAN.LINK, u32),
  local: attr(IFLA_VXLAN.LOCAL, ipv4),
  ttl: attr(IFLA_VXLAN.TTL, u8),
  tos: attr(IFLA_VXLAN.TOS, u8),
  learning: attr(IFLA_VXLAN.LEARNING, bool8),
  /** FDB entry lifetime in seconds. */
  ageing: attr(IFLA_VXLAN.AGEING, u32),
  limit: attr(IFLA_VXLAN.LIMIT, u32),
  portRange: attr(IFLA_VXLAN.PORT_RANGE, iflaVxlanPortRange),
  proxy: attr(IFLA_VXLAN.PROXY, bool8),
  rsc: attr(IFLA_VXLAN.RSC, bool8),
  l2miss: attr(IFLA_VXLAN.L2MISS, bool8),
  l3miss: attr(IFLA_VXLAN.L3MISS, bool8),
  port: attr(IFLA_VXLAN.PORT, be16),
  group6: attr(IFLA_VXLAN.GROUP6, ipv6),
  local6: attr(IFLA_VXLAN.LOCAL6, ipv6),
  udpCsum: attr(IFLA_VXLAN.UDP_CSUM, bool8),
  udpZeroCsum6Tx: attr(IFLA_VXLAN.UDP_ZERO_CSUM6_TX, bool8),
  udpZeroCsum6Rx: attr(IFLA_VXLAN.UDP_ZERO_CSUM6_RX, bool8),
  remcsumTx: attr(IFLA_VXLAN.REMCSUM_TX, bool8),
  remcsumRx: attr(IFLA_VXLAN.REMCSUM_RX, bool8),
  gbp: attr(IFLA_VXLAN.GBP, flag),
  remcsumNopartial: attr(IFLA_VXLAN.REMCSUM_NOPARTIAL, flag),
  collectMetadata: attr(IFLA_VXLAN.COLLECT_METADATA, bool8),
  label: attr(IFLA_VXLAN.LABEL, be32),
  gpe: attr(IFLA_VXLAN.GPE, flag),
  ttlInherit: attr(IFLA_VXLAN.TTL_INHERIT, ttlInheritFlag),
  df: attr(IFLA_VXLAN.DF, enumCodec(u8, DF_NAMES)),
  vnifilter: attr(IFLA_VXLAN.VNIFILTER, bool8),
  localbypass: attr(IFLA_VXLAN_NEWER.LOCALBYPASS, bool8),
  labelPolicy: attr(IFLA_VXLAN_NEWER.LABEL_POLICY, enumCodec(u32, { fixed: 0, inherit: 1 })),
  reservedBits: attr(IFLA_VXLAN_NEWER.RESERVED_BITS, binary),
});

/** Options of a vxlan (`ip link add NAME type vxlan ...`). */
export interface VxlanOptions {
  /** VXLAN network identifier, 0..16777215 (`id`); required unless `external`. */
  readonly id?: number;
  /**
   * Multicast group to join, IPv4 or IPv6; excludes `remote`. iproute2 calls it
   * `group`, which here is the common option for the device group.
   */
  readonly mcastGroup?: string;
  /** Unicast remote endpoint, IPv4 or IPv6 (`remote`); excludes `mcastGroup`. */
  readonly remote?: string;
  /** Source address, IPv4 or IPv6 (`local`). */
  readonly local?: string;
  /** Lower device for the tunnel endpoint (`dev`). */
  readonly dev?: InterfaceRef;
  /** Outer TTL 1..255, `auto` (kernel default), or `inherit` from the inner packet (`ttl`). */
  readonly ttl?: number | 'auto' | 'inherit';
  /** Outer TOS 0..255, or `inherit` (`tos`). */
  readonly tos?: number | 'inherit';
  /** Don't-fragment bit of the outer IPv4 header (`df`). */
  readonly df?: VxlanDf;
  /** IPv6 flow label, 0..1048575 (`flowlabel`). */
  readonly label?: number;
  /** Label policy: a fixed `label`, or `inherit` it (`flowlabel inherit`, Linux 6.8). */
  readonly labelPolicy?: 'fixed' | 'inherit';
  /** UDP destination port (`dstport`); 0 leaves the kernel default (8472). */
  readonly port?: number;
  /** UDP source port range (`srcport MIN MAX`). */
  readonly portRange?: { readonly low: number; readonly high: number };
  /** Learn remote addresses into the FDB (`[no]learning`; default on, off with `external`). */
  readonly learning?: boolean;
  /** ARP proxy (`[no]proxy`). */
  readonly proxy?: boolean;
  /** Route short-circuit (`[no]rsc`). */
  readonly rsc?: boolean;
  /** Netlink notification on L2 miss (`[no]l2miss`). */
  readonly l2miss?: boolean;
  /** Netlink notification on L3 miss (`[no]l3miss`). */
  readonly l3miss?: boolean;
  /** FDB entry lifetime in seconds (`ageing`). */
  readonly ageing?: number;
  /** Maximum FDB entries, 0 for no limit (`maxaddress`). */
  readonly limit?: number;
  /** UDP checksum over IPv4 (`[no]udpcsum`). */
  readonly udpCsum?: boolean;
  /** Skip the UDP checksum over IPv6 when sending (`[no]udp6zerocsumtx`). */
  readonly udpZeroCsum6Tx?: boolean;
  /** Accept zero UDP checksums over IPv6 (`[no]udp6zerocsumrx`). */
  readonly udpZeroCsum6Rx?: boolean;
  /** Remote checksum offload, transmit (`[no]remcsumtx`). */
  readonly remcsumTx?: boolean;
  /** Remote checksum offload, receive (`[no]remcsumrx`). */
  readonly remcsumRx?: boolean;
  /** Remote checksum offload without partial checksums. */
  readonly remcsumNopartial?: boolean;
  /** Group Based Policy extension (`gbp`). */
  readonly gbp?: boolean;
  /** Generic Protocol Extension (`gpe`, needs `external`). */
  readonly gpe?: boolean;
  /** Collect metadata, for lightweight tunnels and BPF (`[no]external`). */
  readonly external?: boolean;
  /** VNI filtering (`[no]vnifilter`, needs `external`). */
  readonly vnifilter?: boolean;
  /** Deliver to a local vxlan directly (`[no]localbypass`, Linux 6.7). */
  readonly localbypass?: boolean;
}

declare module '../kind.js' {
  interface LinkKindMap {
    vxlan: VxlanOptions;
  }
}

function checkAddress(address: string | undefined, where: string, multicast: boolean | undefined): void {
  if (address === undefined) return;
  if (typeof address !== 'string' || !isIp(address)) {
    throw new InvalidArgumentError(where, `expected an IPv4 or IPv6 address, got ${String(address)}`);
  }
  if (multicast !== undefined && isMulticastIp(address) !== multicast) {
    throw new InvalidArgumentError(where, `${address} is ${multicast ? 'not ' : ''}a multicast address`);
  }
}

/** Puts an address under the IPv4 or IPv6 attribute of its family. */
function byFamily(address: string | undefined, v4: 'group' | 'local', v6: 'group6' | 'local6') {
  if (address === undefined) return {};
  return isIpv4(address) ? { [v4]: address } : { [v6]: address };
}

/** The vxlan kind. */
export const vxlan = defineLinkKind<VxlanOptions>({
  kind: 'vxlan',
  data: nest(vxlanAttrs),
  async build(o, ctx) {
    if (o.id === undefined && !o.external) {
      throw new InvalidArgumentError('vxlan.id', 'a VNI is required unless the vxlan is external');
    }
    checkRange(o.id, 0, 0xffffff, 'vxlan.id');
    checkRange(o.label, 0, 0xfffff, 'vxlan.label');
    if (o.mcastGroup !== undefined && o.remote !== undefined) {
      throw new InvalidArgumentError('vxlan.mcastGroup', 'give mcastGroup or remote, not both');
    }
    checkAddress(o.mcastGroup, 'vxlan.mcastGroup', true);
    checkAddress(o.remote, 'vxlan.remote', false);
    checkAddress(o.local, 'vxlan.local', false);
    const peer = o.mcastGroup ?? o.remote;
    if (peer !== undefined && o.local !== undefined && isIpv4(peer) !== isIpv4(o.local)) {
      throw new InvalidArgumentError('vxlan.local', 'local and remote addresses must be of the same family');
    }
    if (typeof o.ttl === 'number') checkRange(o.ttl, 1, 255, 'vxlan.ttl');
    else if (o.ttl !== undefined && o.ttl !== 'auto' && o.ttl !== 'inherit') {
      throw new InvalidArgumentError('vxlan.ttl', `expected 1..255, auto or inherit, got ${String(o.ttl)}`);
    }
    if (o.tos !== undefined && o.tos !== 'inherit') checkRange(o.tos, 0, 255, 'vxlan.tos');
    if (o.portRange !== undefined && !(o.portRange.low <= o.portRange.high)) {
      throw new InvalidArgumentError('vxlan.portRange', 'low must not be above high');
    }
    const data = {
      id: o.id,
      ...byFamily(peer, 'group', 'group6'),
      ...byFamily(o.local, 'local', 'local6'),
      ttl: o.ttl === 'auto' ? 0 : o.ttl === 'inherit' ? undefined : o.ttl,
      ttlInherit: o.ttl === 'inherit' ? true : undefined,
      tos: o.tos === 'inherit' ? 1 : o.tos,
      df: o.df,
      label: o.label,
      labelPolicy: o.labelPolicy,
      port: o.port === 0 ? undefined : o.port,
      portRange: o.portRange,
      learning: o.learning ?? !o.external,
      proxy: o.proxy,
      rsc: o.rsc,
      l2miss: o.l2miss,
      l3miss: o.l3miss,
      ageing: o.ageing,
      limit: o.limit,
      udpCsum: o.udpCsum,
      udpZeroCsum6Tx: o.udpZeroCsum6Tx,
      udpZeroCsum6Rx: o.udpZeroCsum6Rx,
      remcsumTx: o.remcsumTx,
      remcsumRx: o.remcsumRx,
      remcsumNopartial: o.remcsumNopartial,
      gbp: o.gbp,
      gpe: o.gpe,
      collectMetadata: o.external,
      vnifilter: o.vnifilter,
      localbypass: o.localbypass,
    };
    validate(nest(vxlanAttrs), data, 'vxlan');
    return { data: { ...data, link: o.dev === undefined ? undefined : await ctx.index(o.dev, 'vxlan dev') } };
  },
});

/** The vxlan attributes of `link`, or `undefined` when it is not a vxlan. */
export function vxlanData(link: Link) {
  return kindDataOf(link, ['vxlan'], vxlanAttrs);
}
