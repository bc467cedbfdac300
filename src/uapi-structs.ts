/**
 * Registry of the fixed-layout C structs this library encodes and decodes,
 * for the UAPI audit test: each struct's `sizeof`, and the offset and size of
 * each of its fields, are compared with the installed kernel UAPI headers.
 *
 * Add every new `struct(...)` here, with the header that declares it.
 *
 * @module
 */

import { ifinfomsg, rtnlLinkStats64 } from './route/link/schema.js';
import type { StructFields, StructType } from './schema/codec.js';

/**
 * The part of a {@link StructType} the audit reads: C name, size and field
 * layout. (A concrete `StructType<F>` is not assignable to
 * `StructType<StructFields>`, whose decoded value type collapses to `never`.)
 */
export type AuditedStruct = Pick<StructType<StructFields>, 'name' | 'size' | 'layout'>;

/**
 * One struct of the registry.
 *
 * The C member name of a non-padding field is `cFields[field]` when given,
 * otherwise `prefix` followed by the field name converted from camelCase to
 * snake_case (`rxPackets` becomes `rx_packets`; with `prefix: 'ifi_'`,
 * `family` becomes `ifi_family`). Padding fields have no C counterpart: they
 * are checked through the struct size and the offsets of the fields after them.
 */
export interface UapiStructEntry {
  /** The struct definition (its `name` is the C struct tag). */
  readonly struct: AuditedStruct;
  /** The header declaring it, as written in `#include <...>` (`linux/rtnetlink.h`). */
  readonly header: string;
  /** Prefix of the C member names that our field names leave out (`ifi_`). */
  readonly prefix?: string;
  /** Explicit C member names by field name, for fields the naming rule does not fit. */
  readonly cFields?: Readonly<Record<string, string>>;
}

/** Every struct the library defines, with where the kernel declares it. */
export const UAPI_STRUCTS: readonly UapiStructEntry[] = [
  { struct: ifinfomsg, header: 'linux/rtnetlink.h', prefix: 'ifi_' },
  { struct: rtnlLinkStats64, header: 'linux/if_link.h' },
];
