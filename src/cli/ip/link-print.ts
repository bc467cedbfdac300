/**
 * One link the way `ip link show` prints it (iproute2 6.1's `print_linkinfo`
 * and `print_linkinfo_brief`), in text or JSON, with `-d` details, `-s`
 * counters and `-br` brief lines. The calls, keys and formats follow
 * iproute2's in order, which is what makes the outputs equal.
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { AF, IFF } from '../../core/constants.js';
import type { LinkMessage } from '../../route/link/link.js';
import type { Output } from '../common/output.js';
import type { KindPrintContext, LinkTypeCli } from './link-types/types.js';
import { groupName, LINK_MODES, linkAddress, linkTypeName, OPER_STATES } from './names.js';
import { type LinkStats64, printStats64 } from './stats.js';

/** What `ip link show` filters on (iproute2's `struct link_filter`, the parts links use). */
export interface LinkFilter {
  /** Only this ifindex (0: any). */
  readonly index: number;
  /** Only links that are up. */
  readonly up: boolean;
  /** Only this device group (-1: any). */
  readonly group: number;
  /** Only ports of this master (0: any, -1: only links without a master, filtered by the kernel). */
  readonly master: number;
  /** Only links of this kind. */
  readonly kind: string | undefined;
  /** Only ports of masters of this kind (`type bridge_slave`). */
  readonly slaveKind: string | undefined;
}

/** A filter that keeps every link. */
export const NO_FILTER: LinkFilter = {
  index: 0,
  up: false,
  group: -1,
  master: 0,
  kind: undefined,
  slaveKind: undefined,
};

/** What printing a link needs besides the link. */
export interface LinkPrintEnv extends KindPrintContext {
  readonly filter: LinkFilter;
  /** `-d` given. */
  readonly details: boolean;
  /** How many `-s` were given. */
  readonly stats: number;
  /** `-br`. */
  readonly brief: boolean;
  /** `-h`. */
  readonly human: boolean;
  /** `-iec`. */
  readonly iec: boolean;
  /** The flags of an ifindex (`ll_index_to_flags`), `undefined` when the link is unknown. */
  linkFlags(index: number): number | undefined;
  /** The name of the namespace with this nsid in ours, if known (`get_name_from_nsid`). */
  nsidName(nsid: number): string | undefined;
  /** The CLI's knowledge of a kind (`bridge`, `bridge_slave`), if any. */
  linkType(kind: string): LinkTypeCli | undefined;
  /**
   * Set when `ip address` prints the link (iproute2's `!do_link`): the family
   * of the addresses shown (`AF_*`, 0 for all). The link layer then shows only
   * for all families, `-0` or `-d`; the link mode, `addrgenmode` and counters
   * are left to `ip link`, the alias to `-d`.
   */
  readonly addressFamily?: number;
  /**
   * The queue length of a link whose message has none (the `ip -6 address`
   * dump's), which iproute2 asks the kernel for with `SIOCGIFTXQLEN`.
   */
  txqlen?(index: number): number | undefined;
  /** `false`: leave the queue length out (iproute2's filter `showqueue` off, as `ip monitor` has it). */
  readonly showQueue?: boolean;
}

const FLAG_NAMES: readonly (keyof typeof IFF)[] = [
  'LOOPBACK',
  'BROADCAST',
  'POINTOPOINT',
  'MULTICAST',
  'NOARP',
  'ALLMULTI',
  'PROMISC',
  'MASTER',
  'SLAVE',
  'DEBUG',
  'DYNAMIC',
  'AUTOMEDIA',
  'PORTSEL',
  'NOTRAILERS',
  'UP',
  'LOWER_UP',
  'DORMANT',
  'ECHO',
];

/** `<BROADCAST,MULTICAST,UP,LOWER_UP>`, or the `flags` array in JSON (`print_link_flags`). */
export function printLinkFlags(out: Output, flags: number, mdown: boolean): void {
  out.openArray('any', out.json ? 'flags' : '<');
  let f = flags >>> 0;
  if (f & IFF.UP && !(f & IFF.RUNNING)) out.string('any', null, f ? '%s,' : '%s', 'NO-CARRIER');
  f &= ~IFF.RUNNING;
  for (const name of FLAG_NAMES) {
    const bit = IFF[name];
    if (f & bit) {
      f &= ~bit;
      out.string('any', null, f ? '%s,' : '%s', name);
    }
  }
  if (f) out.hex('any', null, '%x', f >>> 0);
  if (mdown) out.string('any', null, ',%s', 'M-DOWN');
  out.closeArray('any', '> ');
}

function printOperstate(out: Output, state: number, brief: boolean): void {
  const name = OPER_STATES[state];
  if (name === undefined) {
    if (out.json) out.uint('json', 'operstate_index', null, state);
    else out.hex0x('fp', null, 'state %#llx', state);
  } else if (brief) {
    out.string('any', 'operstate', '%-14s ', name);
  } else if (out.json) {
    out.string('json', 'operstate', null, name);
  } else {
    out.text('state ');
    out.text('%s ', name);
  }
}

/** `NAME` or `NAME@LINK` (`print_name_and_link`); returns whether the lower link is down (`M-DOWN`). */
export function printNameAndLink(
  out: Output,
  fmt: string,
  name: string,
  m: { readonly attrs: Pick<LinkMessage['attrs'], 'link' | 'linkNetnsid'> },
  env: Pick<LinkPrintEnv, 'linkName' | 'linkFlags'>,
): boolean {
  const a = m.attrs;
  let shown = name;
  let mdown = false;
  const iflink = a.link;
  if (iflink !== undefined) {
    if (iflink !== 0) {
      if (a.linkNetnsid !== undefined) {
        if (out.json) out.int('json', 'link_index', null, iflink | 0);
        else shown = `${name}@if${iflink}`;
      } else {
        const link = env.linkName(iflink);
        if (out.json) out.string('json', 'link', null, link);
        else shown = `${name}@${link}`;
        const flags = env.linkFlags(iflink);
        mdown = flags !== undefined && !(flags & IFF.UP);
      }
    } else if (out.json) {
      out.null('json', 'link', null, '');
    } else {
      shown = `${name}@NONE`;
    }
  }
  out.string('any', 'ifname', fmt, shown);
  return mdown;
}

function hexString(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

const LINK_EVENTS = [
  'NONE',
  'REBOOT',
  'FEATURE CHANGE',
  'BONDING FAILOVER',
  'NOTIFY PEERS',
  'RESEND IGMP',
  'BONDING OPTION',
];

const ADDR_GEN_MODES = ['eui64', 'none', 'stable_secret', 'random'];

/** Whether the link passes the filter (the checks at the top of `print_linkinfo`). */
export function passesFilter(m: LinkMessage, f: LinkFilter): boolean {
  const a = m.attrs;
  if (f.index && m.header.index !== f.index) return false;
  if (f.up && !(m.header.flags & IFF.UP)) return false;
  if (a.group !== undefined && f.group !== -1 && (a.group | 0) !== f.group) return false;
  if (a.master !== undefined) {
    if (f.master > 0 && a.master !== f.master) return false;
  } else if (f.master > 0) return false;
  const info = a.linkinfo;
  if (f.kind !== undefined && (info === undefined || (info.kind ?? '') !== f.kind)) return false;
  if (f.slaveKind !== undefined && (info === undefined || (info.portKind ?? '') !== f.slaveKind)) return false;
  return true;
}

function printLinkType(out: Output, m: LinkMessage, env: LinkPrintEnv): void {
  const info = m.attrs.linkinfo;
  if (!info) return;
  out.openObject('linkinfo');
  const kind = info.kind;
  if (kind !== undefined) {
    out.nl();
    out.string('any', 'info_kind', '    %s ', kind);
    const type = env.linkType(kind);
    if (type?.print) {
      out.openObject('info_data');
      if (info.data !== undefined) type.print(out, info.data, env);
      out.closeObject();
    }
  }
  const portKind = info.portKind;
  if (portKind !== undefined) {
    out.nl();
    out.string('any', 'info_slave_kind', '    %s_slave ', portKind);
    const type = env.linkType(`${portKind}_slave`);
    if (type?.print) {
      out.openObject('info_slave_data');
      if (info.portData !== undefined) type.print(out, info.portData, env);
      out.closeObject();
    }
  }
  out.closeObject();
}

function printAfSpec(out: Output, m: LinkMessage): void {
  const mode = m.attrs.afSpec?.inet6?.addrGenMode;
  if (mode === undefined) return;
  out.string(
    'any',
    'inet6_addr_gen_mode',
    'addrgenmode %s ',
    ADDR_GEN_MODES[mode] ?? `0x${mode.toString(16).padStart(2, '0')}`,
  );
}

function printDetails(out: Output, m: LinkMessage, env: LinkPrintEnv): void {
  const a = m.attrs;
  if (a.promiscuity !== undefined) out.uint('any', 'promiscuity', ' promiscuity %u ', a.promiscuity);
  if (a.allmulti !== undefined) out.uint('any', 'allmulti', ' allmulti %u ', a.allmulti);
  if (a.minMtu !== undefined) out.uint('any', 'min_mtu', 'minmtu %u ', a.minMtu);
  if (a.maxMtu !== undefined) out.uint('any', 'max_mtu', 'maxmtu %u ', a.maxMtu);
  printLinkType(out, m, env);
  if (env.addressFamily === undefined) printAfSpec(out, m);
  if (a.numTxQueues !== undefined) out.uint('any', 'num_tx_queues', 'numtxqueues %u ', a.numTxQueues);
  if (a.numRxQueues !== undefined) out.uint('any', 'num_rx_queues', 'numrxqueues %u ', a.numRxQueues);
  if (a.gsoMaxSize !== undefined) out.uint('any', 'gso_max_size', 'gso_max_size %u ', a.gsoMaxSize);
  if (a.gsoMaxSegs !== undefined) out.uint('any', 'gso_max_segs', 'gso_max_segs %u ', a.gsoMaxSegs);
  if (a.tsoMaxSize !== undefined) out.uint('any', 'tso_max_size', 'tso_max_size %u ', a.tsoMaxSize);
  if (a.tsoMaxSegs !== undefined) out.uint('any', 'tso_max_segs', 'tso_max_segs %u ', a.tsoMaxSegs);
  if (a.groMaxSize !== undefined) out.uint('any', 'gro_max_size', 'gro_max_size %u ', a.groMaxSize);
  if (a.physPortName !== undefined) out.string('any', 'phys_port_name', 'portname %s ', a.physPortName);
  if (a.physPortId !== undefined) out.string('any', 'phys_port_id', 'portid %s ', hexString(a.physPortId));
  if (a.physSwitchId !== undefined) out.string('any', 'phys_switch_id', 'switchid %s ', hexString(a.physSwitchId));
  if (a.parentDevBusName !== undefined) out.string('any', 'parentbus', 'parentbus %s ', a.parentDevBusName);
  if (a.parentDevName !== undefined) out.string('any', 'parentdev', 'parentdev %s ', a.parentDevName);
}

function printLinkLayer(out: Output, m: LinkMessage, env: LinkPrintEnv): void {
  const a = m.attrs;
  const type = m.header.type;
  out.nl();
  out.string('any', 'link_type', '    link/%s ', linkTypeName(type, env.numeric));
  if (a.address !== undefined) out.string('any', 'address', '%s', linkAddress(a.address, type));
  if (a.broadcast !== undefined) {
    if (m.header.flags & IFF.POINTOPOINT) {
      out.string('fp', null, ' peer ', '');
      out.bool('json', 'link_pointtopoint', null, true);
    } else {
      out.string('fp', null, ' brd ', '');
    }
    out.string('any', 'broadcast', '%s', linkAddress(a.broadcast, type));
  }
  if (a.permAddress !== undefined && a.permAddress !== a.address) {
    out.string('fp', null, ' permaddr ', '');
    out.string('any', 'permaddr', '%s', linkAddress(a.permAddress, type));
  }
}

function printNetnsIds(out: Output, m: LinkMessage, env: LinkPrintEnv): void {
  const a = m.attrs;
  if (a.linkNetnsid !== undefined) {
    const id = a.linkNetnsid;
    if (out.json) out.int('json', 'link_netnsid', null, id);
    else if (id >= 0) {
      const name = env.nsidName(id);
      if (name !== undefined) out.string('fp', null, ' link-netns %s', name);
      else out.int('fp', null, ' link-netnsid %d', id);
    } else out.string('fp', null, ' link-netnsid %s', 'unknown');
  }
  if (a.newNetnsid !== undefined) {
    const name = env.nsidName(a.newNetnsid);
    if (name !== undefined) out.string('fp', null, ' new-netns %s', name);
    else out.int('fp', null, ' new-netnsid %d', a.newNetnsid);
  }
  if (a.newIfindex !== undefined) out.int('fp', null, ' new-ifindex %d', a.newIfindex);
  if (a.protoDown) out.bool('any', 'proto_down', ' protodown on ', true);
}

function printBrief(out: Output, name: string, m: LinkMessage, env: LinkPrintEnv): void {
  const mdown = printNameAndLink(out, '%-16s ', name, m, env);
  const a = m.attrs;
  if (a.operstate !== undefined) printOperstate(out, a.operstate, true);
  if ((env.addressFamily ?? AF.PACKET) !== AF.PACKET) return;
  if (a.address !== undefined) out.string('any', 'address', '%s ', linkAddress(a.address, m.header.type));
  printLinkFlags(out, m.header.flags, mdown);
  out.string('fp', null, '%s', '\n');
}

/**
 * Prints one link of `ip link show` inside the caller's JSON object; returns
 * false (printing nothing) when the filter drops it, as iproute2 does.
 */
export function printLink(out: Output, m: LinkMessage, env: LinkPrintEnv): boolean {
  if (!passesFilter(m, env.filter)) return false;
  const a = m.attrs;
  const name = a.ifname ?? `if${m.header.index}`;
  if (env.brief) {
    printBrief(out, name, m, env);
    return true;
  }
  out.int('any', 'ifindex', '%d: ', m.header.index);
  const mdown = printNameAndLink(out, '%s: ', name, m, env);
  printLinkFlags(out, m.header.flags, mdown);
  if (a.mtu !== undefined) out.int('any', 'mtu', 'mtu %u ', a.mtu);
  if (a.qdisc !== undefined) out.string('any', 'qdisc', 'qdisc %s ', a.qdisc);
  if (a.master !== undefined) out.string('any', 'master', 'master %s ', env.linkName(a.master));
  if (a.operstate !== undefined) printOperstate(out, a.operstate, false);
  const doLink = env.addressFamily === undefined;
  if (doLink && a.linkmode !== undefined) {
    const mode = LINK_MODES[a.linkmode];
    if (mode === undefined) out.int('any', 'linkmode_index', 'mode %d ', a.linkmode);
    else out.string('any', 'linkmode', 'mode %s ', mode);
  }
  if (a.group !== undefined) out.string('any', 'group', 'group %s ', groupName(a.group, env.numeric));
  const txqlen = env.showQueue === false ? undefined : (a.txqlen ?? env.txqlen?.(m.header.index));
  if (txqlen) out.int('any', 'txqlen', 'qlen %d', txqlen | 0);
  if (a.event !== undefined) {
    const event = LINK_EVENTS[a.event];
    if (event === undefined) out.int('any', 'event', 'event %d ', a.event | 0);
    else if (a.event) out.string('any', 'event', 'event %s ', event);
  }
  if (!env.addressFamily || env.addressFamily === AF.PACKET || env.details) printLinkLayer(out, m, env);
  printNetnsIds(out, m, env);
  if (env.details) printDetails(out, m, env);
  if (a.ifalias !== undefined && (doLink || env.details)) {
    out.string('fp', null, '%s    ', out.sl);
    out.string('any', 'ifalias', 'alias %s', a.ifalias);
  }
  if (doLink && env.stats) {
    out.nl();
    const s: LinkStats64 | undefined = a.stats64;
    if (s) printStats64(out, s, a.carrierChanges, 'stats64', { level: env.stats, human: env.human, iec: env.iec });
  }
  const altnames = a.propList?.altIfname;
  if (a.propList !== undefined) {
    out.openArray('json', 'altnames');
    for (const alt of altnames ?? []) {
      out.string('fp', null, '%s    altname ', out.sl);
      out.string('any', null, '%s', alt);
    }
    out.closeArray('json', '');
  }
  out.string('fp', null, '%s', '\n');
  return true;
}
