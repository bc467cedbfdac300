/**
 * Lab helpers: run code in a throwaway network namespace that is always
 * removed, even when the code throws.
 *
 * ```ts
 * await withNamespace(async (ns) => {
 *   const conn = ns.connection();
 *   await conn.setLinkUp('lo');
 * });
 * ```
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { namespacePath } from '../core/netns-path.js';
import { create, removeIfExists } from '../namespace/index.js';
import { Connection, type ConnectionOptions } from '../session/connection.js';
import { type Protocol, Route } from '../session/protocol.js';

/** A throwaway namespace handed to a {@link withNamespace} body. */
export interface LabNamespace {
  /** Its name under `/run/netns`. */
  readonly name: string;
  /** Its namespace file. */
  readonly path: string;
  /**
   * A connection inside it (default protocol {@link Route}); closed
   * automatically when the body ends.
   */
  connection<P extends Protocol = Route>(protocol?: P, options?: Omit<ConnectionOptions, 'namespace'>): Connection<P>;
}

let counter = 0;

/** A fresh, unique namespace name: `nlink-<prefix>-<pid>-<n>-<random>` (at most 255 bytes). */
export function uniqueNamespaceName(prefix = 'lab'): string {
  counter++;
  return `nlink-${prefix}-${process.pid}-${counter}-${randomBytes(3).toString('hex')}`;
}

/**
 * Creates a namespace, runs `body` with it, then closes every connection the
 * body opened through it and deletes the namespace, whatever happened.
 */
export async function withNamespace<T>(
  body: (ns: LabNamespace) => Promise<T> | T,
  options: { prefix?: string } = {},
): Promise<T> {
  const name = uniqueNamespaceName(options.prefix);
  const opened: Connection<Protocol>[] = [];
  create(name);
  const ns: LabNamespace = {
    name,
    path: namespacePath(name),
    connection<P extends Protocol = Route>(protocol?: P, connOptions: Omit<ConnectionOptions, 'namespace'> = {}) {
      const conn = new Connection((protocol ?? Route) as P, { ...connOptions, namespace: { name } });
      opened.push(conn);
      return conn;
    },
  };
  try {
    return await body(ns);
  } finally {
    for (const c of opened) c.close();
    removeIfExists(name);
  }
}
