/**
 * `nlink-bridge vlan`: add, delete and show the VLANs of bridge ports and
 * their VLAN-to-VNI tunnel mappings, set per-VLAN and bridge-wide VLAN
 * options, with iproute2's arguments, requests and output (`bridge/vlan.c`).
 *
 * @module
 */

import { AF, RTEXT_FILTER, RTM } from '../../core/constants.js';
import {
  BRIDGE_FLAGS,
  BRIDGE_VLAN_INFO,
  BRIDGE_VLANDB_DUMPF,
  bridgeLinkMessage,
  mdbRouterAttrs,
  vlanDbDumpMessage,
  vlanDbMessage,
} from '../../route/bridge/schema.js';
import { struct } from '../../schema/codec.js';
import { messageSchema } from '../../schema/message.js';
import { type Args, CliError, getU8, getU32, getU64, invarg, matches } from '../common/args.js';
import type { Output } from '../common/output.js';
import type { LinkCache } from '../ip/link-cache.js';
import {
  atoiShort,
  dumpOrTerminate,
  garbage,
  linkMap,
  parseDevVid,
  parseStpState,
  printRouterPortStats,
  printStpState,
  requireIndex,
} from './common.js';
import type { BridgeContext } from './context.js';

type VlanDbMessage = ReturnType<typeof vlanDbMessage.decode>;
type VlanDbInput = NonNullable<Parameters<typeof vlanDbMessage.encode>[1]['attrs']>;
type VlanEntryInput = NonNullable<VlanDbInput['entry']>[number];
type VlanGlobalInput = NonNullable<VlanDbInput['globalOptions']>[number];

const USAGE =
  'Usage: nlink-bridge vlan { add | del } vid VLAN_ID dev DEV [ tunnel_info id TUNNEL_ID ]\n' +
  '                                                     [ pvid ] [ untagged ]\n' +
  '                                                     [ self ] [ master ]\n' +
  '       nlink-bridge vlan { set } vid VLAN_ID dev DEV [ state STP_STATE ]\n' +
  '                                               [ mcast_router MULTICAST_ROUTER ]\n' +
  '       nlink-bridge vlan { show } [ dev DEV ] [ vid VLAN_ID ]\n' +
  '       nlink-bridge vlan { tunnelshow } [ dev DEV ] [ vid VLAN_ID ]\n' +
  '       nlink-bridge vlan global { set } vid VLAN_ID dev DEV\n' +
  '                      [ mcast_snooping MULTICAST_SNOOPING ]\n' +
  '                      [ mcast_querier MULTICAST_QUERIER ]\n' +
  '                      [ mcast_igmp_version IGMP_VERSION ]\n' +
  '                      [ mcast_mld_version MLD_VERSION ]\n' +
  '                      [ mcast_last_member_count LAST_MEMBER_COUNT ]\n' +
  '                      [ mcast_last_member_interval LAST_MEMBER_INTERVAL ]\n' +
  '                      [ mcast_startup_query_count STARTUP_QUERY_COUNT ]\n' +
  '                      [ mcast_startup_query_interval STARTUP_QUERY_INTERVAL ]\n' +
  '                      [ mcast_membership_interval MEMBERSHIP_INTERVAL ]\n' +
  '                      [ mcast_querier_interval QUERIER_INTERVAL ]\n' +
  '                      [ mcast_query_interval QUERY_INTERVAL ]\n' +
  '                      [ mcast_query_response_interval QUERY_RESPONSE_INTERVAL ]\n' +
  '       nlink-bridge vlan global { show } [ dev DEV ] [ vid VLAN_ID ]\n';

function usage(): CliError {
  return new CliError(USAGE);
}

/** Runs `nlink-bridge vlan ARGS` (iproute2's `do_vlan`). */
export async function run(args: Args, ctx: BridgeContext): Promise<number> {
  const word = args.peek();
  if (word === undefined) return show(args, ctx, 'vlan');
  args.take();
  if (matches(word, 'add')) return modify(args, ctx, RTM.SETLINK);
  if (matches(word, 'delete')) return modify(args, ctx, RTM.DELLINK);
  if (matches(word, 'show') || matches(word, 'lst') || matches(word, 'list')) return show(args, ctx, 'vlan');
  if (matches(word, 'tunnelshow')) return show(args, ctx, 'tunnel');
  if (matches(word, 'set')) return setOptions(args, ctx);
  if (word === 'global') return global(args, ctx);
  if (matches(word, 'help')) throw usage();
  throw new CliError(`Command "${word}" is unknown, try "nlink-bridge vlan help".\n`);
}

async function global(args: Args, ctx: BridgeContext): Promise<number> {
  const word = args.done ? 'show' : args.take();
  if (word === 'show' || word === 'lst' || word === 'list') return showGlobal(args, ctx);
  if (word === 'set') return setGlobalOptions(args, ctx);
  throw usage();
}

/** `VID` or `VID-END` as iproute2 reads them (`atoi` of each part, C `short`s). */
function parseVid(text: string): { vid: number; end: number; range: boolean } {
  const dash = text.indexOf('-');
  if (dash < 0) return { vid: atoiShort(text), end: -1, range: false };
  return { vid: atoiShort(text.slice(0, dash)), end: atoiShort(text.slice(dash + 1)), range: true };
}

/** `%hu` of a C `short`. */
function hu(v: number): number {
  return v & 0xffff;
}

// --- add, delete ---

/** `parse_tunnel_info`: `id ID` or `id START-END`, 24-bit ids. */
function parseTunnelInfo(args: Args): { start: number; end: number } {
  const w = args.take();
  if (!matches(w, 'id')) throw invarg('tunnel id expected', w);
  const text = args.take();
  const dash = text.indexOf('-');
  const first = dash < 0 ? text : text.slice(0, dash);
  const id = (t: string): number => {
    const v = getU32(t);
    if (v === undefined || v >= 1 << 24) throw invarg('invalid tun id', first);
    return v;
  };
  const start = id(first);
  return { start, end: dash < 0 ? 0 : id(text.slice(dash + 1)) };
}

/** `vlan_modify`: `RTM_SETLINK`/`RTM_DELLINK` of family `AF_BRIDGE` with the VLANs (or tunnel map) in `IFLA_AF_SPEC`. */
async function modify(args: Args, ctx: BridgeContext, type: number): Promise<number> {
  let dev: string | undefined;
  let vid = -1;
  let vidEnd = -1;
  let infoFlags = 0;
  let flags = 0;
  let tunnel: { start: number; end: number } | undefined;
  while (!args.done) {
    const w = args.take();
    if (w === 'dev') dev = args.take();
    else if (w === 'vid') {
      const v = parseVid(args.take());
      vid = v.vid;
      if (v.range) {
        vidEnd = v.end;
        infoFlags |= BRIDGE_VLAN_INFO.RANGE_BEGIN;
      }
    } else if (w === 'self') flags |= BRIDGE_FLAGS.SELF;
    else if (w === 'master') flags |= BRIDGE_FLAGS.MASTER;
    else if (w === 'pvid') infoFlags |= BRIDGE_VLAN_INFO.PVID;
    else if (w === 'untagged') infoFlags |= BRIDGE_VLAN_INFO.UNTAGGED;
    else if (w === 'tunnel_info') tunnel = parseTunnelInfo(args);
    else if (matches(w, 'help')) throw usage();
    else throw garbage('vlan', w);
  }
  if (dev === undefined || vid === -1) throw new CliError('Device and VLAN ID are required arguments.\n');
  const links = await linkMap(ctx);
  const index = await requireIndex(links, dev, 'bridge device');
  if (vid >= 4096) throw new CliError(`Invalid VLAN ID "${hu(vid)}"\n`);
  if (infoFlags & BRIDGE_VLAN_INFO.RANGE_BEGIN) {
    if (vidEnd === -1 || vidEnd >= 4096 || vid >= vidEnd) {
      throw new CliError(`Invalid VLAN range "${hu(vid)}-${hu(vidEnd)}"\n`);
    }
    if (infoFlags & BRIDGE_VLAN_INFO.PVID) throw new CliError('pvid cannot be configured for a vlan range\n');
  }
  const afSpec: Record<string, unknown> = flags ? { flags } : {};
  if (tunnel !== undefined) {
    afSpec.tunnelInfo =
      vidEnd !== -1 && vidEnd - vid > 0
        ? [
            { id: tunnel.start, vid: hu(vid), flags: BRIDGE_VLAN_INFO.RANGE_BEGIN },
            { id: tunnel.end, vid: hu(vidEnd), flags: BRIDGE_VLAN_INFO.RANGE_END },
          ]
        : [{ id: tunnel.start, vid: hu(vid), flags: 0 }];
  } else {
    afSpec.vlanInfo =
      vidEnd !== -1
        ? [
            { flags: infoFlags, vid: hu(vid) },
            { flags: (infoFlags & ~BRIDGE_VLAN_INFO.RANGE_BEGIN) | BRIDGE_VLAN_INFO.RANGE_END, vid: hu(vidEnd) },
          ]
        : [{ flags: infoFlags, vid: hu(vid) }];
  }
  const conn = await ctx.connection();
  await conn.ack(
    {
      type,
      schema: bridgeLinkMessage,
      value: { header: { family: AF.BRIDGE, index }, attrs: { afSpec } as never },
    },
    {
      context: {
        operation: type === RTM.DELLINK ? 'delete bridge vlan' : 'add bridge vlan',
        object: `${vid} dev ${dev}`,
      },
    },
  );
  return 0;
}

// --- set, global set ---

/** A VLAN id or range of `bridge vlan set|global set`, checked as iproute2 checks it. */
function checkedVid(text: string): { vid: number; end: number } {
  const v = parseVid(text);
  if (v.range && (v.vid >= v.end || v.end >= 4096)) {
    throw new CliError(`Invalid VLAN range "${hu(v.vid)}-${hu(v.end)}"\n`);
  }
  if (v.vid >= 4096) throw new CliError(`Invalid VLAN ID "${hu(v.vid)}"\n`);
  return v;
}

/** `vlan_option_set`: one `RTM_NEWVLAN` with a `BRIDGE_VLANDB_ENTRY` of per-VLAN options. */
async function setOptions(args: Args, ctx: BridgeContext): Promise<number> {
  const links = await linkMap(ctx);
  let dev: string | undefined;
  let ifindex = 0;
  let vid = -1;
  const entry: { -readonly [K in keyof VlanEntryInput]: VlanEntryInput[K] } = {};
  while (!args.done) {
    const w = args.take();
    if (w === 'dev') {
      dev = args.take();
      ifindex = await requireIndex(links, dev, 'network device');
    } else if (w === 'vid') {
      const v = checkedVid(args.take());
      vid = v.vid;
      entry.info = { flags: BRIDGE_VLAN_INFO.ONLY_OPTS, vid: hu(v.vid) };
      if (v.end !== -1) entry.range = hu(v.end);
    } else if (w === 'state') {
      const state = parseStpState(args.take());
      if (state === -1) throw new CliError('Error: invalid STP state\n');
      entry.state = state & 0xff;
    } else if (w === 'mcast_router') {
      const v = args.take();
      const router = getU8(v);
      if (router === undefined) throw invarg('invalid mcast_router', v);
      entry.mcastRouter = router;
    } else if (matches(w, 'help')) throw usage();
    else throw garbage('vlan', w);
  }
  return sendVlanDb(ctx, { dev, ifindex, vid }, { entry: [entry] }, 'set bridge vlan');
}

/**
 * Sends the `RTM_NEWVLAN` of `bridge vlan set` and `bridge vlan global set`.
 * @throws {CliError} `Device and VLAN ID are required arguments.` when either is missing.
 */
async function sendVlanDb(
  ctx: BridgeContext,
  target: { readonly dev: string | undefined; readonly ifindex: number; readonly vid: number },
  attrs: VlanDbInput,
  operation: string,
): Promise<number> {
  const { dev, ifindex, vid } = target;
  if (dev === undefined || vid === -1) throw new CliError('Device and VLAN ID are required arguments.\n');
  const conn = await ctx.connection();
  await conn.ack(
    { type: RTM.NEWVLAN, schema: vlanDbMessage, value: { header: { family: AF.BRIDGE, ifindex }, attrs } },
    { context: { operation, object: `${vid} dev ${dev}` } },
  );
  return 0;
}

/** The options of `bridge vlan global set`: word, attribute, and how its value is read. */
const GLOBAL_OPTIONS: Readonly<Record<string, readonly [string, 'u8' | 'u32' | 'u64']>> = {
  mcast_snooping: ['mcastSnooping', 'u8'],
  mcast_querier: ['mcastQuerier', 'u8'],
  mcast_igmp_version: ['mcastIgmpVersion', 'u8'],
  mcast_mld_version: ['mcastMldVersion', 'u8'],
  mcast_last_member_count: ['mcastLastMemberCnt', 'u32'],
  mcast_startup_query_count: ['mcastStartupQueryCnt', 'u32'],
  mcast_last_member_interval: ['mcastLastMemberIntvl', 'u64'],
  mcast_membership_interval: ['mcastMembershipIntvl', 'u64'],
  mcast_querier_interval: ['mcastQuerierIntvl', 'u64'],
  mcast_query_interval: ['mcastQueryIntvl', 'u64'],
  mcast_query_response_interval: ['mcastQueryResponseIntvl', 'u64'],
  mcast_startup_query_interval: ['mcastStartupQueryIntvl', 'u64'],
};

/** `vlan_global_option_set`: one `RTM_NEWVLAN` with `BRIDGE_VLANDB_GLOBAL_OPTIONS`. */
async function setGlobalOptions(args: Args, ctx: BridgeContext): Promise<number> {
  const links = await linkMap(ctx);
  let dev: string | undefined;
  let ifindex = 0;
  let vid = -1;
  const options: Record<string, number | bigint> = {};
  while (!args.done) {
    const w = args.take();
    const option = Object.hasOwn(GLOBAL_OPTIONS, w) ? GLOBAL_OPTIONS[w] : undefined;
    if (w === 'dev') {
      dev = args.take();
      ifindex = await requireIndex(links, dev, 'network device');
    } else if (w === 'vid') {
      const v = checkedVid(args.take());
      vid = v.vid;
      options.id = hu(v.vid);
      if (v.end !== -1) options.range = hu(v.end);
    } else if (option !== undefined) {
      const [key, kind] = option;
      const text = args.take();
      const value = kind === 'u8' ? getU8(text) : kind === 'u32' ? getU32(text) : getU64(text);
      if (value === undefined) throw invarg(`invalid ${w}`, text);
      options[key] = value;
    } else if (matches(w, 'help')) throw usage();
    else throw garbage('vlan', w);
  }
  return sendVlanDb(
    ctx,
    { dev, ifindex, vid },
    { globalOptions: [options as VlanGlobalInput] },
    'set bridge vlan global options',
  );
}

// --- show ---

/** `IFNAMSIZ`: the width of the port column. */
const PORT_WIDTH = 16;
/** `VLAN_ID_LEN`: the width of the VLAN column. */
const VLAN_ID_LEN = 9;

interface ShowFilter {
  readonly index: number;
  readonly vlan: number;
}

/** `filter_vlan_check`: -1 to stop (past the VLAN asked for), 0 to skip, 1 to print. */
function vlanCheck(f: ShowFilter, vid: number, flags: number): -1 | 0 | 1 {
  if (f.vlan && vid > f.vlan && !(flags & BRIDGE_VLAN_INFO.RANGE_END)) return -1;
  if (flags & BRIDGE_VLAN_INFO.RANGE_BEGIN || vid < f.vlan) return 0;
  return 1;
}

function openPort(out: Output, name: string, subject: 'vlan' | 'tunnel'): void {
  out.openObject();
  out.string('any', 'ifname', `%-${PORT_WIDTH}s  `, name);
  out.openArray('json', subject === 'vlan' ? 'vlans' : 'tunnels');
}

function closePort(out: Output): void {
  out.closeArray('json', '');
  out.closeObject();
}

/** `print_range`: `START` or `START-END`; returns the width printed (in text). */
function printRange(out: Output, name: string, start: number, id: number): number {
  out.uint('any', name, '%u', start);
  let width = String(start).length;
  if (start !== id) {
    out.uint('any', `${name}End`, '-%u', id);
    width += 1 + String(id).length;
  }
  return width;
}

/** `print_vlan_flags`. */
function printVlanFlags(out: Output, flags: number): void {
  if (flags === 0) return;
  out.openArray('json', 'flags');
  if (flags & BRIDGE_VLAN_INFO.PVID) out.string('any', null, ' %s', 'PVID');
  if (flags & BRIDGE_VLAN_INFO.UNTAGGED) out.string('any', null, ' %s', 'Egress Untagged');
  out.closeArray('json', '');
}

/** Items of a port's VLAN list or tunnel map, printed in order with the ranges of `print_vlan_info`. */
function printPortItems(
  out: Output,
  name: string,
  subject: 'vlan' | 'tunnel',
  f: ShowFilter,
  items: readonly { vid: number; flags: number; id?: number }[],
): void {
  let lastVid = 0;
  let lastId = 0;
  let opened = false;
  for (const item of items) {
    if (!(item.flags & BRIDGE_VLAN_INFO.RANGE_END)) {
      lastVid = item.vid;
      lastId = item.id ?? 0;
    }
    const check = vlanCheck(f, item.vid, item.flags);
    if (check === -1) break;
    if (check === 0) continue;
    if (!opened) {
      openPort(out, name, subject);
      opened = true;
    } else {
      out.text(`%-${PORT_WIDTH}s  `, '');
    }
    out.openObject();
    const width = printRange(out, 'vlan', lastVid, item.vid);
    if (subject === 'vlan') {
      printVlanFlags(out, item.flags);
    } else {
      out.text('%s  ', ' '.repeat(Math.max(0, VLAN_ID_LEN - width)));
      printRange(out, 'tunid', lastId, item.id ?? 0);
    }
    out.closeObject();
    out.nl();
  }
  if (opened) closePort(out);
}

function header(out: Output, tunnel: boolean): void {
  out.text(`%-${PORT_WIDTH}s  %-${VLAN_ID_LEN}s`, 'port', 'vlan-id');
  if (tunnel) out.text('  tunnel-id');
  out.text('\n');
}

/** `bridge [-c] vlan show|tunnelshow [dev DEV] [vid VID]`; with `-d`, the per-VLAN options. */
async function show(args: Args, ctx: BridgeContext, subject: 'vlan' | 'tunnel'): Promise<number> {
  const { dev, vlan } = parseDevVid(args);
  const links = await linkMap(ctx);
  const index = dev === undefined ? 0 : await requireIndex(links, dev);
  const filter: ShowFilter = { index, vlan };
  if (ctx.bridge.details && subject === 'vlan') return showOptions(ctx, links, filter, false);
  if (ctx.bridge.stats) {
    throw new CliError('"nlink-bridge -s vlan show" (VLAN counters of the link statistics) is not implemented yet.\n');
  }
  const conn = await ctx.connection();
  const extMask = ctx.bridge.compressVlans ? RTEXT_FILTER.BRVLAN_COMPRESSED : RTEXT_FILTER.BRVLAN;
  const out = ctx.output();
  out.begin();
  header(out, subject === 'tunnel');
  out.flush();
  const ports = await dumpOrTerminate(() =>
    conn.dumpAll(
      { type: RTM.GETLINK, schema: bridgeLinkMessage, value: { header: { family: AF.BRIDGE }, attrs: { extMask } } },
      (m) => (m.type === RTM.NEWLINK ? bridgeLinkMessage.decode(m.buf, m.offset, m.length) : undefined),
      { context: { operation: 'dump bridge vlans' } },
    ),
  );
  for (const m of ports) {
    if (m.header.family !== AF.BRIDGE || (index && index !== m.header.index)) continue;
    const spec = m.attrs.afSpec;
    if (spec === undefined) continue;
    const name = links.name(m.header.index);
    if (subject === 'vlan') {
      printPortItems(out, name, subject, filter, spec.vlanInfo ?? []);
    } else {
      const items = (spec.tunnelInfo ?? []).flatMap((t) =>
        t.vid === undefined ? [] : [{ vid: t.vid, flags: t.flags ?? 0, id: t.id ?? 0 }],
      );
      printPortItems(out, name, subject, filter, items);
    }
  }
  out.end();
  out.flush();
  return 0;
}

/** A `BRIDGE_VLANDB_GOPTS_MCAST_ROUTER_PORTS` payload: `MDBA_ROUTER_PORT` entries. */
const routerPortsMessage = messageSchema('vlan-router-ports', struct('none', {}), mdbRouterAttrs);

/** An `RTM_GETVLAN` dump printed as `print_vlan_rtm` does (`-d vlan show`, `vlan global show`). */
async function showOptions(ctx: BridgeContext, links: LinkCache, f: ShowFilter, global: boolean): Promise<number> {
  const conn = await ctx.connection();
  const stats = ctx.bridge.stats > 0;
  const flags = global ? BRIDGE_VLANDB_DUMPF.GLOBAL : stats ? BRIDGE_VLANDB_DUMPF.STATS : 0;
  const out = ctx.output();
  out.begin();
  header(out, false);
  out.flush();
  const messages = await dumpOrTerminate(() =>
    conn.dumpAll(
      { type: RTM.GETVLAN, schema: vlanDbDumpMessage, value: { header: { family: AF.BRIDGE }, attrs: { flags } } },
      (m) =>
        m.type === RTM.NEWVLAN || m.type === RTM.GETVLAN ? vlanDbMessage.decode(m.buf, m.offset, m.length) : undefined,
      { context: { operation: global ? 'dump bridge vlan global options' : 'dump bridge vlan options' } },
    ),
  );
  let current = -1;
  const startItem = (ifindex: number): void => {
    if (current !== ifindex) {
      openPort(out, links.name(ifindex), 'vlan');
      out.openObject();
      current = ifindex;
    } else {
      out.openObject();
      out.text(`%-${PORT_WIDTH}s  `, '');
    }
  };
  for (const m of messages) {
    const ifindex = m.header.ifindex;
    if (m.header.family !== AF.BRIDGE || (f.index && f.index !== ifindex)) continue;
    if (current !== -1 && current !== ifindex) {
      closePort(out);
      current = -1;
    }
    if (!global) {
      for (const e of m.attrs.entry ?? []) {
        const vid = e.info?.vid ?? 0;
        const end = e.range ?? vid;
        if (f.vlan && (f.vlan < vid || f.vlan > end)) continue;
        startItem(ifindex);
        printEntryOptions(out, e, vid, end, stats);
      }
    }
    for (const g of m.attrs.globalOptions ?? []) {
      const vid = g.id ?? 0;
      const end = g.range ?? vid;
      if (f.vlan && (f.vlan < vid || f.vlan > end)) continue;
      startItem(ifindex);
      printGlobalOptions(out, g, vid, end, stats, links);
    }
  }
  if (current !== -1) closePort(out);
  out.end();
  out.flush();
  return 0;
}

type VlanEntry = NonNullable<VlanDbMessage['attrs']['entry']>[number];
type VlanGlobal = NonNullable<VlanDbMessage['attrs']['globalOptions']>[number];

/** `print_vlan_opts` after the port column. */
function printEntryOptions(out: Output, e: VlanEntry, vid: number, end: number, stats: boolean): void {
  printRange(out, 'vlan', vid, end);
  printVlanFlags(out, e.info?.flags ?? 0);
  out.nl();
  out.text(`%-${PORT_WIDTH}s    `, '');
  printStpState(out, e.state ?? 0);
  if (e.mcastRouter !== undefined) out.uint('any', 'mcast_router', 'mcast_router %u ', e.mcastRouter);
  out.nl();
  if (stats) {
    const s = e.stats;
    out.text(`%-${PORT_WIDTH}s    `, '');
    out.u64('any', 'rx_bytes', 'RX: %llu bytes', s?.rxBytes ?? 0n);
    out.u64('any', 'rx_packets', ' %llu packets\n', s?.rxPackets ?? 0n);
    out.text(`%-${PORT_WIDTH}s    `, '');
    out.u64('any', 'tx_bytes', 'TX: %llu bytes', s?.txBytes ?? 0n);
    out.u64('any', 'tx_packets', ' %llu packets\n', s?.txPackets ?? 0n);
  }
  out.closeObject();
}

/** `print_vlan_global_opts` after the port column. */
function printGlobalOptions(
  out: Output,
  g: VlanGlobal,
  vid: number,
  end: number,
  stats: boolean,
  links: LinkCache,
): void {
  printRange(out, 'vlan', vid, end);
  out.nl();
  out.text(`%-${PORT_WIDTH}s    `, '');
  const u = (key: string, v: number | undefined) => {
    if (v !== undefined) out.uint('any', key, `${key} %u `, v);
  };
  const llu = (key: string, v: bigint | undefined) => {
    if (v !== undefined) out.u64('any', key, `${key} %llu `, v);
  };
  u('mcast_snooping', g.mcastSnooping);
  u('mcast_querier', g.mcastQuerier);
  u('mcast_igmp_version', g.mcastIgmpVersion);
  u('mcast_mld_version', g.mcastMldVersion);
  // iproute2 6.1 prints the last member count when the MLD version is there.
  if (g.mcastMldVersion !== undefined) u('mcast_last_member_count', g.mcastLastMemberCnt);
  llu('mcast_last_member_interval', g.mcastLastMemberIntvl);
  u('mcast_startup_query_count', g.mcastStartupQueryCnt);
  llu('mcast_startup_query_interval', g.mcastStartupQueryIntvl);
  llu('mcast_membership_interval', g.mcastMembershipIntvl);
  llu('mcast_querier_interval', g.mcastQuerierIntvl);
  llu('mcast_query_interval', g.mcastQueryIntvl);
  llu('mcast_query_response_interval', g.mcastQueryResponseIntvl);
  out.nl();
  if (g.mcastRouterPorts !== undefined) printVlanRouterPorts(out, g.mcastRouterPorts, stats, links);
  out.closeObject();
}

/** `print_vlan_router_ports`. */
function printVlanRouterPorts(out: Output, raw: Uint8Array, stats: boolean, links: LinkCache): void {
  const ports = routerPortsMessage.decode(raw).attrs.port ?? [];
  out.text(`%-${PORT_WIDTH}s    `, '');
  out.openArray('any', out.json ? 'router_ports' : 'router ports: ');
  ports.forEach((p, i) => {
    out.openObject();
    if (stats && i > 0) {
      out.nl();
      out.text(`%-${PORT_WIDTH}s    %s`, '', ' '.repeat('router ports: '.length));
    }
    out.string('any', 'port', '%s ', links.name(p.header.ifindex));
    if (stats) printRouterPortStats(out, p.attrs);
    out.closeObject();
  });
  out.closeArray('json', '');
  out.nl();
}

/** `bridge vlan global show [dev DEV] [vid VID]`. */
async function showGlobal(args: Args, ctx: BridgeContext): Promise<number> {
  const { dev, vlan } = parseDevVid(args);
  const links = await linkMap(ctx);
  const index = dev === undefined ? 0 : await requireIndex(links, dev);
  return showOptions(ctx, links, { index, vlan }, true);
}
