import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ip6tnlData, iptunData } from '../../../src/route/link/kinds/ipip.js';
import { fixtureLink, rejectsBeforeSending, sameAsIproute2 } from './helpers.js';

/** The parent `p0` had ifindex 3 in the namespace the fixtures were captured in (lo, p1, p0). */
const P0 = { p0: 3 };

test('ipip: the same requests as iproute2', async () => {
  await sameAsIproute2('ipip-basic', (c) =>
    c.addLink({ name: 't0', kind: 'ipip', remote: '1.2.3.4', local: '5.6.7.8' }),
  );
  await sameAsIproute2('ipip-ttl', (c) => c.addLink({ name: 't0', kind: 'ipip', ttl: 3 }));
  await sameAsIproute2('ipip-external', (c) => c.addLink({ name: 't0', kind: 'ipip', external: true }));
  await sameAsIproute2(
    'ipip-many',
    (c) =>
      c.addLink({
        name: 't0',
        kind: 'ipip',
        remote: '1.2.3.4',
        local: '5.6.7.8',
        ttl: 32,
        tos: 'inherit',
        dev: 'p0',
        mode: 'mplsip',
        fwmark: 7,
        encap: { type: 'gue', sport: 10, dport: 20, csum6: true },
      }),
    P0,
  );
});

test('ip6tnl: the same requests as iproute2', async () => {
  await sameAsIproute2('ip6tnl-basic', (c) =>
    c.addLink({ name: 't0', kind: 'ip6tnl', remote: '2001:db8::1', local: '2001:db8::2' }),
  );
  await sameAsIproute2('ip6tnl-external', (c) =>
    c.addLink({ name: 't0', kind: 'ip6tnl', external: true, mode: 'ip6ip6' }),
  );
  await sameAsIproute2(
    'ip6tnl-many',
    (c) =>
      c.addLink({
        name: 't0',
        kind: 'ip6tnl',
        mode: 'ipip6',
        remote: '2001:db8::1',
        local: '2001:db8::2',
        ttl: 20,
        encapLimit: 7,
        tclass: 'inherit',
        flowLabel: 0xabcde,
        dscpInherit: true,
        fwmark: 9,
        allowLocalRemote: true,
        dev: 'p0',
        encap: { type: 'fou', dport: 99, csum6: false, csum: true },
      }),
    P0,
  );
});

test('ipip and ip6tnl: iproute2 requests decode with names', () => {
  const v4 = iptunData(fixtureLink('ipip-many'));
  assert.equal(v4?.proto, 137);
  assert.equal(v4?.tos, 1);
  assert.equal(v4?.pmtudisc, true);
  assert.equal(v4?.link, 3);
  assert.deepEqual(v4?.encapFlags, ['csum6']);
  const v6 = ip6tnlData(fixtureLink('ip6tnl-many'));
  assert.deepEqual(v6?.flags, ['useOrigTclass', 'rcvDscpCopy', 'allowLocalRemote']);
  assert.equal(v6?.flowinfo, 0xabcde);
  assert.equal(v6?.encapLimit, 7);
  assert.equal(v6?.remote, '2001:db8::1');
  assert.equal(ip6tnlData(fixtureLink('ipip-many')), undefined);
  assert.equal(iptunData(fixtureLink('ip6tnl-many')), undefined);
});

test('ipip and ip6tnl: bad options throw before anything is sent', async () => {
  const bad = [
    { local: '2001:db8::1' },
    { mode: 'ip6ip' }, // sit only
    { ttl: 10, pmtudisc: false }, // a fixed ttl needs path MTU discovery
    { tos: -1 },
    { external: true, remote: '1.2.3.4' },
  ];
  for (const options of bad) {
    await rejectsBeforeSending((c) => c.addLink({ name: 't0', kind: 'ipip', dev: 'p0', ...options } as never), P0);
  }
  for (const options of [{ remote: '1.2.3.4' }, { mode: 'mplsip' }, { flowLabel: -1 }, { fwmark: 'mark' }]) {
    await rejectsBeforeSending((c) => c.addLink({ name: 't0', kind: 'ip6tnl', dev: 'p0', ...options } as never), P0);
  }
});
