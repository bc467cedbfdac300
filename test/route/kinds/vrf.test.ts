import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type VrfOptions, vrfData } from '../../../src/route/link/kinds/vrf.js';
import { fixtureLink, rejectsBeforeSending, sameAsIproute2 } from './helpers.js';

test('vrf: the same request as `ip link add vrf0 type vrf table 10`', async () => {
  await sameAsIproute2('vrf-table', (c) => c.addLink({ name: 'vrf0', kind: 'vrf', table: 10 }));
  await assert.rejects(
    sameAsIproute2('vrf-table', (c) => c.addLink({ name: 'vrf0', kind: 'vrf', table: 11 })),
    /table: 0b000000 != 0a000000/,
  );
  assert.equal(vrfData(fixtureLink('vrf-table'))?.table, 10);
});

test('vrf: a table is required and must be a u32 other than 0', async () => {
  for (const options of [{}, { table: 0 }, { table: -1 }, { table: 2 ** 32 }, { table: '10' }]) {
    await rejectsBeforeSending((c) => c.addLink({ name: 'vrf0', kind: 'vrf', ...(options as unknown as VrfOptions) }));
  }
});
