/**
 * `nlink-ip route`: show, flush, get, add, change, replace, prepend,
 * append, test and delete routes with iproute2 6.1's arguments, requests
 * and output.
 *
 * A change builds its request the way `iproute_modify` does, word by word,
 * into the route family's message schema (so every argument iproute2 takes,
 * raw metric units and all, keeps its meaning), with the encapsulations of
 * `lwtunnel.ts` translated by the library's `encapInput`. `prepare` only
 * builds it, so that `-batch` can send many packed.
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { AF, NLM_F, RT_SCOPE, RT_TABLE, RTAX, RTM, RTM_F, RTN, RTNH_F, RTPROT } from '../../core/constants.js';
import { messageType } from '../../core/message.js';
import { NLMSG_HDRLEN } from '../../core/writer.js';
import { KernelError } from '../../errors.js';
import type { NexthopMessage } from '../../route/nexthop/nexthop.js';
import { nexthopMessage } from '../../route/nexthop/schema.js';
import { encapInput, type IndexResolver } from '../../route/route/encap.js';
import type { RouteMessage } from '../../route/route/route.js';
import { mplsRouteMessage, routeMessage, routeSchemaFor } from '../../route/route/schema.js';
import { formatIpv4, formatIpv6 } from '../../schema/address.js';
import type { BatchItem } from '../../session/batch.js';
import type { Connection } from '../../session/connection.js';
import type { Route } from '../../session/protocol.js';
import { type Args, CliError, duparg2, getU8, getU16, getU32, invarg, matches } from '../common/args.js';
import type { Output } from '../common/output.js';
import { CHANGE_FLAGS, changeOf, sendChange } from './change.js';
import { changeLinks } from './change-links.js';
import type { IpContext } from './context.js';
import { deletionOf, flushComplete } from './flush.js';
import { getAddr, getPrefix, type InetPrefix, parseLabels, readFamily } from './inet.js';
import { LinkCache } from './link-cache.js';
import { parseEncap } from './lwtunnel.js';
import { dsfieldValue, protocolId, realmsValue, routeTypeId, scopeId, tableId } from './names.js';
import { printNexthopEntry } from './nexthop-print.js';
import { newRouteFilter, printRoute, type RouteFilter, type RoutePrintEnv, routePasses } from './route-print.js';

/** `ip route` usage (iproute2 6.1's, for what nlink-ip implements). */
const USAGE =
  'Usage: nlink-ip route { list | flush } SELECTOR\n' +
  '       nlink-ip route get [ ROUTE_GET_FLAGS ] ADDRESS\n' +
  '                            [ from ADDRESS iif STRING ]\n' +
  '                            [ oif STRING ] [ tos TOS ]\n' +
  '                            [ mark NUMBER ] [ vrf NAME ]\n' +
  '                            [ uid NUMBER ] [ ipproto PROTOCOL ]\n' +
  '                            [ sport NUMBER ] [ dport NUMBER ]\n' +
  '       nlink-ip route { add | del | change | append | replace } ROUTE\n' +
  'SELECTOR := [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ]\n' +
  '            [ table TABLE_ID ] [ vrf NAME ] [ proto RTPROTO ]\n' +
  '            [ type TYPE ] [ scope SCOPE ]\n' +
  'ROUTE := NODE_SPEC [ INFO_SPEC ]\n' +
  'NODE_SPEC := [ TYPE ] PREFIX [ tos TOS ]\n' +
  '             [ table TABLE_ID ] [ proto RTPROTO ]\n' +
  '             [ scope SCOPE ] [ metric METRIC ]\n' +
  '             [ ttl-propagate { enabled | disabled } ]\n' +
  'INFO_SPEC := { NH | nhid ID } OPTIONS FLAGS [ nexthop NH ]...\n' +
  'NH := [ encap ENCAPTYPE ENCAPHDR ] [ via [ FAMILY ] ADDRESS ]\n' +
  '\t    [ dev STRING ] [ weight NUMBER ] NHFLAGS\n' +
  'FAMILY := [ inet | inet6 | mpls | bridge | link ]\n' +
  'OPTIONS := FLAGS [ mtu NUMBER ] [ advmss NUMBER ] [ as [ to ] ADDRESS ]\n' +
  '           [ rtt TIME ] [ rttvar TIME ] [ reordering NUMBER ]\n' +
  '           [ window NUMBER ] [ cwnd NUMBER ] [ initcwnd NUMBER ]\n' +
  '           [ ssthresh NUMBER ] [ realms REALM ] [ src ADDRESS ]\n' +
  '           [ rto_min TIME ] [ hoplimit NUMBER ] [ initrwnd NUMBER ]\n' +
  '           [ features FEATURES ] [ quickack BOOL ] [ congctl NAME ]\n' +
  '           [ pref PREF ] [ expires TIME ] [ fastopen_no_cookie BOOL ]\n' +
  'TYPE := { unicast | local | broadcast | multicast | throw |\n' +
  '          unreachable | prohibit | blackhole | nat }\n' +
  'TABLE_ID := [ local | main | default | all | NUMBER ]\n' +
  'SCOPE := [ host | link | global | NUMBER ]\n' +
  'NHFLAGS := [ onlink | pervasive ]\n' +
  'RTPROTO := [ kernel | boot | static | NUMBER ]\n' +
  'PREF := [ low | medium | high ]\n' +
  'TIME := NUMBER[s|ms]\n' +
  'BOOL := [1|0]\n' +
  'FEATURES := ecn\n' +
  'ENCAPTYPE := [ mpls | ip | ip6 | seg6 | seg6local ]\n' +
  'ENCAPHDR := [ MPLSLABEL | SEG6HDR | SEG6LOCAL ]\n' +
  'SEG6HDR := [ mode SEGMODE ] segs ADDR1,ADDRi,ADDRn [hmac HMACKEYID] [cleanup]\n' +
  'SEGMODE := [ encap | inline | l2encap ]\n' +
  'ROUTE_GET_FLAGS := [ fibmatch ]\n';

function usage(): CliError {
  return new CliError(USAGE);
}

/** A route change: its message type, flags and the verb of its errors. */
interface RouteChange {
  readonly type: number;
  readonly flags: number;
  readonly operation: string;
}

/** The next word as a u32, or `message` (iproute2's) naming it as invalid. */
function takeU32(args: Args, message: string): number {
  const v = args.take();
  const n = getU32(v);
  if (n === undefined) throw invarg(message, v);
  return n;
}

/** The change command `word` names (`do_iproute`'s order), if any. */
function routeChange(word: string): RouteChange | undefined {
  const change = changeOf(word);
  if (change) {
    const type = change === 'delete' ? RTM.DELROUTE : RTM.NEWROUTE;
    return { type, flags: CHANGE_FLAGS[change], operation: `${change} route` };
  }
  const add = RTM.NEWROUTE;
  if (matches(word, 'prepend')) return { type: add, flags: NLM_F.CREATE, operation: 'prepend route' };
  if (matches(word, 'append')) return { type: add, flags: NLM_F.CREATE | NLM_F.APPEND, operation: 'append route' };
  if (matches(word, 'test')) return { type: add, flags: NLM_F.EXCL, operation: 'test route' };
  return undefined;
}

/** Runs `nlink-ip route ARGS` (iproute2's `do_iproute`). */
export async function run(args: Args, ctx: IpContext): Promise<number> {
  const word = args.peek();
  if (word === undefined) return list(args, ctx, false);
  if (routeChange(word)) return sendChange(ctx, await prepare(args, ctx));
  args.take();
  if (matches(word, 'list') || matches(word, 'show') || matches(word, 'lst')) return list(args, ctx, false);
  if (matches(word, 'get')) return get(args, ctx);
  if (matches(word, 'flush')) return list(args, ctx, true);
  if (matches(word, 'save') || matches(word, 'restore') || matches(word, 'showdump')) {
    throw new CliError(`"ip route ${word}" is not supported by nlink-ip.\n`, 1);
  }
  if (matches(word, 'help')) throw usage();
  throw new CliError(`Command "${word}" is unknown, try "ip route help".\n`);
}

// --- add, change, replace, prepend, append, test, delete ---

/** The text of an address's bytes, as the `ip` attribute codec takes it. */
function addressText(p: InetPrefix): string {
  const b = Buffer.from(p.bytes);
  return b.length === 16 ? formatIpv6(b) : formatIpv4(b);
}

/** `RTA_DST`/`RTA_NEWDST` of a prefix or address: labels for MPLS, else its address. */
function addressValue(p: InetPrefix): string | number[] {
  return p.family === AF.MPLS ? (parseLabels(p.text) ?? []) : addressText(p);
}

/**
 * `get_time_rtt`: `N` (the kernel's units, `raw`), `Nms` or `Ns`, rounded up
 * to whole milliseconds; `undefined` when it is not a time.
 */
function timeRtt(text: string): { value: number; raw: boolean } | undefined {
  const m = /^(\d+(?:\.\d*)?|\.\d+|0[xX][0-9a-fA-F]+)(s|secs?|ms|msecs?)?$/i.exec(text);
  if (!m) return undefined;
  const num = m[1] ?? '';
  let t = num.includes('.') ? Number(num) : Number(getU32(num) ?? Number.NaN);
  if (Number.isNaN(t)) return undefined;
  const unit = (m[2] ?? '').toLowerCase();
  if (unit.startsWith('s')) t *= 1000;
  return { value: Math.min(Math.ceil(t), 0xffffffff), raw: unit === '' };
}

/** The metrics taking `[ lock ] NUMBER` (iproute2's names, match mode, wire key and `RTAX_*`). */
const NUMBER_METRICS: readonly (readonly [string, 'exact' | 'prefix', string, number, string])[] = [
  ['mtu', 'exact', 'mtu', RTAX.MTU, '"mtu" value is invalid\n'],
  ['hoplimit', 'exact', 'hoplimit', RTAX.HOPLIMIT, '"hoplimit" value is invalid\n'],
  ['advmss', 'exact', 'advmss', RTAX.ADVMSS, '"mss" value is invalid\n'],
  ['reordering', 'prefix', 'reordering', RTAX.REORDERING, '"reordering" value is invalid\n'],
];

/** Metrics after `rtt`/`rto_min` in iproute2's order of checks. */
const WINDOW_METRICS: readonly (readonly [string, string, number])[] = [
  ['window', 'window', RTAX.WINDOW],
  ['cwnd', 'cwnd', RTAX.CWND],
  ['initcwnd', 'initcwnd', RTAX.INITCWND],
  ['initrwnd', 'initrwnd', RTAX.INITRWND],
];

interface Metrics {
  readonly values: Record<string, number | string>;
  lock: number;
}

/** Takes `lock` before a metric's value, setting its bit. */
function takeLocked(args: Args, mx: Metrics, rtax: number): string {
  let v = args.take();
  if (v === 'lock') {
    mx.lock |= 1 << rtax;
    v = args.take();
  }
  return v;
}

/**
 * A metric word of `iproute_modify` (the word taken), in iproute2's order of
 * checks among its neighbours; false when `w` is not one of these.
 */
function parseMetric(w: string, args: Args, mx: Metrics): boolean {
  for (const [name, mode, key, rtax, msg] of NUMBER_METRICS) {
    if (mode === 'exact' ? w !== name : !matches(w, name)) continue;
    const v = takeLocked(args, mx, rtax);
    const n = getU32(v);
    if (n === undefined || (rtax === RTAX.HOPLIMIT && n > 255)) throw invarg(msg, v);
    mx.values[key] = n;
    return true;
  }
  if (w === 'rtt' || w === 'rto_min') {
    const rtt = w === 'rtt';
    const v = rtt ? takeLocked(args, mx, RTAX.RTT) : args.take();
    if (!rtt) mx.lock |= 1 << RTAX.RTO_MIN;
    const t = timeRtt(v);
    if (!t) throw invarg(`"${w}" value is invalid\n`, v);
    mx.values[rtt ? 'rtt' : 'rtoMin'] = rtt && !t.raw ? (t.value * 8) >>> 0 : t.value;
    return true;
  }
  for (const [name, key, rtax] of WINDOW_METRICS) {
    if (!matches(w, name)) continue;
    const v = takeLocked(args, mx, rtax);
    const n = getU32(v);
    if (n === undefined) throw invarg(`"${name}" value is invalid\n`, v);
    mx.values[key] = n;
    return true;
  }
  if (matches(w, 'features')) {
    const v = args.take();
    if (v !== 'ecn') throw invarg('"features" value not valid\n', v);
    mx.values.features = 1;
    return true;
  }
  if (matches(w, 'quickack')) {
    const v = args.take();
    const n = getU32(v);
    if (n === undefined) throw invarg('"quickack" value is invalid\n', v);
    if (n > 1) throw invarg('"quickack" value should be 0 or 1\n', v);
    mx.values.quickack = n;
    return true;
  }
  if (matches(w, 'congctl')) {
    mx.values.ccAlgo = takeLocked(args, mx, RTAX.CC_ALGO);
    return true;
  }
  if (matches(w, 'rttvar')) {
    const v = takeLocked(args, mx, RTAX.RTTVAR);
    const t = timeRtt(v);
    if (!t) throw invarg('"rttvar" value is invalid\n', v);
    mx.values.rttvar = t.raw ? t.value : (t.value * 4) >>> 0;
    return true;
  }
  if (matches(w, 'ssthresh')) {
    const v = takeLocked(args, mx, RTAX.SSTHRESH);
    const n = getU32(v);
    if (n === undefined) throw invarg('"ssthresh" value is invalid\n', v);
    mx.values.ssthresh = n;
    return true;
  }
  return false;
}

/** `ll_name_to_index` for a change: the ifindex, or `Cannot find device` (exit 1). */
async function deviceIndex(cache: LinkCache, name: string): Promise<number> {
  const index = await cache.indexOf(name);
  if (!index) throw new CliError(`Cannot find device "${name}"\n`, 1);
  return index;
}

/** Indexes for `encapInput`: the names `parseEncap` met are already numbers. */
function encapIndex(cache: LinkCache): IndexResolver {
  return async (ref) => (typeof ref === 'number' ? ref : deviceIndex(cache, ref));
}

/** The family a `via` takes: `via inet6 ADDR` names it, else the route's. */
function viaFamily(args: Args, routeFamily: number): { family: number; text: string } {
  const first = args.take();
  const named = readFamily(first);
  return named === AF.UNSPEC ? { family: routeFamily, text: first } : { family: named, text: args.take() };
}

/** `RTA_GATEWAY` when the gateway is of the route's family, else `RTA_VIA`. */
function gatewayAttr(attrs: Record<string, unknown>, gw: InetPrefix, family: number): void {
  if (gw.family === family) attrs.gateway = addressText(gw);
  else if (gw.family === AF.INET || gw.family === AF.INET6) {
    attrs.via = { family: gw.family === AF.INET ? 'inet' : 'inet6', address: addressText(gw) };
  } else throw new CliError(`nlink-ip: a gateway of family ${gw.family} is not supported.\n`, 1);
}

interface RouteHeader {
  family: number;
  dstLen: number;
  srcLen: number;
  tos: number;
  table: number;
  protocol: number;
  scope: number;
  type: number;
  flags: number;
}

/** `parse_one_nh`: one `nexthop ...` (the word `nexthop` taken). */
async function parseHop(args: Args, h: RouteHeader, cache: LinkCache): Promise<Record<string, unknown>> {
  const hop = { flags: 0, hops: 0, ifindex: 0, attrs: {} as Record<string, unknown> };
  for (let w = args.peek(); w !== undefined; w = args.peek()) {
    if (w === 'via') {
      args.take();
      const { family, text } = viaFamily(args, h.family);
      const addr = getAddr(text, family);
      if (h.family === AF.UNSPEC) h.family = addr.family;
      gatewayAttr(hop.attrs, addr, h.family);
    } else if (w === 'dev') {
      args.take();
      const name = args.take();
      hop.ifindex = await cache.indexOf(name);
      if (!hop.ifindex) throw new CliError(`Cannot find device "${name}"\nError: cannot parse nexthop\n`);
    } else if (w === 'weight') {
      args.take();
      const v = args.take();
      const weight = getU32(v);
      if (weight === undefined || weight === 0 || weight > 256) throw invarg('"weight" is invalid\n', v);
      hop.hops = weight - 1;
    } else if (w === 'onlink') {
      args.take();
      hop.flags |= RTNH_F.ONLINK;
    } else if (matches(w, 'realms')) {
      args.take();
      const v = args.take();
      const realm = realmsValue(v);
      if (realm === undefined) throw invarg('"realm" value is invalid\n', v);
      hop.attrs.flow = realm;
    } else if (w === 'encap') {
      args.take();
      Object.assign(hop.attrs, await encapInput(await parseEncap(args, (n) => cache.indexOf(n)), encapIndex(cache)));
    } else if (w === 'as') {
      args.take();
      let v = args.take();
      if (v === 'to') v = args.take();
      hop.attrs.newdst = newdstValue(getAddr(v, h.family));
    } else break;
  }
  return hop;
}

/** `RTA_NEWDST`: a label stack (nlink-ip sends it for MPLS routes only). */
function newdstValue(addr: InetPrefix): number[] {
  if (addr.family !== AF.MPLS) {
    throw new CliError('nlink-ip: "as [ to ] ADDRESS" is supported for MPLS routes (-f mpls) only.\n', 1);
  }
  return parseLabels(addr.text) ?? [];
}

/** `parse_nexthops`: the `nexthop ...` words ending the command line. */
async function parseNexthops(args: Args, h: RouteHeader, cache: LinkCache): Promise<Record<string, unknown>[]> {
  const hops: Record<string, unknown>[] = [];
  while (!args.done) {
    const w = args.take();
    if (w !== 'nexthop') {
      throw new CliError(`Error: "nexthop" or end of line is expected instead of "${w}"\n`);
    }
    if (args.done) throw new CliError('Error: unexpected end of line after "nexthop"\n');
    hops.push(await parseHop(args, h, cache));
  }
  return hops;
}

/** A route request in its family's layout (MPLS routes carry labels). */
function routeOut(type: number, flags: number, header: RouteHeader | object, attrs: object): BatchItem['out'] {
  const value = { header, attrs } as Parameters<typeof routeMessage.encode>[1];
  const family = (header as { family?: number }).family;
  return family === AF.MPLS
    ? { type, flags, schema: mplsRouteMessage, value: value as Parameters<typeof mplsRouteMessage.encode>[1] }
    : { type, flags, schema: routeMessage, value };
}

/** How a route reads in errors: `10.0.0.0/24`, `default table 100`. */
function describeRoute(h: RouteHeader, attrs: Record<string, unknown>): string {
  const dst = attrs.dst;
  let text = dst === undefined ? (h.dstLen ? `0/${h.dstLen}` : 'default') : Array.isArray(dst) ? dst.join('/') : dst;
  if (dst !== undefined && h.family !== AF.MPLS) text += `/${h.dstLen}`;
  const table = (attrs.table as number | undefined) ?? h.table;
  return table === RT_TABLE.MAIN ? String(text) : `${text} table ${table}`;
}

/**
 * Builds the request of `ip route add|change|replace|prepend|append|test|
 * delete ARGS` (iproute2's `iproute_modify`) without sending it;
 * `undefined` when `args` is another command.
 */
export async function prepare(args: Args, ctx: IpContext): Promise<BatchItem | undefined> {
  const change = routeChange(args.peek() ?? '');
  if (!change) return undefined;
  args.take();
  const del = change.type === RTM.DELROUTE;
  const h: RouteHeader = {
    family: ctx.options.family,
    dstLen: 0,
    srcLen: 0,
    tos: 0,
    table: RT_TABLE.MAIN,
    protocol: del ? RTPROT.UNSPEC : RTPROT.BOOT,
    scope: del ? RT_SCOPE.NOWHERE : RT_SCOPE.UNIVERSE,
    type: del ? RTN.UNSPEC : RTN.UNICAST,
    flags: 0,
  };
  const attrs: Record<string, unknown> = {};
  const mx: Metrics = { values: {}, lock: 0 };
  const cache = await changeLinks(ctx);
  let dev: string | undefined;
  let gwOk = false;
  let dstOk = false;
  let nhsOk = false;
  let scopeOk = false;
  let tableOk = false;
  let typeOk = false;
  let nhid = 0;
  const learn = (p: InetPrefix) => {
    if (h.family === AF.UNSPEC) h.family = p.family;
  };
  for (let w = args.peek(); w !== undefined; w = args.peek()) {
    if (w === 'nexthop') {
      nhsOk = true;
      break;
    }
    args.take();
    if (w === 'src') {
      const addr = getAddr(args.take(), h.family);
      learn(addr);
      attrs.prefsrc = addressText(addr);
    } else if (w === 'as') {
      let v = args.take();
      if (v === 'to') v = args.take();
      const addr = getAddr(v, h.family);
      learn(addr);
      attrs.newdst = newdstValue(addr);
    } else if (w === 'via') {
      if (gwOk) throw invarg('use nexthop syntax to specify multiple via\n', w);
      gwOk = true;
      const { family, text } = viaFamily(args, h.family);
      const addr = getAddr(text, family);
      learn(addr);
      gatewayAttr(attrs, addr, h.family);
    } else if (w === 'from') {
      const p = getPrefix(args.take(), h.family);
      learn(p);
      if (p.bytes.length) attrs.src = addressText(p);
      h.srcLen = p.bitlen;
    } else if (w === 'tos' || matches(w, 'dsfield')) {
      const v = args.take();
      const tos = dsfieldValue(v);
      if (tos === undefined) throw invarg('"tos" value is invalid\n', v);
      h.tos = tos;
    } else if (w === 'expires') {
      attrs.expires = takeU32(args, '"expires" value is invalid\n');
    } else if (matches(w, 'metric') || matches(w, 'priority') || w === 'preference') {
      attrs.priority = takeU32(args, '"metric" value is invalid\n');
    } else if (w === 'scope') {
      const v = args.take();
      const scope = scopeId(v);
      if (scope === undefined) throw invarg('invalid "scope" value\n', v);
      h.scope = scope;
      scopeOk = true;
    } else if (parseMetric(w, args, mx)) {
      // A metric.
    } else if (matches(w, 'realms')) {
      const v = args.take();
      const realm = realmsValue(v);
      if (realm === undefined) throw invarg('"realm" value is invalid\n', v);
      attrs.flow = realm;
    } else if (w === 'onlink') {
      h.flags |= RTNH_F.ONLINK;
    } else if (w === 'nhid') {
      nhid = takeU32(args, '"id" value is invalid\n');
      attrs.nhId = nhid;
    } else if (matches(w, 'protocol')) {
      const v = args.take();
      const proto = protocolId(v);
      if (proto === undefined) throw invarg('"protocol" value is invalid\n', v);
      h.protocol = proto;
    } else if (matches(w, 'table')) {
      const v = args.take();
      const table = tableId(v);
      if (table === undefined) throw invarg('"table" value is invalid\n', v);
      setTable(h, attrs, table);
      tableOk = true;
    } else if (matches(w, 'vrf')) {
      const v = args.take();
      const table = await vrfTable(cache, v);
      if (!table) throw invarg('Invalid VRF\n', v);
      setTable(h, attrs, table);
      tableOk = true;
    } else if (w === 'dev' || w === 'oif') {
      dev = args.take();
    } else if (matches(w, 'pref')) {
      const v = args.take();
      const pref = v === 'low' ? 3 : v === 'medium' ? 0 : v === 'high' ? 1 : getU8(v);
      if (pref === undefined) throw invarg('"pref" value is invalid\n', v);
      attrs.pref = pref;
    } else if (w === 'encap') {
      Object.assign(attrs, await encapInput(await parseEncap(args, (n) => cache.indexOf(n)), encapIndex(cache)));
    } else if (w === 'ttl-propagate') {
      const v = args.take();
      if (matches(v, 'enabled')) attrs.ttlPropagate = 1;
      else if (matches(v, 'disabled')) attrs.ttlPropagate = 0;
      else throw invarg('"ttl-propagate" value is invalid\n', v);
    } else if (matches(w, 'fastopen_no_cookie')) {
      const v = args.take();
      const n = getU32(v);
      if (n === undefined) throw invarg('"fastopen_no_cookie" value is invalid\n', v);
      if (n > 1) throw invarg('"fastopen_no_cookie" value should be 0 or 1\n', v);
      mx.values.fastopenNoCookie = n;
    } else {
      let v = w === 'to' ? args.take() : w;
      const first = v.charCodeAt(0);
      const type = first >= 0x30 && first <= 0x39 ? undefined : routeTypeId(v);
      if (type !== undefined) {
        v = args.take();
        h.type = type;
        typeOk = true;
      }
      if (matches(v, 'help')) throw usage();
      if (dstOk) throw duparg2('to', v);
      const dst = getPrefix(v, h.family);
      learn(dst);
      h.dstLen = dst.bitlen;
      dstOk = true;
      if (dst.bytes.length) attrs.dst = addressValue(dst);
    }
  }
  if (!dstOk) throw usage();
  if (dev !== undefined) attrs.oif = await deviceIndex(cache, dev);
  if (Object.keys(mx.values).length) attrs.metrics = mx.lock ? { ...mx.values, lock: mx.lock >>> 0 } : mx.values;
  if (nhsOk) attrs.multipath = await parseNexthops(args, h, cache);
  if (h.family === AF.UNSPEC) h.family = AF.INET;
  if (!tableOk && LOCAL_TABLE_TYPES.includes(h.type)) h.table = RT_TABLE.LOCAL;
  if (!scopeOk) h.scope = defaultScope(h, del, gwOk || nhsOk || nhid !== 0);
  if (!typeOk && h.family === AF.MPLS) h.type = RTN.UNICAST;
  return {
    out: routeOut(change.type, change.flags, h, attrs),
    context: { operation: change.operation, object: describeRoute(h, attrs) },
  };
}

/** Route types that go to the `local` table unless a table is given. */
const LOCAL_TABLE_TYPES: readonly number[] = [RTN.LOCAL, RTN.BROADCAST, RTN.NAT, RTN.ANYCAST];

/** iproute2's scope when none is given: by family, type, and whether the route has a gateway. */
function defaultScope(h: RouteHeader, del: boolean, gateway: boolean): number {
  if (h.family === AF.INET6 || h.family === AF.MPLS) return RT_SCOPE.UNIVERSE;
  if (h.type === RTN.LOCAL || h.type === RTN.NAT) return RT_SCOPE.HOST;
  if (h.type === RTN.BROADCAST || h.type === RTN.MULTICAST || h.type === RTN.ANYCAST) return RT_SCOPE.LINK;
  if (h.type === RTN.UNICAST || h.type === RTN.UNSPEC) {
    if (del) return RT_SCOPE.NOWHERE;
    if (!gateway) return RT_SCOPE.LINK;
  }
  return h.scope;
}

/** A table in the header when it fits, else `RTA_TABLE`. */
function setTable(h: RouteHeader, attrs: Record<string, unknown>, table: number): void {
  if (table < 256) {
    h.table = table;
    delete attrs.table;
  } else {
    h.table = RT_TABLE.UNSPEC;
    attrs.table = table;
  }
}

/** The table of a VRF device (`ipvrf_get_table`), 0 when `name` is not a VRF. */
async function vrfTable(cache: LinkCache, name: string): Promise<number> {
  const link = await cache.byName(name);
  const info = link?.attrs.linkinfo;
  if (info?.kind !== 'vrf') return 0;
  const data = info.data as { readonly table?: number } | undefined;
  return data?.table ?? 0;
}

// --- show, flush ---

interface ListRequest {
  readonly filter: RouteFilter;
  /** The family of the dump request (`dump_family`). */
  readonly family: number;
}

/** Reads `root|match|exact PREFIX` (or a bare prefix) into the filter's `r*`/`m*` prefixes. */
function rootMatchExact(args: Args, w: string, family: number): { r?: InetPrefix; m?: InetPrefix } {
  if (matches(w, 'root')) return { r: getPrefix(args.take(), family) };
  if (matches(w, 'match')) return { m: getPrefix(args.take(), family) };
  const p = getPrefix(matches(w, 'exact') ? args.take() : w, family);
  return { r: p, m: p };
}

/** `iproute_list_flush_or_save`'s selector. */
async function parseList(args: Args, ctx: IpContext, cache: LinkCache): Promise<ListRequest> {
  const f = newRouteFilter(ctx.options.family);
  f.tb = RT_TABLE.MAIN;
  let family = ctx.options.family;
  let iif: string | undefined;
  let oif: string | undefined;
  let mark = 0;
  while (!args.done) {
    const w = args.take();
    if (matches(w, 'table')) {
      const v = args.take();
      const table = tableId(v);
      if (table !== undefined) f.tb = table;
      else if (v === 'all') f.tb = 0;
      else if (v === 'cache') f.cloned = 1;
      else if (v === 'help') throw usage();
      else throw invarg('table id value is invalid\n', v);
    } else if (matches(w, 'vrf')) {
      const v = args.take();
      const table = await vrfTable(cache, v);
      if (!table) throw invarg('Invalid VRF\n', v);
      f.tb = table;
      f.typemask = ~((1n << BigInt(RTN.LOCAL)) | (1n << BigInt(RTN.BROADCAST))) & 0xffffffffffffffffn;
    } else if (matches(w, 'cached') || matches(w, 'cloned')) {
      f.cloned = 1;
    } else if (w === 'tos' || matches(w, 'dsfield')) {
      const v = args.take();
      const tos = dsfieldValue(v);
      if (tos === undefined) throw invarg('TOS value is invalid\n', v);
      f.tos = tos;
      f.tosmask = -1;
    } else if (matches(w, 'protocol')) {
      const v = args.take();
      const proto = protocolId(v);
      f.protocolmask = -1;
      if (proto === undefined) {
        if (v !== 'all') throw invarg('invalid "protocol"\n', v);
        f.protocolmask = 0;
      }
      f.protocol = proto ?? 0;
    } else if (matches(w, 'scope')) {
      const v = args.take();
      const scope = scopeId(v);
      f.scopemask = -1;
      if (scope === undefined) {
        if (v !== 'all') throw invarg('invalid "scope"\n', v);
        f.scopemask = 0;
      }
      f.scope = scope ?? RT_SCOPE.NOWHERE;
    } else if (matches(w, 'type')) {
      const v = args.take();
      const type = routeTypeId(v);
      if (type === undefined) throw invarg('node type value is invalid\n', v);
      f.typemask = 1n << BigInt(type);
    } else if (w === 'dev' || w === 'oif') {
      oif = args.take();
    } else if (w === 'iif') {
      iif = args.take();
    } else if (w === 'mark') {
      mark = takeU32(args, 'invalid mark value');
      f.markmask = -1;
    } else if (matches(w, 'metric') || matches(w, 'priority') || w === 'preference') {
      f.metric = takeU32(args, '"metric" value is invalid\n');
      f.metricmask = -1;
    } else if (w === 'via') {
      const { family: viaFam, text } = viaFamily(args, family);
      f.rvia = getPrefix(text, viaFam);
    } else if (w === 'src') {
      f.rprefsrc = getPrefix(args.take(), family);
    } else if (matches(w, 'realms')) {
      const v = args.take();
      const realm = realmsValue(v);
      if (realm === undefined) throw invarg('invalid realms\n', v);
      f.realm = realm;
      f.realmmask = 0xffffffff;
      if ((realm & 0xffff) === 0 && v.endsWith('/')) f.realmmask &= ~0xffff;
      if ((realm & 0xffff0000) === 0 && (!v.includes('/') || v.startsWith('/'))) f.realmmask &= 0xffff;
      f.realmmask >>>= 0;
    } else if (matches(w, 'from')) {
      const { r, m } = rootMatchExact(args, args.take(), family);
      if (r) f.rsrc = r;
      if (m) f.msrc = m;
    } else {
      const { r, m } = rootMatchExact(args, matches(w, 'to') ? args.take() : w, family);
      if (r) f.rdst = r;
      if (m) f.mdst = m;
    }
  }
  if (family === AF.UNSPEC && f.tb) family = AF.INET;
  if (iif !== undefined) {
    f.iif = await deviceIndex(cache, iif);
    f.iifmask = -1;
  }
  if (oif !== undefined) {
    f.oif = await deviceIndex(cache, oif);
    f.oifmask = -1;
  }
  f.mark = mark;
  return { filter: f, family };
}

/**
 * The dump `ip route` sends (`rtnl_routedump_req` + `iproute_dump_filter`),
 * a page at a time: `take` of each route the filter keeps, decoded as its
 * datagram arrives (its payload is `[offset, offset + length)` of `buf`).
 */
function routeDump<T>(
  conn: Connection<Route>,
  f: RouteFilter,
  family: number,
  take: (route: RouteMessage, buf: Buffer, offset: number, length: number) => T,
): AsyncGenerator<T[]> {
  const attrs: Record<string, number> = {};
  if (f.tb) attrs.table = f.tb;
  if (f.oif) attrs.oif = f.oif;
  const header = { family, protocol: f.protocol, flags: f.cloned ? RTM_F.CLONED : 0 };
  return conn.dumpPages(
    { type: RTM.GETROUTE, schema: routeMessage, value: { header, attrs } },
    (buf, offset, length) => {
      if (messageType(buf, offset - NLMSG_HDRLEN) !== RTM.NEWROUTE) return undefined;
      const route = decodeRoute(buf, offset, length);
      return routePasses(route, f) ? take(route, buf, offset, length) : undefined;
    },
    { context: { operation: 'dump routes', object: '' } },
  );
}

/** Decodes the route message whose payload is `[offset, offset + length)` of `buf`, in its family's layout. */
function decodeRoute(buf: Buffer, offset: number, length: number): RouteMessage {
  return routeSchemaFor(buf[offset] ?? AF.UNSPEC).decode(buf, offset, length);
}

/** Fetches a nexthop object for `-d` (`print_cache_nexthop_id`); `undefined` when the kernel has none. */
async function fetchNexthop(conn: Connection<Route>, id: number): Promise<NexthopMessage | undefined> {
  try {
    const replies = await conn.request(
      { type: RTM.GETNEXTHOP, schema: nexthopMessage, value: { header: { family: AF.UNSPEC }, attrs: { id } } },
      { context: { operation: 'get nexthop', object: `id ${id}` } },
    );
    const m = replies.find((r) => r.type === RTM.NEWNEXTHOP);
    return m && nexthopMessage.decode(m.buf, m.offset, m.length);
  } catch (err) {
    if (err instanceof KernelError) return undefined;
    throw err;
  }
}

/**
 * What printing routes needs: the link names and (with `-d`) the nexthop
 * objects of these routes, fetched once by id (iproute2's nexthop cache).
 * Shared by `ip route show` and `ip monitor`.
 */
export class RoutePrinter {
  readonly #ctx: IpContext;
  readonly #conn: Connection<Route>;
  readonly #cache: LinkCache;
  readonly #nexthops = new Map<number, NexthopMessage | undefined>();
  readonly env: RoutePrintEnv;

  constructor(ctx: IpContext, conn: Connection<Route>, cache: LinkCache, filter: RouteFilter) {
    this.#ctx = ctx;
    this.#conn = conn;
    this.#cache = cache;
    const o = ctx.options;
    const linkName = (i: number) => cache.name(i);
    this.env = {
      filter,
      details: o.details,
      numeric: o.numeric,
      stats: o.stats,
      linkName,
      printNexthop: (out, id) => this.#printNexthop(out, id),
    };
  }

  /** Looks up the links and nexthops `routes` name, so that printing them needs no request. */
  async prefetch(routes: readonly RouteMessage[]): Promise<void> {
    const indexes = new Set<number>();
    for (const r of routes) {
      const a = r.attrs;
      for (const i of [a.oif, a.iif]) if (i) indexes.add(i);
      for (const hop of a.multipath ?? []) if (hop.ifindex) indexes.add(hop.ifindex);
      if (this.#ctx.options.details && a.nhId !== undefined && !this.#nexthops.has(a.nhId)) {
        const nh = await fetchNexthop(this.#conn, a.nhId);
        this.#nexthops.set(a.nhId, nh);
        if (nh?.attrs.oif) indexes.add(nh.attrs.oif);
      }
    }
    await this.#cache.prefetch(indexes);
  }

  /**
   * Updates the cached nexthop object from a nexthop event, as `ip monitor`
   * keeps its cache (`ipnh_cache_process_nlmsg`).
   */
  nexthopEvent(m: NexthopMessage, deleted: boolean): void {
    const id = m.attrs.id ?? 0;
    if (deleted) this.#nexthops.delete(id);
    else this.#nexthops.set(id, m);
  }

  #printNexthop(out: Output, id: number): void {
    const nh = this.#nexthops.get(id);
    if (!nh) return;
    out.text('%s', '\n\tnh_info ');
    printNexthopEntry(out, nh, { ...this.env, details: this.#ctx.options.details > 0 }, 'nh_info');
  }
}

/** `ip route show` writes its output once this much is buffered (few large writes). */
const FLUSH_CHARS = 1 << 16;

/** `ip route show|flush` (iproute2's `iproute_list_flush_or_save`). */
async function list(args: Args, ctx: IpContext, flush: boolean): Promise<number> {
  if (flush && args.done) throw new CliError('"ip route flush" requires arguments.\n', 1);
  const conn = await ctx.connection();
  const cache = new LinkCache(conn);
  const { filter, family } = await parseList(args, ctx, cache);
  if (flush) return flushRoutes(ctx, conn, filter, family);
  const printer = new RoutePrinter(ctx, conn, cache, filter);
  const out = ctx.output();
  out.begin();
  try {
    for await (const routes of routeDump(conn, filter, family, (r) => r)) {
      await printer.prefetch(routes);
      for (const r of routes) printRoute(out, r, printer.env);
      if (out.buffered >= FLUSH_CHARS) out.flush();
    }
  } catch (err) {
    // As iproute2 (`save_route_errhndlr`): a namespace whose main table does not exist yet has no routes to show.
    if (!(filter.tb === RT_TABLE.MAIN && err instanceof KernelError && err.errnoName === 'ENOENT')) throw err;
  }
  out.end();
  out.flush();
  return 0;
}

/** How long a flush may take (iproute2 gives up after 30 s). */
const FLUSH_SECONDS = 30;

/**
 * `iproute_flush`: deletes what the filter keeps, round after round (the
 * dumped messages sent back as `RTM_DELROUTE`, packed in batches), until a
 * dump finds nothing.
 */
async function flushRoutes(ctx: IpContext, conn: Connection<Route>, f: RouteFilter, family: number): Promise<number> {
  if (f.cloned) throw new CliError('"ip route flush cache" is not supported by nlink-ip.\n', 1);
  f.flush = true;
  const stats = ctx.options.stats;
  const say = (text: string) => ctx.io.stdout(text);
  const start = Date.now();
  for (let round = 0; ; ) {
    const batch = conn.batch();
    const deletion = (_r: RouteMessage, buf: Buffer, offset: number, length: number) =>
      deletionOf(RTM.DELROUTE, { buf, offset, length });
    for await (const deletions of routeDump(conn, f, family, deletion)) {
      for (const out of deletions) batch.add(out, { operation: 'flush route', object: '' });
    }
    if (batch.size === 0) {
      if (stats) say(flushComplete(round));
      return 0;
    }
    round++;
    for (const r of await batch.execute()) {
      if (!r.ok && !(r.error instanceof KernelError && r.error.errnoName === 'ESRCH')) throw r.error;
    }
    const elapsed = Math.trunc((Date.now() - start) / 1000);
    if (elapsed > FLUSH_SECONDS) {
      say(`\n*** Flush not completed after ${elapsed} seconds, ${batch.size} entries remain ***\n`);
      return 1;
    }
    if (stats) say(`\n*** Round ${round}, deleting ${batch.size} entries ***\n`);
  }
}

// --- get ---

/** `inet_proto_a2n`: an IP protocol by name (`/etc/protocols`) or number. */
function ipProtocol(text: string): number | undefined {
  let lines: string[] = [];
  try {
    lines = readFileSync('/etc/protocols', 'utf8').split('\n');
  } catch {
    // No protocol names on this system.
  }
  for (const line of lines) {
    const [name, number, ...aliases] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (number !== undefined && (name === text || aliases.includes(text))) return Number(number);
  }
  return getU8(text);
}

/** `ip route get` (iproute2's `iproute_get`). */
async function get(args: Args, ctx: IpContext): Promise<number> {
  const conn = await ctx.connection();
  const cache = new LinkCache(conn);
  const h = { family: ctx.options.family, dstLen: 0, srcLen: 0, tos: 0, flags: 0 };
  const attrs: Record<string, unknown> = {};
  let idev: string | undefined;
  let odev: string | undefined;
  let fibMatch = false;
  let mark = 0;
  let found = false;
  const learn = (p: InetPrefix) => {
    if (h.family === AF.UNSPEC) h.family = p.family;
  };
  while (!args.done) {
    const w = args.take();
    if (w === 'tos' || matches(w, 'dsfield')) {
      const v = args.take();
      const tos = dsfieldValue(v);
      if (tos === undefined) throw invarg('TOS value is invalid\n', v);
      h.tos = tos;
    } else if (matches(w, 'from')) {
      const v = args.take();
      if (matches(v, 'help')) throw usage();
      const p = getPrefix(v, h.family);
      learn(p);
      if (p.bytes.length) attrs.src = addressText(p);
      h.srcLen = p.bitlen;
    } else if (matches(w, 'iif')) {
      idev = args.take();
    } else if (matches(w, 'mark')) {
      mark = takeU32(args, 'invalid mark value');
    } else if (matches(w, 'oif') || w === 'dev') {
      odev = args.take();
    } else if (matches(w, 'notify')) {
      h.flags |= RTM_F.NOTIFY;
    } else if (matches(w, 'connected')) {
      throw new CliError('"ip route get ... connected" is not supported by nlink-ip.\n', 1);
    } else if (matches(w, 'vrf')) {
      const v = args.take();
      if (!(await cache.vrfIndex(v))) throw invarg('Invalid VRF\n', v);
      odev = v;
    } else if (matches(w, 'uid')) {
      attrs.uid = takeU32(args, 'invalid UID\n');
    } else if (matches(w, 'fibmatch')) {
      fibMatch = true;
    } else if (w === 'as') {
      let v = args.take();
      if (v === 'to') v = args.take();
      const addr = getAddr(v, h.family);
      learn(addr);
      attrs.newdst = newdstValue(addr);
    } else if (matches(w, 'sport') || matches(w, 'dport')) {
      const key = matches(w, 'sport') ? 'sport' : 'dport';
      const v = args.take();
      const port = getU16(v);
      if (port === undefined) throw invarg(`invalid ${key}\n`, v);
      attrs[key] = port;
    } else if (matches(w, 'ipproto')) {
      const v = args.take();
      const proto = ipProtocol(v);
      if (proto === undefined) throw invarg('Invalid "ipproto" value\n', v);
      attrs.ipProto = proto;
    } else {
      const v = w === 'to' ? args.take() : w;
      if (matches(v, 'help')) throw usage();
      const p = getPrefix(v, h.family);
      learn(p);
      if (p.bytes.length) attrs.dst = addressValue(p);
      const host = h.family === AF.INET ? 32 : h.family === AF.INET6 ? 128 : undefined;
      if (host !== undefined && p.bitlen !== host) {
        ctx.io.stderr(`Warning: /${p.bitlen} as prefix is invalid, only /${host} (or none) is supported.\n`);
        h.dstLen = host;
      } else h.dstLen = p.bitlen;
      found = true;
    }
  }
  if (!found) throw new CliError('need at least a destination address\n', 1);
  if (idev !== undefined) attrs.iif = await deviceIndex(cache, idev);
  if (odev !== undefined) attrs.oif = await deviceIndex(cache, odev);
  if (mark) attrs.mark = mark;
  if (h.family === AF.UNSPEC) h.family = AF.INET;
  if (h.family === AF.INET) h.flags |= RTM_F.LOOKUP_TABLE;
  if (fibMatch) h.flags |= RTM_F.FIB_MATCH;
  const replies = await conn.request(routeOut(RTM.GETROUTE, 0, h, attrs), {
    context: { operation: 'get route', object: String(attrs.dst ?? '') },
  });
  const answer = replies.find((m) => m.type === RTM.NEWROUTE);
  if (!answer) throw new CliError('Not a route?\n', 1);
  const filter = newRouteFilter(ctx.options.family);
  filter.cloned = 2;
  const printer = new RoutePrinter(ctx, conn, cache, filter);
  const route = decodeRoute(answer.buf, answer.offset, answer.length);
  await printer.prefetch([route]);
  const out = ctx.output();
  out.begin();
  if (routePasses(route, filter)) printRoute(out, route, printer.env);
  out.end();
  out.flush();
  return 0;
}
