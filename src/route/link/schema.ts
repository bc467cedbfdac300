/**
 * Link messages (`RTM_NEWLINK`/`RTM_GETLINK`/...): `struct ifinfomsg` plus
 * the `IFLA_*` attributes. Link kinds register their `IFLA_INFO_DATA`
 * codecs in {@link linkKindRegistry}.
 *
 * @module
 */

import { AF, IFLA, IFLA_INFO } from '../../core/constants.js';
import { attr, attrSet, multiAttr, nest, subMessage } from '../../schema/attrs.js';
import {
  type AnyCodec,
  binary,
  field,
  ipv6,
  mac,
  s32,
  string,
  struct,
  u8,
  u32,
  unterminatedString,
} from '../../schema/codec.js';
import { messageSchema } from '../../schema/message.js';

/** `struct ifinfomsg`. */
export const ifinfomsg = struct('ifinfomsg', {
  family: field.u8,
  pad: field.pad(1),
  type: field.u16,
  index: field.s32,
  flags: field.u32,
  change: field.u32,
});

const u64 = field.u64;
/** `struct rtnl_link_stats64`. */
export const rtnlLinkStats64 = struct('rtnl_link_stats64', {
  rxPackets: u64,
  txPackets: u64,
  rxBytes: u64,
  txBytes: u64,
  rxErrors: u64,
  txErrors: u64,
  rxDropped: u64,
  txDropped: u64,
  multicast: u64,
  collisions: u64,
  rxLengthErrors: u64,
  rxOverErrors: u64,
  rxCrcErrors: u64,
  rxFrameErrors: u64,
  rxFifoErrors: u64,
  rxMissedErrors: u64,
  txAbortedErrors: u64,
  txCarrierErrors: u64,
  txFifoErrors: u64,
  txHeartbeatErrors: u64,
  txWindowErrors: u64,
  rxCompressed: u64,
  txCompressed: u64,
  rxNohandler: u64,
  rxOtherhostDropped: u64,
});

/**
 * `IFLA_INFO_DATA` codecs by link kind. The link-kind modules add theirs;
 * users register their own kinds here too. Unregistered kinds decode to raw bytes.
 */
export const linkKindRegistry = new Map<string, AnyCodec>();
/** `IFLA_INFO_SLAVE_DATA` codecs by port kind (`bridge`, `bond`, ...). */
export const linkPortKindRegistry = new Map<string, AnyCodec>();

/** `IFLA_LINKINFO` attributes. */
export const linkInfoAttrs = attrSet('linkinfo', {
  kind: attr(IFLA_INFO.KIND, unterminatedString),
  data: attr(IFLA_INFO.DATA, subMessage('kind', linkKindRegistry)),
  xstats: attr(IFLA_INFO.XSTATS, binary),
  portKind: attr(IFLA_INFO.SLAVE_KIND, unterminatedString),
  portData: attr(IFLA_INFO.SLAVE_DATA, subMessage('portKind', linkPortKindRegistry)),
});

/** `IFLA_PROP_LIST` attributes. */
export const linkPropAttrs = attrSet('prop-list', {
  altIfname: multiAttr(IFLA.ALT_IFNAME, string),
});

/** `IFLA_INET_*`: the IPv4 part of `IFLA_AF_SPEC`. */
export const linkInetAttrs = attrSet('inet', {
  /** `IPV4_DEVCONF_*` values, one `u32` each (index 0 is `IPV4_DEVCONF_FORWARDING`). */
  conf: attr(1, binary),
});

/** `IFLA_INET6_*`: the IPv6 part of `IFLA_AF_SPEC`. */
export const linkInet6Attrs = attrSet('inet6', {
  /** `IF_RA_*`/`IF_READY` flags. */
  flags: attr(1, u32),
  /** `DEVCONF_*` values, one `s32` each. */
  conf: attr(2, binary),
  /** `IPSTATS_MIB_*` counters, one `u64` each. */
  stats: attr(3, binary),
  mcast: attr(4, binary),
  /** `struct ifla_cacheinfo`. */
  cacheinfo: attr(5, binary),
  /** `ICMP6_MIB_*` counters, one `u64` each. */
  icmp6stats: attr(6, binary),
  /** The interface identifier token (`ip token`). */
  token: attr(7, ipv6),
  /** `IN6_ADDR_GEN_MODE_*`: 0 eui64, 1 none, 2 stable_secret, 3 random. */
  addrGenMode: attr(8, u8),
  raMtu: attr(9, u32),
});

/**
 * `IFLA_AF_SPEC` of link messages: one nest per address family, the
 * attribute type being the family (`AF_INET`, `AF_INET6`). Families not
 * declared here are kept as unknown attributes.
 */
export const linkAfSpecAttrs = attrSet('af-spec', {
  inet: attr(AF.INET, nest(linkInetAttrs)),
  inet6: attr(AF.INET6, nest(linkInet6Attrs)),
});

/** Top-level `IFLA_*` attributes. */
export const linkAttrs = attrSet('link', {
  address: attr(IFLA.ADDRESS, mac),
  broadcast: attr(IFLA.BROADCAST, mac),
  ifname: attr(IFLA.IFNAME, string),
  mtu: attr(IFLA.MTU, u32),
  link: attr(IFLA.LINK, u32),
  qdisc: attr(IFLA.QDISC, string),
  stats: attr(IFLA.STATS, binary),
  master: attr(IFLA.MASTER, u32),
  protinfo: attr(IFLA.PROTINFO, binary),
  txqlen: attr(IFLA.TXQLEN, u32),
  map: attr(IFLA.MAP, binary),
  operstate: attr(IFLA.OPERSTATE, u8),
  linkmode: attr(IFLA.LINKMODE, u8),
  linkinfo: attr(IFLA.LINKINFO, nest(linkInfoAttrs)),
  netNsPid: attr(IFLA.NET_NS_PID, u32),
  ifalias: attr(IFLA.IFALIAS, string),
  numVf: attr(IFLA.NUM_VF, u32),
  stats64: attr(IFLA.STATS64, rtnlLinkStats64),
  afSpec: attr(IFLA.AF_SPEC, nest(linkAfSpecAttrs)),
  group: attr(IFLA.GROUP, u32),
  netNsFd: attr(IFLA.NET_NS_FD, u32),
  extMask: attr(IFLA.EXT_MASK, u32),
  promiscuity: attr(IFLA.PROMISCUITY, u32),
  numTxQueues: attr(IFLA.NUM_TX_QUEUES, u32),
  numRxQueues: attr(IFLA.NUM_RX_QUEUES, u32),
  carrier: attr(IFLA.CARRIER, u8),
  physPortId: attr(IFLA.PHYS_PORT_ID, binary),
  carrierChanges: attr(IFLA.CARRIER_CHANGES, u32),
  physSwitchId: attr(IFLA.PHYS_SWITCH_ID, binary),
  linkNetnsid: attr(IFLA.LINK_NETNSID, s32),
  physPortName: attr(IFLA.PHYS_PORT_NAME, string),
  protoDown: attr(IFLA.PROTO_DOWN, u8),
  gsoMaxSegs: attr(IFLA.GSO_MAX_SEGS, u32),
  gsoMaxSize: attr(IFLA.GSO_MAX_SIZE, u32),
  xdp: attr(IFLA.XDP, binary),
  event: attr(IFLA.EVENT, u32),
  newNetnsid: attr(IFLA.NEW_NETNSID, s32),
  targetNetnsid: attr(IFLA.TARGET_NETNSID, s32),
  carrierUpCount: attr(IFLA.CARRIER_UP_COUNT, u32),
  carrierDownCount: attr(IFLA.CARRIER_DOWN_COUNT, u32),
  newIfindex: attr(IFLA.NEW_IFINDEX, s32),
  minMtu: attr(IFLA.MIN_MTU, u32),
  maxMtu: attr(IFLA.MAX_MTU, u32),
  propList: attr(IFLA.PROP_LIST, nest(linkPropAttrs)),
  permAddress: attr(IFLA.PERM_ADDRESS, mac),
  protoDownReason: attr(IFLA.PROTO_DOWN_REASON, binary),
  parentDevName: attr(IFLA.PARENT_DEV_NAME, string),
  parentDevBusName: attr(IFLA.PARENT_DEV_BUS_NAME, string),
  groMaxSize: attr(IFLA.GRO_MAX_SIZE, u32),
  tsoMaxSize: attr(IFLA.TSO_MAX_SIZE, u32),
  tsoMaxSegs: attr(IFLA.TSO_MAX_SEGS, u32),
  allmulti: attr(IFLA.ALLMULTI, u32),
});

/** The link message layout. */
export const linkMessage = messageSchema('link', ifinfomsg, linkAttrs);

/** Structs of this family, for the UAPI size audit. */
export const linkStructs = [ifinfomsg, rtnlLinkStats64] as const;
