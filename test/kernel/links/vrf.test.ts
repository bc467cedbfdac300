/** vrf links created through the library (kernel lane: this machine's kernel may lack them). */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/index.js';
import { vrfData, vrfPortData } from '../../../src/route/link/kinds/vrf.js';
import { requireFeature } from '../../../src/testing/gates.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { assertFields, ipLinkDetails } from '../../integration/kinds/helpers.js';

test('a vrf created through the library reads back with its table, and so do its ports', async (t) => {
  if (!(await requireFeature(t, 'vrf link', probeLinkKind('vrf', { kindOnly: true })))) return;
  if (!(await requireFeature(t, 'dummy link', probeLinkKind('dummy')))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 'vrf0', kind: 'vrf', table: 10 });
    const ip = ipLinkDetails(ns.name, 'vrf0');
    assert.equal(ip.linkinfo?.info_kind, 'vrf');
    assertFields(ip.linkinfo?.info_data, { table: 10 }, 'vrf0 info_data');
    assert.equal(vrfData(await conn.requireLink('vrf0'))?.table, 10);

    await conn.addLink({ name: 'd0', kind: 'dummy', master: 'vrf0' });
    const port = ipLinkDetails(ns.name, 'd0');
    assert.equal(port.master, 'vrf0');
    assert.equal(port.linkinfo?.info_slave_kind, 'vrf');
    assertFields(port.linkinfo?.info_slave_data, { table: 10 }, 'd0 info_slave_data');
    assert.equal(vrfPortData(await conn.requireLink('d0'))?.table, 10);
  });
});
