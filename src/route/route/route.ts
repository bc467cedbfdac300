/**
 * The decoded route: typed accessors over a lazily decoded `RTM_NEWROUTE`.
 * Named `RouteEntry` so that it does not clash with the `Route` protocol marker.
 *
 * @module
 */

import { AF, RTM_F, RTNH_F } from '../../core/constants.js';
import { type IpFamily, ipFamilyOfAf } from '../../core/prefix.js';
import { toObject } from '../../schema/attrs.js';
import type { ReceivedMessage } from '../../session/engine.js';
import { metricsOf, type Realm, ROUTER_PREFS, type RouteMetrics } from './config.js';
import { type DecodedEncap, encapOf } from './encap.js';
import {
  type RouteProtocolName,
  type RouteScopeName,
  type RouteTypeName,
  routeProtocolNames,
  routeScopeNames,
  routeTypeNames,
} from './names.js';
import {
  type mplsRouteMessage,
  type multipathHopAttrs,
  type RtnexthopRecord,
  type routeMessage,
  routeSchemaFor,
  type Via,
} from './schema.js';

/** A decoded IPv4/IPv6 route message. */
export type IpRouteMessage = ReturnType<typeof routeMessage.decode>;
/** A decoded MPLS route message. */
export type MplsRouteMessage = ReturnType<typeof mplsRouteMessage.decode>;
/** A decoded route message of any family. */
export type RouteMessage = IpRouteMessage | MplsRouteMessage;

/** Route flag names (`RTNH_F_*` in the low byte, `RTM_F_*` above), as iproute2 prints them. */
export const ROUTE_FLAGS = {
  dead: RTNH_F.DEAD,
  pervasive: RTNH_F.PERVASIVE,
  onlink: RTNH_F.ONLINK,
  offload: RTNH_F.OFFLOAD,
  linkdown: RTNH_F.LINKDOWN,
  unresolved: RTNH_F.UNRESOLVED,
  trap: RTNH_F.TRAP,
  notify: RTM_F.NOTIFY,
  cloned: RTM_F.CLONED,
  equalize: RTM_F.EQUALIZE,
  prefix: RTM_F.PREFIX,
  lookup_table: RTM_F.LOOKUP_TABLE,
  fib_match: RTM_F.FIB_MATCH,
  rt_offload: RTM_F.OFFLOAD,
  rt_trap: RTM_F.TRAP,
  rt_offload_failed: RTM_F.OFFLOAD_FAILED,
} as const;

/** Names of the flags set in `flags`. */
export function routeFlagNames(flags: number): (keyof typeof ROUTE_FLAGS)[] {
  return (Object.keys(ROUTE_FLAGS) as (keyof typeof ROUTE_FLAGS)[]).filter((n) => (flags & ROUTE_FLAGS[n]) !== 0);
}

/** One decoded hop of a multipath route. */
export interface NextHopInfo {
  readonly gateway?: string;
  readonly via?: Via;
  /** Output interface (0: none). */
  readonly ifindex: number;
  /** 1 to 256. */
  readonly weight: number;
  /** `RTNH_F_*`. */
  readonly flags: number;
  readonly onlink: boolean;
  readonly encap?: DecodedEncap;
  readonly realm?: Realm;
  /** MPLS labels swapped in. */
  readonly newLabels?: readonly number[];
}

function realmOf(flow: number | undefined): Realm | undefined {
  if (flow === undefined) return undefined;
  const from = flow >>> 16;
  return from ? { from, to: flow & 0xffff } : flow & 0xffff;
}

function hopOf(h: RtnexthopRecord<typeof multipathHopAttrs.fields>): NextHopInfo {
  const a = h.attrs;
  const out: Record<string, unknown> = {
    ifindex: h.ifindex,
    weight: h.hops + 1,
    flags: h.flags,
    onlink: (h.flags & RTNH_F.ONLINK) !== 0,
  };
  if (a.gateway !== undefined) out.gateway = a.gateway;
  if (a.via !== undefined) out.via = a.via;
  const encap = encapOf(a.encapType, a.encap);
  if (encap !== undefined) out.encap = encap;
  const realm = realmOf(a.flow);
  if (realm !== undefined) out.realm = realm;
  if (a.newdst !== undefined) out.newLabels = a.newdst;
  return out as unknown as NextHopInfo;
}

const PREF_NAMES = new Map(Object.entries(ROUTER_PREFS).map(([n, v]) => [v as number, n as keyof typeof ROUTER_PREFS]));

/** A route as the kernel described it. Values are decoded when read. */
export class RouteEntry {
  /** The decoded message: `header` (`struct rtmsg`) and every attribute under `attrs`. */
  readonly message: RouteMessage;

  constructor(message: RouteMessage) {
    this.message = message;
  }

  /** Decodes a received `RTM_NEWROUTE`/`RTM_DELROUTE` (IPv4, IPv6 or MPLS). */
  static fromMessage(m: ReceivedMessage): RouteEntry {
    return new RouteEntry(routeSchemaFor(m.buf[m.offset] ?? 0).decode(m.buf, m.offset, m.length));
  }

  /** `inet`, `inet6`, `mpls`, or the `AF_*` number of another family. */
  get family(): IpFamily | 'mpls' | number {
    const af = this.message.headerField('family');
    return af === AF.MPLS ? 'mpls' : (ipFamilyOfAf(af) ?? af);
  }

  /** Destination prefix length. */
  get dstLen(): number {
    return this.message.headerField('dstLen');
  }

  /** Destination: `10.0.0.0/24`, `default` for a zero-length prefix; an MPLS route's label as text. */
  get dst(): string {
    const dst = this.message.attrs.dst;
    if (Array.isArray(dst)) return dst.join('/');
    const dstLen = this.message.headerField('dstLen');
    if (dstLen === 0) return 'default';
    return `${dst ?? (this.message.headerField('family') === AF.INET6 ? '::' : '0.0.0.0')}/${dstLen}`;
  }

  /** The incoming label of an MPLS route. */
  get label(): number | undefined {
    const dst = this.message.attrs.dst;
    return Array.isArray(dst) ? dst[0] : undefined;
  }

  /** Source prefix (`from`), if the route has one. */
  get src(): string | undefined {
    const src = this.message.attrs.src;
    return src === undefined ? undefined : `${src}/${this.message.headerField('srcLen')}`;
  }

  /** Type of service. */
  get tos(): number {
    return this.message.headerField('tos');
  }

  /** Table id (`RTA_TABLE`, else the header's 8-bit table). */
  get table(): number {
    return this.message.attrs.table ?? this.message.headerField('table');
  }

  /** Who installed it: a name (`kernel`, `boot`, `static`...) or a number. */
  get protocol(): RouteProtocolName | number {
    return routeProtocolNames.name(this.message.headerField('protocol'));
  }

  /** Scope: a name (`global`, `link`, `host`...) or a number. */
  get scope(): RouteScopeName | number {
    return routeScopeNames.name(this.message.headerField('scope'));
  }

  /** Route type: a name (`unicast`, `local`, `blackhole`...) or a number. */
  get type(): RouteTypeName | number {
    return routeTypeNames.name(this.message.headerField('type'));
  }

  /** `rtm_flags`: `RTNH_F_*` and `RTM_F_*`. */
  get flags(): number {
    return this.message.headerField('flags');
  }

  /** Names of the flags set. */
  get flagNames(): (keyof typeof ROUTE_FLAGS)[] {
    return routeFlagNames(this.flags);
  }

  /** The gateway is used even off the link's subnet. */
  get onlink(): boolean {
    return (this.flags & RTNH_F.ONLINK) !== 0;
  }

  /** Output interface index. */
  get oif(): number | undefined {
    return this.message.attrs.oif;
  }

  /** Input interface index (lookups and multicast routes). */
  get iif(): number | undefined {
    return this.message.attrs.iif;
  }

  /** Gateway of the route's own family. */
  get gateway(): string | undefined {
    return this.message.attrs.gateway;
  }

  /** Gateway of another family (`RTA_VIA`). */
  get via(): Via | undefined {
    return this.message.attrs.via;
  }

  /** Preferred source address. */
  get prefsrc(): string | undefined {
    return this.message.attrs.prefsrc;
  }

  /** Metric (`RTA_PRIORITY`). */
  get metric(): number | undefined {
    return this.message.attrs.priority;
  }

  /** Typed metrics (`RTA_METRICS`). */
  get metrics(): RouteMetrics | undefined {
    const m = this.message.attrs.metrics;
    return m === undefined ? undefined : metricsOf(m);
  }

  /** Hops of a multipath route. */
  get nexthops(): NextHopInfo[] | undefined {
    return this.message.attrs.multipath?.map(hopOf);
  }

  /** Nexthop object id (`nhid`). */
  get nhid(): number | undefined {
    return this.message.attrs.nhId;
  }

  /** Encapsulation, typed when nlink decodes its type. */
  get encap(): DecodedEncap | undefined {
    return encapOf(this.message.attrs.encapType, this.message.attrs.encap);
  }

  /** IPv6 router preference. */
  get pref(): keyof typeof ROUTER_PREFS | number | undefined {
    const p = this.message.attrs.pref;
    return p === undefined ? undefined : (PREF_NAMES.get(p) ?? p);
  }

  /** Seconds until the route expires (from `RTA_CACHEINFO`), if it does. */
  get expires(): number | undefined {
    const e = this.message.attrs.cacheinfo?.expires;
    return e ? e / 100 : undefined;
  }

  /** Firewall mark (lookups). */
  get mark(): number | undefined {
    return this.message.attrs.mark;
  }

  /** Realm (`RTA_FLOW`). */
  get realm(): Realm | undefined {
    return realmOf(this.message.attrs.flow);
  }

  /** MPLS labels swapped in (`as`). */
  get newLabels(): readonly number[] | undefined {
    return this.message.attrs.newdst;
  }

  /** MPLS TTL propagation, when set on the route. */
  get ttlPropagate(): boolean | undefined {
    const t = this.message.attrs.ttlPropagate;
    return t === undefined ? undefined : t !== 0;
  }

  /** A plain object of the header and every attribute (bigints kept). */
  toObject(): { header: RouteMessage['header']; attrs: unknown } {
    return { header: this.message.header, attrs: toObject(this.message.attrs) };
  }

  /** JSON form: header and attributes (bigints as numbers where safe). */
  toJSON(): { header: RouteMessage['header']; attrs: unknown } {
    return { header: this.message.header, attrs: this.message.attrs.toJSON() };
  }
}
