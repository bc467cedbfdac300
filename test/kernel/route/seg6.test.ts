/**
 * SRv6 routes: encapsulation (`encap seg6`) and local actions (`encap
 * seg6local`), both CONFIG_IPV6_SEG6_LWTUNNEL, absent from some kernels:
 * gated, and required in the kernel lane. Routes
 * created by iproute2 decode as `ip -d -j` shows them, and the same routes
 * created by the library read back identically.
 */

import { test } from 'node:test';
import type { RouteConfig } from '../../../src/route/route/config.js';
import { requireFeature } from '../../../src/testing/gates.js';
import { checkDecodesAsIp, checkReadsBackAsIp } from '../../integration/route-compare.js';
import type { Twin } from '../../integration/route-lab.js';
import { probeSeg6Encap, probeSeg6Local } from './probes.js';

const SEG6_ROUTES: readonly Twin<RouteConfig>[] = [
  [
    ['route', 'add', '10.12.0.0/24', 'encap', 'seg6', 'mode', 'encap', 'segs', '2001:db8::2', 'dev', 'd0'],
    { dst: '10.12.0.0/24', encap: { type: 'seg6', mode: 'encap', segments: ['2001:db8::2'] }, dev: 'd0' },
  ],
  [
    [
      '-6',
      'route',
      'add',
      '2001:db8:7::/64',
      'encap',
      'seg6',
      'mode',
      'encap',
      'segs',
      '2001:db8::2,2001:db8::3',
    ].concat(['dev', 'd0']),
    {
      dst: '2001:db8:7::/64',
      encap: { type: 'seg6', mode: 'encap', segments: ['2001:db8::2', '2001:db8::3'] },
      dev: 'd0',
    },
  ],
  [
    ['-6', 'route', 'add', '2001:db8:8::/64', 'encap', 'seg6', 'mode', 'inline', 'segs', '2001:db8::2', 'dev', 'd0'],
    { dst: '2001:db8:8::/64', encap: { type: 'seg6', mode: 'inline', segments: ['2001:db8::2'] }, dev: 'd0' },
  ],
];

const SEG6LOCAL_ROUTES: readonly Twin<RouteConfig>[] = [
  [
    ['-6', 'route', 'add', '2001:db8:9::/64', 'encap', 'seg6local', 'action', 'End', 'dev', 'd0'],
    { dst: '2001:db8:9::/64', encap: { type: 'seg6local', action: 'End' }, dev: 'd0' },
  ],
  [
    [
      '-6',
      'route',
      'add',
      '2001:db8:a::/64',
      'encap',
      'seg6local',
      'action',
      'End.X',
      'nh6',
      '2001:db8::2',
      'dev',
      'd0',
    ],
    { dst: '2001:db8:a::/64', encap: { type: 'seg6local', action: 'End.X', nh6: '2001:db8::2' }, dev: 'd0' },
  ],
  [
    ['-6', 'route', 'add', '2001:db8:b::/64', 'encap', 'seg6local', 'action', 'End.T', 'table', '100', 'dev', 'd0'],
    { dst: '2001:db8:b::/64', encap: { type: 'seg6local', action: 'End.T', table: 100 }, dev: 'd0' },
  ],
  [
    ['-6', 'route', 'add', '2001:db8:c::/64', 'encap', 'seg6local', 'action', 'End.DX2', 'oif', 'd1', 'dev', 'd0'],
    { dst: '2001:db8:c::/64', encap: { type: 'seg6local', action: 'End.DX2', oif: 'd1' }, dev: 'd0' },
  ],
  [
    ['-6', 'route', 'add', '2001:db8:d::/64', 'encap', 'seg6local', 'action', 'End.B6', 'srh', 'segs'].concat([
      '2001:db8::2,2001:db8::3',
      'dev',
      'd0',
    ]),
    {
      dst: '2001:db8:d::/64',
      encap: { type: 'seg6local', action: 'End.B6', segments: ['2001:db8::2', '2001:db8::3'] },
      dev: 'd0',
    },
  ],
  [
    [
      '-6',
      'route',
      'add',
      '2001:db8:e::/64',
      'encap',
      'seg6local',
      'action',
      'End.DX6',
      'nh6',
      '2001:db8::2',
      'count',
      'dev',
      'd0',
    ],
    {
      dst: '2001:db8:e::/64',
      encap: { type: 'seg6local', action: 'End.DX6', nh6: '2001:db8::2', count: true },
      dev: 'd0',
    },
  ],
  [
    [
      '-6',
      'route',
      'add',
      '2001:db8:10::/64',
      'encap',
      'seg6local',
      'action',
      'End.DX4',
      'nh4',
      '10.0.0.2',
      'dev',
      'd0',
    ],
    { dst: '2001:db8:10::/64', encap: { type: 'seg6local', action: 'End.DX4', nh4: '10.0.0.2' }, dev: 'd0' },
  ],
  [
    ['-6', 'route', 'add', '2001:db8:11::/64', 'encap', 'seg6local', 'action', 'End', 'flavors', 'next-csid'].concat([
      'lblen',
      '32',
      'nflen',
      '16',
      'dev',
      'd0',
    ]),
    {
      dst: '2001:db8:11::/64',
      encap: { type: 'seg6local', action: 'End', flavors: { operations: ['next-csid'], lblen: 32, nflen: 16 } },
      dev: 'd0',
    },
  ],
];

test('seg6 encap routes created by iproute2 decode as ip -d -j shows them', async (t) => {
  if (!(await requireFeature(t, 'seg6 route encapsulation', probeSeg6Encap))) return;
  await checkDecodesAsIp(SEG6_ROUTES);
});

test('seg6 encap routes created by the library read back through ip -j as iproute2 creates them', async (t) => {
  if (!(await requireFeature(t, 'seg6 route encapsulation', probeSeg6Encap))) return;
  await checkReadsBackAsIp(SEG6_ROUTES);
});

test('seg6local routes created by iproute2 decode as ip -d -j shows them', async (t) => {
  if (!(await requireFeature(t, 'seg6local routes', probeSeg6Local))) return;
  await checkDecodesAsIp(SEG6LOCAL_ROUTES);
});

test('seg6local routes created by the library read back through ip -j as iproute2 creates them', async (t) => {
  if (!(await requireFeature(t, 'seg6local routes', probeSeg6Local))) return;
  await checkReadsBackAsIp(SEG6LOCAL_ROUTES);
});
