/**
 * Typed batches on rtnetlink connections: the mutators of links, addresses,
 * routes, nexthops, neighbours and FDB entries as methods of
 * `conn.batch()`, which send every change packed into few datagrams and
 * answer one result per change, in order.
 *
 * ```ts
 * const results = await conn
 *   .batch()
 *   .addAddress({ dev: 'eth0', address: '10.0.0.1/24' })
 *   .addRoute({ dst: '10.1.0.0/16', gateway: '10.0.0.254' })
 *   .execute();
 * for (const r of results) if (!r.ok) console.error(r.error.message); // "add route 10.1.0.0/16: ..."
 * ```
 *
 * Each change is built as the matching `conn` method builds it (the same
 * checks, the same request, errors named the same way); interface names
 * are looked up once per batch, before anything is sent (so a change cannot
 * name a link the same batch creates: refer to it in a later batch). A
 * change that cannot be built (a bad config, an unknown interface) gets that
 * error as its result and is not sent; the others are. A change that looks
 * no interface up (deleting a link or nexthop, setting a link up, down or
 * its MTU, a route that names no interface) is built only when the batch is
 * sent, a datagram at a time ({@link Batch.defer}), so a large batch holds
 * its arguments rather than every request.
 *
 * @module
 */

import type { IndexResolver, InterfaceRef } from '../core/ifname.js';
import { Batch, type BatchItem } from '../session/batch.js';
import type { Protocol, Route } from '../session/protocol.js';
import type { AddressConfig } from './addr/config.js';
import { type AddressChange, addressItem } from './addr/ops.js';
import type { FdbEntry } from './bridge/fdb.js';
import { type FdbChange, type FdbConfig, fdbDeletionItem, fdbItem } from './bridge/fdb-ops.js';
import type { LinkConfig } from './link/kind.js';
import { checkU32, delLinkItem, indexResolver, linkItem, setLinkItem, upChange } from './link/ops.js';
import type { Neighbor } from './neigh/neighbor.js';
import {
  type NeighborChange,
  type NeighborConfig,
  type NeighborTarget,
  neighborDeletionItem,
  neighborItem,
} from './neigh/ops.js';
import type { NexthopConfig } from './nexthop/config.js';
import { type NexthopChange, nexthopDeletionItem, nexthopItem } from './nexthop/ops.js';
import { type RouteConfig, routeNamesInterfaces } from './route/config.js';
import { plainRouteItem, type RouteChange, routeItem } from './route/ops.js';

declare module '../session/batch.js' {
  interface Batch<P extends Protocol> {
    /** Adds creating a link (`addLink`). */
    addLink(this: Batch<Route>, config: LinkConfig): this;
    /** Adds deleting a link (`delLink`). */
    delLink(this: Batch<Route>, ref: InterfaceRef): this;
    /** Adds bringing a link up (`setLinkUp`). */
    setLinkUp(this: Batch<Route>, ref: InterfaceRef): this;
    /** Adds bringing a link down (`setLinkDown`). */
    setLinkDown(this: Batch<Route>, ref: InterfaceRef): this;
    /** Adds setting a link's MTU (`setLinkMtu`). */
    setLinkMtu(this: Batch<Route>, ref: InterfaceRef, mtu: number): this;
    /** Adds adding an address (`addAddress`). */
    addAddress(this: Batch<Route>, config: AddressConfig): this;
    /** Adds replacing an address (`replaceAddress`). */
    replaceAddress(this: Batch<Route>, config: AddressConfig): this;
    /** Adds deleting an address (`delAddress`). */
    delAddress(this: Batch<Route>, config: AddressConfig): this;
    /** Adds adding a route (`addRoute`). */
    addRoute(this: Batch<Route>, config: RouteConfig): this;
    /** Adds replacing a route (`replaceRoute`). */
    replaceRoute(this: Batch<Route>, config: RouteConfig): this;
    /** Adds appending a route (`appendRoute`). */
    appendRoute(this: Batch<Route>, config: RouteConfig): this;
    /** Adds deleting a route (`delRoute`). */
    delRoute(this: Batch<Route>, config: RouteConfig): this;
    /** Adds adding a nexthop or group (`addNexthop`). */
    addNexthop(this: Batch<Route>, config: NexthopConfig): this;
    /** Adds replacing a nexthop or group (`replaceNexthop`). */
    replaceNexthop(this: Batch<Route>, config: NexthopConfig): this;
    /** Adds deleting a nexthop or group by id (`delNexthop`). */
    delNexthop(this: Batch<Route>, id: number): this;
    /** Adds adding a neighbour entry (`addNeighbor`). */
    addNeighbor(this: Batch<Route>, config: NeighborConfig): this;
    /** Adds replacing a neighbour entry (`replaceNeighbor`). */
    replaceNeighbor(this: Batch<Route>, config: NeighborConfig): this;
    /** Adds changing a neighbour entry (`changeNeighbor`). */
    changeNeighbor(this: Batch<Route>, config: NeighborConfig): this;
    /** Adds deleting a neighbour entry (`delNeighbor`). */
    delNeighbor(this: Batch<Route>, entry: NeighborTarget | Neighbor): this;
    /** Adds adding an FDB entry (`addFdb`). */
    addFdb(this: Batch<Route>, config: FdbConfig): this;
    /** Adds replacing an FDB entry (`replaceFdb`). */
    replaceFdb(this: Batch<Route>, config: FdbConfig): this;
    /** Adds appending an FDB destination (`appendFdb`). */
    appendFdb(this: Batch<Route>, config: FdbConfig): this;
    /** Adds deleting an FDB entry (`delFdb`). */
    delFdb(this: Batch<Route>, entry: FdbConfig | FdbEntry): this;
  }
}

/** One interface lookup per name per batch. */
const resolvers = new WeakMap<Batch<Route>, IndexResolver>();

function resolverOf(batch: Batch<Route>): IndexResolver {
  let index = resolvers.get(batch);
  if (!index) {
    index = indexResolver(batch.connection);
    resolvers.set(batch, index);
  }
  return index;
}

/**
 * How a typed method that looks interfaces up builds its request (an async
 * builder never throws: it rejects). Each builder's arguments are typed
 * where the method is declared above; here they are only passed through.
 */
type Builder = (batch: Batch<Route>, index: IndexResolver, ...args: never[]) => Promise<BatchItem>;
/** A {@link Builder} as the methods call it, with the arguments they were given. */
type BuilderCall = (batch: Batch<Route>, index: IndexResolver, ...args: unknown[]) => Promise<BatchItem>;

const address = (change: AddressChange) => (b: Batch<Route>, index: IndexResolver, c: AddressConfig) =>
  addressItem(b.connection, c, change, index);
const nexthop = (change: NexthopChange) => (_: Batch<Route>, index: IndexResolver, c: NexthopConfig) =>
  nexthopItem(c, change, index);
const neighbor = (change: NeighborChange) => (_: Batch<Route>, index: IndexResolver, c: NeighborConfig) =>
  neighborItem(c, change, index);
const fdb = (change: FdbChange) => (_: Batch<Route>, index: IndexResolver, c: FdbConfig) => fdbItem(c, change, index);

const BUILDERS: Readonly<Record<string, Builder>> = {
  addLink: (_, index, c: LinkConfig) => linkItem(c, index),
  addAddress: address('add'),
  replaceAddress: address('replace'),
  delAddress: address('delete'),
  addNexthop: nexthop('add'),
  replaceNexthop: nexthop('replace'),
  addNeighbor: neighbor('add'),
  replaceNeighbor: neighbor('replace'),
  changeNeighbor: neighbor('change'),
  delNeighbor: (_, index, entry: NeighborTarget | Neighbor) => neighborDeletionItem(entry, index),
  addFdb: fdb('add'),
  replaceFdb: fdb('replace'),
  appendFdb: fdb('append'),
  delFdb: (_, index, entry: FdbConfig | FdbEntry) => fdbDeletionItem(entry, index),
};

function define(name: string, method: (this: Batch<Route>, ...args: never[]) => Batch<Route>): void {
  Object.defineProperty(Batch.prototype, name, {
    value: method,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

for (const [name, builder] of Object.entries(BUILDERS)) {
  const build = builder as BuilderCall;
  define(name, function method(this: Batch<Route>, ...args: unknown[]) {
    return this.push(build(this, resolverOf(this), ...args));
  });
}

/**
 * Changes that look nothing up: built when the batch is sent
 * ({@link Batch.defer}) from the method's arguments, no promise nor closure
 * per change. Arguments typed where the methods are declared above.
 */
const PLAIN_BUILDERS: Readonly<Record<string, (...args: never[]) => BatchItem>> = {
  delLink: (ref: InterfaceRef) => delLinkItem(ref),
  setLinkUp: (ref: InterfaceRef) => setLinkItem(ref, 'up', upChange(true)),
  setLinkDown: (ref: InterfaceRef) => setLinkItem(ref, 'down', upChange(false)),
  setLinkMtu: (ref: InterfaceRef, mtu: number) => setLinkItem(ref, 'mtu', { attrs: { mtu: checkU32(mtu, 'mtu') } }),
  delNexthop: (id: number) => nexthopDeletionItem(id),
};

for (const [name, builder] of Object.entries(PLAIN_BUILDERS)) {
  const build = builder as (...args: unknown[]) => BatchItem;
  const buildWith = (args: unknown[]): BatchItem => build(...args);
  define(name, function method(this: Batch<Route>, ...args: unknown[]) {
    return this.defer(buildWith, args);
  });
}

const ROUTE_METHODS = [
  ['addRoute', 'add'],
  ['replaceRoute', 'replace'],
  ['appendRoute', 'append'],
  ['delRoute', 'delete'],
] as const satisfies readonly (readonly [string, RouteChange])[];

// A route change that names no interface to look up (the common case of large batches) is built when
// the batch is sent, chunk by chunk, by one builder per kind of change: no promise nor closure per
// change, and no request held until then.
for (const [name, change] of ROUTE_METHODS) {
  const build = (c: RouteConfig): BatchItem => plainRouteItem(c, change);
  define(name, function method(this: Batch<Route>, c: RouteConfig) {
    if (!routeNamesInterfaces(c)) return this.defer(build, c);
    return this.push(routeItem(c, change, resolverOf(this)));
  });
}
