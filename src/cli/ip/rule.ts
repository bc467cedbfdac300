/**
 * `nlink-ip rule`: list, add, delete and flush policy routing rules with
 * iproute2's arguments and output (iproute2 6.1's `iprule.c`).
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { AF, NLM_F, RTM } from '../../core/constants.js';
import type { RuleMessage } from '../../route/rule/rule.js';
import { FIB_RULE, FR_ACT, ruleMessage } from '../../route/rule/schema.js';
import type { BatchItem } from '../../session/batch.js';
import type { Connection } from '../../session/connection.js';
import type { ReceivedMessage } from '../../session/engine.js';
import type { Route } from '../../session/protocol.js';
import { type Args, CliError, getInteger, getU32, getU64, invarg, matches } from '../common/args.js';
import type { Output } from '../common/output.js';
import { sendChange } from './change.js';
import type { IpContext } from './context.js';
import { deletionOf } from './flush.js';
import { afBitLen, getAddr, getPrefix, type InetPrefix, prefixMatches } from './inet.js';
import {
  dsfieldName,
  dsfieldValue,
  groupId,
  groupName,
  ipProtocolId,
  ipProtocolName,
  protocolId,
  protocolName,
  realmName,
  realmsValue,
  routeTypeId,
  routeTypeName,
  tableId,
  tableName,
} from './names.js';

/** `ip rule` usage (iproute2 6.1's). */
const USAGE =
  'Usage: nlink-ip rule { add | del } SELECTOR ACTION\n' +
  '       nlink-ip rule { flush | save | restore }\n' +
  '       nlink-ip rule [ list [ SELECTOR ]]\n' +
  'SELECTOR := [ not ] [ from PREFIX ] [ to PREFIX ] [ tos TOS ]\n' +
  '            [ fwmark FWMARK[/MASK] ]\n' +
  '            [ iif STRING ] [ oif STRING ] [ pref NUMBER ] [ l3mdev ]\n' +
  '            [ uidrange NUMBER-NUMBER ]\n' +
  '            [ ipproto PROTOCOL ]\n' +
  '            [ sport [ NUMBER | NUMBER-NUMBER ]\n' +
  '            [ dport [ NUMBER | NUMBER-NUMBER ] ]\n' +
  'ACTION := [ table TABLE_ID ]\n' +
  '          [ protocol PROTO ]\n' +
  '          [ nat ADDRESS ]\n' +
  '          [ realms [SRCREALM/]DSTREALM ]\n' +
  '          [ goto NUMBER ]\n' +
  '          SUPPRESSOR\n' +
  'SUPPRESSOR := [ suppress_prefixlength NUMBER ]\n' +
  '              [ suppress_ifgroup DEVGROUP ]\n' +
  'TABLE_ID := [ local | main | default | NUMBER ]\n';

function usage(): CliError {
  return new CliError(USAGE);
}

/** `RT_TABLE_MAIN`. */
const TABLE_MAIN = 254;
/** `RTPROT_KERNEL`. */
const PROTO_KERNEL = 2;
/** `RTN_NAT`, the action of the long-removed `nat`/`map-to` rules. */
const RTN_NAT = 10;

/** Runs `nlink-ip rule ARGS` (iproute2's `do_iprule`). */
export async function run(args: Args, ctx: IpContext): Promise<number> {
  const word = args.peek();
  if (word === undefined) return list(args, ctx, false);
  if (changeOf(word) !== undefined) return sendChange(ctx, await prepare(args, ctx));
  args.take();
  if (matches(word, 'list') || matches(word, 'lst') || matches(word, 'show')) return list(args, ctx, false);
  if (matches(word, 'save') || matches(word, 'restore')) {
    throw new CliError(`"ip rule ${word}" is not supported by nlink-ip.\n`, 1);
  }
  if (matches(word, 'flush')) return list(args, ctx, true);
  if (matches(word, 'help')) throw usage();
  throw new CliError(`Command "${word}" is unknown, try "ip rule help".\n`);
}

/** `add` or `delete` (`do_iprule`'s order: `list`, `lst`, `show`, `save`, `restore` first). */
function changeOf(word: string): 'add' | 'delete' | undefined {
  for (const other of ['list', 'lst', 'show', 'save', 'restore']) if (matches(word, other)) return undefined;
  if (matches(word, 'add')) return 'add';
  if (matches(word, 'delete')) return 'delete';
  return undefined;
}

/** `sscanf(text, "%u-%u")`: how many numbers were read, and them (wrapped to `bits`). */
function scanRange(text: string, bits: 16 | 32): { count: number; start: number; end: number } {
  const m = /^\s*(\d+)(?:-\s*(\d+))?/.exec(text);
  if (!m) return { count: 0, start: 0, end: 0 };
  const wrap = (s: string) => Number(BigInt(s) % (1n << BigInt(bits)));
  const start = wrap(m[1] ?? '0');
  return m[2] === undefined ? { count: 1, start, end: start } : { count: 2, start, end: wrap(m[2]) };
}

/** `check_ifname`: 1-15 bytes, none of `/`, `:` or white space. */
function checkIfname(name: string, msg: string): string {
  if (name.length === 0 || Buffer.byteLength(name) >= 16 || /[/:\s]/.test(name)) throw invarg(msg, name);
  return name;
}

/** `fwmark MARK[/MASK]`. */
function fwmarkArg(text: string): { mark: number; mask: number | undefined } {
  const slash = text.indexOf('/');
  const markText = slash < 0 ? text : text.slice(0, slash);
  const mark = getU32(markText);
  if (mark === undefined) throw invarg('fwmark value is invalid\n', markText);
  if (slash < 0) return { mark, mask: undefined };
  const maskText = text.slice(slash + 1);
  const mask = getU32(maskText);
  if (mask === undefined) throw invarg('fwmask value is invalid\n', maskText);
  return { mark, mask };
}

function portRange(text: string, msg: string): { start: number; end: number } {
  const r = scanRange(text, 16);
  if (r.count === 0) throw invarg(msg, text);
  return { start: r.start, end: r.end };
}

function uidRange(text: string): { start: number; end: number } {
  const r = scanRange(text, 32);
  if (r.count !== 2) throw invarg('invalid UID range\n', text);
  return { start: r.start, end: r.end };
}

type RuleAttrsInput = NonNullable<Parameters<typeof ruleMessage.encode>[1]['attrs']>;
type MutableAttrs = { -readonly [K in keyof RuleAttrsInput]: RuleAttrsInput[K] };

/**
 * Builds the request of `ip rule add|delete ARGS` (iproute2's
 * `iprule_modify`) without sending it; `undefined` when `args` is another
 * command. `from all` and `to all` without a family add no (empty) address
 * attribute, which the kernel reads the same way.
 */
export async function prepare(args: Args, ctx: IpContext): Promise<BatchItem | undefined> {
  const change = changeOf(args.peek() ?? '');
  if (!change) return undefined;
  args.take();
  const adding = change === 'add';
  if (args.done) throw new CliError(`"ip rule ${adding ? 'add' : 'del'}" requires arguments.\n`, 1);
  const family = ctx.options.family;
  const header: {
    family: number;
    dstLen: number;
    srcLen: number;
    tos: number;
    table: number;
    action: number;
    flags: number;
  } = {
    family,
    dstLen: 0,
    srcLen: 0,
    tos: 0,
    table: 0,
    action: adding ? FR_ACT.TO_TBL : FR_ACT.UNSPEC,
    flags: 0,
  };
  const attrs: MutableAttrs = {};
  let tableOk = false;
  let l3mdev = false;
  let tid = 0;
  const words: string[] = [];
  const prefixAttr = (text: string): { len: number; address: string | undefined } => {
    const p: InetPrefix = getPrefix(text, family);
    return { len: p.bitlen, address: p.bytes.length ? p.text : undefined };
  };
  const take = (): string => {
    const w = args.take();
    words.push(w);
    return w;
  };
  while (!args.done) {
    const w = take();
    if (w === 'not') header.flags |= FIB_RULE.INVERT;
    else if (w === 'from') {
      const p = prefixAttr(take());
      header.srcLen = p.len;
      if (p.address !== undefined) attrs.src = p.address;
    } else if (w === 'to') {
      const p = prefixAttr(take());
      header.dstLen = p.len;
      if (p.address !== undefined) attrs.dst = p.address;
    } else if (matches(w, 'preference') || matches(w, 'order') || matches(w, 'priority')) {
      const v = take();
      const pref = getU32(v);
      if (pref === undefined) throw invarg('preference value is invalid\n', v);
      attrs.priority = pref;
    } else if (w === 'tos' || matches(w, 'dsfield')) {
      const v = take();
      const tos = dsfieldValue(v);
      if (tos === undefined) throw invarg('TOS value is invalid\n', v);
      header.tos = tos;
    } else if (w === 'fwmark') {
      const { mark, mask } = fwmarkArg(take());
      attrs.fwmark = mark;
      if (mask !== undefined) attrs.fwmask = mask;
    } else if (matches(w, 'realms')) {
      const v = take();
      const realms = realmsValue(v);
      if (realms === undefined) throw invarg('invalid realms\n', v);
      attrs.flow = realms;
    } else if (matches(w, 'protocol')) {
      const v = take();
      const proto = protocolId(v);
      if (proto === undefined) throw invarg('"protocol" value is invalid\n', v);
      attrs.protocol = proto;
    } else if (matches(w, 'tun_id')) {
      const v = take();
      const id = getU64(v);
      if (id === undefined) throw invarg('"tun_id" value is invalid\n', v);
      attrs.tunId = id;
    } else if (matches(w, 'table') || w === 'lookup') {
      const v = take();
      const id = tableId(v);
      if (id === undefined) throw invarg('invalid table ID\n', v);
      tid = id;
      if (id < 256) header.table = id;
      else {
        header.table = 0;
        attrs.table = id;
      }
      tableOk = true;
    } else if (matches(w, 'suppress_prefixlength') || w === 'sup_pl') {
      const v = take();
      const pl = getInteger(v);
      if (pl === undefined || pl < 0 || pl > 0x7fffffff) throw invarg('suppress_prefixlength value is invalid\n', v);
      attrs.suppressPrefixlen = pl;
    } else if (matches(w, 'suppress_ifgroup') || w === 'sup_group') {
      const v = take();
      const group = groupId(v);
      if (group === undefined) throw invarg('Invalid "suppress_ifgroup" value\n', v);
      attrs.suppressIfgroup = group >>> 0;
    } else if (w === 'dev' || w === 'iif') {
      attrs.iifname = checkIfname(take(), '"iif"/"dev" not a valid ifname');
    } else if (w === 'oif') {
      attrs.oifname = checkIfname(take(), '"oif" not a valid ifname');
    } else if (w === 'l3mdev') {
      attrs.l3mdev = 1;
      tableOk = true;
      l3mdev = true;
    } else if (w === 'uidrange') {
      attrs.uidRange = uidRange(take());
    } else if (w === 'nat' || matches(w, 'map-to')) {
      // The kernel keeps the action but ignores (and never reports) the address, so none is sent.
      getAddr(take(), AF.INET);
      ctx.io.stderr('Warning: route NAT is deprecated\n');
      header.action = RTN_NAT;
    } else if (w === 'ipproto') {
      const v = take();
      const proto = ipProtocolId(v);
      if (proto === undefined) throw invarg('Invalid "ipproto" value\n', v);
      attrs.ipProto = proto;
    } else if (w === 'sport') {
      attrs.sportRange = portRange(take(), 'invalid port range\n');
    } else if (w === 'dport') {
      attrs.dportRange = portRange(take(), 'invalid dport range\n');
    } else {
      const type = w === 'type' ? take() : w;
      if (matches(type, 'help')) throw usage();
      if (matches(type, 'goto')) {
        const v = take();
        const target = getU32(v);
        if (target === undefined) throw invarg('invalid target\n', v);
        attrs.goto = target;
        header.action = FR_ACT.GOTO;
      } else if (matches(type, 'nop')) header.action = FR_ACT.NOP;
      else {
        const action = routeTypeId(type);
        if (action === undefined || action === RTN_NAT) throw invarg('Failed to parse rule type', type);
        header.action = action;
      }
      tableOk = true;
    }
  }
  if (l3mdev && tid !== 0) throw new CliError('table can not be specified for l3mdev rules\n', 22);
  if (header.family === AF.UNSPEC) header.family = AF.INET;
  if (!tableOk && adding) header.table = TABLE_MAIN;
  return {
    out: {
      type: adding ? RTM.NEWRULE : RTM.DELRULE,
      flags: adding ? NLM_F.CREATE | NLM_F.EXCL : 0,
      schema: ruleMessage,
      value: { header, attrs },
    },
    context: { operation: adding ? 'add rule' : 'delete rule', object: words.join(' ') },
  };
}

// --- list, flush ---

/** What `ip rule list|flush` keeps (iproute2's `filter`). */
interface RuleFilter {
  not: boolean;
  l3mdev: boolean;
  iif: string | undefined;
  oif: string | undefined;
  uidrange: { start: number; end: number } | undefined;
  table: number;
  tos: number | undefined;
  pref: number | undefined;
  fwmark: number;
  fwmask: number;
  tunId: bigint;
  src: InetPrefix | undefined;
  dst: InetPrefix | undefined;
  protocol: number;
  protocolmask: number;
  sport: { start: number; end: number } | undefined;
  dport: { start: number; end: number } | undefined;
  ipproto: number;
}

function parseFilter(args: Args, af: number): RuleFilter {
  const f: RuleFilter = {
    not: false,
    l3mdev: false,
    iif: undefined,
    oif: undefined,
    uidrange: undefined,
    table: 0,
    tos: undefined,
    pref: undefined,
    fwmark: 0,
    fwmask: 0,
    tunId: 0n,
    src: undefined,
    dst: undefined,
    protocol: 0,
    protocolmask: 0,
    sport: undefined,
    dport: undefined,
    ipproto: 0,
  };
  while (!args.done) {
    const w = args.take();
    if (matches(w, 'preference') || matches(w, 'order') || matches(w, 'priority')) {
      const v = args.take();
      const pref = getU32(v);
      if (pref === undefined) throw invarg('preference value is invalid\n', v);
      f.pref = pref;
    } else if (w === 'not') f.not = true;
    else if (w === 'tos' || w === 'dsfield') {
      const v = args.take();
      const tos = dsfieldValue(v);
      if (tos === undefined) throw invarg('TOS value is invalid\n', v);
      f.tos = tos;
    } else if (w === 'fwmark') {
      const { mark, mask } = fwmarkArg(args.take());
      f.fwmark = mark;
      if (mask !== undefined) f.fwmask = mask;
    } else if (w === 'dev' || w === 'iif') {
      f.iif = checkIfname(args.take(), '"iif"/"dev" not a valid ifname');
    } else if (w === 'oif') {
      f.oif = checkIfname(args.take(), '"oif" not a valid ifname');
    } else if (w === 'l3mdev') f.l3mdev = true;
    else if (w === 'uidrange') f.uidrange = uidRange(args.take());
    else if (matches(w, 'tun_id')) {
      const v = args.take();
      const id = getU64(v);
      if (id === undefined) throw invarg('"tun_id" value is invalid\n', v);
      f.tunId = id;
    } else if (matches(w, 'lookup') || matches(w, 'table')) {
      const v = args.take();
      const id = tableId(v);
      if (id === undefined) throw invarg('table id value is invalid\n', v);
      f.table = id;
    } else if (matches(w, 'from') || matches(w, 'src')) {
      f.src = getPrefix(args.take(), af);
    } else if (matches(w, 'protocol')) {
      const v = args.take();
      f.protocolmask = -1;
      const p = protocolId(v);
      if (p === undefined) {
        if (v !== 'all') throw invarg('invalid "protocol"\n', v);
        f.protocolmask = 0;
      }
      f.protocol = p ?? 0;
    } else if (w === 'ipproto') {
      const v = args.take();
      const p = ipProtocolId(v);
      if (p === undefined) throw invarg('Invalid "ipproto" value\n', v);
      f.ipproto = p;
    } else if (w === 'sport') f.sport = portRange(args.take(), 'invalid port range\n');
    else if (w === 'dport') f.dport = portRange(args.take(), 'invalid dport range\n');
    else {
      const v = matches(w, 'dst') || matches(w, 'to') ? args.take() : w;
      f.dst = getPrefix(v, af);
    }
  }
  return f;
}

function addressBytes(text: string | undefined): Uint8Array | undefined {
  if (text === undefined) return undefined;
  return getPrefix(text, AF.UNSPEC).bytes;
}

/** The table of a rule: `FRA_TABLE`, else the header's. */
function ruleTable(m: RuleMessage): number {
  return m.attrs.table ?? m.header.table;
}

function sameRange(
  want: { start: number; end: number } | undefined,
  got: { start: number; end: number } | undefined,
): boolean {
  return !want || (got !== undefined && got.start === want.start && got.end === want.end);
}

function prefixPasses(f: InetPrefix | undefined, family: number, len: number, address: string | undefined): boolean {
  if (!f?.family) return true;
  if (f.family !== family || f.bitlen > len) return false;
  return prefixMatches(f, addressBytes(address));
}

/** iproute2's `filter_nlmsg`. */
function passes(m: RuleMessage, f: RuleFilter): boolean {
  const h = m.header;
  const a = m.attrs;
  if (f.pref !== undefined && f.pref !== (a.priority ?? 0)) return false;
  if (f.not && !(h.flags & FIB_RULE.INVERT)) return false;
  if (!prefixPasses(f.src, h.family, h.srcLen, a.src)) return false;
  if (!prefixPasses(f.dst, h.family, h.dstLen, a.dst)) return false;
  if (f.tos !== undefined && f.tos !== h.tos) return false;
  if (f.fwmark && f.fwmark !== (a.fwmark ?? 0)) return false;
  if (f.fwmask && f.fwmask !== (a.fwmask ?? 0)) return false;
  if (f.iif !== undefined && a.iifname !== f.iif) return false;
  if (f.oif !== undefined && a.oifname !== f.oif) return false;
  if (f.l3mdev && !a.l3mdev) return false;
  if (!sameRange(f.uidrange, a.uidRange)) return false;
  if (f.ipproto && f.ipproto !== (a.ipProto ?? 0)) return false;
  if (f.sport?.start && !sameRange(f.sport, a.sportRange)) return false;
  if (f.dport?.start && !sameRange(f.dport, a.dportRange)) return false;
  if (f.tunId && f.tunId !== a.tunId) return false;
  if (f.table > 0 && f.table !== ruleTable(m)) return false;
  return true;
}

function dumpRequest(af: number) {
  return { type: RTM.GETRULE, schema: ruleMessage, value: { header: { family: af } } };
}

/** `ip rule list|flush` (iproute2's `iprule_list_flush_or_save`): IPv4 rules unless `-6` (or `-f`) says otherwise. */
async function list(args: Args, ctx: IpContext, flush: boolean): Promise<number> {
  const af = ctx.options.family || AF.INET;
  const f = parseFilter(args, af);
  const conn = await ctx.connection();
  if (flush) return flushRules(conn, af, f);
  const rules = await conn.dumpAll(
    dumpRequest(af),
    (m) => {
      if (m.type !== RTM.NEWRULE) return undefined;
      const r = ruleMessage.decode(m.buf, m.offset, m.length);
      return passes(r, f) ? r : undefined;
    },
    { context: { operation: 'dump rules', object: '' } },
  );
  const out = ctx.output();
  out.begin();
  for (const r of rules) printRule(out, r, ctx.options);
  out.end();
  out.flush();
  return 0;
}

/** Deletes the rules the filter keeps that have a priority (all but the first), as the kernel described them. */
async function flushRules(conn: Connection<Route>, af: number, f: RuleFilter): Promise<number> {
  const victims: { m: ReceivedMessage; pref: number }[] = [];
  for await (const m of conn.dump(dumpRequest(af), { context: { operation: 'dump rules', object: '' } })) {
    if (m.type !== RTM.NEWRULE) continue;
    const r = ruleMessage.decode(m.buf, m.offset, m.length);
    if (!passes(r, f)) continue;
    if (r.attrs.protocol !== undefined && (f.protocol ^ r.attrs.protocol) & f.protocolmask) continue;
    if (r.attrs.priority !== undefined) victims.push({ m, pref: r.attrs.priority });
  }
  for (const { m, pref } of victims) {
    await conn.ack(deletionOf(RTM.DELRULE, m), { context: { operation: 'flush rule', object: `pref ${pref}` } });
  }
  return 0;
}

function printRange(out: Output, key: string, r: { start: number; end: number }): void {
  if (r.start === r.end) out.uint('any', key, ` ${key} %u`, r.start);
  else {
    out.uint('any', `${key}_start`, ` ${key} %u`, r.start);
    out.uint('any', `${key}_end`, '-%u', r.end);
  }
}

/** What printing a rule depends on (the global options `-N` and `-d`). */
export interface RulePrintEnv {
  /** `-N`: numbers instead of table, protocol, realm and group names. */
  readonly numeric: boolean;
  /** `-d`: the protocol even when it is `kernel` or none. */
  readonly details: number;
}

/**
 * iproute2's `print_rule`: one rule, its line ended. A removal's `Deleted `
 * prefix is the caller's (`ip monitor`).
 */
export function printRule(out: Output, m: RuleMessage, env: RulePrintEnv): void {
  const h = m.header;
  const a = m.attrs;
  const { numeric, details } = env;
  const hostLen = afBitLen(h.family);
  out.openObject();
  out.uint('any', 'priority', '%u:\t', a.priority ?? 0);
  if (h.flags & FIB_RULE.INVERT) out.null('any', 'not', 'not ', '');
  if (a.src !== undefined) {
    out.string('fp', null, 'from ', '');
    out.string('any', 'src', '%s', a.src);
    if (h.srcLen !== hostLen) out.uint('any', 'srclen', '/%u', h.srcLen);
  } else if (h.srcLen) {
    out.string('any', 'src', 'from %s', '0');
    out.uint('any', 'srclen', '/%u', h.srcLen);
  } else out.string('any', 'src', 'from %s', 'all');
  if (a.dst !== undefined) {
    out.string('fp', null, ' to ', '');
    out.string('any', 'dst', '%s', a.dst);
    if (h.dstLen !== hostLen) out.uint('any', 'dstlen', '/%u', h.dstLen);
  } else if (h.dstLen) {
    out.string('any', 'dst', ' to %s', '0');
    out.uint('any', 'dstlen', '/%u', h.dstLen);
  }
  if (h.tos) out.string('any', 'tos', ' tos %s', dsfieldName(h.tos, numeric));
  if (a.fwmark !== undefined || a.fwmask !== undefined) {
    out.hex0x('any', 'fwmark', ' fwmark %#llx', a.fwmark ?? 0);
    if (a.fwmask !== undefined && a.fwmask !== 0xffffffff) out.hex0x('any', 'fwmask', '/%#llx', a.fwmask);
  }
  if (a.iifname !== undefined) {
    out.text(' iif ');
    out.string('any', 'iif', '%s', a.iifname);
    if (h.flags & FIB_RULE.IIF_DETACHED) out.null('any', 'iif_detached', ' [detached]', '');
  }
  if (a.oifname !== undefined) {
    out.text(' oif ');
    out.string('any', 'oif', '%s', a.oifname);
    if (h.flags & FIB_RULE.OIF_DETACHED) out.null('any', 'oif_detached', ' [detached]', '');
  }
  if (a.l3mdev) out.null('any', 'l3mdev', ' lookup [l3mdev-table]', '');
  if (a.uidRange) {
    out.uint('any', 'uid_start', ' uidrange %u', a.uidRange.start);
    out.uint('any', 'uid_end', '-%u', a.uidRange.end);
  }
  if (a.ipProto !== undefined) out.string('any', 'ipproto', ' ipproto %s', ipProtocolName(a.ipProto, numeric));
  if (a.sportRange) printRange(out, 'sport', a.sportRange);
  if (a.dportRange) printRange(out, 'dport', a.dportRange);
  if (a.tunId !== undefined) out.u64('any', 'tun_id', ' tun_id %llu', a.tunId);
  const table = ruleTable(m);
  if (table) {
    out.string('any', 'table', ' lookup %s', tableName(table, numeric));
    const pl = a.suppressPrefixlen;
    if (pl !== undefined && pl !== 0xffffffff)
      out.int('any', 'suppress_prefixlen', ' suppress_prefixlength %d', pl | 0);
    const group = a.suppressIfgroup;
    if (group !== undefined && group !== 0xffffffff) {
      out.string('any', 'suppress_ifgroup', ' suppress_ifgroup %s', groupName(group, numeric));
    }
  }
  if (a.flow !== undefined) {
    const from = a.flow >>> 16;
    const to = a.flow & 0xffff;
    if (from) out.string('any', 'flow_from', ' realms %s/', realmName(from, numeric));
    else out.string('fp', null, ' realms ', '');
    out.string('any', 'flow_to', '%s', realmName(to, numeric));
  }
  if (h.action === RTN_NAT) out.null('any', 'masquerade', ' masquerade', '');
  else if (h.action === FR_ACT.GOTO) {
    if (a.goto !== undefined) out.uint('any', 'goto', ' goto %u', a.goto);
    else out.string('any', 'goto', ' goto %s', 'none');
    if (h.flags & FIB_RULE.UNRESOLVED) out.null('any', 'unresolved', ' [unresolved]', '');
  } else if (h.action === FR_ACT.NOP) out.null('any', 'nop', ' nop', '');
  else if (h.action !== FR_ACT.TO_TBL) out.string('any', 'action', ' %s', routeTypeName(h.action, numeric));
  const proto = a.protocol;
  if (proto !== undefined && ((proto && proto !== PROTO_KERNEL) || details > 0)) {
    out.string('any', 'protocol', ' proto %s', protocolName(proto, numeric));
  }
  out.string('fp', null, '\n', '');
  out.closeObject();
}
