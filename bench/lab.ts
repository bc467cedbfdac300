/**
 * Namespace setup for the benchmarks with iproute2 (allowed for setup; the
 * library itself never shells out): single commands and `ip -batch` files,
 * always with `-n NAMESPACE`, so the host namespace is never touched.
 *
 * @module
 */

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs `ip ARGS` and returns its stdout.
 * @throws {Error} naming the command and iproute2's message.
 */
export function ip(args: readonly string[]): string {
  try {
    return execFileSync('ip', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new Error('bench: iproute2 `ip` is not on PATH (needed to set namespaces up)');
    throw new Error(`bench: \`ip ${args.join(' ')}\` failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** Writes `lines` to `dir/name` (one command per line) and returns the path. */
export function writeBatchFile(dir: string, name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Runs the commands of `lines` in namespace `ns` with one `ip -batch`. */
export function ipBatch(ns: string, dir: string, name: string, lines: readonly string[]): void {
  ip(['-n', ns, '-batch', writeBatchFile(dir, name, lines)]);
}
