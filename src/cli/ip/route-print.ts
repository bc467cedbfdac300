/**
 * One route the way `ip route show|get` prints it (iproute2 6.1's
 * `print_route`), in text or JSON, and the route selector of `ip route
 * show|flush` (`filter_nlmsg`).
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { AF, RT_SCOPE, RT_TABLE, RTAX, RTM_F, RTN, RTPROT } from '../../core/constants.js';
import { parseIpAddress } from '../../core/prefix.js';
import type { RouteMessage } from '../../route/route/route.js';
import type { Via } from '../../route/route/schema.js';
import type { Output } from '../common/output.js';
import { addrMatch, afBitLen, familyName, type InetPrefix } from './inet.js';
import { type EncapPrintEnv, printEncap } from './lwtunnel.js';
import { dsfieldName, protocolName, realmName, routeTypeName, scopeName, tableName } from './names.js';
import { printGateway, printIfindex, printRtFlags } from './nexthop-print.js';

/** iproute2's route selector (`filter` of iproute.c): values and masks. */
export interface RouteFilter {
  /** Table (0: all). */
  tb: number;
  /** 0: no cloned routes, 1: only cloned ones, 2: both (`ip route get`). */
  cloned: number;
  protocol: number;
  protocolmask: number;
  scope: number;
  scopemask: number;
  /** Route types kept, a bit per `RTN_*` (0: all). */
  typemask: bigint;
  tos: number;
  tosmask: number;
  iif: number;
  iifmask: number;
  oif: number;
  oifmask: number;
  mark: number;
  markmask: number;
  realm: number;
  realmmask: number;
  metric: number;
  metricmask: number;
  rprefsrc: InetPrefix | undefined;
  rvia: InetPrefix | undefined;
  rdst: InetPrefix | undefined;
  mdst: InetPrefix | undefined;
  rsrc: InetPrefix | undefined;
  msrc: InetPrefix | undefined;
  /** The global family (`-4`, `-6`, `-f`): routes of others are skipped. */
  family: number;
  /** A flush: skips IPv6's built-in unreachable default route. */
  flush: boolean;
  /** Seen an IPv6 route outside the main table (iproute2's `ip6_multiple_tables`). */
  ip6MultipleTables: boolean;
}

/** A filter that keeps every route (`iproute_reset_filter`). */
export function newRouteFilter(family: number): RouteFilter {
  return {
    tb: 0,
    cloned: 0,
    protocol: 0,
    protocolmask: 0,
    scope: 0,
    scopemask: 0,
    typemask: 0n,
    tos: 0,
    tosmask: 0,
    iif: 0,
    iifmask: 0,
    oif: 0,
    oifmask: 0,
    mark: 0,
    markmask: 0,
    realm: 0,
    realmmask: 0,
    metric: 0,
    metricmask: 0,
    rprefsrc: undefined,
    rvia: undefined,
    rdst: undefined,
    mdst: undefined,
    rsrc: undefined,
    msrc: undefined,
    family,
    flush: false,
    ip6MultipleTables: false,
  };
}

/** The table of a route (`rtm_get_table`): `RTA_TABLE`, else the header's. */
function tableOf(m: RouteMessage): number {
  return m.attrs.table ?? m.header.table;
}

/** Network-order bytes of a decoded address or label stack (for prefix comparisons). */
function bytesOf(value: string | readonly number[] | undefined, len: number): Uint8Array {
  const out = new Uint8Array(16);
  if (value === undefined) return out;
  if (typeof value === 'string') out.set(parseIpAddress(value).bytes.subarray(0, len));
  else {
    const b = Buffer.alloc(4 * value.length);
    value.forEach((l, i) => {
      b.writeUInt32BE((l << 12) >>> 0, 4 * i);
    });
    out.set(b.subarray(0, Math.min(len, 16)));
  }
  return out;
}

function typeKept(mask: bigint, type: number): boolean {
  return mask === 0n || (mask & (1n << BigInt(type))) !== 0n;
}

function prefixSpecified(p: InetPrefix | undefined): p is InetPrefix {
  return p !== undefined && (p.family !== AF.UNSPEC || p.specified);
}

/** The length checks of `filter_nlmsg` for one of `dst`/`src`: `root` (r) and `match` (m) prefixes. */
function lengthsPass(r: InetPrefix | undefined, m: InetPrefix | undefined, family: number, len: number): boolean {
  if (r?.family) {
    if (family !== r.family || r.bitlen > len) return false;
  } else if (r?.specified && r.bitlen > len) return false;
  if (m?.family) {
    if (family !== m.family || (m.bitlen >= 0 && m.bitlen < len)) return false;
  } else if (m?.specified && m.bitlen >= 0 && m.bitlen < len) return false;
  return true;
}

function masked(value: number | undefined, want: number, mask: number): boolean {
  return (((value ?? 0) ^ want) & mask) === 0;
}

/** `filter_nlmsg`: whether `ip route show|flush` keeps the route. */
export function routePasses(m: RouteMessage, f: RouteFilter): boolean {
  const h = m.header;
  const a = m.attrs;
  const table = tableOf(m);
  if (f.family !== AF.UNSPEC && h.family !== f.family) return false;
  if (h.family === AF.INET6 && table !== RT_TABLE.MAIN) f.ip6MultipleTables = true;
  if (f.cloned === (h.flags & RTM_F.CLONED ? 0 : 1)) return false;
  if (h.family === AF.INET6 && !f.ip6MultipleTables) {
    if (f.tb) {
      if (f.tb === RT_TABLE.LOCAL) {
        if (h.type !== RTN.LOCAL) return false;
      } else if (f.tb === RT_TABLE.MAIN) {
        if (h.type === RTN.LOCAL) return false;
      } else return false;
    }
  } else if (f.tb > 0 && f.tb !== table) return false;
  if (!masked(h.protocol, f.protocol, f.protocolmask) || !masked(h.scope, f.scope, f.scopemask)) return false;
  if (f.typemask && !typeKept(f.typemask, h.type)) return false;
  if (!masked(h.tos, f.tos, f.tosmask)) return false;
  if (!lengthsPass(f.rdst, f.mdst, h.family, h.dstLen)) return false;
  if (!lengthsPass(f.rsrc, f.msrc, h.family, h.srcLen)) return false;
  const hostBytes = afBitLen(h.family) / 8;
  if (f.rvia?.family) {
    const via = a.via as Via | undefined;
    const viaFamily = via
      ? typeof via.family === 'number'
        ? via.family
        : via.family === 'inet'
          ? AF.INET
          : AF.INET6
      : h.family;
    if (viaFamily !== f.rvia.family) return false;
  }
  if (f.rprefsrc?.family && h.family !== f.rprefsrc.family) return false;
  if (prefixSpecified(f.rdst) || prefixSpecified(f.mdst)) {
    const dst = bytesOf(a.dst, (h.dstLen + 7) >> 3);
    if (prefixSpecified(f.rdst) && !addrMatch(dst, f.rdst.bytes, f.rdst.bitlen)) return false;
    if (prefixSpecified(f.mdst) && !addrMatch(dst, f.mdst.bytes, h.dstLen)) return false;
  }
  if (prefixSpecified(f.rsrc) || prefixSpecified(f.msrc)) {
    const src = bytesOf(a.src, (h.srcLen + 7) >> 3);
    if (prefixSpecified(f.rsrc) && !addrMatch(src, f.rsrc.bytes, f.rsrc.bitlen)) return false;
    if (prefixSpecified(f.msrc) && f.msrc.bitlen >= 0 && !addrMatch(src, f.msrc.bytes, h.srcLen)) return false;
  }
  if (f.rvia?.family) {
    const via = a.via as Via | undefined;
    const text = via ? via.address : a.gateway;
    const bytes = f.rvia.bitlen > 0 && text !== undefined ? bytesOf(text, via ? 16 : hostBytes) : new Uint8Array(16);
    if (!addrMatch(bytes, f.rvia.bytes, f.rvia.bitlen)) return false;
  }
  if (f.rprefsrc?.family) {
    const bytes = f.rprefsrc.bitlen > 0 ? bytesOf(a.prefsrc, hostBytes) : new Uint8Array(16);
    if (!addrMatch(bytes, f.rprefsrc.bytes, f.rprefsrc.bitlen)) return false;
  }
  if (f.realmmask && !masked(a.flow, f.realm, f.realmmask)) return false;
  if (f.iifmask && !masked(a.iif, f.iif, f.iifmask)) return false;
  if (f.oifmask && !masked(a.oif, f.oif, f.oifmask)) return false;
  if (f.markmask && !masked(a.mark, f.mark, f.markmask)) return false;
  if (f.metricmask && !masked(a.priority, f.metric, f.metricmask)) return false;
  if (f.flush && h.family === AF.INET6 && h.dstLen === 0 && h.type === RTN.UNREACHABLE && a.priority === 0xffffffff) {
    return false;
  }
  return true;
}

/** What printing a route needs besides the route. */
export interface RoutePrintEnv extends EncapPrintEnv {
  readonly filter: RouteFilter;
  /** `-d`. */
  readonly details: number;
  /** Prints the nexthop object `id` as `nh_info` (`-d`), after `\n\tnh_info ` in text, if it exists. */
  printNexthop(out: Output, id: number): void;
}

function addressText(value: string | readonly number[]): string {
  return typeof value === 'string' ? value : value.join('/');
}

function printVia(out: Output, via: Via): void {
  const family = typeof via.family === 'number' ? familyName(via.family) : via.family;
  if (out.json) {
    out.openObject('via');
    out.string('json', 'family', null, family);
    out.string('json', 'host', null, via.address);
    out.closeObject();
  } else {
    out.text('via %s ', family);
    out.text('%s ', via.address);
  }
}

function printNewdst(out: Output, labels: readonly number[]): void {
  out.string('json', 'to', null, labels.join('/'));
  out.text('as to %s ', labels.join('/'));
}

function printFlow(out: Output, flow: number, numeric: boolean): void {
  const from = flow >>> 16;
  const to = flow & 0xffff;
  if (out.json) {
    out.openObject('flow');
    if (from) out.string('json', 'from', null, realmName(from, numeric));
    out.string('json', 'to', null, realmName(to, numeric));
    out.closeObject();
  } else {
    out.text('realm%s ', from ? 's' : '');
    if (from) out.text('%s/', realmName(from, numeric));
    out.text('%s ', realmName(to, numeric));
  }
}

const CACHE_FLAGS: readonly [number, string][] = [
  [0x80000000, 'local'],
  [0x40000000, 'reject'],
  [0x20000000, 'mc'],
  [0x10000000, 'brd'],
  [0x08000000, 'dst-nat'],
  [0x00800000, 'src-nat'],
  [0x00400000, 'masq'],
  [0x00020000, 'dst-direct'],
  [0x04000000, 'src-direct'],
  [0x00040000, 'redirected'],
  [0x01000000, 'redirect'],
  [0x00200000, 'fastroute'],
  [0x00010000, 'notify'],
  [0x00080000, 'proxy'],
];

/** `print_cache_flags`: the `RTCF_*` bits of a cached route. */
function printCacheFlags(out: Output, rtmFlags: number): void {
  let flags = rtmFlags & ~0xffff;
  if (out.json) out.openArray('json', 'cache');
  else {
    out.text('%s    cache ', out.sl);
    if (flags === 0) return;
    out.text('<');
  }
  for (const [bit, name] of CACHE_FLAGS) {
    if (!(flags & bit)) continue;
    flags &= ~bit;
    if (out.json) out.string('json', null, null, name);
    else out.text('%s%s', name, flags ? ',' : '> ');
  }
  if (flags) out.hex('any', 'flags', '%x>', flags >>> 0);
  if (out.json) out.closeArray('json', '');
}

/** `USER_HZ`: the unit of `rta_cacheinfo` times. */
const HZ = 100;

function printCacheinfo(out: Output, ci: NonNullable<RouteMessage['attrs']['cacheinfo']>, stats: number): void {
  if (ci.expires !== 0) out.int('any', 'expires', 'expires %dsec ', Math.trunc(ci.expires / HZ));
  if (ci.error !== 0) out.uint('any', 'error', 'error %u ', ci.error);
  if (stats) {
    if (ci.clntref) out.uint('any', 'users', 'users %u ', ci.clntref);
    if (ci.used !== 0) out.uint('any', 'used', 'used %u ', ci.used);
    if (ci.lastuse !== 0) out.uint('any', 'age', 'age %usec ', Math.trunc(ci.lastuse / HZ));
  }
  if (ci.id) out.hex0x('any', 'ipid', 'ipid 0x%04llx ', ci.id);
  if (ci.ts || ci.tsage) {
    out.hex0x('any', 'ts', 'ts 0x%llx', ci.ts);
    out.uint('any', 'tsage', 'tsage %usec ', ci.tsage);
  }
}

type Metrics = NonNullable<RouteMessage['attrs']['metrics']>;

/** `RTAX_*` in order, with the decoded field and iproute2's name. */
const METRICS: readonly [number, keyof Metrics, string][] = [
  [RTAX.MTU, 'mtu', 'mtu'],
  [RTAX.WINDOW, 'window', 'window'],
  [RTAX.RTT, 'rtt', 'rtt'],
  [RTAX.RTTVAR, 'rttvar', 'rttvar'],
  [RTAX.SSTHRESH, 'ssthresh', 'ssthresh'],
  [RTAX.CWND, 'cwnd', 'cwnd'],
  [RTAX.ADVMSS, 'advmss', 'advmss'],
  [RTAX.REORDERING, 'reordering', 'reordering'],
  [RTAX.HOPLIMIT, 'hoplimit', 'hoplimit'],
  [RTAX.INITCWND, 'initcwnd', 'initcwnd'],
  [RTAX.FEATURES, 'features', 'features'],
  [RTAX.RTO_MIN, 'rtoMin', 'rto_min'],
  [RTAX.INITRWND, 'initrwnd', 'initrwnd'],
  [RTAX.QUICKACK, 'quickack', 'quickack'],
  [RTAX.CC_ALGO, 'ccAlgo', 'congctl'],
  [RTAX.FASTOPEN_NO_COOKIE, 'fastopenNoCookie', 'fastopen_no_cookie'],
];

const FEATURE_ECN = 1;

/** `print_rta_metrics`. */
function printMetrics(out: Output, mx: Metrics): void {
  out.openArray('json', 'metrics');
  out.openObject();
  const lock = mx.lock ?? 0;
  for (const [rtax, field, name] of METRICS) {
    const raw = mx[field];
    const locked = ((lock >>> rtax) & 1) === 1;
    if (raw === undefined && !locked) continue;
    const val = typeof raw === 'number' ? raw >>> 0 : 0;
    if (rtax === RTAX.HOPLIMIT && val === 0xffffffff) continue;
    out.text('%s ', name);
    if (locked) out.text('lock ');
    if (rtax === RTAX.FEATURES) {
      if (val & FEATURE_ECN) out.null('any', 'ecn', 'ecn ', '');
      if (val & ~FEATURE_ECN) out.hex0x('any', 'features', '%#llx ', val);
    } else if (rtax === RTAX.RTT || rtax === RTAX.RTTVAR || rtax === RTAX.RTO_MIN) {
      const v = rtax === RTAX.RTT ? Math.trunc(val / 8) : rtax === RTAX.RTTVAR ? Math.trunc(val / 4) : val;
      out.uint('json', name, null, v);
      out.text(v >= 1000 ? '%gs ' : '%ums ', v >= 1000 ? v / 1e3 : v);
    } else if (rtax === RTAX.CC_ALGO) {
      out.string('any', 'congestion', '%s ', typeof raw === 'string' ? raw : '');
    } else {
      out.uint('any', name, '%u ', val);
    }
  }
  out.closeObject();
  out.closeArray('json', '');
}

const PREFS: Readonly<Record<number, string>> = { 3: 'low', 0: 'medium', 1: 'high' };

type Hop = NonNullable<RouteMessage['attrs']['multipath']>[number];

/** `print_rta_multipath`. */
function printMultipath(out: Output, m: RouteMessage, hops: readonly Hop[], env: RoutePrintEnv): void {
  const h = m.header;
  const mcast = (h.flags & RTM_F.CLONED) !== 0 && h.type === RTN.MULTICAST;
  out.openArray('json', 'nexthops');
  hops.forEach((hop, i) => {
    out.openObject();
    if (mcast) out.text(i === 0 ? 'Oifs: ' : ' ');
    else out.text('%s\tnexthop ', out.sl);
    const a = hop.attrs;
    if (a.encap !== undefined) printEncap(out, a.encapType, a.encap, env);
    if (a.newdst !== undefined) printNewdst(out, a.newdst);
    if (a.gateway !== undefined) printGateway(out, a.gateway);
    if (a.via !== undefined) printVia(out, a.via);
    if (a.flow !== undefined) printFlow(out, a.flow, env.numeric);
    if (mcast) {
      out.string('any', 'dev', '%s', env.linkName(hop.ifindex));
      if (hop.hops !== 1) out.int('any', 'ttl', '(ttl>%d)', hop.hops);
      out.text(' ');
    } else {
      out.string('any', 'dev', 'dev %s ', env.linkName(hop.ifindex));
      if (h.family !== AF.MPLS) out.int('any', 'weight', 'weight %d ', hop.hops + 1);
    }
    printRtFlags(out, hop.flags);
    out.closeObject();
  });
  out.closeArray('json', '');
}

function prefixText(value: string | readonly number[] | undefined, len: number, family: number): string {
  if (value === undefined) return len ? `0/${len} ` : 'default';
  const text = addressText(value);
  return len !== afBitLen(family) ? `${text}/${len}` : text;
}

/** `print_route`: one route inside its own JSON object, its text line ended. */
export function printRoute(out: Output, m: RouteMessage, env: RoutePrintEnv): void {
  const h = m.header;
  const a = m.attrs;
  const f = env.filter;
  const numeric = env.numeric;
  const hostLen = afBitLen(h.family);
  const table = tableOf(m);
  out.openObject();
  if ((h.type !== RTN.UNICAST || env.details > 0) && typeKept(f.typemask, h.type)) {
    out.string('any', 'type', '%s ', routeTypeName(h.type, numeric));
  }
  out.string('any', 'dst', '%s ', prefixText(a.dst, h.dstLen, h.family));
  if (a.src !== undefined) out.string('any', 'from', 'from %s ', prefixText(a.src, h.srcLen, h.family));
  else if (h.srcLen) out.string('any', 'src', 'from %s ', `0/${h.srcLen}`);
  if (a.nhId !== undefined) out.uint('any', 'nhid', 'nhid %u ', a.nhId);
  if (a.newdst !== undefined) printNewdst(out, a.newdst);
  if (a.encap !== undefined) printEncap(out, a.encapType, a.encap, env);
  if (h.tos && f.tosmask !== -1) out.string('any', 'tos', 'tos %s ', dsfieldName(h.tos, numeric));
  if (a.gateway !== undefined && f.rvia?.bitlen !== hostLen) printGateway(out, a.gateway);
  if (a.via !== undefined) printVia(out, a.via);
  if (a.oif !== undefined && f.oifmask !== -1) printIfindex(out, 'dev', env.linkName(a.oif));
  if (table && (table !== RT_TABLE.MAIN || env.details > 0) && !f.tb) {
    out.string('any', 'table', 'table %s ', tableName(table, numeric));
  }
  if (!(h.flags & RTM_F.CLONED)) {
    if ((h.protocol !== RTPROT.BOOT || env.details > 0) && f.protocolmask !== -1) {
      out.string('any', 'protocol', 'proto %s ', protocolName(h.protocol, numeric));
    }
    if ((h.scope !== RT_SCOPE.UNIVERSE || env.details > 0) && f.scopemask !== -1) {
      out.string('any', 'scope', 'scope %s ', scopeName(h.scope, numeric));
    }
  }
  if (a.prefsrc !== undefined && f.rprefsrc?.bitlen !== hostLen) {
    out.string('json', 'prefsrc', null, a.prefsrc);
    out.text('src %s ', a.prefsrc);
  }
  if (a.priority !== undefined && f.metricmask !== -1) out.uint('any', 'metric', 'metric %u ', a.priority);
  printRtFlags(out, h.flags);
  if (a.mark) {
    out.uint('json', 'mark', null, a.mark);
    out.text(a.mark >= 16 ? 'mark 0x%x ' : 'mark %u ', a.mark);
  }
  if (a.flow !== undefined && f.realmmask !== 0xffffffff) printFlow(out, a.flow, numeric);
  if (a.uid !== undefined) out.uint('any', 'uid', 'uid %u ', a.uid);
  if (h.family === AF.INET && h.flags & RTM_F.CLONED) printCacheFlags(out, h.flags);
  if ((h.family === AF.INET || h.family === AF.INET6) && a.cacheinfo) printCacheinfo(out, a.cacheinfo, env.stats);
  if (a.metrics) printMetrics(out, a.metrics);
  if (a.iif !== undefined && f.iifmask !== -1) printIfindex(out, 'iif', env.linkName(a.iif));
  if (a.pref !== undefined) {
    const pref = PREFS[a.pref];
    if (pref === undefined) out.uint('any', 'pref', '%u', a.pref);
    else out.string('any', 'pref', 'pref %s', pref);
  }
  if (a.ttlPropagate !== undefined) {
    out.bool('json', 'ttl-propogate', null, a.ttlPropagate !== 0);
    out.text('ttl-propogate %s', a.ttlPropagate ? 'enabled' : 'disabled');
  }
  if (a.nhId !== undefined && env.details) env.printNexthop(out, a.nhId);
  if (a.multipath) printMultipath(out, m, a.multipath, env);
  out.text('\n');
  out.closeObject();
}
