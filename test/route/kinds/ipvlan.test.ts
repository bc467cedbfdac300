import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type IpvlanOptions, ipvlanData } from '../../../src/route/link/kinds/ipvlan.js';
import { toObject } from '../../../src/schema/attrs.js';
import { fixtureLink, rejectsBeforeSending, sameAsIproute2 } from './helpers.js';

const LINKS = { v0: 3 };

test('ipvlan and ipvtap: the same requests as iproute2', async () => {
  await sameAsIproute2(
    'ipvlan-l2',
    (c) => c.addLink({ name: 'ipv0', kind: 'ipvlan', link: 'v0', mode: 'l2', flags: 'bridge' }),
    LINKS,
  );
  await sameAsIproute2(
    'ipvlan-l3s',
    (c) => c.addLink({ name: 'ipv0', kind: 'ipvlan', link: 'v0', mode: 'l3s', flags: 'private' }),
    LINKS,
  );
  await sameAsIproute2(
    'ipvlan-mode',
    (c) => c.addLink({ name: 'ipv0', kind: 'ipvlan', link: 'v0', mode: 'l3' }),
    LINKS,
  );
  await sameAsIproute2('ipvlan-plain', (c) => c.addLink({ name: 'ipv0', kind: 'ipvlan', link: 'v0' }), LINKS);
  await sameAsIproute2(
    'ipvtap-vepa',
    (c) => c.addLink({ name: 'ipt0', kind: 'ipvtap', link: 'v0', mode: 'l3', flags: 'vepa' }),
    LINKS,
  );
});

test('ipvlan: iproute2 requests decode to typed values', () => {
  assert.deepEqual(toObject(ipvlanData(fixtureLink('ipvlan-l2'))), { mode: 'l2', flags: 'bridge' });
  assert.deepEqual(toObject(ipvlanData(fixtureLink('ipvtap-vepa'))), { mode: 'l3', flags: 'vepa' });
  assert.equal(ipvlanData(fixtureLink('ipvlan-plain'))?.mode, undefined);
  assert.equal(ipvlanData(fixtureLink('macvtap-vepa')), undefined);
});

test('ipvlan: bad options are rejected before anything is sent', async () => {
  const bad: Record<string, unknown>[] = [
    {},
    { link: 'bad/name' },
    { link: 'v0', mode: 'l4' },
    { link: 'v0', flags: 'loud' },
  ];
  for (const kind of ['ipvlan', 'ipvtap'] as const) {
    for (const options of bad) {
      await rejectsBeforeSending(
        (c) => c.addLink({ name: 'ipv0', kind, ...(options as unknown as IpvlanOptions) }),
        LINKS,
      );
    }
  }
});
