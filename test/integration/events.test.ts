/** Events on the real kernel: overrun, resync, watch cache; merged namespaces. */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { MultiNamespaceEvents } from '../../src/events/multi.js';
import { Store } from '../../src/events/store.js';
import '../../src/index.js';
import { RtnetlinkGroup } from '../../src/route/events.js';
import type { Link } from '../../src/route/link/link.js';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { ip } from '../helpers.js';

const skip = skipUnlessIntegration();

function runBatch(ns: string, lines: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn('ip', ['-n', ns, '-batch', '-'], { stdio: ['pipe', 'ignore', 'ignore'] }).on('exit', resolve);
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}

test('link storm with a tiny event buffer: overrun reported, resync completes, store equals a fresh dump', {
  skip,
  timeout: 120_000,
}, async () => {
  await withNamespace(async (ns) => {
    const setup = Array.from({ length: 40 }, (_, i) => `link add s${i} type veth peer name t${i}`);
    await runBatch(ns.name, setup);
    const conn = ns.connection({ eventReceiveBufferSize: 4096 });
    const store = new Store();
    let overruns = 0;
    let lastItem = Date.now();
    const stream = conn.eventsWithResync({ groups: [RtnetlinkGroup.Link] });
    const consumer = (async () => {
      for await (const item of stream) {
        if (item.kind === 'resyncStart' && item.reason === 'overrun') overruns++;
        store.apply(item);
        lastItem = Date.now();
      }
    })();
    const storm: string[] = [];
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 40; i++) storm.push(`link set s${i} mtu ${1280 + ((round * 7 + i) % 200)}`);
      if (round % 10 === 9)
        storm.push(`link del s${round % 40}`, `link add s${round % 40} type veth peer name t${round % 40}`);
    }
    assert.equal(await runBatch(ns.name, storm), 0);
    while (Date.now() - lastItem < 300) await new Promise((r) => setTimeout(r, 100));
    const fresh = await ns.connection().getLinks();
    const describe = (l: Link) => `${l.ifindex}:${l.name}:${l.mtu}`;
    assert.deepEqual((store.values() as Link[]).map(describe).sort(), fresh.map(describe).sort());
    assert.ok(overruns > 0, 'a 4 KiB buffer overflows under this storm');
    conn.close();
    await consumer;
  });
});

test('three namespaces merged: every event carries the right namespace; removing one ends its part', {
  skip,
}, async () => {
  await withNamespace(async (a) => {
    await withNamespace(async (b) => {
      await withNamespace(async (c) => {
        const merged = new MultiNamespaceEvents();
        for (const [label, ns] of [
          ['a', a],
          ['b', b],
          ['c', c],
        ] as const) {
          const conn = ns.connection();
          conn.subscribe([RtnetlinkGroup.Link]);
          merged.add(label, conn);
        }
        const it = merged[Symbol.asyncIterator]();
        const first = it.next();
        for (const [label, ns] of [
          ['a', a],
          ['b', b],
          ['c', c],
        ] as const) {
          ip(ns.name, 'link', 'add', `in-${label}`, 'type', 'veth', 'peer', 'name', `peer-${label}`);
        }
        const seen: string[] = [];
        for (let r = await first; !r.done; r = await it.next()) {
          const e = r.value.event;
          if (e.type === 'NewLink' && e.link.name?.startsWith('in-')) {
            assert.equal(e.link.name, `in-${r.value.namespace}`);
            seen.push(r.value.namespace);
          }
          if (seen.length === 3) break;
        }
        assert.deepEqual(seen.sort(), ['a', 'b', 'c']);
        merged.remove('b');
        ip(c.name, 'link', 'add', 'late', 'type', 'veth', 'peer', 'name', 'late-peer');
        for (let r = await it.next(); !r.done; r = await it.next()) {
          assert.notEqual(r.value.namespace, 'b');
          if (r.value.event.type === 'NewLink' && r.value.event.link.name === 'late') break;
        }
        merged.close();
        assert.equal((await it.next()).done, true);
      });
    });
  });
});
