/**
 * `nlink-bridge mdb`: show, add and delete multicast group memberships of
 * bridge ports with iproute2's arguments, requests and output
 * (`bridge/mdb.c`).
 *
 * @module
 */

import { AF, NLM_F, RTM } from '../../core/constants.js';
import { MDB_GROUP_PROTO, mdbGroupAddress } from '../../route/bridge/mdb.js';
import { MDB, MDB_FLAGS, mdbMessage, mdbSetMessage } from '../../route/bridge/schema.js';
import { isIp, isIpv4, isIpv6, parseIpv4, parseIpv6, parseMac } from '../../schema/address.js';
import { type Args, CliError, matches } from '../common/args.js';
import type { Output } from '../common/output.js';
import type { LinkCache } from '../ip/link-cache.js';
import { protocolName } from '../ip/names.js';
import {
  atoiShort,
  dumpOrTerminate,
  formatTimer,
  garbage,
  linkMap,
  parseDevVid,
  printRouterPortStats,
  requireIndex,
} from './common.js';
import type { BridgeContext } from './context.js';

type MdbMessage = ReturnType<typeof mdbMessage.decode>;
type MdbInfo = NonNullable<NonNullable<NonNullable<MdbMessage['attrs']['mdb']>['entry']>[number]['info']>[number];
type RouterPort = NonNullable<NonNullable<MdbMessage['attrs']['router']>['port']>[number];

const USAGE =
  'Usage: nlink-bridge mdb { add | del } dev DEV port PORT grp GROUP [src SOURCE] [permanent | temp] [vid VID]\n' +
  '       nlink-bridge mdb {show} [ dev DEV ] [ vid VID ]\n';

function usage(): CliError {
  return new CliError(USAGE);
}

/** Runs `nlink-bridge mdb ARGS` (iproute2's `do_mdb`). */
export async function run(args: Args, ctx: BridgeContext): Promise<number> {
  const word = args.peek();
  if (word === undefined) return show(args, ctx);
  args.take();
  if (matches(word, 'add')) return modify(args, ctx, RTM.NEWMDB, NLM_F.CREATE | NLM_F.EXCL);
  if (matches(word, 'delete')) return modify(args, ctx, RTM.DELMDB, 0);
  if (matches(word, 'show') || matches(word, 'lst') || matches(word, 'list')) return show(args, ctx);
  if (matches(word, 'help')) throw usage();
  throw new CliError(`Command "${word}" is unknown, try "nlink-bridge mdb help".\n`);
}

// --- show ---

interface MdbPrintEnv {
  readonly out: Output;
  readonly links: LinkCache;
  readonly vlan: number;
  readonly details: boolean;
  readonly stats: boolean;
}

const FLAG_NAMES: readonly (readonly [number, string])[] = [
  [MDB_FLAGS.OFFLOAD, 'offload'],
  [MDB_FLAGS.FAST_LEAVE, 'fast_leave'],
  [MDB_FLAGS.STAR_EXCL, 'added_by_star_ex'],
  [MDB_FLAGS.BLOCKED, 'blocked'],
];

/** `MCAST_INCLUDE`: the filter mode of an IGMPv3/MLDv2 group that lists its sources. */
const MCAST_INCLUDE = 1;

/** `print_mdb_entry`: one group membership of one port. */
function printEntry(env: MdbPrintEnv, bridge: number, info: MdbInfo): void {
  const { out, links } = env;
  const e = info.header;
  const a = info.attrs;
  if (env.vlan && e.vid !== env.vlan) return;
  out.openObject();
  out.int('json', 'index', null, bridge);
  out.string('any', 'dev', 'dev %s', links.name(bridge));
  out.string('any', 'port', ' port %s', links.name(e.ifindex));
  out.string('any', 'grp', ' grp %s', mdbGroupAddress(e.addr, e.proto));
  if (a.source !== undefined) out.string('any', 'src', ' src %s', a.source);
  out.string('any', 'state', ' %s', e.state & MDB.PERMANENT ? 'permanent' : 'temp');
  if (env.details) {
    if (a.groupMode !== undefined) {
      out.string('any', 'filter_mode', ' filter_mode %s', a.groupMode === MCAST_INCLUDE ? 'include' : 'exclude');
    }
    if (a.srcList !== undefined) {
      out.openArray('any', out.json ? 'source_list' : ' source_list');
      let sep = ' ';
      for (const s of a.srcList.entry ?? []) {
        if (s.address === undefined || s.timer === undefined) continue;
        out.openObject();
        out.text('%s', sep);
        out.string('any', 'address', '%s', s.address);
        out.string('any', 'timer', '/%s', formatTimer(s.timer, false));
        out.closeObject();
        sep = ',';
      }
      out.closeArray('json', '');
    }
    if (a.rtprot !== undefined) out.string('any', 'protocol', ' proto %s ', protocolName(a.rtprot, false));
  }
  out.openArray('json', 'flags');
  for (const [bit, name] of FLAG_NAMES) if (e.flags & bit) out.string('any', null, ' %s', name);
  out.closeArray('json', '');
  if (e.vid) out.uint('any', 'vid', ' vid %u', e.vid);
  if (env.stats && a.timer !== undefined) out.string('any', 'timer', ' %s', formatTimer(a.timer, true));
  out.nl();
  out.closeObject();
}

/** `br_print_router_ports`: the multicast router ports of one bridge (`-d`). */
function printRouterPorts(env: MdbPrintEnv, bridge: number, ports: readonly RouterPort[]): void {
  const { out, links } = env;
  const name = links.name(bridge);
  if (out.json) out.openArray('json', name);
  else if (!env.stats) out.text('router ports on %s: ', name);
  for (const p of ports) {
    const port = links.name(p.header.ifindex);
    if (out.json) {
      out.openObject();
      out.string('json', 'port', null, port);
      if (env.stats) printRouterPortStats(out, p.attrs);
      out.closeObject();
    } else if (env.stats) {
      out.text('router ports on %s: %s', name, port);
      printRouterPortStats(out, p.attrs);
      out.text('\n');
    } else {
      out.text('%s ', port);
    }
  }
  if (!env.stats) out.nl();
  out.closeArray('json', '');
}

/** `bridge mdb show [dev BR] [vid VID]`: the group memberships, then (with `-d`) the router ports. */
async function show(args: Args, ctx: BridgeContext): Promise<number> {
  const { dev, vlan } = parseDevVid(args);
  const links = await linkMap(ctx);
  const index = dev === undefined ? 0 : await requireIndex(links, dev);
  const conn = await ctx.connection();
  const request = { type: RTM.GETMDB, schema: mdbMessage, value: { header: { family: AF.BRIDGE } } };
  // The kernel answers with messages of type RTM_GETMDB; only events are RTM_NEWMDB.
  const dump = () =>
    dumpOrTerminate(() =>
      conn.dumpAll(
        request,
        (m) => {
          if (m.type !== RTM.GETMDB && m.type !== RTM.NEWMDB) return undefined;
          const msg = mdbMessage.decode(m.buf, m.offset, m.length);
          return index && msg.header.ifindex !== index ? undefined : { type: m.type, msg };
        },
        { context: { operation: 'dump mdb' } },
      ),
    );
  const out = ctx.output();
  const env: MdbPrintEnv = { out, links, vlan, details: ctx.bridge.details > 0, stats: ctx.bridge.stats > 0 };
  out.begin();
  out.openObject();
  out.openArray('json', 'mdb');
  for (const { msg } of await dump()) {
    for (const group of msg.attrs.mdb?.entry ?? []) {
      for (const info of group.info ?? []) printEntry(env, msg.header.ifindex, info);
    }
  }
  out.closeArray('json', '');
  out.openObject('router');
  for (const { type, msg } of await dump()) {
    const ports = msg.attrs.router?.port;
    if (ports === undefined) continue;
    const bridge = msg.header.ifindex;
    if (type === RTM.GETMDB) {
      if (env.details) printRouterPorts(env, bridge, ports);
    } else {
      printRouterEvent(out, links, bridge, ports);
    }
  }
  out.closeObject();
  out.closeObject();
  out.end();
  out.flush();
  return 0;
}

/** A router port in an `RTM_NEWMDB` message (what `print_router_entries` prints for events). */
function printRouterEvent(out: Output, links: LinkCache, bridge: number, ports: readonly RouterPort[]): void {
  const first = ports[0];
  if (first === undefined) return;
  const port = links.name(first.header.ifindex);
  if (out.json) {
    out.openArray('json', links.name(bridge));
    out.openObject();
    out.string('json', 'port', null, port);
    out.closeObject();
    out.closeArray('json', '');
  } else {
    out.text('router port dev %s master %s\n', port, links.name(bridge));
  }
}

// --- add, delete ---

/** `mdb_parse_grp`: the group's address bytes and `proto` (IPv4, IPv6, or a MAC address). */
function parseGroup(text: string): { addr: Uint8Array; proto: number } | undefined {
  if (isIpv4(text)) return { addr: parseIpv4(text), proto: MDB_GROUP_PROTO.IP };
  if (isIpv6(text)) return { addr: parseIpv6(text), proto: MDB_GROUP_PROTO.IPV6 };
  try {
    const mac = parseMac(text);
    return mac.length === 6 ? { addr: mac, proto: 0 } : undefined;
  } catch {
    return undefined;
  }
}

/** `mdb_modify`: one `RTM_NEWMDB`/`RTM_DELMDB` built as `bridge mdb add|del` builds it. */
async function modify(args: Args, ctx: BridgeContext, type: number, flags: number): Promise<number> {
  let dev: string | undefined;
  let port: string | undefined;
  let grp: string | undefined;
  let src: string | undefined;
  let state = 0;
  let vid = 0;
  while (!args.done) {
    const w = args.take();
    if (w === 'dev') dev = args.take();
    else if (w === 'grp') grp = args.take();
    else if (w === 'port') port = args.take();
    else if (w === 'permanent') {
      if (type === RTM.NEWMDB) state |= MDB.PERMANENT;
    } else if (w === 'temp') {
      // The default.
    } else if (w === 'vid') vid = atoiShort(args.take());
    else if (w === 'src') src = args.take();
    else if (matches(w, 'help')) throw usage();
    else throw garbage('mdb', w);
  }
  if (dev === undefined || grp === undefined || port === undefined) {
    throw new CliError('Device, group address and port name are required arguments.\n');
  }
  const links = await linkMap(ctx);
  const bridge = await requireIndex(links, dev);
  const portIndex = await requireIndex(links, port);
  const group = parseGroup(grp);
  if (group === undefined) throw new CliError(`Invalid address "${grp}"\n`);
  const entry = { ifindex: portIndex, state, vid: vid & 0xffff, addr: group.addr, proto: group.proto };
  let extra = {};
  if (src !== undefined) {
    if (!isIp(src)) throw new CliError(`Invalid source address "${src}"\n`);
    extra = { attrs: { source: src } };
  }
  const conn = await ctx.connection();
  await conn.ack(
    {
      type,
      flags,
      schema: mdbSetMessage,
      value: { header: { family: AF.BRIDGE, ifindex: bridge }, attrs: { entry, ...extra } },
    },
    {
      context: {
        operation: type === RTM.DELMDB ? 'delete mdb entry' : 'add mdb entry',
        object: `${grp} port ${port} dev ${dev}`,
      },
    },
  );
  return 0;
}
