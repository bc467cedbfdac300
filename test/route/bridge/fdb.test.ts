import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AF, NLM_F, RTM } from '../../../src/core/constants.js';
import { InvalidArgumentError, KernelError } from '../../../src/errors.js';
import { fdbStateName } from '../../../src/route/bridge/fdb.js';
import type { FdbFlushFilter } from '../../../src/route/bridge/fdb-ops.js';
import { NTF, NUD, neighMessage } from '../../../src/route/neigh/schema.js';
import type { Connection } from '../../../src/session/connection.js';
import type { Route } from '../../../src/session/protocol.js';
import * as frames from '../../../src/testing/frames.js';
import { diffIproute2, dumpReply, fakeRoute, isDump, lastSent, recorded, type Script } from '../neigh/kernel.js';

/** `ip link add br0 type bridge; ip link add d0 type veth peer name d1; ip link set d0 master br0`. */
const BRIDGED = { lo: 1, br0: 2, d1: 3, d0: 4 };
/** `ip link add d0 type veth peer name d1; ip link add vx0 type vxlan ...`. */
const VXLAN_AFTER_VETH = { lo: 1, d1: 2, d0: 3, vx0: 4 };
/** `ip link add vx0 type vxlan ...` alone. */
const VXLAN = { lo: 1, vx0: 2 };

const SAME_AS_IPROUTE2: readonly [
  string,
  Record<string, number>,
  (c: Connection<Route>) => Promise<unknown>,
  boolean?,
][] = [
  ['fdb-add-master', BRIDGED, (c) => c.addFdb({ mac: '02:00:00:00:00:01', dev: 'd0', master: true, state: 'static' })],
  [
    'fdb-add-self-vlan',
    BRIDGED,
    (c) => c.addFdb({ mac: '02:00:00:00:00:02', dev: 'd0', self: true, state: 'permanent', vlan: 10 }),
  ],
  ['fdb-add-default', BRIDGED, (c) => c.addFdb({ mac: '02:00:00:00:00:02', dev: 'd0' })],
  [
    'fdb-replace-dynamic',
    BRIDGED,
    (c) => c.replaceFdb({ mac: '02:00:00:00:00:03', dev: 'd0', master: true, state: 'dynamic', vlan: 20 }),
  ],
  [
    'fdb-add-extern',
    BRIDGED,
    (c) =>
      c.addFdb({ mac: '02:00:00:00:00:04', dev: 'd0', master: true, externLearn: true, sticky: true, state: 'static' }),
  ],
  [
    'fdb-append-vxlan',
    VXLAN_AFTER_VETH,
    (c) =>
      c.appendFdb({
        mac: '00:00:00:00:00:00',
        dev: 'vx0',
        dst: '192.0.2.1',
        vni: 100,
        port: 4789,
        via: 'd0',
        self: true,
        state: 'permanent',
      }),
  ],
  [
    'fdb-add-srcvni',
    VXLAN,
    (c) => c.addFdb({ mac: '02:00:00:00:00:05', dev: 'vx0', dst: '2001:db8::1', srcVni: 300, self: true }),
  ],
  ['fdb-add-nhid', VXLAN, (c) => c.addFdb({ mac: '02:00:00:00:00:06', dev: 'vx0', nhid: 7, self: true })],
  [
    'fdb-add-router',
    BRIDGED,
    (c) => c.addFdb({ mac: '02:00:00:00:00:07', dev: 'd0', self: true, router: true, use: true }),
  ],
  ['fdb-del', BRIDGED, (c) => c.delFdb({ mac: '02:00:00:00:00:01', dev: 'd0', master: true, vlan: 10 })],
  ['fdb-del-vxlan', VXLAN, (c) => c.delFdb({ mac: '00:00:00:00:00:00', dev: 'vx0', dst: '192.0.2.1', self: true })],
  ['fdb-show', BRIDGED, (c) => c.getFdb(), true],
  ['fdb-show-br', BRIDGED, (c) => c.getFdb({ bridge: 'br0' }), true],
  ['fdb-show-port', BRIDGED, (c) => c.getFdb({ port: 'd0' }), true],
  ['fdb-show-both', BRIDGED, (c) => c.getFdb({ bridge: 'br0', port: 'd0' }), true],
  ['fdb-get', BRIDGED, (c) => c.getFdbEntry({ mac: '02:00:00:00:00:01', dev: 'd0', vlan: 10, master: true }), true],
  ['fdb-get-br', BRIDGED, (c) => c.getFdbEntry({ mac: '02:00:00:00:00:01', bridge: 'br0', vlan: 10 }), true],
];

for (const [name, links, body, ackless] of SAME_AS_IPROUTE2) {
  test(`${name}: the same request as iproute2 sends`, async () => {
    const ours = await lastSent(body, links);
    assert.deepEqual(diffIproute2(ours, name, neighMessage, { ackless: ackless ?? false }), []);
  });
}

/** `bridge fdb flush dev br0 KEYWORDS` and the same flush as a filter. */
const FLUSHES: readonly [string, Omit<FdbFlushFilter, 'dev'>][] = [
  ['fdb-flush', {}],
  ['fdb-flush-self', { self: true }],
  ['fdb-flush-static', { static: true }],
  ['fdb-flush-nostatic', { static: false }],
  ['fdb-flush-dynamic', { dynamic: true }],
  ['fdb-flush-nodynamic', { dynamic: false }],
  ['fdb-flush-permanent', { permanent: true }],
  ['fdb-flush-added-by-user', { addedByUser: true }],
  ['fdb-flush-noadded-by-user', { addedByUser: false }],
  ['fdb-flush-offloaded', { offloaded: true }],
  ['fdb-flush-nooffloaded', { offloaded: false }],
  [
    'fdb-flush-many',
    { port: 'd0', vlan: 10, master: true, static: true, permanent: false, externLearn: true, sticky: false },
  ],
];

for (const [name, filter] of FLUSHES) {
  test(`${name}: the same bulk deletion as iproute2 sends`, async () => {
    const ours = await lastSent((c) => c.flushFdb({ dev: 'br0', mode: 'bulk', ...filter }), BRIDGED);
    assert.deepEqual(diffIproute2(ours, name, neighMessage), []);
  });
}

test('fdb-flush-port: flushing the bridge entries of one port', async () => {
  const ours = await lastSent((c) => c.flushFdb({ dev: 'd0', master: true, dynamic: true }), BRIDGED);
  assert.deepEqual(diffIproute2(ours, 'fdb-flush-port', neighMessage), []);
});

test('the comparison sees a wrong flag, state or attribute', async () => {
  const ours = await lastSent((c) => c.addFdb({ mac: '02:00:00:00:00:01', dev: 'd0', self: true, vlan: 3 }), BRIDGED);
  assert.deepEqual(diffIproute2(ours, 'fdb-add-master', neighMessage), [
    'header: 0700000004000000c0000200 != 070000000400000042000400',
    'vlan: [vlan=0300] != []',
  ]);
});

/** The recorded `AF_BRIDGE` dump: bridge br0 (2) with port d0 (4), and d1 (3) outside it. */
function recordedFdb(script?: Script) {
  return fakeRoute(
    BRIDGED,
    (req) => script?.(req) ?? (req.header.type === RTM.GETNEIGH ? dumpReply(req, recorded('fdb-dump')) : undefined),
    { ports: { 2: [4] }, kinds: { br0: 'bridge' } },
  );
}

test('a recorded FDB dump decodes to what bridge -j fdb show printed', async () => {
  const { conn } = recordedFdb();
  const entries = await conn.getFdb({ port: 'd0' });
  const byMac = new Map(entries.map((e) => [e.mac, e]));
  const sticky = byMac.get('02:00:00:00:00:12');
  assert.ok(sticky);
  assert.deepEqual(
    [sticky.fdbState, sticky.isSticky, sticky.isMaster, sticky.master, sticky.ifindex],
    ['static', true, true, 2, 4],
  );
  assert.deepEqual(sticky.flagNames, ['sticky']);
  assert.equal(byMac.get('02:00:00:00:00:11')?.fdbState, 'static');
  assert.equal(byMac.get('02:00:00:00:0d:01')?.fdbState, 'dynamic');
  assert.equal(byMac.get('02:00:00:00:0d:00')?.fdbState, 'permanent');
  const self = byMac.get('33:33:00:00:00:01');
  assert.deepEqual([self?.isSelf, self?.isMaster, self?.fdbState, self?.family], [true, false, 'permanent', AF.BRIDGE]);
  // The port filter is applied here too: the kernel ignores it on sockets without strict checking.
  assert.ok(entries.every((e) => e.ifindex === 4));
  assert.equal(entries.length, 7);
  conn.close();
});

test('bridge, vlan and state filters keep the bridge and its ports, as a strict-checking kernel does', async () => {
  const { conn } = recordedFdb();
  const all = await conn.getFdb();
  assert.ok(
    all.some((e) => e.ifindex === 3),
    'd1 is in the unfiltered dump',
  );
  const ofBridge = await conn.getFdb({ bridge: 'br0' });
  assert.ok(ofBridge.length > 0 && ofBridge.every((e) => e.ifindex === 2 || e.ifindex === 4));
  assert.equal(ofBridge.length, all.filter((e) => e.ifindex !== 3).length);
  assert.deepEqual((await conn.getFdb({ bridge: 'br0', state: 'static' })).map((e) => e.mac).sort(), [
    '02:00:00:00:00:11',
    '02:00:00:00:00:12',
  ]);
  assert.deepEqual(await conn.getFdb({ vlan: 10 }), []);
  const streamed: string[] = [];
  for await (const e of conn.streamFdb({ port: 4, state: 'dynamic' })) streamed.push(e.mac ?? '');
  assert.deepEqual(streamed, ['02:00:00:00:0d:01']);
  conn.close();
});

test('flushFdb falls back to dump and delete when the kernel refuses bulk deletion, and reports what went', async () => {
  const deleted: string[] = [];
  const { conn, fake } = recordedFdb((req) => {
    if (req.header.type !== RTM.DELNEIGH) return undefined;
    if (req.header.flags & NLM_F.BULK) return [frames.error(req, 95)];
    const m = neighMessage.decode(req.payload);
    deleted.push(`${m.attrs.lladdr} ${m.header.ifindex} ${m.header.flags}`);
    return undefined;
  });
  const result = await conn.flushFdb({ dev: 'br0', static: true });
  assert.equal(result.method, 'dump');
  assert.deepEqual(result.method === 'dump' && result.deleted.map((e) => e.mac).sort(), [
    '02:00:00:00:00:11',
    '02:00:00:00:00:12',
  ]);
  assert.deepEqual(deleted.sort(), [`02:00:00:00:00:11 4 ${NTF.MASTER}`, `02:00:00:00:00:12 4 ${NTF.MASTER}`]);
  assert.ok(fake.sent.some((m) => m.header.type === RTM.DELNEIGH && m.header.flags & NLM_F.BULK));
  // Without conditions: every entry of the bridge's table (not the ports' own address lists).
  deleted.length = 0;
  const everything = await conn.flushFdb({ dev: 'br0', mode: 'dump' });
  assert.equal(everything.method === 'dump' && everything.deleted.length, 5);
  // The bridge's own address is in its table on the bridge device itself: deleted as self there.
  assert.ok(deleted.includes(`02:00:00:00:0b:00 2 ${NTF.SELF}`), deleted.join());
  // A port's own (self) entries, on a device that is not a bridge.
  deleted.length = 0;
  const own = await conn.flushFdb({ dev: 'd0', mode: 'dump', permanent: true });
  assert.deepEqual(own.method === 'dump' && own.deleted.map((e) => e.isSelf), [true, true, true]);
  await assert.rejects(conn.flushFdb({ dev: 'br0', mode: 'dump', addedByUser: true }), InvalidArgumentError);
  conn.close();
});

test('flushFdb does not fall back on other errors, nor in bulk mode', async () => {
  const { conn } = recordedFdb((req) => {
    if (req.header.type !== RTM.DELNEIGH) return undefined;
    return [frames.error(req, neighMessage.decode(req.payload).header.ifindex === 4 ? 1 : 95)];
  });
  await assert.rejects(conn.flushFdb({ dev: 'd0', master: true }), { errnoName: 'EPERM' });
  await assert.rejects(conn.flushFdb({ dev: 'br0', mode: 'bulk' }), (e: unknown) => {
    assert.ok(e instanceof KernelError);
    assert.equal(e.message, 'flush fdb dev br0: Operation not supported (EOPNOTSUPP)');
    return true;
  });
  conn.close();
});

test('delFdb of a decoded entry deletes it where it lives: through the master, or as self', async () => {
  const { conn } = recordedFdb();
  const entries = await conn.getFdb();
  conn.close();
  const sent = async (mac: string, ifindex: number) => {
    const e = entries.find((x) => x.mac === mac && x.ifindex === ifindex);
    assert.ok(e, mac);
    return neighMessage.decode((await lastSent((c) => c.delFdb(e), BRIDGED)).subarray(16));
  };
  const port = await sent('02:00:00:00:00:11', 4);
  assert.deepEqual([port.header.ifindex, port.header.flags, port.attrs.lladdr], [4, NTF.MASTER, '02:00:00:00:00:11']);
  const own = await sent('33:33:00:00:00:01', 4);
  assert.equal(own.header.flags, NTF.SELF);
});

test('getFdbEntry returns the entry, or undefined when there is none', async () => {
  const { conn } = recordedFdb((req) => {
    if (req.header.type !== RTM.GETNEIGH || isDump(req)) return undefined;
    const asked = neighMessage.decode(req.payload).attrs.lladdr;
    const hit = recorded('fdb-dump').find((m) => neighMessage.decode(m.payload).attrs.lladdr === asked);
    return hit ? [frames.reply(req, hit.type, hit.payload), frames.ack(req)] : [frames.error(req, 2)];
  });
  assert.equal((await conn.getFdbEntry({ mac: '02:00:00:00:00:11', dev: 'd0', master: true }))?.fdbState, 'static');
  assert.equal(await conn.getFdbEntry({ mac: '02:00:00:00:00:99', dev: 'd0' }), undefined);
  conn.close();
});

test('errors name the operation and the entry; bad input is refused before sending', async () => {
  const { conn, fake } = fakeRoute(BRIDGED, (req) => [frames.error(req, 17)]);
  await assert.rejects(conn.addFdb({ mac: '02:00:00:00:00:01', dev: 'd0', vlan: 5 }), {
    message: 'add fdb entry 02:00:00:00:00:01 dev d0 vlan 5: File exists (EEXIST)',
  });
  const before = fake.sent.length;
  for (const bad of [
    { mac: 'zz', dev: 'd0' },
    { mac: '02:00:00:00:00:01', dev: 'd0', vlan: 0 },
    { mac: '02:00:00:00:00:01', dev: 'd0', vlan: 4095 },
    { mac: '02:00:00:00:00:01', dev: 'd0', vni: 1 << 24 },
    { mac: '02:00:00:00:00:01', dev: 'd0', dst: 'nowhere' },
    { mac: '02:00:00:00:00:01', dev: 'd0', state: 'stale' },
  ]) {
    await assert.rejects(conn.addFdb(bad as never), InvalidArgumentError, JSON.stringify(bad));
  }
  assert.equal(fake.sent.length, before);
  conn.close();
});

test('fdb states read as iproute2 reads them', () => {
  assert.equal(fdbStateName(NUD.PERMANENT | NUD.NOARP), 'permanent');
  assert.equal(fdbStateName(NUD.NOARP | NUD.REACHABLE), 'static');
  assert.equal(fdbStateName(NUD.STALE), 'stale');
  assert.equal(fdbStateName(NUD.REACHABLE), 'dynamic');
  assert.equal(fdbStateName(NUD.FAILED), undefined);
});
