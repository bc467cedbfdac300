/**
 * Runs every ```ts block of README.md, transpiled, in a child process inside
 * a throwaway namespace holding a veth pair eth0/eth1; `myns` is replaced by
 * a second throwaway namespace and `containerPid` is a process inside it.
 */

import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { repoRoot } from '../helpers.js';

const blocks = [...readFileSync(join(repoRoot, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map(
  (m) => m[1] ?? '',
);

/** What each block must print (checked in order of the README). */
const expected: RegExp[] = [
  /^1: lo$/m,
  /^9000$/m,
  /^\d+\n\d+$/m,
  /^9000$/m,
  /^10\.0\.0\.0\/8 192\.168\.1\.1\n10\.1\.0\.0\/16 192\.168\.1\.1,192\.168\.1\.2\n192\.168\.1\.0\/24 direct\n3 routes$/m,
  /^1000\nadd route 10\.99\.0\.0\/32: File exists \(EEXIST\)$/m,
  /^New link: eth1$/m,
  /^\[default\] NewLink$/m,
  /^10\.7\.0\.0\/16 blackhole\nfalse$/m,
  /^1$/m,
];

function run(
  file: string,
  ns: string,
  onStart: (child: ChildProcess) => void,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
    onStart(child);
  });
}

test('README has the expected examples', () => {
  assert.equal(blocks.length, expected.length, 'update `expected` when README examples change');
});

test('README examples run as written', { skip: skipUnlessIntegration(), timeout: 120_000 }, async (t) => {
  const dir = join(repoRoot, 'dist', 'readme');
  mkdirSync(dir, { recursive: true });
  await withNamespace(
    async (main) => {
      execFileSync('ip', ['-n', main.name, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth1']);
      await withNamespace(
        async (other) => {
          const sleeper = spawn('ip', ['netns', 'exec', other.name, 'sleep', '120'], { stdio: 'ignore' });
          try {
            for (const [i, block] of blocks.entries()) {
              await t.test(`README block ${i + 1}`, async () => {
                const source = `const containerPid = ${sleeper.pid};\n${block.replaceAll("'myns'", `'${other.name}'`)}`;
                const js = ts.transpileModule(source, {
                  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
                }).outputText;
                const file = join(dir, `block${i + 1}.mjs`);
                writeFileSync(file, js);
                let toggler: NodeJS.Timeout | undefined;
                const result = await run(file, main.name, () => {
                  // Event examples wait for a change to eth1: keep making some.
                  let up = false;
                  toggler = setInterval(() => {
                    up = !up;
                    try {
                      execFileSync('ip', ['-n', main.name, 'link', 'set', 'eth1', up ? 'up' : 'down']);
                    } catch {
                      // the namespace may be going away
                    }
                  }, 150);
                });
                clearInterval(toggler);
                assert.equal(result.code, 0, result.out);
                assert.match(result.out, expected[i] ?? /$^/, result.out);
              });
            }
          } finally {
            sleeper.kill('SIGKILL');
          }
        },
        { prefix: 'readme-b' },
      );
    },
    { prefix: 'readme-a' },
  );
});
