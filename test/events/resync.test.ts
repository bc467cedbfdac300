import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NLM_F, RTM } from '../../src/core/constants.js';
import { Writer } from '../../src/core/writer.js';
import { MultiNamespaceEvents } from '../../src/events/multi.js';
import type { ResyncedEvent } from '../../src/events/resync.js';
import { Store } from '../../src/events/store.js';
import '../../src/index.js';
import { RtnetlinkGroup } from '../../src/route/events.js';
import { linkMessage } from '../../src/route/link/schema.js';
import { Connection } from '../../src/session/connection.js';
import { Route } from '../../src/session/protocol.js';
import { FakeSocket } from '../../src/testing/fake-socket.js';
import * as frames from '../../src/testing/frames.js';

function linkBytes(index: number, name: string, mtu = 1500): Buffer {
  const w = new Writer();
  linkMessage.encode(w, { header: { index }, attrs: { ifname: name, mtu } });
  return w.finish();
}

/** A fake kernel: a link table, a request socket answering dumps, and an event socket. */
function fakeKernel() {
  const links = new Map<number, { name: string; mtu: number }>([[1, { name: 'lo', mtu: 65536 }]]);
  const sockets: FakeSocket[] = [];
  const factory = (o: Parameters<FakeSocket['factory']>[0]) => {
    const s = new FakeSocket({ portId: 50 + sockets.length, delivery: 'async' });
    s.onRequest = (req) =>
      req.header.flags & NLM_F.DUMP
        ? [...links]
            .map(([i, l]) => frames.reply(req, RTM.NEWLINK, linkBytes(i, l.name, l.mtu), { multi: true }))
            .concat(frames.done(req))
        : [frames.ack(req)];
    sockets.push(s);
    return s.factory(o);
  };
  const events = () => sockets[1] as FakeSocket;
  return {
    links,
    factory,
    sockets,
    set(index: number, name: string, mtu = 1500) {
      links.set(index, { name, mtu });
      events().push(frames.message({ type: RTM.NEWLINK }, linkBytes(index, name, mtu)), { groups: 1 });
    },
    del(index: number) {
      const l = links.get(index);
      links.delete(index);
      events().push(frames.message({ type: RTM.DELLINK }, linkBytes(index, l?.name ?? '?')), { groups: 1 });
    },
    /** Changes the table without telling (the events were lost), then reports the overrun. */
    loseEvents(change: () => void) {
      change();
      events().pushError('ENOBUFS');
    },
  };
}

function label(item: ResyncedEvent): string {
  if (item.kind === 'resyncStart' || item.kind === 'resyncEnd') return `${item.kind}:${item.reason}`;
  const e = item.event;
  return `${item.kind}:${e.type}${'link' in e ? `:${e.link.name}` : ''}`;
}

test('an initial sync, live events, and an overrun turned into a resync', async () => {
  const k = fakeKernel();
  const conn = new Connection(Route, { socketFactory: k.factory });
  const stream = conn.eventsWithResync({ groups: [RtnetlinkGroup.Link] });
  const seen: string[] = [];
  const store = new Store();
  const take = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const r = await stream.next();
      assert.ok(!r.done);
      seen.push(label(r.value));
      store.apply(r.value);
    }
  };
  await take(3);
  assert.deepEqual(seen, ['resyncStart:initial', 'resynced:NewLink:lo', 'resyncEnd:initial']);
  k.set(2, 'eth0');
  await take(1);
  assert.equal(seen.at(-1), 'event:NewLink:eth0');
  k.loseEvents(() => {
    k.links.delete(2);
    k.links.set(3, { name: 'eth1', mtu: 9000 });
  });
  await take(4);
  assert.deepEqual(seen.slice(-4), [
    'resyncStart:overrun',
    'resynced:NewLink:lo',
    'resynced:NewLink:eth1',
    'resyncEnd:overrun',
  ]);
  assert.deepEqual(store.keys().sort(), ['link/1', 'link/3']);
  assert.equal(store.getLink(3)?.mtu, 9000);
  k.del(3);
  await take(1);
  assert.deepEqual(store.keys(), ['link/1']);
  await stream.return();
  conn.close();
});

test('the store equals a fresh dump after any sequence of changes and overruns', async () => {
  const k = fakeKernel();
  const conn = new Connection(Route, { socketFactory: k.factory });
  const store = new Store();
  const stream = conn.intoEventsWithResync({ groups: [RtnetlinkGroup.Link] });
  const consumer = (async () => {
    for await (const item of stream) store.apply(item);
  })();
  await new Promise((r) => setTimeout(r, 10));
  for (let i = 0; i < 200; i++) {
    const index = 2 + (i % 17);
    if (i % 5 === 4) k.loseEvents(() => k.links.delete(index));
    else if (i % 3 === 0 && k.links.has(index)) k.del(index);
    else k.set(index, `l${index}`, 1000 + i);
    if (i % 10 === 0) await new Promise((r) => setImmediate(r));
  }
  await new Promise((r) => setTimeout(r, 50));
  const expected = [...k.links].map(([i, l]) => `link/${i}=${l.name}/${l.mtu}`).sort();
  const actual = store
    .keys()
    .map((key) => {
      const l = store.get(key) as { name: string; mtu: number };
      return `${key}=${l.name}/${l.mtu}`;
    })
    .sort();
  assert.deepEqual(actual, expected);
  conn.close();
  await consumer;
  assert.equal(
    k.sockets.every((s) => s.closed),
    true,
  );
});

test('merged namespaces tag every event; removing one ends its part cleanly', async () => {
  const kernels = [fakeKernel(), fakeKernel(), fakeKernel()];
  const merged = new MultiNamespaceEvents();
  const conns = kernels.map((k) => new Connection(Route, { socketFactory: k.factory }));
  conns.forEach((c, i) => {
    c.subscribe([RtnetlinkGroup.Link]);
    merged.add(`ns${i}`, c);
  });
  const it = merged[Symbol.asyncIterator]();
  for (const [i, k] of kernels.entries()) k.set(10, `in-ns${i}`);
  const got = new Map<string, string>();
  for (let i = 0; i < 3; i++) {
    const r = await it.next();
    assert.ok(!r.done && r.value.event.type === 'NewLink');
    got.set(r.value.namespace, r.value.event.link.name ?? '');
  }
  assert.deepEqual(Object.fromEntries(got), { ns0: 'in-ns0', ns1: 'in-ns1', ns2: 'in-ns2' });
  assert.ok(merged.remove('ns1'));
  assert.equal(conns[1]?.closed, true);
  kernels[1]?.links.clear();
  kernels[2]?.set(11, 'later');
  const r = await it.next();
  assert.ok(!r.done && r.value.namespace === 'ns2');
  assert.deepEqual(merged.namespaces, ['ns0', 'ns2']);
  merged.close();
  assert.equal((await it.next()).done, true);
  assert.ok(conns.every((c) => c.closed));
});
