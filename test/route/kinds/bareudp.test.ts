import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bareudpData } from '../../../src/route/link/kinds/bareudp.js';
import { toObject } from '../../../src/schema/attrs.js';
import { fixtureLink, rejectsBeforeSending, sameAsIproute2 } from './helpers.js';

test('bareudp: the same requests as iproute2', async () => {
  await sameAsIproute2('bareudp-basic', (c) =>
    c.addLink({ name: 't0', kind: 'bareudp', port: 6635, ethertype: 'mpls_uc' }),
  );
  await sameAsIproute2('bareudp-number', (c) =>
    c.addLink({ name: 't0', kind: 'bareudp', port: 6635, ethertype: 0x1234 }),
  );
  await sameAsIproute2('bareudp-many', (c) =>
    c.addLink({ name: 't0', kind: 'bareudp', port: 6635, ethertype: 'ipv4', srcportMin: 2000, multiproto: true }),
  );
});

test('bareudp: iproute2 requests decode', () => {
  assert.deepEqual(toObject(bareudpData(fixtureLink('bareudp-many'))), {
    port: 6635,
    ethertype: 0x0800,
    srcportMin: 2000,
    multiprotoMode: true,
  });
});

test('bareudp: bad options throw before anything is sent', async () => {
  for (const options of [
    { ethertype: 'ipv4' },
    { port: 6635 },
    { port: 70000, ethertype: 'ipv4' },
    { port: 6635, ethertype: 'ip' },
    { port: 6635, ethertype: 0x10000 },
    { port: 6635, ethertype: 'ipv4', srcportMin: -5 },
  ]) {
    await rejectsBeforeSending((c) => c.addLink({ name: 't0', kind: 'bareudp', ...options } as never));
  }
});
