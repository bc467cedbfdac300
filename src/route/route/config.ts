/**
 * Typed route configurations (`Ipv4Route`, `Ipv6Route`, `MplsRoute`,
 * `NextHop`, `RouteMetrics`: the seed's names, as config objects) and
 * their translation into `RTM_NEWROUTE`/`RTM_DELROUTE` requests with
 * iproute2's defaults, so that a route built here is the request
 * `ip route add|del ...` sends for the same route.
 *
 * @module
 */

import { AF, RT_SCOPE, RT_TABLE, RTAX, RTAX_FEATURE, RTM_F, RTN, RTNH_F, RTPROT } from '../../core/constants.js';
import { type InterfaceRef, validateIfindex } from '../../core/ifname.js';
import { afOf, familyOfText, type IpFamily, parseIpAddress, parsePrefix, plainIpv4Prefix } from '../../core/prefix.js';
import { InvalidArgumentError } from '../../errors.js';
import type { Decoded, Input } from '../../schema/attrs.js';
import { checkRange } from '../link/kinds/codecs.js';
import { encapInput, type IndexResolver, MPLS_LABEL_MAX, type RouteEncap } from './encap.js';
import {
  type RouteProtocol,
  type RouteScope,
  type RouteTable,
  type RouteTypeName,
  routeProtocolNames,
  routeScopeNames,
  routeTableNames,
  routeTypeNames,
} from './names.js';
import type { metricsAttrs } from './schema.js';

/** TCP features of `RTAX_FEATURES` by name. */
export const ROUTE_FEATURES = {
  ecn: RTAX_FEATURE.ECN,
  sack: RTAX_FEATURE.SACK,
  timestamp: RTAX_FEATURE.TIMESTAMP,
  allfrag: RTAX_FEATURE.ALLFRAG,
} as const;

/** Per-route metrics (`RTA_METRICS`), in the units iproute2 shows them. */
export interface RouteMetrics {
  readonly mtu?: number;
  readonly window?: number;
  /** Round-trip time estimate in milliseconds (sent in the kernel's 1/8 ms). */
  readonly rtt?: number;
  /** Round-trip time variance in milliseconds (sent in the kernel's 1/4 ms). */
  readonly rttvar?: number;
  readonly ssthresh?: number;
  readonly cwnd?: number;
  readonly advmss?: number;
  readonly reordering?: number;
  readonly hoplimit?: number;
  readonly initcwnd?: number;
  readonly initrwnd?: number;
  /** Minimum TCP retransmission timeout in ms; always locked, since the kernel only honours it locked. */
  readonly rtoMin?: number;
  readonly quickack?: boolean;
  /** Congestion control algorithm (`congctl`). */
  readonly congctl?: string;
  readonly fastopenNoCookie?: boolean;
  readonly features?: readonly (keyof typeof ROUTE_FEATURES)[];
  /** Metrics the kernel must not change on its own (`mtu lock 1400`). */
  readonly lock?: readonly LockableMetric[];
}

/** A metric that can be locked. */
export type LockableMetric = Exclude<keyof RouteMetrics, 'lock'>;

/** Each typed metric: its `RTAX_*` number, its wire field, and the scale from its unit to the kernel's. */
const METRICS: Readonly<
  Record<
    LockableMetric,
    { readonly rtax: number; readonly wire: keyof typeof metricsAttrs.fields; readonly scale?: number }
  >
> = {
  mtu: { rtax: RTAX.MTU, wire: 'mtu' },
  window: { rtax: RTAX.WINDOW, wire: 'window' },
  rtt: { rtax: RTAX.RTT, wire: 'rtt', scale: 8 },
  rttvar: { rtax: RTAX.RTTVAR, wire: 'rttvar', scale: 4 },
  ssthresh: { rtax: RTAX.SSTHRESH, wire: 'ssthresh' },
  cwnd: { rtax: RTAX.CWND, wire: 'cwnd' },
  advmss: { rtax: RTAX.ADVMSS, wire: 'advmss' },
  reordering: { rtax: RTAX.REORDERING, wire: 'reordering' },
  hoplimit: { rtax: RTAX.HOPLIMIT, wire: 'hoplimit' },
  initcwnd: { rtax: RTAX.INITCWND, wire: 'initcwnd' },
  initrwnd: { rtax: RTAX.INITRWND, wire: 'initrwnd' },
  rtoMin: { rtax: RTAX.RTO_MIN, wire: 'rtoMin' },
  quickack: { rtax: RTAX.QUICKACK, wire: 'quickack' },
  congctl: { rtax: RTAX.CC_ALGO, wire: 'ccAlgo' },
  fastopenNoCookie: { rtax: RTAX.FASTOPEN_NO_COOKIE, wire: 'fastopenNoCookie' },
  features: { rtax: RTAX.FEATURES, wire: 'features' },
};

type MetricsInput = Input<typeof metricsAttrs.fields>;

/** The `RTA_METRICS` nest of typed metrics. @throws {InvalidArgumentError} */
export function metricsInput(m: RouteMetrics, where = 'metrics'): MetricsInput {
  const out: Record<string, unknown> = {};
  let lock = 0;
  for (const [name, spec] of Object.entries(METRICS) as [LockableMetric, (typeof METRICS)[LockableMetric]][]) {
    const v = m[name];
    if (v === undefined) continue;
    const at = `${where}.${name}`;
    if (typeof v === 'boolean') out[spec.wire] = v ? 1 : 0;
    else if (typeof v === 'string') out[spec.wire] = v;
    else if (Array.isArray(v)) {
      out[spec.wire] = v.reduce((bits: number, f: keyof typeof ROUTE_FEATURES) => {
        if (!Object.hasOwn(ROUTE_FEATURES, f)) throw new InvalidArgumentError(at, `unknown feature ${String(f)}`);
        return bits | ROUTE_FEATURES[f];
      }, 0);
    } else {
      const n = Math.round((v as number) * (spec.scale ?? 1));
      checkRange(n, 0, 0xffffffff, at);
      out[spec.wire] = n;
    }
  }
  for (const name of m.lock ?? []) {
    const spec = Object.hasOwn(METRICS, name) ? METRICS[name] : undefined;
    if (!spec) throw new InvalidArgumentError(`${where}.lock`, `unknown metric ${String(name)}`);
    lock |= 1 << spec.rtax;
  }
  if (m.rtoMin !== undefined) lock |= 1 << RTAX.RTO_MIN;
  if (lock) out.lock = lock >>> 0;
  return out as MetricsInput;
}

/** Typed metrics of a decoded `RTA_METRICS` nest. */
export function metricsOf(v: Decoded<typeof metricsAttrs.fields>): RouteMetrics {
  const out: Record<string, unknown> = {};
  const lock: LockableMetric[] = [];
  for (const [name, spec] of Object.entries(METRICS) as [LockableMetric, (typeof METRICS)[LockableMetric]][]) {
    const raw = v[spec.wire];
    if (((v.lock ?? 0) >>> spec.rtax) & 1) lock.push(name);
    if (raw === undefined) continue;
    if (name === 'quickack' || name === 'fastopenNoCookie') out[name] = raw !== 0;
    else if (name === 'features') {
      out[name] = (Object.keys(ROUTE_FEATURES) as (keyof typeof ROUTE_FEATURES)[]).filter(
        (f) => ((raw as number) & ROUTE_FEATURES[f]) !== 0,
      );
    } else out[name] = typeof raw === 'number' ? raw / (spec.scale ?? 1) : raw;
  }
  if (lock.length) out.lock = lock;
  return out as RouteMetrics;
}

/** A realm (`RTA_FLOW`): the destination realm, or both ends. */
export type Realm = number | { readonly from?: number; readonly to: number };

/** One hop of an ECMP route (`nexthop via ... dev ... weight ...`). The seed's `NextHop`. */
export interface NextHop {
  /** Gateway; of the route's family (`RTA_GATEWAY`) or, for IPv4 routes, IPv6 (`RTA_VIA`). */
  readonly gateway?: string;
  readonly dev?: InterfaceRef;
  /** Relative weight, 1 to 256 (default 1). */
  readonly weight?: number;
  /** Use the gateway even if it is not on the link's subnet. */
  readonly onlink?: boolean;
  readonly encap?: RouteEncap;
  readonly realm?: Realm;
  /** MPLS routes: labels to swap in (`as`). */
  readonly newLabels?: readonly number[];
}

/** What every route takes. */
export interface RouteCommon {
  /** Routing table (default `main`; `local` for `local` and `nat` routes). */
  readonly table?: RouteTable;
  /** Who installed it (default `boot` when adding, as iproute2). */
  readonly protocol?: RouteProtocol;
  /** Scope (default as iproute2: `link` for a unicast IPv4 route with no gateway, `host` for local...). */
  readonly scope?: RouteScope;
  /** Route type (default `unicast`). */
  readonly type?: RouteTypeName;
  /** Output interface. */
  readonly dev?: InterfaceRef;
  /** ECMP hops; instead of `gateway`/`dev`. */
  readonly nexthops?: readonly NextHop[];
}

/** An IPv4 or IPv6 route. */
export interface IpRouteCommon extends RouteCommon {
  /** `10.0.0.0/24`, `2001:db8::/64`, a host address, or `default`. IPv4 host bits are rejected. */
  readonly dst: string;
  /** Needed only when neither `dst` nor a gateway tells (a `default` route with no gateway). */
  readonly family?: IpFamily;
  /** Metric (`RTA_PRIORITY`). */
  readonly metric?: number;
  readonly tos?: number;
  /** Gateway; an IPv6 gateway of an IPv4 route is sent as `RTA_VIA`. */
  readonly gateway?: string;
  readonly onlink?: boolean;
  /** Preferred source address (`src` in iproute2). */
  readonly prefsrc?: string;
  /** Source prefix (`from` in iproute2; IPv6 source routing). */
  readonly from?: string;
  readonly metrics?: RouteMetrics;
  /** A nexthop object id (`nhid`), instead of gateway/dev/nexthops. */
  readonly nhid?: number;
  readonly encap?: RouteEncap;
  readonly realm?: Realm;
}

/** An IPv4 route (the seed's `Ipv4Route`). */
export interface Ipv4Route extends IpRouteCommon {
  readonly family?: 'inet';
}

/** An IPv6 route (the seed's `Ipv6Route`). */
export interface Ipv6Route extends IpRouteCommon {
  readonly family?: 'inet6';
  /** Router preference (`RTA_PREF`). */
  readonly pref?: 'low' | 'medium' | 'high';
  /** Expires after this many seconds. */
  readonly expires?: number;
}

/** An MPLS label route (`ip -f mpls route add LABEL ...`). */
export interface MplsRoute extends RouteCommon {
  readonly family: 'mpls';
  /** The incoming label. */
  readonly label: number;
  /** Next hop address (`via inet|inet6 ADDR`), its family from the text. */
  readonly via?: string;
  /** Labels to swap in (`as`); none pops the label. */
  readonly newLabels?: readonly number[];
  /** `ttl-propagate enabled|disabled`; leave out for the global default. */
  readonly ttlPropagate?: boolean;
}

/** Any route `addRoute` and friends take. */
export type RouteConfig = Ipv4Route | Ipv6Route | MplsRoute;

/** `ICMPV6_ROUTER_PREF_*` values of `RTA_PREF`. */
export const ROUTER_PREFS = { low: 3, medium: 0, high: 1 } as const;

/** A route request ready to send. */
export interface RouteRequest {
  /** `AF_*` family: selects the message layout. */
  readonly af: number;
  /** Header and attributes, for `routeMessage` or, for `AF_MPLS`, `mplsRouteMessage`. */
  readonly value: { readonly header: Record<string, number>; readonly attrs: Record<string, unknown> };
  /** How the route reads in errors: `10.0.0.0/24 table 100`. */
  readonly object: string;
}

function realmValue(r: Realm, where: string): number {
  const { from = 0, to } = typeof r === 'number' ? { to: r } : r;
  checkRange(from, 0, 0xffff, `${where}.from`);
  checkRange(to, 0, 0xffff, `${where}.to`);
  return ((from << 16) | to) >>> 0;
}

function checkLabels(labels: readonly number[], where: string): readonly number[] {
  labels.forEach((l, i) => {
    checkRange(l, 0, MPLS_LABEL_MAX, `${where}[${i}]`);
  });
  return labels;
}

/** The gateway of a route (or hop) of family `family`: `gateway`, or `via` when the families differ. */
function gatewayAttrs(gw: string | undefined, family: IpFamily | 'mpls', where: string): Record<string, unknown> {
  if (gw === undefined) return {};
  const a = parseIpAddress(gw, { what: where });
  return a.family === family ? { gateway: a.address } : { via: { family: a.family, address: a.address } };
}

async function hopInput(
  hop: NextHop,
  family: IpFamily | 'mpls',
  index: IndexResolver,
  where: string,
): Promise<Record<string, unknown>> {
  checkRange(hop.weight, 1, 256, `${where}.weight`);
  const attrs: Record<string, unknown> = gatewayAttrs(hop.gateway, family, `${where}.gateway`);
  if (hop.realm !== undefined) attrs.flow = realmValue(hop.realm, `${where}.realm`);
  if (hop.newLabels !== undefined) attrs.newdst = checkLabels(hop.newLabels, `${where}.newLabels`);
  if (hop.encap !== undefined) Object.assign(attrs, await encapInput(hop.encap, index, `${where}.encap`));
  return {
    flags: hop.onlink ? RTNH_F.ONLINK : 0,
    hops: (hop.weight ?? 1) - 1,
    ifindex: hop.dev === undefined ? 0 : await index(hop.dev, `${where}.dev`),
    attrs,
  };
}

/** The family of a route: given, or read off its destination or gateway. */
export function routeFamily(c: RouteConfig): IpFamily | 'mpls' {
  if (c.family !== undefined) return c.family;
  const ip = c as IpRouteCommon;
  const dst = ip.dst;
  if (typeof dst === 'string' && dst !== 'default' && dst !== 'any' && dst !== 'all') return familyOfText(dst);
  const gw = ip.gateway ?? ip.nexthops?.find((h) => h.gateway !== undefined)?.gateway;
  return gw === undefined ? 'inet' : familyOfText(gw);
}

/** iproute2's default scope for a route of this type and shape. */
function defaultScope(family: IpFamily | 'mpls', type: number, del: boolean, hasGateway: boolean): number {
  if (family !== 'inet') return RT_SCOPE.UNIVERSE;
  if (type === RTN.LOCAL || type === RTN.NAT) return RT_SCOPE.HOST;
  if (type === RTN.BROADCAST || type === RTN.MULTICAST || type === RTN.ANYCAST) return RT_SCOPE.LINK;
  if (type === RTN.UNICAST || type === RTN.UNSPEC) {
    if (del) return RT_SCOPE.NOWHERE;
    if (!hasGateway) return RT_SCOPE.LINK;
    return RT_SCOPE.UNIVERSE;
  }
  return del ? RT_SCOPE.NOWHERE : RT_SCOPE.UNIVERSE;
}

/** A route request being built: everything but the parts that name interfaces, and the default scope. */
interface RouteDraft {
  readonly family: IpFamily | 'mpls';
  readonly type: number;
  readonly tableId: number;
  readonly header: Record<string, number>;
  readonly attrs: Record<string, unknown>;
  object: string;
  hasGateway: boolean;
}

/** Checks a route and translates what of it names no interface. @throws {InvalidArgumentError} */
function routeDraft(c: RouteConfig, del: boolean): RouteDraft {
  if (typeof c !== 'object' || c === null) throw new InvalidArgumentError('route', 'expected a route object');
  const family = routeFamily(c);
  const mpls = family === 'mpls';
  const type =
    c.type !== undefined ? routeTypeNames.value(c.type, 'route.type') : del && !mpls ? RTN.UNSPEC : RTN.UNICAST;
  const tableId =
    c.table !== undefined
      ? routeTableNames.value(c.table, 'route.table')
      : type === RTN.LOCAL || type === RTN.NAT
        ? RT_TABLE.LOCAL
        : RT_TABLE.MAIN;
  const attrs: Record<string, unknown> = {};
  const header: Record<string, number> = {
    family: mpls ? AF.MPLS : afOf(family),
    table: tableId < 256 ? tableId : RT_TABLE.UNSPEC,
    protocol:
      c.protocol !== undefined
        ? routeProtocolNames.value(c.protocol, 'route.protocol')
        : del
          ? RTPROT.UNSPEC
          : RTPROT.BOOT,
    type,
    flags: 0,
  };
  if (tableId >= 256) attrs.table = tableId;
  let object: string;
  let hasGateway = false;
  if (c.family === 'mpls') {
    if (typeof c.label !== 'number') throw new InvalidArgumentError('route.label', 'an MPLS route needs its label');
    checkRange(c.label, 0, MPLS_LABEL_MAX, 'route.label');
    header.dstLen = 20;
    attrs.dst = [c.label];
    object = `label ${c.label}`;
    if (c.via !== undefined) {
      const a = parseIpAddress(c.via, { what: 'route.via' });
      attrs.via = { family: a.family, address: a.address };
      hasGateway = true;
    }
    if (c.newLabels !== undefined) attrs.newdst = checkLabels(c.newLabels, 'route.newLabels');
    if (c.ttlPropagate !== undefined) attrs.ttlPropagate = c.ttlPropagate ? 1 : 0;
  } else {
    const ipc = c as Ipv4Route & Ipv6Route;
    const ipFamily = family as IpFamily;
    // `a.b.c.d/len`, the commonest destination, read without building a Prefix.
    const plain = family === 'inet' && typeof ipc.dst === 'string' ? plainIpv4Prefix(ipc.dst) : -1;
    if (plain >= 0) {
      header.dstLen = plain % 64;
      if (plain > 0) attrs.dst = ipc.dst.slice(0, ipc.dst.indexOf('/'));
      object = plain % 64 === 0 ? 'default' : ipc.dst;
    } else {
      const dst = parsePrefix(ipc.dst, {
        family: ipFamily,
        hostBits: family === 'inet' ? 'reject' : 'allow',
        what: 'route.dst',
      });
      header.dstLen = dst.length;
      if (dst.length > 0 || dst.bytes.some((b) => b !== 0)) attrs.dst = dst.address;
      object = dst.length === 0 ? 'default' : `${dst.address}/${dst.length}`;
    }
    if (ipc.from !== undefined) {
      const src = parsePrefix(ipc.from, { family: ipFamily, what: 'route.from' });
      header.srcLen = src.length;
      attrs.src = src.address;
    }
    checkRange(ipc.tos, 0, 0xff, 'route.tos');
    if (ipc.tos !== undefined) header.tos = ipc.tos;
    checkRange(ipc.metric, 0, 0xffffffff, 'route.metric');
    if (ipc.metric !== undefined) attrs.priority = ipc.metric;
    if (ipc.gateway !== undefined) Object.assign(attrs, gatewayAttrs(ipc.gateway, family, 'route.gateway'));
    hasGateway = ipc.gateway !== undefined || ipc.nhid !== undefined;
    if (ipc.onlink) header.flags = RTNH_F.ONLINK;
    if (ipc.prefsrc !== undefined) {
      attrs.prefsrc = parseIpAddress(ipc.prefsrc, { family: ipFamily, what: 'route.prefsrc' }).address;
    }
    if (ipc.metrics !== undefined) {
      const m = metricsInput(ipc.metrics, 'route.metrics');
      if (Object.keys(m).length) attrs.metrics = m;
    }
    checkRange(ipc.nhid, 1, 0xffffffff, 'route.nhid');
    if (ipc.nhid !== undefined) attrs.nhId = ipc.nhid;
    // The encapsulation's place among the attributes: routeRequest fills it in once its interfaces are known.
    if (ipc.encap !== undefined) {
      attrs.encapType = undefined;
      attrs.encap = undefined;
    }
    if (ipc.realm !== undefined) attrs.flow = realmValue(ipc.realm, 'route.realm');
    if (ipc.pref !== undefined) {
      if (!Object.hasOwn(ROUTER_PREFS, ipc.pref))
        throw new InvalidArgumentError('route.pref', 'expected low, medium or high');
      attrs.pref = ROUTER_PREFS[ipc.pref];
    }
    checkRange(ipc.expires, 0, 0xffffffff, 'route.expires');
    if (ipc.expires !== undefined) attrs.expires = ipc.expires;
  }
  return { family, type, tableId, header, attrs, object, hasGateway };
}

/** The request of a finished draft: its scope (given or iproute2's default) and its name. */
function routeOfDraft(d: RouteDraft, c: RouteConfig, del: boolean): RouteRequest {
  d.header.scope =
    c.scope !== undefined
      ? routeScopeNames.value(c.scope, 'route.scope')
      : defaultScope(d.family, d.type, del, d.hasGateway);
  const object = d.tableId === RT_TABLE.MAIN ? d.object : `${d.object} table ${routeTableNames.name(d.tableId)}`;
  return { af: d.header.family as number, value: { header: d.header, attrs: d.attrs }, object };
}

/**
 * Whether a route names interfaces to look up (a `dev` name, next hops or
 * an encapsulation): if not, {@link plainRouteRequest} builds it.
 */
export function routeNamesInterfaces(c: RouteConfig): boolean {
  if (typeof c !== 'object' || c === null) return false;
  return (
    (c.dev !== undefined && typeof c.dev !== 'number') ||
    c.nexthops !== undefined ||
    (c as IpRouteCommon).encap !== undefined
  );
}

/**
 * {@link routeRequest} of a route that names no interface to look up
 * ({@link routeNamesInterfaces} is false), built synchronously; a `dev`
 * given as an ifindex is checked and sent as it is.
 * @throws {InvalidArgumentError} before anything is sent.
 */
export function plainRouteRequest(c: RouteConfig, del: boolean): RouteRequest {
  const d = routeDraft(c, del);
  if (typeof c.dev === 'number') d.attrs.oif = validateIfindex(c.dev);
  return routeOfDraft(d, c, del);
}

/**
 * Translates a route into a request, with iproute2's defaults (`ip route
 * add` sets protocol `boot`, type `unicast`, table `main`; `ip route del`
 * leaves protocol and type unset and scope `nowhere`). Interface names are
 * resolved through `index`, after every other field has been checked.
 * @throws {InvalidArgumentError} before anything is sent.
 */
export async function routeRequest(c: RouteConfig, del: boolean, index: IndexResolver): Promise<RouteRequest> {
  const d = routeDraft(c, del);
  const encap = c.family === 'mpls' ? undefined : c.encap;
  if (encap !== undefined) Object.assign(d.attrs, await encapInput(encap, index, 'route.encap'));
  if (c.dev !== undefined) d.attrs.oif = await index(c.dev, 'route.dev');
  if (c.nexthops !== undefined) {
    if (!Array.isArray(c.nexthops) || c.nexthops.length === 0) {
      throw new InvalidArgumentError('route.nexthops', 'expected at least one next hop');
    }
    const hops = [];
    for (const [i, hop] of c.nexthops.entries()) {
      hops.push(await hopInput(hop, d.family, index, `route.nexthops[${i}]`));
    }
    d.attrs.multipath = hops;
    d.hasGateway = true;
  }
  return routeOfDraft(d, c, del);
}

/** Options of a route lookup (`ip route get`). */
export interface RouteLookup {
  /** Source address (`from`). */
  readonly from?: string;
  /** Pretend the packet came in on this interface (`iif`; needs `from`). */
  readonly iif?: InterfaceRef;
  /** Force the output interface (`oif`). */
  readonly oif?: InterfaceRef;
  readonly mark?: number;
  readonly uid?: number;
  readonly tos?: number;
  /** Return the matching FIB entry rather than the resolved next hop (`fibmatch`). */
  readonly fibMatch?: boolean;
  /** Layer-4 protocol number, ports (for multipath hashing and policy rules). */
  readonly ipProto?: number;
  readonly sport?: number;
  readonly dport?: number;
}

/** The `RTM_GETROUTE` request of a lookup, as `ip route get` sends it. */
export async function lookupRequest(dst: string, o: RouteLookup, index: IndexResolver): Promise<RouteRequest> {
  const d = parsePrefix(dst, { what: 'route lookup destination' });
  const header: Record<string, number> = {
    family: afOf(d.family),
    dstLen: d.length,
    // As iproute2: IPv4 lookups report the table they matched in (IPv6 always does).
    flags: (d.family === 'inet' ? RTM_F.LOOKUP_TABLE : 0) | (o.fibMatch ? RTM_F.FIB_MATCH : 0),
  };
  const attrs: Record<string, unknown> = { dst: d.address };
  if (o.from !== undefined) {
    const s = parsePrefix(o.from, { family: d.family, what: 'route lookup from' });
    header.srcLen = s.length;
    attrs.src = s.address;
  }
  checkRange(o.tos, 0, 0xff, 'route lookup tos');
  if (o.tos !== undefined) header.tos = o.tos;
  if (o.iif !== undefined) attrs.iif = await index(o.iif, 'iif');
  if (o.oif !== undefined) attrs.oif = await index(o.oif, 'oif');
  for (const key of ['mark', 'uid'] as const) {
    checkRange(o[key], 0, 0xffffffff, `route lookup ${key}`);
    if (o[key] !== undefined) attrs[key] = o[key];
  }
  checkRange(o.ipProto, 0, 0xff, 'route lookup ipProto');
  if (o.ipProto !== undefined) attrs.ipProto = o.ipProto;
  for (const key of ['sport', 'dport'] as const) {
    checkRange(o[key], 0, 0xffff, `route lookup ${key}`);
    if (o[key] !== undefined) attrs[key] = o[key];
  }
  return { af: header.family as number, value: { header, attrs }, object: `${d.address}` };
}
