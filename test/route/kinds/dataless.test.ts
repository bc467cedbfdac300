/** dummy, ifb and nlmon: kinds without options of their own. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linkKind } from '../../../src/route/link/kind.js';
import { rejectsBeforeSending, sameAsIproute2 } from './helpers.js';

test('dummy, ifb, nlmon: the same requests as iproute2', async () => {
  await sameAsIproute2('dummy-basic', (c) => c.addLink({ name: 'd0', kind: 'dummy' }));
  await sameAsIproute2('dummy-mtu', (c) =>
    c.addLink({ name: 'd0', kind: 'dummy', mtu: 9000, address: '02:00:00:00:00:01' }),
  );
  await sameAsIproute2('ifb-basic', (c) => c.addLink({ name: 'i0', kind: 'ifb' }));
  await sameAsIproute2('nlmon-basic', (c) => c.addLink({ name: 'n0', kind: 'nlmon' }));
  await assert.rejects(
    sameAsIproute2('nlmon-basic', (c) => c.addLink({ name: 'n0', kind: 'ifb' })),
    /linkinfo\.kind: 696662 != 6e6c6d6f6e/,
  );
});

test('dummy, ifb, nlmon: registered, without a data codec', async () => {
  for (const kind of ['dummy', 'ifb', 'nlmon'] as const) {
    const def = linkKind(kind);
    assert.ok(def, kind);
    assert.equal(def.data, undefined);
    await rejectsBeforeSending((c) => c.addLink({ name: 'bad/name', kind }));
  }
});
