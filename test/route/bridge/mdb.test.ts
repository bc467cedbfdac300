import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RTM } from '../../../src/core/constants.js';
import { InvalidArgumentError, KernelError } from '../../../src/errors.js';
import { MDB_GROUP_PROTO, mdbGroupAddress } from '../../../src/route/bridge/mdb.js';
import { mdbMessage, mdbSetMessage } from '../../../src/route/bridge/schema.js';
import type { Connection } from '../../../src/session/connection.js';
import type { Route } from '../../../src/session/protocol.js';
import * as frames from '../../../src/testing/frames.js';
import { diffIproute2, dumpReply, encode, fakeRoute, lastSent, recorded } from '../neigh/kernel.js';

/** `ip link add br0 type bridge; ip link add d0 type veth peer name d1; ip link set d0 master br0`. */
const BRIDGED = { lo: 1, br0: 2, d1: 3, d0: 4 };

const SAME_AS_IPROUTE2: readonly [string, (c: Connection<Route>) => Promise<unknown>][] = [
  ['mdb-add-v4', (c) => c.addMdb({ bridge: 'br0', port: 'd0', group: '239.1.1.1', permanent: true, vid: 10 })],
  ['mdb-add-v6', (c) => c.addMdb({ bridge: 'br0', port: 'd0', group: 'ff0e::1' })],
  ['mdb-add-l2', (c) => c.addMdb({ bridge: 'br0', port: 'd0', group: '01:00:5e:00:00:05', permanent: true })],
  [
    'mdb-add-src',
    (c) => c.addMdb({ bridge: 'br0', port: 'd0', group: '239.1.1.2', source: '10.0.0.1', permanent: true }),
  ],
  [
    'mdb-add-src6',
    (c) => c.addMdb({ bridge: 'br0', port: 'd0', group: 'ff0e::2', source: '2001:db8::5', permanent: true, vid: 3 }),
  ],
  ['mdb-del', (c) => c.delMdb({ bridge: 'br0', port: 'd0', group: '239.1.1.1', vid: 10 })],
];

for (const [name, body] of SAME_AS_IPROUTE2) {
  test(`${name}: the same request as iproute2 sends`, async () => {
    const ours = await lastSent(body, BRIDGED);
    assert.deepEqual(diffIproute2(ours, name, mdbSetMessage), []);
  });
}

test('mdb-show: the same dump request as iproute2 sends', async () => {
  const ours = await lastSent((c) => c.getMdb({ bridge: 'br0' }), BRIDGED);
  assert.deepEqual(diffIproute2(ours, 'mdb-show', mdbMessage, { ackless: true }), []);
});

test('the comparison sees a wrong group or source', async () => {
  const ours = await lastSent(
    (c) => c.addMdb({ bridge: 'br0', port: 'd0', group: '239.1.1.2', source: '10.0.0.2', permanent: true }),
    BRIDGED,
  );
  assert.deepEqual(diffIproute2(ours, 'mdb-add-src', mdbSetMessage), ['attrs(0x8002).source: 0a000002 != 0a000001']);
});

test('a recorded MDB dump decodes to what bridge -j mdb show printed', async () => {
  const { conn } = fakeRoute(BRIDGED, (req) => dumpReply(req, recorded('mdb-dump')));
  const entries = await conn.getMdb();
  assert.deepEqual(
    entries.map((e) => [e.bridge, e.port, e.group, e.source, e.state]),
    [
      [2, 4, '01:00:5e:00:00:05', undefined, 'permanent'],
      [2, 4, 'ff0e::5', '2001:db8::7', 'permanent'],
      [2, 4, '239.1.1.1', undefined, 'permanent'],
      [2, 4, 'ff02::1:ff00:d01', undefined, 'temp'],
      [2, 2, 'ff02::6a', undefined, 'temp'],
      [2, 2, 'ff02::1:ff00:b00', undefined, 'temp'],
    ],
  );
  const sg = entries[1];
  assert.ok(sg);
  assert.deepEqual([sg.proto, sg.vid, sg.flagNames, sg.rtprot], [MDB_GROUP_PROTO.IPV6, 0, [], 4]);
  assert.equal(typeof sg.timer, 'number');
  assert.deepEqual(JSON.parse(JSON.stringify(sg)).group, 'ff0e::5');
  const temp = entries[3];
  assert.ok((temp?.timer ?? 0) > 0, 'a learned entry ages');
  assert.deepEqual(
    (await conn.getMdb({ port: 'br0' })).map((e) => e.group),
    ['ff02::6a', 'ff02::1:ff00:b00'],
  );
  assert.equal((await conn.getMdb({ bridge: 'd1' })).length, 0);
  assert.deepEqual(await conn.getMdbRouterPorts(), []);
  conn.close();
});

test('router ports and source lists decode', async () => {
  const reply = encode(mdbMessage, {
    header: { family: 7, ifindex: 2 },
    attrs: {
      mdb: {
        entry: [
          {
            info: [
              {
                header: { ifindex: 4, state: 0, flags: 2, vid: 5, addr: Uint8Array.of(239, 1, 1, 9), proto: 0x0800 },
                attrs: {
                  timer: 250,
                  groupMode: 1,
                  srcList: {
                    entry: [
                      { address: '10.0.0.1', timer: 100 },
                      { address: '10.0.0.2', timer: 0 },
                    ],
                  },
                },
              },
            ],
          },
        ],
      },
      router: { port: [{ header: { ifindex: 4 }, attrs: { timer: 0, type: 2 } }] },
    },
  });
  const { conn } = fakeRoute(BRIDGED, (req) => [
    frames.reply(req, RTM.NEWMDB, reply, { multi: true }),
    frames.done(req),
  ]);
  const [e] = await conn.getMdb({ vid: 5 });
  assert.deepEqual(
    [e?.group, e?.state, e?.flagNames, e?.timer, e?.groupMode, e?.sources],
    [
      '239.1.1.9',
      'temp',
      ['fast_leave'],
      250,
      'include',
      [
        { address: '10.0.0.1', timer: 100 },
        { address: '10.0.0.2', timer: 0 },
      ],
    ],
  );
  assert.deepEqual(await conn.getMdbRouterPorts({ bridge: 'br0' }), [
    { bridge: 2, port: 4, timer: 0, type: 2, vid: undefined },
  ]);
  assert.deepEqual(await conn.getMdb({ vid: 6 }), []);
  conn.close();
});

test('delMdbIfExists: a bare EINVAL is the kernel saying the entry is absent; one with a message is an error', async () => {
  let ext: { message: string } | undefined;
  const { conn } = fakeRoute(BRIDGED, (req) =>
    req.header.type === RTM.DELMDB ? [frames.error(req, 22, ext)] : undefined,
  );
  const membership = { bridge: 'br0', port: 'd0', group: '239.1.1.1' };
  assert.equal(await conn.delMdbIfExists(membership), false);
  ext = { message: 'Net device is not a bridge port' };
  await assert.rejects(conn.delMdbIfExists(membership), {
    message: 'delete mdb entry 239.1.1.1 port d0 dev br0: Invalid argument (EINVAL): Net device is not a bridge port',
  });
  conn.close();
});

test('delMdb of a decoded entry removes exactly that membership', async () => {
  const { conn } = fakeRoute(BRIDGED, (req) => dumpReply(req, recorded('mdb-dump')));
  const sg = (await conn.getMdb()).find((e) => e.source !== undefined);
  assert.ok(sg);
  conn.close();
  const sent = mdbSetMessage.decode((await lastSent((c) => c.delMdb(sg), BRIDGED)).subarray(16));
  assert.deepEqual(
    [sent.header.ifindex, sent.attrs.entry?.ifindex, sent.attrs.entry?.state, sent.attrs.attrs?.source],
    [2, 4, 1, '2001:db8::7'],
  );
  assert.equal(mdbGroupAddress(sent.attrs.entry?.addr ?? new Uint8Array(16), sent.attrs.entry?.proto ?? 0), 'ff0e::5');
});

test('errors name the operation and the membership; bad input is refused before sending', async () => {
  const { conn, fake } = fakeRoute(BRIDGED, (req) => [frames.error(req, 2)]);
  await assert.rejects(conn.delMdb({ bridge: 'br0', port: 'd0', group: '239.1.1.1' }), (e: unknown) => {
    assert.ok(e instanceof KernelError);
    assert.equal(e.message, 'delete mdb entry 239.1.1.1 port d0 dev br0: No such file or directory (ENOENT)');
    return true;
  });
  assert.equal(await conn.delMdbIfExists({ bridge: 'br0', port: 'd0', group: '239.1.1.1' }), false);
  const before = fake.sent.length;
  for (const bad of [
    { group: 'nonsense' },
    { group: '01:00:5e:00:00:05', source: '10.0.0.1' },
    { group: '239.1.1.1', source: '2001:db8::1' },
    { group: '239.1.1.1', vid: 4095 },
  ]) {
    await assert.rejects(conn.addMdb({ bridge: 'br0', port: 'd0', ...bad }), InvalidArgumentError, JSON.stringify(bad));
  }
  assert.equal(fake.sent.length, before);
  conn.close();
});
