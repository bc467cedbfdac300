/**
 * `bridge`: an Ethernet bridge (`ip link add NAME type bridge ...`), and the
 * settings of its ports (`ip link set dev PORT type bridge_slave ...`).
 *
 * Durations are in seconds. The kernel carries them as `clock_t`
 * (hundredths of a second), and iproute2 passes its number through
 * unchanged, so `ip link add br0 type bridge forward_delay 1500` is
 * `{ forwardDelay: 15 }` here (ip-link(8) calls the unit seconds; it is not).
 * `ip -j -d link show` prints the configured values in hundredths too, and
 * the running timers (`hello_timer`, `gc_timer`, ...) in seconds.
 *
 * @module
 */

import { type InterfaceRef, resolveRef } from '../../../core/ifname.js';
import { attr, attrSet, nest } from '../../../schema/attrs.js';
import { field, flag, ipv4, ipv6, struct, u8, u16, u32 } from '../../../schema/codec.js';
import type { Connection, RequestOptions } from '../../../session/connection.js';
import { installMethods } from '../../../session/methods.js';
import type { Route } from '../../../session/protocol.js';
import { defineLinkKind } from '../kind.js';
import type { Link } from '../link.js';
import {
  bool8,
  centiseconds32,
  centiseconds64,
  checkKeys,
  checkRange,
  enumCodec,
  ethAddr,
  kindDataOf,
  maskedBits,
  nonEmpty,
  pick,
  portDataOf,
  type VlanProtocol,
  validate,
  vlanProtocol,
} from './codecs.js';
import { checkPortOptions, indexOf, setLinkInfo, setPortData } from './port.js';

/** `IFLA_BR_*` (linux/if_link.h). */
export const IFLA_BR = {
  FORWARD_DELAY: 1,
  HELLO_TIME: 2,
  MAX_AGE: 3,
  AGEING_TIME: 4,
  STP_STATE: 5,
  PRIORITY: 6,
  VLAN_FILTERING: 7,
  VLAN_PROTOCOL: 8,
  GROUP_FWD_MASK: 9,
  ROOT_ID: 10,
  BRIDGE_ID: 11,
  ROOT_PORT: 12,
  ROOT_PATH_COST: 13,
  TOPOLOGY_CHANGE: 14,
  TOPOLOGY_CHANGE_DETECTED: 15,
  HELLO_TIMER: 16,
  TCN_TIMER: 17,
  TOPOLOGY_CHANGE_TIMER: 18,
  GC_TIMER: 19,
  GROUP_ADDR: 20,
  FDB_FLUSH: 21,
  MCAST_ROUTER: 22,
  MCAST_SNOOPING: 23,
  MCAST_QUERY_USE_IFADDR: 24,
  MCAST_QUERIER: 25,
  MCAST_HASH_ELASTICITY: 26,
  MCAST_HASH_MAX: 27,
  MCAST_LAST_MEMBER_CNT: 28,
  MCAST_STARTUP_QUERY_CNT: 29,
  MCAST_LAST_MEMBER_INTVL: 30,
  MCAST_MEMBERSHIP_INTVL: 31,
  MCAST_QUERIER_INTVL: 32,
  MCAST_QUERY_INTVL: 33,
  MCAST_QUERY_RESPONSE_INTVL: 34,
  MCAST_STARTUP_QUERY_INTVL: 35,
  NF_CALL_IPTABLES: 36,
  NF_CALL_IP6TABLES: 37,
  NF_CALL_ARPTABLES: 38,
  VLAN_DEFAULT_PVID: 39,
  PAD: 40,
  VLAN_STATS_ENABLED: 41,
  MCAST_STATS_ENABLED: 42,
  MCAST_IGMP_VERSION: 43,
  MCAST_MLD_VERSION: 44,
  VLAN_STATS_PER_PORT: 45,
  MULTI_BOOLOPT: 46,
  MCAST_QUERIER_STATE: 47,
} as const;

/** `IFLA_BR_*` newer than the installed UAPI headers (Linux 6.8), continuing {@link IFLA_BR}. */
export const IFLA_BR_NEWER = { FDB_N_LEARNED: 48, FDB_MAX_LEARNED: 49 } as const;

/** `IFLA_BRPORT_*` (linux/if_link.h). */
export const IFLA_BRPORT = {
  STATE: 1,
  PRIORITY: 2,
  COST: 3,
  MODE: 4,
  GUARD: 5,
  PROTECT: 6,
  FAST_LEAVE: 7,
  LEARNING: 8,
  UNICAST_FLOOD: 9,
  PROXYARP: 10,
  LEARNING_SYNC: 11,
  PROXYARP_WIFI: 12,
  ROOT_ID: 13,
  BRIDGE_ID: 14,
  DESIGNATED_PORT: 15,
  DESIGNATED_COST: 16,
  ID: 17,
  NO: 18,
  TOPOLOGY_CHANGE_ACK: 19,
  CONFIG_PENDING: 20,
  MESSAGE_AGE_TIMER: 21,
  FORWARD_DELAY_TIMER: 22,
  HOLD_TIMER: 23,
  FLUSH: 24,
  MULTICAST_ROUTER: 25,
  PAD: 26,
  MCAST_FLOOD: 27,
  MCAST_TO_UCAST: 28,
  VLAN_TUNNEL: 29,
  BCAST_FLOOD: 30,
  GROUP_FWD_MASK: 31,
  NEIGH_SUPPRESS: 32,
  ISOLATED: 33,
  BACKUP_PORT: 34,
  MRP_RING_OPEN: 35,
  MRP_IN_OPEN: 36,
  MCAST_EHT_HOSTS_LIMIT: 37,
  MCAST_EHT_HOSTS_CNT: 38,
  LOCKED: 39,
} as const;

/** `IFLA_BRPORT_*` newer than the installed UAPI headers (Linux 6.2 to 6.7), continuing {@link IFLA_BRPORT}. */
export const IFLA_BRPORT_NEWER = {
  MAB: 40,
  MCAST_N_GROUPS: 41,
  MCAST_MAX_GROUPS: 42,
  NEIGH_VLAN_SUPPRESS: 43,
  BACKUP_NHID: 44,
} as const;

/** `BR_BOOLOPT_*` bit numbers of `struct br_boolopt_multi` (linux/if_bridge.h). */
export const BR_BOOLOPT = { NO_LL_LEARN: 0, MCAST_VLAN_SNOOPING: 1, MST_ENABLE: 2 } as const;

/** `BRIDGE_QUERIER_*` (linux/if_bridge.h). */
export const BRIDGE_QUERIER = {
  IP_ADDRESS: 1,
  IP_PORT: 2,
  IP_OTHER_TIMER: 3,
  PAD: 4,
  IPV6_ADDRESS: 5,
  IPV6_PORT: 6,
  IPV6_OTHER_TIMER: 7,
} as const;

/** `BR_STATE_*`: STP port states (linux/if_bridge.h). */
export const BR_STATE = { DISABLED: 0, LISTENING: 1, LEARNING: 2, FORWARDING: 3, BLOCKING: 4 } as const;

/** `struct ifla_bridge_id`: priority and MAC address, as `ip -d` prints them (`8000.2:0:0:0:0:1`). */
export const iflaBridgeId = struct('ifla_bridge_id', { prio: field.be16, addr: field.mac });

/** `struct br_boolopt_multi`: bridge boolean options by bit ({@link BR_BOOLOPT}), and which of them to change. */
export const brBooloptMulti = struct('br_boolopt_multi', { optval: field.u32, optmask: field.u32 });

/** `BRIDGE_QUERIER_*`: the multicast querier the bridge has seen (read-only). */
export const bridgeQuerierAttrs = attrSet('bridge-querier', {
  ipAddress: attr(BRIDGE_QUERIER.IP_ADDRESS, ipv4),
  ipPort: attr(BRIDGE_QUERIER.IP_PORT, u32),
  /** Seconds until the other querier is considered gone. */
  ipOtherTimer: attr(BRIDGE_QUERIER.IP_OTHER_TIMER, centiseconds64),
  ipv6Address: attr(BRIDGE_QUERIER.IPV6_ADDRESS, ipv6),
  ipv6Port: attr(BRIDGE_QUERIER.IPV6_PORT, u32),
  ipv6OtherTimer: attr(BRIDGE_QUERIER.IPV6_OTHER_TIMER, centiseconds64),
});

const STP_PORT_STATES = {
  disabled: BR_STATE.DISABLED,
  listening: BR_STATE.LISTENING,
  learning: BR_STATE.LEARNING,
  forwarding: BR_STATE.FORWARDING,
  blocking: BR_STATE.BLOCKING,
} as const;

/** STP state of a bridge port. */
export type BridgePortState = keyof typeof STP_PORT_STATES;

/** `IFLA_BR_*`: the bridge's `IFLA_INFO_DATA`. Durations in seconds (see the module notes). */
export const bridgeAttrs = attrSet('bridge', {
  forwardDelay: attr(IFLA_BR.FORWARD_DELAY, centiseconds32),
  helloTime: attr(IFLA_BR.HELLO_TIME, centiseconds32),
  maxAge: attr(IFLA_BR.MAX_AGE, centiseconds32),
  ageingTime: attr(IFLA_BR.AGEING_TIME, centiseconds32),
  stpState: attr(IFLA_BR.STP_STATE, u32),
  priority: attr(IFLA_BR.PRIORITY, u16),
  vlanFiltering: attr(IFLA_BR.VLAN_FILTERING, bool8),
  vlanProtocol: attr(IFLA_BR.VLAN_PROTOCOL, vlanProtocol),
  groupFwdMask: attr(IFLA_BR.GROUP_FWD_MASK, u16),
  rootId: attr(IFLA_BR.ROOT_ID, iflaBridgeId),
  bridgeId: attr(IFLA_BR.BRIDGE_ID, iflaBridgeId),
  rootPort: attr(IFLA_BR.ROOT_PORT, u16),
  rootPathCost: attr(IFLA_BR.ROOT_PATH_COST, u32),
  topologyChange: attr(IFLA_BR.TOPOLOGY_CHANGE, bool8),
  topologyChangeDetected: attr(IFLA_BR.TOPOLOGY_CHANGE_DETECTED, bool8),
  helloTimer: attr(IFLA_BR.HELLO_TIMER, centiseconds64),
  tcnTimer: attr(IFLA_BR.TCN_TIMER, centiseconds64),
  topologyChangeTimer: attr(IFLA_BR.TOPOLOGY_CHANGE_TIMER, centiseconds64),
  gcTimer: attr(IFLA_BR.GC_TIMER, centiseconds64),
  groupAddr: attr(IFLA_BR.GROUP_ADDR, ethAddr),
  fdbFlush: attr(IFLA_BR.FDB_FLUSH, flag),
  mcastRouter: attr(IFLA_BR.MCAST_ROUTER, u8),
  mcastSnooping: attr(IFLA_BR.MCAST_SNOOPING, bool8),
  mcastQueryUseIfaddr: attr(IFLA_BR.MCAST_QUERY_USE_IFADDR, bool8),
  mcastQuerier: attr(IFLA_BR.MCAST_QUERIER, bool8),
  mcastHashElasticity: attr(IFLA_BR.MCAST_HASH_ELASTICITY, u32),
  mcastHashMax: attr(IFLA_BR.MCAST_HASH_MAX, u32),
  mcastLastMemberCnt: attr(IFLA_BR.MCAST_LAST_MEMBER_CNT, u32),
  mcastStartupQueryCnt: attr(IFLA_BR.MCAST_STARTUP_QUERY_CNT, u32),
  mcastLastMemberIntvl: attr(IFLA_BR.MCAST_LAST_MEMBER_INTVL, centiseconds64),
  mcastMembershipIntvl: attr(IFLA_BR.MCAST_MEMBERSHIP_INTVL, centiseconds64),
  mcastQuerierIntvl: attr(IFLA_BR.MCAST_QUERIER_INTVL, centiseconds64),
  mcastQueryIntvl: attr(IFLA_BR.MCAST_QUERY_INTVL, centiseconds64),
  mcastQueryResponseIntvl: attr(IFLA_BR.MCAST_QUERY_RESPONSE_INTVL, centiseconds64),
  mcastStartupQueryIntvl: attr(IFLA_BR.MCAST_STARTUP_QUERY_INTVL, centiseconds64),
  nfCallIptables: attr(IFLA_BR.NF_CALL_IPTABLES, bool8),
  nfCallIp6tables: attr(IFLA_BR.NF_CALL_IP6TABLES, bool8),
  nfCallArptables: attr(IFLA_BR.NF_CALL_ARPTABLES, bool8),
  vlanDefaultPvid: attr(IFLA_BR.VLAN_DEFAULT_PVID, u16),
  vlanStatsEnabled: attr(IFLA_BR.VLAN_STATS_ENABLED, bool8),
  mcastStatsEnabled: attr(IFLA_BR.MCAST_STATS_ENABLED, bool8),
  mcastIgmpVersion: attr(IFLA_BR.MCAST_IGMP_VERSION, u8),
  mcastMldVersion: attr(IFLA_BR.MCAST_MLD_VERSION, u8),
  vlanStatsPerPort: attr(IFLA_BR.VLAN_STATS_PER_PORT, bool8),
  multiBoolopt: attr(IFLA_BR.MULTI_BOOLOPT, brBooloptMulti),
  mcastQuerierState: attr(IFLA_BR.MCAST_QUERIER_STATE, nest(bridgeQuerierAttrs)),
  fdbNLearned: attr(IFLA_BR_NEWER.FDB_N_LEARNED, u32),
  fdbMaxLearned: attr(IFLA_BR_NEWER.FDB_MAX_LEARNED, u32),
});

/**
 * `IFLA_BRPORT_*`: a bridge port's `IFLA_INFO_SLAVE_DATA`. Names follow the
 * kernel's, except `hairpin` (`IFLA_BRPORT_MODE`) and `rootBlock`
 * (`IFLA_BRPORT_PROTECT`), which take iproute2's words. Timers in seconds.
 */
export const bridgePortAttrs = attrSet('bridge-port', {
  state: attr(IFLA_BRPORT.STATE, enumCodec(u8, STP_PORT_STATES)),
  priority: attr(IFLA_BRPORT.PRIORITY, u16),
  cost: attr(IFLA_BRPORT.COST, u32),
  hairpin: attr(IFLA_BRPORT.MODE, bool8),
  guard: attr(IFLA_BRPORT.GUARD, bool8),
  rootBlock: attr(IFLA_BRPORT.PROTECT, bool8),
  fastLeave: attr(IFLA_BRPORT.FAST_LEAVE, bool8),
  learning: attr(IFLA_BRPORT.LEARNING, bool8),
  unicastFlood: attr(IFLA_BRPORT.UNICAST_FLOOD, bool8),
  proxyarp: attr(IFLA_BRPORT.PROXYARP, bool8),
  learningSync: attr(IFLA_BRPORT.LEARNING_SYNC, bool8),
  proxyarpWifi: attr(IFLA_BRPORT.PROXYARP_WIFI, bool8),
  rootId: attr(IFLA_BRPORT.ROOT_ID, iflaBridgeId),
  bridgeId: attr(IFLA_BRPORT.BRIDGE_ID, iflaBridgeId),
  designatedPort: attr(IFLA_BRPORT.DESIGNATED_PORT, u16),
  designatedCost: attr(IFLA_BRPORT.DESIGNATED_COST, u16),
  id: attr(IFLA_BRPORT.ID, u16),
  no: attr(IFLA_BRPORT.NO, u16),
  topologyChangeAck: attr(IFLA_BRPORT.TOPOLOGY_CHANGE_ACK, bool8),
  configPending: attr(IFLA_BRPORT.CONFIG_PENDING, bool8),
  messageAgeTimer: attr(IFLA_BRPORT.MESSAGE_AGE_TIMER, centiseconds64),
  forwardDelayTimer: attr(IFLA_BRPORT.FORWARD_DELAY_TIMER, centiseconds64),
  holdTimer: attr(IFLA_BRPORT.HOLD_TIMER, centiseconds64),
  flush: attr(IFLA_BRPORT.FLUSH, flag),
  multicastRouter: attr(IFLA_BRPORT.MULTICAST_ROUTER, u8),
  mcastFlood: attr(IFLA_BRPORT.MCAST_FLOOD, bool8),
  mcastToUcast: attr(IFLA_BRPORT.MCAST_TO_UCAST, bool8),
  vlanTunnel: attr(IFLA_BRPORT.VLAN_TUNNEL, bool8),
  bcastFlood: attr(IFLA_BRPORT.BCAST_FLOOD, bool8),
  groupFwdMask: attr(IFLA_BRPORT.GROUP_FWD_MASK, u16),
  neighSuppress: attr(IFLA_BRPORT.NEIGH_SUPPRESS, bool8),
  isolated: attr(IFLA_BRPORT.ISOLATED, bool8),
  backupPort: attr(IFLA_BRPORT.BACKUP_PORT, u32),
  mrpRingOpen: attr(IFLA_BRPORT.MRP_RING_OPEN, bool8),
  mrpInOpen: attr(IFLA_BRPORT.MRP_IN_OPEN, bool8),
  mcastEhtHostsLimit: attr(IFLA_BRPORT.MCAST_EHT_HOSTS_LIMIT, u32),
  mcastEhtHostsCnt: attr(IFLA_BRPORT.MCAST_EHT_HOSTS_CNT, u32),
  locked: attr(IFLA_BRPORT.LOCKED, bool8),
  mab: attr(IFLA_BRPORT_NEWER.MAB, bool8),
  mcastNGroups: attr(IFLA_BRPORT_NEWER.MCAST_N_GROUPS, u32),
  mcastMaxGroups: attr(IFLA_BRPORT_NEWER.MCAST_MAX_GROUPS, u32),
  neighVlanSuppress: attr(IFLA_BRPORT_NEWER.NEIGH_VLAN_SUPPRESS, bool8),
  backupNhid: attr(IFLA_BRPORT_NEWER.BACKUP_NHID, u32),
});

/** Options of a bridge (`ip link add NAME type bridge ...`). */
export interface BridgeOptions {
  /** Seconds in listening and in learning state (`forward_delay`, in hundredths there). Kernel range 2..30. */
  readonly forwardDelay?: number;
  /** Seconds between hello packets when root (`hello_time`, in hundredths there). Kernel range 1..10. */
  readonly helloTime?: number;
  /** Seconds before a silent bridge is assumed dead (`max_age`, in hundredths there). Kernel range 6..40. */
  readonly maxAge?: number;
  /** Seconds an FDB entry lives without traffic (`ageing_time`, in hundredths there). */
  readonly ageingTime?: number;
  /** STP: 0 off, 1 on (the kernel reports 1 for kernel STP, 2 for user-space STP). */
  readonly stpState?: number;
  /** Bridge priority (0..65535; STP uses the top 4 bits). */
  readonly priority?: number;
  /** VLAN filtering on the ports. */
  readonly vlanFiltering?: boolean;
  /** VLAN protocol used when filtering: `802.1Q` (default) or `802.1ad`. */
  readonly vlanProtocol?: VlanProtocol;
  /** Link-local group addresses (bit N: 01:80:C2:00:00:0N) to forward instead of consuming. */
  readonly groupFwdMask?: number;
  /** STP group address, `01:80:c2:00:00:0X`. */
  readonly groupAddr?: string;
  /** Multicast router port mode: 0 disabled, 1 automatic (default), 2 permanent. */
  readonly mcastRouter?: number;
  /** IGMP/MLD snooping. */
  readonly mcastSnooping?: boolean;
  /** Use the bridge's own IP address as the querier source. */
  readonly mcastQueryUseIfaddr?: boolean;
  /** Send IGMP/MLD queries (be the querier). */
  readonly mcastQuerier?: boolean;
  /** Multicast hash elasticity (ignored by current kernels). */
  readonly mcastHashElasticity?: number;
  /** Maximum number of multicast groups. */
  readonly mcastHashMax?: number;
  /** Last-member queries sent (`mcast_last_member_count`). */
  readonly mcastLastMemberCnt?: number;
  /** Startup queries sent (`mcast_startup_query_count`). */
  readonly mcastStartupQueryCnt?: number;
  /** Seconds between last-member queries (`mcast_last_member_interval`, hundredths there). */
  readonly mcastLastMemberIntvl?: number;
  /** Seconds a group membership lives (`mcast_membership_interval`, hundredths there). */
  readonly mcastMembershipIntvl?: number;
  /** Seconds another querier is considered present (`mcast_querier_interval`, hundredths there). */
  readonly mcastQuerierIntvl?: number;
  /** Seconds between general queries (`mcast_query_interval`, hundredths there). */
  readonly mcastQueryIntvl?: number;
  /** Maximum response time of queries, in seconds (`mcast_query_response_interval`, hundredths there). */
  readonly mcastQueryResponseIntvl?: number;
  /** Seconds between startup queries (`mcast_startup_query_interval`, hundredths there). */
  readonly mcastStartupQueryIntvl?: number;
  /** Pass bridged IPv4 traffic through iptables. */
  readonly nfCallIptables?: boolean;
  /** Pass bridged IPv6 traffic through ip6tables. */
  readonly nfCallIp6tables?: boolean;
  /** Pass bridged ARP traffic through arptables. */
  readonly nfCallArptables?: boolean;
  /** PVID of new ports, 0..4094 (0: none). */
  readonly vlanDefaultPvid?: number;
  /** Per-VLAN statistics. */
  readonly vlanStatsEnabled?: boolean;
  /** Multicast statistics. */
  readonly mcastStatsEnabled?: boolean;
  /** IGMP version of queries: 2 or 3. */
  readonly mcastIgmpVersion?: number;
  /** MLD version of queries: 1 or 2. */
  readonly mcastMldVersion?: number;
  /** Per-port VLAN statistics. */
  readonly vlanStatsPerPort?: boolean;
  /** Do not learn from link-local frames (`no_linklocal_learn`; a bit of `IFLA_BR_MULTI_BOOLOPT`). */
  readonly noLinklocalLearn?: boolean;
  /** Per-VLAN multicast snooping (`mcast_vlan_snooping`; a bit of `IFLA_BR_MULTI_BOOLOPT`). */
  readonly mcastVlanSnooping?: boolean;
  /** Multiple spanning trees (`mst_enable`, Linux 5.18; a bit of `IFLA_BR_MULTI_BOOLOPT`). */
  readonly mstEnable?: boolean;
  /** Maximum number of learned FDB entries, 0 for no limit (Linux 6.8). */
  readonly fdbMaxLearned?: number;
}

declare module '../kind.js' {
  interface LinkKindMap {
    bridge: BridgeOptions;
  }
}

const BRIDGE_KEYS = [
  'forwardDelay',
  'helloTime',
  'maxAge',
  'ageingTime',
  'stpState',
  'priority',
  'vlanFiltering',
  'vlanProtocol',
  'groupFwdMask',
  'groupAddr',
  'mcastRouter',
  'mcastSnooping',
  'mcastQueryUseIfaddr',
  'mcastQuerier',
  'mcastHashElasticity',
  'mcastHashMax',
  'mcastLastMemberCnt',
  'mcastStartupQueryCnt',
  'mcastLastMemberIntvl',
  'mcastMembershipIntvl',
  'mcastQuerierIntvl',
  'mcastQueryIntvl',
  'mcastQueryResponseIntvl',
  'mcastStartupQueryIntvl',
  'nfCallIptables',
  'nfCallIp6tables',
  'nfCallArptables',
  'vlanDefaultPvid',
  'vlanStatsEnabled',
  'mcastStatsEnabled',
  'mcastIgmpVersion',
  'mcastMldVersion',
  'vlanStatsPerPort',
  'fdbMaxLearned',
] as const satisfies readonly (keyof BridgeOptions)[];

const BOOLOPTS = [
  ['noLinklocalLearn', 1 << BR_BOOLOPT.NO_LL_LEARN],
  ['mcastVlanSnooping', 1 << BR_BOOLOPT.MCAST_VLAN_SNOOPING],
  ['mstEnable', 1 << BR_BOOLOPT.MST_ENABLE],
] as const;

/** The `IFLA_BR_MULTI_BOOLOPT` value for the boolean options given, or `undefined` when none is. */
function multiBoolopt(options: BridgeOptions): { optval: number; optmask: number } | undefined {
  const bits = maskedBits(options, BOOLOPTS, 'bridge');
  return bits && { optval: bits.value, optmask: bits.mask };
}

/** The `IFLA_BR_*` attributes of bridge options, after the checks the codecs do not make. */
function bridgeDataOf(options: BridgeOptions) {
  checkRange(options.vlanDefaultPvid, 0, 4094, 'bridge.vlanDefaultPvid');
  checkRange(options.mcastRouter, 0, 2, 'bridge.mcastRouter');
  checkRange(options.mcastIgmpVersion, 2, 3, 'bridge.mcastIgmpVersion');
  checkRange(options.mcastMldVersion, 1, 2, 'bridge.mcastMldVersion');
  return { ...pick(options, BRIDGE_KEYS), multiBoolopt: multiBoolopt(options) };
}

/** The bridge kind. */
export const bridge = defineLinkKind<BridgeOptions>({
  kind: 'bridge',
  data: nest(bridgeAttrs),
  portData: nest(bridgePortAttrs),
  build: (options) => ({ data: nonEmpty(bridgeDataOf(options)) }),
});

/** Changes to an existing bridge (`ip link set dev BRIDGE type bridge ...`); what is left out is unchanged. */
export interface BridgeChangeOptions extends BridgeOptions {
  /** Flush the bridge's dynamic FDB entries (`fdb_flush`). */
  readonly fdbFlush?: boolean;
}

/**
 * Changes the settings of the bridge `ref` (`ip link set dev REF type bridge
 * ...`). The options are checked before anything is sent.
 */
export async function setBridge(
  conn: Connection<Route>,
  ref: InterfaceRef,
  options: BridgeChangeOptions,
  requestOptions: RequestOptions = {},
): Promise<void> {
  checkKeys(options, [...BRIDGE_KEYS, ...BOOLOPTS.map(([key]) => key), 'fdbFlush'], 'bridge');
  resolveRef(ref);
  const data = { ...bridgeDataOf(options), fdbFlush: options.fdbFlush };
  validate(nest(bridgeAttrs), data, 'bridge');
  await setLinkInfo(conn, ref, { kind: 'bridge', data }, 'bridge', requestOptions);
}

/** Settings of a bridge port (`ip link set dev PORT type bridge_slave ...`); what is left out is unchanged. */
export interface BridgePortOptions {
  /** STP state (`state`). */
  readonly state?: BridgePortState;
  /** Port priority, 0..63 (`priority`). */
  readonly priority?: number;
  /** Path cost (`cost`). */
  readonly cost?: number;
  /** Send frames back out the port they came in on (`hairpin`). */
  readonly hairpin?: boolean;
  /** Drop STP BPDUs received on the port (`guard`). */
  readonly guard?: boolean;
  /** Never let the port become root port (`root_block`). */
  readonly rootBlock?: boolean;
  /** Multicast fast leave (`fastleave`). */
  readonly fastLeave?: boolean;
  /** Learn source addresses (`learning`). */
  readonly learning?: boolean;
  /** Flood unknown unicast to the port (`flood`). */
  readonly unicastFlood?: boolean;
  /** Proxy ARP (`proxy_arp`). */
  readonly proxyarp?: boolean;
  /** Sync learned addresses to the device (`learning_sync`, switchdev). */
  readonly learningSync?: boolean;
  /** Proxy ARP for Wi-Fi (`proxy_arp_wifi`). */
  readonly proxyarpWifi?: boolean;
  /** Flush the port's FDB entries (`fdb_flush`). */
  readonly flush?: boolean;
  /** Multicast router mode: 0 disabled, 1 automatic, 2 permanent, 3 temporary (`mcast_router`). */
  readonly multicastRouter?: number;
  /** Flood unknown multicast (`mcast_flood`). */
  readonly mcastFlood?: boolean;
  /** Multicast to unicast (`mcast_to_unicast`). */
  readonly mcastToUcast?: boolean;
  /** VLAN tunnel mapping (`vlan_tunnel`). */
  readonly vlanTunnel?: boolean;
  /** Flood broadcast (`bcast_flood`). */
  readonly bcastFlood?: boolean;
  /** Link-local group addresses to forward (`group_fwd_mask`). */
  readonly groupFwdMask?: number;
  /** ARP/ND suppression (`neigh_suppress`). */
  readonly neighSuppress?: boolean;
  /** Isolated port (`isolated`). */
  readonly isolated?: boolean;
  /** Backup port for when this one goes down (`backup_port DEV`); `null` removes it (`nobackup_port`). */
  readonly backupPort?: InterfaceRef | null;
  /** Maximum tracked EHT hosts (`mcast_eht_hosts_limit`). */
  readonly mcastEhtHostsLimit?: number;
  /** Only let known hosts in (`locked`, 802.1X). */
  readonly locked?: boolean;
  /** MAC authentication bypass (`mab`, Linux 6.2). */
  readonly mab?: boolean;
  /** Maximum multicast groups on the port (`mcast_max_groups`, Linux 6.3). */
  readonly mcastMaxGroups?: number;
  /** Per-VLAN ARP/ND suppression (`neigh_vlan_suppress`, Linux 6.7). */
  readonly neighVlanSuppress?: boolean;
  /** Backup nexthop id (`backup_nhid`, Linux 6.7). */
  readonly backupNhid?: number;
}

const PORT_KEYS = [
  'state',
  'priority',
  'cost',
  'hairpin',
  'guard',
  'rootBlock',
  'fastLeave',
  'learning',
  'unicastFlood',
  'proxyarp',
  'learningSync',
  'proxyarpWifi',
  'flush',
  'multicastRouter',
  'mcastFlood',
  'mcastToUcast',
  'vlanTunnel',
  'bcastFlood',
  'groupFwdMask',
  'neighSuppress',
  'isolated',
  'mcastEhtHostsLimit',
  'locked',
  'mab',
  'mcastMaxGroups',
  'neighVlanSuppress',
  'backupNhid',
] as const satisfies readonly (keyof BridgePortOptions)[];

/**
 * Changes the bridge-port settings of `ref`, a link enslaved to a bridge
 * (`ip link set dev REF type bridge_slave ...`). The options are checked
 * before anything is sent; names (the port's, `backupPort`) cost one lookup each.
 */
export async function setBridgePort(
  conn: Connection<Route>,
  ref: InterfaceRef,
  options: BridgePortOptions,
  requestOptions: RequestOptions = {},
): Promise<void> {
  if (options?.backupPort !== undefined && options.backupPort !== null) resolveRef(options.backupPort);
  checkRange(options?.priority, 0, 63, 'bridge port priority');
  checkRange(options?.multicastRouter, 0, 3, 'bridge port multicastRouter');
  const data = checkPortOptions(ref, options, PORT_KEYS, bridgePortAttrs, 'bridge', ['backupPort']);
  const backup = options.backupPort;
  const backupPort =
    backup === undefined ? undefined : backup === null ? 0 : await indexOf(conn, backup, requestOptions);
  await setPortData(conn, ref, 'bridge', bridgePortAttrs, { ...data, backupPort }, requestOptions);
}

/** Decoded `IFLA_BR_*` of a bridge. */
export type BridgeData = NonNullable<ReturnType<typeof bridgeData>>;

/** The bridge attributes of `link` (durations in seconds), or `undefined` when it is not a bridge. */
export function bridgeData(link: Link) {
  return kindDataOf(link, ['bridge'], bridgeAttrs);
}

/** The bridge-port attributes of `link`, or `undefined` when it is not enslaved to a bridge. */
export function bridgePortData(link: Link) {
  return portDataOf(link, 'bridge', bridgePortAttrs);
}

declare module '../../../session/connection.js' {
  interface Connection<P> {
    /** Changes a bridge's settings (`ip link set dev BRIDGE type bridge ...`). */
    setBridge(
      this: Connection<Route>,
      ref: InterfaceRef,
      options: BridgeChangeOptions,
      requestOptions?: RequestOptions,
    ): Promise<void>;
    /** Changes a bridge port's settings (`ip link set dev PORT type bridge_slave ...`). */
    setBridgePort(
      this: Connection<Route>,
      ref: InterfaceRef,
      options: BridgePortOptions,
      requestOptions?: RequestOptions,
    ): Promise<void>;
  }
}

installMethods<Route>({ setBridge, setBridgePort });
