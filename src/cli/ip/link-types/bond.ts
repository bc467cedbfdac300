/**
 * `bond` and `bond_slave`: the arguments of iproute2 6.1's `iplink_bond.c`
 * and `iplink_bond_slave.c`.
 *
 * @module
 */

import { Writer } from '../../../core/writer.js';
import { type BondOptions, type BondPortOptions, bondPortAttrs } from '../../../route/link/kinds/bond.js';
import { isIpv4, isIpv6 } from '../../../schema/address.js';
import { type Args, CliError, getInteger, getU8, getU16, getU32, invarg } from '../../common/args.js';
import { parseLladdr } from '../link-args.js';
import { type KindOption, numberOption, parseKindArgs } from './options.js';
import type { LinkTypeCli } from './types.js';

type B = BondOptions;

const USAGE =
  'Usage: ... bond [ mode BONDMODE ] [ active_slave SLAVE_DEV ]\n' +
  '                [ clear_active_slave ] [ miimon MIIMON ]\n' +
  '                [ updelay UPDELAY ] [ downdelay DOWNDELAY ]\n' +
  '                [ peer_notify_delay DELAY ]\n' +
  '                [ use_carrier USE_CARRIER ]\n' +
  '                [ arp_interval ARP_INTERVAL ]\n' +
  '                [ arp_validate ARP_VALIDATE ]\n' +
  '                [ arp_all_targets ARP_ALL_TARGETS ]\n' +
  '                [ arp_ip_target [ ARP_IP_TARGET, ... ] ]\n' +
  '                [ ns_ip6_target [ NS_IP6_TARGET, ... ] ]\n' +
  '                [ primary SLAVE_DEV ]\n' +
  '                [ primary_reselect PRIMARY_RESELECT ]\n' +
  '                [ fail_over_mac FAIL_OVER_MAC ]\n' +
  '                [ xmit_hash_policy XMIT_HASH_POLICY ]\n' +
  '                [ resend_igmp RESEND_IGMP ]\n' +
  '                [ num_grat_arp|num_unsol_na NUM_GRAT_ARP|NUM_UNSOL_NA ]\n' +
  '                [ all_slaves_active ALL_SLAVES_ACTIVE ]\n' +
  '                [ min_links MIN_LINKS ]\n' +
  '                [ lp_interval LP_INTERVAL ]\n' +
  '                [ packets_per_slave PACKETS_PER_SLAVE ]\n' +
  '                [ tlb_dynamic_lb TLB_DYNAMIC_LB ]\n' +
  '                [ lacp_rate LACP_RATE ]\n' +
  '                [ lacp_active LACP_ACTIVE]\n' +
  '                [ ad_select AD_SELECT ]\n' +
  '                [ ad_user_port_key PORTKEY ]\n' +
  '                [ ad_actor_sys_prio SYSPRIO ]\n' +
  '                [ ad_actor_system LLADDR ]\n' +
  '                [ arp_missed_max MISSED_MAX ]\n' +
  '\n' +
  'BONDMODE := balance-rr|active-backup|balance-xor|broadcast|802.3ad|balance-tlb|balance-alb\n' +
  'ARP_VALIDATE := none|active|backup|all|filter|filter_active|filter_backup\n' +
  'ARP_ALL_TARGETS := any|all\n' +
  'PRIMARY_RESELECT := always|better|failure\n' +
  'FAIL_OVER_MAC := none|active|follow\n' +
  'XMIT_HASH_POLICY := layer2|layer2+3|layer3+4|encap2+3|encap3+4|vlan+srcmac\n' +
  'LACP_ACTIVE := off|on\n' +
  'LACP_RATE := slow|fast\n' +
  'AD_SELECT := stable|bandwidth|count\n';

/** A keyword taking a name of `table`, or its index (`get_index`). */
function named<T extends string>(word: string, option: keyof B, table: readonly T[], exact = false): KindOption<B> {
  return {
    word,
    exact,
    apply(args, o) {
      const text = args.take();
      const index = getInteger(text, 10);
      const value = index !== undefined ? table[index] : table.find((t) => t === text);
      if (value === undefined) throw invarg(`invalid ${word}`, text);
      (o as Record<keyof B, unknown>)[option] = option === 'adLacpActive' ? value === 'on' : value;
    },
  };
}

/** A keyword taking a port's name (`active_slave`, `primary`): `Cannot find device` when there is none. */
function port(word: string, option: 'activeSlave' | 'primary'): KindOption<B> {
  return {
    word,
    async apply(args, o, ctx) {
      const text = args.take();
      const index = await ctx.index(text);
      if (!index) throw new CliError(`Cannot find device "${text}"\n`, 1);
      o[option] = index;
    },
  };
}

/** `A,B,...` of addresses of one family (up to 16). */
function targets(args: Args, v6: boolean): string[] {
  if (args.done) return [];
  return args
    .take()
    .split(',')
    .filter(Boolean)
    .slice(0, 16)
    .map((t) => {
      if (v6 ? !isIpv6(t) : !isIpv4(t)) {
        throw new CliError(`Error: ${v6 ? 'inet6' : 'inet'} address is expected rather than "${t}".\n`, 1);
      }
      return t;
    });
}

const u32 = (word: string, option: keyof B) => numberOption<B, number>(word, option, getU32, `invalid ${word}`);
const u8Bool = (word: string, option: keyof B) =>
  numberOption<B, number>(word, option, getU8, `invalid ${word}`, (v) => v !== 0);

const OPTIONS: readonly KindOption<B>[] = [
  named('mode', 'mode', [
    'balance-rr',
    'active-backup',
    'balance-xor',
    'broadcast',
    '802.3ad',
    'balance-tlb',
    'balance-alb',
  ] as const),
  port('active_slave', 'activeSlave'),
  {
    word: 'clear_active_slave',
    apply() {
      throw new CliError('bond: "clear_active_slave" is not supported by nlink-ip.\n', 1);
    },
  },
  u32('miimon', 'miimon'),
  u32('updelay', 'updelay'),
  u32('downdelay', 'downdelay'),
  u32('peer_notify_delay', 'peerNotifDelay'),
  u8Bool('use_carrier', 'useCarrier'),
  u32('arp_interval', 'arpInterval'),
  {
    word: 'arp_ip_target',
    apply(args, o) {
      o.arpIpTarget = targets(args, false);
    },
  },
  {
    word: 'ns_ip6_target',
    exact: true,
    apply(args, o) {
      o.nsIp6Target = targets(args, true);
    },
  },
  named('arp_validate', 'arpValidate', [
    'none',
    'active',
    'backup',
    'all',
    'filter',
    'filter_active',
    'filter_backup',
  ] as const),
  named('arp_all_targets', 'arpAllTargets', ['any', 'all'] as const),
  { ...numberOption<B, number>('arp_missed_max', 'missedMax', getU8, 'invalid arp_missed_max'), exact: true },
  port('primary', 'primary'),
  named('primary_reselect', 'primaryReselect', ['always', 'better', 'failure'] as const),
  named('fail_over_mac', 'failOverMac', ['none', 'active', 'follow'] as const),
  named('xmit_hash_policy', 'xmitHashPolicy', [
    'layer2',
    'layer3+4',
    'layer2+3',
    'encap2+3',
    'encap3+4',
    'vlan+srcmac',
  ] as const),
  u32('resend_igmp', 'resendIgmp'),
  ...['num_grat_arp', 'num_unsol_na'].map((w) =>
    numberOption<B, number>(w, 'numPeerNotif', getU8, 'invalid num_grat_arp|num_unsol_na'),
  ),
  u8Bool('all_slaves_active', 'allSlavesActive'),
  u32('min_links', 'minLinks'),
  u32('lp_interval', 'lpInterval'),
  u32('packets_per_slave', 'packetsPerSlave'),
  named('lacp_rate', 'adLacpRate', ['slow', 'fast'] as const),
  named('lacp_active', 'adLacpActive', ['off', 'on'] as const, true),
  named('ad_select', 'adSelect', ['stable', 'bandwidth', 'count'] as const),
  numberOption<B, number>('ad_user_port_key', 'adUserPortKey', getU16, 'invalid ad_user_port_key'),
  numberOption<B, number>('ad_actor_sys_prio', 'adActorSysPrio', getU16, 'invalid ad_actor_sys_prio'),
  {
    word: 'ad_actor_system',
    apply(args, o) {
      o.adActorSystem = parseLladdr(args.take()).mac;
    },
  },
  u8Bool('tlb_dynamic_lb', 'tlbDynamicLb'),
];

/** `bond`. */
export const bond: LinkTypeCli = {
  kind: 'bond',
  parse: (args, ctx) => parseKindArgs(args, { kind: 'bond', usage: USAGE }, OPTIONS, ctx),
};

type P = BondPortOptions;

const PORT_USAGE = 'Usage: ... bond_slave [ queue_id ID ] [ prio PRIORITY ]\n';

const PORT_OPTIONS: readonly KindOption<P>[] = [
  numberOption<P, number>('queue_id', 'queueId', getU16, 'queue_id is invalid'),
  { ...numberOption<P, number>('prio', 'prio', getInteger, 'prio is invalid'), exact: true },
];

/** `bond_slave`: the settings of a bond's port. */
export const bondSlave: LinkTypeCli = {
  kind: 'bond_slave',
  parse: (args, ctx) =>
    parseKindArgs(args, { kind: 'bond_slave', usage: PORT_USAGE, unknown: 'option' }, PORT_OPTIONS, ctx),
  portData(options) {
    const w = new Writer(64);
    bondPortAttrs.encode(w, options, 'bond port');
    return w.finish();
  },
};
