import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AF, NLM_F, RTM } from '../../../src/core/constants.js';
import { InvalidArgumentError, KernelError, NotFoundError } from '../../../src/errors.js';
import { Neighbor, neighborStateNames } from '../../../src/route/neigh/neighbor.js';
import { NTF, NUD, neighMessage } from '../../../src/route/neigh/schema.js';
import type { Connection } from '../../../src/session/connection.js';
import type { Route } from '../../../src/session/protocol.js';
import * as frames from '../../../src/testing/frames.js';
import { diffIproute2, dumpReply, encode, fakeRoute, lastSent, recorded } from './kernel.js';

/** `ip link add d0 type veth peer name d1` in a fresh namespace: d1 is 2, d0 is 3. */
const LINKS = { lo: 1, d1: 2, d0: 3 };

const SAME_AS_IPROUTE2: readonly [string, (c: Connection<Route>) => Promise<unknown>, boolean?][] = [
  [
    'neigh-add-v4',
    (c) => c.addNeighbor({ address: '10.0.0.2', dev: 'd0', lladdr: '02:00:00:00:00:02', state: 'permanent' }),
  ],
  [
    'neigh-replace-v6',
    (c) =>
      c.replaceNeighbor({
        address: '2001:db8::1',
        dev: 'd0',
        lladdr: '02:00:00:00:00:09',
        state: 'reachable',
        router: true,
      }),
  ],
  ['neigh-proxy', (c) => c.addNeighbor({ address: '10.0.0.9', dev: 'd0', proxy: true })],
  ['neigh-proxy6', (c) => c.addNeighbor({ address: '2001:db8::9', dev: 'd0', proxy: true })],
  ['neigh-del', (c) => c.delNeighbor({ address: '10.0.0.2', dev: 'd0' })],
  [
    'neigh-change-stale',
    (c) => c.changeNeighbor({ address: '10.0.0.2', dev: 'd0', lladdr: '02:00:00:00:00:03', state: 'stale' }),
  ],
  [
    'neigh-extern',
    (c) =>
      c.addNeighbor({
        address: '10.0.0.3',
        dev: 'd0',
        lladdr: '02:00:00:00:00:04',
        externLearn: true,
        protocol: 4,
        state: 'noarp',
      }),
  ],
  ['neigh-use', (c) => c.addNeighbor({ address: '10.0.0.5', dev: 'd0', use: true, state: 'none' })],
  ['neigh-managed', (c) => c.addNeighbor({ address: '10.0.0.6', dev: 'd0', managed: true })],
  ['neigh-noarp', (c) => c.addNeighbor({ address: '10.0.0.7', dev: 3, state: ['noarp'] })],
  ['neigh-get', (c) => c.getNeighbor({ address: '10.0.0.2', dev: 'd0' }), true],
  ['neigh-get-proxy', (c) => c.getNeighbor({ address: '10.0.0.9', dev: 'd0', proxy: true }), true],
  ['neigh-show', (c) => c.getNeighbors(), true],
  ['neigh-show-dev', (c) => c.getNeighbors({ dev: 'd0' }), true],
  ['neigh-show-proxy', (c) => c.getNeighbors({ family: 'inet6', proxy: true }), true],
];

for (const [name, body, ackless] of SAME_AS_IPROUTE2) {
  test(`${name}: the same request as iproute2 sends`, async () => {
    const ours = await lastSent(body, LINKS);
    assert.deepEqual(diffIproute2(ours, name, neighMessage, { ackless: ackless ?? false }), []);
  });
}

test('the comparison sees a wrong state, flag or address', async () => {
  const ours = await lastSent(
    (c) => c.addNeighbor({ address: '10.0.0.2', dev: 'd0', lladdr: '02:00:00:00:00:02', state: 'reachable' }),
    LINKS,
  );
  assert.deepEqual(diffIproute2(ours, 'neigh-add-v4', neighMessage), [
    'header: 020000000300000002000000 != 020000000300000080000000',
  ]);
});

test('a recorded IPv4 dump decodes: address, link-layer address, state, cache info', async () => {
  const { conn } = fakeRoute(LINKS, (req) =>
    req.header.type === RTM.GETNEIGH ? dumpReply(req, recorded('neigh-dump')) : undefined,
  );
  const all = await conn.getNeighbors({ family: 'inet' });
  const n = all.find((x) => x.destination === '10.0.0.2');
  assert.ok(n);
  assert.equal(n.family, AF.INET);
  assert.equal(n.ipFamily, 'inet');
  assert.equal(n.ifindex, 3);
  assert.equal(n.lladdr, '02:00:00:00:00:02');
  assert.deepEqual(n.stateNames, ['permanent']);
  assert.deepEqual(n.flagNames, []);
  assert.equal(n.probes, 0);
  assert.equal(typeof n.cacheinfo?.refcnt, 'number');
  assert.equal(n.isProxy, false);
  // The other recorded entry is the IGMP group's noarp entry; a state filter keeps only the permanent one.
  assert.equal(all.length, 2);
  assert.deepEqual(
    (await conn.getNeighbors({ state: 'permanent' })).map((x) => x.destination),
    ['10.0.0.2'],
  );
  assert.deepEqual(
    (await conn.getNeighbors({ state: ['noarp', 'stale'] })).map((x) => x.stateNames),
    [['noarp']],
  );
  conn.close();
});

test('recorded IPv6 and proxy dumps decode: router flag, stale state, proxy entries', async () => {
  const { conn } = fakeRoute(LINKS, (req) => {
    const asked = neighMessage.decode(req.payload);
    const name = asked.header.flags & NTF.PROXY ? 'neigh-proxy-dump' : 'neigh6-dump';
    return dumpReply(req, recorded(name));
  });
  const router = (await conn.getNeighbors({ family: 'inet6', dev: 'd1' })).find((n) => n.isRouter);
  assert.equal(router?.destination, '2001:db8::1');
  assert.deepEqual(router?.stateNames, ['stale']);
  assert.deepEqual(router?.flagNames, ['router']);
  assert.equal(router?.ipFamily, 'inet6');
  const [proxy] = await conn.getNeighbors({ proxy: true });
  assert.equal(proxy?.destination, '10.0.0.9');
  assert.equal(proxy?.isProxy, true);
  assert.deepEqual(proxy?.flagNames, ['proxy']);
  assert.deepEqual(JSON.parse(JSON.stringify(proxy)).attrs, { dst: '10.0.0.9' });
  conn.close();
});

test('streamNeighbors yields the same entries as getNeighbors, filtered alike', async () => {
  const { conn } = fakeRoute(LINKS, (req) => dumpReply(req, recorded('neigh-dump')));
  const streamed: string[] = [];
  for await (const n of conn.streamNeighbors({ state: 'noarp' })) streamed.push(n.destination ?? '');
  assert.deepEqual(streamed, ['224.0.0.22']);
  conn.close();
});

test('getNeighbor returns the entry, or undefined when the kernel has none', async () => {
  const reply = encode(neighMessage, {
    header: { family: AF.INET, ifindex: 3, state: NUD.REACHABLE },
    attrs: { dst: '10.0.0.2', lladdr: '02:00:00:00:00:02' },
  });
  const { conn } = fakeRoute(LINKS, (req) => {
    const dst = neighMessage.decode(req.payload).attrs.dst;
    return dst === '10.0.0.2' ? [frames.reply(req, RTM.NEWNEIGH, reply), frames.ack(req)] : [frames.error(req, 2)];
  });
  assert.deepEqual((await conn.getNeighbor({ address: '10.0.0.2', dev: 'd0' }))?.stateNames, ['reachable']);
  assert.equal(await conn.getNeighbor({ address: '10.0.0.3', dev: 'd0' }), undefined);
  conn.close();
});

test('flushNeighbors deletes what matches, keeps permanent and noarp entries, and reports exactly what went', async () => {
  const entry = (dst: string, state: number) => ({
    type: RTM.NEWNEIGH,
    payload: encode(neighMessage, { header: { family: AF.INET, ifindex: 3, state }, attrs: { dst } }),
  });
  const dump = [
    entry('10.0.0.1', NUD.PERMANENT),
    entry('10.0.0.2', NUD.REACHABLE),
    entry('10.0.0.3', NUD.STALE),
    entry('10.0.0.4', NUD.NOARP),
    entry('10.0.0.5', NUD.FAILED),
  ];
  const deleted: string[] = [];
  const { conn, fake } = fakeRoute(LINKS, (req) => {
    if (req.header.type === RTM.GETNEIGH) return dumpReply(req, dump);
    const dst = neighMessage.decode(req.payload).attrs.dst ?? '';
    // 10.0.0.3 vanished between the dump and the deletion.
    if (dst === '10.0.0.3') return [frames.error(req, 2)];
    deleted.push(dst);
    return undefined;
  });
  const gone = await conn.flushNeighbors({ dev: 'd0' });
  assert.deepEqual(
    gone.map((n) => n.destination),
    ['10.0.0.2', '10.0.0.5'],
  );
  assert.deepEqual(deleted, ['10.0.0.2', '10.0.0.5']);
  const dels = fake.sent.filter((m) => m.header.type === RTM.DELNEIGH);
  assert.equal(dels.length, 3);
  assert.equal(neighMessage.decode(dels[0]!.payload).header.ifindex, 3);
  // With a state filter, permanent entries go too.
  deleted.length = 0;
  assert.deepEqual(
    (await conn.flushNeighbors({ state: 'permanent' })).map((n) => n.destination),
    ['10.0.0.1'],
  );
  conn.close();
});

test('delNeighbor takes a decoded entry, proxy entries included', async () => {
  const proxy = new Neighbor(
    neighMessage.decode(
      encode(neighMessage, {
        header: { family: AF.INET6, ifindex: 3, flags: NTF.PROXY },
        attrs: { dst: '2001:db8::9' },
      }),
    ),
  );
  const raw = await lastSent((c) => c.delNeighbor(proxy), LINKS);
  const sent = neighMessage.decode(raw.subarray(16));
  assert.equal(raw.readUInt16LE(4), RTM.DELNEIGH);
  assert.deepEqual(
    [sent.header.family, sent.header.ifindex, sent.header.flags, sent.attrs.dst],
    [AF.INET6, 3, NTF.PROXY, '2001:db8::9'],
  );
});

test('errors name the operation and the entry; bad input is refused before sending', async () => {
  const { conn, fake } = fakeRoute(LINKS, (req) => [frames.error(req, 2)]);
  await assert.rejects(conn.delNeighbor({ address: '10.0.0.2', dev: 'd0' }), (e: unknown) => {
    assert.ok(e instanceof KernelError);
    assert.equal(e.message, 'delete neighbor 10.0.0.2 dev d0: No such file or directory (ENOENT)');
    return true;
  });
  assert.equal(await conn.delNeighborIfExists({ address: '10.0.0.2', dev: 'd0' }), false);
  await assert.rejects(conn.addNeighbor({ address: '10.0.0.2', dev: 'nosuch' }), NotFoundError);
  const before = fake.sent.length;
  await assert.rejects(conn.addNeighbor({ address: '10.0.0.256', dev: 3 }), InvalidArgumentError);
  await assert.rejects(
    conn.addNeighbor({ address: '10.0.0.2', dev: 3, state: 'bogus' as never }),
    InvalidArgumentError,
  );
  await assert.rejects(conn.addNeighbor({ address: '10.0.0.2', dev: 0 }), InvalidArgumentError);
  assert.equal(fake.sent.length, before);
  conn.close();
});

test('add, replace and change set the flags of ip neigh add, replace and change', async () => {
  const flags = async (body: (c: Connection<Route>) => Promise<unknown>) =>
    (await lastSent(body, LINKS)).readUInt16LE(6);
  const cfg = { address: '10.0.0.2', dev: 3 } as const;
  assert.equal(await flags((c) => c.addNeighbor(cfg)), NLM_F.REQUEST | NLM_F.ACK | NLM_F.CREATE | NLM_F.EXCL);
  assert.equal(await flags((c) => c.replaceNeighbor(cfg)), NLM_F.REQUEST | NLM_F.ACK | NLM_F.CREATE | NLM_F.REPLACE);
  assert.equal(await flags((c) => c.changeNeighbor(cfg)), NLM_F.REQUEST | NLM_F.ACK | NLM_F.REPLACE);
});

test('state names follow the NUD bits', () => {
  assert.deepEqual(neighborStateNames(0), ['none']);
  assert.deepEqual(neighborStateNames(NUD.REACHABLE | NUD.NOARP), ['reachable', 'noarp']);
  assert.deepEqual(neighborStateNames(NUD.INCOMPLETE | NUD.DELAY | NUD.PROBE | NUD.FAILED), [
    'incomplete',
    'delay',
    'probe',
    'failed',
  ]);
});
