import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type MacvlanOptions, macvlanData } from '../../../src/route/link/kinds/macvlan.js';
import { toObject } from '../../../src/schema/attrs.js';
import { fixtureLink, rejectsBeforeSending, sameAsIproute2 } from './helpers.js';

const LINKS = { v0: 3 };

test('macvlan and macvtap: the same requests as iproute2', async () => {
  await sameAsIproute2(
    'macvlan-bridge',
    (c) => c.addLink({ name: 'mv0', kind: 'macvlan', link: 'v0', mode: 'bridge' }),
    LINKS,
  );
  await sameAsIproute2('macvlan-bridge', (c) => c.addLink({ name: 'mv0', kind: 'macvlan', link: 3, mode: 'bridge' }));
  await sameAsIproute2(
    'macvlan-source',
    (c) =>
      c.addLink({
        name: 'mv0',
        kind: 'macvlan',
        link: 'v0',
        mode: 'source',
        macaddrs: ['02:00:00:00:00:01', '02:00:00:00:00:02'],
        bcQueueLen: 500,
      }),
    LINKS,
  );
  await sameAsIproute2(
    'macvlan-passthru',
    (c) => c.addLink({ name: 'mv0', kind: 'macvlan', link: 'v0', mode: 'passthru', flags: ['nopromisc'] }),
    LINKS,
  );
  await sameAsIproute2(
    'macvlan-nodst',
    (c) => c.addLink({ name: 'mv0', kind: 'macvlan', link: 'v0', mode: 'private', flags: ['nodst'] }),
    LINKS,
  );
  await sameAsIproute2(
    'macvtap-vepa',
    (c) => c.addLink({ name: 'mt0', kind: 'macvtap', link: 'v0', mode: 'vepa' }),
    LINKS,
  );
  await sameAsIproute2('macvtap-plain', (c) => c.addLink({ name: 'mt0', kind: 'macvtap', link: 'v0' }), LINKS);
});

test('macvlan: iproute2 requests decode to typed values', () => {
  assert.deepEqual(toObject(macvlanData(fixtureLink('macvlan-source'))), {
    macaddrMode: 'set',
    macaddrData: { macaddr: ['02:00:00:00:00:01', '02:00:00:00:00:02'] },
    bcQueueLen: 500,
    mode: 'source',
  });
  assert.deepEqual(toObject(macvlanData(fixtureLink('macvlan-passthru'))), { mode: 'passthru', flags: ['nopromisc'] });
  // `macaddr add MAC`: one address outside the list.
  assert.deepEqual(toObject(macvlanData(fixtureLink('macvlan-add'))), {
    macaddrMode: 'add',
    macaddr: '02:00:00:00:00:03',
    mode: 'source',
  });
  assert.deepEqual(toObject(macvlanData(fixtureLink('macvtap-vepa'))), { mode: 'vepa' });
  assert.equal(fixtureLink('macvtap-vepa').message.attrs.link, 3);
});

test('macvlan: bad options are rejected before anything is sent', async () => {
  const bad: Record<string, unknown>[] = [
    {},
    { link: 'bad/name' },
    { link: 0 },
    { link: 'v0', mode: 'hub' },
    { link: 'v0', flags: ['promisc'] },
    { link: 'v0', flags: 'nopromisc' },
    { link: 'v0', mode: 'bridge', macaddrs: ['02:00:00:00:00:01'] },
    { link: 'v0', mode: 'source', macaddrs: ['02:00:00:00:01'] },
    { link: 'v0', bcQueueLen: -1 },
  ];
  for (const kind of ['macvlan', 'macvtap'] as const) {
    for (const options of bad) {
      await rejectsBeforeSending(
        (c) => c.addLink({ name: 'mv0', kind, ...(options as unknown as MacvlanOptions) }),
        LINKS,
      );
    }
  }
});
