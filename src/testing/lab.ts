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
  /** A Route connection inside it; closed automatically when the body ends. */
  connection(options?: Omit<ConnectionOptions, 'namespace'>): Connection<Route>;
  /** A connection of `protocol` inside it; closed automatically when the body ends. */
  connection<P extends Protocol>(protocol: P, options?: Omit<ConnectionOptions, 'namespace'>): Connection<P>;
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
  function connection(options?: Omit<ConnectionOptions, 'namespace'>): Connection<Route>;
  function connection<P extends Protocol>(protocol: P, options?: Omit<ConnectionOptions, 'namespace'>): Connection<P>;
  function connection(
    first?: Protocol | Omit<ConnectionOptions, 'namespace'>,
    second: Omit<ConnectionOptions, 'namespace'> = {},
  ): Connection<Protocol> {
    const isProtocol = first !== undefined && 'number' in first && 'name' in first;
    const protocol = isProtocol ? (first as Protocol) : Route;
    const options = isProtocol ? second : ((first as Omit<ConnectionOptions, 'namespace'> | undefined) ?? {});
    const conn = new Connection(protocol, { ...options, namespace: { name } });
    opened.push(conn);
    return conn;
  }
  const ns: LabNamespace = { name, path: namespacePath(name), connection };
  try {
    return await body(ns);
  } finally {
    for (const c of opened) c.close();
    removeIfExists(name);
  }
}
