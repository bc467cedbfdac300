/**
 * The resync sources and cache changes of addresses, routes, nexthops,
 * neighbours and rules, registered in pairs (what {@link Store} needs to
 * converge): for each object type, how a fresh dump re-reads it after an
 * overrun, and which cache key an event of it upserts or removes. Keys name
 * an object the way the kernel tells objects apart, so an event and a dump
 * of the same object land on the same key:
 *
 * - `addr/<ifindex>/<address>/<prefixlen>[/<peer>]`
 * - `route/<family>/<table>/<dst>/<tos>/<priority>`, for IPv6 followed by
 *   `/<src>/<ifindex>@<gateway>` or `/<src>/id <nhid>`: IPv6 keeps one route
 *   per prefix and nexthop, so an IPv6 multipath route is cached as one
 *   single-nexthop route per nexthop
 * - `nh/<id>`
 * - `neigh/<ifindex>/<dst>` (ARP and NDP entries; FDB entries are `NewFdb`
 *   events and are not cached)
 * - `rule/<family>/<priority>/<every selector and action>`
 *
 * Known limits: the kernel removes IPv4 routes of a device that goes down
 * without announcing it, so a cache holds them until the next resync; an
 * IPv6 route replaced by one with other nexthops leaves the old nexthops
 * cached until then too (the announcement names only the new ones); IPv4
 * routes appended with the same prefix, tos and priority share one key;
 * the kernel creates the `NOARP` neighbour entries of IPv6 multicast groups
 * without announcing them (only their removal), so a cache learns them at
 * the next resync.
 *
 * @module
 */

import { Writer } from '../core/writer.js';
import type { Address } from '../route/addr/address.js';
import { streamAddresses } from '../route/addr/ops.js';
import type { RtnetlinkGroup, TypedNetworkEvent } from '../route/events.js';
import { RtnetlinkGroup as Groups } from '../route/events.js';
import '../route/bridge/fdb-ops.js';
import '../route/bridge/mdb-ops.js';
import type { Neighbor } from '../route/neigh/neighbor.js';
import { streamNeighbors } from '../route/neigh/ops.js';
import type { Nexthop } from '../route/nexthop/nexthop.js';
import { streamNexthops } from '../route/nexthop/ops.js';
import '../route/nsid/ops.js';
import '../route/tc/message.js';
import { streamRoutes } from '../route/route/ops.js';
import { RouteEntry } from '../route/route/route.js';
import { type routeAttrs, routeMessage } from '../route/route/schema.js';
import { streamRules } from '../route/rule/ops.js';
import type { Rule } from '../route/rule/rule.js';
import { type Input, toObject } from '../schema/attrs.js';
import type { Connection } from '../session/connection.js';
import type { Route } from '../session/protocol.js';
import type { ResyncSource } from './resync.js';
import { registerStoreChange } from './store.js';

/** The cache key of an address. */
export function addressKey(a: Address): string {
  const peer = a.peer === undefined ? '' : `/${a.peer}`;
  return `addr/${a.ifindex}/${a.address ?? ''}/${a.prefixLen}${peer}`;
}

/**
 * The cache key of a route. IPv6 routes are keyed per nexthop: give
 * {@link ipv6Siblings}' parts, not a multipath route.
 */
export function routeKey(r: RouteEntry): string {
  const key = `route/${r.family}/${r.table}/${r.dst}/${r.tos}/${r.metric ?? 0}`;
  if (r.family !== 'inet6') return key;
  const hop = r.nhid !== undefined ? `id ${r.nhid}` : `${r.oif ?? 0}@${r.gateway ?? ''}`;
  return `${key}/${r.src ?? ''}/${hop}`;
}

/**
 * An IPv6 route as the kernel keeps it: one route per nexthop (siblings),
 * each the way a dump shows a single-nexthop route. The kernel announces
 * appended nexthops with the whole multipath route but a removed nexthop
 * alone, so only per-nexthop entries follow both.
 */
export function ipv6Siblings(r: RouteEntry): RouteEntry[] {
  // Most routes are single-path: answered from the presence of RTA_MULTIPATH, without a full view.
  if (r.family !== 'inet6' || r.nexthops === undefined) return [r];
  const hops = r.message.attrs.multipath;
  if (!hops?.length) return [r];
  const { multipath: _, ...attrs } = toObject(r.message.attrs) as Record<string | symbol, unknown>;
  const header = r.message.header;
  return hops.map((hop) => {
    const w = new Writer();
    routeMessage.encode(w, {
      header: { ...header, flags: header.flags | hop.flags },
      attrs: { ...attrs, ...(toObject(hop.attrs) as object), oif: hop.ifindex } as Input<typeof routeAttrs.fields>,
    });
    return new RouteEntry(w.finish());
  });
}

/** The cache key of a nexthop object. */
export function nexthopKey(nh: Nexthop): string {
  return `nh/${nh.id ?? 0}`;
}

/** The cache key of a neighbour entry. */
export function neighborKey(n: Neighbor): string {
  return `neigh/${n.ifindex}/${n.destination ?? ''}`;
}

/** The cache key of a rule: every field of it, as the kernel compares rules. */
export function ruleKey(r: Rule): string {
  // A decoded message serialises as its header and every attribute.
  return `rule/${r.ipFamily ?? r.family}/${r.priority}/${JSON.stringify(r.message)}`;
}

function source<T>(
  dump: (conn: Connection<Route>) => AsyncIterable<T>,
  event: (item: T) => TypedNetworkEvent,
): ResyncSource {
  return async function* (conn) {
    for await (const item of dump(conn)) yield event(item);
  };
}

const addresses = (family: 'inet' | 'inet6') =>
  source(
    (conn) => streamAddresses(conn, { family }),
    (address) => ({ type: 'NewAddress', address }),
  );
const routes = (family: 'inet' | 'inet6') =>
  source(
    (conn) => streamRoutes(conn, { family }),
    (route) => ({ type: 'NewRoute', route }),
  );
const rules = (family: 'inet' | 'inet6') =>
  source(
    (conn) => streamRules(conn, { family }),
    (rule) => ({ type: 'NewRule', rule }),
  );

/** The resync source of every group this module caches. */
export const FAMILY_RESYNC_SOURCES: ReadonlyMap<RtnetlinkGroup, ResyncSource> = new Map([
  [Groups.Ipv4Addr, addresses('inet')],
  [Groups.Ipv6Addr, addresses('inet6')],
  [Groups.Ipv4Route, routes('inet')],
  [Groups.Ipv6Route, routes('inet6')],
  [Groups.Ipv4Rule, rules('inet')],
  [Groups.Ipv6Rule, rules('inet6')],
  [
    Groups.Nexthop,
    source(
      (conn) => streamNexthops(conn),
      (nexthop) => ({ type: 'NewNexthop', nexthop }),
    ),
  ],
  [
    Groups.Neigh,
    source(
      (conn) => streamNeighbors(conn),
      (neighbor) => ({ type: 'NewNeighbor', neighbor }),
    ),
  ],
]);

registerStoreChange('NewAddress', (e) => ({ op: 'upsert', key: addressKey(e.address), value: e.address }));
registerStoreChange('DelAddress', (e) => ({ op: 'remove', key: addressKey(e.address) }));
registerStoreChange('NewRoute', (e) =>
  ipv6Siblings(e.route).map((route) => ({ op: 'upsert', key: routeKey(route), value: route })),
);
registerStoreChange('DelRoute', (e) => ipv6Siblings(e.route).map((route) => ({ op: 'remove', key: routeKey(route) })));
registerStoreChange('NewNexthop', (e) => ({ op: 'upsert', key: nexthopKey(e.nexthop), value: e.nexthop }));
registerStoreChange('DelNexthop', (e) => ({ op: 'remove', key: nexthopKey(e.nexthop) }));
registerStoreChange('NewNeighbor', (e) => ({ op: 'upsert', key: neighborKey(e.neighbor), value: e.neighbor }));
registerStoreChange('DelNeighbor', (e) => ({ op: 'remove', key: neighborKey(e.neighbor) }));
registerStoreChange('NewRule', (e) => ({ op: 'upsert', key: ruleKey(e.rule), value: e.rule }));
registerStoreChange('DelRule', (e) => ({ op: 'remove', key: ruleKey(e.rule) }));
