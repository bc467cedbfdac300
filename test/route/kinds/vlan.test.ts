import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type VlanOptions, vlanData, vlanFlagOptions } from '../../../src/route/link/kinds/vlan.js';
import { toObject } from '../../../src/schema/attrs.js';
import { fixtureLink, rejectsBeforeSending, sameAsIproute2 } from './helpers.js';

const LINKS = { v0: 3 };

const MANY: VlanOptions = {
  link: 'v0',
  protocol: '802.1ad',
  id: 20,
  reorderHdr: false,
  gvrp: true,
  mvrp: true,
  looseBinding: true,
  bridgeBinding: true,
  ingressQos: [
    { from: 1, to: 2 },
    { from: 3, to: 4 },
  ],
  egressQos: [
    { from: 2, to: 5 },
    { from: 6, to: 7 },
  ],
};

test('vlan: the same requests as iproute2', async () => {
  await sameAsIproute2('vlan-basic', (c) => c.addLink({ name: 'v0.10', kind: 'vlan', link: 'v0', id: 10 }), LINKS);
  await sameAsIproute2('vlan-many', (c) => c.addLink({ name: 'v0.20', kind: 'vlan', ...MANY }), LINKS);
});

test('vlan: iproute2 requests decode to typed values', () => {
  const data = vlanData(fixtureLink('vlan-many'));
  assert.deepEqual(toObject(data), {
    protocol: '802.1ad',
    id: 20,
    ingressQos: {
      mapping: [
        { from: 1, to: 2 },
        { from: 3, to: 4 },
      ],
    },
    egressQos: {
      mapping: [
        { from: 2, to: 5 },
        { from: 6, to: 7 },
      ],
    },
    flags: { flags: 0x1e, mask: 0x1f },
  });
  assert.deepEqual(vlanFlagOptions(data?.flags?.flags ?? 0), {
    reorderHdr: false,
    gvrp: true,
    looseBinding: true,
    mvrp: true,
    bridgeBinding: true,
  });
  assert.deepEqual(toObject(vlanData(fixtureLink('vlan-basic'))), { id: 10 });
});

test('vlan: bad options are rejected before anything is sent', async () => {
  const bad: Record<string, unknown>[] = [
    { link: 'v0' },
    { id: 10 },
    { link: 'v0', id: 4095 },
    { link: 'v0', id: -1 },
    { link: 'v0', id: 1.5 },
    { link: 'v0', id: 10, protocol: '802.1x' },
    { link: 'v0', id: 10, gvrp: 'on' },
    { link: 'v0', id: 10, ingressQos: [{ from: 8, to: 1 }] },
    { link: 'v0', id: 10, egressQos: [{ from: 1, to: 8 }] },
    { link: 'v0', id: 10, egressQos: [{ from: -1, to: 1 }] },
    { link: 'v0', id: 10, egressQos: { from: 1, to: 1 } },
    { link: 'bad/name', id: 10 },
  ];
  for (const options of bad) {
    await rejectsBeforeSending(
      (c) => c.addLink({ name: 'v0.10', kind: 'vlan', ...(options as unknown as VlanOptions) }),
      LINKS,
    );
  }
});
