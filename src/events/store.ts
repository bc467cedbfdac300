/**
 * A watch cache (the seed's `Store`, the kube-rs reflector pattern): kept
 * up to date from a resync stream, it converges to the kernel's state even
 * after overruns.
 *
 * ```ts
 * const store = new Store();
 * for await (const item of conn.eventsWithResync()) store.apply(item);
 * ```
 *
 * @module
 */

import type { NetworkEvent, TypedNetworkEvent } from '../route/events.js';
import type { Link } from '../route/link/link.js';
import type { ResyncedEvent } from './resync.js';

/** How a typed event maps to the cache: an upsert or a removal of `key`. */
export type StoreChange =
  | { readonly op: 'upsert'; readonly key: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly key: string };

type ChangeOf = (event: TypedNetworkEvent) => StoreChange | readonly StoreChange[];

const changes = new Map<string, ChangeOf>();

/**
 * Registers how events of one type change the cache: one change, or several
 * when one message stands for several kernel objects (an IPv6 multipath
 * route is one route per nexthop in the kernel). Families call this for
 * their objects, together with `registerResyncSource` for their group.
 */
export function registerStoreChange<T extends TypedNetworkEvent['type']>(
  type: T,
  change: (event: Extract<TypedNetworkEvent, { type: T }>) => StoreChange | readonly StoreChange[],
): void {
  changes.set(type, change as ChangeOf);
}

registerStoreChange('NewLink', (e) => ({ op: 'upsert', key: `link/${e.link.ifindex}`, value: e.link }));
registerStoreChange('DelLink', (e) => ({ op: 'remove', key: `link/${e.link.ifindex}` }));

/** The cache changes an event stands for (none if its type is not registered). */
export function storeChanges(event: NetworkEvent): readonly StoreChange[] {
  const c = changes.get(event.type)?.(event as TypedNetworkEvent);
  return c === undefined ? [] : 'op' in c ? [c] : c;
}

/** Cached objects by key (`link/<ifindex>`, ...). */
export class Store {
  readonly #items = new Map<string, unknown>();
  #seen: Set<string> | undefined;

  /** Applies one item of a resync stream. */
  apply(item: ResyncedEvent): void {
    switch (item.kind) {
      case 'resyncStart':
        this.#seen = new Set();
        return;
      case 'resynced':
        for (const c of storeChanges(item.event)) {
          if (c.op !== 'upsert') continue;
          this.#items.set(c.key, c.value);
          this.#seen?.add(c.key);
        }
        return;
      case 'resyncEnd': {
        const seen = this.#seen;
        this.#seen = undefined;
        if (!seen) return;
        // Whatever the fresh dump did not show is gone. (Every type with a registered
        // store change has a registered resync source, so the dump covered every cached type.)
        for (const key of [...this.#items.keys()]) if (!seen.has(key)) this.#items.delete(key);
        return;
      }
      case 'event':
        for (const c of storeChanges(item.event)) {
          if (c.op === 'upsert') {
            this.#items.set(c.key, c.value);
            this.#seen?.add(c.key);
          } else {
            this.#items.delete(c.key);
            this.#seen?.delete(c.key);
          }
        }
        return;
    }
  }

  /** The object cached under `key`. */
  get(key: string): unknown {
    return this.#items.get(key);
  }

  /** The link cached for an ifindex. */
  getLink(ifindex: number): Link | undefined {
    return this.#items.get(`link/${ifindex}`) as Link | undefined;
  }

  /** Every key. */
  keys(): string[] {
    return [...this.#items.keys()];
  }

  /** Every cached object. */
  values(): unknown[] {
    return [...this.#items.values()];
  }

  /** Number of cached objects. */
  get size(): number {
    return this.#items.size;
  }

  /** A copy of the cache. */
  snapshot(): Map<string, unknown> {
    return new Map(this.#items);
  }
}
