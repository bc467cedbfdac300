import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NLMSG_HDRLEN } from '../../../src/core/writer.js';
import { geneveData } from '../../../src/route/link/kinds/geneve.js';
import { Link } from '../../../src/route/link/link.js';
import { linkMessage } from '../../../src/route/link/schema.js';
import { toObject } from '../../../src/schema/attrs.js';
import { lastRequest } from '../requests.js';
import { fixtureLink, rejectsBeforeSending, sameAsIproute2 } from './helpers.js';

test('geneve: the same requests as iproute2', async () => {
  await sameAsIproute2('geneve-basic', (c) => c.addLink({ name: 't0', kind: 'geneve', id: 5, remote: '1.2.3.4' }));
  await sameAsIproute2('geneve-external', (c) => c.addLink({ name: 't0', kind: 'geneve', external: true, port: 6000 }));
  await sameAsIproute2('geneve-v4', (c) =>
    c.addLink({ name: 't0', kind: 'geneve', id: 7, remote: '10.1.1.1', ttl: 10, df: 'set', udpCsum: true }),
  );
  await sameAsIproute2('geneve-many', (c) =>
    c.addLink({
      name: 't0',
      kind: 'geneve',
      id: 100,
      remote: '2001:db8::1',
      ttl: 'inherit',
      tos: 0x20,
      flowLabel: 0x123,
      port: 6082,
      udpCsum: false,
      udp6ZeroCsumTx: true,
      udp6ZeroCsumRx: true,
      df: 'inherit',
      innerProtoInherit: true,
    }),
  );
});

test('geneve: what we send decodes back, and so do iproute2 requests', async () => {
  const bytes = await lastRequest((c) =>
    c.addLink({ name: 't0', kind: 'geneve', id: 0xabcdef, remote: '2001:db8::7', df: 'unset', port: 1 }),
  );
  const link = new Link(linkMessage.decode(bytes, NLMSG_HDRLEN, bytes.readUInt32LE(0) - NLMSG_HDRLEN));
  assert.deepEqual(toObject(geneveData(link)), {
    id: 0xabcdef,
    remote6: '2001:db8::7',
    label: 0,
    ttl: 0,
    tos: 0,
    df: 'unset',
    port: 1,
  });
  const many = geneveData(fixtureLink('geneve-many'));
  assert.equal(many?.ttlInherit, true);
  assert.equal(many?.df, 'inherit');
  assert.equal(many?.udpCsum, false);
  assert.equal(many?.innerProtoInherit, true);
  assert.equal(many?.label, 0x123);
});

test('geneve: bad options throw before anything is sent', async () => {
  const bad = [
    { remote: '1.2.3.4' }, // no id
    { id: 5 }, // no remote
    { id: 5, external: true },
    { id: 0x1000000, remote: '1.2.3.4' },
    { id: 5, remote: '224.0.0.1' },
    { id: 5, remote: 'ff02::1' },
    { id: 5, remote: '1.2.3.4', flowLabel: 0x100000 },
    { id: 5, remote: '1.2.3.4', df: 'maybe' },
    { id: 5, remote: '1.2.3.4', port: 65536 },
    { id: 5, remote: '1.2.3.4', ttl: 256 },
  ];
  for (const options of bad) {
    await rejectsBeforeSending((c) => c.addLink({ name: 't0', kind: 'geneve', ...options } as never));
  }
});
