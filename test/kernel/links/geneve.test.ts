/** geneve devices created through the library, read back through iproute2 and the library (kernel lane). */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/index.js';
import { geneveData } from '../../../src/route/link/kinds/geneve.js';
import { requireFeature } from '../../../src/testing/gates.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { ipInfoData } from './helpers.js';

test('geneve: created through the library, read back through ip and the library', async (t) => {
  if (!(await requireFeature(t, 'geneve link', probeLinkKind('geneve', { kindOnly: true })))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({
      name: 'gn0',
      kind: 'geneve',
      id: 200,
      remote: '2001:db8::9',
      ttl: 'inherit',
      tos: 0x28,
      flowLabel: 0x456,
      port: 6090,
      udp6ZeroCsumTx: true,
      df: 'unset',
    });
    const ip = ipInfoData(ns.name, 'gn0', 'geneve');
    assert.equal(ip.id, 200);
    assert.equal(ip.remote6, '2001:db8::9');
    assert.equal(ip.port, 6090);
    const data = geneveData(await conn.requireLink('gn0'));
    assert.ok(data);
    assert.equal(data.id, 200);
    assert.equal(data.remote6, '2001:db8::9');
    assert.equal(data.port, 6090);
    assert.equal(data.ttlInherit, true);
    assert.equal(data.tos, 0x28);
    assert.equal(data.label, 0x456);
    assert.equal(data.udpZeroCsum6Tx, true);

    await conn.addLink({ name: 'gn1', kind: 'geneve', id: 7, remote: '192.0.2.1', ttl: 10, df: 'set', port: 6083 });
    const ip1 = ipInfoData(ns.name, 'gn1', 'geneve');
    assert.equal(ip1.remote, '192.0.2.1');
    assert.equal(ip1.ttl, 10);
    const data1 = geneveData(await conn.requireLink('gn1'));
    assert.equal(data1?.df, 'set');
    assert.equal(data1?.remote, '192.0.2.1');

    await conn.addLink({ name: 'gnx', kind: 'geneve', external: true, port: 6084 });
    assert.equal(ipInfoData(ns.name, 'gnx', 'geneve').external, true);
    assert.equal(geneveData(await conn.requireLink('gnx'))?.collectMetadata, true);
  });
});
