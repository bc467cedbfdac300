/**
 * Run code against a network namespace with a connection that is always
 * closed afterwards.
 *
 * @module
 */

import type { NamespaceSpec } from '../core/netns-path.js';
import { Connection, type ConnectionOptions } from '../session/connection.js';
import { Route } from '../session/protocol.js';

/**
 * Opens a {@link Route} connection inside the namespace `spec`, runs `body`
 * with it and closes it, whether `body` resolves or throws. Resolves with
 * what `body` resolves with.
 *
 * ```ts
 * const names = await runInNamespace('blue', (conn) => conn.getInterfaceNames());
 * ```
 *
 * @throws {NamespaceNotFoundError} when the namespace does not exist (before `body` runs).
 */
export async function runInNamespace<T>(
  spec: NamespaceSpec,
  body: (conn: Connection<Route>) => Promise<T> | T,
  options: Omit<ConnectionOptions, 'namespace'> = {},
): Promise<T> {
  const conn = new Connection(Route, { ...options, namespace: spec });
  try {
    return await body(conn);
  } finally {
    conn.close();
  }
}
