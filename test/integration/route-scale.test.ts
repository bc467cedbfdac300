/**
 * Scale: 100,000 routes added through the library (1,000 requests in flight
 * at a time; a batch API would pack them) all appear in `ip route show` and
 * in a kernel-filtered dump. Takes 10-30 s depending on the machine, hence
 * its own file, so that it can be left out of a quick run.
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { ClosedError } from '../../src/index.js';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withLab } from './route-lab.js';

const skip = skipUnlessIntegration();

test('100,000 routes added through the library all appear in ip route show', { skip, timeout: 120_000 }, async (t) => {
  await withLab(async (ns) => {
    const conn = ns.connection();
    const d0 = (await conn.requireLink('d0')).ifindex;
    const count = 100_000;
    const inFlight = 1000;
    const dst = (i: number) => `${20 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0/24`;
    const started = performance.now();
    for (let i = 0; i < count; i += inFlight) {
      const chunk: Promise<void>[] = [];
      for (let j = i; j < Math.min(count, i + inFlight); j++) {
        chunk.push(conn.addRoute({ dst: dst(j), gateway: '10.0.0.2', dev: d0 }));
      }
      await Promise.all(chunk);
    }
    const addMs = performance.now() - started;
    const shownInOrder = execFileSync('ip', ['-n', ns.name, 'route', 'show'], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    })
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.split(' ')[0]);
    const shown = new Set(shownInOrder);
    for (let i = 0; i < count; i++) assert.ok(shown.has(dst(i)), dst(i));
    const dumpStarted = performance.now();
    const dumped = await conn.getRoutes({ family: 'inet', table: 'main' });
    const dumpMs = performance.now() - dumpStarted;
    assert.equal(dumped.length, count + 1);
    // The dump is read ahead on a thread of the addon: every route once, in the kernel's order.
    assert.deepEqual(
      dumped.map((r) => r.dst),
      shownInOrder,
    );

    // A dump left part way (the read-ahead thread still running) is drained; the next one is whole.
    let seen = 0;
    for await (const page of conn.streamRoutes({ family: 'inet', table: 'main' }).pages()) {
      seen += page.length;
      if (seen > count / 4) break;
    }
    assert.equal((await conn.getRoutes({ family: 'inet', table: 'main' })).length, count + 1);

    // Closing a connection in the middle of a dump ends the thread and fails the dump; nothing else breaks.
    const other = ns.connection();
    await assert.rejects(async () => {
      let n = 0;
      for await (const page of other.streamRoutes({ family: 'inet', table: 'main' }).pages()) {
        n += page.length;
        if (n > count / 4) other.close();
      }
    }, ClosedError);
    assert.equal((await conn.getRoutes({ family: 'inet', table: 'main' })).length, count + 1);
    t.diagnostic(
      `added ${count} routes in ${addMs.toFixed(0)} ms (${inFlight} in flight); dumped them in ${dumpMs.toFixed(0)} ms`,
    );
  });
});
