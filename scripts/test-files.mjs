// Lists compiled test files (*.test.js) below a folder, sorted: shared by the test runners.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every `*.test.js` file below `dir`, depth first, sorted by name. */
export function testFiles(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) testFiles(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}
