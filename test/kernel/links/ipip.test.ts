/** ipip and ip6tnl tunnels created through the library, read back through iproute2 and the library (kernel lane). */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/index.js';
import { ip6tnlData, iptunData } from '../../../src/route/link/kinds/ipip.js';
import { requireFeature } from '../../../src/testing/gates.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { ipInfoData } from './helpers.js';

test('ipip: created through the library, read back through ip and the library', async (t) => {
  if (!(await requireFeature(t, 'ipip link', probeLinkKind('ipip', { kindOnly: true })))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 'p0', kind: 'veth', peer: { name: 'p1' } });
    await conn.addLink({
      name: 't0',
      kind: 'ipip',
      remote: '192.0.2.1',
      local: '192.0.2.2',
      ttl: 32,
      tos: 'inherit',
      dev: 'p0',
      mode: 'ipip',
      fwmark: 7,
    });
    const ip = ipInfoData(ns.name, 't0', 'ipip');
    assert.equal(ip.remote, '192.0.2.1');
    assert.equal(ip.local, '192.0.2.2');
    assert.equal(ip.link, 'p0');
    assert.equal(ip.ttl, 32);
    assert.equal(ip.proto, 'ipip');
    const data = iptunData(await conn.requireLink('t0'));
    assert.ok(data);
    assert.equal(data.proto, 4);
    assert.equal(data.tos, 1);
    assert.equal(data.pmtudisc, true);
    assert.equal(data.fwmark, 7);
    assert.equal(data.link, (await conn.requireLink('p0')).ifindex);

    await conn.addLink({ name: 'tx0', kind: 'ipip', external: true });
    assert.equal(ipInfoData(ns.name, 'tx0', 'ipip').external, true);
    assert.equal(iptunData(await conn.requireLink('tx0'))?.collectMetadata, true);
  });
});

test('ip6tnl: created through the library, read back through ip and the library', async (t) => {
  if (!(await requireFeature(t, 'ip6tnl link', probeLinkKind('ip6tnl', { kindOnly: true })))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({
      name: 't6',
      kind: 'ip6tnl',
      mode: 'ip6ip6',
      remote: '2001:db8::5',
      local: '2001:db8::6',
      ttl: 30,
      encapLimit: 5,
      tclass: 'inherit',
      flowLabel: 0x12345,
      dscpInherit: true,
      allowLocalRemote: true,
    });
    const ip = ipInfoData(ns.name, 't6', 'ip6tnl');
    assert.equal(ip.remote, '2001:db8::5');
    assert.equal(ip.local, '2001:db8::6');
    assert.equal(ip.proto, 'ip6ip6');
    assert.equal(ip.ttl, 30);
    assert.equal(ip.encap_limit, 5);
    assert.equal(ip.flowlabel, '0x12345');
    const data = ip6tnlData(await conn.requireLink('t6'));
    assert.ok(data);
    assert.equal(data.proto, 41);
    assert.equal(data.encapLimit, 5);
    // The kernel adds its own capability bits (IP6_TNL_F_CAP_*, not UAPI), decoded as numbers.
    assert.deepEqual(
      data.flags?.filter((f) => typeof f === 'string'),
      ['useOrigTclass', 'rcvDscpCopy', 'allowLocalRemote'],
    );
    assert.equal(data.flowinfo, 0x12345);
  });
});
