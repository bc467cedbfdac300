/**
 * MPLS label routes and MPLS encapsulation (modules mpls_router and
 * mpls_iptunnel, absent from some kernels: gated, and required in the
 * kernel lane): created through the library, they read back through
 * `ip -j` exactly as the same routes created by iproute2, and decode.
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import '../../../src/index.js';
import type { NexthopConfig } from '../../../src/route/nexthop/config.js';
import type { RouteConfig } from '../../../src/route/route/config.js';
import { requireFeature } from '../../../src/testing/gates.js';
import type { LabNamespace } from '../../../src/testing/lab.js';
import { configureTwins, ipState, type Twin, withTwins } from '../../integration/route-lab.js';
import { probeMplsEncap, probeMplsRouting } from './probes.js';

function enableMpls(ns: LabNamespace): void {
  for (const setting of ['net.mpls.platform_labels=1000', 'net.mpls.conf.d0.input=1']) {
    execFileSync('ip', ['netns', 'exec', ns.name, 'sysctl', '-q', '-w', setting]);
  }
}

const LABEL_ROUTES: readonly Twin<RouteConfig>[] = [
  [
    ['-f', 'mpls', 'route', 'add', '100', 'as', '200/300', 'via', 'inet', '10.0.0.2', 'dev', 'd0'],
    { family: 'mpls', label: 100, newLabels: [200, 300], via: '10.0.0.2', dev: 'd0' },
  ],
  [
    ['-f', 'mpls', 'route', 'add', '101', 'via', 'inet6', '2001:db8::2', 'dev', 'd0', 'ttl-propagate', 'enabled'],
    { family: 'mpls', label: 101, via: '2001:db8::2', dev: 'd0', ttlPropagate: true },
  ],
  [
    ['-f', 'mpls', 'route', 'add', '103', 'nexthop', 'as', '201', 'via', 'inet', '10.0.0.2', 'dev', 'd0'].concat([
      'nexthop',
      'as',
      '202',
      'via',
      'inet',
      '10.0.0.3',
      'dev',
      'd0',
    ]),
    {
      family: 'mpls',
      label: 103,
      nexthops: [
        { newLabels: [201], gateway: '10.0.0.2', dev: 'd0' },
        { newLabels: [202], gateway: '10.0.0.3', dev: 'd0' },
      ],
    },
  ],
];

test('MPLS label routes created through the library read back as iproute2 creates them', async (t) => {
  if (!(await requireFeature(t, 'MPLS routing (mpls_router)', probeMplsRouting))) return;
  await withTwins(async (byIp, byLib) => {
    enableMpls(byIp);
    enableMpls(byLib);
    const conn = await configureTwins(byIp, byLib, LABEL_ROUTES, (c, route) => c.addRoute(route));
    const state = (ns: string) => ipState(ns, ['-d', '-f', 'mpls', 'route', 'show']);
    assert.deepEqual(state(byLib.name), state(byIp.name));
    const routes = await conn.getRoutes({ family: 'mpls' });
    assert.deepEqual(
      routes.map((r) => [r.label, r.newLabels, r.via?.address, r.nexthops?.map((h) => h.newLabels)]),
      [
        [100, [200, 300], '10.0.0.2', undefined],
        [101, undefined, '2001:db8::2', undefined],
        [103, undefined, undefined, [[201], [202]]],
      ],
    );
    assert.equal(routes[1]?.ttlPropagate, true);
    await conn.delRoute({ family: 'mpls', label: 100 });
    assert.deepEqual(
      (await conn.getRoutes({ family: 'mpls' })).map((r) => r.label),
      [101, 103],
    );
  });
});

const ENCAP_ROUTES: readonly Twin<RouteConfig>[] = [
  [
    ['route', 'add', '10.10.0.0/24', 'encap', 'mpls', '100/200', 'ttl', '10', 'via', '10.0.0.2', 'dev', 'd0'],
    { dst: '10.10.0.0/24', encap: { type: 'mpls', labels: [100, 200], ttl: 10 }, gateway: '10.0.0.2', dev: 'd0' },
  ],
  [
    ['route', 'add', '10.11.0.0/24', 'nexthop', 'encap', 'mpls', '100', 'via', '10.0.0.2', 'dev', 'd0'].concat([
      'nexthop',
      'encap',
      'mpls',
      '200/300',
      'via',
      '10.0.0.3',
      'dev',
      'd0',
    ]),
    {
      dst: '10.11.0.0/24',
      nexthops: [
        { encap: { type: 'mpls', labels: [100] }, gateway: '10.0.0.2', dev: 'd0' },
        { encap: { type: 'mpls', labels: [200, 300] }, gateway: '10.0.0.3', dev: 'd0' },
      ],
    },
  ],
];

const ENCAP_NEXTHOP: Twin<NexthopConfig> = [
  ['nexthop', 'add', 'id', '7', 'encap', 'mpls', '100/200', 'via', '10.0.0.2', 'dev', 'd0'],
  { id: 7, encap: { type: 'mpls', labels: [100, 200] }, gateway: '10.0.0.2', dev: 'd0' },
];

test('MPLS-encapsulated routes and nexthops created through the library read back as iproute2 creates them', async (t) => {
  if (!(await requireFeature(t, 'MPLS encapsulation (mpls_iptunnel)', probeMplsEncap))) return;
  await withTwins(async (byIp, byLib) => {
    const conn = await configureTwins(byIp, byLib, ENCAP_ROUTES, (c, route) => c.addRoute(route));
    await configureTwins(byIp, byLib, [ENCAP_NEXTHOP], (c, nexthop) => c.addNexthop(nexthop));
    const state = (ns: string) => [...ipState(ns, ['-d', 'route', 'show']), ...ipState(ns, ['-d', 'nexthop', 'show'])];
    assert.deepEqual(state(byLib.name), state(byIp.name));
    const [single] = await conn.getRoutes({ family: 'inet', table: 'main', protocol: 'boot' });
    assert.deepEqual(single?.encap, { type: 'mpls', labels: [100, 200], ttl: 10 });
    assert.deepEqual((await conn.getNexthop(7))?.encap, { type: 'mpls', labels: [100, 200] });
  });
});
