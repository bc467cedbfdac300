/**
 * Twin namespaces for the address, route and nexthop integration tests: the
 * same links in both, one configured through iproute2 and one through the
 * library, so that `ip -j` output of the two can be compared.
 */

import type { Connection } from '../../src/session/connection.js';
import type { Route } from '../../src/session/protocol.js';
import { type LabNamespace, withNamespace } from '../../src/testing/lab.js';
import { ip, ipJson } from '../helpers.js';

/** lo up; a veth pair d0/d1, both up; 10.0.0.1/24 and 2001:db8::1/64 on d0. */
export const LAB_SETUP: readonly (readonly string[])[] = [
  ['link', 'set', 'lo', 'up'],
  ['link', 'add', 'd0', 'type', 'veth', 'peer', 'name', 'd1'],
  ['link', 'set', 'd0', 'up'],
  ['link', 'set', 'd1', 'up'],
  ['address', 'add', '10.0.0.1/24', 'dev', 'd0'],
  ['-6', 'address', 'add', '2001:db8::1/64', 'dev', 'd0', 'nodad'],
];

/** A throwaway namespace set up with {@link LAB_SETUP}. */
export function withLab<T>(body: (ns: LabNamespace) => Promise<T>): Promise<T> {
  return withNamespace(
    async (ns) => {
      for (const args of LAB_SETUP) ip(ns.name, ...args);
      return body(ns);
    },
    { prefix: 'rt' },
  );
}

/** Two namespaces set up alike: `byIp` for iproute2, `byLib` for the library. */
export function withTwins<T>(body: (byIp: LabNamespace, byLib: LabNamespace) => Promise<T>): Promise<T> {
  return withLab((byIp) => withLab((byLib) => body(byIp, byLib)));
}

/** `ip -j ARGS` of a namespace as sorted JSON lines, without the keys in `drop` (anywhere in the tree). */
export function ipState(ns: string, args: readonly string[], drop: readonly string[] = []): string[] {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (typeof v !== 'object' || v === null) return v;
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => !drop.includes(k))
        .map(([k, x]) => [k, strip(x)]),
    );
  };
  return (ipJson(ns, ...args) as unknown[]).map((e) => JSON.stringify(strip(e))).sort();
}

/** One object configured both ways: iproute2's arguments and the library's config. */
export type Twin<C> = readonly [readonly string[], C];

/** Configures each twin through iproute2 in `ns`; returns a connection to `ns`. */
export function configureByIp(ns: LabNamespace, twins: readonly Twin<unknown>[]): Connection<Route> {
  for (const [args] of twins) ip(ns.name, ...args);
  return ns.connection();
}

/** Configures each twin, through iproute2 in `byIp` and through `add` in `byLib`; returns `byLib`'s connection. */
export async function configureTwins<C>(
  byIp: LabNamespace,
  byLib: LabNamespace,
  twins: readonly Twin<C>[],
  add: (conn: Connection<Route>, config: C) => Promise<unknown>,
): Promise<Connection<Route>> {
  configureByIp(byIp, twins);
  const conn = byLib.connection();
  for (const [, config] of twins) await add(conn, config);
  return conn;
}
