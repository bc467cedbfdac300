/**
 * Network namespaces: connections inside them (`connectionFor`,
 * `connectionForPid`, `connectionForPath`, `runInNamespace`), named
 * namespaces created and removed the way `ip netns add/del` does without
 * running `ip`, watched as they come and go (`watchNamespaces`), and child
 * processes started inside them (`spawnInNamespace`).
 *
 * @module
 */

import { existsSync, readdirSync } from 'node:fs';
import { type NamespaceSpec, NETNS_RUN_DIR, namespacePath, validateNamespaceName } from '../core/netns-path.js';
import { NamespaceNotFoundError, SocketError, systemErrorFields } from '../errors.js';
import { Connection, type ConnectionOptions } from '../session/connection.js';
import { type Protocol, Route } from '../session/protocol.js';
import { addNamedNetns, deleteNamedNetns } from '../socket/netns.js';
import { runInNamespace } from './run.js';
import { spawnInNamespace } from './spawn.js';
import { watchNamespaces } from './watch.js';

export type { NamespaceSpec } from '../core/netns-path.js';
export { runInNamespace } from './run.js';
export {
  NETNS_EXEC_HELPER,
  NETNS_EXEC_STATUS,
  netnsExecHelper,
  type SpawnInNamespaceOptions,
  spawnInNamespace,
} from './spawn.js';
export { type NamespaceEvent, NamespaceWatcher, type WatchNamespacesOptions, watchNamespaces } from './watch.js';

type NsOptions = Omit<ConnectionOptions, 'namespace'>;

/** A connection inside the named namespace (`/run/netns/NAME`). Default protocol: {@link Route}. */
export function connectionFor<P extends Protocol = Route>(
  name: string,
  protocol: P = Route as unknown as P,
  options: NsOptions = {},
): Connection<P> {
  return new Connection(protocol, { ...options, namespace: { name } });
}

/** A connection inside the network namespace of process `pid` (a container's, say). */
export function connectionForPid<P extends Protocol = Route>(
  pid: number,
  protocol: P = Route as unknown as P,
  options: NsOptions = {},
): Connection<P> {
  return new Connection(protocol, { ...options, namespace: { pid } });
}

/** A connection inside the namespace whose file is at `path` (`/proc/1234/ns/net`, ...). */
export function connectionForPath<P extends Protocol = Route>(
  path: string,
  protocol: P = Route as unknown as P,
  options: NsOptions = {},
): Connection<P> {
  return new Connection(protocol, { ...options, namespace: { path } });
}

/** A connection inside any {@link NamespaceSpec}. */
export function connectionIn<P extends Protocol = Route>(
  spec: NamespaceSpec,
  protocol: P = Route as unknown as P,
  options: NsOptions = {},
): Connection<P> {
  return new Connection(protocol, { ...options, namespace: spec });
}

/**
 * Creates a named namespace (`ip netns add NAME`).
 * @throws {InvalidArgumentError} for a bad name, before any syscall.
 * @throws {SocketError} whose `isExists()` is true when the name is taken.
 */
export function create(name: string): void {
  validateNamespaceName(name);
  try {
    addNamedNetns(name, NETNS_RUN_DIR);
  } catch (err) {
    throw new SocketError(`create namespace ${name}`, err);
  }
}

/**
 * Deletes a named namespace (`ip netns del NAME`).
 * @throws {NamespaceNotFoundError} when there is none.
 */
export function remove(name: string): void {
  validateNamespaceName(name);
  try {
    deleteNamedNetns(name, NETNS_RUN_DIR);
  } catch (err) {
    const code = systemErrorFields(err).code;
    if (code === 'ENOENT' || code === 'EINVAL') throw new NamespaceNotFoundError(name, { cause: err });
    throw new SocketError(`delete namespace ${name}`, err);
  }
}

/** Deletes a named namespace if it exists; returns whether it did. */
export function removeIfExists(name: string): boolean {
  if (!exists(name)) return false;
  remove(name);
  return true;
}

/** True when the named namespace exists. */
export function exists(name: string): boolean {
  return existsSync(namespacePath(name));
}

/** Names of the named namespaces, sorted. */
export function list(): string[] {
  try {
    return readdirSync(NETNS_RUN_DIR).sort();
  } catch (err) {
    if (systemErrorFields(err).code === 'ENOENT') return [];
    throw err;
  }
}

/** The seed's `namespace` module: `namespace.connectionFor('myns')`. */
export const namespace = {
  connectionFor,
  connectionForPid,
  connectionForPath,
  connectionIn,
  create,
  delete: remove,
  remove,
  removeIfExists,
  exists,
  list,
  path: namespacePath,
  /** {@link runInNamespace}: a Route connection inside the namespace for the time of a callback. */
  run: runInNamespace,
  /** {@link spawnInNamespace}: a child process inside the namespace. */
  spawn: spawnInNamespace,
  /** {@link watchNamespaces}: created/deleted events of named namespaces. */
  watch: watchNamespaces,
} as const;
