/**
 * What `nlink-ip` knows of a link kind: how to parse its arguments
 * (`ip link add ... type KIND ARGS`) into the kind's typed options, and how
 * to print its `IFLA_INFO_DATA` (and its ports' `IFLA_INFO_SLAVE_DATA`) the
 * way iproute2 6.1's `print_opt` does for `ip -d link show`.
 *
 * @module
 */

import type { BuildContext, KindContribution } from '../../../route/link/kind.js';
import type { Args } from '../../common/args.js';
import type { Output } from '../../common/output.js';
import type { ParsedLink } from '../link-args.js';

/** Services a kind's argument parser may use. */
export interface KindParseContext {
  /** The ifindex of an interface name, in the command's namespace (`ll_name_to_index`); 0 when there is none. */
  index(name: string): Promise<number>;
  /** Parses a nested set of common link arguments (`veth peer ...`), up to a `type` word. */
  parseLinkArgs(args: Args): Promise<ParsedLink>;
  /** The `link DEV` argument of the command, if given (the lower device of the new link). */
  readonly link: string | undefined;
  /** The command creates a link (`add`, `replace`) rather than changing one (`set`). */
  readonly create: boolean;
  /** Prints a warning on stderr; the command goes on. */
  warn(text: string): void;
}

/** Services a kind's printer may use. */
export interface KindPrintContext {
  /** The name of an ifindex (`ll_index_to_name`): from the links already seen, else `ifN`. */
  linkName(index: number): string;
  /** `-N`: numbers instead of names. */
  readonly numeric: boolean;
}

/** A link kind, as the CLI sees it. */
export interface LinkTypeCli {
  /** `IFLA_INFO_KIND` (`bridge_slave` for the port settings of a bridge's ports). */
  readonly kind: string;
  /**
   * Parses the KIND ARGS of `ip link add/set ... type KIND ARGS` into the
   * options the library's kind takes (`defineLinkKind`'s `O`). Absent for
   * kinds without arguments.
   * @throws {CliError} for a bad or unknown argument, with iproute2's message.
   */
  parse?(args: Args, ctx: KindParseContext): Promise<object> | object;
  /** Prints the decoded `IFLA_INFO_DATA` (`data` is the library's decoded view, or raw bytes). */
  print?(out: Output, data: unknown, ctx: KindPrintContext): void;
  /** Interface indexes `print` will name (resolved before printing). */
  indexes?(data: unknown): number[];
  /**
   * Builds the kind's part of the request from the parsed options, when the
   * CLI takes options the library's `build` does not (`bridge fdb_flush`);
   * otherwise the library's kind builds it.
   */
  build?(options: object, ctx: BuildContext): Promise<KindContribution>;
  /**
   * For port kinds (`bridge_slave`): encodes parsed options as the
   * `IFLA_INFO_SLAVE_DATA` payload. Other kinds go through the library's
   * kind (`linkKind(kind).build`).
   */
  portData?(options: object): Uint8Array;
}
