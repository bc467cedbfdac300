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
