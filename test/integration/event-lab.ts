/** Helpers of the event integration tests: fresh-dump stores, object descriptions, waiting. */

import { execFileSync } from 'node:child_process';
import { Store, storeChanges } from '../../src/events/store.js';
import '../../src/index.js';
import type { RtnetlinkGroup } from '../../src/route/events.js';
import type { LabNamespace } from '../../src/testing/lab.js';

/** A store filled from a fresh dump of `groups` only (the initial sync of a new resync stream). */
export async function freshStore(ns: LabNamespace, groups: readonly RtnetlinkGroup[]): Promise<Store> {
  const conn = ns.connection();
  const store = new Store();
  for await (const item of conn.intoEventsWithResync({ groups })) {
    store.apply(item);
    if (item.kind === 'resyncEnd') break;
  }
  return store;
}

/** The keys a fresh dump of `groups` yields, one per object (duplicates kept, to catch key collisions). */
export async function dumpKeys(ns: LabNamespace, groups: readonly RtnetlinkGroup[]): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of ns.connection().intoEventsWithResync({ groups })) {
    if (item.kind === 'resyncEnd') break;
    if (item.kind === 'resynced') {
      for (const c of storeChanges(item.event)) keys.push(c.key);
    }
  }
  return keys.sort();
}

/**
 * Every cached object as `key => header and attributes`, without the
 * counters that change by themselves (`cacheinfo` lifetimes and timestamps).
 */
export function describeStore(store: Store): string[] {
  return store
    .keys()
    .map((key) => {
      const value = store.get(key) as { message: { toJSON(): { header: object; attrs: Record<string, unknown> } } };
      const { header, attrs } = value.message.toJSON();
      const { cacheinfo: _, ...stable } = attrs;
      return `${key} => ${JSON.stringify({ header, attrs: stable })}`;
    })
    .sort();
}

/** Polls `check` until it returns true or `ms` pass; returns its last result. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs an iproute2 tool (`ip`, `bridge`, `tc`) in a namespace. */
export function tool(ns: string, name: 'ip' | 'bridge' | 'tc', ...args: string[]): string {
  return execFileSync(name, ['-n', ns, ...args], { encoding: 'utf8' });
}

/** The script: every object type, added, changed and removed (veth names avoid ip's abbreviations). */
export const SCRIPT: readonly (readonly string[])[] = [
  ['link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb'],
  ['link', 'set', 'va', 'up'],
  ['link', 'set', 'vb', 'up'],
  ['link', 'set', 'va', 'mtu', '1400'],
  ['address', 'add', '10.1.0.1/24', 'dev', 'va'],
  ['-6', 'address', 'add', '2001:db8::1/64', 'dev', 'va', 'nodad'],
  ['route', 'add', '10.2.0.0/16', 'via', '10.1.0.2'],
  ['route', 'add', '10.4.0.0/16', 'via', '10.1.0.2', 'table', '300', 'metric', '7'],
  ['-6', 'route', 'add', '2001:db8:5::/48', 'via', '2001:db8::2'],
  ['neigh', 'add', '10.1.0.9', 'lladdr', '02:00:00:00:00:09', 'dev', 'va'],
  ['neigh', 'change', '10.1.0.9', 'lladdr', '02:00:00:00:00:0a', 'dev', 'va'],
  ['rule', 'add', 'from', '10.5.0.0/16', 'table', '100', 'pref', '1000'],
  ['-6', 'rule', 'add', 'to', '2001:db8:7::/48', 'table', '101', 'pref', '1001'],
  ['nexthop', 'add', 'id', '5', 'via', '10.1.0.3', 'dev', 'va'],
  ['route', 'add', '10.3.0.0/16', 'nhid', '5'],
  ['route', 'del', '10.3.0.0/16'],
  ['nexthop', 'del', 'id', '5'],
  ['-6', 'rule', 'del', 'pref', '1001'],
  ['rule', 'del', 'pref', '1000'],
  ['neigh', 'del', '10.1.0.9', 'dev', 'va'],
  ['route', 'del', '10.2.0.0/16'],
  ['address', 'del', '10.1.0.1/24', 'dev', 'va'],
  ['link', 'set', 'vb', 'down'],
  ['link', 'del', 'va'],
];
