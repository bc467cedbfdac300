/**
 * `nlink-bridge link`: show bridge ports and change their settings with
 * iproute2's arguments, requests and output (`bridge/link.c`): an
 * `AF_BRIDGE` link dump, and `RTM_SETLINK` with `IFLA_PROTINFO`.
 *
 * @module
 */

import { AF, RTM } from '../../core/constants.js';
import { BRIDGE_FLAGS, bridgePortLinkMessage } from '../../route/bridge/schema.js';
import { type Args, CliError, matches, parseOnOff } from '../common/args.js';
import type { Output } from '../common/output.js';
import type { LinkCache } from '../ip/link-cache.js';
import { printLinkFlags, printNameAndLink } from '../ip/link-print.js';
import { atoi, dumpOrTerminate, linkMap, parseDevVid, parseStpState, printStpState, requireIndex } from './common.js';
import type { BridgeContext } from './context.js';

type PortMessage = ReturnType<typeof bridgePortLinkMessage.decode>;
type Protinfo = NonNullable<PortMessage['attrs']['protinfo']>;
type PortInput = NonNullable<Parameters<typeof bridgePortLinkMessage.encode>[1]['attrs']>;
type ProtinfoInput = {
  -readonly [K in keyof NonNullable<PortInput['protinfo']>]: NonNullable<PortInput['protinfo']>[K];
};

const USAGE =
  'Usage: nlink-bridge link set dev DEV [ cost COST ] [ priority PRIO ] [ state STATE ]\n' +
  '                               [ guard {on | off} ]\n' +
  '                               [ hairpin {on | off} ]\n' +
  '                               [ fastleave {on | off} ]\n' +
  '                               [ root_block {on | off} ]\n' +
  '                               [ learning {on | off} ]\n' +
  '                               [ learning_sync {on | off} ]\n' +
  '                               [ flood {on | off} ]\n' +
  '                               [ mcast_router MULTICAST_ROUTER ]\n' +
  '                               [ mcast_flood {on | off} ]\n' +
  '                               [ bcast_flood {on | off} ]\n' +
  '                               [ mcast_to_unicast {on | off} ]\n' +
  '                               [ neigh_suppress {on | off} ]\n' +
  '                               [ vlan_tunnel {on | off} ]\n' +
  '                               [ isolated {on | off} ]\n' +
  '                               [ locked {on | off} ]\n' +
  '                               [ hwmode {vepa | veb} ]\n' +
  '                               [ backup_port DEVICE ] [ nobackup_port ]\n' +
  '                               [ self ] [ master ]\n' +
  '       nlink-bridge link show [dev DEV]\n';

function usage(): CliError {
  return new CliError(USAGE);
}

/** Runs `nlink-bridge link ARGS` (iproute2's `do_link`). */
export async function run(args: Args, ctx: BridgeContext): Promise<number> {
  const word = args.peek();
  if (word === undefined) return show(args, ctx);
  args.take();
  if (matches(word, 'set') || matches(word, 'change')) return modify(args, ctx);
  if (matches(word, 'show') || matches(word, 'lst') || matches(word, 'list')) return show(args, ctx);
  if (matches(word, 'help')) throw usage();
  throw new CliError(`Command "${word}" is unknown, try "nlink-bridge link help".\n`);
}

// --- show ---

/** The on/off settings `-d` prints, in iproute2's order: key, attribute. */
const DETAILS: readonly (readonly [string, keyof Protinfo])[] = [
  ['hairpin', 'hairpin'],
  ['guard', 'guard'],
  ['root_block', 'rootBlock'],
  ['fastleave', 'fastLeave'],
  ['learning', 'learning'],
  ['learning_sync', 'learningSync'],
  ['flood', 'unicastFlood'],
  ['mcast_flood', 'mcastFlood'],
  ['bcast_flood', 'bcastFlood'],
];

const DETAILS_AFTER_ROUTER: readonly (readonly [string, keyof Protinfo])[] = [
  ['mcast_to_unicast', 'mcastToUcast'],
  ['neigh_suppress', 'neighSuppress'],
  ['vlan_tunnel', 'vlanTunnel'],
];

function printOnOff(out: Output, p: Protinfo, list: readonly (readonly [string, keyof Protinfo])[]): void {
  for (const [key, field] of list) {
    const v = p[field];
    if (typeof v === 'boolean') out.onOff('any', key, `${key} %s `, v);
  }
}

/** `print_protinfo`: state, priority, cost; with `-d`, the port's flags. */
function printProtinfo(out: Output, p: Protinfo, details: boolean, links: LinkCache): void {
  if (p.state !== undefined) printStpState(out, p.state);
  if (p.priority !== undefined) out.uint('any', 'priority', 'priority %u ', p.priority);
  if (p.cost !== undefined) out.uint('any', 'cost', 'cost %u ', p.cost);
  if (!details) return;
  out.text(`${out.sl}    `);
  printOnOff(out, p, DETAILS);
  if (p.multicastRouter !== undefined) out.uint('any', 'mcast_router', 'mcast_router %u ', p.multicastRouter);
  printOnOff(out, p, DETAILS_AFTER_ROUTER);
  if (p.backupPort !== undefined) out.string('any', 'backup_port', 'backup_port %s ', links.name(p.backupPort));
  printOnOff(out, p, [
    ['isolated', 'isolated'],
    ['locked', 'locked'],
  ]);
}

const HW_MODES = ['VEB', 'VEPA'];

/** `print_linkinfo`: one port. */
function printPort(out: Output, m: PortMessage, details: boolean, links: LinkCache): void {
  const a = m.attrs;
  out.openObject();
  out.int('any', 'ifindex', '%d: ', m.header.index);
  const mdown = printNameAndLink(out, '%s: ', a.ifname ?? links.name(m.header.index), m, {
    linkName: (i) => links.name(i),
    // iproute2's ll_index_to_flags is 0 for a link it does not know: shown as down.
    linkFlags: (i) => links.flags(i) ?? 0,
  });
  printLinkFlags(out, m.header.flags, mdown);
  if (a.mtu !== undefined) out.int('any', 'mtu', 'mtu %u ', a.mtu);
  if (a.master !== undefined) out.string('any', 'master', 'master %s ', links.name(a.master));
  if (a.protinfo !== undefined) printProtinfo(out, a.protinfo, details, links);
  const mode = a.afSpec?.mode;
  if (mode !== undefined) {
    const name = HW_MODES[mode];
    if (name === undefined) out.hex0x('any', 'hwmode', 'hwmode %#llx ', mode);
    else out.string('any', 'hwmode', 'hwmode %s ', name);
  }
  out.text('\n');
  out.closeObject();
}

/** `bridge link show [dev DEV]`: the bridge ports (an `AF_BRIDGE` link dump). */
async function show(args: Args, ctx: BridgeContext): Promise<number> {
  const { dev } = parseDevVid(args, false);
  const links = await linkMap(ctx);
  const index = dev === undefined ? 0 : await requireIndex(links, dev);
  const conn = await ctx.connection();
  const ports = await dumpOrTerminate(() =>
    conn.dumpAll(
      { type: RTM.GETLINK, schema: bridgePortLinkMessage, value: { header: { family: AF.BRIDGE } } },
      (m) => {
        if (m.type !== RTM.NEWLINK) return undefined;
        const port = bridgePortLinkMessage.decode(m.buf, m.offset, m.length);
        const family = port.header.family;
        if (family !== AF.BRIDGE && family !== AF.UNSPEC) return undefined;
        return index && port.header.index !== index ? undefined : port;
      },
      { context: { operation: 'dump bridge ports' } },
    ),
  );
  const out = ctx.output();
  out.begin();
  for (const m of ports) printPort(out, m, ctx.bridge.details > 0, links);
  out.end();
  out.flush();
  return 0;
}

// --- set ---

/** The on/off words of `bridge link set`, and the attribute each sets. */
const ON_OFF: Readonly<Record<string, string>> = {
  guard: 'guard',
  hairpin: 'hairpin',
  fastleave: 'fastLeave',
  root_block: 'rootBlock',
  learning: 'learning',
  learning_sync: 'learningSync',
  flood: 'unicastFlood',
  mcast_flood: 'mcastFlood',
  bcast_flood: 'bcastFlood',
  mcast_to_unicast: 'mcastToUcast',
  neigh_suppress: 'neighSuppress',
  vlan_tunnel: 'vlanTunnel',
  isolated: 'isolated',
  locked: 'locked',
};

/** The exit status of a bad on/off value: `bridge` returns `-EINVAL`. */
const EINVAL_STATUS = 234;

/** `brlink_modify`: one `RTM_SETLINK` of family `AF_BRIDGE` with the port's settings in `IFLA_PROTINFO`. */
async function modify(args: Args, ctx: BridgeContext): Promise<number> {
  let dev: string | undefined;
  const protinfo: ProtinfoInput = {};
  let flags = 0;
  let mode = -1;
  let backup: string | null | undefined;
  while (!args.done) {
    const w = args.take();
    const onOff = Object.hasOwn(ON_OFF, w) ? ON_OFF[w] : undefined;
    if (w === 'dev') dev = args.take();
    else if (onOff !== undefined) {
      (protinfo as Record<string, unknown>)[onOff] = parseOnOff(w, args.take(), EINVAL_STATUS);
    } else if (w === 'mcast_router') {
      const v = Number(BigInt.asIntN(8, BigInt(atoi(args.take()))));
      if (v >= 0) protinfo.multicastRouter = v;
      else delete protinfo.multicastRouter;
    } else if (w === 'cost') {
      const v = atoi(args.take()) >>> 0;
      if (v > 0) protinfo.cost = v;
      else delete protinfo.cost;
    } else if (w === 'priority') {
      const v = Number(BigInt.asIntN(16, BigInt(atoi(args.take()))));
      if (v >= 0) protinfo.priority = v;
      else delete protinfo.priority;
    } else if (w === 'state') {
      const v = parseStpState(args.take());
      if (v === -1) throw new CliError('Error: invalid STP port state\n');
      const s = Number(BigInt.asIntN(8, BigInt(v)));
      if (s >= 0) protinfo.state = s;
      else delete protinfo.state;
    } else if (w === 'hwmode') {
      const v = args.take();
      flags = BRIDGE_FLAGS.SELF;
      if (v === 'vepa') mode = 1;
      else if (v === 'veb') mode = 0;
      else throw new CliError('Mode argument must be "vepa" or "veb".\n');
    } else if (w === 'self') flags |= BRIDGE_FLAGS.SELF;
    else if (w === 'master') flags |= BRIDGE_FLAGS.MASTER;
    else if (w === 'backup_port') backup = args.take();
    else if (w === 'nobackup_port') backup = null;
    else throw usage();
  }
  if (dev === undefined) throw new CliError('Device is a required argument.\n');
  const links = await linkMap(ctx);
  if (typeof backup === 'string') {
    const index = await links.indexOf(backup);
    if (!index) throw new CliError(`Error: device ${backup} does not exist\n`);
    protinfo.backupPort = index;
  } else if (backup === null) {
    protinfo.backupPort = 0;
  }
  const index = await requireIndex(links, dev, 'bridge device');
  const attrs: PortInput = {
    protinfo,
    ...(mode >= 0 || flags > 0 ? { afSpec: { ...(flags > 0 ? { flags } : {}), ...(mode >= 0 ? { mode } : {}) } } : {}),
  };
  const conn = await ctx.connection();
  await conn.ack(
    { type: RTM.SETLINK, schema: bridgePortLinkMessage, value: { header: { family: AF.BRIDGE, index }, attrs } },
    { context: { operation: 'set bridge port', object: dev } },
  );
  return 0;
}
