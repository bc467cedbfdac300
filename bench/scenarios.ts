/**
 * The nlink side of each benchmark scenario: the same work as the matching
 * scenario of `bench/c/baseline.c`, through the public API. These run in a
 * child process (`child.ts`), one scenario per process.
 *
 * @module
 */

import {
  AF,
  address,
  type Connection,
  NETLINK,
  NETLINK_OPT,
  NLM_F,
  NLMSG,
  type Route,
  RTA,
  RTM,
  SOL,
  Writer,
} from '../src/entries/core.js';
import type { RtnetlinkGroup } from '../src/entries/events.js';
import type { Link } from '../src/entries/links.js';
import { type RouteConfig, type RouteEntry, routeMessage, routeTypeNames } from '../src/entries/routes.js';
import { NetlinkSocket } from '../src/socket/netlink-socket.js';

/** What one timed run measured. */
export interface Sample {
  readonly ops: number;
  readonly seconds: number;
  /** Items per op (links per dump, routes per route dump). */
  readonly items?: number;
  /** Scenario-specific numbers (latency percentiles, event counts). */
  readonly extra?: Readonly<Record<string, number | boolean>>;
}

/** Keeps the decoded fields alive so no read can be skipped. */
let sink = 0;

/** The value accumulated from every field read (printed so it is observably used). */
export function sinkValue(): number {
  return sink;
}

/** Reads the same fields the C baseline extracts: ifname, mtu, address, operstate, stats64. */
function touchLink(link: Link): void {
  const name = link.name;
  const mtu = link.mtu;
  const address = link.address;
  const operstate = link.operstate;
  const stats = link.stats;
  sink =
    (sink +
      (name?.length ?? 0) +
      (mtu ?? 0) +
      (address?.length ?? 0) +
      (operstate?.length ?? 0) +
      (stats === undefined ? 0 : Number(stats.rxPackets & 0xffn))) |
    0;
}

/** Reads what the C baseline's `routes-dump` decodes: dst, table, type, priority, oif, gateway. */
function touchRoute(r: Pick<RouteEntry, 'dst' | 'type' | 'table' | 'metric' | 'oif' | 'gateway'>): void {
  const dst = r.dst;
  const type = r.type;
  sink =
    (sink +
      dst.length +
      r.table +
      (typeof type === 'string' ? type.length : type) +
      (r.metric ?? 0) +
      (r.oif ?? 0) +
      (r.gateway?.length ?? 0)) |
    0;
}

function since(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const EMPTY = new Uint8Array(0);

/** `ops` sequential awaited `NLMSG_NOOP` + ACK round trips (C: `noop N`). */
export async function benchNoop(conn: Connection<Route>, ops: number): Promise<Sample> {
  const out = { type: NLMSG.NOOP, payload: EMPTY };
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) await conn.ack(out);
  return { ops, seconds: since(start) };
}

/**
 * `ops` sequential awaited `getLinkByIndex(ifindex)` calls, each reply
 * decoded (C: `getlink N IFINDEX`).
 * @throws {Error} if the link is missing.
 */
export async function benchGetLink(conn: Connection<Route>, ops: number, ifindex: number): Promise<Sample> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) {
    const link = await conn.getLinkByIndex(ifindex);
    if (link === undefined) throw new Error(`bench: link ${ifindex} vanished`);
    touchLink(link);
  }
  return { ops, seconds: since(start) };
}

/**
 * `ops` sequential full link dumps (`getLinks()`), every link decoded
 * (C: `dump N`).
 * @throws {Error} if a dump comes back empty.
 */
export async function benchDump(conn: Connection<Route>, ops: number): Promise<Sample> {
  let items = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) {
    const links = await conn.getLinks();
    for (const link of links) touchLink(link);
    items = links.length;
  }
  const seconds = since(start);
  if (items === 0) throw new Error('bench: link dump returned no links');
  return { ops, seconds, items };
}

/**
 * One streamed dump of the IPv4 routes of `table` (`streamRoutes`), every
 * route's dst, table, type, metric, oif and gateway read (C: `routes-dump TABLE`):
 * a page at a time (`pages()`, one await per datagram or few), or with
 * `perItem` one `for await` step per route.
 * @throws {Error} when the table holds fewer than `expected` routes.
 */
export async function benchRouteStream(
  conn: Connection<Route>,
  table: number,
  expected: number,
  perItem: boolean,
): Promise<Sample> {
  let items = 0;
  const start = process.hrtime.bigint();
  const stream = conn.streamRoutes({ family: 'inet', table });
  if (perItem) {
    for await (const r of stream) {
      touchRoute(r);
      items++;
    }
  } else {
    for await (const page of stream.pages()) {
      for (const r of page) touchRoute(r);
      items += page.length;
    }
  }
  const seconds = since(start);
  if (items !== expected) throw new Error(`bench: table ${table} streamed ${items} routes, expected ${expected}`);
  return { ops: 1, seconds, items };
}

/**
 * The IPv4 routes of `table` collected into an array (`getRoutes`), then
 * every route's fields read as in {@link benchRouteStream}. The array is
 * alive at the end, so the peak RSS includes all of it.
 * @throws {Error} when the table holds fewer than `expected` routes.
 */
export async function benchRouteCollect(conn: Connection<Route>, table: number, expected: number): Promise<Sample> {
  const start = process.hrtime.bigint();
  const routes = await conn.getRoutes({ family: 'inet', table });
  for (const r of routes) touchRoute(r);
  const seconds = since(start);
  if (routes.length !== expected) {
    throw new Error(`bench: table ${table} held ${routes.length} routes, expected ${expected}`);
  }
  return { ops: 1, seconds, items: routes.length };
}

/** The fields of one route, filled by {@link benchRouteStreamFloor}'s one walk over its attributes. */
class PlainRoute {
  dst = '';
  table = 0;
  type: RouteEntry['type'] = 0;
  metric: number | undefined = undefined;
  oif: number | undefined = undefined;
  gateway: string | undefined = undefined;
}

/**
 * The JavaScript floor of {@link benchRouteStream} (scenario a0, for
 * reference only): the same dump read by a hand-written loop straight on
 * the socket layer (`NetlinkSocket`, reading ahead as nlink's dumps do),
 * one datagram at a time, each route made into a plain object with the six
 * fields {@link touchRoute} reads, filled by one walk over its attributes,
 * then read as a reads them. No
 * session, no schema, no checks beyond what the loop needs: what the same
 * work costs in JavaScript before any library layer.
 * @throws {Error} on a kernel error, or when the table holds fewer than `expected` routes.
 */
export async function benchRouteStreamFloor(netnsPath: string, table: number, expected: number): Promise<Sample> {
  const socket = new NetlinkSocket({ protocol: NETLINK.ROUTE, netnsPath });
  try {
    socket.setOption(SOL.NETLINK, NETLINK_OPT.GET_STRICT_CHK, 1);
    // The request is encoded as nlink encodes it, before the clock starts; only the reading is hand-written.
    const w = new Writer();
    const at = w.beginMessage(RTM.GETROUTE, NLM_F.REQUEST | NLM_F.DUMP, 1, 0);
    routeMessage.encode(w, { header: { family: AF.INET }, attrs: { table } });
    w.endMessage(at);
    const req = w.finish();
    let items = 0;
    let done = false;
    const onDatagram = (src: Uint8Array): void => {
      const d = Buffer.from(src); // the socket reuses its buffers: a kept route needs its own bytes
      for (let off = 0; off + 16 <= d.length && !done; off += (d.readUInt32LE(off) + 3) & ~3) {
        const type = d.readUInt16LE(off + 4);
        if (type === NLMSG.DONE) done = true;
        else if (type === NLMSG.ERROR) throw new Error(`bench: route dump failed: errno ${-d.readInt32LE(off + 16)}`);
        else if (type === RTM.NEWROUTE) {
          touchRoute(plainRoute(d, off + 16, off + d.readUInt32LE(off)));
          items++;
        }
      }
    };
    const start = process.hrtime.bigint();
    socket.readAhead(true);
    socket.send(req);
    while (!done) {
      if (socket.receive(onDatagram, 1) === 0) {
        await new Promise<void>((resolve) => socket.resume(resolve));
        socket.pause();
      }
    }
    const seconds = since(start);
    if (items !== expected) throw new Error(`bench: table ${table} streamed ${items} routes, expected ${expected}`);
    return { ops: 1, seconds, items };
  } finally {
    socket.close();
  }
}

/** The route whose `rtmsg` is at `p` of `d` (message end `end`), in one walk over its attributes (IPv4). */
export function plainRoute(d: Buffer, p: number, end: number): PlainRoute {
  const r = new PlainRoute();
  r.table = d[p + 4] as number;
  r.type = routeTypeNames.name(d[p + 7] as number);
  let dst = '0.0.0.0';
  for (let a = p + 12; a + 4 <= end; a += ((d[a] as number) + ((d[a + 1] as number) << 8) + 3) & ~3) {
    switch (d.readUInt16LE(a + 2)) {
      case RTA.DST:
        dst = address.formatIpv4(d, a + 4);
        break;
      case RTA.TABLE:
        r.table = d.readUInt32LE(a + 4);
        break;
      case RTA.PRIORITY:
        r.metric = d.readUInt32LE(a + 4);
        break;
      case RTA.OIF:
        r.oif = d.readUInt32LE(a + 4);
        break;
      case RTA.GATEWAY:
        r.gateway = address.formatIpv4(d, a + 4);
        break;
    }
  }
  r.dst = d[p + 1] === 0 ? 'default' : `${dst}/${d[p + 1]}`;
  return r;
}

/** `10.x.y.z/32` for route number `i`, as the C baseline numbers them. */
export function routeDst(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`;
}

/**
 * Adds `count` unreachable routes `10.x.y.z/32` (protocol static) to `table`
 * through the typed batch API, `conn.batch().addRoute(config)` for each, one
 * `execute()` (C: `routes-add N TABLE`); with `del`, deletes them the same
 * way (`delRoute`). The route configs are made before the clock starts: they
 * are the input, as C's is its loop counter. Adding them to the batch
 * (checking and translating each) and executing it are timed.
 * @throws {Error} when any request fails.
 */
export async function benchRouteBatch(
  conn: Connection<Route>,
  count: number,
  table: number,
  del = false,
): Promise<Sample> {
  const configs: RouteConfig[] = [];
  for (let i = 0; i < count; i++) {
    configs.push(
      del ? { dst: routeDst(i), table } : { dst: routeDst(i), type: 'unreachable', table, protocol: 'static' },
    );
  }
  const start = process.hrtime.bigint();
  const batch = conn.batch();
  for (const config of configs) {
    if (del) batch.delRoute(config);
    else batch.addRoute(config);
  }
  const results = await batch.execute();
  const seconds = since(start);
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) {
    const first = failed[0];
    throw new Error(
      `bench: ${failed.length} of ${count} route ${del ? 'deletes' : 'adds'} failed; first: ${first && !first.ok ? first.error.message : '?'}`,
    );
  }
  return { ops: count, seconds };
}

/** The link names of `pairs` veth pairs: `vb0a`, `vb0b`, `vb1a`, ... */
export function vethNames(pairs: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < pairs; i++) names.push(`vb${i}a`, `vb${i}b`);
  return names;
}

/**
 * `ops` sequential awaited `getLinkByName` calls cycling through `names`
 * (each a kernel lookup by `IFLA_IFNAME`), every reply decoded; reports
 * per-call latency percentiles in µs.
 * @throws {Error} when a name is missing.
 */
export async function benchLinkByName(conn: Connection<Route>, ops: number, names: readonly string[]): Promise<Sample> {
  const latencies = new Float64Array(ops);
  const start = process.hrtime.bigint();
  let previous = start;
  for (let i = 0; i < ops; i++) {
    const name = names[i % names.length] as string;
    const link = await conn.getLinkByName(name);
    if (link === undefined) throw new Error(`bench: link ${name} not found`);
    touchLink(link);
    const now = process.hrtime.bigint();
    latencies[i] = Number(now - previous) / 1e3;
    previous = now;
  }
  const seconds = since(start);
  latencies.sort();
  const at = (q: number): number => latencies[Math.min(ops - 1, Math.floor(q * ops))] ?? 0;
  return { ops, seconds, extra: { p50Us: at(0.5), p99Us: at(0.99), maxUs: at(1) } };
}

/**
 * Counts the route events of `group` (`RtnetlinkGroup.Ipv4Route`, `events()`)
 * until `expected` arrived or none came for `idleMs` after the first, each
 * event's route dst and table read. `onReady` runs once subscribed.
 */
export async function benchEvents(
  conn: Connection<Route>,
  group: RtnetlinkGroup,
  expected: number,
  idleMs: number,
  onReady: () => void,
): Promise<Sample> {
  conn.subscribe([group]);
  let received = 0;
  let overruns = 0;
  let first = 0n;
  let last = 0n;
  let idle: NodeJS.Timeout | undefined;
  // Closing the connection ends the stream. Nothing at all for 30 s: the producer failed.
  const stop = (): void => conn.close();
  idle = setTimeout(stop, 30_000);
  onReady();
  for await (const event of conn.events()) {
    last = process.hrtime.bigint();
    if (first === 0n) first = last;
    if (event.type === 'Overrun') overruns++;
    else if (event.type === 'NewRoute' || event.type === 'DelRoute') {
      sink = (sink + event.route.dst.length + event.route.table) | 0;
      received++;
    }
    if (received >= expected) break;
    clearTimeout(idle);
    idle = setTimeout(stop, idleMs);
  }
  clearTimeout(idle);
  const seconds = Number(last - first) / 1e9;
  return {
    ops: received,
    seconds,
    extra: {
      expected,
      overruns,
      lostWithoutOverrun: overruns === 0 && received < expected,
      eventsPerSec: seconds > 0 ? received / seconds : 0,
    },
  };
}
