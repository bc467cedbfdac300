import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotFoundError } from '../../../src/errors.js';
import { lastRequest } from '../requests.js';
import { rejectsBeforeSending, sameAsIproute2 } from './helpers.js';

test('virt_wifi: the same request as iproute2, by name or ifindex', async () => {
  await sameAsIproute2('virt_wifi-basic', (c) => c.addLink({ name: 'w0', kind: 'virt_wifi', link: 'p0' }), { p0: 3 });
  await sameAsIproute2('virt_wifi-basic', (c) => c.addLink({ name: 'w0', kind: 'virt_wifi', link: 3 }));
});

test('virt_wifi: needs an existing parent link', async () => {
  await rejectsBeforeSending((c) => c.addLink({ name: 'w0', kind: 'virt_wifi' } as never));
  await rejectsBeforeSending((c) => c.addLink({ name: 'w0', kind: 'virt_wifi', link: 'bad/name' }));
  await assert.rejects(
    lastRequest((c) => c.addLink({ name: 'w0', kind: 'virt_wifi', link: 'nosuch0' })),
    NotFoundError,
  );
});
