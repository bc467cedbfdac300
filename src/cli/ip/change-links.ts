/**
 * The interface names the change commands of one `nlink-ip` run resolve,
 * shared between them: a `-batch` of many `route add ... dev v0` looks `v0`
 * up once, as iproute2's `ll_map` does. Commands that may add, rename or
 * delete links forget it.
 *
 * @module
 */

import type { IpContext } from './context.js';
import { LinkCache } from './link-cache.js';

const caches = new WeakMap<IpContext, LinkCache>();

/** The link cache of the change commands of this run. */
export async function changeLinks(ctx: IpContext): Promise<LinkCache> {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = new LinkCache(await ctx.connection());
    caches.set(ctx, cache);
  }
  return cache;
}

/** Forgets the cached links (before a command that may change them runs). */
export function forgetLinks(ctx: IpContext): void {
  caches.delete(ctx);
}
