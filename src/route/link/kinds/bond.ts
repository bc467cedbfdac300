/**
 * `bond`: link aggregation (`ip link add NAME type bond mode MODE ...`), and
 * the settings of its ports (`ip link set dev PORT type bond_slave ...`).
 *
 * Times are in milliseconds (`miimon`, `updelay`, `downdelay`,
 * `arpInterval`, `peerNotifDelay`) except `lpInterval`, in seconds, as in
 * iproute2 and on the wire.
 *
 * @module
 */

import { type InterfaceRef, resolveRef } from '../../../core/ifname.js';
import { InvalidArgumentError } from '../../../errors.js';
import { attr, attrSet, indexedArray, nest } from '../../../schema/attrs.js';
import { ipv4, ipv6, s32, u8, u16, u32 } from '../../../schema/codec.js';
import type { Connection, RequestOptions } from '../../../session/connection.js';
import { installMethods } from '../../../session/methods.js';
import type { Route } from '../../../session/protocol.js';
import { defineLinkKind } from '../kind.js';
import type { Link } from '../link.js';
import { bool8, checkRange, enumCodec, ethAddr, kindDataOf, nonEmpty, pick, portDataOf, validate } from './codecs.js';
import { checkPortOptions, setPortData } from './port.js';

/** `IFLA_BOND_*` (linux/if_link.h). */
export const IFLA_BOND = {
  MODE: 1,
  ACTIVE_SLAVE: 2,
  MIIMON: 3,
  UPDELAY: 4,
  DOWNDELAY: 5,
  USE_CARRIER: 6,
  ARP_INTERVAL: 7,
  ARP_IP_TARGET: 8,
  ARP_VALIDATE: 9,
  ARP_ALL_TARGETS: 10,
  PRIMARY: 11,
  PRIMARY_RESELECT: 12,
  FAIL_OVER_MAC: 13,
  XMIT_HASH_POLICY: 14,
  RESEND_IGMP: 15,
  NUM_PEER_NOTIF: 16,
  ALL_SLAVES_ACTIVE: 17,
  MIN_LINKS: 18,
  LP_INTERVAL: 19,
  PACKETS_PER_SLAVE: 20,
  AD_LACP_RATE: 21,
  AD_SELECT: 22,
  AD_INFO: 23,
  AD_ACTOR_SYS_PRIO: 24,
  AD_USER_PORT_KEY: 25,
  AD_ACTOR_SYSTEM: 26,
  TLB_DYNAMIC_LB: 27,
  PEER_NOTIF_DELAY: 28,
  AD_LACP_ACTIVE: 29,
  MISSED_MAX: 30,
  NS_IP6_TARGET: 31,
  COUPLED_CONTROL: 32,
} as const;

/** `IFLA_BOND_AD_INFO_*` (linux/if_link.h). */
export const IFLA_BOND_AD_INFO = { AGGREGATOR: 1, NUM_PORTS: 2, ACTOR_KEY: 3, PARTNER_KEY: 4, PARTNER_MAC: 5 } as const;

/** `IFLA_BOND_SLAVE_*` (linux/if_link.h). */
export const IFLA_BOND_SLAVE = {
  STATE: 1,
  MII_STATUS: 2,
  LINK_FAILURE_COUNT: 3,
  PERM_HWADDR: 4,
  QUEUE_ID: 5,
  AD_AGGREGATOR_ID: 6,
  AD_ACTOR_OPER_PORT_STATE: 7,
  AD_PARTNER_OPER_PORT_STATE: 8,
  PRIO: 9,
  ACTOR_PORT_PRIO: 10,
  AD_CHURN_ACTOR_STATE: 11,
  AD_CHURN_PARTNER_STATE: 12,
} as const;

/** `BOND_MODE_*` (linux/if_bonding.h). */
export const BOND_MODE = {
  ROUNDROBIN: 0,
  ACTIVEBACKUP: 1,
  XOR: 2,
  BROADCAST: 3,
  '8023AD': 4,
  TLB: 5,
  ALB: 6,
} as const;

/** `BOND_XMIT_POLICY_*` (linux/if_bonding.h). */
export const BOND_XMIT_POLICY = {
  LAYER2: 0,
  LAYER34: 1,
  LAYER23: 2,
  ENCAP23: 3,
  ENCAP34: 4,
  VLAN_SRCMAC: 5,
} as const;

/** `BOND_STATE_*`: a port's role (linux/if_bonding.h). */
export const BOND_STATE = { ACTIVE: 0, BACKUP: 1 } as const;

/** `BOND_LINK_*`: a port's MII status (linux/if_bonding.h). */
export const BOND_LINK = { UP: 0, FAIL: 1, DOWN: 2, BACK: 3 } as const;

const MODES = {
  'balance-rr': BOND_MODE.ROUNDROBIN,
  'active-backup': BOND_MODE.ACTIVEBACKUP,
  'balance-xor': BOND_MODE.XOR,
  broadcast: BOND_MODE.BROADCAST,
  '802.3ad': BOND_MODE['8023AD'],
  'balance-tlb': BOND_MODE.TLB,
  'balance-alb': BOND_MODE.ALB,
} as const;

const XMIT_HASH_POLICIES = {
  layer2: BOND_XMIT_POLICY.LAYER2,
  'layer3+4': BOND_XMIT_POLICY.LAYER34,
  'layer2+3': BOND_XMIT_POLICY.LAYER23,
  'encap2+3': BOND_XMIT_POLICY.ENCAP23,
  'encap3+4': BOND_XMIT_POLICY.ENCAP34,
  'vlan+srcmac': BOND_XMIT_POLICY.VLAN_SRCMAC,
} as const;

// The kernel's values of these live in include/net/bonding.h and bond_3ad.h, outside the UAPI.
const ARP_VALIDATE = {
  none: 0,
  active: 1,
  backup: 2,
  all: 3,
  filter: 4,
  filter_active: 5,
  filter_backup: 6,
} as const;
const ARP_ALL_TARGETS = { any: 0, all: 1 } as const;
const PRIMARY_RESELECT = { always: 0, better: 1, failure: 2 } as const;
const FAIL_OVER_MAC = { none: 0, active: 1, follow: 2 } as const;
const LACP_RATE = { slow: 0, fast: 1 } as const;
const AD_SELECT = { stable: 0, bandwidth: 1, count: 2 } as const;

/** Bonding mode. */
export type BondMode = keyof typeof MODES;
/** Transmit hash policy of the balancing modes. */
export type BondXmitHashPolicy = keyof typeof XMIT_HASH_POLICIES;
/** ARP validation. */
export type BondArpValidate = keyof typeof ARP_VALIDATE;
/** Reselection of the primary port. */
export type BondPrimaryReselect = keyof typeof PRIMARY_RESELECT;
/** MAC address policy of active-backup. */
export type BondFailOverMac = keyof typeof FAIL_OVER_MAC;
/** 802.3ad aggregator selection. */
export type BondAdSelect = keyof typeof AD_SELECT;

/** `IFLA_BOND_AD_INFO_*`: the active 802.3ad aggregator (read-only). */
export const bondAdInfoAttrs = attrSet('bond-ad-info', {
  aggregator: attr(IFLA_BOND_AD_INFO.AGGREGATOR, u16),
  numPorts: attr(IFLA_BOND_AD_INFO.NUM_PORTS, u16),
  actorKey: attr(IFLA_BOND_AD_INFO.ACTOR_KEY, u16),
  partnerKey: attr(IFLA_BOND_AD_INFO.PARTNER_KEY, u16),
  partnerMac: attr(IFLA_BOND_AD_INFO.PARTNER_MAC, ethAddr),
});

/**
 * `IFLA_BOND_*`: a bond's `IFLA_INFO_DATA`. The target lists are indexed
 * arrays whose first element has type 0, as both the kernel and iproute2 number them.
 */
export const bondAttrs = attrSet('bond', {
  mode: attr(IFLA_BOND.MODE, enumCodec(u8, MODES)),
  activeSlave: attr(IFLA_BOND.ACTIVE_SLAVE, u32),
  miimon: attr(IFLA_BOND.MIIMON, u32),
  updelay: attr(IFLA_BOND.UPDELAY, u32),
  downdelay: attr(IFLA_BOND.DOWNDELAY, u32),
  useCarrier: attr(IFLA_BOND.USE_CARRIER, bool8),
  arpInterval: attr(IFLA_BOND.ARP_INTERVAL, u32),
  arpIpTarget: attr(IFLA_BOND.ARP_IP_TARGET, indexedArray(ipv4, { base: 0 })),
  arpValidate: attr(IFLA_BOND.ARP_VALIDATE, enumCodec(u32, ARP_VALIDATE)),
  arpAllTargets: attr(IFLA_BOND.ARP_ALL_TARGETS, enumCodec(u32, ARP_ALL_TARGETS)),
  primary: attr(IFLA_BOND.PRIMARY, u32),
  primaryReselect: attr(IFLA_BOND.PRIMARY_RESELECT, enumCodec(u8, PRIMARY_RESELECT)),
  failOverMac: attr(IFLA_BOND.FAIL_OVER_MAC, enumCodec(u8, FAIL_OVER_MAC)),
  xmitHashPolicy: attr(IFLA_BOND.XMIT_HASH_POLICY, enumCodec(u8, XMIT_HASH_POLICIES)),
  resendIgmp: attr(IFLA_BOND.RESEND_IGMP, u32),
  numPeerNotif: attr(IFLA_BOND.NUM_PEER_NOTIF, u8),
  allSlavesActive: attr(IFLA_BOND.ALL_SLAVES_ACTIVE, bool8),
  minLinks: attr(IFLA_BOND.MIN_LINKS, u32),
  lpInterval: attr(IFLA_BOND.LP_INTERVAL, u32),
  packetsPerSlave: attr(IFLA_BOND.PACKETS_PER_SLAVE, u32),
  adLacpRate: attr(IFLA_BOND.AD_LACP_RATE, enumCodec(u8, LACP_RATE)),
  adSelect: attr(IFLA_BOND.AD_SELECT, enumCodec(u8, AD_SELECT)),
  adInfo: attr(IFLA_BOND.AD_INFO, nest(bondAdInfoAttrs)),
  adActorSysPrio: attr(IFLA_BOND.AD_ACTOR_SYS_PRIO, u16),
  adUserPortKey: attr(IFLA_BOND.AD_USER_PORT_KEY, u16),
  adActorSystem: attr(IFLA_BOND.AD_ACTOR_SYSTEM, ethAddr),
  tlbDynamicLb: attr(IFLA_BOND.TLB_DYNAMIC_LB, bool8),
  peerNotifDelay: attr(IFLA_BOND.PEER_NOTIF_DELAY, u32),
  adLacpActive: attr(IFLA_BOND.AD_LACP_ACTIVE, bool8),
  missedMax: attr(IFLA_BOND.MISSED_MAX, u8),
  nsIp6Target: attr(IFLA_BOND.NS_IP6_TARGET, indexedArray(ipv6, { base: 0 })),
  coupledControl: attr(IFLA_BOND.COUPLED_CONTROL, bool8),
});

/** `IFLA_BOND_SLAVE_*`: a bond port's `IFLA_INFO_SLAVE_DATA`. */
export const bondPortAttrs = attrSet('bond-port', {
  state: attr(IFLA_BOND_SLAVE.STATE, enumCodec(u8, { active: BOND_STATE.ACTIVE, backup: BOND_STATE.BACKUP })),
  miiStatus: attr(
    IFLA_BOND_SLAVE.MII_STATUS,
    enumCodec(u8, { up: BOND_LINK.UP, fail: BOND_LINK.FAIL, down: BOND_LINK.DOWN, back: BOND_LINK.BACK }),
  ),
  linkFailureCount: attr(IFLA_BOND_SLAVE.LINK_FAILURE_COUNT, u32),
  permHwaddr: attr(IFLA_BOND_SLAVE.PERM_HWADDR, ethAddr),
  queueId: attr(IFLA_BOND_SLAVE.QUEUE_ID, u16),
  adAggregatorId: attr(IFLA_BOND_SLAVE.AD_AGGREGATOR_ID, u16),
  adActorOperPortState: attr(IFLA_BOND_SLAVE.AD_ACTOR_OPER_PORT_STATE, u8),
  adPartnerOperPortState: attr(IFLA_BOND_SLAVE.AD_PARTNER_OPER_PORT_STATE, u16),
  prio: attr(IFLA_BOND_SLAVE.PRIO, s32),
  actorPortPrio: attr(IFLA_BOND_SLAVE.ACTOR_PORT_PRIO, u16),
  adChurnActorState: attr(IFLA_BOND_SLAVE.AD_CHURN_ACTOR_STATE, u8),
  adChurnPartnerState: attr(IFLA_BOND_SLAVE.AD_CHURN_PARTNER_STATE, u8),
});

/** Options of a bond (`ip link add NAME type bond ...`). */
export interface BondOptions {
  /** Bonding mode (`mode`); the kernel default is `balance-rr`. */
  readonly mode?: BondMode;
  /** The active port of active-backup, alb and tlb (`active_slave DEV`); it must already be a port. */
  readonly activeSlave?: InterfaceRef;
  /** MII link monitoring interval in ms (`miimon`). */
  readonly miimon?: number;
  /** Delay in ms before enabling a port whose link came up (`updelay`). */
  readonly updelay?: number;
  /** Delay in ms before disabling a port whose link went down (`downdelay`). */
  readonly downdelay?: number;
  /** Delay in ms between peer notifications, a multiple of `miimon`, which it needs (`peer_notify_delay`). */
  readonly peerNotifDelay?: number;
  /** Use the carrier state for link monitoring (`use_carrier`). */
  readonly useCarrier?: boolean;
  /** ARP monitoring interval in ms (`arp_interval`). */
  readonly arpInterval?: number;
  /** ARP validation (`arp_validate`). */
  readonly arpValidate?: BondArpValidate;
  /** Whether any or all targets must answer (`arp_all_targets`). */
  readonly arpAllTargets?: keyof typeof ARP_ALL_TARGETS;
  /** IPv4 ARP targets, at most 16 (`arp_ip_target A,B,...`). */
  readonly arpIpTarget?: readonly string[];
  /** IPv6 neighbour-solicitation targets, at most 16 (`ns_ip6_target A,B,...`). */
  readonly nsIp6Target?: readonly string[];
  /** Preferred port (`primary DEV`). */
  readonly primary?: InterfaceRef;
  /** When the primary becomes active again (`primary_reselect`). */
  readonly primaryReselect?: BondPrimaryReselect;
  /** MAC address policy of active-backup (`fail_over_mac`). */
  readonly failOverMac?: BondFailOverMac;
  /** Transmit hash policy (`xmit_hash_policy`). */
  readonly xmitHashPolicy?: BondXmitHashPolicy;
  /** IGMP reports sent after a failover, 0..255 (`resend_igmp`). */
  readonly resendIgmp?: number;
  /** Gratuitous ARPs / unsolicited NAs after a failover, 0..255 (`num_grat_arp`, `num_unsol_na`). */
  readonly numPeerNotif?: number;
  /** Deliver frames received on inactive ports (`all_slaves_active`). */
  readonly allSlavesActive?: boolean;
  /** Ports that must be up for the bond to have carrier (`min_links`). */
  readonly minLinks?: number;
  /** Seconds between learning packets of tlb/alb (`lp_interval`). */
  readonly lpInterval?: number;
  /** Packets per port in balance-rr, 0..65535 (0: random) (`packets_per_slave`). */
  readonly packetsPerSlave?: number;
  /** Dynamic shuffling of flows in balance-tlb (`tlb_dynamic_lb`). */
  readonly tlbDynamicLb?: boolean;
  /** LACPDU rate asked of the partner (`lacp_rate`). */
  readonly adLacpRate?: keyof typeof LACP_RATE;
  /** Send LACPDUs even when the partner does not (`lacp_active on|off`). */
  readonly adLacpActive?: boolean;
  /** 802.3ad aggregator selection (`ad_select`). */
  readonly adSelect?: BondAdSelect;
  /** 802.3ad user port key, 0..1023 (`ad_user_port_key`). */
  readonly adUserPortKey?: number;
  /** 802.3ad system priority, 1..65535 (`ad_actor_sys_prio`). */
  readonly adActorSysPrio?: number;
  /** 802.3ad system MAC address (`ad_actor_system`). */
  readonly adActorSystem?: string;
  /** Missed ARP replies before a port is down, 1..255 (`arp_missed_max`). */
  readonly missedMax?: number;
  /** Couple 802.3ad collecting and distributing (`coupled_control`, Linux 6.9). */
  readonly coupledControl?: boolean;
}

declare module '../kind.js' {
  interface LinkKindMap {
    bond: BondOptions;
  }
}

const BOND_KEYS = [
  'mode',
  'miimon',
  'updelay',
  'downdelay',
  'peerNotifDelay',
  'useCarrier',
  'arpInterval',
  'arpValidate',
  'arpAllTargets',
  'arpIpTarget',
  'nsIp6Target',
  'primaryReselect',
  'failOverMac',
  'xmitHashPolicy',
  'resendIgmp',
  'numPeerNotif',
  'allSlavesActive',
  'minLinks',
  'lpInterval',
  'packetsPerSlave',
  'tlbDynamicLb',
  'adLacpRate',
  'adLacpActive',
  'adSelect',
  'adUserPortKey',
  'adActorSysPrio',
  'adActorSystem',
  'missedMax',
  'coupledControl',
] as const satisfies readonly (keyof BondOptions)[];

/** Most targets a bond monitors (`BOND_MAX_ARP_TARGETS`, `BOND_MAX_NS_TARGETS`). */
const MAX_TARGETS = 16;

function checkTargets(list: readonly string[] | undefined, where: string): void {
  if (list !== undefined && Array.isArray(list) && list.length > MAX_TARGETS) {
    throw new InvalidArgumentError(where, `at most ${MAX_TARGETS} targets, got ${list.length}`);
  }
}

/** The bond kind. */
export const bond = defineLinkKind<BondOptions>({
  kind: 'bond',
  data: nest(bondAttrs),
  portData: nest(bondPortAttrs),
  async build(o, ctx) {
    checkTargets(o.arpIpTarget, 'bond.arpIpTarget');
    checkTargets(o.nsIp6Target, 'bond.nsIp6Target');
    checkRange(o.resendIgmp, 0, 255, 'bond.resendIgmp');
    checkRange(o.packetsPerSlave, 0, 65535, 'bond.packetsPerSlave');
    checkRange(o.lpInterval, 1, 0x7fffffff, 'bond.lpInterval');
    checkRange(o.adUserPortKey, 0, 1023, 'bond.adUserPortKey');
    checkRange(o.adActorSysPrio, 1, 65535, 'bond.adActorSysPrio');
    checkRange(o.missedMax, 1, 255, 'bond.missedMax');
    const data = pick(o, BOND_KEYS);
    validate(nest(bondAttrs), data, 'bond');
    if (o.primary !== undefined) resolveRef(o.primary);
    if (o.activeSlave !== undefined) resolveRef(o.activeSlave);
    const primary = o.primary === undefined ? undefined : await ctx.index(o.primary, 'bond primary');
    const activeSlave = o.activeSlave === undefined ? undefined : await ctx.index(o.activeSlave, 'bond active slave');
    return { data: nonEmpty({ ...data, primary, activeSlave }) };
  },
});

/** Settings of a bond port (`ip link set dev PORT type bond_slave ...`); what is left out is unchanged. */
export interface BondPortOptions {
  /** Transmit queue id of the port (`queue_id`). */
  readonly queueId?: number;
  /** Priority when choosing the active port (`prio`, Linux 6.0; signed 32-bit). */
  readonly prio?: number;
  /** 802.3ad actor port priority (`actor_port_prio`, Linux 6.17). */
  readonly actorPortPrio?: number;
}

const PORT_KEYS = ['queueId', 'prio', 'actorPortPrio'] as const satisfies readonly (keyof BondPortOptions)[];

/**
 * Changes the bond-port settings of `ref`, a link enslaved to a bond
 * (`ip link set dev REF type bond_slave ...`). The options are checked
 * before anything is sent.
 */
export async function setBondPort(
  conn: Connection<Route>,
  ref: InterfaceRef,
  options: BondPortOptions,
  requestOptions: RequestOptions = {},
): Promise<void> {
  const data = checkPortOptions(ref, options, PORT_KEYS, bondPortAttrs, 'bond');
  await setPortData(conn, ref, 'bond', bondPortAttrs, data, requestOptions);
}

/** The bond attributes of `link`, or `undefined` when it is not a bond. */
export function bondData(link: Link) {
  return kindDataOf(link, ['bond'], bondAttrs);
}

/** The bond-port attributes of `link`, or `undefined` when it is not enslaved to a bond. */
export function bondPortData(link: Link) {
  return portDataOf(link, 'bond', bondPortAttrs);
}

declare module '../../../session/connection.js' {
  interface Connection<P> {
    /** Changes a bond port's settings (`ip link set dev PORT type bond_slave ...`). */
    setBondPort(
      this: Connection<Route>,
      ref: InterfaceRef,
      options: BondPortOptions,
      requestOptions?: RequestOptions,
    ): Promise<void>;
  }
}

installMethods<Route>({ setBondPort });
