/**
 * The decoded route: typed accessors over a lazily decoded `RTM_NEWROUTE`.
 * Named `RouteEntry` so that it does not clash with the `Route` protocol marker.
 *
 * @module
 */

import type { Buffer } from 'node:buffer';
import { AF, RTM_F, RTNH_F } from '../../core/constants.js';
import { asBuffer } from '../../core/message.js';
import { type IpFamily, ipFamilyOfAf } from '../../core/prefix.js';
import { formatIpv4Prefix } from '../../schema/address.js';
import { presenceBit, readU32Attr, toObject } from '../../schema/attrs.js';
import type { PayloadReader } from '../../schema/message.js';
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
  mplsRouteMessage,
  type multipathHopAttrs,
  type RtnexthopRecord,
  routeMessage,
  routeSchemaFor,
  rtmsg,
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

/** The attributes of a route message of any family. */
type RouteAttrs = RouteMessage['attrs'];

/** How an accessor reads one attribute: its reader, and its bit in the entry's presence mask. */
interface AttrAccess<T> {
  readonly read: PayloadReader<T>;
  readonly bit: number;
}

/**
 * Reads attribute `name` of a route payload. The two layouts share every
 * attribute but `dst`, which is read in the layout of the route's family.
 */
function routeAttr<K extends keyof RouteAttrs & string>(name: K): AttrAccess<RouteAttrs[K]> {
  const bit = presenceBit(routeMessage.attrs.fields[name as keyof typeof routeMessage.attrs.fields].type);
  const ip = routeMessage.attrReader(name as never) as PayloadReader<RouteAttrs[K]>;
  if (name !== 'dst') return { read: ip, bit };
  const mpls = mplsRouteMessage.attrReader(name as never) as PayloadReader<RouteAttrs[K]>;
  return { read: (buf, offset, length) => (buf[offset] === AF.MPLS ? mpls : ip)(buf, offset, length), bit };
}

/** The attributes typed accessors read, each looked up once. */
const ATTR = {
  cacheinfo: routeAttr('cacheinfo'),
  dst: routeAttr('dst'),
  encap: routeAttr('encap'),
  encapType: routeAttr('encapType'),
  gateway: routeAttr('gateway'),
  metrics: routeAttr('metrics'),
  multipath: routeAttr('multipath'),
  newdst: routeAttr('newdst'),
  pref: routeAttr('pref'),
  prefsrc: routeAttr('prefsrc'),
  src: routeAttr('src'),
  ttlPropagate: routeAttr('ttlPropagate'),
  via: routeAttr('via'),
};

/** Where an IPv4/IPv6 route's `RTA_DST` attribute lies (see {@link RouteEntry.dst}). */
const DST_AT = routeMessage.attrLocator('dst');

/** The decoded views of entries whose `message` was read (rarely wanted: kept outside the entries). */
const MESSAGES = new WeakMap<RouteEntry, RouteMessage>();

/** The `u8` header fields typed accessors read: their offsets in `struct rtmsg` (see {@link RouteEntry.#u8}). */
const HEADER_AT = {
  dstLen: rtmsg.u8Offset('dstLen'),
  family: rtmsg.u8Offset('family'),
  protocol: rtmsg.u8Offset('protocol'),
  scope: rtmsg.u8Offset('scope'),
  srcLen: rtmsg.u8Offset('srcLen'),
  table: rtmsg.u8Offset('table'),
  tos: rtmsg.u8Offset('tos'),
  type: rtmsg.u8Offset('type'),
};

/** `rtm_flags`, the header's one wider field. */
const READ_FLAGS = routeMessage.headerReader('flags');

/** How an accessor reads a `u32` attribute straight from the bytes: its presence bit, type and name. */
interface U32Access {
  readonly bit: number;
  readonly type: number;
  readonly name: string;
}

/** The {@link U32Access} of attribute `name`, checked to be one `u32` in the schema. */
function u32Attr(name: Parameters<typeof routeMessage.attrs.u32Type>[0]): U32Access {
  const type = routeMessage.attrs.u32Type(name);
  return { bit: presenceBit(type), type, name };
}

/** The `u32` attributes typed accessors read (the same in the IP and MPLS layouts). */
const U32 = {
  flow: u32Attr('flow'),
  iif: u32Attr('iif'),
  mark: u32Attr('mark'),
  nhId: u32Attr('nhId'),
  oif: u32Attr('oif'),
  priority: u32Attr('priority'),
  table: u32Attr('table'),
};

/** The path errors of a route's attributes name. */
const ATTR_PATH = [routeMessage.attrs.name];

/**
 * A route as the kernel described it. Values are decoded when read, straight
 * from the message bytes: an entry holds only where its message lies (the
 * datagram's buffer is shared by the messages it carried), so a million
 * collected routes stay small.
 */
export class RouteEntry {
  readonly #buf: Buffer;
  readonly #offset: number;
  readonly #length: number;
  /** Which attribute types are present (see `checkAttrs`): an absent one is answered without a walk. */
  readonly #present: number;

  /**
   * A route over the `rtmsg` payload at `[offset, offset + length)` of `buf`
   * (an `RTM_NEWROUTE`/`RTM_DELROUTE` after its `nlmsghdr`, IPv4, IPv6 or
   * MPLS), checked now. The bytes must not change afterwards.
   * @throws {DecodeError} when an attribute length is impossible.
   */
  constructor(buf: Uint8Array, offset = 0, length = buf.length - offset) {
    const b = asBuffer(buf);
    this.#present = routeSchemaFor(b[offset] ?? 0).check(b, offset, length);
    this.#buf = b;
    this.#offset = offset;
    this.#length = length;
  }

  /** Decodes a received `RTM_NEWROUTE`/`RTM_DELROUTE` (IPv4, IPv6 or MPLS). */
  static fromMessage(m: ReceivedMessage): RouteEntry {
    return new RouteEntry(m.buf, m.offset, m.length);
  }

  /** The decoded message: `header` (`struct rtmsg`) and every attribute under `attrs` (built on first read). */
  get message(): RouteMessage {
    let message = MESSAGES.get(this);
    if (message === undefined) {
      message = routeSchemaFor(this.#buf[this.#offset] ?? 0).decode(this.#buf, this.#offset, this.#length);
      MESSAGES.set(this, message);
    }
    return message;
  }

  // The readers below are static: a private instance method would give every entry a brand
  // field (8 bytes of its 64), and a million entries pay for each field. The hot ones read
  // the bytes themselves, one function each for every field: called through a reader per
  // field, their call sites would see many targets and V8 would inline none (bench a: ~7%).

  /** The `u8` header field at `at` of `e` (zero when a shorter kernel struct lacks it). */
  static #u8(e: RouteEntry, at: number): number {
    return at < e.#length ? e.#buf[e.#offset + at]! : 0;
  }

  /** A `u32` attribute of `e`; `undefined` at once when the message has none of its type. */
  static #u32(e: RouteEntry, a: U32Access): number | undefined {
    if ((e.#present & a.bit) === 0) return undefined;
    const start = routeMessage.attrsAt(e.#offset, e.#length);
    return readU32Attr(e.#buf, start, e.#offset + e.#length, a.type, ATTR_PATH, a.name);
  }

  /** One attribute of `e`, decoded from the bytes; `undefined` at once when the message has none of its type. */
  static #attr<T>(e: RouteEntry, a: AttrAccess<T>): T | undefined {
    return (e.#present & a.bit) === 0 ? undefined : a.read(e.#buf, e.#offset, e.#length);
  }

  /** `inet`, `inet6`, `mpls`, or the `AF_*` number of another family. */
  get family(): IpFamily | 'mpls' | number {
    const af = RouteEntry.#u8(this, HEADER_AT.family);
    return af === AF.MPLS ? 'mpls' : (ipFamilyOfAf(af) ?? af);
  }

  /** Destination prefix length. */
  get dstLen(): number {
    return RouteEntry.#u8(this, HEADER_AT.dstLen);
  }

  /** Destination: `10.0.0.0/24`, `default` for a zero-length prefix; an MPLS route's label as text. */
  get dst(): string {
    const family = RouteEntry.#u8(this, HEADER_AT.family);
    const dstLen = RouteEntry.#u8(this, HEADER_AT.dstLen);
    // The commonest case formatted straight from the bytes: an IPv4 destination of 4 bytes.
    if (family === AF.INET && dstLen !== 0 && (this.#present & ATTR.dst.bit) !== 0) {
      const at = DST_AT(this.#buf, this.#offset, this.#length);
      if ((this.#buf[at]! | (this.#buf[at + 1]! << 8)) === 8) return formatIpv4Prefix(this.#buf, at + 4, dstLen);
    }
    const dst = RouteEntry.#attr(this, ATTR.dst);
    if (Array.isArray(dst)) return dst.join('/');
    if (dstLen === 0) return 'default';
    return `${dst ?? (family === AF.INET6 ? '::' : '0.0.0.0')}/${dstLen}`;
  }

  /** The incoming label of an MPLS route. */
  get label(): number | undefined {
    const dst = RouteEntry.#attr(this, ATTR.dst);
    return Array.isArray(dst) ? dst[0] : undefined;
  }

  /** Source prefix (`from`), if the route has one. */
  get src(): string | undefined {
    const src = RouteEntry.#attr(this, ATTR.src);
    return src === undefined ? undefined : `${src}/${RouteEntry.#u8(this, HEADER_AT.srcLen)}`;
  }

  /** Type of service. */
  get tos(): number {
    return RouteEntry.#u8(this, HEADER_AT.tos);
  }

  /** Table id (`RTA_TABLE`, else the header's 8-bit table). */
  get table(): number {
    return RouteEntry.#u32(this, U32.table) ?? RouteEntry.#u8(this, HEADER_AT.table);
  }

  /** Who installed it: a name (`kernel`, `boot`, `static`...) or a number. */
  get protocol(): RouteProtocolName | number {
    return routeProtocolNames.name(RouteEntry.#u8(this, HEADER_AT.protocol));
  }

  /** Scope: a name (`global`, `link`, `host`...) or a number. */
  get scope(): RouteScopeName | number {
    return routeScopeNames.name(RouteEntry.#u8(this, HEADER_AT.scope));
  }

  /** Route type: a name (`unicast`, `local`, `blackhole`...) or a number. */
  get type(): RouteTypeName | number {
    return routeTypeNames.name(RouteEntry.#u8(this, HEADER_AT.type));
  }

  /** `rtm_flags`: `RTNH_F_*` and `RTM_F_*`. */
  get flags(): number {
    return READ_FLAGS(this.#buf, this.#offset, this.#length);
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
    return RouteEntry.#u32(this, U32.oif);
  }

  /** Input interface index (lookups and multicast routes). */
  get iif(): number | undefined {
    return RouteEntry.#u32(this, U32.iif);
  }

  /** Gateway of the route's own family. */
  get gateway(): string | undefined {
    return RouteEntry.#attr(this, ATTR.gateway);
  }

  /** Gateway of another family (`RTA_VIA`). */
  get via(): Via | undefined {
    return RouteEntry.#attr(this, ATTR.via);
  }

  /** Preferred source address. */
  get prefsrc(): string | undefined {
    return RouteEntry.#attr(this, ATTR.prefsrc);
  }

  /** Metric (`RTA_PRIORITY`). */
  get metric(): number | undefined {
    return RouteEntry.#u32(this, U32.priority);
  }

  /** Typed metrics (`RTA_METRICS`). */
  get metrics(): RouteMetrics | undefined {
    const m = RouteEntry.#attr(this, ATTR.metrics);
    return m === undefined ? undefined : metricsOf(m);
  }

  /** Hops of a multipath route. */
  get nexthops(): NextHopInfo[] | undefined {
    return RouteEntry.#attr(this, ATTR.multipath)?.map(hopOf);
  }

  /** Nexthop object id (`nhid`). */
  get nhid(): number | undefined {
    return RouteEntry.#u32(this, U32.nhId);
  }

  /** Encapsulation, typed when nlink decodes its type. */
  get encap(): DecodedEncap | undefined {
    return encapOf(RouteEntry.#attr(this, ATTR.encapType), RouteEntry.#attr(this, ATTR.encap));
  }

  /** IPv6 router preference. */
  get pref(): keyof typeof ROUTER_PREFS | number | undefined {
    const p = RouteEntry.#attr(this, ATTR.pref);
    return p === undefined ? undefined : (PREF_NAMES.get(p) ?? p);
  }

  /** Seconds until the route expires (from `RTA_CACHEINFO`), if it does. */
  get expires(): number | undefined {
    const e = RouteEntry.#attr(this, ATTR.cacheinfo)?.expires;
    return e ? e / 100 : undefined;
  }

  /** Firewall mark (lookups). */
  get mark(): number | undefined {
    return RouteEntry.#u32(this, U32.mark);
  }

  /** Realm (`RTA_FLOW`). */
  get realm(): Realm | undefined {
    return realmOf(RouteEntry.#u32(this, U32.flow));
  }

  /** MPLS labels swapped in (`as`). */
  get newLabels(): readonly number[] | undefined {
    return RouteEntry.#attr(this, ATTR.newdst);
  }

  /** MPLS TTL propagation, when set on the route. */
  get ttlPropagate(): boolean | undefined {
    const t = RouteEntry.#attr(this, ATTR.ttlPropagate);
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
