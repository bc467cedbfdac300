/**
 * The package's entry points: `nlink` is the union of `nlink/core` and the
 * family entries, package.json exports each of them, and an entry adds its
 * family's methods and no other's.
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './helpers.js';

const entries = readdirSync(join(repoRoot, 'src', 'entries'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

const entryUrl = (name: string): string => pathToFileURL(join(repoRoot, 'dist', 'src', 'entries', `${name}.js`)).href;

test('package.json exports every entry, and nlink/NAME resolves to it', async () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    exports: Record<string, unknown>;
  };
  const subpaths = Object.keys(pkg.exports)
    .filter((k) => !['.', './testing', './package.json'].includes(k))
    .map((k) => k.slice(2))
    .sort();
  assert.deepEqual(subpaths, entries);
  for (const name of entries) {
    assert.deepEqual(pkg.exports[`./${name}`], {
      types: `./dist/src/entries/${name}.d.ts`,
      default: `./dist/src/entries/${name}.js`,
    });
    assert.equal(await import(`nlink/${name}`), await import(entryUrl(name)), name);
  }
});

test('nlink exports what the entries export, each name from one entry', async () => {
  const root: Record<string, unknown> = await import('../src/index.js');
  const owners = new Map<string, string[]>();
  for (const name of entries) {
    const entry: Record<string, unknown> = await import(entryUrl(name));
    for (const [key, value] of Object.entries(entry)) {
      owners.set(key, [...(owners.get(key) ?? []), name]);
      assert.equal(root[key], value, `${key} of nlink/${name}`);
    }
  }
  assert.deepEqual([...owners.keys()].sort(), Object.keys(root).sort());
  for (const [key, from] of owners) assert.deepEqual(from.length, 1, `${key} is exported by ${from.join(', ')}`);
});

test("an entry adds its family's methods and no other's", () => {
  // A fresh process: this one has loaded every family already.
  const script = `
    const { Connection, Batch } = await import(${JSON.stringify(entryUrl('core'))});
    const methods = () => ['getRoutes', 'getLinks', 'getAddresses', 'getRules'].filter((m) => m in Connection.prototype);
    const seen = { core: methods() };
    await import(${JSON.stringify(entryUrl('routes'))});
    seen.routes = methods();
    await import(${JSON.stringify(entryUrl('addresses'))});
    seen.addresses = methods();
    seen.batchBefore = 'addRoute' in Batch.prototype;
    await import(${JSON.stringify(entryUrl('batch'))});
    seen.batchAfter = 'addRoute' in Batch.prototype;
    seen.afterBatch = methods();
    console.log(JSON.stringify(seen));
  `;
  const seen: unknown = JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
  );
  assert.deepEqual(seen, {
    core: [],
    // Routes resolve interface names through links: that entry loads links too.
    routes: ['getRoutes', 'getLinks'],
    addresses: ['getRoutes', 'getLinks', 'getAddresses'],
    batchBefore: false,
    batchAfter: true,
    // Rules are in no entry imported here.
    afterBatch: ['getRoutes', 'getLinks', 'getAddresses'],
  });
});

test('a TypeScript consumer sees the methods of the entries it imports, through the exports map', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nlink-consumer-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(repoRoot, join(dir, 'node_modules', 'nlink'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module' }));
    const compilerOptions = {
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      target: 'ES2022',
      lib: ['ES2023', 'ESNext.Disposable'],
      strict: true,
      noEmit: true,
      types: ['node'],
      typeRoots: [join(repoRoot, 'node_modules', '@types')],
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['main.ts'] }));
    writeFileSync(
      join(dir, 'main.ts'),
      [
        "import { Connection, Route } from 'nlink/core';",
        "import 'nlink/routes';",
        'const conn = new Connection(Route);',
        'void conn.streamRoutes({ table: 100 });',
        '// @ts-expect-error nlink/addresses is not imported',
        'void conn.getAddresses;',
        '// @ts-expect-error nlink/rules is not imported',
        'void conn.getRules;',
        '',
      ].join('\n'),
    );
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
