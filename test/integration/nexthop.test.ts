/**
 * Nexthop objects against the real kernel, in throwaway namespaces: state
 * created by iproute2 decodes as `ip -j nexthop show` shows it; the same
 * nexthops created by the library read back as iproute2's do; filters,
 * get, replace, delete, resilient-group buckets and errors.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../src/index.js';
import { KernelError } from '../../src/errors.js';
import type { NexthopConfig } from '../../src/route/nexthop/config.js';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { ipJson } from '../helpers.js';
import { configureByIp, configureTwins, ipState, type Twin, withLab, withTwins } from './route-lab.js';

const skip = skipUnlessIntegration();

/** iproute2 arguments and the library config of the same nexthop; members before groups. */
const NEXTHOPS: readonly Twin<NexthopConfig>[] = [
  [['nexthop', 'add', 'id', '1', 'via', '10.0.0.2', 'dev', 'd0'], { id: 1, gateway: '10.0.0.2', dev: 'd0' }],
  [['nexthop', 'add', 'id', '2', 'via', '10.0.0.3', 'dev', 'd0'], { id: 2, gateway: '10.0.0.3', dev: 'd0' }],
  [['nexthop', 'add', 'id', '3', 'via', '2001:db8::2', 'dev', 'd0'], { id: 3, gateway: '2001:db8::2', dev: 'd0' }],
  [['nexthop', 'add', 'id', '4', 'blackhole'], { id: 4, blackhole: true }],
  [['nexthop', 'add', 'id', '5', 'via', '10.0.0.4', 'fdb'], { id: 5, gateway: '10.0.0.4', fdb: true }],
  [['nexthop', 'add', 'id', '6', 'dev', 'd0'], { id: 6, dev: 'd0' }],
  [
    ['nexthop', 'add', 'id', '8', 'via', '192.168.9.1', 'dev', 'd0', 'onlink', 'proto', 'static'],
    { id: 8, gateway: '192.168.9.1', dev: 'd0', onlink: true, protocol: 'static' },
  ],
  [
    ['nexthop', 'add', 'id', '10', 'group', '1,2/2,3'],
    {
      id: 10,
      group: [
        { id: 1, weight: 2 },
        { id: 2, weight: 3 },
      ],
    },
  ],
  [
    ['nexthop', 'add', 'id', '11', 'group', '1/2', 'type', 'resilient', 'buckets', '8', 'idle_timer', '10'].concat([
      'unbalanced_timer',
      '20',
    ]),
    { id: 11, group: [{ id: 1 }, { id: 2 }], type: 'resilient', buckets: 8, idleTimer: 10, unbalancedTimer: 20 },
  ],
  [['nexthop', 'add', 'id', '12', 'group', '5', 'fdb'], { id: 12, group: [{ id: 5 }], fdb: true }],
];

interface IpNexthop {
  id: number;
  gateway?: string;
  dev?: string;
  blackhole?: null;
  fdb?: null;
  group?: { id: number; weight?: number }[];
  type?: string;
  resilient_args?: { buckets: number; idle_timer: number; unbalanced_timer: number };
  scope: string;
  protocol: string;
  flags: string[];
}

test('nexthops created by iproute2 decode as ip -j nexthop show shows them', { skip }, async () => {
  await withLab(async (ns) => {
    const conn = configureByIp(ns, NEXTHOPS);
    const names = await conn.getInterfaceNames();
    const ours = await conn.getNexthops();
    const theirs = ipJson(ns.name, '-d', 'nexthop', 'show') as IpNexthop[];
    assert.equal(ours.length, theirs.length);
    assert.equal(theirs.length, NEXTHOPS.length);
    for (const t of theirs) {
      const mine = ours.find((n) => n.id === t.id);
      assert.ok(mine, `no nexthop ${t.id}`);
      const r = mine.resilient;
      assert.deepEqual(
        {
          gateway: mine.gateway,
          dev: mine.oif === undefined ? undefined : names.get(mine.oif),
          blackhole: mine.blackhole,
          fdb: mine.fdb,
          group: mine.group?.map((g) => (g.weight === 1 ? { id: g.id } : g)),
          type: mine.groupType === 'resilient' ? 'resilient' : undefined,
          resilient: r && { buckets: r.buckets, idle_timer: r.idleTimer, unbalanced_timer: r.unbalancedTimer },
          scope: mine.scope,
          protocol: mine.protocol,
          onlink: mine.onlink,
        },
        {
          gateway: t.gateway,
          dev: t.dev,
          blackhole: 'blackhole' in t,
          fdb: 'fdb' in t,
          group: t.group,
          type: t.type,
          resilient: t.resilient_args && {
            buckets: t.resilient_args.buckets,
            idle_timer: t.resilient_args.idle_timer,
            unbalanced_timer: t.resilient_args.unbalanced_timer,
          },
          scope: t.scope,
          protocol: t.protocol,
          onlink: t.flags.includes('onlink'),
        },
        `nexthop ${t.id}`,
      );
    }
  });
});

test('nexthops created by the library read back through ip -j exactly as iproute2 creates them', { skip }, async () => {
  await withTwins(async (byIp, byLib) => {
    await configureTwins(byIp, byLib, NEXTHOPS, (conn, nexthop) => conn.addNexthop(nexthop));
    const state = (ns: string) => [
      ...ipState(ns, ['-d', 'nexthop', 'show'], ['unbalanced_time']),
      ...ipState(ns, ['nexthop', 'bucket', 'show'], ['idle_time']),
    ];
    assert.deepEqual(state(byLib.name), state(byIp.name));
  });
});

test('get, filters, replace, delete, buckets; errors name the operation and the nexthop', { skip }, async () => {
  await withLab(async (ns) => {
    const conn = configureByIp(ns, NEXTHOPS);
    assert.equal((await conn.getNexthop(3))?.gateway, '2001:db8::2');
    assert.equal(await conn.getNexthop(99), undefined);
    const ids = async (f: Parameters<typeof conn.getNexthops>[0]) => (await conn.getNexthops(f)).map((n) => n.id);
    assert.deepEqual(await ids({ groups: true }), [10, 11, 12]);
    assert.deepEqual(await ids({ fdb: true }), [5, 12]);
    assert.deepEqual(await ids({ dev: 'd0' }), [1, 2, 3, 6, 8]);
    assert.deepEqual(await ids({ family: 'inet6' }), [3]);
    assert.deepEqual(await ids({ protocol: 'static' }), [8]);
    const streamed: (number | undefined)[] = [];
    for await (const n of conn.streamNexthops({ groups: true })) streamed.push(n.id);
    assert.deepEqual(streamed, [10, 11, 12]);

    const buckets = await conn.getNexthopBuckets({ id: 11 });
    assert.equal(buckets.length, 8);
    assert.deepEqual(
      buckets.map((b) => b.index),
      [0, 1, 2, 3, 4, 5, 6, 7],
    );
    assert.ok(buckets.every((b) => b.id === 11 && (b.nhId === 1 || b.nhId === 2)));
    const toOne = await conn.getNexthopBuckets({ nhid: 1 });
    assert.deepEqual(
      toOne.map((b) => b.index),
      buckets.filter((b) => b.nhId === 1).map((b) => b.index),
    );
    assert.equal((await conn.getNexthopBucket(11, 3))?.nhId, buckets[3]?.nhId);

    await conn.replaceNexthop({ id: 1, gateway: '10.0.0.9', dev: 'd0' });
    assert.equal((ipJson(ns.name, 'nexthop', 'get', 'id', '1') as { gateway: string }[])[0]?.gateway, '10.0.0.9');
    await conn.addRoute({ dst: '10.30.0.0/24', nhid: 10 });
    assert.equal((await conn.getRoute('10.30.0.1', { fibMatch: true })).nhid, 10);

    await assert.rejects(conn.addNexthop({ id: 20, group: [{ id: 1 }, { id: 77 }] }), (e: unknown) => {
      assert.ok(e instanceof KernelError);
      assert.match(e.message, /^add nexthop id 20: /);
      return true;
    });
    await conn.delNexthop(6);
    assert.equal(await conn.delNexthopIfExists(6), false);
    assert.equal(await conn.getNexthop(6), undefined);
  });
});
