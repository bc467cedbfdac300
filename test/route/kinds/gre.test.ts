import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NLMSG_HDRLEN } from '../../../src/core/writer.js';
import { greData } from '../../../src/route/link/kinds/gre.js';
import { linkMessage } from '../../../src/route/link/schema.js';
import { toObject } from '../../../src/schema/attrs.js';
import { diffWithIproute2, lastRequest } from '../requests.js';
import { fixtureLink, rejectsBeforeSending, sameAsIproute2 } from './helpers.js';

/** The parent `p0` had ifindex 3 in the namespace the fixtures were captured in (lo, p1, p0). */
const P0 = { p0: 3 };

test('gre: the same requests as iproute2', async () => {
  await sameAsIproute2('gre-bare', (c) => c.addLink({ name: 'g0', kind: 'gre' }));
  await sameAsIproute2('gre-basic', (c) => c.addLink({ name: 'g0', kind: 'gre', remote: '1.2.3.4', local: '5.6.7.8' }));
  await sameAsIproute2('gre-key', (c) => c.addLink({ name: 'g0', kind: 'gre', key: 5 }));
  await sameAsIproute2(
    'gre-many',
    (c) =>
      c.addLink({
        name: 'g0',
        kind: 'gre',
        remote: '1.2.3.4',
        local: '5.6.7.8',
        ikey: '1.2.3.4',
        okey: 7,
        iseq: true,
        ocsum: true,
        ttl: 64,
        tos: 0x10,
        pmtudisc: false,
        ignoreDf: true,
        dev: 'p0',
        encap: { type: 'fou', sport: 1000, dport: 2000, csum: true, remcsum: true },
        fwmark: 0x42,
      }),
    P0,
  );
  // A multicast remote makes a broadcast tunnel keyed by the group.
  await sameAsIproute2('gre-multicast', (c) =>
    c.addLink({ name: 'g0', kind: 'gre', remote: '239.1.1.1', local: '5.6.7.8' }),
  );
});

test('gretap and erspan: the same requests as iproute2', async () => {
  await sameAsIproute2('gretap-external', (c) => c.addLink({ name: 'g0', kind: 'gretap', external: true }));
  await sameAsIproute2('gretap-seq-csum', (c) =>
    c.addLink({
      name: 'g0',
      kind: 'gretap',
      remote: '10.0.0.2',
      local: '10.0.0.1',
      seq: true,
      csum: true,
      ttl: 'inherit',
      tos: 'inherit',
    }),
  );
  const ends = { remote: '1.2.3.4', local: '5.6.7.8', key: 10 } as const;
  await sameAsIproute2('erspan-default', (c) => c.addLink({ name: 'g0', kind: 'erspan', ...ends }));
  await sameAsIproute2('erspan-v1', (c) =>
    c.addLink({ name: 'g0', kind: 'erspan', ...ends, seq: true, erspan: { version: 1, index: 123 } }),
  );
  await sameAsIproute2('erspan-v2', (c) =>
    c.addLink({ name: 'g0', kind: 'erspan', ...ends, seq: true, erspan: { version: 2, direction: 'egress', hwid: 7 } }),
  );
});

test('ip6gre, ip6gretap and ip6erspan: the same requests as iproute2', async () => {
  await sameAsIproute2('ip6gre-basic', (c) =>
    c.addLink({ name: 'g0', kind: 'ip6gre', remote: '2001:db8::1', local: '2001:db8::2' }),
  );
  await sameAsIproute2('ip6gre-fwmark-tclass', (c) =>
    c.addLink({ name: 'g0', kind: 'ip6gre', fwmark: 5, tclass: 0x10 }),
  );
  await sameAsIproute2('ip6gre-external', (c) => c.addLink({ name: 'g0', kind: 'ip6gre', external: true }));
  await sameAsIproute2(
    'ip6gretap-many',
    (c) =>
      c.addLink({
        name: 'g0',
        kind: 'ip6gretap',
        remote: '2001:db8::1',
        local: '2001:db8::2',
        key: 5,
        csum: true,
        ttl: 10,
        encapLimit: 'none',
        tclass: 0x12,
        flowLabel: 0x12345,
        dscpInherit: true,
        fwmark: 'inherit',
        dev: 'p0',
        encap: { type: 'gue', dport: 5555, csum6: false },
      }),
    P0,
  );
  await sameAsIproute2('ip6erspan-v2', (c) =>
    c.addLink({
      name: 'g0',
      kind: 'ip6erspan',
      remote: '2001:db8::1',
      local: '2001:db8::2',
      seq: true,
      key: 10,
      erspan: { version: 2, direction: 'ingress', hwid: 3 },
    }),
  );
});

test('gre: the comparison sees a different key, and an unspecified endpoint is not sent', async () => {
  const ours = await lastRequest((c) => c.addLink({ name: 'g0', kind: 'gre', key: 6 }));
  assert.deepEqual(diffWithIproute2(ours, 'gre-key'), [
    'linkinfo.data.ikey: 00000006 != 00000005',
    'linkinfo.data.okey: 00000006 != 00000005',
  ]);
  await sameAsIproute2('gre-key', (c) => c.addLink({ name: 'g0', kind: 'gre', key: '0.0.0.5', local: '0.0.0.0' }));
});

test('gre: what we send decodes back to the options', async () => {
  const bytes = await lastRequest(
    (c) =>
      c.addLink({
        name: 'g0',
        kind: 'ip6gretap',
        remote: '2001:db8::1',
        ikey: 7,
        oseq: true,
        tclass: 'inherit',
        flowLabel: 0xabc,
        dev: 'p0',
      }),
    P0,
  );
  const m = linkMessage.decode(bytes, NLMSG_HDRLEN, bytes.readUInt32LE(0) - NLMSG_HDRLEN);
  assert.equal(m.attrs.linkinfo?.kind, 'ip6gretap');
  const data = toObject(m.attrs.linkinfo?.data) as Record<string, unknown>;
  assert.deepEqual(data, {
    ikey: 7,
    okey: 0,
    iflags: ['key'],
    oflags: ['seq'],
    remote: '2001:db8::1',
    ttl: 64,
    encapLimit: 4,
    flowinfo: 0xabc,
    flags: ['useOrigTclass'],
    fwmark: 0,
    erspanVer: 1,
    encapType: 'none',
    encapFlags: ['csum6'],
    encapSport: 0,
    encapDport: 0,
    link: 3,
  });
});

test('greData reads iproute2 requests with names and flags', () => {
  const data = greData(fixtureLink('gre-many'));
  assert.ok(data);
  assert.equal(data.local, '5.6.7.8');
  assert.equal(data.remote, '1.2.3.4');
  assert.deepEqual(data.iflags, ['key', 'seq']);
  assert.deepEqual(data.oflags, ['csum', 'key']);
  assert.equal(data.ikey, 0x01020304);
  assert.equal(data.pmtudisc, false);
  assert.equal(data.ignoreDf, true);
  assert.equal(data.encapType, 'fou');
  assert.deepEqual(data.encapFlags, ['csum', 'remcsum']);
  assert.equal(data.encapSport, 1000);
  const v2 = greData(fixtureLink('erspan-v2'));
  assert.equal(v2?.erspanDir, 'egress');
  assert.equal(v2?.erspanHwid, 7);
  assert.equal(greData(fixtureLink('veth-peer')), undefined);
});

test('gre: bad options throw before anything is sent', async () => {
  const bad = [
    { remote: '2001:db8::1' }, // IPv6 endpoint on an IPv4 tunnel
    { key: -1 },
    { key: 'x.y' },
    { ttl: 256 },
    { tos: 300 },
    { fwmark: 2 ** 32 },
    { ignoreDf: true }, // needs pmtudisc: false
    { remote: '239.1.1.1' }, // broadcast tunnel without a local address
    { encap: { type: 'udp' } },
    { encap: { type: 'fou', dport: 70000 } },
    { external: true, key: 1 },
  ];
  for (const options of bad) {
    await rejectsBeforeSending((c) => c.addLink({ name: 'g0', kind: 'gre', dev: 'p0', ...options } as never), P0);
  }
  const bad6 = [
    { remote: '1.2.3.4' },
    { flowLabel: 0x100000 },
    { tclass: 256 },
    { encapLimit: -1 },
    { erspan: { version: 3 } },
    { erspan: { version: 1, index: 0x100000 } },
    { erspan: { version: 2, direction: 'sideways' } },
    { erspan: { version: 2, hwid: 64 } },
  ];
  for (const options of bad6) {
    await rejectsBeforeSending((c) => c.addLink({ name: 'g0', kind: 'ip6erspan', dev: 'p0', ...options } as never), P0);
  }
});
