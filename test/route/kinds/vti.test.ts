import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vtiData } from '../../../src/route/link/kinds/vti.js';
import { toObject } from '../../../src/schema/attrs.js';
import { fixtureLink, rejectsBeforeSending, sameAsIproute2 } from './helpers.js';

test('vti and vti6: the same requests as iproute2', async () => {
  await sameAsIproute2('vti-bare', (c) => c.addLink({ name: 't0', kind: 'vti' }));
  await sameAsIproute2('vti-basic', (c) => c.addLink({ name: 't0', kind: 'vti', remote: '1.2.3.4', local: '5.6.7.8' }));
  await sameAsIproute2(
    'vti-many',
    (c) =>
      c.addLink({
        name: 't0',
        kind: 'vti',
        remote: '1.2.3.4',
        local: '5.6.7.8',
        ikey: 1,
        okey: '0.0.0.2',
        dev: 'p0',
        fwmark: 0x10,
      }),
    { p0: 3 },
  );
  await sameAsIproute2('vti6-basic', (c) =>
    c.addLink({ name: 't0', kind: 'vti6', remote: '2001:db8::1', local: '2001:db8::2', key: 5 }),
  );
  await sameAsIproute2('vti6-key', (c) => c.addLink({ name: 't0', kind: 'vti6', key: 5 }));
});

test('vti: iproute2 requests decode', () => {
  assert.deepEqual(toObject(vtiData(fixtureLink('vti-many'))), {
    link: 3,
    ikey: 1,
    okey: 2,
    local: '5.6.7.8',
    remote: '1.2.3.4',
    fwmark: 0x10,
  });
  assert.equal(vtiData(fixtureLink('vti6-basic'))?.local, '2001:db8::2');
});

test('vti: bad options throw before anything is sent', async () => {
  for (const [kind, options] of [
    ['vti', { remote: '2001:db8::1' }],
    ['vti', { key: 2 ** 32 }],
    ['vti', { fwmark: -1 }],
    ['vti6', { local: '1.2.3.4' }],
    ['vti6', { okey: '1.2.3' }],
  ] as const) {
    await rejectsBeforeSending((c) => c.addLink({ name: 't0', kind, dev: 'p0', ...options } as never), { p0: 3 });
  }
});
