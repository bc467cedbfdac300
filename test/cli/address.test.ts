/**
 * `nlink-ip address` against iproute2 on real state: in a throwaway
 * namespace holding IPv4 and IPv6 addresses with flags, labels, peers,
 * broadcasts, metrics and lifetimes (made with `ip`), every `show` prints
 * what `ip` prints, JSON and text. The one allowed difference is the
 * remaining lifetime of an address that has one, which counts down between
 * the two runs: `normalise` replaces those numbers (not "forever") by `T`.
 * Changes made with `nlink-ip address add|change|replace|del|flush` leave the
 * state the same `ip` commands leave in a twin namespace.
 */

import { test } from 'node:test';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { assertSameChanges, assertSameOutput, ipIn, type Volatile, vethPairs, withTwins } from './oracle.js';

/** Lifetimes (and the expiry of the prefix routes of addresses that have one) count down; `forever` does not. */
const LIFETIMES: Volatile = {
  keys: ['valid_life_time', 'preferred_life_time', 'expires'],
  text: [/valid_lft (\d+)sec/g, /preferred_lft (-?\d+)sec/g, /expires (\d+)sec/g],
  keep: '4294967295',
};

/** The lab: two veth pairs (oracle `vethPairs`), w1 down. */
function links(ns: string): void {
  vethPairs(ns, ['link set v0 up', 'link set v1 up', 'link set w0 up']);
}

const ADDRESSES = [
  'address add 10.0.0.1/24 dev v0',
  'address add 10.0.0.2/24 dev v0 label v0:sec',
  'address add 10.0.1.1 peer 10.0.2.1/24 dev v0 metric 5',
  'address add 10.0.3.1/24 brd + dev v1 scope link',
  'address add 10.0.4.1/24 brd - dev v1 valid_lft 1000 preferred_lft 500 noprefixroute',
  'address add 10.0.5.1/16 broadcast 10.0.255.254 dev v1 label v1:x scope 100',
  'address add 192.168.7.1/32 dev w1 scope host',
  'address add fd00::1/64 dev v0 nodad',
  'address add fd00:1::1/64 dev v0 home mngtmpaddr valid_lft 2000 preferred_lft 100',
  'address add fd00:2::1/64 dev v1 noprefixroute nodad',
  'address add ff0e::1/128 dev v1 autojoin',
  'address add fd00:3::1 peer fd00:4::1/64 dev v1 nodad',
  'address add fd00:5::1/64 dev v1 valid_lft 300 preferred_lft 0',
  'address add fd00:6::1/64 dev w1 metric 77',
];

test('nlink-ip address show equals ip address show', { skip: skipUnlessIntegration() }, async (t) => {
  await withNamespace(
    async (ns) => {
      links(ns.name);
      for (const line of ADDRESSES) ipIn(ns.name, line);
      const n = ns.name;
      await t.test('every address, all families, JSON and text, -s, -d, -br, -o, -p', async () => {
        for (const opts of [[], ['-j'], ['-j', '-p'], ['-s'], ['-j', '-s'], ['-d'], ['-j', '-d'], ['-br'], ['-o']]) {
          await assertSameOutput(n, [...opts, 'address'], LIFETIMES);
          await assertSameOutput(n, [...opts, 'address', 'show'], LIFETIMES);
        }
      });
      await t.test('one family: -4, -6, -0, -f inet6', async () => {
        for (const family of [['-4'], ['-6'], ['-0'], ['-f', 'inet6']]) {
          for (const opts of [[], ['-j'], ['-br'], ['-o'], ['-s'], ['-d', '-j']]) {
            await assertSameOutput(n, [...family, ...opts, 'address', 'show'], LIFETIMES);
          }
        }
      });
      await t.test('filters', async () => {
        const filters = [
          ['dev', 'v0'],
          ['v1'],
          ['dev', 'w1', 'scope', 'host'],
          ['scope', 'link'],
          ['scope', 'global'],
          ['scope', '100'],
          ['scope', 'all'],
          ['to', '10.0.0.0/16'],
          ['to', 'fd00::/16'],
          ['label', 'v0:*'],
          ['label', 'v1'],
          ['up'],
          ['permanent'],
          ['dynamic'],
          ['secondary'],
          ['primary'],
          ['noprefixroute'],
          ['-noprefixroute'],
          ['home'],
          ['deprecated'],
          ['-deprecated'],
          ['nodad'],
          ['autojoin'],
          ['mngtmpaddr'],
          ['type', 'veth'],
          ['dev', 'v1', 'dynamic', 'noprefixroute'],
        ];
        for (const f of filters) {
          await assertSameOutput(n, ['address', 'show', ...f], LIFETIMES);
          await assertSameOutput(n, ['-j', 'address', 'show', ...f], LIFETIMES);
        }
        await assertSameOutput(n, ['-6', '-o', 'address', 'show', 'dev', 'v1'], LIFETIMES);
        await assertSameOutput(n, ['-4', '-br', 'address', 'show', 'up'], LIFETIMES);
      });
      await t.test('mistakes: iproute2 messages and exit codes', async () => {
        for (const args of [
          ['address', 'foo'],
          ['address', 'show', 'dev', 'nope'],
          ['address', 'show', 'scope', 'nope'],
          ['address', 'add', '10.9.9.9/24'],
          ['address', 'add', '10.9.9.9/24', 'dev', 'nope'],
          ['address', 'add', '10.9.9.9/24', 'dev', 'v0', 'valid_lft', '10', 'preferred_lft', '20'],
          ['address', 'add', '10.9.9.9/24', 'dev', 'v0', 'valid_lft', '0'],
          ['address', 'add', '10.9.9.9/24', 'dev', 'v0', 'scope', 'bogus'],
          ['address', 'add', '10.9.9.9/24', 'dev', 'v0', 'autojoin'],
          ['address', 'add', 'fd00::9/64', 'dev', 'v0', 'brd', '+'],
          ['address', 'add', '10.9.9.9/24', '10.9.9.8/24', 'dev', 'v0'],
          ['address', 'add', '10.9.9.9/24', 'dev', 'v0', 'metric', 'x'],
          ['address', 'add', '1.2.3.x/24', 'dev', 'v0'],
          ['address', 'flush'],
          ['-0', 'address', 'flush', 'dev', 'v0'],
        ]) {
          await assertSameOutput(n, args);
        }
      });
    },
    { prefix: 'cli-addr' },
  );
});

test('nlink-ip address changes leave the state ip leaves', { skip: skipUnlessIntegration() }, async (t) => {
  await withTwins('cli-addr', links, async (theirs, ours) => {
    const shows = [
      ['-j', 'address', 'show'],
      ['address', 'show'],
      ['-j', '-6', 'address', 'show'],
      ['-j', 'route', 'show', 'table', 'all'],
      ['-j', '-6', 'route', 'show', 'table', 'all'],
    ];
    await t.test('add (flags, labels, peers, lifetimes, broadcasts, metrics, scopes)', async () => {
      await assertSameChanges(theirs, ours, ADDRESSES, shows, LIFETIMES);
    });
    await t.test('change, replace, delete (with and without length), errors', async () => {
      const lines = [
        'address change 10.0.0.1/24 dev v0 valid_lft 600 preferred_lft 300',
        'address replace 10.0.0.2/24 dev v0 label v0:re metric 9',
        'address replace 10.0.9.1/24 dev w0',
        'address change fd00::1/64 dev v0 nodad noprefixroute',
        'address replace fd00:7::1/64 dev w0 nodad valid_lft forever preferred_lft 60',
        '!address add 10.0.0.1/24 dev v0',
        'address del 10.0.3.1/24 dev v1',
        'address del 10.0.4.1 dev v1',
        'address del fd00:2::1/64 dev v1',
        '!address del 10.99.0.1/24 dev v0',
        'address change 10.98.0.1/24 dev v0',
      ];
      await assertSameChanges(theirs, ours, lines, shows, LIFETIMES);
    });
    await t.test('flush: by device, scope, label, flags, family', async () => {
      const lines = [
        'address flush dev v0 secondary',
        'address flush label v1:*',
        'address flush dev w1 scope host',
        '-6 address flush dev v1 nodad',
        'address flush to 10.0.0.0/8 dev v0',
        '-4 address flush dev w0',
        'address flush dev v1',
      ];
      await assertSameChanges(theirs, ours, lines, shows, LIFETIMES);
    });
  });
});
