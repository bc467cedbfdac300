/**
 * Route operations on `Connection<Route>`: dumps filtered by the kernel,
 * add/replace/append/delete, and the kernel's route lookup (`ip route get`).
 * Errors name the operation and the route: `add route 10.0.0.0/24 table
 * 100: Network is unreachable (ENETUNREACH)`.
 *
 * Filtered dumps (`table`, `protocol`, `type`, `dev`) ask the kernel to
 * filter (`NETLINK_GET_STRICT_CHK`), so a large table is never sent whole
 * to be filtered here: the first filtered dump turns strict checking on for
 * the connection, and it stays on (iproute2 runs every request that way).
 * The same filter is applied to what comes back, so a kernel that ignores
 * it still yields the right routes.
 *
 * @module
 */

import type { Buffer } from 'node:buffer';
import { AF, NLM_F, RTM } from '../../core/constants.js';
import { describeRef, type IndexResolver, type InterfaceRef } from '../../core/ifname.js';
import { messageFlags, messageType } from '../../core/message.js';
import { afOf, type IpFamily } from '../../core/prefix.js';
import { NLMSG_HDRLEN } from '../../core/writer.js';
import { KernelError, NotFoundError } from '../../errors.js';
import { type BatchItem, sendItem } from '../../session/batch.js';
import type { Connection, DumpOptions, RequestOptions } from '../../session/connection.js';
import { installMethods } from '../../session/methods.js';
import type { Route } from '../../session/protocol.js';
import { DeferredStream, type DumpStream } from '../../session/stream.js';
import { registerEventDecoder } from '../events.js';
import { indexResolver, withContext } from '../link/ops.js';
import {
  lookupRequest,
  plainRouteRequest,
  type RouteConfig,
  type RouteLookup,
  type RouteRequest,
  routeRequest,
} from './config.js';
import {
  type RouteProtocol,
  type RouteTable,
  type RouteTypeName,
  routeProtocolNames,
  routeTableNames,
  routeTypeNames,
} from './names.js';
import { RouteEntry } from './route.js';
import { mplsRouteMessage, routeMessage } from './schema.js';

type RouteConnection = Connection<Route>;

/** The message of a request built by `routeRequest`/`lookupRequest`, in the layout of its family. */
function routeOutgoing(type: number, flags: number, req: RouteRequest): BatchItem['out'] {
  const v = req.value;
  return req.af === AF.MPLS
    ? { type, flags, schema: mplsRouteMessage, value: v as Parameters<typeof mplsRouteMessage.encode>[1] }
    : { type, flags, schema: routeMessage, value: v as Parameters<typeof routeMessage.encode>[1] };
}

/** What a route change does: `ip route add`, `replace`, `append` or `del`. */
export type RouteChange = 'add' | 'replace' | 'append' | 'delete';

const ROUTE_CHANGES: Readonly<Record<RouteChange, readonly [type: number, flags: number, operation: string]>> = {
  add: [RTM.NEWROUTE, NLM_F.CREATE | NLM_F.EXCL, 'add route'],
  replace: [RTM.NEWROUTE, NLM_F.CREATE | NLM_F.REPLACE, 'replace route'],
  append: [RTM.NEWROUTE, NLM_F.CREATE | NLM_F.APPEND, 'append route'],
  delete: [RTM.DELROUTE, 0, 'delete route'],
};

/** The batch item of a built route request. */
function changeItem(change: RouteChange, req: RouteRequest): BatchItem {
  const [type, flags, operation] = ROUTE_CHANGES[change];
  return { out: routeOutgoing(type, flags, req), context: { operation, object: req.object } };
}

/**
 * The request of a route change, named for its errors ("add route
 * 10.0.0.0/24 table 100"), ready to send or to batch; interface names are
 * resolved through `index`.
 */
export async function routeItem(config: RouteConfig, change: RouteChange, index: IndexResolver): Promise<BatchItem> {
  return changeItem(change, await routeRequest(config, change === 'delete', index));
}

/**
 * {@link routeItem} of a route that names no interface to look up
 * (`routeNamesInterfaces` is false), built synchronously.
 */
export function plainRouteItem(config: RouteConfig, change: RouteChange): BatchItem {
  return changeItem(change, plainRouteRequest(config, change === 'delete'));
}

async function modifyRoute(
  conn: RouteConnection,
  config: RouteConfig,
  change: RouteChange,
  options: RequestOptions,
): Promise<void> {
  await sendItem(conn, await routeItem(config, change, indexResolver(conn, options)), options);
}

/** Adds a route (`ip route add`); fails with `EEXIST` if it exists. */
export function addRoute(conn: RouteConnection, config: RouteConfig, options: RequestOptions = {}): Promise<void> {
  return modifyRoute(conn, config, 'add', options);
}

/** Adds or replaces a route (`ip route replace`). */
export function replaceRoute(conn: RouteConnection, config: RouteConfig, options: RequestOptions = {}): Promise<void> {
  return modifyRoute(conn, config, 'replace', options);
}

/** Appends a route after existing ones of the same key (`ip route append`; IPv6 adds it as another hop). */
export function appendRoute(conn: RouteConnection, config: RouteConfig, options: RequestOptions = {}): Promise<void> {
  return modifyRoute(conn, config, 'append', options);
}

/** Deletes a route (`ip route del`): the fields given must match (an IPv4 route by destination alone is enough). */
export function delRoute(conn: RouteConnection, config: RouteConfig, options: RequestOptions = {}): Promise<void> {
  return modifyRoute(conn, config, 'delete', options);
}

/**
 * Deletes a route if it exists; returns whether it did. (The kernel
 * acknowledges deleting an MPLS label that has no route: that returns `true`.)
 */
export async function delRouteIfExists(
  conn: RouteConnection,
  config: RouteConfig,
  options: RequestOptions = {},
): Promise<boolean> {
  try {
    await delRoute(conn, config, options);
    return true;
  } catch (err) {
    if (err instanceof KernelError && err.isNotFound()) return false;
    throw err;
  }
}

/**
 * What a route dump keeps. Everything but `family` is filtered by the kernel (strict checking); nlink
 * checks the routes again unless the kernel marks them as filtered (`NLM_F_DUMP_FILTERED`), as kernels
 * without strict checking do not.
 */
export interface RouteFilter {
  /** Only this family (default: every family). */
  readonly family?: IpFamily | 'mpls';
  /** Only this table (`main` is what `ip route show` shows; default: every table). */
  readonly table?: RouteTable;
  readonly protocol?: RouteProtocol;
  readonly type?: RouteTypeName;
  /** Only routes through this interface (`RTA_OIF`). */
  readonly dev?: InterfaceRef;
}

interface DumpPlan {
  readonly value: Parameters<typeof routeMessage.encode>[1];
  readonly strict: boolean;
  /** `AF_*` of the family asked for, `AF_UNSPEC` for all. */
  readonly family: number;
  /** The filters other than the family. */
  readonly keep: (r: RouteEntry) => boolean;
}

async function dumpPlan(conn: RouteConnection, filter: RouteFilter, options: RequestOptions): Promise<DumpPlan> {
  const family = filter.family;
  const af = family === undefined ? AF.UNSPEC : family === 'mpls' ? AF.MPLS : afOf(family);
  const table = filter.table === undefined ? undefined : routeTableNames.value(filter.table, 'route filter table');
  const protocol =
    filter.protocol === undefined ? undefined : routeProtocolNames.value(filter.protocol, 'route filter protocol');
  const type = filter.type === undefined ? undefined : routeTypeNames.value(filter.type, 'route filter type');
  const oif = filter.dev === undefined ? undefined : await indexResolver(conn, options)(filter.dev, 'dev');
  const attrs = { table, oif };
  // Compared as the entries read them (a name, or the number when it has none): no message view per route.
  const protocolRead = protocol === undefined ? undefined : routeProtocolNames.name(protocol);
  const typeRead = type === undefined ? undefined : routeTypeNames.name(type);
  return {
    value: { header: { family: af, protocol: protocol ?? 0, type: type ?? 0 }, attrs },
    strict: table !== undefined || protocol !== undefined || type !== undefined || oif !== undefined,
    family: af,
    keep: (r) =>
      (protocolRead === undefined || r.protocol === protocolRead) &&
      (typeRead === undefined || r.type === typeRead) &&
      (table === undefined || r.table === table) &&
      (oif === undefined || r.oif === oif || (r.nexthops?.some((n) => n.ifindex === oif) ?? false)),
  };
}

function describeFilter(filter: RouteFilter): string {
  const parts = Object.entries(filter)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${k === 'dev' ? describeRef(v as InterfaceRef) : String(v)}`);
  return parts.join(' ');
}

/**
 * Streams routes (`RTM_GETROUTE` dump), decoded lazily, filtered by the
 * kernel. A table that does not exist yields nothing.
 */
export function streamRoutes(
  conn: RouteConnection,
  filter: RouteFilter = {},
  options: RequestOptions = {},
): DumpStream<RouteEntry> {
  return new DeferredStream(async () => {
    const plan = await dumpPlan(conn, filter, options);
    if (plan.strict) conn.setStrictChecking(true);
    const out = { type: RTM.GETROUTE, schema: routeMessage, value: plan.value };
    return conn.streamPayloads(out, (buf, offset, length) => keptRoute(buf, offset, length, plan), {
      ...withContext(options, 'dump routes', describeFilter(filter)),
      // "FIB table does not exist": an empty table.
      endOn: (err) => filter.table !== undefined && err instanceof KernelError && err.errnoName === 'ENOENT',
    });
  });
}

/** The route of a dumped message at `[offset, offset + length)` of `buf`, if the filter keeps it. */
function keptRoute(buf: Buffer, offset: number, length: number, plan: DumpPlan): RouteEntry | undefined {
  if (messageType(buf, offset - NLMSG_HDRLEN) !== RTM.NEWROUTE) return undefined;
  // rtm_family is the first byte: skip other families before decoding anything.
  if (plan.family !== AF.UNSPEC && buf[offset] !== plan.family) return undefined;
  const r = new RouteEntry(buf, offset, length);
  // The kernel marks what it filtered (strict checking): it applied every filter asked for, or refused them.
  if ((messageFlags(buf, offset - NLMSG_HDRLEN) & NLM_F.DUMP_FILTERED) !== 0) return r;
  return plan.keep(r) ? r : undefined;
}

/** Every route matching `filter`, collected. */
export async function getRoutes(
  conn: RouteConnection,
  filter: RouteFilter = {},
  options: DumpOptions = {},
): Promise<RouteEntry[]> {
  const plan = await dumpPlan(conn, filter, options);
  if (plan.strict) conn.setStrictChecking(true);
  try {
    return await conn.dumpAllPayloads(
      { type: RTM.GETROUTE, schema: routeMessage, value: plan.value },
      (buf, offset, length) => keptRoute(buf, offset, length, plan),
      withContext(options, 'dump routes', describeFilter(filter)),
    );
  } catch (err) {
    if (filter.table !== undefined && err instanceof KernelError && err.errnoName === 'ENOENT') return [];
    throw err;
  }
}

/**
 * Asks the kernel which route a packet to `dst` takes (`ip route get`):
 * the resolved route (output interface, gateway, source) or, with
 * `fibMatch`, the table entry that matched.
 * @throws {KernelError} `ENETUNREACH` and friends when there is no route.
 */
export async function getRoute(
  conn: RouteConnection,
  dst: string,
  lookup: RouteLookup = {},
  options: RequestOptions = {},
): Promise<RouteEntry> {
  const req = await lookupRequest(dst, lookup, indexResolver(conn, options));
  const replies = await conn.request(
    routeOutgoing(RTM.GETROUTE, 0, req),
    withContext(options, 'get route', req.object),
  );
  const reply = replies.find((m) => m.type === RTM.NEWROUTE);
  if (!reply) throw new NotFoundError('route', req.object);
  return RouteEntry.fromMessage(reply);
}

declare module '../../session/connection.js' {
  interface Connection<P> {
    /** Every route matching the filter (kernel-side), the twin of the seed's `get_routes`. */
    getRoutes(this: Connection<Route>, filter?: RouteFilter, options?: DumpOptions): Promise<RouteEntry[]>;
    /** Streams routes with bounded memory. */
    streamRoutes(this: Connection<Route>, filter?: RouteFilter, options?: RequestOptions): DumpStream<RouteEntry>;
    /** Adds a route. */
    addRoute(this: Connection<Route>, config: RouteConfig, options?: RequestOptions): Promise<void>;
    /** Adds or replaces a route. */
    replaceRoute(this: Connection<Route>, config: RouteConfig, options?: RequestOptions): Promise<void>;
    /** Appends a route. */
    appendRoute(this: Connection<Route>, config: RouteConfig, options?: RequestOptions): Promise<void>;
    /** Deletes a route. */
    delRoute(this: Connection<Route>, config: RouteConfig, options?: RequestOptions): Promise<void>;
    /** Deletes a route if it exists. */
    delRouteIfExists(this: Connection<Route>, config: RouteConfig, options?: RequestOptions): Promise<boolean>;
    /** The kernel's route lookup (`ip route get`). */
    getRoute(this: Connection<Route>, dst: string, lookup?: RouteLookup, options?: RequestOptions): Promise<RouteEntry>;
  }
}

installMethods<Route>({
  getRoutes,
  streamRoutes,
  addRoute,
  replaceRoute,
  appendRoute,
  delRoute,
  delRouteIfExists,
  getRoute,
});

declare module '../events.js' {
  interface NetworkEventMap {
    /** A route was added or changed. */
    NewRoute: { readonly route: RouteEntry };
    /** A route was removed. */
    DelRoute: { readonly route: RouteEntry };
  }
}

registerEventDecoder(RTM.NEWROUTE, (m) => ({ type: 'NewRoute', route: RouteEntry.fromMessage(m) }));
registerEventDecoder(RTM.DELROUTE, (m) => ({ type: 'DelRoute', route: RouteEntry.fromMessage(m) }));
