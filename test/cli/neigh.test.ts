/**
 * `nlink-ip neighbour` against iproute2 on real state: in a throwaway
 * namespace holding ARP and NDP entries (permanent, stale, reachable, noarp,
 * failed, router, extern_learn, with a protocol) and proxy entries, made
 * with `ip`, every `show` and `get` prints what `ip` prints, JSON and text.
 * The one allowed difference is the `-s` timers (`used/confirmed/updated`,
 * seconds since the entry was last used), which tick between the two runs:
 * `normalise` replaces them by `T`. Changes made with `nlink-ip neigh
 * add|change|replace|del|flush` leave the state the same `ip` commands leave
 * in a twin namespace.
 */

import { test } from 'node:test';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { assertSameChanges, assertSameOutput, ipIn, STABLE, type Volatile, withTwins } from './oracle.js';

/** The `-s` timers of an entry. */
const TIMERS: Volatile = {
  keys: ['used', 'confirmed', 'updated'],
  text: [/ used (\d+)\/(\d+)\/(\d+)/g],
};

/**
 * A JSON neighbour list in a fixed order, without the multicast entries the
 * kernel adds by itself when it sends MLD reports (at times of its own):
 * twins list their entries in the order of their own hash tables.
 */
function canonical(out: string): string {
  const entries = JSON.parse(out) as { dst?: string }[];
  return entries
    .filter((e) => !e.dst?.startsWith('ff0'))
    .map((e) => JSON.stringify(e))
    .sort()
    .join('\n');
}

function links(ns: string): void {
  for (const line of [
    'link set lo up',
    'link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02',
    'link add w0 type veth peer name w1',
    'link set v0 up',
    'link set v1 up',
    'link set w0 up',
    'address add 10.0.0.1/24 dev v0',
    'address add fd00::1/64 dev v0 nodad',
  ]) {
    ipIn(ns, line);
  }
}

const NEIGHBOURS = [
  'neigh add 10.0.0.5 lladdr 02:00:00:00:00:05 dev v0',
  'neigh add 10.0.0.6 lladdr 02:00:00:00:00:06 dev v0 nud stale',
  'neigh add 10.0.0.7 lladdr 02:00:00:00:00:07 dev v0 nud noarp',
  'neigh add 10.0.0.8 lladdr 02:00:00:00:00:08 dev v0 nud permanent protocol static',
  'neigh add fd00::5 lladdr 02:00:00:00:00:55 dev v0 router nud stale',
  'neigh add fd00::6 lladdr 02:00:00:00:00:56 dev v0 nud noarp',
  'neigh add fd00::7 lladdr 02:00:00:00:00:57 dev v0 router',
  'neigh add proxy 10.0.0.50 dev v0',
  'neigh add proxy fd00::50 dev v1',
  'neigh add proxy 10.0.1.51 dev w0',
  'neigh add 10.0.3.9 dev v1 nud failed',
  'neigh add 10.0.3.10 lladdr 02:00:00:00:00:0a dev v1 extern_learn',
  'neigh add 10.0.3.11 lladdr 02:00:00:00:00:0b dev v1 protocol 99',
  'neigh add 10.0.4.1 lladdr 02:00:00:00:01:01 dev w1 nud stale',
];

test('nlink-ip neigh show equals ip neigh show', { skip: skipUnlessIntegration() }, async (t) => {
  await withNamespace(
    async (ns) => {
      links(ns.name);
      for (const line of NEIGHBOURS) ipIn(ns.name, line);
      const n = ns.name;
      await t.test('every entry, JSON and text, -s, -br, -N, one family', async () => {
        for (const opts of [[], ['-j'], ['-j', '-p'], ['-s'], ['-j', '-s'], ['-br'], ['-j', '-br'], ['-N']]) {
          for (const family of [[], ['-4'], ['-6']]) {
            await assertSameOutput(n, [...family, ...opts, 'neigh'], TIMERS);
          }
        }
      });
      await t.test('filters', async () => {
        const filters = [
          ['dev', 'v0'],
          ['dev', 'v1'],
          ['nud', 'all'],
          ['nud', 'stale'],
          ['nud', 'permanent'],
          ['nud', 'noarp'],
          ['nud', 'failed'],
          ['nud', 'stale', 'nud', 'noarp'],
          ['nud', 'none'],
          ['proxy'],
          ['proxy', 'dev', 'w0'],
          ['to', '10.0.0.0/24'],
          ['10.0.3.0/24'],
          ['to', 'fd00::/64'],
          ['protocol', 'static'],
          ['protocol', '99'],
          ['unused'],
          ['dev', 'v0', 'nud', 'all', 'to', '10.0.0.0/29'],
        ];
        for (const f of filters) {
          await assertSameOutput(n, ['neigh', 'show', ...f], TIMERS);
          await assertSameOutput(n, ['-j', 'neigh', 'show', ...f], TIMERS);
        }
      });
      await t.test('get', async () => {
        for (const args of [
          ['neigh', 'get', '10.0.0.5', 'dev', 'v0'],
          ['neigh', 'get', 'fd00::5', 'dev', 'v0'],
          ['neigh', 'get', 'proxy', '10.0.0.50', 'dev', 'v0'],
          ['-j', 'neigh', 'get', '10.0.0.6', 'dev', 'v0'],
          ['neigh', 'get', '10.0.0.77', 'dev', 'v0'],
        ]) {
          await assertSameOutput(n, args, TIMERS);
        }
      });
      await t.test('mistakes: iproute2 messages and exit codes', async () => {
        for (const args of [
          ['neigh', 'foo'],
          ['neigh', 'add', '10.0.0.99'],
          ['neigh', 'add', '10.0.0.99', 'dev', 'nope'],
          ['neigh', 'add', '10.0.0.99', 'dev', 'v0', 'nud', 'bogus'],
          ['neigh', 'add', '10.0.0.99', 'dev', 'v0', 'lladdr', 'zz'],
          ['neigh', 'show', 'dev', 'nope'],
          ['neigh', 'flush'],
          ['neigh', 'get', '10.0.0.5'],
        ]) {
          await assertSameOutput(n, args);
        }
      });
    },
    { prefix: 'cli-neigh' },
  );
});

test('nlink-ip neigh changes leave the state ip leaves', { skip: skipUnlessIntegration() }, async (t) => {
  await withTwins('cli-neigh', links, async (theirs, ours) => {
    const shows = [
      ['-j', 'neigh', 'show', 'nud', 'all'],
      ['-j', 'neigh', 'show', 'proxy'],
      ['-j', '-6', 'neigh', 'show'],
    ];
    await t.test('add (states, router, proxy, extern_learn, protocol)', async () => {
      await assertSameChanges(theirs, ours, NEIGHBOURS, shows, STABLE, canonical);
    });
    await t.test('change, replace, delete, errors', async () => {
      const lines = [
        'neigh change 10.0.0.5 lladdr 02:00:00:00:00:99 dev v0 nud stale',
        'neigh replace 10.0.0.6 lladdr 02:00:00:00:00:66 dev v0 nud permanent router',
        'neigh replace 10.0.0.20 lladdr 02:00:00:00:00:20 dev v0 nud noarp',
        'neigh replace fd00::20 lladdr 02:00:00:00:00:21 dev v0 protocol boot',
        'neigh del 10.0.0.7 dev v0',
        'neigh del proxy 10.0.1.51 dev w0',
        'neigh del fd00::6 dev v0',
        '!neigh add 10.0.0.5 lladdr 02:00:00:00:00:05 dev v0',
        '!neigh del 10.0.0.123 dev v0',
        '!neigh change 10.0.0.124 lladdr 02:00:00:00:00:05 dev v0',
      ];
      await assertSameChanges(theirs, ours, lines, shows, STABLE, canonical);
    });
    await t.test('flush: by device, state, prefix, family, all', async () => {
      const lines = [
        'neigh flush dev v1',
        'neigh flush to 10.0.0.0/29 nud permanent',
        '-6 neigh flush dev v0 nud all',
        'neigh flush nud noarp',
        'neigh flush all',
        'neigh flush proxy',
      ];
      await assertSameChanges(theirs, ours, lines, shows, STABLE, canonical);
    });
  });
});
