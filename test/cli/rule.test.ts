/**
 * `nlink-ip rule` against iproute2 on real state: in a throwaway namespace
 * holding IPv4 and IPv6 rules with every selector and action (made with
 * `ip`), every `list` prints what `ip` prints, JSON and text, filters
 * included; nothing in a rule varies, so nothing is normalised. Rules added,
 * deleted and flushed with `nlink-ip` read back through `ip -j rule` as the
 * same `ip` commands leave them in a twin namespace.
 */

import { test } from 'node:test';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { assertSameChanges, assertSameOutput, ipIn, withTwins } from './oracle.js';

function links(ns: string): void {
  ipIn(ns, 'link add v0 type veth peer name v1');
}

const RULES = [
  'rule add from 10.1.0.0/16 to 10.2.0.0/16 fwmark 0x10/0xff tos 0x10 iif v0 oif v1 pref 100 table 100 proto static ipproto tcp sport 1000-2000 dport 80 uidrange 100-200',
  'rule add not from 10.3.0.0/16 pref 101 blackhole',
  'rule add pref 102 goto 110',
  'rule add pref 103 nop',
  'rule add pref 104 table main suppress_prefixlength 0 suppress_ifgroup 5',
  'rule add pref 105 l3mdev',
  'rule add pref 106 unreachable',
  'rule add pref 107 prohibit fwmark 7',
  'rule add pref 108 table 5000 realms 3/4',
  'rule add pref 109 goto 500',
  'rule add pref 110 tun_id 77 table 3',
  'rule add pref 111 from 10.9.9.9 to 10.8.8.8 table local ipproto 99 sport 5 dport 6-7',
  'rule add pref 112 iif nosuch oif nosuch2 lookup 7',
  'rule add pref 113 fwmark 0x20 type prohibit protocol 42',
  'rule add from 10.5.0.0/24 lookup default',
  'rule add pref 300 nat 1.2.3.4',
  '-6 rule add from fd00::/64 to fd01::1 table 6 pref 200',
  '-6 rule add pref 201 iif v1 ipproto udp dport 53 prohibit',
  '-6 rule add pref 202 not to fd02::/48 goto 203',
  '-6 rule add pref 203 tos 0x20 fwmark 1/1 table 1000 suppress_prefixlength 64',
];

test('nlink-ip rule list equals ip rule list', { skip: skipUnlessIntegration() }, async (t) => {
  await withNamespace(
    async (ns) => {
      links(ns.name);
      for (const line of RULES) ipIn(ns.name, line);
      const n = ns.name;
      await t.test('every rule, both families, JSON and text, -d, -N, -p', async () => {
        for (const family of [[], ['-4'], ['-6']]) {
          for (const opts of [[], ['-j'], ['-d'], ['-j', '-d'], ['-N'], ['-j', '-p']]) {
            await assertSameOutput(n, [...family, ...opts, 'rule']);
            await assertSameOutput(n, [...family, ...opts, 'rule', 'show']);
          }
        }
      });
      await t.test('filters', async () => {
        const filters = [
          ['pref', '100'],
          ['priority', '0'],
          ['not'],
          ['from', '10.1.0.0/16'],
          ['from', '10.0.0.0/8'],
          ['from', 'all'],
          ['to', '10.2.0.0/16'],
          ['10.8.8.8'],
          ['tos', '0x10'],
          ['fwmark', '0x10'],
          ['fwmark', '0x10/0xff'],
          ['iif', 'v0'],
          ['dev', 'nosuch'],
          ['oif', 'v1'],
          ['l3mdev'],
          ['uidrange', '100-200'],
          ['tun_id', '77'],
          ['table', '100'],
          ['lookup', 'main'],
          ['ipproto', 'tcp'],
          ['sport', '1000-2000'],
          ['dport', '80'],
          ['dport', '6-7'],
          ['protocol', 'static'],
        ];
        for (const f of filters) {
          await assertSameOutput(n, ['rule', 'show', ...f]);
          await assertSameOutput(n, ['-j', 'rule', 'list', ...f]);
        }
        await assertSameOutput(n, ['-6', 'rule', 'show', 'from', 'fd00::/16']);
        await assertSameOutput(n, ['-6', '-j', 'rule', 'show', 'iif', 'v1', 'ipproto', 'udp']);
      });
      await t.test('mistakes: iproute2 messages and exit codes', async () => {
        for (const args of [
          ['rule', 'foo'],
          ['rule', 'add'],
          ['rule', 'del'],
          ['rule', 'show', 'foo'],
          ['rule', 'show', 'pref', 'x'],
          ['rule', 'add', 'iif', '12345678901234567'],
          ['rule', 'add', 'pref', '301', 'l3mdev', 'table', '5'],
          ['rule', 'add', 'from', '1.2.3.x'],
          ['rule', 'add', 'pref', 'x'],
          ['rule', 'add', 'uidrange', '5'],
          ['rule', 'add', 'sport', 'x'],
          ['rule', 'add', 'ipproto', 'nosuchproto'],
          ['rule', 'add', 'type', 'bogus'],
          ['rule', 'add', 'from', 'fd00::/64', 'table', '5'],
          ['rule', 'add', 'pref', '100', 'from', '10.1.0.0/16', 'to', '10.2.0.0/16', 'table', '5', 'goto', '50'],
        ]) {
          await assertSameOutput(n, args);
        }
      });
    },
    { prefix: 'cli-rule' },
  );
});

test('nlink-ip rule changes leave the state ip leaves', { skip: skipUnlessIntegration() }, async (t) => {
  await withTwins('cli-rule', links, async (theirs, ours) => {
    const shows = [
      ['-j', '-d', 'rule', 'show'],
      ['-j', '-d', '-6', 'rule', 'show'],
    ];
    await t.test('add: every selector and action', async () => {
      await assertSameChanges(theirs, ours, RULES, shows);
    });
    await t.test('del by selector, by priority; errors', async () => {
      const lines = [
        'rule del pref 103',
        'rule del from 10.5.0.0/24',
        'rule del not from 10.3.0.0/16 blackhole',
        '-6 rule del pref 201 iif v1 ipproto udp dport 53',
        'rule del fwmark 7',
        'rule del table 5000',
        '!rule del pref 999',
        '!rule add pref 104 table main suppress_prefixlength 0 suppress_ifgroup 5',
      ];
      await assertSameChanges(theirs, ours, lines, shows);
    });
    await t.test('flush: by table, protocol, family, all', async () => {
      const lines = ['rule flush table 100', 'rule flush protocol 42', '-6 rule flush', 'rule flush'];
      await assertSameChanges(theirs, ours, lines, shows);
    });
  });
});
