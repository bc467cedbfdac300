import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type VxlanOptions, vxlanData } from '../../../src/route/link/kinds/vxlan.js';
import { toObject } from '../../../src/schema/attrs.js';
import { VXLAN_MANY, VXLAN_V6 } from './configs.js';
import { fixtureLink, rejectsBeforeSending, sameAsIproute2 } from './helpers.js';

const LINKS = { v0: 3 };

const MANY: VxlanOptions = VXLAN_MANY;

test('vxlan: the same requests as iproute2', async () => {
  await sameAsIproute2('vxlan-basic', (c) => c.addLink({ name: 'vx0', kind: 'vxlan', id: 42, port: 4789 }));
  await sameAsIproute2('vxlan-many', (c) => c.addLink({ name: 'vx0', kind: 'vxlan', ...MANY }), LINKS);
  await sameAsIproute2('vxlan-many', (c) => c.addLink({ name: 'vx0', kind: 'vxlan', ...MANY, dev: 3 }));
  await sameAsIproute2('vxlan-v6', (c) => c.addLink({ name: 'vx0', kind: 'vxlan', ...VXLAN_V6, df: 'inherit' }));
  await sameAsIproute2('vxlan-external', (c) =>
    c.addLink({ name: 'vx0', kind: 'vxlan', external: true, gpe: true, port: 4790, vnifilter: true }),
  );
  await sameAsIproute2('vxlan-auto', (c) =>
    c.addLink({ name: 'vx0', kind: 'vxlan', id: 5, remote: '10.0.0.9', ttl: 'auto', port: 0, udpZeroCsum6Rx: false }),
  );
});

test('vxlan: learning is always sent, as iproute2 does', async () => {
  await assert.rejects(
    sameAsIproute2('vxlan-basic', (c) =>
      c.addLink({ name: 'vx0', kind: 'vxlan', id: 42, port: 4789, learning: false }),
    ),
    /learning: 01 != 00|learning: 00 != 01/,
  );
});

test('vxlan: iproute2 requests decode to typed values', () => {
  // The same values under the attribute names: group (v4 or v6 by length) and the lower device's ifindex.
  const { mcastGroup, dev, ...same } = VXLAN_MANY;
  assert.deepEqual(toObject(vxlanData(fixtureLink('vxlan-many'))), { ...same, group: mcastGroup, link: 3 });
  assert.deepEqual(toObject(vxlanData(fixtureLink('vxlan-v6'))), {
    ttlInherit: true,
    tos: 1,
    df: 'inherit',
    id: 7,
    local6: '2001:db8::2',
    group6: '2001:db8::1',
    learning: true,
    port: 8472,
  });
  assert.deepEqual(toObject(vxlanData(fixtureLink('vxlan-external'))), {
    collectMetadata: true,
    gpe: true,
    vnifilter: true,
    learning: false,
    port: 4790,
  });
});

test('vxlan: bad options are rejected before anything is sent', async () => {
  const bad: Record<string, unknown>[] = [
    {},
    { id: 2 ** 24 },
    { id: -1 },
    { id: 1, mcastGroup: '10.0.0.1' },
    { id: 1, remote: '239.1.1.1' },
    { id: 1, remote: 'ff02::1' },
    { id: 1, mcastGroup: '239.1.1.1', remote: '10.0.0.1' },
    { id: 1, remote: '10.0.0.1', local: '2001:db8::1' },
    { id: 1, local: 'nowhere' },
    { id: 1, ttl: 0 },
    { id: 1, ttl: 'sometimes' },
    { id: 1, tos: 256 },
    { id: 1, df: 'maybe' },
    { id: 1, label: 2 ** 20 },
    { id: 1, port: 70000 },
    { id: 1, portRange: { low: 2000, high: 1000 } },
    { id: 1, portRange: { low: 1000, high: 70000 } },
    { id: 1, learning: 'yes' },
    { id: 1, dev: 'bad/name' },
    { id: 1, dev: 'v0', ageing: -1 },
  ];
  for (const options of bad) {
    await rejectsBeforeSending((c) => c.addLink({ name: 'vx0', kind: 'vxlan', ...(options as VxlanOptions) }), LINKS);
  }
});
