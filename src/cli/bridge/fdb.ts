/**
 * `nlink-bridge fdb`: show, get, add, append, replace, delete and flush
 * bridge forwarding database entries with iproute2's arguments, requests
 * and output (`bridge/fdb.c`).
 *
 * @module
 */

import { AF, NLM_F, RTM } from '../../core/constants.js';
import { KernelError } from '../../errors.js';
import { FdbEntry } from '../../route/bridge/fdb.js';
import { NTF, NUD, neighMessage } from '../../route/neigh/schema.js';
import { formatIpv4, formatIpv6 } from '../../schema/address.js';
import type { ReceivedMessage } from '../../session/engine.js';
import { type Args, CliError, duparg, duparg2, getU32, invarg, matches, parseCInteger } from '../common/args.js';
import type { Output } from '../common/output.js';
import { getAddr } from '../ip/inet.js';
import type { LinkCache } from '../ip/link-cache.js';
import { atoi, atoiShort, dumpOrTerminate, garbage, linkMap, requireIndex } from './common.js';
import type { BridgeContext } from './context.js';

type NeighInput = Parameters<typeof neighMessage.encode>[1];
type NeighAttrs = { -readonly [K in keyof NonNullable<NeighInput['attrs']>]: NonNullable<NeighInput['attrs']>[K] };

const USAGE =
  'Usage: nlink-bridge fdb { add | append | del | replace } ADDR dev DEV\n' +
  '              [ self ] [ master ] [ use ] [ router ] [ extern_learn ]\n' +
  '              [ sticky ] [ local | static | dynamic ] [ vlan VID ]\n' +
  '              { [ dst IPADDR ] [ port PORT] [ vni VNI ] | [ nhid NHID ] }\n' +
  '\t       [ via DEV ] [ src_vni VNI ]\n' +
  '       nlink-bridge fdb [ show [ br BRDEV ] [ brport DEV ] [ vlan VID ]\n' +
  '              [ state STATE ] [ dynamic ] ]\n' +
  '       nlink-bridge fdb get [ to ] LLADDR [ br BRDEV ] { brport | dev } DEV\n' +
  '              [ vlan VID ] [ vni VNI ] [ self ] [ master ] [ dynamic ]\n' +
  '       nlink-bridge fdb flush dev DEV [ brport DEV ] [ vlan VID ]\n' +
  '              [ self ] [ master ] [ [no]permanent | [no]static | [no]dynamic ]\n' +
  '              [ [no]added_by_user ] [ [no]extern_learn ] [ [no]sticky ]\n' +
  '              [ [no]offloaded ]\n';

function usage(): CliError {
  return new CliError(USAGE);
}

/** Runs `nlink-bridge fdb ARGS` (iproute2's `do_fdb`). */
export async function run(args: Args, ctx: BridgeContext): Promise<number> {
  const word = args.peek();
  if (word === undefined) return show(args, ctx);
  args.take();
  if (matches(word, 'add')) return modify(args, ctx, RTM.NEWNEIGH, NLM_F.CREATE | NLM_F.EXCL);
  if (matches(word, 'append')) return modify(args, ctx, RTM.NEWNEIGH, NLM_F.CREATE | NLM_F.APPEND);
  if (matches(word, 'replace')) return modify(args, ctx, RTM.NEWNEIGH, NLM_F.CREATE | NLM_F.REPLACE);
  if (matches(word, 'delete')) return modify(args, ctx, RTM.DELNEIGH, 0);
  if (matches(word, 'get')) return get(args, ctx);
  if (matches(word, 'show') || matches(word, 'lst') || matches(word, 'list')) return show(args, ctx);
  if (word === 'flush') return flush(args, ctx);
  if (matches(word, 'help')) throw usage();
  throw new CliError(`Command "${word}" is unknown, try "nlink-bridge fdb help".\n`);
}

// --- printing (print_fdb) ---

/** What `print_fdb` filters on. */
interface FdbPrintFilter {
  readonly index: number;
  readonly state: number;
  readonly vlan: number;
  readonly dynamic: boolean;
}

const NO_FILTER: FdbPrintFilter = { index: 0, state: 0, vlan: 0, dynamic: false };

const FLAG_NAMES: readonly (readonly [number, string])[] = [
  [NTF.SELF, 'self'],
  [NTF.ROUTER, 'router'],
  [NTF.EXT_LEARNED, 'extern_learn'],
  [NTF.OFFLOADED, 'offload'],
  [NTF.MASTER, 'master'],
  [NTF.STICKY, 'sticky'],
];

/** `clock_t` ticks per second of `nda_cacheinfo` (`USER_HZ`). */
const USER_HZ = 100;

/** `state_n2a`: the state's name, empty for dynamic (reachable) entries. */
function stateName(s: number, json: boolean): string {
  if (s & NUD.PERMANENT) return 'permanent';
  if (s & NUD.NOARP) return 'static';
  if (s & NUD.STALE) return 'stale';
  if (s & NUD.REACHABLE) return '';
  const hex = s === 0 ? '0' : `0x${s.toString(16)}`;
  return json ? hex : `state=${hex}`;
}

/** Prints one FDB entry as `bridge fdb show` does, unless the filter leaves it out. */
function printFdb(out: Output, e: FdbEntry, f: FdbPrintFilter, stats: boolean, links: LinkCache): void {
  const a = e.message.attrs;
  if (e.message.header.family !== AF.BRIDGE) return;
  if (f.index && f.index !== e.ifindex) return;
  if (f.state && !(e.state & f.state)) return;
  const vid = a.vlan ?? 0;
  if (f.vlan && f.vlan !== vid) return;
  if (f.dynamic && e.state & NUD.PERMANENT) return;
  out.openObject();
  if (a.lladdr !== undefined) out.string('any', 'mac', '%s ', a.lladdr);
  if (!f.index && e.ifindex) {
    out.text('dev ');
    out.string('any', 'ifname', '%s ', links.name(e.ifindex));
  }
  if (a.dst !== undefined) {
    out.text('dst ');
    out.string('any', 'dst', '%s ', a.dst);
  }
  if (vid) out.uint('any', 'vlan', 'vlan %hu ', vid);
  if (a.port !== undefined) out.uint('any', 'port', 'port %u ', a.port);
  if (a.vni !== undefined) out.uint('any', 'vni', 'vni %u ', a.vni);
  if (a.srcVni !== undefined) out.uint('any', 'src_vni', 'src_vni %u ', a.srcVni);
  if (a.ifindex !== undefined) {
    if (a.linkNetnsid !== undefined) out.uint('any', 'viaIfIndex', 'via ifindex %u ', a.ifindex);
    else out.string('any', 'viaIf', 'via %s ', links.name(a.ifindex));
  }
  if (a.nhId !== undefined) out.uint('any', 'nhid', 'nhid %u ', a.nhId);
  if (a.linkNetnsid !== undefined) out.uint('any', 'linkNetNsId', 'link-netnsid %d ', a.linkNetnsid);
  const ci = a.cacheinfo;
  if (stats && ci !== undefined) {
    const used = Math.floor(ci.used / USER_HZ);
    const updated = Math.floor(ci.updated / USER_HZ);
    out.uint('json', 'used', null, used);
    out.uint('json', 'updated', null, updated);
    out.text('used %d/%d ', used, updated);
  }
  out.openArray('json', 'flags');
  for (const [bit, name] of FLAG_NAMES) if (e.flags & bit) out.string('any', null, '%s ', name);
  out.closeArray('json', '');
  if (a.master !== undefined) out.string('any', 'master', 'master %s ', links.name(a.master));
  out.string('any', 'state', '%s\n', stateName(e.state, out.json));
  out.closeObject();
}

// --- show ---

/** `state_a2n`: a state name or number of `bridge fdb show state STATE`. */
function stateBits(arg: string): number | undefined {
  if (matches(arg, 'permanent')) return NUD.PERMANENT;
  if (matches(arg, 'static') || matches(arg, 'temp')) return NUD.NOARP;
  if (matches(arg, 'stale')) return NUD.STALE;
  if (matches(arg, 'reachable') || matches(arg, 'dynamic')) return NUD.REACHABLE;
  if (arg === 'all') return 0xffffffff;
  return getU32(arg);
}

/** `bridge fdb show [br BR] [brport|dev DEV] [vlan VID] [state STATE] [dynamic]`. */
async function show(args: Args, ctx: BridgeContext): Promise<number> {
  let dev: string | undefined;
  let br: string | undefined;
  let vlan = 0;
  let state = 0;
  let dynamic = false;
  while (!args.done) {
    const w = args.take();
    if (w === 'brport' || w === 'dev') dev = args.take();
    else if (w === 'br') br = args.take();
    else if (w === 'vlan') {
      const v = args.take();
      if (vlan) throw duparg('vlan', v);
      vlan = atoi(v);
    } else if (w === 'state') {
      const v = args.take();
      const bits = stateBits(v);
      if (bits === undefined) throw invarg('invalid state', v);
      state = (state | bits) >>> 0;
    } else if (w === 'dynamic') dynamic = true;
    else if (matches(w, 'help')) throw usage();
    // Any other word is ignored, as by bridge's fdb_show.
  }
  const links = await linkMap(ctx);
  const master = br === undefined ? 0 : await requireIndex(links, br, 'bridge device');
  const index = dev === undefined ? 0 : await requireIndex(links, dev);
  const conn = await ctx.connection();
  const request = {
    type: RTM.GETNEIGH,
    schema: neighMessage,
    value: { header: { family: AF.BRIDGE, ifindex: index }, attrs: master ? { master } : {} },
  };
  const entries = await dumpOrTerminate(() =>
    conn.dumpAll(request, (m) => (m.type === RTM.NEWNEIGH ? FdbEntry.fromMessage(m) : undefined), {
      context: { operation: 'dump fdb' },
    }),
  );
  const filter: FdbPrintFilter = { index, state, vlan, dynamic };
  const out = ctx.output();
  out.begin();
  for (const e of entries) printFdb(out, e, filter, ctx.bridge.stats > 0, links);
  out.end();
  out.flush();
  return 0;
}

// --- add, append, replace, delete ---

/** A MAC address as `sscanf("%hhx:%hhx:%hhx:%hhx:%hhx:%hhx")` reads it, or `undefined`. */
function scanMac(text: string): string | undefined {
  const parts = text.split(':');
  if (parts.length < 6) return undefined;
  const bytes: string[] = [];
  for (const p of parts.slice(0, 6)) {
    const m = /^[ \t\n\v\f\r]*(?:0[xX])?([0-9a-fA-F]+)/.exec(p);
    if (!m) return undefined;
    bytes.push((Number.parseInt((m[1] ?? '').slice(-8), 16) & 0xff).toString(16).padStart(2, '0'));
  }
  return bytes.join(':');
}

/** `strtoul(s, &end, 0)` with the whole string consumed, as a C `unsigned long`; `undefined` otherwise. */
function strtoul(text: string): bigint | undefined {
  if (text === '') return 0n;
  const v = parseCInteger(text);
  return v === undefined ? undefined : BigInt.asUintN(64, v);
}

/** A VNI of `vni`/`src_vni`: 24 bits. */
function parseVni(text: string, what: string): number {
  const v = strtoul(text);
  if (v === undefined || v >> 24n !== 0n) throw invarg(`invalid ${what}\n`, text);
  return Number(v);
}

/** `fdb_modify`: one `RTM_NEWNEIGH`/`RTM_DELNEIGH` built as `bridge fdb add|append|replace|del` builds it. */
async function modify(args: Args, ctx: BridgeContext, type: number, flags: number): Promise<number> {
  let addr: string | undefined;
  let dev: string | undefined;
  let dst: Uint8Array | undefined;
  let port = 0;
  let vni: number | undefined;
  let srcVni: number | undefined;
  let via: string | undefined;
  let vid = -1;
  let nhid = 0;
  let ndmFlags = 0;
  let state: number = NUD.NOARP;
  while (!args.done) {
    let w = args.take();
    if (w === 'dev') dev = args.take();
    else if (w === 'dst') {
      const v = args.take();
      if (dst !== undefined) throw duparg2('dst', v);
      dst = getAddr(v, ctx.bridge.family).bytes;
      if (dst.length !== 4 && dst.length !== 16) throw invarg('invalid dst\n', v);
    } else if (w === 'nhid') {
      const v = args.take();
      const n = getU32(v);
      if (n === undefined) throw invarg('"id" value is invalid\n', v);
      nhid = n;
    } else if (w === 'port') {
      const v = args.take();
      const p = strtoul(v);
      // Service names (`getservbyname`) are not looked up.
      if (p === undefined || p > 0xffffn) throw invarg('invalid port\n', v);
      port = Number(p);
    } else if (w === 'vni') vni = parseVni(args.take(), 'VNI');
    else if (w === 'src_vni') srcVni = parseVni(args.take(), 'src VNI');
    else if (w === 'via') via = args.take();
    else if (w === 'self') ndmFlags |= NTF.SELF;
    else if (matches(w, 'master')) ndmFlags |= NTF.MASTER;
    else if (matches(w, 'router')) ndmFlags |= NTF.ROUTER;
    else if (matches(w, 'local') || matches(w, 'permanent')) state |= NUD.PERMANENT;
    else if (matches(w, 'temp') || matches(w, 'static')) state |= NUD.REACHABLE;
    else if (matches(w, 'dynamic')) state = (state | NUD.REACHABLE) & ~NUD.NOARP;
    else if (matches(w, 'vlan')) {
      if (vid >= 0) throw duparg2('vlan', w);
      vid = atoiShort(args.take());
    } else if (matches(w, 'use')) ndmFlags |= NTF.USE;
    else if (matches(w, 'extern_learn')) ndmFlags |= NTF.EXT_LEARNED;
    else if (matches(w, 'sticky')) ndmFlags |= NTF.STICKY;
    else {
      if (w === 'to') w = args.take();
      if (matches(w, 'help')) throw usage();
      if (addr !== undefined) throw duparg2('to', w);
      addr = w;
    }
  }
  if (dev === undefined || addr === undefined) throw new CliError('Device and address are required arguments.\n');
  if (nhid && (dst !== undefined || port || vni !== undefined)) {
    throw new CliError('dst, port, vni are mutually exclusive with nhid\n');
  }
  if (!(ndmFlags & (NTF.SELF | NTF.MASTER))) ndmFlags |= NTF.SELF;
  if (!(state & (NUD.PERMANENT | NUD.REACHABLE))) state |= NUD.PERMANENT;
  const mac = scanMac(addr);
  if (mac === undefined) throw new CliError(`Invalid mac address ${addr}\n`);
  const links = await linkMap(ctx);
  const attrs: NeighAttrs = { lladdr: mac };
  if (dst !== undefined) attrs.dst = dst.length === 4 ? formatIpv4(dst) : formatIpv6(dst);
  if (vid >= 0) attrs.vlan = vid;
  if (nhid > 0) attrs.nhId = nhid;
  if (port) attrs.port = port;
  if (vni !== undefined) attrs.vni = vni;
  if (srcVni !== undefined) attrs.srcVni = srcVni;
  if (via !== undefined) {
    attrs.ifindex = await requireIndex(links, via);
  }
  const ifindex = await requireIndex(links, dev);
  const conn = await ctx.connection();
  const verb = type === RTM.DELNEIGH ? 'delete' : flags & NLM_F.APPEND ? 'append' : 'add';
  await conn.ack(
    {
      type,
      flags,
      schema: neighMessage,
      value: { header: { family: AF.BRIDGE, ifindex, state, flags: ndmFlags }, attrs },
    },
    { context: { operation: `${verb} fdb entry`, object: `${mac} dev ${dev}` } },
  );
  return 0;
}

// --- get ---

/** `bridge fdb get` ends with status 254 when the kernel refuses (its `return -2`). */
async function getExit254<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof KernelError) throw new CliError(`Error: ${err.message}\n`, 254, { cause: err });
    throw err;
  }
}

/** `bridge fdb get [to] LLADDR [br BR] {brport|dev} DEV [vlan VID] [vni VNI] [self] [master] [dynamic]`. */
async function get(args: Args, ctx: BridgeContext): Promise<number> {
  let dev: string | undefined;
  let br: string | undefined;
  let addr: string | undefined;
  let vni: number | undefined;
  let vlan = -1;
  let ndmFlags = 0;
  let dynamic = false;
  while (!args.done) {
    let w = args.take();
    if (w === 'brport' || w === 'dev') dev = args.take();
    else if (w === 'br') br = args.take();
    else if (w === 'vni') vni = parseVni(args.take(), 'VNI');
    else if (w === 'self') ndmFlags |= NTF.SELF;
    else if (matches(w, 'master')) ndmFlags |= NTF.MASTER;
    else if (matches(w, 'vlan')) {
      if (vlan >= 0) throw duparg2('vlan', w);
      vlan = atoiShort(args.take());
    } else if (matches(w, 'dynamic')) dynamic = true;
    else {
      if (w === 'to') w = args.take();
      if (matches(w, 'help')) throw usage();
      if (addr !== undefined) throw duparg2('to', w);
      addr = w;
    }
  }
  if ((dev === undefined && br === undefined) || addr === undefined) {
    throw new CliError('Device or master and address are required arguments.\n');
  }
  const mac = scanMac(addr);
  if (mac === undefined) throw new CliError(`Invalid mac address ${addr}\n`);
  const links = await linkMap(ctx);
  const attrs: NeighAttrs = { lladdr: mac };
  if (vlan >= 0) attrs.vlan = vlan;
  if (vni !== undefined) attrs.vni = vni;
  let ifindex = 0;
  if (dev !== undefined) {
    ifindex = await requireIndex(links, dev);
  }
  if (br !== undefined) {
    attrs.master = await requireIndex(links, br, 'bridge device');
  }
  const conn = await ctx.connection();
  const replies: ReceivedMessage[] = await getExit254(() =>
    conn.request(
      {
        type: RTM.GETNEIGH,
        schema: neighMessage,
        value: { header: { family: AF.BRIDGE, ifindex, flags: ndmFlags }, attrs },
      },
      { context: { operation: 'get fdb entry', object: mac } },
    ),
  );
  const out = ctx.output();
  out.begin();
  for (const m of replies) {
    if (m.type === RTM.NEWNEIGH)
      printFdb(out, FdbEntry.fromMessage(m), { ...NO_FILTER, dynamic }, ctx.bridge.stats > 0, links);
  }
  out.end();
  out.flush();
  return 0;
}

// --- flush ---

/** The words of `bridge fdb flush` that set (or, with `no`, clear) a state or flag bit and its mask. */
const FLUSH_WORDS: Readonly<Record<string, (m: FlushMasks) => void>> = {
  permanent: (m) => {
    m.state |= NUD.PERMANENT;
    m.stateMask |= NUD.PERMANENT;
  },
  nopermanent: (m) => {
    m.state &= ~NUD.PERMANENT;
    m.stateMask |= NUD.PERMANENT;
  },
  static: (m) => {
    m.state |= NUD.NOARP;
    m.stateMask |= NUD.NOARP | NUD.PERMANENT;
  },
  nostatic: (m) => {
    m.state &= ~NUD.NOARP;
    m.stateMask |= NUD.NOARP;
  },
  dynamic: (m) => {
    // iproute2 6.1 clears NOARP only (its `~NUD_NOARP | NUD_PERMANENT`).
    m.state &= ~NUD.NOARP | NUD.PERMANENT;
    m.stateMask |= NUD.NOARP | NUD.PERMANENT;
  },
  nodynamic: (m) => {
    m.state |= NUD.NOARP;
    m.stateMask |= NUD.NOARP;
  },
};

const FLUSH_FLAGS: Readonly<Record<string, number>> = {
  added_by_user: NTF.USE,
  extern_learn: NTF.EXT_LEARNED,
  sticky: NTF.STICKY,
  offloaded: NTF.OFFLOADED,
};

interface FlushMasks {
  state: number;
  stateMask: number;
  flags: number;
  flagsMask: number;
}

/** `bridge fdb flush dev DEV [brport DEV] [vlan VID] [self] [master] [[no]STATE ...] [[no]FLAG ...]`: one bulk deletion. */
async function flush(args: Args, ctx: BridgeContext): Promise<number> {
  let dev: string | undefined;
  let port: string | undefined;
  let vid = -1;
  const m: FlushMasks = { state: 0, stateMask: 0, flags: 0, flagsMask: 0 };
  while (!args.done) {
    const w = args.take();
    const flag = FLUSH_FLAGS[w.startsWith('no') ? w.slice(2) : w];
    if (w === 'dev') dev = args.take();
    else if (w === 'master') m.flags |= NTF.MASTER;
    else if (w === 'self') m.flags |= NTF.SELF;
    else if (Object.hasOwn(FLUSH_WORDS, w)) FLUSH_WORDS[w]?.(m);
    else if (flag !== undefined) {
      m.flags = w.startsWith('no') ? m.flags & ~flag : m.flags | flag;
      m.flagsMask |= flag;
    } else if (w === 'brport') {
      if (port !== undefined) throw duparg2('brport', w);
      port = args.take();
    } else if (w === 'vlan') {
      if (vid >= 0) throw duparg2('vlan', w);
      vid = atoiShort(args.take());
    } else if (matches(w, 'help')) {
      throw usage();
    } else {
      throw garbage('fdb', w);
    }
  }
  if (dev === undefined) throw new CliError('Device is a required argument.\n');
  const links = await linkMap(ctx);
  const ifindex = await requireIndex(links, dev, 'bridge device');
  const attrs: NeighAttrs = {};
  if (port !== undefined) {
    attrs.ifindex = await requireIndex(links, port, 'bridge port device');
  }
  if (vid >= 4096) throw new CliError(`Invalid VLAN ID "${vid}"\n`);
  if (!(m.flags & (NTF.SELF | NTF.MASTER))) m.flags |= NTF.SELF;
  if (vid > -1) attrs.vlan = vid;
  if (m.flagsMask) attrs.flagsMask = m.flagsMask & 0xff;
  if (m.stateMask) attrs.stateMask = m.stateMask & 0xffff;
  const conn = await ctx.connection();
  await conn.ack(
    {
      type: RTM.DELNEIGH,
      flags: NLM_F.BULK,
      schema: neighMessage,
      value: { header: { family: AF.BRIDGE, ifindex, state: m.state & 0xffff, flags: m.flags & 0xff }, attrs },
    },
    { context: { operation: 'flush fdb', object: `dev ${dev}` } },
  );
  return 0;
}
