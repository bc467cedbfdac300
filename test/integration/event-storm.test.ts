/**
 * Storm acceptance: a subscriber with a small receive buffer while another
 * process makes 50,000 address and route changes; the stream reports the
 * overrun, the resync completes, and the store then equals a fresh dump,
 * object for object.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { Store } from '../../src/events/store.js';
import '../../src/index.js';
import { RtnetlinkGroup } from '../../src/route/events.js';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { describeStore, freshStore, tool, waitFor } from './event-lab.js';

const skip = skipUnlessIntegration();

const GROUPS = [RtnetlinkGroup.Ipv4Addr, RtnetlinkGroup.Ipv6Addr, RtnetlinkGroup.Ipv4Route, RtnetlinkGroup.Ipv6Route];

/**
 * 50,000 changes: addresses (one in ten IPv6) and routes added, and two in
 * three of them removed again seven steps later, interleaved.
 */
function stormScript(): string[] {
  const lines: string[] = [];
  const addr = (i: number) =>
    i % 10 === 0 ? `2001:db8:1::${(i + 1).toString(16)}/128` : `10.${100 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32`;
  const route = (i: number) => `10.${200 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32`;
  for (let i = 0; lines.length < 50_000; i++) {
    lines.push(`address add ${addr(i)} dev va${i % 10 === 0 ? ' nodad' : ''}`);
    lines.push(`route add ${route(i)} via 10.0.0.2 metric ${i % 3}`);
    const j = i - 7;
    if (j >= 0 && j % 3 !== 2) {
      lines.push(`address del ${addr(j)} dev va`);
      lines.push(`route del ${route(j)} via 10.0.0.2 metric ${j % 3}`);
    }
  }
  return lines.slice(0, 50_000);
}

test('50,000 address and route changes against a small event buffer: overrun, resync, store equals a fresh dump', {
  skip,
  timeout: 120_000,
}, async (t) => {
  await withNamespace(async (ns) => {
    tool(ns.name, 'ip', 'link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
    tool(ns.name, 'ip', 'link', 'set', 'va', 'up');
    tool(ns.name, 'ip', 'address', 'add', '10.0.0.1/16', 'dev', 'va');
    const script = stormScript();

    const conn = ns.connection({ eventReceiveBufferSize: 16384 });
    const store = new Store();
    let overruns = 0;
    let resyncsEnded = 0;
    let lastItem = Date.now();
    const consumer = (async () => {
      for await (const item of conn.eventsWithResync({ groups: GROUPS })) {
        if (item.kind === 'resyncStart' && item.reason === 'overrun') overruns++;
        if (item.kind === 'resyncEnd' && item.reason === 'overrun') resyncsEnded++;
        store.apply(item);
        lastItem = Date.now();
      }
    })();
    assert.ok(await waitFor(() => store.size > 0), 'initial sync');
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn('ip', ['-n', ns.name, '-batch', '-'], { stdio: ['pipe', 'ignore', 'inherit'] });
      child.on('exit', resolve);
      child.stdin.end(`${script.join('\n')}\n`);
    });
    assert.equal(code, 0, 'ip -batch applied every change');
    assert.equal(script.length, 50_000);
    // Quiet: the last resync has ended and nothing came for a while.
    assert.ok(await waitFor(() => resyncsEnded === overruns && Date.now() - lastItem > 300, 30_000));
    const fresh = await freshStore(ns, GROUPS);
    assert.ok(fresh.size > 10_000, `${fresh.size} objects`);
    assert.ok(overruns > 0, 'a 16 KiB buffer overflows under this storm');
    assert.deepEqual(describeStore(store), describeStore(fresh));
    t.diagnostic(`storm: ${overruns} overruns, ${fresh.size} objects, ${Date.now() - started} ms`);
    conn.close();
    await consumer;
    assert.ok(Date.now() - started < 60_000);
  });
});
