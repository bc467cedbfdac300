/** dummy and nlmon links created through the library (kernel lane: this machine's kernel may lack them). */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/index.js';
import { requireFeature } from '../../../src/testing/gates.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { ipLinkDetails } from '../../integration/kinds/helpers.js';

test('a dummy created through the library reads back with its configured values', async (t) => {
  if (!(await requireFeature(t, 'dummy link', probeLinkKind('dummy')))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 'd0', kind: 'dummy', mtu: 9000, address: '02:00:00:00:00:01', up: true });
    const ip = ipLinkDetails(ns.name, 'd0');
    assert.equal(ip.linkinfo?.info_kind, 'dummy');
    assert.equal(ip.mtu, 9000);
    assert.equal(ip.address, '02:00:00:00:00:01');
    const link = await conn.requireLink('d0');
    assert.equal(link.kind, 'dummy');
    assert.equal(link.kindData, undefined);
    assert.equal(link.mtu, 9000);
    assert.ok(link.isUp);
  });
});
