/**
 * Where a network namespace lives: by name (`/run/netns/NAME`, as
 * `ip netns` keeps them), by process id, or by path. Names are validated
 * before anything touches the file system.
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { InvalidArgumentError } from '../errors.js';
import { NETNS_RUN_DIR } from '../socket/netns.js';

export { NETNS_RUN_DIR };

/** A network namespace: a name under `/run/netns`, a process's namespace, or a path to a namespace file. */
export type NamespaceSpec = string | { readonly name: string } | { readonly pid: number } | { readonly path: string };

/**
 * Checks a namespace name: 1 to 255 bytes, no `/`, no NUL, not `.` or `..`.
 * @throws {InvalidArgumentError}
 */
export function validateNamespaceName(name: string): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidArgumentError('namespace name', 'must be a non-empty string');
  }
  if (name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
    throw new InvalidArgumentError(
      'namespace name',
      `${JSON.stringify(name)} may not contain "/" or NUL or be "." or ".."`,
    );
  }
  if (Buffer.byteLength(name) > 255) throw new InvalidArgumentError('namespace name', 'longer than 255 bytes');
  return name;
}

/** The file of a named namespace. */
export function namespacePath(name: string, dir = NETNS_RUN_DIR): string {
  return `${dir}/${validateNamespaceName(name)}`;
}

/** Resolves a {@link NamespaceSpec} to the path of its namespace file, and a label for messages. */
export function resolveNamespace(spec: NamespaceSpec): { path: string; label: string } {
  if (typeof spec === 'string') return { path: namespacePath(spec), label: spec };
  if ('name' in spec) return { path: namespacePath(spec.name), label: spec.name };
  if ('pid' in spec) {
    if (!Number.isInteger(spec.pid) || spec.pid <= 0) {
      throw new InvalidArgumentError('pid', `${String(spec.pid)} is not a process id`);
    }
    return { path: `/proc/${spec.pid}/ns/net`, label: `pid ${spec.pid}` };
  }
  if (typeof spec.path !== 'string' || !spec.path.startsWith('/') || spec.path.includes('\0')) {
    throw new InvalidArgumentError('namespace path', `${JSON.stringify(spec.path)} is not an absolute path`);
  }
  return { path: spec.path, label: spec.path };
}
