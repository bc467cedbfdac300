/**
 * `nlink-ip route` against iproute2 on real state: in a throwaway namespace
 * holding routes made with `ip` (several tables, a big table id, multipath,
 * blackhole/unreachable/prohibit/throw/local, metrics with locks, realms,
 * onlink, IPv4 over an IPv6 gateway, an `ip` lwtunnel encap, IPv6 source
 * routes, preferences and an expiring route, routes through nexthop
 * objects), every `show` and `get` prints what `ip` prints, JSON and text.
 * The one allowed difference is `expires`, which counts down between the
 * two runs. Changes made with `nlink-ip route add|change|replace|prepend|
 * append|del|flush` leave the state the same `ip` commands leave in a twin
 * namespace.
 */

import { test } from 'node:test';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { assertSameChanges, assertSameOutput, ipIn, type Volatile, vethPairs, withTwins } from './oracle.js';

/** An IPv6 route's remaining lifetime counts down. */
const EXPIRES: Volatile = { keys: ['expires'], text: [/expires (\d+)sec/g] };

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

const ROUTES = [
  'route add 10.1.0.0/24 via 10.0.0.2',
  'route add 10.2.0.0/24 via 10.0.0.2 table 100 metric 5 proto static',
  'route add blackhole 10.3.0.0/24',
  'route add unreachable 10.4.0.0/24 metric 7',
  'route add prohibit 10.5.0.0/24 table 200',
  'route add throw 10.6.0.0/24 table 100',
  'route add 10.7.0.0/24 via 10.0.0.2 mtu lock 1400 advmss 1360 window 65535 rtt 10ms rttvar 5ms hoplimit 64 initcwnd 10 initrwnd 10 features ecn congctl lock cubic quickack 1 rto_min 200ms ssthresh 100 cwnd 20 reordering 3 fastopen_no_cookie 1',
  'route add 10.8.0.0/24 nexthop via 10.0.0.2 dev v0 weight 1 nexthop via 10.0.1.3 dev w0 weight 3',
  'route add 10.9.0.0/24 dev v0 src 10.0.0.1 scope link realms 3/5',
  'route add 10.10.0.0/24 via inet6 2001:db8::2 dev v0',
  'route add 10.11.0.0/24 dev v0 table 1000 tos 0x10',
  'route add local 10.12.0.1 dev v0',
  'route add default via 10.0.0.254',
  'route add 10.13.0.0/24 via 192.168.9.1 onlink dev w0',
  'route add 10.14.0.0/24 encap ip id 100 dst 1.2.3.4 src 10.0.0.1 ttl 5 tos 3 key csum dev v0',
  'route add 10.15.0.0/24 via 10.0.0.2 metric 10',
  'route add 10.15.0.0/24 via 10.0.1.2 metric 20',
  '-6 route add 2001:db8:5::/64 via 2001:db8::2 dev v0 metric 100 pref high',
  '-6 route add 2001:db8:6::/64 from 2001:db8:7::/64 via 2001:db8::2 dev v0',
  '-6 route add 2001:db8:8::/64 nexthop via 2001:db8::2 dev v0 weight 2 nexthop via 2001:db8::3 dev v0',
  '-6 route add blackhole 2001:db8:9::/64 table 100',
  '-6 route add 2001:db8:a::/64 via 2001:db8::2 dev v0 expires 600',
  '-6 route add unreachable 2001:db8:b::/64 mtu 1300 hoplimit 5',
  'nexthop add id 1 via 10.0.0.2 dev v0',
  'nexthop add id 2 via 10.0.1.2 dev w0 proto static',
  'nexthop add id 5 group 1/2,3',
  'route add 10.20.0.0/24 nhid 5',
  'route add 10.21.0.0/24 nhid 1 table 100',
];

test('nlink-ip route show and get equal ip route show and get', { skip: skipUnlessIntegration() }, async (t) => {
  await withNamespace(
    async (ns) => {
      links(ns.name);
      for (const line of ROUTES) ipIn(ns.name, line);
      const n = ns.name;
      await t.test('every table, all families, JSON and text, -d, -o, -p', async () => {
        for (const opts of [[], ['-j'], ['-j', '-p'], ['-d'], ['-j', '-d'], ['-o'], ['-s'], ['-N']]) {
          await assertSameOutput(n, [...opts, 'route'], EXPIRES);
          await assertSameOutput(n, [...opts, 'route', 'show', 'table', 'all'], EXPIRES);
          await assertSameOutput(n, [...opts, '-6', 'route', 'show', 'table', 'all'], EXPIRES);
          await assertSameOutput(n, [...opts, '-4', 'route', 'show', 'table', 'all'], EXPIRES);
          await assertSameOutput(n, [...opts, '-6', 'route'], EXPIRES);
        }
      });
      await t.test('selectors', async () => {
        const selectors = [
          ['table', '100'],
          ['table', '1000'],
          ['table', 'local'],
          ['table', 'main'],
          ['table', 'all', 'type', 'blackhole'],
          ['table', 'all', 'type', 'local'],
          ['type', 'unreachable'],
          ['proto', 'static', 'table', 'all'],
          ['proto', 'kernel'],
          ['proto', 'all'],
          ['scope', 'link'],
          ['scope', 'global'],
          ['scope', 'all'],
          ['scope', 'host', 'table', 'local'],
          ['dev', 'v0'],
          ['oif', 'w0'],
          ['via', '10.0.0.2'],
          ['via', 'inet6', '2001:db8::2'],
          ['src', '10.0.0.1'],
          ['default'],
          ['metric', '7'],
          ['10.8.0.0/24'],
          ['root', '10.0.0.0/8'],
          ['match', '10.8.0.5'],
          ['exact', '10.8.0.0/24'],
          ['to', 'root', '0/0', 'table', '100'],
          ['realms', '3/5'],
          ['realms', '5'],
          ['tos', '0x10', 'table', 'all'],
          ['table', 'all', 'from', '2001:db8:7::/64'],
          ['match', '10.15.0.1'],
        ];
        for (const s of selectors) {
          await assertSameOutput(n, ['route', 'show', ...s], EXPIRES);
          await assertSameOutput(n, ['-j', 'route', 'show', ...s], EXPIRES);
        }
        await assertSameOutput(n, ['-6', 'route', 'show', 'root', '2001:db8::/32', 'table', 'all'], EXPIRES);
        await assertSameOutput(n, ['-j', '-6', 'route', 'list', 'match', '2001:db8:8::1'], EXPIRES);
        await assertSameOutput(n, ['r', 'ls', 'dev', 'v0', 'table', 'all'], EXPIRES);
      });
      await t.test('get', async () => {
        const gets = [
          ['10.1.0.5'],
          ['to', '10.8.0.1'],
          ['fibmatch', '10.8.0.1'],
          ['10.20.0.1'],
          ['10.0.0.9', 'from', '10.0.0.1'],
          ['10.1.0.1', 'mark', '3', 'uid', '7', 'ipproto', 'tcp', 'sport', '5', 'dport', '80'],
          ['10.7.0.1'],
          ['10.3.0.1'],
          ['10.12.0.1'],
          ['10.1.0.9', 'oif', 'w0'],
          ['10.1.0.9', 'from', '10.0.0.99', 'iif', 'v0'],
        ];
        for (const g of gets) {
          for (const opts of [[], ['-j'], ['-d']]) await assertSameOutput(n, [...opts, 'route', 'get', ...g], EXPIRES);
        }
        for (const opts of [[], ['-j']]) {
          await assertSameOutput(n, [...opts, '-6', 'route', 'get', '2001:db8:8::1'], EXPIRES);
          await assertSameOutput(n, [...opts, 'route', 'get', 'fibmatch', '2001:db8:5::1'], EXPIRES);
        }
      });
      await t.test('mistakes: iproute2 messages and exit codes', async () => {
        for (const args of [
          'route foo',
          'route add 10.30.0.0/24 foo',
          'route add 10.30.0.0/24 via 10.0.0.2 via 10.0.0.3',
          'route add 10.30.0.0/24 dev nosuch',
          'route add 10.30.0.0/24 mtu abc',
          'route add 10.30.0.0/24 nexthop',
          'route add 10.30.0.0/24 nexthop via 10.0.0.2 bogus',
          'route add 10.30.0.0/24 nexthop dev nosuch',
          'route add 10.30.0.0/24 nexthop via 10.0.0.2 weight 300',
          'route add 10.30.0.0/24 table foo',
          'route add 10.30.0.0/24 proto foo',
          'route add 10.30.0.0/24 scope foo',
          'route add 10.30.0.0/24 metric -x',
          'route add 10.30.0.0/24 quickack 3',
          'route add 10.30.0.0/24 features foo',
          'route add 10.30.0.0/24 pref foo',
          'route add 10.30.0.0/24 realms nosuch/x',
          'route add 10.30.0.0/24 hoplimit 256',
          'route add 10.30.0.0/24 rtt 5x',
          'route add 1.2.3.x/24 dev v0',
          'route add 10.1.0.0/24 via 10.0.0.2',
          'route del 10.99.0.0/24',
          'route add 10.30.0.0/24 via 10.99.0.1',
          'route show table foo',
          'route show proto foo',
          'route show scope foo',
          'route show dev nosuch',
          'route show type foo',
          'route show mark x',
          'route get',
          'route get 10.1.0.1 oif nosuch',
          'route get 10.1.0.1 ipproto nosuch',
          'route flush',
          'route get 192.0.2.1 oif v1',
        ]) {
          await assertSameOutput(n, args.split(' '));
        }
      });
    },
    { prefix: 'cli-route' },
  );
});

test('a namespace whose main table does not exist yet shows no routes', { skip: skipUnlessIntegration() }, async () => {
  await withNamespace(
    async (ns) => {
      for (const opts of [[], ['-j']]) await assertSameOutput(ns.name, [...opts, 'route', 'show']);
    },
    { prefix: 'cli-route0' },
  );
});

test('nlink-ip route changes leave the state ip leaves', { skip: skipUnlessIntegration() }, async () => {
  const changes = [
    'route add 10.1.0.0/24 via 10.0.0.2',
    'route add 10.2.0.0/24 via 10.0.0.2 table 100 metric 5 proto static',
    'route add blackhole 10.3.0.0/24',
    'route add unreachable 10.4.0.0/24 metric 7',
    'route add prohibit 10.5.0.0/24 table 200',
    'route add throw 10.6.0.0/24 table 100',
    'route add 10.7.0.0/24 via 10.0.0.2 mtu lock 1400 advmss 1360 window 65535 rtt 10ms rttvar 5ms hoplimit 64 initcwnd 10 initrwnd 10 features ecn congctl lock cubic quickack 1 rto_min 200ms ssthresh 100 cwnd 20 reordering 3 fastopen_no_cookie 1',
    'route add 10.17.0.0/24 via 10.0.0.2 rtt 1.5 rttvar 3s rto_min 2 window lock 10',
    'route add 10.8.0.0/24 nexthop via 10.0.0.2 dev v0 weight 1 nexthop via 10.0.1.3 dev w0 weight 3',
    'route add 10.9.0.0/24 dev v0 src 10.0.0.1 scope link realms 3/5',
    'route add 10.10.0.0/24 via inet6 2001:db8::2 dev v0',
    'route add 10.11.0.0/24 dev v0 table 1000 tos 0x10',
    'route add local 10.12.0.1 dev v0',
    'route add broadcast 10.0.0.127 dev v0 table local proto kernel scope link src 10.0.0.1',
    'route add default via 10.0.0.254',
    'route add 10.13.0.0/24 via 192.168.9.1 onlink dev w0',
    'route add 10.14.0.0/24 encap ip id 100 dst 1.2.3.4 src 10.0.0.1 ttl 5 tos 3 key csum dev v0',
    'route add 10.16.0.0/24 nexthop via 192.168.9.1 dev w0 onlink nexthop dev v0 realms 3',
    '!route add 10.1.0.0/24 via 10.0.0.3',
    'route replace 10.1.0.0/24 via 10.0.0.3',
    'route change 10.1.0.0/24 via 10.0.0.4 metric 0',
    'route prepend 10.15.0.0/24 via 10.0.0.2',
    'route append 10.15.0.0/24 via 10.0.1.2',
    '!route test 10.18.0.0/24 dev v0',
    'route del 10.3.0.0/24',
    'route del 10.2.0.0/24 table 100',
    '!route del 10.2.0.0/24 table 100',
    '-6 route add 2001:db8:5::/64 via 2001:db8::2 dev v0 metric 100 pref high',
    '-6 route add 2001:db8:6::/64 from 2001:db8:7::/64 via 2001:db8::2 dev v0',
    '-6 route add 2001:db8:8::/64 nexthop via 2001:db8::2 dev v0 weight 2 nexthop via 2001:db8::3 dev v0',
    '-6 route append 2001:db8:8::/64 via 2001:db8::4 dev v0',
    '-6 route add blackhole 2001:db8:9::/64 table 100',
    'route add unreachable 2001:db8:b::/64 mtu 1300 hoplimit 5',
    'route add 2001:db8:c::/64 dev v0 pref low metric 9',
    '-6 route del 2001:db8:5::/64',
    'nexthop add id 1 via 10.0.0.2 dev v0',
    'route add 10.20.0.0/24 nhid 1',
    'route add 10.21.0.0/24 nhid 1 table 100',
    'route add 10.22.0.0/24 dev v0 table 300',
    'route add 10.23.0.0/24 dev v0 table 300',
    'route flush table 300',
    'route flush 10.15.0.0/24',
    '-6 route flush table 100',
  ];
  const shows = [
    ['-j', 'route', 'show', 'table', 'all'],
    ['-d', 'route', 'show', 'table', 'all'],
    ['-j', '-6', 'route', 'show', 'table', 'all'],
  ];
  await withTwins('cli-route', links, async (ipNs, oursNs) => {
    await assertSameChanges(ipNs, oursNs, changes, shows, EXPIRES);
  });
});
