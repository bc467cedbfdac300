import assert from 'node:assert/strict';
import { test } from 'node:test';
import { iptunData } from '../../../src/route/link/kinds/ipip.js';
import { fixtureLink, rejectsBeforeSending, sameAsIproute2 } from './helpers.js';

test('sit: the same requests as iproute2', async () => {
  await sameAsIproute2('sit-basic', (c) => c.addLink({ name: 't0', kind: 'sit', remote: '1.2.3.4', local: '5.6.7.8' }));
  await sameAsIproute2('sit-external', (c) => c.addLink({ name: 't0', kind: 'sit', external: true, mode: 'ip6ip' }));
  await sameAsIproute2('sit-6rd', (c) => c.addLink({ name: 't0', kind: 'sit', ip6rd: { prefix: '2001:db8::/32' } }));
  await sameAsIproute2('sit-many', (c) =>
    c.addLink({
      name: 't0',
      kind: 'sit',
      remote: '1.2.3.4',
      local: '5.6.7.8',
      ttl: 64,
      mode: 'ip6ip',
      isatap: true,
      ip6rd: { prefix: '2001:db8::/32', relayPrefix: '10.0.0.0/8' },
    }),
  );
});

test('sit: iproute2 requests decode with names', () => {
  const data = iptunData(fixtureLink('sit-many'));
  assert.ok(data);
  assert.equal(data.proto, 41);
  assert.deepEqual(data.flags, ['isatap']);
  assert.equal(data.ip6rdPrefix, '2001:db8::');
  assert.equal(data.ip6rdPrefixlen, 32);
  assert.equal(data.ip6rdRelayPrefix, '10.0.0.0');
  assert.equal(data.ip6rdRelayPrefixlen, 8);
  assert.equal(data.ttl, 64);
});

test('sit: bad options throw before anything is sent', async () => {
  const bad = [
    { ip6rd: { prefix: '2001:db8::/129' } },
    { ip6rd: { prefix: '10.0.0.0/8' } },
    { ip6rd: { prefix: '2001:db8::/32', relayPrefix: '10.0.0.0/33' } },
    { mode: 'ip6ip6' },
    { remote: '::1' },
  ];
  for (const options of bad) {
    await rejectsBeforeSending((c) => c.addLink({ name: 't0', kind: 'sit', dev: 'p0', ...options } as never), {
      p0: 3,
    });
  }
});
