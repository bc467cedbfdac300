/**
 * Named namespaces in directory order, and the ids (nsids) the current
 * namespace gives them: what `ip netns list` prints as `(id: N)` and
 * `ip link` as `link-netns NAME`.
 *
 * @module
 */

import { opendirSync } from 'node:fs';
import { NETNS_RUN_DIR } from '../../core/netns-path.js';
import { NetlinkError } from '../../errors.js';
import { getNsid } from '../../route/nsid/ops.js';
import type { Connection } from '../../session/connection.js';
import type { Route } from '../../session/protocol.js';

/** Names under `/run/netns` in directory order (what `readdir` gives, as `ip netns list` shows them). */
export function namedNamespaces(): string[] {
  let dir: ReturnType<typeof opendirSync>;
  try {
    dir = opendirSync(NETNS_RUN_DIR);
  } catch {
    return [];
  }
  const names: string[] = [];
  try {
    for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) names.push(entry.name);
  } finally {
    dir.closeSync();
  }
  return names;
}

/** The id the connection's namespace gives the named namespace `name`, if any (errors count as none). */
export async function nsidOf(conn: Connection<Route>, name: string): Promise<number | undefined> {
  try {
    return await getNsid(conn, { path: `${NETNS_RUN_DIR}/${name}` });
  } catch (err) {
    if (err instanceof NetlinkError) return undefined;
    throw err;
  }
}

/** nsid → name of every named namespace that has an id in the connection's namespace (`netns_map_init`). */
export async function nsidNames(conn: Connection<Route>): Promise<Map<number, string>> {
  const map = new Map<number, string>();
  for (const name of namedNamespaces()) {
    const id = await nsidOf(conn, name);
    if (id !== undefined) map.set(id, name);
  }
  return map;
}
