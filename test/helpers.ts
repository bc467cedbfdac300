/** Shared helpers of the test suite. */

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
