/**
 * Option sets shared by the request tests (which compare them with the
 * captured iproute2 commands) and the integration tests (which create links
 * with them on a real kernel and read them back).
 */

import type { BondOptions } from '../../../src/route/link/kinds/bond.js';
import type { BridgeOptions, BridgePortOptions } from '../../../src/route/link/kinds/bridge.js';
import type { VxlanOptions } from '../../../src/route/link/kinds/vxlan.js';

/** The bridge options of the bridge-many fixture that need no VLAN filtering (which this machine's kernel lacks). */
export const BRIDGE_NO_VLAN = {
  forwardDelay: 8,
  helloTime: 3,
  maxAge: 24,
  ageingTime: 60,
  stpState: 1,
  priority: 4096,
  groupFwdMask: 0x4000,
  groupAddr: '01:80:c2:00:00:0e',
  noLinklocalLearn: true,
  mcastSnooping: false,
  mcastRouter: 2,
  mcastQueryUseIfaddr: true,
  mcastQuerier: true,
  mcastHashElasticity: 16,
  mcastHashMax: 1024,
  mcastLastMemberCnt: 3,
  mcastStartupQueryCnt: 4,
  mcastLastMemberIntvl: 2,
  mcastMembershipIntvl: 300,
  mcastQuerierIntvl: 260,
  mcastQueryIntvl: 130,
  mcastQueryResponseIntvl: 11,
  mcastStartupQueryIntvl: 32,
  mcastStatsEnabled: true,
  mcastIgmpVersion: 3,
  mcastMldVersion: 2,
  nfCallIptables: true,
  nfCallIp6tables: true,
  nfCallArptables: true,
} as const satisfies BridgeOptions;

/** Everything `ip link add b0 type bridge ...` of the bridge-many fixture sets, in this library's units. */
export const BRIDGE_MANY = {
  ...BRIDGE_NO_VLAN,
  vlanFiltering: true,
  vlanProtocol: '802.1ad',
  vlanDefaultPvid: 10,
  vlanStatsEnabled: true,
  vlanStatsPerPort: true,
  mcastVlanSnooping: true,
} as const satisfies BridgeOptions;

/** `ip link set dev v0 type bridge_slave ... backup_port v2` of the bridge-port fixture (the port options). */
export const BRIDGE_PORT_MANY = {
  state: 'forwarding',
  priority: 3,
  cost: 5,
  guard: true,
  hairpin: true,
  fastLeave: true,
  rootBlock: true,
  learning: false,
  unicastFlood: false,
  proxyarp: true,
  proxyarpWifi: true,
  multicastRouter: 2,
  mcastFlood: false,
  bcastFlood: false,
  mcastToUcast: true,
  groupFwdMask: 0x4000,
  neighSuppress: true,
  vlanTunnel: true,
  isolated: true,
  locked: true,
} as const satisfies BridgePortOptions;

/** The IPv4 options of the vxlan-many fixture a kernel accepts together (`dev` is `v0`). */
export const VXLAN_V4 = {
  id: 100,
  mcastGroup: '239.1.1.1',
  dev: 'v0',
  local: '10.0.0.1',
  ttl: 64,
  tos: 0x10,
  df: 'set',
  port: 4789,
  portRange: { low: 1000, high: 2000 },
  learning: false,
  proxy: true,
  rsc: true,
  l2miss: true,
  l3miss: true,
  ageing: 600,
  limit: 100,
  udpCsum: false,
  gbp: true,
} as const satisfies VxlanOptions;

/** `ip link add vx0 type vxlan id 100 group 239.1.1.1 dev v0 ...` of the vxlan-many fixture. */
export const VXLAN_MANY = {
  ...VXLAN_V4,
  label: 12345,
  udpZeroCsum6Tx: true,
  udpZeroCsum6Rx: true,
  remcsumTx: true,
  remcsumRx: true,
} as const satisfies VxlanOptions;

/** The IPv6 options shared by the vxlan-v6 fixture and the IPv6 integration test. */
export const VXLAN_V6 = {
  id: 7,
  remote: '2001:db8::1',
  local: '2001:db8::2',
  ttl: 'inherit',
  tos: 'inherit',
  port: 8472,
} as const satisfies VxlanOptions;

/** 802.3ad options of the bond-lacp fixture any kernel with bonding accepts together. */
export const BOND_LACP_BASE = {
  mode: '802.3ad',
  miimon: 100,
  updelay: 200,
  downdelay: 200,
  adLacpRate: 'fast',
  adSelect: 'bandwidth',
  xmitHashPolicy: 'layer3+4',
  minLinks: 1,
  allSlavesActive: true,
  adActorSysPrio: 100,
  adUserPortKey: 5,
  adActorSystem: '02:00:00:00:00:aa',
} as const satisfies BondOptions;

/** Everything `ip link add bo0 type bond mode 802.3ad ...` of the bond-lacp fixture sets. */
export const BOND_LACP = {
  ...BOND_LACP_BASE,
  adLacpActive: true,
  useCarrier: false,
  tlbDynamicLb: true,
} as const satisfies BondOptions;

/** The active-backup options of the bond-arp fixture any kernel with bonding accepts together (no primary). */
export const BOND_ARP_BASE = {
  mode: 'active-backup',
  arpInterval: 1000,
  arpIpTarget: ['10.0.0.1', '10.0.0.2'],
  nsIp6Target: ['2001:db8::1', '2001:db8::2'],
  arpValidate: 'all',
  arpAllTargets: 'all',
  primaryReselect: 'better',
  failOverMac: 'active',
  numPeerNotif: 3,
  resendIgmp: 2,
  missedMax: 3,
} as const satisfies BondOptions;
