/**
 * Installs family operations as methods of {@link Connection}: each family
 * writes plain functions `(conn, ...args)` and declares the matching method
 * types by declaration merging; this turns the functions into methods.
 *
 * @module
 */

import { Connection } from './connection.js';
import type { Protocol } from './protocol.js';

/** A family operation: a function of a connection and its arguments. */
// biome-ignore lint/suspicious/noExplicitAny: operations take any argument list; each is typed where it is declared.
export type Operation<P extends Protocol> = (conn: Connection<P>, ...args: any[]) => unknown;

/** Adds `conn.name(...args)` for every `name: (conn, ...args) => ...` of `operations`. */
export function installMethods<P extends Protocol>(operations: Readonly<Record<string, Operation<P>>>): void {
  for (const [name, op] of Object.entries(operations)) {
    Object.defineProperty(Connection.prototype, name, {
      value: function method(this: Connection<P>, ...args: unknown[]) {
        return op(this, ...args);
      },
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
}
