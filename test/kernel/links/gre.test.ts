/** GRE tunnels created through the library, read back through iproute2 and the library (kernel lane). */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/index.js';
import { greData } from '../../../src/route/link/kinds/gre.js';
import { requireFeature } from '../../../src/testing/gates.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { ipInfoData } from './helpers.js';

test('gre and gretap: created through the library, read back through ip and the library', async (t) => {
  if (!(await requireFeature(t, 'gre link', probeLinkKind('gre', { kindOnly: true })))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 'p0', kind: 'veth', peer: { name: 'p1' } });
    await conn.addLink({
      name: 'g0',
      kind: 'gre',
      remote: '192.0.2.1',
      local: '192.0.2.2',
      ikey: 5,
      okey: '0.0.0.6',
      oseq: true,
      ttl: 64,
      tos: 0x10,
      dev: 'p0',
      fwmark: 0x42,
    });
    const ip = ipInfoData(ns.name, 'g0', 'gre');
    assert.equal(ip.remote, '192.0.2.1');
    assert.equal(ip.local, '192.0.2.2');
    assert.equal(ip.link, 'p0');
    assert.equal(ip.ttl, 64);
    assert.equal(ip.ikey, '0.0.0.5');
    assert.equal(ip.okey, '0.0.0.6');
    assert.equal(ip.oseq, true);
    const data = greData(await conn.requireLink('g0'));
    assert.ok(data);
    assert.equal(data.remote, '192.0.2.1');
    assert.equal(data.ikey, 5);
    assert.equal(data.okey, 6);
    assert.deepEqual(data.iflags, ['key']);
    assert.deepEqual(data.oflags, ['key', 'seq']);
    assert.equal(data.tos, 0x10);
    assert.equal(data.pmtudisc, true);
    assert.equal(data.fwmark, 0x42);
    assert.equal(data.link, (await conn.requireLink('p0')).ifindex);

    await conn.addLink({ name: 'gt0', kind: 'gretap', remote: '192.0.2.9', pmtudisc: false, ignoreDf: true });
    assert.equal(ipInfoData(ns.name, 'gt0', 'gretap').remote, '192.0.2.9');
    const tap = greData(await conn.requireLink('gt0'));
    assert.equal(tap?.pmtudisc, false);
    assert.equal(tap?.ignoreDf, true);

    await conn.addLink({ name: 'gx0', kind: 'gretap', external: true });
    assert.equal(ipInfoData(ns.name, 'gx0', 'gretap').external, true);
    assert.equal(greData(await conn.requireLink('gx0'))?.collectMetadata, true);
  });
});

test('erspan: version 1 and 2 sessions read back', async (t) => {
  if (!(await requireFeature(t, 'erspan link', probeLinkKind('erspan', { kindOnly: true })))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    const ends = { remote: '192.0.2.1', local: '192.0.2.2', seq: true, key: 10 } as const;
    await conn.addLink({ name: 'e1', kind: 'erspan', ...ends, erspan: { version: 1, index: 123 } });
    await conn.addLink({
      name: 'e2',
      kind: 'erspan',
      ...ends,
      key: 11,
      erspan: { version: 2, direction: 'egress', hwid: 7 },
    });
    const ip1 = ipInfoData(ns.name, 'e1', 'erspan');
    assert.equal(ip1.erspan_ver, 1);
    assert.equal(ip1.erspan_index, 123);
    const e1 = greData(await conn.requireLink('e1'));
    assert.equal(e1?.erspanVer, 1);
    assert.equal(e1?.erspanIndex, 123);
    const e2 = greData(await conn.requireLink('e2'));
    assert.equal(e2?.erspanVer, 2);
    assert.equal(e2?.erspanDir, 'egress');
    assert.equal(e2?.erspanHwid, 7);
    assert.equal(ipInfoData(ns.name, 'e2', 'erspan').erspan_dir, 'egress');
  });
});

test('ip6gre, ip6gretap and ip6erspan: created through the library, read back', async (t) => {
  if (!(await requireFeature(t, 'ip6gre link', probeLinkKind('ip6gre', { kindOnly: true })))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({
      name: 'g6',
      kind: 'ip6gre',
      remote: '2001:db8::1',
      local: '2001:db8::2',
      key: 7,
      ttl: 10,
      encapLimit: 'none',
      tclass: 0x12,
      flowLabel: 0x12345,
      fwmark: 'inherit',
    });
    const ip = ipInfoData(ns.name, 'g6', 'ip6gre');
    assert.equal(ip.remote, '2001:db8::1');
    assert.equal(ip.local, '2001:db8::2');
    assert.equal(ip.ttl, 10);
    const data = greData(await conn.requireLink('g6'));
    assert.ok(data);
    assert.equal(data.remote, '2001:db8::1');
    assert.equal(data.flowinfo, 0x01212345);
    assert.ok(data.flags?.includes('ignEncapLimit'));
    assert.ok(data.flags?.includes('useOrigFwmark'));
    assert.equal(data.ikey, 7);

    await conn.addLink({ name: 'g6t', kind: 'ip6gretap', remote: '2001:db8::3', encap: { type: 'none' } });
    assert.equal(greData(await conn.requireLink('g6t'))?.remote, '2001:db8::3');
  });
});

test('ip6erspan: a version 2 session reads back', async (t) => {
  if (!(await requireFeature(t, 'ip6erspan link', probeLinkKind('ip6erspan', { kindOnly: true })))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({
      name: 'e6',
      kind: 'ip6erspan',
      remote: '2001:db8::4',
      seq: true,
      key: 3,
      erspan: { version: 2, direction: 'ingress', hwid: 3 },
    });
    assert.equal(ipInfoData(ns.name, 'e6', 'ip6erspan').remote, '2001:db8::4');
    const data = greData(await conn.requireLink('e6'));
    assert.equal(data?.erspanVer, 2);
    assert.equal(data?.erspanDir, 'ingress');
    assert.equal(data?.erspanHwid, 3);
  });
});
