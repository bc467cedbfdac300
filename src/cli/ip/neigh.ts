/**
 * `nlink-ip neighbour`: show, get, add, change, replace, delete and flush
 * ARP/NDP and proxy entries with iproute2's arguments and output
 * (iproute2's `ipneigh.c`).
 *
 * @module
 */

import { AF, RTM } from '../../core/constants.js';
import { KernelError } from '../../errors.js';
import { Neighbor } from '../../route/neigh/neighbor.js';
import { NTF, NTF_EXT, NUD, neighMessage } from '../../route/neigh/schema.js';
import { parseMac } from '../../schema/address.js';
import type { BatchItem } from '../../session/batch.js';
import type { Connection } from '../../session/connection.js';
import type { ReceivedMessage } from '../../session/engine.js';
import type { Route } from '../../session/protocol.js';
import { type Args, CliError, duparg, duparg2, getU32, invarg, matches } from '../common/args.js';
import { Output } from '../common/output.js';
import { CHANGE_FLAGS, changeOf, sendChange } from './change.js';
import type { IpContext } from './context.js';
import { deletionOf, flushComplete } from './flush.js';
import { getAddr, getPrefix, type InetPrefix, prefixMatches } from './inet.js';
import { LinkCache } from './link-cache.js';
import { protocolId, protocolName } from './names.js';

const USAGE =
  'Usage: nlink-ip neigh { add | del | change | replace }\n' +
  '                { ADDR [ lladdr LLADDR ] [ nud STATE ] proxy ADDR }\n' +
  '                [ dev DEV ] [ router ] [ use ] [ managed ] [ extern_learn ]\n' +
  '                [ protocol PROTO ]\n' +
  '\n' +
  '	nlink-ip neigh { show | flush } [ proxy ] [ to PREFIX ] [ dev DEV ] [ nud STATE ]\n' +
  '				  [ vrf NAME ] [ nomaster ]\n' +
  '	nlink-ip neigh get { ADDR | proxy ADDR } dev DEV\n' +
  '\n' +
  'STATE := { delay | failed | incomplete | noarp | none |\n' +
  '           permanent | probe | reachable | stale }\n';

function usage(): CliError {
  return new CliError(USAGE);
}

/** Runs `nlink-ip neighbour ARGS` (iproute2's `do_ipneigh`). */
export async function run(args: Args, ctx: IpContext): Promise<number> {
  const word = args.peek();
  if (word === undefined) return show(args, ctx, false);
  if (changeOf(word)) return sendChange(ctx, await prepare(args, ctx));
  args.take();
  if (matches(word, 'get')) return get(args, ctx);
  if (matches(word, 'show') || matches(word, 'lst') || matches(word, 'list')) return show(args, ctx, false);
  if (matches(word, 'flush')) return show(args, ctx, true);
  if (matches(word, 'help')) throw usage();
  throw new CliError(`Command "${word}" is unknown, try "ip neigh help".\n`);
}

/** `nud_state_a2n`: a state name (some by prefix) or a number with one bit below 0x100. */
function nudState(arg: string): number | undefined {
  if (matches(arg, 'permanent')) return NUD.PERMANENT;
  if (matches(arg, 'reachable')) return NUD.REACHABLE;
  const exact: Readonly<Record<string, number>> = {
    noarp: NUD.NOARP,
    none: NUD.NONE,
    stale: NUD.STALE,
    incomplete: NUD.INCOMPLETE,
    delay: NUD.DELAY,
    probe: NUD.PROBE,
  };
  if (Object.hasOwn(exact, arg)) return exact[arg];
  if (matches(arg, 'failed')) return NUD.FAILED;
  const n = getU32(arg);
  if (n === undefined || n >= 0x100 || (n & (n - 1)) !== 0) return undefined;
  return n;
}

async function deviceIndex(cache: LinkCache, dev: string): Promise<number> {
  const index = await cache.indexOf(dev);
  if (!index) throw new CliError(`Cannot find device "${dev}"\n`, 1);
  return index;
}

/** The destination word of `add`/`del`/`get`, once: `to ADDR`, `ADDR`, or `proxy ADDR`. */
function destination(args: Args, word: string, have: InetPrefix | undefined, family: number): InetPrefix {
  let w = word;
  if (w === 'to') w = args.take();
  if (matches(w, 'help')) throw usage();
  if (have) throw duparg2('to', w);
  return getAddr(w, family);
}

function proxyDestination(args: Args, have: InetPrefix | undefined, family: number): InetPrefix {
  const w = args.take();
  if (matches(w, 'help')) throw usage();
  if (have) throw duparg('address', w);
  return getAddr(w, family);
}

/**
 * Builds the request of `ip neigh add|change|replace|delete ARGS`
 * (iproute2's `ipneigh_modify`) without sending it; `undefined` when `args`
 * is another command.
 */
export async function prepare(args: Args, ctx: IpContext): Promise<BatchItem | undefined> {
  const change = changeOf(args.peek() ?? '');
  if (!change) return undefined;
  args.take();
  const type = change === 'delete' ? RTM.DELNEIGH : RTM.NEWNEIGH;
  const family = ctx.options.family;
  let state: number = NUD.PERMANENT;
  let ntf = 0;
  let extFlags = 0;
  let dev: string | undefined;
  let devOk = false;
  let dst: InetPrefix | undefined;
  let lladdr: string | undefined;
  let protocol: number | undefined;
  while (!args.done) {
    const word = args.take();
    if (matches(word, 'lladdr')) {
      const v = args.take();
      if (lladdr !== undefined) throw duparg('lladdr', v);
      lladdr = v;
    } else if (word === 'nud') {
      const v = args.take();
      const s = nudState(v);
      if (s === undefined) throw invarg('nud state is bad', v);
      state = s;
    } else if (matches(word, 'proxy')) {
      dst = proxyDestination(args, dst, family);
      devOk = true;
      ntf |= NTF.PROXY;
    } else if (word === 'router') ntf |= NTF.ROUTER;
    else if (word === 'use') ntf |= NTF.USE;
    else if (word === 'managed') {
      extFlags |= NTF_EXT.MANAGED;
      state = NUD.NONE;
    } else if (matches(word, 'extern_learn')) ntf |= NTF.EXT_LEARNED;
    else if (word === 'dev') {
      dev = args.take();
      devOk = true;
    } else if (matches(word, 'protocol')) {
      const v = args.take();
      protocol = protocolId(v);
      if (protocol === undefined) throw invarg('"protocol" value is invalid\n', v);
    } else {
      dst = destination(args, word, dst, family);
    }
  }
  if (!devOk || !dst || dst.family === AF.UNSPEC) {
    throw new CliError('Device and destination are required arguments.\n');
  }
  const lla = lladdr === undefined || lladdr === 'null' ? undefined : parseLladdr(lladdr);
  const conn = await ctx.connection();
  const ifindex = dev === undefined ? 0 : await deviceIndex(new LinkCache(conn), dev);
  return {
    out: {
      type,
      flags: CHANGE_FLAGS[change],
      schema: neighMessage,
      value: {
        header: { family: dst.family, ifindex, state, flags: ntf },
        attrs: {
          ...(protocol === undefined ? {} : { protocol }),
          dst: dst.text,
          ...(extFlags ? { flagsExt: extFlags } : {}),
          ...(lla === undefined ? {} : { lladdr: lla }),
        },
      },
    },
    context: { operation: `${change} neighbor`, object: `${dst.text}${dev === undefined ? '' : ` dev ${dev}`}` },
  };
}

/** `ll_addr_a2n`: colon-separated hex (an IPv4 address is taken as its 4 bytes). */
function parseLladdr(text: string): string {
  if (text.includes('.')) {
    const a = getAddr(text, AF.INET);
    return [...a.bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
  }
  try {
    parseMac(text, 'lladdr');
  } catch {
    throw new CliError(`"${text}" is invalid lladdr.\n`, 1);
  }
  return text;
}

/** `ipneigh_get`: one entry, printed. */
async function get(args: Args, ctx: IpContext): Promise<number> {
  const family = ctx.options.family;
  let dev: string | undefined;
  let devOk = false;
  let dst: InetPrefix | undefined;
  let ntf = 0;
  while (!args.done) {
    const word = args.take();
    if (word === 'dev') {
      dev = args.take();
      devOk = true;
    } else if (matches(word, 'proxy')) {
      dst = proxyDestination(args, dst, family);
      devOk = true;
      ntf |= NTF.PROXY;
    } else {
      dst = destination(args, word, dst, family);
    }
  }
  if (!devOk || !dst || dst.family === AF.UNSPEC) {
    throw new CliError('Device and address are required arguments.\n', 1);
  }
  const conn = await ctx.connection();
  const cache = new LinkCache(conn);
  const ifindex = dev === undefined ? 0 : await deviceIndex(cache, dev);
  const reply = await conn.request(
    {
      type: RTM.GETNEIGH,
      schema: neighMessage,
      value: { header: { family: dst.family, ifindex, flags: ntf }, attrs: { dst: dst.text } },
    },
    { context: { operation: 'get neighbor', object: dst.text } },
  );
  const answer = reply.find((m) => m.type === RTM.NEWNEIGH);
  if (!answer) return 0;
  const n = Neighbor.fromMessage(answer);
  await cache.prefetch([n.ifindex]);
  // `ip neigh get` prints text even with `-j`: it opens no JSON context.
  const out = new Output((text) => ctx.io.stdout(text), { oneline: ctx.options.oneline });
  printNeighbor(out, n, answer.header.type, neighPrintEnv(ctx, 0, cache));
  out.flush();
  return 0;
}

// --- show, flush ---

/** What `show`/`flush` keep (iproute2's `filter`). */
interface NeighFilter {
  family: number;
  index: number;
  master: number;
  state: number;
  proxy: boolean;
  protocol: number;
  unusedOnly: boolean;
  pfx: InetPrefix | undefined;
}

async function parseShow(args: Args, ctx: IpContext, cache: LinkCache, flush: boolean): Promise<NeighFilter> {
  if (flush && args.done) throw new CliError('Flush requires arguments.\n', 1);
  const f: NeighFilter = {
    family: ctx.options.family,
    index: 0,
    master: 0,
    state: flush ? ~(NUD.PERMANENT | NUD.NOARP) : 0xff & ~NUD.NOARP,
    proxy: false,
    protocol: 0,
    unusedOnly: false,
    pfx: undefined,
  };
  let dev: string | undefined;
  let stateGiven = false;
  while (!args.done) {
    const word = args.take();
    if (word === 'dev') {
      const v = args.take();
      if (dev !== undefined) throw duparg('dev', v);
      dev = v;
    } else if (word === 'master' || word === 'vrf') {
      const v = args.take();
      const index = await cache.indexOf(v);
      if (!index) throw invarg(word === 'master' ? 'Device does not exist\n' : 'Not a valid VRF name\n', v);
      if (word === 'vrf' && !(await cache.vrfIndex(v))) throw invarg('Not a valid VRF name\n', v);
      f.master = index;
    } else if (word === 'nomaster') f.master = -1;
    else if (word === 'unused') f.unusedOnly = true;
    else if (word === 'nud') {
      const v = args.take();
      if (!stateGiven) {
        stateGiven = true;
        f.state = 0;
      }
      let s = nudState(v);
      if (s === undefined) {
        if (v !== 'all') throw invarg('nud state is bad', v);
        s = flush ? ~NUD.NOARP : ~0;
      }
      f.state |= s === 0 ? 0x100 : s;
    } else if (word === 'proxy') f.proxy = true;
    else if (matches(word, 'protocol')) {
      const v = args.take();
      const p = protocolId(v);
      if (p === undefined && v !== 'all') throw invarg('invalid "protocol"\n', v);
      f.protocol = p ?? 0;
    } else {
      const v = word === 'to' ? args.take() : word;
      if (matches(v, 'help')) throw usage();
      f.pfx = getPrefix(v, f.family);
      if (f.family === AF.UNSPEC) f.family = f.pfx.family;
    }
  }
  if (dev !== undefined) f.index = await deviceIndex(cache, dev);
  return f;
}

function dumpRequest(f: NeighFilter) {
  const attrs: { ifindex?: number; master?: number } = {};
  if (f.index) attrs.ifindex = f.index;
  if (f.master) attrs.master = f.master >>> 0;
  return {
    type: RTM.GETNEIGH,
    schema: neighMessage,
    value: { header: { family: f.family, flags: f.proxy ? NTF.PROXY : 0 }, attrs },
  };
}

/** The filter of `print_neigh`: whether an entry is shown (or flushed). */
function passes(n: Neighbor, f: NeighFilter): boolean {
  if (f.family && f.family !== n.family) return false;
  if (f.index && f.index !== n.ifindex) return false;
  if (
    !(f.state & n.state) &&
    !(n.flags & NTF.PROXY) &&
    !(n.flags & NTF.EXT_LEARNED) &&
    (n.state || !(f.state & 0x100))
  ) {
    return false;
  }
  const dst = n.destination;
  if (f.pfx && dst !== undefined && !prefixMatches(f.pfx, getAddr(dst, AF.UNSPEC).bytes)) return false;
  if (f.protocol && f.protocol !== (n.protocol ?? 0)) return false;
  if (f.unusedOnly && (n.cacheinfo?.refcnt ?? 0) !== 0) return false;
  return true;
}

/** `ip neigh show|flush` (iproute2's `do_show_or_flush`). */
async function show(args: Args, ctx: IpContext, flush: boolean): Promise<number> {
  const conn = await ctx.connection();
  const cache = new LinkCache(conn);
  const f = await parseShow(args, ctx, cache, flush);
  if (flush) return flushNeighbors(ctx, conn, f);
  const entries = await conn.dumpAll(
    dumpRequest(f),
    (m) => {
      if (m.type !== RTM.NEWNEIGH) return undefined;
      const n = Neighbor.fromMessage(m);
      return passes(n, f) ? n : undefined;
    },
    { context: { operation: 'dump neighbors', object: '' } },
  );
  await cache.prefetch(entries.map((n) => n.ifindex));
  const out = ctx.output();
  const env = neighPrintEnv(ctx, f.index, cache);
  out.begin();
  for (const n of entries) printNeighbor(out, n, RTM.NEWNEIGH, env);
  out.end();
  out.flush();
  return 0;
}

/** How many rounds a flush tries (iproute2's `MAX_ROUNDS`). */
const FLUSH_ROUNDS = 10;

/** Deletes what the filter keeps, round after round, failed entries only in the first. */
async function flushNeighbors(ctx: IpContext, conn: Connection<Route>, f: NeighFilter): Promise<number> {
  const verbose = ctx.options.stats > 0;
  const say = (text: string) => ctx.io.stdout(text);
  for (let round = 0; round < FLUSH_ROUNDS; ) {
    const victims: ReceivedMessage[] = [];
    for await (const m of conn.dump(dumpRequest(f))) {
      if (m.type === RTM.NEWNEIGH && passes(Neighbor.fromMessage(m), f)) victims.push(m);
    }
    if (victims.length === 0) {
      if (verbose) say(flushComplete(round));
      return 0;
    }
    round++;
    const batch = conn.batch();
    for (const m of victims) {
      batch.add(deletionOf(RTM.DELNEIGH, m), {
        operation: 'flush neighbor',
        object: Neighbor.fromMessage(m).destination ?? '',
      });
    }
    for (const r of await batch.execute()) {
      if (!r.ok && !(r.error instanceof KernelError && r.error.isNotFound())) throw r.error;
    }
    if (verbose) say(`\n*** Round ${round}, deleting ${victims.length} entries ***\n`);
    f.state &= ~NUD.FAILED;
  }
  say(`*** Flush not complete bailing out after ${FLUSH_ROUNDS} rounds\n`);
  return 1;
}

// --- printing ---

/** What printing a neighbour entry depends on. */
export interface NeighPrintEnv {
  /** The `dev` filter: the device is not printed when set. */
  readonly index: number;
  /** `-s`: the cache timers and probes. */
  readonly stats: number;
  /** `-N`: protocol numbers instead of names. */
  readonly numeric: boolean;
  /** `-br`: address, device and link-layer address only. */
  readonly brief: boolean;
  /** The name of a link (looked up beforehand). */
  linkName(index: number): string;
}

/** The print environment of `ip neigh` with the global options, `index` the `dev` filter (0 none). */
export function neighPrintEnv(ctx: IpContext, index: number, cache: LinkCache): NeighPrintEnv {
  const { stats, numeric, brief } = ctx.options;
  return { index, stats, numeric, brief, linkName: (i) => cache.name(i) };
}

/** `USER_HZ`: the clock ticks of `nda_cacheinfo` per second. */
const USER_HZ = 100;

const STATE_NAMES: readonly (readonly [number, string])[] = [
  [NUD.INCOMPLETE, 'INCOMPLETE'],
  [NUD.REACHABLE, 'REACHABLE'],
  [NUD.STALE, 'STALE'],
  [NUD.DELAY, 'DELAY'],
  [NUD.PROBE, 'PROBE'],
  [NUD.FAILED, 'FAILED'],
  [NUD.NOARP, 'NOARP'],
  [NUD.PERMANENT, 'PERMANENT'],
];

/**
 * iproute2's `print_neigh` (the `-br` layout is its `print_neigh_brief`):
 * one entry, its line ended. `type` is the message type: `RTM_GETNEIGH`
 * (a resolution request the kernel passes to user space) prints `miss`
 * first. A removal's `Deleted ` prefix is the caller's (`ip monitor`).
 */
export function printNeighbor(out: Output, n: Neighbor, type: number, env: NeighPrintEnv): void {
  out.openObject();
  if (type === RTM.GETNEIGH) out.null('any', 'miss', '%s ', 'miss');
  const dst = n.destination;
  if (env.brief) {
    if (dst !== undefined) out.string('any', 'dst', '%-39s ', dst);
    if (!env.index && n.ifindex) out.string('any', 'dev', '%-16s ', env.linkName(n.ifindex));
    if (n.lladdr !== undefined) out.string('any', 'lladdr', '%s', n.lladdr);
    out.text('\n');
    out.closeObject();
    return;
  }
  if (dst !== undefined) out.string('any', 'dst', '%s ', dst);
  if (!env.index && n.ifindex) {
    out.text('dev ');
    out.string('any', 'dev', '%s ', env.linkName(n.ifindex));
  }
  const lladdr = n.lladdr;
  if (lladdr !== undefined) {
    out.text('lladdr ');
    out.string('any', 'lladdr', '%s ', lladdr);
  }
  if (n.flags & NTF.ROUTER) out.null('any', 'router', '%s ', 'router');
  if (n.flags & NTF.PROXY) out.null('any', 'proxy', '%s ', 'proxy');
  if (n.flagsExt & NTF_EXT.MANAGED) out.null('any', 'managed', '%s ', 'managed');
  if (n.flags & NTF.EXT_LEARNED) out.null('any', 'extern_learn', '%s ', 'extern_learn');
  if (n.flags & NTF.OFFLOADED) out.null('any', 'offload', '%s ', 'offload');
  if (env.stats) {
    const ci = n.cacheinfo;
    if (ci) {
      if (ci.refcnt) out.uint('any', 'refcnt', ' ref %u', ci.refcnt);
      out.uint('any', 'used', ' used %u', Math.floor(ci.used / USER_HZ));
      out.uint('any', 'confirmed', '/%u', Math.floor(ci.confirmed / USER_HZ));
      out.uint('any', 'updated', '/%u', Math.floor(ci.updated / USER_HZ));
    }
    const probes = n.probes;
    if (probes !== undefined) out.uint('any', 'probes', 'probes %u ', probes);
  }
  if (n.state) {
    out.openArray('json', 'state');
    for (const [bit, name] of STATE_NAMES) if (n.state & bit) out.string('any', null, '%s ', name);
    out.closeArray('json', '');
  }
  const protocol = n.protocol ?? 0;
  if (protocol) out.string('any', 'protocol', 'proto %s ', protocolName(protocol, env.numeric));
  out.text('\n');
  out.closeObject();
}
