/**
 * `nlink-ip nexthop` against iproute2 on real state: in a throwaway
 * namespace holding nexthop objects made with `ip` (IPv4 and IPv6
 * gateways, device-only, onlink, blackhole, protocols, FDB nexthops,
 * multipath and resilient groups, an FDB group), every `show`, `get` and
 * `bucket` command prints what `ip` prints, JSON and text; routes through
 * them print their `nh_info` with `-d`. The one allowed difference is a
 * bucket's `idle_time` (and a group's `unbalanced_time`), which count up
 * between the two runs. Changes made with `nlink-ip nexthop add|replace|
 * del|flush` leave the state the same `ip` commands leave in a twin namespace.
 */

import { test } from 'node:test';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { assertSameChanges, assertSameOutput, ipIn, type Volatile, vethPairs, withTwins } from './oracle.js';

/** Resilient group timers that run. */
const TIMERS: Volatile = {
  keys: ['idle_time', 'unbalanced_time'],
  text: [/idle_time ([0-9.]+)/g, /unbalanced_time ([0-9.]+)/g],
};

/** The lab: two veth pairs (oracle `vethPairs`), up, with addresses. */
function links(ns: string): void {
  vethPairs(ns, [
    'link set v0 up',
    'link set v1 up',
    'link set w0 up',
    'link set w1 up',
    'address add 10.0.0.1/24 dev v0',
    'address add 10.0.1.1/24 dev w0',
    'address add 2001:db8::1/64 dev v0',
  ]);
}

const NEXTHOPS = [
  'nexthop add id 1 via 10.0.0.2 dev v0',
  'nexthop add id 2 via 10.0.1.2 dev w0 proto static',
  'nexthop add id 3 blackhole',
  'nexthop add id 4 via 2001:db8::2 dev v0',
  'nexthop add id 5 dev v0',
  'nexthop add id 6 via 192.168.9.1 dev w0 onlink',
  'nexthop add id 7 via 10.0.0.5 fdb',
  'nexthop add id 8 via 10.0.0.6 fdb',
  'nexthop add id 10 group 1/2,3',
  'nexthop add id 11 group 1/2 type resilient buckets 8 idle_timer 10 unbalanced_timer 20',
  'nexthop add id 12 group 7/8 fdb',
  'nexthop add id 13 -6 blackhole',
  'nexthop add id 14 group 1,5/2,200 type mpath',
  'route add 10.20.0.0/24 nhid 10',
  'route add 10.21.0.0/24 nhid 1 table 100',
  '-6 route add 2001:db8:5::/64 nhid 4',
];

test('nlink-ip nexthop show, get and bucket equal ip', { skip: skipUnlessIntegration() }, async (t) => {
  await withNamespace(
    async (ns) => {
      links(ns.name);
      for (const line of NEXTHOPS) ipIn(ns.name, line.replace('nexthop add id 13 -6', '-6 nexthop add id 13'));
      const n = ns.name;
      await t.test('show, with selectors, JSON and text, -d, -p', async () => {
        const selectors = [
          [],
          ['dev', 'v0'],
          ['dev', 'w0'],
          ['groups'],
          ['fdb'],
          ['protocol', '4'],
          ['id', '11'],
          ['id', '10'],
        ];
        for (const opts of [[], ['-j'], ['-j', '-p'], ['-d'], ['-j', '-d'], ['-4'], ['-6']]) {
          for (const s of selectors) await assertSameOutput(n, [...opts, 'nexthop', 'show', ...s], TIMERS);
          await assertSameOutput(n, [...opts, 'nexthop'], TIMERS);
        }
      });
      await t.test('get and buckets', async () => {
        for (const opts of [[], ['-j'], ['-d']]) {
          for (const id of ['1', '3', '4', '10', '11', '12'])
            await assertSameOutput(n, [...opts, 'nexthop', 'get', 'id', id], TIMERS);
          await assertSameOutput(n, [...opts, 'nexthop', 'bucket', 'show'], TIMERS);
          await assertSameOutput(n, [...opts, 'nexthop', 'bucket', 'show', 'id', '11'], TIMERS);
          await assertSameOutput(n, [...opts, 'nexthop', 'bucket', 'show', 'nhid', '2'], TIMERS);
          await assertSameOutput(n, [...opts, 'nexthop', 'bucket', 'get', 'id', '11', 'index', '3'], TIMERS);
        }
      });
      await t.test('routes through nexthops: nh_info with -d', async () => {
        for (const opts of [[], ['-d'], ['-j', '-d'], ['-j', '-p', '-d']]) {
          await assertSameOutput(n, [...opts, 'route', 'show', 'table', 'all']);
          await assertSameOutput(n, [...opts, '-6', 'route', 'show']);
          await assertSameOutput(n, [...opts, 'route', 'get', '10.20.0.1']);
        }
      });
      await t.test('mistakes: iproute2 messages and exit codes', async () => {
        for (const args of [
          'nexthop foo',
          'nexthop add id 20 foo',
          'nexthop add id x',
          'nexthop add id 20 group 1/x',
          'nexthop add id 20 group 1,0',
          'nexthop add id 20 group 1,257',
          'nexthop add id 20 dev nosuch',
          'nexthop add id 20 via 10.0.0.2 via 2001:db8::2',
          'nexthop add id 20 group 1/2 type foo',
          'nexthop add id 20 group 1/2 type resilient buckets x',
          'nexthop add id 20 proto foo',
          'nexthop add id 1 blackhole',
          'nexthop add id 20 group 1/99',
          'nexthop get id 99',
          'nexthop show foo',
          'nexthop show dev nosuch',
          'nexthop show protocol x',
          'nexthop bucket show foo',
          'nexthop bucket foo',
          'nexthop del id 99',
        ]) {
          await assertSameOutput(n, args.split(' '));
        }
      });
    },
    { prefix: 'cli-nh' },
  );
});

test('nlink-ip nexthop changes leave the state ip leaves', { skip: skipUnlessIntegration() }, async () => {
  const changes = [
    ...NEXTHOPS.filter((l) => !l.startsWith('nexthop add id 13')),
    '-6 nexthop add id 13 blackhole',
    'nexthop replace id 1 via 10.0.0.3 dev v0',
    'nexthop replace id 15 via 10.0.0.4 dev v0 proto 99',
    'nexthop replace id 10 group 1,3/2',
    '!nexthop add id 1 via 10.0.0.9 dev v0',
    'nexthop del id 14',
    '!nexthop del id 14',
    'nexthop flush id 15',
    'nexthop flush dev w0',
  ];
  const shows = [
    ['-j', 'nexthop', 'show'],
    ['-d', 'nexthop', 'show'],
    ['-j', '-d', 'route', 'show', 'table', 'all'],
    ['-6', 'route', 'show'],
  ];
  await withTwins('cli-nh', links, async (ipNs, oursNs) => {
    await assertSameChanges(ipNs, oursNs, changes, shows, TIMERS);
    await assertSameChanges(ipNs, oursNs, ['nexthop flush'], shows, TIMERS);
  });
});
