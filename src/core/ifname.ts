/**
 * Interface references: a name or a kernel ifindex, validated the way the
 * kernel's `dev_valid_name()` does before anything is sent.
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { InvalidArgumentError } from '../errors.js';
import { IFNAMSIZ } from './constants.js';

/** An interface by name (`'eth0'`) or by ifindex (`2`). Indexes are relative to the connection's namespace. */
export type InterfaceRef = string | number;

/** Resolves an interface reference to an ifindex (one lookup for a name); `what` names it in errors. */
export type IndexResolver = (ref: InterfaceRef, what: string) => Promise<number>;

/**
 * Checks an interface name: 1 to 15 bytes, not `.` or `..`, no `/`, `:`, NUL or white space.
 * @throws {InvalidArgumentError}
 */
export function validateIfname(name: string): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidArgumentError('interface name', 'must be a non-empty string');
  }
  if (Buffer.byteLength(name) >= IFNAMSIZ) {
    throw new InvalidArgumentError('interface name', `${JSON.stringify(name)} is longer than ${IFNAMSIZ - 1} bytes`);
  }
  if (name === '.' || name === '..' || /[/:\s\0]/.test(name)) {
    throw new InvalidArgumentError(
      'interface name',
      `${JSON.stringify(name)} may not be "." or ".." or contain "/", ":", NUL or white space`,
    );
  }
  return name;
}

/**
 * Checks an ifindex: a positive 32-bit integer.
 * @throws {InvalidArgumentError}
 */
export function validateIfindex(index: number): number {
  if (!Number.isInteger(index) || index <= 0 || index > 0x7fffffff) {
    throw new InvalidArgumentError('interface index', `${String(index)} is not a positive 32-bit integer`);
  }
  return index;
}

/** Validates a reference and returns it as `{ index }` or `{ name }`. */
export function resolveRef(ref: InterfaceRef): { readonly index: number } | { readonly name: string } {
  return typeof ref === 'number' ? { index: validateIfindex(ref) } : { name: validateIfname(ref) };
}

/** How an interface reference reads in messages: `eth0` or `ifindex 2`. */
export function describeRef(ref: InterfaceRef): string {
  return typeof ref === 'number' ? `ifindex ${ref}` : ref;
}
