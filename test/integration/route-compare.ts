/**
 * Route comparisons with iproute2, shared by the integration tests and the
 * kernel-lane tests of routes that need modules: routes created by iproute2
 * decode as `ip -d -j` shows them, and routes created by the library read
 * back through `ip -j` exactly as iproute2's do.
 */

import assert from 'node:assert/strict';
import '../../src/index.js';
import type { RouteConfig } from '../../src/route/route/config.js';
import { routeTableNames } from '../../src/route/route/names.js';
import type { RouteEntry } from '../../src/route/route/route.js';
import type { Connection } from '../../src/session/connection.js';
import type { Route } from '../../src/session/protocol.js';
import { ip, ipJson } from '../helpers.js';
import { configureByIp, configureTwins, ipState, type Twin, withLab, withTwins } from './route-lab.js';

const BOTH_FAMILIES = [
  ['-4', '-d', 'route', 'show', 'table', 'all'],
  ['-6', '-d', 'route', 'show', 'table', 'all'],
] as const;

/**
 * The routes of a namespace as `ip -d -j` shows them, both families; expiry
 * times vary, and so do the local routes of link-local addresses (made of
 * random MACs): they are left out.
 */
function routeState(ns: string): string[] {
  return BOTH_FAMILIES.flatMap((args) => ipState(ns, args, ['expires'])).filter(
    (line) => !/"dst":"fe80::[^/"]+"/.test(line),
  );
}

/** Nexthop object 1, which the routes may refer to. */
export function nexthopSetup(ns: string): void {
  ip(ns, 'nexthop', 'add', 'id', '1', 'via', '10.0.0.2', 'dev', 'd0');
}

interface IpRoute {
  type: string;
  dst: string;
  gateway?: string;
  via?: { family: string; host: string };
  dev?: string;
  table: string;
  protocol: string;
  scope: string;
  prefsrc?: string;
  metric?: number;
  nexthops?: { gateway?: string; dev?: string; weight: number }[];
  nhid?: number;
  encap?: string;
  segs?: string[];
  /** seg6local segments come nested. */
  srh?: { segs: string[] };
  action?: string;
}

/** The fields of our route `ip -d -j` prints, named as it names them. */
function asIp(r: RouteEntry, names: Map<number, string>): IpRoute {
  const dev = (i: number | undefined) => (i === undefined || i === 0 ? undefined : names.get(i));
  const host = r.dstLen === (r.family === 'inet' ? 32 : 128);
  const encap = r.encap;
  const out: Record<string, unknown> = {
    type: r.type,
    dst: host ? r.dst.replace(/\/\d+$/, '') : r.dst,
    gateway: r.gateway,
    via: r.via && { family: r.via.family, host: r.via.address },
    dev: dev(r.oif),
    table: String(routeTableNames.name(r.table)),
    protocol: r.protocol,
    scope: r.scope,
    prefsrc: r.prefsrc,
    metric: r.metric,
    nexthops: r.nexthops?.map((h) => ({ gateway: h.gateway, dev: dev(h.ifindex), weight: h.weight })),
    nhid: r.nhid,
    encap: encap?.type,
    // As on the wire (iproute2 shows the placeholder segment of inline and insert modes; the typed view drops it).
    segs: (r.message.attrs.encap as { srh?: { segments?: string[] } } | undefined)?.srh?.segments,
    action: encap && 'action' in encap ? encap.action : undefined,
  };
  return JSON.parse(JSON.stringify(out)) as IpRoute;
}

function ipRoutes(ns: string): IpRoute[] {
  return BOTH_FAMILIES.flatMap((args) => ipJson(ns, ...args) as IpRoute[]);
}

/**
 * Configures `routes` through iproute2 in a lab namespace and checks that
 * every route `ip -d -j` shows there decodes to the same fields; then runs
 * `more` on the lab's connection.
 */
export async function checkDecodesAsIp(
  routes: readonly Twin<RouteConfig>[],
  more: (conn: Connection<Route>) => Promise<void> = async () => {},
): Promise<void> {
  await withLab(async (ns) => {
    nexthopSetup(ns.name);
    const conn = configureByIp(ns, routes);
    const names = await conn.getInterfaceNames();
    const ours = (await conn.getRoutes()).map((r) => asIp(r, names));
    // iproute2's JSON prints an `encap ip` route's tunnel dst under the route's own "dst" key: not comparable.
    // The local routes of link-local addresses come and go with the links' random MACs (as in routeState).
    const theirs = ipRoutes(ns.name).filter((t) => t.encap !== 'ip' && !/^fe80::[^/]+$/.test(t.dst));
    assert.ok(theirs.length > routes.length);
    for (const t of theirs) {
      const key = (x: IpRoute) => `${x.table} ${x.type} ${x.dst} ${x.metric ?? ''} ${x.dev ?? ''}`;
      const mine = ours.find((o) => key(o) === key(t));
      assert.ok(mine, `no route ${key(t)} among ours`);
      const pick = (x: IpRoute) => ({
        gateway: x.gateway,
        via: x.via,
        protocol: x.protocol,
        scope: x.scope,
        prefsrc: x.prefsrc,
        nexthops: x.nexthops?.map((h) => ({ gateway: h.gateway, dev: h.dev, weight: h.weight ?? 1 })),
        nhid: x.nhid,
        encap: x.encap,
        segs: x.segs ?? x.srh?.segs,
        action: x.action,
      });
      assert.deepEqual(JSON.parse(JSON.stringify(pick(mine))), JSON.parse(JSON.stringify(pick(t))), key(t));
    }
    await more(conn);
  });
}

/** Configures `routes` in twin namespaces, through iproute2 and the library, and compares `ip -d -j route show`. */
export async function checkReadsBackAsIp(routes: readonly Twin<RouteConfig>[]): Promise<void> {
  await withTwins(async (byIp, byLib) => {
    nexthopSetup(byIp.name);
    nexthopSetup(byLib.name);
    await configureTwins(byIp, byLib, routes, (conn, route) => conn.addRoute(route));
    assert.deepEqual(routeState(byLib.name), routeState(byIp.name));
  });
}
