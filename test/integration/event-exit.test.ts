/** Closing event streams releases their sockets: a process that used them exits on its own. */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { repoRoot } from '../helpers.js';

const skip = skipUnlessIntegration();

test('a process whose event streams (owning, resync, borrowing, three merged namespaces) ended exits by itself', {
  skip,
  timeout: 30_000,
}, async () => {
  await withNamespace(async (a) => {
    await withNamespace(async (b) => {
      await withNamespace(async (c) => {
        const script = join(repoRoot, 'dist', 'test', 'integration', 'event-exit-child.js');
        const child = spawn(process.execPath, [script, a.name, b.name, c.name], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (s: string) => {
          out += s;
        });
        child.stderr.setEncoding('utf8').on('data', (s: string) => {
          out += s;
        });
        const timer = setTimeout(() => child.kill(), 15_000);
        const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
          child.on('exit', (code, signal) => resolve([code, signal])),
        );
        clearTimeout(timer);
        assert.equal(signal, null, `the child did not exit by itself: ${out}`);
        assert.equal(code, 0, out);
        assert.equal(out, 'done\n');
      });
    });
  });
});
