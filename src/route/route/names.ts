/**
 * The names iproute2 gives routing numbers (`/etc/iproute2/rt_*` defaults):
 * scopes, route types, protocols and tables, both ways. Options accept a
 * name or a number; decoded values come back as the name when there is one.
 *
 * @module
 */

import { RT_SCOPE, RT_TABLE, RTN, RTPROT } from '../../core/constants.js';
import { InvalidArgumentError } from '../../errors.js';

/** Route and address scopes by name (`global` is `RT_SCOPE_UNIVERSE`). */
export const ROUTE_SCOPES = {
  global: RT_SCOPE.UNIVERSE,
  site: RT_SCOPE.SITE,
  link: RT_SCOPE.LINK,
  host: RT_SCOPE.HOST,
  nowhere: RT_SCOPE.NOWHERE,
} as const;

/** A scope name. */
export type RouteScopeName = keyof typeof ROUTE_SCOPES;
/** A scope: a name, `universe` (same as `global`) or a number 0-255. */
export type RouteScope = RouteScopeName | 'universe' | number;

/** Route types by name (`RTN_*`). */
export const ROUTE_TYPES = {
  unspec: RTN.UNSPEC,
  unicast: RTN.UNICAST,
  local: RTN.LOCAL,
  broadcast: RTN.BROADCAST,
  anycast: RTN.ANYCAST,
  multicast: RTN.MULTICAST,
  blackhole: RTN.BLACKHOLE,
  unreachable: RTN.UNREACHABLE,
  prohibit: RTN.PROHIBIT,
  throw: RTN.THROW,
  nat: RTN.NAT,
  xresolve: RTN.XRESOLVE,
} as const;

/** A route type name. */
export type RouteTypeName = keyof typeof ROUTE_TYPES;

/** Route protocols (origins) by name (`RTPROT_*`, as in iproute2's `rt_protos`). */
export const ROUTE_PROTOCOLS = {
  unspec: RTPROT.UNSPEC,
  redirect: RTPROT.REDIRECT,
  kernel: RTPROT.KERNEL,
  boot: RTPROT.BOOT,
  static: RTPROT.STATIC,
  gated: RTPROT.GATED,
  ra: RTPROT.RA,
  mrt: RTPROT.MRT,
  zebra: RTPROT.ZEBRA,
  bird: RTPROT.BIRD,
  dnrouted: RTPROT.DNROUTED,
  xorp: RTPROT.XORP,
  ntk: RTPROT.NTK,
  dhcp: RTPROT.DHCP,
  mrouted: RTPROT.MROUTED,
  keepalived: RTPROT.KEEPALIVED,
  babel: RTPROT.BABEL,
  openr: RTPROT.OPENR,
  bgp: RTPROT.BGP,
  isis: RTPROT.ISIS,
  ospf: RTPROT.OSPF,
  rip: RTPROT.RIP,
  eigrp: RTPROT.EIGRP,
} as const;

/** A protocol name. */
export type RouteProtocolName = keyof typeof ROUTE_PROTOCOLS;
/** A protocol: a name or a number 0-255. */
export type RouteProtocol = RouteProtocolName | number;

/** Reserved routing tables by name. */
export const ROUTE_TABLES = {
  default: RT_TABLE.DEFAULT,
  main: RT_TABLE.MAIN,
  local: RT_TABLE.LOCAL,
} as const;

/** A table name. */
export type RouteTableName = keyof typeof ROUTE_TABLES;
/** A routing table: `main`, `local`, `default` or a number 1 to 2^32-1. */
export type RouteTable = RouteTableName | number;

/** Largest `max` whose names are looked up in an array (one slot per number) rather than a map. */
const ARRAY_MAX = 0xffff;

/**
 * The name of each number of `names` (the first name declared wins), as a
 * function. For numbers up to {@link ARRAY_MAX} (the `u8` fields of a route's
 * header) an array indexed by the number: a map's lookup costs each dumped
 * route ~15 ns more, and makes V8 compile a larger getter.
 */
function reverse<N extends string>(names: Readonly<Record<N, number>>, max: number): (v: number) => N | number {
  const entries = Object.entries(names) as [N, number][];
  if (max <= ARRAY_MAX) {
    const byValue = new Array<N | undefined>(max + 1).fill(undefined);
    for (const [n, v] of entries) if (v >= 0 && v <= max) byValue[v] ??= n;
    return (v) => (v >= 0 && v <= max ? (byValue[v] ?? v) : v);
  }
  const byValue = new Map<number, N>();
  for (const [n, v] of entries) if (!byValue.has(v)) byValue.set(v, n);
  return (v) => byValue.get(v) ?? v;
}

/** A named-number table: name → number and back. */
export interface NameTable<N extends string> {
  /** The number of a name or a number in range. @throws {InvalidArgumentError} */
  value(v: N | string | number, where: string): number;
  /** The name of a number, or the number when it has none. */
  name(v: number): N | number;
}

/** Builds a {@link NameTable} over `names`, numbers allowed in `[min, max]`, with `aliases`. */
export function nameTable<N extends string>(
  what: string,
  names: Readonly<Record<N, number>>,
  max: number,
  aliases: Readonly<Record<string, number>> = {},
  min = 0,
): NameTable<N> {
  const name = reverse(names, max);
  const all = new Map<string, number>(Object.entries({ ...aliases, ...names }));
  return {
    value(v, where) {
      if (typeof v === 'number') {
        if (Number.isInteger(v) && v >= min && v <= max) return v;
        throw new InvalidArgumentError(where, `${what} ${v} is not an integer in [${min}, ${max}]`);
      }
      const n = all.get(v);
      if (n === undefined) {
        throw new InvalidArgumentError(
          where,
          `unknown ${what} ${JSON.stringify(v)} (one of ${[...all.keys()].join(', ')})`,
        );
      }
      return n;
    },
    name,
  };
}

/** Scopes: names ↔ `RT_SCOPE_*`. */
export const routeScopeNames = nameTable('scope', ROUTE_SCOPES, 255, { universe: RT_SCOPE.UNIVERSE });
/** Route types: names ↔ `RTN_*`. */
export const routeTypeNames = nameTable('route type', ROUTE_TYPES, 255);
/** Protocols: names ↔ `RTPROT_*`. */
export const routeProtocolNames = nameTable('protocol', ROUTE_PROTOCOLS, 255);
/** Tables: names ↔ ids (0, `RT_TABLE_UNSPEC`, is not a table). */
export const routeTableNames = nameTable('table', ROUTE_TABLES, RT_TABLE.MAX, {}, 1);
