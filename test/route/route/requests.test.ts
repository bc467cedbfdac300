/**
 * Route requests, byte for byte (attribute for attribute, any order) against
 * iproute2's for the same command: fixtures captured with
 * scripts/capture-request.mjs (the command is in each fixture's first line;
 * MPLS, VRF tables and some SRv6 behaviours are refused by this kernel, the
 * request bytes are what count).
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RTM } from '../../../src/core/constants.js';
import { InvalidArgumentError } from '../../../src/errors.js';
import type { RouteConfig, RouteLookup } from '../../../src/route/route/config.js';
import type { RouteFilter } from '../../../src/route/route/ops.js';
import { mplsRouteMessage, routeMessage } from '../../../src/route/route/schema.js';
import type { Connection } from '../../../src/session/connection.js';
import type { Route } from '../../../src/session/protocol.js';
import { diffFixture, lastRequestOf, requestsOf } from './fake.js';

/** Fixture name → the route that must produce iproute2's request. */
const ADDS: Readonly<Record<string, RouteConfig>> = {
  'route-gw': { dst: '10.1.0.0/24', gateway: '10.0.0.2' },
  'route-dev': { dst: '10.1.0.0/24', dev: 'd0' },
  'route-table': { dst: '10.1.0.0/24', gateway: '10.0.0.2', table: 100, metric: 5, protocol: 'static' },
  'route-bigtable': { dst: '10.1.0.0/24', dev: 'd0', table: 1000, tos: 0x10 },
  'route-blackhole': { dst: '10.2.0.0/24', type: 'blackhole' },
  'route-unreachable': { dst: '10.2.0.0/24', type: 'unreachable', metric: 7 },
  'route-prohibit': { dst: '10.2.0.0/24', type: 'prohibit' },
  'route-throw': { dst: '10.2.0.0/24', type: 'throw', table: 100 },
  'route-local': { dst: '10.3.0.1', type: 'local', dev: 'd0' },
  'route-broadcast': {
    dst: '10.0.0.255',
    type: 'broadcast',
    dev: 'd0',
    table: 'local',
    protocol: 'kernel',
    scope: 'link',
    prefsrc: '10.0.0.1',
  },
  'route-multicast': { dst: '239.0.0.0/8', type: 'multicast', dev: 'd0' },
  'route-nat': { dst: '10.3.0.5', type: 'nat', gateway: '10.0.0.9' },
  'route-metrics': {
    dst: '10.4.0.0/24',
    gateway: '10.0.0.2',
    metrics: {
      mtu: 1400,
      advmss: 1360,
      window: 65535,
      rtt: 10,
      rttvar: 5,
      hoplimit: 64,
      initcwnd: 10,
      initrwnd: 10,
      features: ['ecn'],
      congctl: 'cubic',
      quickack: true,
      rtoMin: 200,
      ssthresh: 100,
      cwnd: 20,
      reordering: 3,
      fastopenNoCookie: true,
      lock: ['mtu'],
    },
  },
  'route-src': { dst: '10.5.0.0/24', dev: 'd0', prefsrc: '10.0.0.1', scope: 'link', realm: 5 },
  'route-onlink': { dst: '10.6.0.0/24', gateway: '192.168.99.1', dev: 'd0', onlink: true },
  'route-via6': { dst: '10.7.0.0/24', gateway: 'fe80::1', dev: 'd0' },
  'route-multipath': {
    dst: '10.8.0.0/24',
    nexthops: [
      { gateway: '10.0.0.2', dev: 'd0', weight: 1 },
      { gateway: '10.0.0.3', dev: 'd0', weight: 3 },
    ],
  },
  'route-multipath-onlink': {
    dst: '10.8.0.0/24',
    nexthops: [
      { gateway: '192.168.9.1', dev: 'd0', onlink: true },
      { dev: 'd1', realm: 3 },
    ],
  },
  'route-multipath-encap': {
    dst: '10.8.0.0/24',
    nexthops: [
      { encap: { type: 'mpls', labels: [100] }, gateway: '10.0.0.2', dev: 'd0' },
      { encap: { type: 'mpls', labels: [200, 300] }, gateway: '10.0.0.3', dev: 'd0' },
    ],
  },
  'route-multipath-v6': {
    dst: '2001:db8:8::/64',
    nexthops: [
      { gateway: '2001:db8::2', dev: 'd0', weight: 2 },
      { gateway: '2001:db8::3', dev: 'd0' },
    ],
  },
  'route-nhid': { dst: '10.9.0.0/24', nhid: 1 },
  'route-mpls-encap': {
    dst: '10.10.0.0/24',
    encap: { type: 'mpls', labels: [100, 200], ttl: 10 },
    gateway: '10.0.0.2',
    dev: 'd0',
  },
  'route-ip-encap': {
    dst: '10.11.0.0/24',
    encap: { type: 'ip', id: 100, dst: '1.2.3.4', src: '10.0.0.1', ttl: 5, tos: 3, flags: ['key', 'csum'] },
    dev: 'd0',
  },
  'route-seg6': {
    dst: '2001:db8:1::/64',
    encap: { type: 'seg6', mode: 'encap', segments: ['2001:db8::2', '2001:db8::3'] },
    dev: 'd0',
  },
  'route-seg6-inline': {
    dst: '2001:db8:1::/64',
    encap: { type: 'seg6', mode: 'inline', segments: ['2001:db8::2'] },
    dev: 'd0',
  },
  'route-seg6-hmac': {
    dst: '2001:db8:1::/64',
    encap: { type: 'seg6', mode: 'encap', segments: ['2001:db8::2'], hmac: 100 },
    dev: 'd0',
  },
  'route-seg6-l2': {
    dst: '2001:db8:1::/64',
    encap: { type: 'seg6', mode: 'l2encap', segments: ['2001:db8::2'] },
    dev: 'd0',
  },
  'route-seg6-v4': {
    dst: '10.12.0.0/24',
    encap: { type: 'seg6', mode: 'encap', segments: ['2001:db8::2'] },
    dev: 'd0',
  },
  'route-seg6local-end': { dst: '2001:db8:2::/64', encap: { type: 'seg6local', action: 'End' }, dev: 'd0' },
  'route-seg6local-endx': {
    dst: '2001:db8:2::/64',
    encap: { type: 'seg6local', action: 'End.X', nh6: '2001:db8::2' },
    dev: 'd0',
  },
  'route-seg6local-endt': {
    dst: '2001:db8:2::/64',
    encap: { type: 'seg6local', action: 'End.T', table: 100 },
    dev: 'd0',
  },
  'route-seg6local-dx2': {
    dst: '2001:db8:2::/64',
    encap: { type: 'seg6local', action: 'End.DX2', oif: 'd1' },
    dev: 'd0',
  },
  'route-seg6local-dx4': {
    dst: '2001:db8:2::/64',
    encap: { type: 'seg6local', action: 'End.DX4', nh4: '10.0.0.2' },
    dev: 'd0',
  },
  'route-seg6local-dx6': {
    dst: '2001:db8:2::/64',
    encap: { type: 'seg6local', action: 'End.DX6', nh6: '2001:db8::2' },
    dev: 'd0',
  },
  'route-seg6local-dt6': {
    dst: '2001:db8:2::/64',
    encap: { type: 'seg6local', action: 'End.DT6', table: 100 },
    dev: 'd0',
  },
  'route-seg6local-dt6vrf': {
    dst: '2001:db8:2::/64',
    encap: { type: 'seg6local', action: 'End.DT6', vrftable: 100 },
    dev: 'd0',
  },
  'route-seg6local-dt4': {
    dst: '2001:db8:2::/64',
    encap: { type: 'seg6local', action: 'End.DT4', vrftable: 100 },
    dev: 'd0',
  },
  'route-seg6local-dt46': {
    dst: '2001:db8:2::/64',
    encap: { type: 'seg6local', action: 'End.DT46', vrftable: 100 },
    dev: 'd0',
  },
  'route-seg6local-b6': {
    dst: '2001:db8:2::/64',
    encap: { type: 'seg6local', action: 'End.B6', segments: ['2001:db8::2', '2001:db8::3'] },
    dev: 'd0',
  },
  'route-seg6local-b6encap': {
    dst: '2001:db8:2::/64',
    encap: { type: 'seg6local', action: 'End.B6.Encaps', segments: ['2001:db8::2'], hmac: 7 },
    dev: 'd0',
  },
  'route-seg6local-count': {
    dst: '2001:db8:2::/64',
    encap: { type: 'seg6local', action: 'End', count: true },
    dev: 'd0',
  },
  'route-seg6local-flavors': {
    dst: '2001:db8:2::/64',
    encap: { type: 'seg6local', action: 'End', flavors: { operations: ['psp', 'usp'] } },
    dev: 'd0',
  },
  'route-seg6local-csid': {
    dst: '2001:db8:2::/64',
    encap: { type: 'seg6local', action: 'End', flavors: { operations: ['next-csid'], lblen: 32, nflen: 16 } },
    dev: 'd0',
  },
  'route-v6': { dst: '2001:db8:5::/64', gateway: '2001:db8::2', dev: 'd0', metric: 100, pref: 'high' },
  'route-v6-expires': { dst: '2001:db8:5::/64', gateway: '2001:db8::2', dev: 'd0', expires: 100 },
  'route-v6-src': { dst: '2001:db8:5::/64', from: '2001:db8:6::/64', gateway: '2001:db8::2', dev: 'd0' },
  'route-default': { dst: 'default', gateway: '10.0.0.2' },
  'route-default6': { dst: 'default', gateway: '2001:db8::2' },
};

/** MPLS label routes (`ip -f mpls route add ...`). */
const MPLS_ADDS: Readonly<Record<string, RouteConfig>> = {
  'route-mpls-label': { family: 'mpls', label: 100, newLabels: [200, 300], via: '10.0.0.2', dev: 'd0' },
  'route-mpls-pop': { family: 'mpls', label: 101, via: '10.0.0.2', dev: 'd0' },
  'route-mpls-v6': { family: 'mpls', label: 102, via: '2001:db8::2', dev: 'd0', ttlPropagate: true },
  'route-mpls-multipath': {
    family: 'mpls',
    label: 103,
    nexthops: [
      { newLabels: [201], gateway: '10.0.0.2', dev: 'd0' },
      { newLabels: [202], gateway: '10.0.0.3', dev: 'd0' },
    ],
  },
};

for (const [name, route] of Object.entries(ADDS)) {
  test(`addRoute: the same request as iproute2's ${name}`, async () => {
    const ours = await lastRequestOf((conn) => conn.addRoute(route));
    assert.deepEqual(diffFixture(ours, name, routeMessage), []);
  });
}

for (const [name, route] of Object.entries(MPLS_ADDS)) {
  test(`addRoute (MPLS): the same request as iproute2's ${name}`, async () => {
    const ours = await lastRequestOf((conn) => conn.addRoute(route));
    assert.deepEqual(diffFixture(ours, name, mplsRouteMessage), []);
  });
}

test('replaceRoute, appendRoute, delRoute: the same requests as iproute2', async () => {
  const cases: [string, (c: Connection<Route>) => Promise<unknown>][] = [
    ['route-replace', (c) => c.replaceRoute({ dst: '10.1.0.0/24', gateway: '10.0.0.2' })],
    ['route-append', (c) => c.appendRoute({ dst: '2001:db8:5::/64', gateway: '2001:db8::3', dev: 'd0' })],
    ['route-del', (c) => c.delRoute({ dst: '10.1.0.0/24' })],
    [
      'route-del-full',
      (c) => c.delRoute({ dst: '10.1.0.0/24', gateway: '10.0.0.2', table: 100, protocol: 'static', metric: 5 }),
    ],
    ['route-del6', (c) => c.delRoute({ dst: '2001:db8:5::/64' })],
  ];
  for (const [name, body] of cases) {
    assert.deepEqual(diffFixture(await lastRequestOf(body), name, routeMessage), [], name);
  }
  const mplsDel = await lastRequestOf((c) => c.delRoute({ family: 'mpls', label: 100 }));
  assert.deepEqual(diffFixture(mplsDel, 'route-mpls-del', mplsRouteMessage), []);
});

test('getRoute: the same lookups as `ip route get`', async () => {
  const cases: [string, string, RouteLookup][] = [
    ['route-get', '10.0.0.5', {}],
    ['route-get-full', '10.0.0.5', { from: '10.0.0.1', oif: 'd0', mark: 5, fibMatch: true }],
    ['route-get-iif', '10.0.0.5', { from: '10.9.9.9', iif: 'd0' }],
    ['route-get6', '2001:db8::5', {}],
  ];
  for (const [name, dst, lookup] of cases) {
    // The fake kernel only acks: the lookup finds nothing, but its request is what we compare.
    const ours = await lastRequestOf((c) => c.getRoute(dst, lookup).catch(() => undefined));
    assert.deepEqual(diffFixture(ours, name, routeMessage, { type: RTM.GETROUTE, acked: true }), [], name);
  }
});

test('getRoutes: the same dump requests as `ip route show`, filtered by the kernel', async () => {
  const cases: [string, RouteFilter][] = [
    ['route-dump', { family: 'inet', table: 'main' }],
    ['route-dump-all', {}],
    ['route-dump6', { family: 'inet6', table: 'main' }],
    ['route-dump-filter', { family: 'inet', table: 100, protocol: 'static', dev: 'd0' }],
    ['route-dump-bigtable', { family: 'inet', table: 1000 }],
  ];
  for (const [name, filter] of cases) {
    const ours = await lastRequestOf((c) => c.getRoutes(filter));
    assert.deepEqual(diffFixture(ours, name, routeMessage, { type: RTM.GETROUTE, acked: true }), [], name);
  }
});

test('the comparison sees a wrong weight, flag or nested attribute of a multipath hop', async () => {
  const ours = await lastRequestOf((c) =>
    c.addRoute({
      dst: '10.8.0.0/24',
      nexthops: [
        { gateway: '10.0.0.2', dev: 'd0', weight: 2 },
        { gateway: '10.0.0.4', dev: 'd0', weight: 3, onlink: true },
      ],
    }),
  );
  assert.deepEqual(diffFixture(ours, 'route-multipath', routeMessage), [
    'multipath.[0]: 000103000000 != 000003000000',
    'multipath.[1]: 040203000000 != 000203000000',
    'multipath.[1].gateway: 0a000004 != 0a000003',
  ]);
});

test('bad routes are rejected before anything is sent', async () => {
  const bad: unknown[] = [
    { dst: '10.0.0.1/24', dev: 'd0' },
    { dst: '10.0.0.0/33', dev: 'd0' },
    { dst: '10.0.0.0/24', nexthops: [] },
    { dst: '10.0.0.0/24', nexthops: [{ gateway: '10.0.0.2', weight: 0 }] },
    { dst: '10.0.0.0/24', nexthops: [{ gateway: '10.0.0.2', weight: 257 }] },
    { dst: '10.0.0.0/24', dev: 'd0', metric: -1 },
    { dst: '10.0.0.0/24', dev: 'd0', table: 0 },
    { dst: '10.0.0.0/24', dev: 'd0', tos: 256 },
    { dst: '10.0.0.0/24', dev: 'd0', scope: 'galaxy' },
    { dst: '10.0.0.0/24', dev: 'd0', type: 'bogus' },
    { dst: '10.0.0.0/24', dev: 'd0', protocol: 300 },
    { dst: '10.0.0.0/24', dev: 'd0', realm: 70_000 },
    { dst: '10.0.0.0/24', dev: 'bad/name' },
    { dst: '10.0.0.0/24', gateway: '10.0.0.256' },
    { dst: '10.0.0.0/24', dev: 'd0', metrics: { rtt: -1 } },
    { dst: '10.0.0.0/24', dev: 'd0', metrics: { lock: ['bogus'] } },
    { dst: '10.0.0.0/24', dev: 'd0', metrics: { features: ['bogus'] } },
    { dst: '2001:db8::/64', dev: 'd0', pref: 'urgent' },
    { dst: '2001:db8::/64', dev: 'd0', encap: { type: 'seg6', mode: 'encap', segments: [] } },
    { dst: '2001:db8::/64', dev: 'd0', encap: { type: 'seg6', mode: 'encap', segments: ['10.0.0.1'] } },
    { dst: '2001:db8::/64', dev: 'd0', encap: { type: 'seg6', mode: 'sideways', segments: ['2001:db8::2'] } },
    { dst: '2001:db8::/64', dev: 'd0', encap: { type: 'seg6local', action: 'End.X', nh6: '10.0.0.2' } },
    { dst: '2001:db8::/64', dev: 'd0', encap: { type: 'seg6local', action: 'End.Q' } },
    { dst: '2001:db8::/64', dev: 'd0', encap: { type: 'gre' } },
    { dst: '10.0.0.0/24', dev: 'd0', encap: { type: 'mpls', labels: [0x100000] } },
    { family: 'mpls', dev: 'd0' },
    { family: 'mpls', label: 0x100000, dev: 'd0' },
    { family: 'mpls', label: 100, newLabels: [0x100000], dev: 'd0' },
  ];
  for (const config of bad) {
    const sent = await requestsOf((c) =>
      c.addRoute(config as RouteConfig).then(
        () => assert.fail(`accepted ${JSON.stringify(config)}`),
        (err: unknown) => assert.ok(err instanceof InvalidArgumentError, `${JSON.stringify(config)}: ${String(err)}`),
      ),
    );
    assert.equal(sent.length, 0, JSON.stringify(config));
  }
});
