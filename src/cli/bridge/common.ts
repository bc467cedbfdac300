/**
 * Pieces several `nlink-bridge` objects share: iproute2's `ll_init_map`
 * (every link's name known before printing), its `nodev` message, dumps
 * failing as `Dump terminated`, spanning-tree state names and timers.
 *
 * @module
 */

import { KernelError } from '../../errors.js';
import { type Args, CliError, duparg } from '../common/args.js';
import type { Output } from '../common/output.js';
import { dumpLinks } from '../ip/link.js';
import { LinkCache } from '../ip/link-cache.js';
import { NO_FILTER } from '../ip/link-print.js';
import type { BridgeContext } from './context.js';

/**
 * A word the command does not know. iproute2's `bridge` skips some of them
 * silently (in `show`, `flush`, `mdb`, `vlan set`); nlink-bridge refuses
 * them all, so that a misspelt option never goes unnoticed (exit 255).
 */
export function garbage(object: string, word: string): CliError {
  return new CliError(`Garbage instead of arguments "${word} ...". Try "nlink-bridge ${object} help".\n`);
}

/**
 * The link cache filled with every link (`ll_init_map`), as `bridge` does
 * before any command, so that printing resolves every ifindex.
 */
export async function linkMap(ctx: BridgeContext): Promise<LinkCache> {
  const conn = await ctx.connection();
  const cache = new LinkCache(conn);
  await dumpLinks(conn, NO_FILTER, cache);
  return cache;
}

/**
 * The ifindex of `name`.
 * @param what - the device's role in the message (`bridge device`, `bridge port device`, ...).
 * @throws {CliError} `Cannot find WHAT "NAME"` (iproute2's `nodev` for the default, exit 255)
 */
export async function requireIndex(cache: LinkCache, name: string, what = 'device'): Promise<number> {
  const index = await cache.indexOf(name);
  if (!index) throw new CliError(`Cannot find ${what} "${name}"\n`);
  return index;
}

/** Runs a dump; a kernel error ends the command as iproute2's `Dump terminated` (exit 1). */
export async function dumpOrTerminate<T>(dump: () => Promise<T>): Promise<T> {
  try {
    return await dump();
  } catch (err) {
    if (err instanceof KernelError) throw new CliError(`Error: ${err.message}\nDump terminated\n`, 1, { cause: err });
    throw err;
  }
}

/**
 * The `[ dev DEV ] [ vid VID ]` arguments of `bridge mdb show` and `bridge
 * vlan show` (with `vid` false, the `[ dev DEV ]` of `bridge link show`).
 * As bridge's `mdb_show`, `vlan_show` and `brlink_show`, any other word
 * (`help` too) is ignored; a repeated one is `duparg`.
 */
export function parseDevVid(args: Args, vid = true): { dev: string | undefined; vlan: number } {
  let dev: string | undefined;
  let vlan = 0;
  while (!args.done) {
    const w = args.take();
    if (w === 'dev') {
      const v = args.take();
      if (dev !== undefined) throw duparg('dev', v);
      dev = v;
    } else if (vid && w === 'vid') {
      const v = args.take();
      if (vlan) throw duparg('vid', v);
      vlan = atoi(v);
    }
  }
  return { dev, vlan };
}

/** The `BR_STATE_*` names, by value. */
export const STP_STATES = ['disabled', 'listening', 'learning', 'forwarding', 'blocking'] as const;

/** `print_stp_state`: `state NAME`, or `state (N)` for an unknown value. */
export function printStpState(out: Output, state: number): void {
  const name = STP_STATES[state];
  if (name === undefined) out.uint('any', 'state', 'state (%d) ', state);
  else out.string('any', 'state', 'state %s ', name);
}

/**
 * A state as `bridge link set` and `bridge vlan set` read it: a whole
 * decimal number (`strtol`), else a name (`parse_stp_state`); -1 for neither.
 */
export function parseStpState(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)$/.exec(text);
  if (m) return Number(m[1]);
  return (STP_STATES as readonly string[]).indexOf(text);
}

/** `format_timer`: hundredths of a second as `S.CC` (`%4lu.%.2lu` when aligned). */
export function formatTimer(ticks: number, align: boolean): string {
  const sec = Math.floor(ticks / 100);
  const cs = String(ticks % 100).padStart(2, '0');
  return `${align ? String(sec).padStart(4) : String(sec)}.${cs}`;
}

/** `atoi`: the leading decimal integer of `text` (0 when there is none), as a C `int`. */
export function atoi(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  return m ? Number(BigInt.asIntN(32, BigInt(m[1] ?? '0'))) : 0;
}

/** A C `short` of `atoi(text)` (how iproute2 stores VLAN ids). */
export function atoiShort(text: string): number {
  return Number(BigInt.asIntN(16, BigInt(atoi(text))));
}

/** `MDB_RTR_TYPE_TEMP_QUERY`, `MDB_RTR_TYPE_TEMP`: router ports that time out. */
const TEMP_ROUTER_TYPES: ReadonlySet<number> = new Set([1, 3]);

/** `br_print_router_port_stats`: a multicast router port's timer and type. */
export function printRouterPortStats(
  out: Output,
  p: { readonly timer?: number | undefined; readonly type?: number | undefined },
): void {
  if (p.timer !== undefined) out.string('any', 'timer', ' %s', formatTimer(p.timer, true));
  if (p.type !== undefined) out.string('any', 'type', ' %s', TEMP_ROUTER_TYPES.has(p.type) ? 'temp' : 'permanent');
}
