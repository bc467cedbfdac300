/** vti and vti6 tunnels created through the library, read back through iproute2 and the library (kernel lane). */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/index.js';
import { vtiData } from '../../../src/route/link/kinds/vti.js';
import { toObject } from '../../../src/schema/attrs.js';
import { requireFeature } from '../../../src/testing/gates.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { ipInfoData } from './helpers.js';

test('vti: created through the library, read back through ip and the library', async (t) => {
  if (!(await requireFeature(t, 'vti link', probeLinkKind('vti', { kindOnly: true })))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 'p0', kind: 'veth', peer: { name: 'p1' } });
    await conn.addLink({
      name: 'v0',
      kind: 'vti',
      remote: '192.0.2.1',
      local: '192.0.2.2',
      ikey: 1,
      okey: '0.0.0.2',
      dev: 'p0',
      fwmark: 0x10,
    });
    const ip = ipInfoData(ns.name, 'v0', 'vti');
    assert.equal(ip.remote, '192.0.2.1');
    assert.equal(ip.local, '192.0.2.2');
    assert.equal(ip.ikey, '0.0.0.1');
    assert.equal(ip.okey, '0.0.0.2');
    assert.equal(ip.link, 'p0');
    assert.deepEqual(toObject(vtiData(await conn.requireLink('v0'))), {
      link: (await conn.requireLink('p0')).ifindex,
      ikey: 1,
      okey: 2,
      local: '192.0.2.2',
      remote: '192.0.2.1',
      fwmark: 0x10,
    });
  });
});

test('vti6: created through the library, read back', async (t) => {
  if (!(await requireFeature(t, 'vti6 link', probeLinkKind('vti6', { kindOnly: true })))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 'v6', kind: 'vti6', remote: '2001:db8::1', local: '2001:db8::2', key: 5 });
    const ip = ipInfoData(ns.name, 'v6', 'vti6');
    assert.equal(ip.remote, '2001:db8::1');
    assert.equal(ip.local, '2001:db8::2');
    const data = vtiData(await conn.requireLink('v6'));
    assert.equal(data?.ikey, 5);
    assert.equal(data?.okey, 5);
    assert.equal(data?.remote, '2001:db8::1');
  });
});
