/**
 * `nlink-ip nexthop`: show, flush, get, add, replace and delete nexthop
 * objects (single, blackhole, groups incl. resilient ones, FDB nexthops)
 * and show/get the buckets of resilient groups, with iproute2 6.1's
 * arguments, requests and output.
 *
 * Changes build their request the way `ipnh_modify` does, word by word,
 * into the nexthop message schema; `prepare` only builds it, so that
 * `-batch` can send many packed.
 *
 * @module
 */

import { AF, RTM, RTNH_F } from '../../core/constants.js';
import type { NexthopMessage } from '../../route/nexthop/nexthop.js';
import { nexthopMessage } from '../../route/nexthop/schema.js';
import { encapInput } from '../../route/route/encap.js';
import type { BatchItem } from '../../session/batch.js';
import type { Connection } from '../../session/connection.js';
import type { ReceivedMessage } from '../../session/engine.js';
import type { Route } from '../../session/protocol.js';
import { type Args, CliError, getU16, getU32, invarg, matches } from '../common/args.js';
import { CHANGE_FLAGS, type Change, changeOf, sendChange } from './change.js';
import { changeLinks } from './change-links.js';
import type { IpContext } from './context.js';
import { getAddr, readFamily } from './inet.js';
import { LinkCache } from './link-cache.js';
import { parseEncap } from './lwtunnel.js';
import { protocolId } from './names.js';
import { type NexthopPrintEnv, printNexthopBucket, printNexthopEntry } from './nexthop-print.js';

/** `ip nexthop` usage (iproute2 6.1's). */
const USAGE =
  'Usage: nlink-ip nexthop { list | flush } [ protocol ID ] SELECTOR\n' +
  '       nlink-ip nexthop { add | replace } id ID NH [ protocol ID ]\n' +
  '       nlink-ip nexthop { get | del } id ID\n' +
  '       nlink-ip nexthop bucket list BUCKET_SELECTOR\n' +
  '       nlink-ip nexthop bucket get id ID index INDEX\n' +
  'SELECTOR := [ id ID ] [ dev DEV ] [ vrf NAME ] [ master DEV ]\n' +
  '            [ groups ] [ fdb ]\n' +
  'BUCKET_SELECTOR := SELECTOR | [ nhid ID ]\n' +
  'NH := { blackhole | [ via ADDRESS ] [ dev DEV ] [ onlink ]\n' +
  '        [ encap ENCAPTYPE ENCAPHDR ] |\n' +
  '        group GROUP [ fdb ] [ type TYPE [ TYPE_ARGS ] ] }\n' +
  'GROUP := [ <id[,weight]>/<id[,weight]>/... ]\n' +
  'TYPE := { mpath | resilient }\n' +
  'TYPE_ARGS := [ RESILIENT_ARGS ]\n' +
  'RESILIENT_ARGS := [ buckets BUCKETS ] [ idle_timer IDLE ]\n' +
  '                  [ unbalanced_timer UNBALANCED ]\n' +
  'ENCAPTYPE := [ mpls ]\n' +
  'ENCAPHDR := [ MPLSLABEL ]\n';

function usage(): CliError {
  return new CliError(USAGE);
}

/** The change command `word` names, if any: `ip nexthop` has no `change`. */
function nexthopChange(word: string): Exclude<Change, 'change'> | undefined {
  const change = changeOf(word);
  return change === 'change' ? undefined : change;
}

/** Runs `nlink-ip nexthop ARGS` (iproute2's `do_ipnh`). */
export async function run(args: Args, ctx: IpContext): Promise<number> {
  const word = args.peek();
  if (word === undefined) return list(args, ctx, false);
  if (nexthopChange(word)) return sendChange(ctx, await prepare(args, ctx));
  args.take();
  if (matches(word, 'list') || matches(word, 'show') || matches(word, 'lst')) return list(args, ctx, false);
  if (matches(word, 'get')) return get(args, ctx);
  if (matches(word, 'flush')) return list(args, ctx, true);
  if (matches(word, 'bucket')) return bucket(args, ctx);
  if (matches(word, 'help')) throw usage();
  throw new CliError(`Command "${word}" is unknown, try "ip nexthop help".\n`);
}

// --- add, replace, delete ---

/** `ipnh_parse_id`. */
function parseId(text: string): number {
  const id = getU32(text);
  if (id === undefined) throw invarg('invalid id value', text);
  return id;
}

/**
 * `add_nh_group_attr`: `ID[,WEIGHT]/ID[,WEIGHT]/...` (weights 1 to 256).
 * A bad id reports what iproute2 has left of the word by then: its first member.
 */
function parseGroup(text: string): { id: number; weight: number }[] {
  const bad = () => invarg('"group" value is invalid\n', text.split(/[/,]/)[0] ?? '');
  if (text === '') throw bad();
  return text.split('/').map((member) => {
    const comma = member.indexOf(',');
    const id = getU32(comma < 0 ? member : member.slice(0, comma));
    if (id === undefined) throw bad();
    if (comma < 0) return { id, weight: 0 };
    const w = member.slice(comma + 1).split(',')[0] ?? '';
    const weight = getU32(w);
    if (weight === undefined || weight === 0 || weight > 256) throw invarg('"weight" is invalid\n', w);
    return { id, weight: weight - 1 };
  });
}

/** `parse_nh_group_type`: `type mpath|resilient [ buckets N ] [ idle_timer S ] [ unbalanced_timer S ]`. */
function parseGroupType(args: Args, attrs: Record<string, unknown>): void {
  const v = args.take();
  if (v !== 'mpath' && v !== 'resilient') throw invarg('"type" value is invalid\n', v);
  if (v === 'resilient' && !args.done) {
    const res: Record<string, number> = {};
    for (let w = args.peek(); w !== undefined; w = args.peek()) {
      if (w === 'buckets') {
        args.take();
        const n = args.take();
        const buckets = getU16(n);
        if (buckets === undefined) throw invarg('invalid buckets value', n);
        res.buckets = buckets;
      } else if (w === 'idle_timer' || w === 'unbalanced_timer') {
        args.take();
        const n = args.take();
        const seconds = getU32(n);
        if (seconds === undefined || seconds >= Math.floor(0xffffffff / 100)) {
          throw invarg(w === 'idle_timer' ? 'invalid idle timer value' : 'invalid unbalanced timer value', n);
        }
        res[w === 'idle_timer' ? 'idleTimer' : 'unbalancedTimer'] = seconds;
      } else break;
    }
    attrs.resGroup = res;
  }
  attrs.groupType = v;
}

/**
 * Builds the request of `ip nexthop add|replace|delete ARGS` (iproute2's
 * `ipnh_modify`) without sending it; `undefined` when `args` is another command.
 */
export async function prepare(args: Args, ctx: IpContext): Promise<BatchItem | undefined> {
  const change = nexthopChange(args.peek() ?? '');
  if (!change) return undefined;
  args.take();
  const header = { family: ctx.options.family, protocol: 0, flags: 0 };
  const attrs: Record<string, unknown> = {};
  const cache = await changeLinks(ctx);
  while (!args.done) {
    const w = args.take();
    if (w === 'id') {
      attrs.id = parseId(args.take());
    } else if (w === 'dev') {
      const v = args.take();
      const index = await cache.indexOf(v);
      if (!index) throw invarg('Device does not exist\n', v);
      attrs.oif = index;
      if (header.family === AF.UNSPEC) header.family = AF.INET;
    } else if (w === 'via') {
      const first = args.take();
      const named = readFamily(first);
      const addr = getAddr(named === AF.UNSPEC ? first : args.take(), named === AF.UNSPEC ? header.family : named);
      if (header.family === AF.UNSPEC) header.family = addr.family;
      else if (header.family !== addr.family) throw invarg('address family mismatch\n', addr.text);
      attrs.gateway = addr.text;
    } else if (w === 'encap') {
      const encap = await parseEncap(args, (n) => cache.indexOf(n));
      Object.assign(
        attrs,
        await encapInput(encap, async (ref) => (typeof ref === 'number' ? ref : cache.indexOf(ref))),
      );
    } else if (w === 'blackhole') {
      attrs.blackhole = true;
      if (header.family === AF.UNSPEC) header.family = AF.INET;
    } else if (w === 'fdb') {
      attrs.fdb = true;
    } else if (w === 'onlink') {
      header.flags |= RTNH_F.ONLINK;
    } else if (w === 'group') {
      attrs.group = parseGroup(args.take());
    } else if (w === 'type') {
      parseGroupType(args, attrs);
    } else if (matches(w, 'protocol')) {
      const v = args.take();
      const proto = protocolId(v);
      if (proto === undefined) throw invarg('"protocol" value is invalid\n', v);
      header.protocol = proto;
    } else if (w === 'help') {
      throw usage();
    } else {
      throw invarg('', w);
    }
  }
  const value = { header, attrs } as Parameters<typeof nexthopMessage.encode>[1];
  const object = attrs.id === undefined ? '(new id)' : `id ${attrs.id}`;
  return {
    out: {
      type: change === 'delete' ? RTM.DELNEXTHOP : RTM.NEWNEXTHOP,
      flags: CHANGE_FLAGS[change],
      schema: nexthopMessage,
      value,
    },
    context: { operation: `${change} nexthop`, object },
  };
}

// --- show, flush, get ---

/** `ip nexthop show|flush` selectors (iproute2's `filter`). */
interface NexthopFilter {
  ifindex: number;
  groups: boolean;
  master: number;
  proto: number;
  fdb: boolean;
  /** `id ID`: one nexthop instead of a dump. */
  id?: number;
  /** `nhid ID` (buckets). */
  nhid?: number;
}

function newFilter(): NexthopFilter {
  return { ifindex: 0, groups: false, master: 0, proto: 0, fdb: false };
}

/** `ll_name_to_index` of a selector: `Device does not exist`. */
async function selectorIndex(cache: LinkCache, name: string): Promise<number> {
  const index = await cache.indexOf(name);
  if (!index) throw invarg('Device does not exist\n', name);
  return index;
}

/** A VRF selector: its ifindex. */
async function vrfIndex(cache: LinkCache, name: string): Promise<number> {
  const index = await cache.vrfIndex(name);
  if (!index) throw invarg('Invalid VRF\n', name);
  return index;
}

/** `ipnh_list_flush`'s selector; `id ID` ends it. */
async function parseList(args: Args, cache: LinkCache): Promise<NexthopFilter> {
  const f = newFilter();
  while (!args.done) {
    const w = args.take();
    if (matches(w, 'dev')) f.ifindex = await selectorIndex(cache, args.take());
    else if (matches(w, 'groups')) f.groups = true;
    else if (matches(w, 'master')) f.master = await selectorIndex(cache, args.take());
    else if (matches(w, 'vrf')) f.master = await vrfIndex(cache, args.take());
    else if (w === 'id') {
      f.id = parseId(args.take());
      return f;
    } else if (matches(w, 'protocol')) {
      const v = args.take();
      const proto = getU32(v);
      if (proto === undefined) throw invarg('invalid protocol value', v);
      f.proto = proto;
    } else if (matches(w, 'fdb')) f.fdb = true;
    else if (matches(w, 'help')) throw usage();
    else throw invarg('', w);
  }
  return f;
}

/** The kernel-side filter of a dump (`nh_dump_filter`). */
function dumpAttrs(f: NexthopFilter): Record<string, unknown> {
  const attrs: Record<string, unknown> = {};
  if (f.ifindex) attrs.oif = f.ifindex;
  if (f.groups) attrs.groups = true;
  if (f.master) attrs.master = f.master;
  if (f.fdb) attrs.fdb = true;
  return attrs;
}

function nexthopDump(
  conn: Connection<Route>,
  type: number,
  family: number,
  attrs: Record<string, unknown>,
): AsyncGenerator<ReceivedMessage[]> {
  const value = { header: { family }, attrs } as Parameters<typeof nexthopMessage.encode>[1];
  return conn.dumpBatches(
    { type, schema: nexthopMessage, value },
    { context: { operation: type === RTM.GETNEXTHOP ? 'dump nexthops' : 'dump nexthop buckets', object: '' } },
  );
}

function decode(m: ReceivedMessage): NexthopMessage {
  return nexthopMessage.decode(m.buf, m.offset, m.length);
}

function printEnv(ctx: IpContext, cache: LinkCache): NexthopPrintEnv {
  const o = ctx.options;
  return { details: o.details > 0, numeric: o.numeric, stats: o.stats, linkName: (i) => cache.name(i) };
}

/** `ip nexthop show|flush` (iproute2's `ipnh_list_flush`). */
async function list(args: Args, ctx: IpContext, flush: boolean): Promise<number> {
  const all = args.done;
  const conn = await ctx.connection();
  const cache = new LinkCache(conn);
  const f = await parseList(args, cache);
  if (f.id !== undefined) {
    if (!flush) return printOne(ctx, conn, cache, f.id);
    await deleteNexthops(ctx, conn, [f.id]);
    return 0;
  }
  if (flush) return flushNexthops(ctx, conn, f, all);
  const env = printEnv(ctx, cache);
  const out = ctx.output();
  out.begin();
  for await (const batch of nexthopDump(conn, RTM.GETNEXTHOP, ctx.options.family, dumpAttrs(f))) {
    const nhs = batch
      .filter((m) => m.type === RTM.NEWNEXTHOP)
      .map(decode)
      .filter((n) => !f.proto || n.header.protocol === f.proto);
    await cache.prefetch(nhs.map((n) => n.attrs.oif));
    for (const n of nhs) {
      printNexthopEntry(out, n, env, null);
      out.text('%s', '\n');
    }
    out.flush();
  }
  out.end();
  out.flush();
  return 0;
}

/** Deletes nexthops by id, packed; returns how many the kernel deleted, printing its errors as iproute2 does. */
async function deleteNexthops(ctx: IpContext, conn: Connection<Route>, ids: readonly number[]): Promise<number> {
  const batch = conn.batch();
  for (const id of ids) {
    const value = { header: { family: AF.UNSPEC }, attrs: { id } } as Parameters<typeof nexthopMessage.encode>[1];
    batch.add(
      { type: RTM.DELNEXTHOP, schema: nexthopMessage, value },
      { operation: 'delete nexthop', object: `id ${id}` },
    );
  }
  let deleted = 0;
  for (const r of await batch.execute()) {
    if (r.ok) deleted++;
    else ctx.io.stderr(`Error: ${r.error.message}\n`);
  }
  return deleted;
}

/** `ipnh_flush`: deletes what the filter keeps (with no selector, the groups first, then the rest). */
async function flushNexthops(ctx: IpContext, conn: Connection<Route>, f: NexthopFilter, all: boolean): Promise<number> {
  const passes = all
    ? [
        { ...f, groups: true, ifindex: 0, master: 0 },
        { ...f, groups: false },
      ]
    : [f];
  let flushed = 0;
  for (const pass of passes) {
    const ids: number[] = [];
    for await (const batch of nexthopDump(conn, RTM.GETNEXTHOP, ctx.options.family, dumpAttrs(pass))) {
      for (const m of batch) {
        if (m.type !== RTM.NEWNEXTHOP) continue;
        const n = decode(m);
        if (pass.proto && n.header.protocol !== pass.proto) continue;
        if (n.attrs.id) ids.push(n.attrs.id);
      }
    }
    flushed += await deleteNexthops(ctx, conn, ids);
  }
  ctx.io.stdout(flushed ? `Flushed ${flushed} nexthops\n` : 'Nothing to flush\n');
  return 0;
}

/** `ipnh_get_id`: one nexthop, printed. */
async function printOne(ctx: IpContext, conn: Connection<Route>, cache: LinkCache, id: number): Promise<number> {
  const value = { header: { family: ctx.options.family }, attrs: { id } } as Parameters<
    typeof nexthopMessage.encode
  >[1];
  const replies = await conn.request(
    { type: RTM.GETNEXTHOP, schema: nexthopMessage, value },
    { context: { operation: 'get nexthop', object: `id ${id}` } },
  );
  const answer = replies.find((m) => m.type === RTM.NEWNEXTHOP);
  if (!answer) throw new CliError('Not a nexthop?\n', 1);
  const n = decode(answer);
  await cache.prefetch([n.attrs.oif]);
  const out = ctx.output();
  out.begin();
  printNexthopEntry(out, n, printEnv(ctx, cache), null);
  out.text('%s', '\n');
  out.end();
  out.flush();
  return 0;
}

/** `ip nexthop get id ID`. */
async function get(args: Args, ctx: IpContext): Promise<number> {
  let id = 0;
  while (!args.done) {
    if (args.take() !== 'id') throw usage();
    id = parseId(args.take());
  }
  if (!id) throw usage();
  const conn = await ctx.connection();
  return printOne(ctx, conn, new LinkCache(conn), id);
}

// --- buckets ---

/** `ip nexthop bucket list|show|get ...` (iproute2's `do_ipnh_bucket`). */
async function bucket(args: Args, ctx: IpContext): Promise<number> {
  const word = args.peek();
  if (word === undefined) return bucketList(args, ctx);
  args.take();
  if (matches(word, 'list') || matches(word, 'show') || matches(word, 'lst')) return bucketList(args, ctx);
  if (matches(word, 'get')) return bucketGet(args, ctx);
  if (matches(word, 'help')) throw usage();
  throw new CliError(`Command "${word}" is unknown, try "ip nexthop help".\n`);
}

/** `ipnh_bucket_list`. */
async function bucketList(args: Args, ctx: IpContext): Promise<number> {
  const conn = await ctx.connection();
  const cache = new LinkCache(conn);
  const f = newFilter();
  while (!args.done) {
    const w = args.take();
    if (matches(w, 'dev')) f.ifindex = await selectorIndex(cache, args.take());
    else if (matches(w, 'master')) f.master = await selectorIndex(cache, args.take());
    else if (matches(w, 'vrf')) f.master = await vrfIndex(cache, args.take());
    else if (w === 'id') f.id = parseId(args.take());
    else if (w === 'nhid') f.nhid = parseId(args.take());
    else if (matches(w, 'help')) throw usage();
    else throw invarg('', w);
  }
  const attrs = dumpAttrs(f);
  if (f.id) attrs.id = f.id;
  if (f.nhid) attrs.resBucket = { nhId: f.nhid };
  const out = ctx.output();
  out.begin();
  for await (const batch of nexthopDump(conn, RTM.GETNEXTHOPBUCKET, ctx.options.family, attrs)) {
    for (const m of batch) if (m.type === RTM.NEWNEXTHOPBUCKET) printNexthopBucket(out, decode(m));
    out.flush();
  }
  out.end();
  out.flush();
  return 0;
}

/** `ipnh_bucket_get`: `id ID index INDEX`. */
async function bucketGet(args: Args, ctx: IpContext): Promise<number> {
  let id = 0;
  let index: number | undefined;
  while (!args.done) {
    const w = args.take();
    if (w === 'id') id = parseId(args.take());
    else if (w === 'index') {
      const v = args.take();
      index = getU16(v);
      if (index === undefined) throw invarg('invalid bucket index value', v);
    } else throw usage();
  }
  if (!id || index === undefined) throw usage();
  const conn = await ctx.connection();
  const value = {
    header: { family: ctx.options.family },
    attrs: { id, resBucket: { index } },
  } as Parameters<typeof nexthopMessage.encode>[1];
  const replies = await conn.request(
    { type: RTM.GETNEXTHOPBUCKET, schema: nexthopMessage, value },
    { context: { operation: 'get nexthop bucket', object: `id ${id} index ${index}` } },
  );
  const answer = replies.find((m) => m.type === RTM.NEWNEXTHOPBUCKET);
  if (!answer) throw new CliError('Not a nexthop bucket?\n', 1);
  const out = ctx.output();
  out.begin();
  printNexthopBucket(out, decode(answer));
  out.end();
  out.flush();
  return 0;
}
