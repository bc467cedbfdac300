/**
 * Named network namespaces, created and deleted the way `ip netns add/del`
 * does: a file under `/run/netns` bind-mounted to the namespace.
 *
 * Names are passed through unchecked: validation belongs to the caller.
 *
 * @module
 */

import { loadAddon } from './addon.js';

/** Directory where `ip netns` keeps named namespaces. */
export const NETNS_RUN_DIR = '/run/netns';

/**
 * Creates a new network namespace and pins it as `dir/name`
 * (like `ip netns add NAME`). The calling thread's namespace never changes.
 *
 * @throws SystemError-shaped error; `code` is `'EEXIST'` when the name is taken.
 */
export function addNamedNetns(name: string, dir: string = NETNS_RUN_DIR): void {
  loadAddon().netnsAdd(dir, name);
}

/**
 * Unpins the namespace `dir/name` and removes the file (like `ip netns del NAME`).
 * The namespace itself goes away once nothing else uses it.
 *
 * @throws SystemError-shaped error; `code` is `'ENOENT'` when there is no such name.
 */
export function deleteNamedNetns(name: string, dir: string = NETNS_RUN_DIR): void {
  loadAddon().netnsDel(dir, name);
}
