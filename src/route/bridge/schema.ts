/**
 * Bridge messages beyond the forwarding database (which uses the neighbour
 * layout, `src/route/neigh/schema.ts`):
 *
 * - VLAN filtering as `bridge vlan add|del|show` does it: `RTM_SETLINK`,
 *   `RTM_DELLINK` and `RTM_GETLINK` on `AF_BRIDGE` with `IFLA_AF_SPEC`
 *   holding `IFLA_BRIDGE_*` attributes ({@link bridgeLinkMessage});
 * - per-VLAN options (`bridge vlan set`, `bridge vlan global set`):
 *   `RTM_NEWVLAN`/`RTM_GETVLAN` with `struct br_vlan_msg` and
 *   `BRIDGE_VLANDB_*` attributes ({@link vlanDbMessage});
 * - the multicast database (`bridge mdb`): `RTM_NEWMDB`/`RTM_DELMDB`/
 *   `RTM_GETMDB` with `struct br_port_msg` and `MDBA_*` attributes
 *   ({@link mdbMessage} for dumps, {@link mdbSetMessage} for changes).
 *
 * @module
 */

import { IFLA } from '../../core/constants.js';
import { attr, attrSet, multiAttr, nest } from '../../schema/attrs.js';
import { binary, field, ip, struct, u8, u16, u32, u64 } from '../../schema/codec.js';
import { messageSchema, nestedMessage } from '../../schema/message.js';
import { bridgePortAttrs, IFLA_BRPORT } from '../link/kinds/bridge.js';
import { ifinfomsg, linkAttrs } from '../link/schema.js';

/** `IFLA_AF_SPEC` attributes of `AF_BRIDGE` (`IFLA_BRIDGE_*`, linux/if_bridge.h). */
export const IFLA_BRIDGE = {
  FLAGS: 0,
  MODE: 1,
  VLAN_INFO: 2,
  VLAN_TUNNEL_INFO: 3,
  MRP: 4,
  CFM: 5,
  MST: 6,
} as const;

/** `IFLA_BRIDGE_FLAGS` bits (`BRIDGE_FLAGS_*`): address the bridge (master) or the port's driver (self). */
export const BRIDGE_FLAGS = {
  MASTER: 1,
  SELF: 2,
} as const;

/** `struct bridge_vlan_info` flags (`BRIDGE_VLAN_INFO_*`). */
export const BRIDGE_VLAN_INFO = {
  MASTER: 1 << 0,
  PVID: 1 << 1,
  UNTAGGED: 1 << 2,
  RANGE_BEGIN: 1 << 3,
  RANGE_END: 1 << 4,
  BRENTRY: 1 << 5,
  ONLY_OPTS: 1 << 6,
} as const;

/** Attributes nested in `IFLA_BRIDGE_VLAN_TUNNEL_INFO` (`IFLA_BRIDGE_VLAN_TUNNEL_*`). */
export const IFLA_BRIDGE_VLAN_TUNNEL = {
  UNSPEC: 0,
  ID: 1,
  VID: 2,
  FLAGS: 3,
} as const;

/** Top-level attributes of `RTM_*VLAN` (`BRIDGE_VLANDB_*`). */
export const BRIDGE_VLANDB = {
  UNSPEC: 0,
  ENTRY: 1,
  GLOBAL_OPTIONS: 2,
} as const;

/** `RTM_GETVLAN` dump request attributes (`BRIDGE_VLANDB_DUMP_*`). */
export const BRIDGE_VLANDB_DUMP = {
  UNSPEC: 0,
  FLAGS: 1,
} as const;

/** `BRIDGE_VLANDB_DUMP_FLAGS` bits (`BRIDGE_VLANDB_DUMPF_*`). */
export const BRIDGE_VLANDB_DUMPF = {
  STATS: 1 << 0,
  GLOBAL: 1 << 1,
} as const;

/** Attributes nested in `BRIDGE_VLANDB_ENTRY` (`BRIDGE_VLANDB_ENTRY_*`). */
export const BRIDGE_VLANDB_ENTRY = {
  UNSPEC: 0,
  INFO: 1,
  RANGE: 2,
  STATE: 3,
  TUNNEL_INFO: 4,
  STATS: 5,
  MCAST_ROUTER: 6,
} as const;

/** Attributes nested in `BRIDGE_VLANDB_ENTRY_TUNNEL_INFO` (`BRIDGE_VLANDB_TINFO_*`). */
export const BRIDGE_VLANDB_TINFO = {
  UNSPEC: 0,
  ID: 1,
  CMD: 2,
} as const;

/** Attributes nested in `BRIDGE_VLANDB_ENTRY_STATS` (`BRIDGE_VLANDB_STATS_*`). */
export const BRIDGE_VLANDB_STATS = {
  UNSPEC: 0,
  RX_BYTES: 1,
  RX_PACKETS: 2,
  TX_BYTES: 3,
  TX_PACKETS: 4,
  PAD: 5,
} as const;

/** Attributes nested in `BRIDGE_VLANDB_GLOBAL_OPTIONS` (`BRIDGE_VLANDB_GOPTS_*`). */
export const BRIDGE_VLANDB_GOPTS = {
  UNSPEC: 0,
  ID: 1,
  RANGE: 2,
  MCAST_SNOOPING: 3,
  MCAST_IGMP_VERSION: 4,
  MCAST_MLD_VERSION: 5,
  MCAST_LAST_MEMBER_CNT: 6,
  MCAST_STARTUP_QUERY_CNT: 7,
  MCAST_LAST_MEMBER_INTVL: 8,
  PAD: 9,
  MCAST_MEMBERSHIP_INTVL: 10,
  MCAST_QUERIER_INTVL: 11,
  MCAST_QUERY_INTVL: 12,
  MCAST_QUERY_RESPONSE_INTVL: 13,
  MCAST_STARTUP_QUERY_INTVL: 14,
  MCAST_QUERIER: 15,
  MCAST_ROUTER_PORTS: 16,
  MCAST_QUERIER_STATE: 17,
  MSTI: 18,
} as const;

/** Top-level attributes of an MDB dump reply (`MDBA_*`). */
export const MDBA = {
  UNSPEC: 0,
  MDB: 1,
  ROUTER: 2,
} as const;

/** Attributes nested in `MDBA_MDB` (`MDBA_MDB_*`). */
export const MDBA_MDB = {
  UNSPEC: 0,
  ENTRY: 1,
} as const;

/** Attributes nested in `MDBA_MDB_ENTRY` (`MDBA_MDB_ENTRY_*`). */
export const MDBA_MDB_ENTRY = {
  UNSPEC: 0,
  INFO: 1,
} as const;

/** Attributes following the `struct br_mdb_entry` of an `MDBA_MDB_ENTRY_INFO` (`MDBA_MDB_EATTR_*`). */
export const MDBA_MDB_EATTR = {
  UNSPEC: 0,
  TIMER: 1,
  SRC_LIST: 2,
  GROUP_MODE: 3,
  SOURCE: 4,
  RTPROT: 5,
} as const;

/** Attributes nested in `MDBA_MDB_EATTR_SRC_LIST` (`MDBA_MDB_SRCLIST_*`). */
export const MDBA_MDB_SRCLIST = {
  UNSPEC: 0,
  ENTRY: 1,
} as const;

/** Attributes of one source (`MDBA_MDB_SRCATTR_*`). */
export const MDBA_MDB_SRCATTR = {
  UNSPEC: 0,
  ADDRESS: 1,
  TIMER: 2,
} as const;

/** Attributes nested in `MDBA_ROUTER` (`MDBA_ROUTER_*`). */
export const MDBA_ROUTER = {
  UNSPEC: 0,
  PORT: 1,
} as const;

/** Attributes following the ifindex of an `MDBA_ROUTER_PORT` (`MDBA_ROUTER_PATTR_*`). */
export const MDBA_ROUTER_PATTR = {
  UNSPEC: 0,
  TIMER: 1,
  TYPE: 2,
  INET_TIMER: 3,
  INET6_TIMER: 4,
  VID: 5,
} as const;

/** Top-level attributes of an MDB change (`MDBA_SET_ENTRY`, `MDBA_SET_ENTRY_ATTRS`). */
export const MDBA_SET = {
  ENTRY_UNSPEC: 0,
  ENTRY: 1,
  ENTRY_ATTRS: 2,
} as const;

/** Attributes nested in `MDBA_SET_ENTRY_ATTRS` (`MDBE_ATTR_*`). */
export const MDBE_ATTR = {
  UNSPEC: 0,
  SOURCE: 1,
} as const;

/** `struct br_mdb_entry` states (`MDB_*`). */
export const MDB = {
  TEMPORARY: 0,
  PERMANENT: 1,
} as const;

/** `struct br_mdb_entry` flags (`MDB_FLAGS_*`). */
export const MDB_FLAGS = {
  OFFLOAD: 1 << 0,
  FAST_LEAVE: 1 << 1,
  STAR_EXCL: 1 << 2,
  BLOCKED: 1 << 3,
} as const;

/** The constant tables of the bridge family, for the UAPI audit. */
export const BRIDGE_CONSTANT_TABLES = [
  { prefix: 'IFLA_BRIDGE_', table: IFLA_BRIDGE, headers: ['linux/if_bridge.h'] },
  { prefix: 'BRIDGE_FLAGS_', table: BRIDGE_FLAGS, headers: ['linux/if_bridge.h'] },
  { prefix: 'BRIDGE_VLAN_INFO_', table: BRIDGE_VLAN_INFO, headers: ['linux/if_bridge.h'] },
  { prefix: 'IFLA_BRIDGE_VLAN_TUNNEL_', table: IFLA_BRIDGE_VLAN_TUNNEL, headers: ['linux/if_bridge.h'] },
  { prefix: 'BRIDGE_VLANDB_', table: BRIDGE_VLANDB, headers: ['linux/if_bridge.h'] },
  { prefix: 'BRIDGE_VLANDB_DUMP_', table: BRIDGE_VLANDB_DUMP, headers: ['linux/if_bridge.h'] },
  { prefix: 'BRIDGE_VLANDB_DUMPF_', table: BRIDGE_VLANDB_DUMPF, headers: ['linux/if_bridge.h'] },
  { prefix: 'BRIDGE_VLANDB_ENTRY_', table: BRIDGE_VLANDB_ENTRY, headers: ['linux/if_bridge.h'] },
  { prefix: 'BRIDGE_VLANDB_TINFO_', table: BRIDGE_VLANDB_TINFO, headers: ['linux/if_bridge.h'] },
  { prefix: 'BRIDGE_VLANDB_STATS_', table: BRIDGE_VLANDB_STATS, headers: ['linux/if_bridge.h'] },
  { prefix: 'BRIDGE_VLANDB_GOPTS_', table: BRIDGE_VLANDB_GOPTS, headers: ['linux/if_bridge.h'] },
  { prefix: 'MDBA_', table: MDBA, headers: ['linux/if_bridge.h'] },
  { prefix: 'MDBA_MDB_', table: MDBA_MDB, headers: ['linux/if_bridge.h'] },
  { prefix: 'MDBA_MDB_ENTRY_', table: MDBA_MDB_ENTRY, headers: ['linux/if_bridge.h'] },
  { prefix: 'MDBA_MDB_EATTR_', table: MDBA_MDB_EATTR, headers: ['linux/if_bridge.h'] },
  { prefix: 'MDBA_MDB_SRCLIST_', table: MDBA_MDB_SRCLIST, headers: ['linux/if_bridge.h'] },
  { prefix: 'MDBA_MDB_SRCATTR_', table: MDBA_MDB_SRCATTR, headers: ['linux/if_bridge.h'] },
  { prefix: 'MDBA_ROUTER_', table: MDBA_ROUTER, headers: ['linux/if_bridge.h'] },
  { prefix: 'MDBA_ROUTER_PATTR_', table: MDBA_ROUTER_PATTR, headers: ['linux/if_bridge.h'] },
  { prefix: 'MDBA_SET_', table: MDBA_SET, headers: ['linux/if_bridge.h'] },
  { prefix: 'MDBE_ATTR_', table: MDBE_ATTR, headers: ['linux/if_bridge.h'] },
  { prefix: 'MDB_', table: MDB, headers: ['linux/if_bridge.h'] },
  { prefix: 'MDB_FLAGS_', table: MDB_FLAGS, headers: ['linux/if_bridge.h'] },
] as const;

// ---- VLAN filtering through IFLA_AF_SPEC --------------------------------------------------

/** `struct bridge_vlan_info`. */
export const bridgeVlanInfo = struct('bridge_vlan_info', { flags: field.u16, vid: field.u16 });

/** `IFLA_BRIDGE_VLAN_TUNNEL_INFO` attributes: a VLAN-to-tunnel-id (VNI) mapping. */
export const vlanTunnelAttrs = attrSet('bridge-vlan-tunnel', {
  id: attr(IFLA_BRIDGE_VLAN_TUNNEL.ID, u32),
  vid: attr(IFLA_BRIDGE_VLAN_TUNNEL.VID, u16),
  /** `BRIDGE_VLAN_INFO_RANGE_BEGIN`/`END`. */
  flags: attr(IFLA_BRIDGE_VLAN_TUNNEL.FLAGS, u16),
});

/** `IFLA_AF_SPEC` of an `AF_BRIDGE` link message (`IFLA_BRIDGE_*`). */
export const bridgeAfSpecAttrs = attrSet('bridge-af-spec', {
  /** `BRIDGE_FLAGS_*`: which side a request is for. */
  flags: attr(IFLA_BRIDGE.FLAGS, u16),
  /** `BRIDGE_MODE_*` (VEB, VEPA). */
  mode: attr(IFLA_BRIDGE.MODE, u16),
  vlanInfo: multiAttr(IFLA_BRIDGE.VLAN_INFO, bridgeVlanInfo),
  tunnelInfo: multiAttr(IFLA_BRIDGE.VLAN_TUNNEL_INFO, nest(vlanTunnelAttrs)),
  mrp: attr(IFLA_BRIDGE.MRP, binary),
  cfm: attr(IFLA_BRIDGE.CFM, binary),
  mst: attr(IFLA_BRIDGE.MST, binary),
});

/** `IFLA_*` attributes of an `AF_BRIDGE` link message: the link's, with `IFLA_AF_SPEC` decoded. */
export const bridgeLinkAttrs = attrSet('bridge-link', {
  ...linkAttrs.fields,
  afSpec: attr(IFLA.AF_SPEC, nest(bridgeAfSpecAttrs)),
});

/** The `AF_BRIDGE` link message layout (`bridge vlan add|del|show`). */
export const bridgeLinkMessage = messageSchema('bridge-link', ifinfomsg, bridgeLinkAttrs);

/**
 * `IFLA_PROTINFO` of an `AF_BRIDGE` link message: a port's settings
 * (`IFLA_BRPORT_*`), as the bridge-port link data, with the STP state as its number.
 */
export const bridgeProtinfoAttrs = attrSet('bridge-protinfo', {
  ...bridgePortAttrs.fields,
  state: attr(IFLA_BRPORT.STATE, u8),
});

/** `IFLA_*` of an `AF_BRIDGE` port message: `IFLA_PROTINFO` and `IFLA_AF_SPEC` decoded (`bridge link show|set`). */
export const bridgePortLinkAttrs = attrSet('bridge-port-link', {
  ...bridgeLinkAttrs.fields,
  protinfo: attr(IFLA.PROTINFO, nest(bridgeProtinfoAttrs, { nestedFlag: true })),
});

/** The `AF_BRIDGE` port message layout (`bridge link show|set`). */
export const bridgePortLinkMessage = messageSchema('bridge-port-link', ifinfomsg, bridgePortLinkAttrs);

// ---- Per-VLAN options: RTM_NEWVLAN / RTM_GETVLAN ------------------------------------------

/** `struct br_vlan_msg`. */
export const brVlanMsg = struct('br_vlan_msg', {
  family: field.u8,
  reserved1: field.pad(1),
  reserved2: field.pad(2),
  ifindex: field.u32,
});

/** `BRIDGE_VLANDB_ENTRY_TUNNEL_INFO` attributes. */
export const vlanDbTunnelAttrs = attrSet('bridge-vlandb-tinfo', {
  id: attr(BRIDGE_VLANDB_TINFO.ID, u32),
  /** `RTM_SETLINK` or `RTM_DELLINK`: add or remove the mapping. */
  cmd: attr(BRIDGE_VLANDB_TINFO.CMD, u32),
});

/** `BRIDGE_VLANDB_ENTRY_STATS` attributes. */
export const vlanDbStatsAttrs = attrSet('bridge-vlandb-stats', {
  rxBytes: attr(BRIDGE_VLANDB_STATS.RX_BYTES, u64),
  rxPackets: attr(BRIDGE_VLANDB_STATS.RX_PACKETS, u64),
  txBytes: attr(BRIDGE_VLANDB_STATS.TX_BYTES, u64),
  txPackets: attr(BRIDGE_VLANDB_STATS.TX_PACKETS, u64),
});

/** `BRIDGE_VLANDB_ENTRY` attributes: one VLAN (or range) of one port. */
export const vlanDbEntryAttrs = attrSet('bridge-vlandb-entry', {
  info: attr(BRIDGE_VLANDB_ENTRY.INFO, bridgeVlanInfo),
  /** Last VLAN id of a range starting at `info.vid`. */
  range: attr(BRIDGE_VLANDB_ENTRY.RANGE, u16),
  /** `BR_STATE_*`. */
  state: attr(BRIDGE_VLANDB_ENTRY.STATE, u8),
  tunnelInfo: attr(BRIDGE_VLANDB_ENTRY.TUNNEL_INFO, nest(vlanDbTunnelAttrs, { nestedFlag: true })),
  stats: attr(BRIDGE_VLANDB_ENTRY.STATS, nest(vlanDbStatsAttrs, { nestedFlag: true })),
  /** `MDB_RTR_TYPE_*`. */
  mcastRouter: attr(BRIDGE_VLANDB_ENTRY.MCAST_ROUTER, u8),
});

/** `BRIDGE_VLANDB_GLOBAL_OPTIONS` attributes: bridge-wide options of one VLAN (or range). */
export const vlanDbGlobalAttrs = attrSet('bridge-vlandb-global', {
  id: attr(BRIDGE_VLANDB_GOPTS.ID, u16),
  range: attr(BRIDGE_VLANDB_GOPTS.RANGE, u16),
  mcastSnooping: attr(BRIDGE_VLANDB_GOPTS.MCAST_SNOOPING, u8),
  mcastIgmpVersion: attr(BRIDGE_VLANDB_GOPTS.MCAST_IGMP_VERSION, u8),
  mcastMldVersion: attr(BRIDGE_VLANDB_GOPTS.MCAST_MLD_VERSION, u8),
  mcastLastMemberCnt: attr(BRIDGE_VLANDB_GOPTS.MCAST_LAST_MEMBER_CNT, u32),
  mcastStartupQueryCnt: attr(BRIDGE_VLANDB_GOPTS.MCAST_STARTUP_QUERY_CNT, u32),
  mcastLastMemberIntvl: attr(BRIDGE_VLANDB_GOPTS.MCAST_LAST_MEMBER_INTVL, u64),
  mcastMembershipIntvl: attr(BRIDGE_VLANDB_GOPTS.MCAST_MEMBERSHIP_INTVL, u64),
  mcastQuerierIntvl: attr(BRIDGE_VLANDB_GOPTS.MCAST_QUERIER_INTVL, u64),
  mcastQueryIntvl: attr(BRIDGE_VLANDB_GOPTS.MCAST_QUERY_INTVL, u64),
  mcastQueryResponseIntvl: attr(BRIDGE_VLANDB_GOPTS.MCAST_QUERY_RESPONSE_INTVL, u64),
  mcastStartupQueryIntvl: attr(BRIDGE_VLANDB_GOPTS.MCAST_STARTUP_QUERY_INTVL, u64),
  mcastQuerier: attr(BRIDGE_VLANDB_GOPTS.MCAST_QUERIER, u8),
  mcastRouterPorts: attr(BRIDGE_VLANDB_GOPTS.MCAST_ROUTER_PORTS, binary),
  mcastQuerierState: attr(BRIDGE_VLANDB_GOPTS.MCAST_QUERIER_STATE, binary),
  msti: attr(BRIDGE_VLANDB_GOPTS.MSTI, u16),
});

/** `BRIDGE_VLANDB_*` attributes of `RTM_NEWVLAN` requests and of `RTM_GETVLAN` dump replies. */
export const vlanDbAttrs = attrSet('bridge-vlandb', {
  entry: multiAttr(BRIDGE_VLANDB.ENTRY, nest(vlanDbEntryAttrs, { nestedFlag: true })),
  globalOptions: multiAttr(BRIDGE_VLANDB.GLOBAL_OPTIONS, nest(vlanDbGlobalAttrs, { nestedFlag: true })),
});

/** The per-VLAN options message layout (`RTM_NEWVLAN`, `RTM_DELVLAN`, dump replies). */
export const vlanDbMessage = messageSchema('bridge-vlandb', brVlanMsg, vlanDbAttrs);

/** `BRIDGE_VLANDB_DUMP_*` attributes of an `RTM_GETVLAN` dump request. */
export const vlanDbDumpAttrs = attrSet('bridge-vlandb-dump', {
  /** `BRIDGE_VLANDB_DUMPF_*`. */
  flags: attr(BRIDGE_VLANDB_DUMP.FLAGS, u32),
});

/** The `RTM_GETVLAN` dump request layout. */
export const vlanDbDumpMessage = messageSchema('bridge-vlandb-dump', brVlanMsg, vlanDbDumpAttrs);

// ---- Multicast database ------------------------------------------------------------------

/** `struct br_port_msg`. */
export const brPortMsg = struct('br_port_msg', {
  family: field.u8,
  pad: field.pad(3),
  ifindex: field.u32,
});

/**
 * `struct br_mdb_entry`. Its C `addr` is a struct of a 16-byte union (IPv4,
 * IPv6 or MAC group address, selected by `proto`), the `__be16 proto`, and
 * two bytes of padding; here they are flattened into `addr`, `proto` and padding.
 */
export const brMdbEntry = struct('br_mdb_entry', {
  ifindex: field.u32,
  /** `MDB_TEMPORARY` or `MDB_PERMANENT`. */
  state: field.u8,
  /** `MDB_FLAGS_*`. */
  flags: field.u8,
  vid: field.u16,
  /** Group address bytes: 4 (IPv4), 16 (IPv6) or 6 (MAC) used. */
  addr: field.bytes(16),
  /** `ETH_P_IP`, `ETH_P_IPV6`, or 0 for an L2 group. */
  proto: field.be16,
  pad: field.pad(2),
});

/** The same struct with the C `addr` member whole, for the UAPI layout audit. */
export const brMdbEntryLayout = struct('br_mdb_entry', {
  ifindex: field.u32,
  state: field.u8,
  flags: field.u8,
  vid: field.u16,
  addr: field.bytes(20),
});

/** `MDBA_MDB_SRCATTR_*`: one source of a group. */
export const mdbSourceAttrs = attrSet('mdb-source', {
  address: attr(MDBA_MDB_SRCATTR.ADDRESS, ip),
  /** Remaining time, in hundredths of a second. */
  timer: attr(MDBA_MDB_SRCATTR.TIMER, u32),
});

/** `MDBA_MDB_SRCLIST_*`: the sources of a group. */
export const mdbSourceListAttrs = attrSet('mdb-source-list', {
  entry: multiAttr(MDBA_MDB_SRCLIST.ENTRY, nest(mdbSourceAttrs)),
});

/** `MDBA_MDB_EATTR_*`: what follows the struct in an entry. */
export const mdbEntryExtraAttrs = attrSet('mdb-entry-extra', {
  /** Remaining time, in hundredths of a second. */
  timer: attr(MDBA_MDB_EATTR.TIMER, u32),
  srcList: attr(MDBA_MDB_EATTR.SRC_LIST, nest(mdbSourceListAttrs)),
  /** `MCAST_EXCLUDE` (0) or `MCAST_INCLUDE` (1). */
  groupMode: attr(MDBA_MDB_EATTR.GROUP_MODE, u8),
  source: attr(MDBA_MDB_EATTR.SOURCE, ip),
  rtprot: attr(MDBA_MDB_EATTR.RTPROT, u8),
});

/** An `MDBA_MDB_ENTRY_INFO` payload: `struct br_mdb_entry`, then `MDBA_MDB_EATTR_*` attributes. */
export const mdbEntryInfoMessage = messageSchema('mdb-entry-info', brMdbEntry, mdbEntryExtraAttrs);

/** `MDBA_MDB_ENTRY_*`: the ports of one group. */
export const mdbEntryAttrs = attrSet('mdb-entry', {
  info: multiAttr(MDBA_MDB_ENTRY.INFO, nestedMessage(mdbEntryInfoMessage)),
});

/** `MDBA_MDB_*`. */
export const mdbGroupsAttrs = attrSet('mdb-groups', {
  entry: multiAttr(MDBA_MDB.ENTRY, nest(mdbEntryAttrs)),
});

/** The port ifindex that starts an `MDBA_ROUTER_PORT` payload (not a C struct: one `__u32`). */
export const mdbRouterPortHeader = struct('mdb_router_port', { ifindex: field.u32 });

/** `MDBA_ROUTER_PATTR_*`. */
export const mdbRouterPortAttrs = attrSet('mdb-router-port', {
  timer: attr(MDBA_ROUTER_PATTR.TIMER, u32),
  /** `MDB_RTR_TYPE_*`. */
  type: attr(MDBA_ROUTER_PATTR.TYPE, u8),
  inetTimer: attr(MDBA_ROUTER_PATTR.INET_TIMER, u32),
  inet6Timer: attr(MDBA_ROUTER_PATTR.INET6_TIMER, u32),
  vid: attr(MDBA_ROUTER_PATTR.VID, u16),
});

/** An `MDBA_ROUTER_PORT` payload: the port's ifindex, then `MDBA_ROUTER_PATTR_*` attributes. */
export const mdbRouterPortMessage = messageSchema('mdb-router-port', mdbRouterPortHeader, mdbRouterPortAttrs);

/** `MDBA_ROUTER_*`. */
export const mdbRouterAttrs = attrSet('mdb-router', {
  port: multiAttr(MDBA_ROUTER.PORT, nestedMessage(mdbRouterPortMessage)),
});

/** `MDBA_*` of an MDB dump reply. */
export const mdbAttrs = attrSet('mdb', {
  mdb: attr(MDBA.MDB, nest(mdbGroupsAttrs)),
  router: attr(MDBA.ROUTER, nest(mdbRouterAttrs)),
});

/** The MDB dump reply layout (messages of type `RTM_GETMDB`, events `RTM_NEWMDB`), also the dump request's. */
export const mdbMessage = messageSchema('mdb', brPortMsg, mdbAttrs);

/** `MDBE_ATTR_*`: options of an entry to add or delete. */
export const mdbSetEntryExtraAttrs = attrSet('mdb-set-entry-attrs', {
  source: attr(MDBE_ATTR.SOURCE, ip),
});

/** `MDBA_SET_ENTRY*` attributes of `RTM_NEWMDB`/`RTM_DELMDB` requests. */
export const mdbSetAttrs = attrSet('mdb-set', {
  entry: attr(MDBA_SET.ENTRY, brMdbEntry),
  attrs: attr(MDBA_SET.ENTRY_ATTRS, nest(mdbSetEntryExtraAttrs, { nestedFlag: true })),
});

/** The MDB change request layout (`bridge mdb add|del`). */
export const mdbSetMessage = messageSchema('mdb-set', brPortMsg, mdbSetAttrs);

/** Structs of the bridge family for the UAPI size audit (`br_mdb_entry` as its C layout). */
export const bridgeStructs = [bridgeVlanInfo, brVlanMsg, brPortMsg, brMdbEntryLayout] as const;
