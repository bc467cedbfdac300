/** Shared helpers of the test suite. */

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromHex } from '../src/core/hex.js';

/** The repository root (tests run from dist/test/...). */
export const repoRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
})();

/** Reads `test/fixtures/NAME.hex` as bytes. */
export function fixture(name: string): Buffer {
  return fromHex(readFileSync(join(repoRoot, 'test', 'fixtures', `${name}.hex`), 'utf8'));
}

/** Runs `ip -j [-d] -n NS ARGS...` and parses its JSON. */
export function ipJson(ns: string, ...args: string[]): unknown {
  const out = execFileSync('ip', ['-n', ns, '-j', ...args], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

/** Runs `ip -n NS ARGS...`. */
export function ip(ns: string, ...args: string[]): string {
  return execFileSync('ip', ['-n', ns, ...args], { encoding: 'utf8' });
}
