/**
 * `bridge` and `bridge_slave`: arguments and `-d` output as iproute2 6.1's
 * `iplink_bridge.c` and `iplink_bridge_slave.c` have them.
 *
 * The library keeps durations in seconds; iproute2 reads and prints the
 * kernel's hundredths, so values are converted both ways here.
 *
 * @module
 */

import { Writer } from '../../../core/writer.js';
import {
  type BridgeChangeOptions,
  type BridgeOptions,
  type BridgePortOptions,
  type BridgePortState,
  type bridgeAttrs,
  bridge as bridgeKind,
  bridgePortAttrs,
} from '../../../route/link/kinds/bridge.js';
import type { Decoded } from '../../../schema/attrs.js';
import { getU8, getU16, getU32, getU64, invarg } from '../../common/args.js';
import type { Output } from '../../common/output.js';
import { cFormat } from '../../common/printf.js';
import { parseLladdr } from '../link-args.js';
import { flagOption, type KindOption, type KindSyntax, numberOption, onOffOption, parseKindArgs } from './options.js';
import type { KindPrintContext, LinkTypeCli } from './types.js';
import { parseVlanProtocol } from './values.js';

type BridgeData = Decoded<(typeof bridgeAttrs)['fields']>;
type BridgePortData = Decoded<(typeof bridgePortAttrs)['fields']>;

const BRIDGE_SYNTAX: KindSyntax = {
  kind: 'bridge',
  usage:
    'Usage: ... bridge [ fdb_flush ]\n' +
    '\t\t  [ forward_delay FORWARD_DELAY ]\n' +
    '\t\t  [ hello_time HELLO_TIME ]\n' +
    '\t\t  [ max_age MAX_AGE ]\n' +
    '\t\t  [ ageing_time AGEING_TIME ]\n' +
    '\t\t  [ stp_state STP_STATE ]\n' +
    '\t\t  [ priority PRIORITY ]\n' +
    '\t\t  [ group_fwd_mask MASK ]\n' +
    '\t\t  [ group_address ADDRESS ]\n' +
    '\t\t  [ no_linklocal_learn NO_LINKLOCAL_LEARN ]\n' +
    '\t\t  [ vlan_filtering VLAN_FILTERING ]\n' +
    '\t\t  [ vlan_protocol VLAN_PROTOCOL ]\n' +
    '\t\t  [ vlan_default_pvid VLAN_DEFAULT_PVID ]\n' +
    '\t\t  [ vlan_stats_enabled VLAN_STATS_ENABLED ]\n' +
    '\t\t  [ vlan_stats_per_port VLAN_STATS_PER_PORT ]\n' +
    '\t\t  [ mcast_snooping MULTICAST_SNOOPING ]\n' +
    '\t\t  [ mcast_vlan_snooping MULTICAST_VLAN_SNOOPING ]\n' +
    '\t\t  [ mcast_router MULTICAST_ROUTER ]\n' +
    '\t\t  [ mcast_query_use_ifaddr MCAST_QUERY_USE_IFADDR ]\n' +
    '\t\t  [ mcast_querier MULTICAST_QUERIER ]\n' +
    '\t\t  [ mcast_hash_elasticity HASH_ELASTICITY ]\n' +
    '\t\t  [ mcast_hash_max HASH_MAX ]\n' +
    '\t\t  [ mcast_last_member_count LAST_MEMBER_COUNT ]\n' +
    '\t\t  [ mcast_startup_query_count STARTUP_QUERY_COUNT ]\n' +
    '\t\t  [ mcast_last_member_interval LAST_MEMBER_INTERVAL ]\n' +
    '\t\t  [ mcast_membership_interval MEMBERSHIP_INTERVAL ]\n' +
    '\t\t  [ mcast_querier_interval QUERIER_INTERVAL ]\n' +
    '\t\t  [ mcast_query_interval QUERY_INTERVAL ]\n' +
    '\t\t  [ mcast_query_response_interval QUERY_RESPONSE_INTERVAL ]\n' +
    '\t\t  [ mcast_startup_query_interval STARTUP_QUERY_INTERVAL ]\n' +
    '\t\t  [ mcast_stats_enabled MCAST_STATS_ENABLED ]\n' +
    '\t\t  [ mcast_igmp_version IGMP_VERSION ]\n' +
    '\t\t  [ mcast_mld_version MLD_VERSION ]\n' +
    '\t\t  [ nf_call_iptables NF_CALL_IPTABLES ]\n' +
    '\t\t  [ nf_call_ip6tables NF_CALL_IP6TABLES ]\n' +
    '\t\t  [ nf_call_arptables NF_CALL_ARPTABLES ]\n' +
    '\n' +
    'Where: VLAN_PROTOCOL := { 802.1Q | 802.1ad }\n',
};

/** Hundredths of a second as the library's seconds. */
const seconds = (cs: number | bigint): number => Number(cs) / 100;
/** The library's seconds as the kernel's hundredths. */
const hundredths = (s: number): number => Math.round(s * 100);

type B = BridgeChangeOptions;
const u32Cs = (word: string, option: keyof B) =>
  numberOption<B, number>(word, option, getU32, `invalid ${word}`, seconds);
const u64Cs = (word: string, option: keyof B) =>
  numberOption<B, bigint>(word, option, getU64, `invalid ${word}`, seconds);
const u8Bool = (word: string, option: keyof B) =>
  numberOption<B, number>(word, option, getU8, `invalid ${word}`, (v) => v !== 0);
const u8Num = (word: string, option: keyof B) => numberOption<B, number>(word, option, getU8, `invalid ${word}`);
const u32Num = (word: string, option: keyof B) => numberOption<B, number>(word, option, getU32, `invalid ${word}`);

const BRIDGE_OPTIONS: readonly KindOption<B>[] = [
  u32Cs('forward_delay', 'forwardDelay'),
  u32Cs('hello_time', 'helloTime'),
  u32Cs('max_age', 'maxAge'),
  u32Cs('ageing_time', 'ageingTime'),
  u32Num('stp_state', 'stpState'),
  numberOption<B, number>('priority', 'priority', getU16, 'invalid priority'),
  u8Bool('vlan_filtering', 'vlanFiltering'),
  {
    word: 'vlan_protocol',
    apply(args, options) {
      options.vlanProtocol = parseVlanProtocol(args.take(), 'invalid vlan_protocol');
    },
  },
  numberOption<B, number>('group_fwd_mask', 'groupFwdMask', getU16, 'invalid group_fwd_mask'),
  {
    word: 'group_address',
    apply(args, options) {
      options.groupAddr = parseLladdr(args.take()).mac;
    },
  },
  { ...u8Bool('no_linklocal_learn', 'noLinklocalLearn'), exact: true },
  flagOption<B, 'fdbFlush'>('fdb_flush', 'fdbFlush', true),
  numberOption<B, number>('vlan_default_pvid', 'vlanDefaultPvid', getU16, 'invalid vlan_default_pvid'),
  u8Bool('vlan_stats_enabled', 'vlanStatsEnabled'),
  u8Bool('vlan_stats_per_port', 'vlanStatsPerPort'),
  u8Num('mcast_router', 'mcastRouter'),
  u8Bool('mcast_snooping', 'mcastSnooping'),
  { ...u8Bool('mcast_vlan_snooping', 'mcastVlanSnooping'), exact: true },
  u8Bool('mcast_query_use_ifaddr', 'mcastQueryUseIfaddr'),
  u8Bool('mcast_querier', 'mcastQuerier'),
  u32Num('mcast_hash_elasticity', 'mcastHashElasticity'),
  u32Num('mcast_hash_max', 'mcastHashMax'),
  u32Num('mcast_last_member_count', 'mcastLastMemberCnt'),
  u32Num('mcast_startup_query_count', 'mcastStartupQueryCnt'),
  u64Cs('mcast_last_member_interval', 'mcastLastMemberIntvl'),
  u64Cs('mcast_membership_interval', 'mcastMembershipIntvl'),
  u64Cs('mcast_querier_interval', 'mcastQuerierIntvl'),
  u64Cs('mcast_query_interval', 'mcastQueryIntvl'),
  u64Cs('mcast_query_response_interval', 'mcastQueryResponseIntvl'),
  u64Cs('mcast_startup_query_interval', 'mcastStartupQueryIntvl'),
  u8Bool('mcast_stats_enabled', 'mcastStatsEnabled'),
  u8Num('mcast_igmp_version', 'mcastIgmpVersion'),
  u8Num('mcast_mld_version', 'mcastMldVersion'),
  u8Bool('nf_call_iptables', 'nfCallIptables'),
  u8Bool('nf_call_ip6tables', 'nfCallIp6tables'),
  u8Bool('nf_call_arptables', 'nfCallArptables'),
];

/** `struct ifla_bridge_id` as `br_dump_bridge_id` prints it: `8000.2:0:0:0:0:1` (no zero padding in the MAC). */
export function bridgeIdText(id: { prio: number; addr: string }): string {
  const mac = id.addr
    .split(':')
    .map((h) => Number.parseInt(h, 16).toString(16))
    .join(':');
  return `${cFormat('%.4x', id.prio)}.${mac}`;
}

/** A bridge timer (`_bridge_print_timer`): `gc_timer  264.78` in text, `"gc_timer": 264.78` in JSON. */
function printTimer(out: Output, name: string, secondsValue: number): void {
  const jiffies = hundredths(secondsValue);
  const sec = Math.trunc(jiffies / 100);
  const frac = jiffies % 100;
  if (out.json) out.rawJson(name, cFormat('%i.%.2i', sec, frac));
  else out.text('%s %4i.%.2i ', name, sec, frac);
}

const num = (b: boolean | undefined): number => (b ? 1 : 0);

function vlanProtocolName(v: string | number, numeric: boolean): string {
  if (typeof v === 'number') return `[${v}]`;
  if (!numeric) return v;
  return `[${v === '802.1Q' ? 0x8100 : 0x88a8}]`;
}

function printBridge(out: Output, data: unknown, ctx: KindPrintContext): void {
  const d = data as BridgeData;
  if (d.forwardDelay !== undefined) out.uint('any', 'forward_delay', 'forward_delay %u ', hundredths(d.forwardDelay));
  if (d.helloTime !== undefined) out.uint('any', 'hello_time', 'hello_time %u ', hundredths(d.helloTime));
  if (d.maxAge !== undefined) out.uint('any', 'max_age', 'max_age %u ', hundredths(d.maxAge));
  if (d.ageingTime !== undefined) out.uint('any', 'ageing_time', 'ageing_time %u ', hundredths(d.ageingTime));
  if (d.stpState !== undefined) out.uint('any', 'stp_state', 'stp_state %u ', d.stpState);
  if (d.priority !== undefined) out.uint('any', 'priority', 'priority %u ', d.priority);
  if (d.vlanFiltering !== undefined) out.uint('any', 'vlan_filtering', 'vlan_filtering %u ', num(d.vlanFiltering));
  if (d.vlanProtocol !== undefined) {
    out.string('any', 'vlan_protocol', 'vlan_protocol %s ', vlanProtocolName(d.vlanProtocol, ctx.numeric));
  }
  if (d.bridgeId !== undefined) out.string('any', 'bridge_id', 'bridge_id %s ', bridgeIdText(d.bridgeId));
  // iproute2 6.1 prints the bridge id under root_id too.
  if (d.rootId !== undefined && d.bridgeId !== undefined) {
    out.string('any', 'root_id', 'designated_root %s ', bridgeIdText(d.bridgeId));
  }
  if (d.rootPort !== undefined) out.uint('any', 'root_port', 'root_port %u ', d.rootPort);
  if (d.rootPathCost !== undefined) out.uint('any', 'root_path_cost', 'root_path_cost %u ', d.rootPathCost);
  if (d.topologyChange !== undefined) {
    out.uint('any', 'topology_change', 'topology_change %u ', num(d.topologyChange));
  }
  if (d.topologyChangeDetected !== undefined) {
    out.uint('any', 'topology_change_detected', 'topology_change_detected %u ', num(d.topologyChangeDetected));
  }
  if (d.helloTimer !== undefined) printTimer(out, 'hello_timer', d.helloTimer);
  if (d.tcnTimer !== undefined) printTimer(out, 'tcn_timer', d.tcnTimer);
  if (d.topologyChangeTimer !== undefined) printTimer(out, 'topology_change_timer', d.topologyChangeTimer);
  if (d.gcTimer !== undefined) printTimer(out, 'gc_timer', d.gcTimer);
  if (d.vlanDefaultPvid !== undefined) {
    out.uint('any', 'vlan_default_pvid', 'vlan_default_pvid %u ', d.vlanDefaultPvid);
  }
  if (d.vlanStatsEnabled !== undefined) {
    out.uint('any', 'vlan_stats_enabled', 'vlan_stats_enabled %u ', num(d.vlanStatsEnabled));
  }
  if (d.vlanStatsPerPort !== undefined) {
    out.uint('any', 'vlan_stats_per_port', 'vlan_stats_per_port %u ', num(d.vlanStatsPerPort));
  }
  if (d.groupFwdMask !== undefined) out.hex0x('any', 'group_fwd_mask', 'group_fwd_mask %#llx ', d.groupFwdMask);
  if (d.groupAddr !== undefined) out.string('any', 'group_addr', 'group_address %s ', d.groupAddr);
  if (d.mcastSnooping !== undefined) out.uint('any', 'mcast_snooping', 'mcast_snooping %u ', num(d.mcastSnooping));
  const bm = d.multiBoolopt;
  if (bm !== undefined) {
    const noLlLearn = 1 << 0;
    const mcastVlanSnooping = 1 << 1;
    if (bm.optmask & noLlLearn) {
      out.uint('any', 'no_linklocal_learn', 'no_linklocal_learn %u ', bm.optval & noLlLearn ? 1 : 0);
    }
    if (bm.optmask & mcastVlanSnooping) {
      out.uint('any', 'mcast_vlan_snooping', 'mcast_vlan_snooping %u ', bm.optval & mcastVlanSnooping ? 1 : 0);
    }
  }
  if (d.mcastRouter !== undefined) out.uint('any', 'mcast_router', 'mcast_router %u ', d.mcastRouter);
  if (d.mcastQueryUseIfaddr !== undefined) {
    out.uint('any', 'mcast_query_use_ifaddr', 'mcast_query_use_ifaddr %u ', num(d.mcastQueryUseIfaddr));
  }
  if (d.mcastQuerier !== undefined) out.uint('any', 'mcast_querier', 'mcast_querier %u ', num(d.mcastQuerier));
  if (d.mcastHashElasticity !== undefined) {
    out.uint('any', 'mcast_hash_elasticity', 'mcast_hash_elasticity %u ', d.mcastHashElasticity);
  }
  if (d.mcastHashMax !== undefined) out.uint('any', 'mcast_hash_max', 'mcast_hash_max %u ', d.mcastHashMax);
  if (d.mcastLastMemberCnt !== undefined) {
    out.uint('any', 'mcast_last_member_cnt', 'mcast_last_member_count %u ', d.mcastLastMemberCnt);
  }
  if (d.mcastStartupQueryCnt !== undefined) {
    out.uint('any', 'mcast_startup_query_cnt', 'mcast_startup_query_count %u ', d.mcastStartupQueryCnt);
  }
  const intervals: readonly [number | undefined, string, string][] = [
    [d.mcastLastMemberIntvl, 'mcast_last_member_intvl', 'mcast_last_member_interval'],
    [d.mcastMembershipIntvl, 'mcast_membership_intvl', 'mcast_membership_interval'],
    [d.mcastQuerierIntvl, 'mcast_querier_intvl', 'mcast_querier_interval'],
    [d.mcastQueryIntvl, 'mcast_query_intvl', 'mcast_query_interval'],
    [d.mcastQueryResponseIntvl, 'mcast_query_response_intvl', 'mcast_query_response_interval'],
    [d.mcastStartupQueryIntvl, 'mcast_startup_query_intvl', 'mcast_startup_query_interval'],
  ];
  for (const [value, key, word] of intervals) {
    if (value !== undefined) out.u64('any', key, `${word} %llu `, hundredths(value));
  }
  const u8s: readonly [boolean | number | undefined, string][] = [
    [d.mcastStatsEnabled, 'mcast_stats_enabled'],
    [d.mcastIgmpVersion, 'mcast_igmp_version'],
    [d.mcastMldVersion, 'mcast_mld_version'],
    [d.nfCallIptables, 'nf_call_iptables'],
    [d.nfCallIp6tables, 'nf_call_ip6tables'],
    [d.nfCallArptables, 'nf_call_arptables'],
  ];
  for (const [value, key] of u8s) {
    if (value !== undefined) out.uint('any', key, `${key} %u `, Number(value));
  }
}

/** `bridge`. */
export const bridge: LinkTypeCli = {
  kind: 'bridge',
  parse: (args, ctx) => parseKindArgs(args, BRIDGE_SYNTAX, BRIDGE_OPTIONS, ctx),
  print: printBridge,
  /** The library's bridge, plus `fdb_flush` (`IFLA_BR_FDB_FLUSH`), which it takes only from `setBridge`. */
  async build(options, ctx) {
    const { fdbFlush, ...rest } = options as BridgeChangeOptions;
    const built = await bridgeKind.build(rest as BridgeOptions, ctx);
    if (!fdbFlush) return built;
    return { ...built, data: { ...(built.data as object | undefined), fdbFlush: true } };
  },
};

// --- bridge_slave ---

const SLAVE_SYNTAX: KindSyntax = {
  kind: 'bridge_slave',
  unknown: 'option',
  usage:
    'Usage: ... bridge_slave [ fdb_flush ]\n' +
    '\t\t\t[ state STATE ]\n' +
    '\t\t\t[ priority PRIO ]\n' +
    '\t\t\t[ cost COST ]\n' +
    '\t\t\t[ guard {on | off} ]\n' +
    '\t\t\t[ hairpin {on | off} ]\n' +
    '\t\t\t[ fastleave {on | off} ]\n' +
    '\t\t\t[ root_block {on | off} ]\n' +
    '\t\t\t[ learning {on | off} ]\n' +
    '\t\t\t[ flood {on | off} ]\n' +
    '\t\t\t[ proxy_arp {on | off} ]\n' +
    '\t\t\t[ proxy_arp_wifi {on | off} ]\n' +
    '\t\t\t[ mcast_router MULTICAST_ROUTER ]\n' +
    '\t\t\t[ mcast_fast_leave {on | off} ]\n' +
    '\t\t\t[ mcast_flood {on | off} ]\n' +
    '\t\t\t[ bcast_flood {on | off} ]\n' +
    '\t\t\t[ mcast_to_unicast {on | off} ]\n' +
    '\t\t\t[ group_fwd_mask MASK ]\n' +
    '\t\t\t[ neigh_suppress {on | off} ]\n' +
    '\t\t\t[ vlan_tunnel {on | off} ]\n' +
    '\t\t\t[ isolated {on | off} ]\n' +
    '\t\t\t[ locked {on | off} ]\n' +
    '\t\t\t[ backup_port DEVICE ] [ nobackup_port ]\n',
};

const PORT_STATES: readonly BridgePortState[] = ['disabled', 'listening', 'learning', 'forwarding', 'blocking'];

type P = BridgePortOptions;

const SLAVE_OPTIONS: readonly KindOption<P>[] = [
  flagOption<P, 'flush'>('fdb_flush', 'flush', true),
  {
    word: 'state',
    apply(args, options) {
      const v = args.take();
      const state = PORT_STATES[getU8(v) ?? -1];
      if (state === undefined) throw invarg('state is invalid', v);
      options.state = state;
    },
  },
  numberOption<P, number>('priority', 'priority', getU16, 'priority is invalid'),
  numberOption<P, number>('cost', 'cost', getU32, 'cost is invalid'),
  onOffOption<P>('hairpin', 'hairpin'),
  onOffOption<P>('guard', 'guard'),
  onOffOption<P>('root_block', 'rootBlock'),
  onOffOption<P>('fastleave', 'fastLeave'),
  onOffOption<P>('learning', 'learning'),
  onOffOption<P>('flood', 'unicastFlood'),
  onOffOption<P>('mcast_flood', 'mcastFlood'),
  onOffOption<P>('bcast_flood', 'bcastFlood'),
  onOffOption<P>('mcast_to_unicast', 'mcastToUcast'),
  onOffOption<P>('proxy_arp', 'proxyarp'),
  onOffOption<P>('proxy_arp_wifi', 'proxyarpWifi'),
  numberOption<P, number>('mcast_router', 'multicastRouter', getU8, 'invalid mcast_router'),
  onOffOption<P>('mcast_fast_leave', 'fastLeave'),
  onOffOption<P>('neigh_suppress', 'neighSuppress'),
  numberOption<P, number>('group_fwd_mask', 'groupFwdMask', getU16, 'invalid group_fwd_mask'),
  onOffOption<P>('vlan_tunnel', 'vlanTunnel'),
  onOffOption<P>('isolated', 'isolated'),
  onOffOption<P>('locked', 'locked'),
  {
    word: 'backup_port',
    async apply(args, options, ctx) {
      const v = args.take();
      const index = await ctx.index(v);
      if (!index) throw invarg('Device does not exist\n', v);
      options.backupPort = index;
    },
  },
  flagOption<P, 'backupPort'>('nobackup_port', 'backupPort', 0),
];

const FWD_MASK_NAMES: Readonly<Record<number, string>> = { 0: 'stp', 2: 'lacp', 14: 'lldp' };

/** `_bitmask2str`: `stp,lacp,0x8` for the bits set, `0x0` for none. */
function fwdMaskText(mask: number): string {
  const parts: string[] = [];
  for (let i = 0; i < 16; i++) {
    if (mask & (1 << i)) parts.push(FWD_MASK_NAMES[i] ?? `0x${(1 << i).toString(16)}`);
  }
  return parts.length ? parts.join(',') : '0x0';
}

function printBridgePort(out: Output, data: unknown, ctx: KindPrintContext): void {
  const d = data as BridgePortData;
  if (d.state !== undefined) {
    if (typeof d.state === 'string') out.string('any', 'state', 'state %s ', d.state);
    else out.int('any', 'state_index', 'state (%d) ', d.state);
  }
  if (d.priority !== undefined) out.int('any', 'priority', 'priority %d ', d.priority);
  if (d.cost !== undefined) out.int('any', 'cost', 'cost %d ', d.cost | 0);
  const onOff: readonly [boolean | undefined, string][] = [
    [d.hairpin, 'hairpin'],
    [d.guard, 'guard'],
    [d.rootBlock, 'root_block'],
    [d.fastLeave, 'fastleave'],
    [d.learning, 'learning'],
    [d.unicastFlood, 'flood'],
  ];
  for (const [value, key] of onOff) if (value !== undefined) out.onOff('any', key, `${key} %s `, value);
  if (d.id !== undefined) out.hex0x('any', 'id', 'port_id %#llx ', d.id);
  if (d.no !== undefined) out.hex0x('any', 'no', 'port_no %#llx ', d.no);
  if (d.designatedPort !== undefined) out.uint('any', 'designated_port', 'designated_port %u ', d.designatedPort);
  if (d.designatedCost !== undefined) out.uint('any', 'designated_cost', 'designated_cost %u ', d.designatedCost);
  if (d.bridgeId !== undefined) out.string('any', 'bridge_id', 'designated_bridge %s ', bridgeIdText(d.bridgeId));
  if (d.rootId !== undefined) out.string('any', 'root_id', 'designated_root %s ', bridgeIdText(d.rootId));
  if (d.holdTimer !== undefined) printTimer(out, 'hold_timer', d.holdTimer);
  if (d.messageAgeTimer !== undefined) printTimer(out, 'message_age_timer', d.messageAgeTimer);
  if (d.forwardDelayTimer !== undefined) printTimer(out, 'forward_delay_timer', d.forwardDelayTimer);
  if (d.topologyChangeAck !== undefined) {
    out.uint('any', 'topology_change_ack', 'topology_change_ack %u ', num(d.topologyChangeAck));
  }
  if (d.configPending !== undefined) out.uint('any', 'config_pending', 'config_pending %u ', num(d.configPending));
  if (d.proxyarp !== undefined) out.onOff('any', 'proxy_arp', 'proxy_arp %s ', d.proxyarp);
  if (d.proxyarpWifi !== undefined) out.onOff('any', 'proxy_arp_wifi', 'proxy_arp_wifi %s ', d.proxyarpWifi);
  if (d.multicastRouter !== undefined) out.uint('any', 'multicast_router', 'mcast_router %u ', d.multicastRouter);
  if (d.fastLeave !== undefined) out.string('fp', null, 'mcast_fast_leave %s ', d.fastLeave ? 'on' : 'off');
  const more: readonly [boolean | undefined, string][] = [
    [d.mcastFlood, 'mcast_flood'],
    [d.bcastFlood, 'bcast_flood'],
    [d.mcastToUcast, 'mcast_to_unicast'],
    [d.neighSuppress, 'neigh_suppress'],
  ];
  for (const [value, key] of more) if (value !== undefined) out.onOff('any', key, `${key} %s `, value);
  if (d.groupFwdMask !== undefined) {
    out.hex0x('any', 'group_fwd_mask', 'group_fwd_mask %#llx ', d.groupFwdMask);
    out.string('any', 'group_fwd_mask_str', 'group_fwd_mask_str %s ', fwdMaskText(d.groupFwdMask));
  }
  const last: readonly [boolean | undefined, string][] = [
    [d.vlanTunnel, 'vlan_tunnel'],
    [d.isolated, 'isolated'],
    [d.locked, 'locked'],
  ];
  for (const [value, key] of last) if (value !== undefined) out.onOff('any', key, `${key} %s `, value);
  if (d.backupPort !== undefined) out.string('any', 'backup_port', 'backup_port %s ', ctx.linkName(d.backupPort));
}

/** `bridge_slave`: the settings of a bridge's port. */
export const bridgeSlave: LinkTypeCli = {
  kind: 'bridge_slave',
  parse: (args, ctx) => parseKindArgs(args, SLAVE_SYNTAX, SLAVE_OPTIONS, ctx),
  print: printBridgePort,
  indexes: (data) => {
    const port = (data as BridgePortData).backupPort;
    return port === undefined ? [] : [port];
  },
  portData(options) {
    const w = new Writer(256);
    bridgePortAttrs.encode(w, options, 'bridge port');
    return w.finish();
  },
};
