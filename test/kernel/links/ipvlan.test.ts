/** ipvlan and ipvtap links created through the library (kernel lane: this machine's kernel may lack them). */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/index.js';
import { ipvlanData } from '../../../src/route/link/kinds/ipvlan.js';
import { toObject } from '../../../src/schema/attrs.js';
import { requireFeature } from '../../../src/testing/gates.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { assertFields, ipLinkDetails } from '../../integration/kinds/helpers.js';

test('ipvlan and ipvtap links created through the library read back with their configured values', async (t) => {
  if (!(await requireFeature(t, 'ipvlan link', probeLinkKind('ipvlan', { kindOnly: true })))) return;
  if (!(await requireFeature(t, 'ipvtap link', probeLinkKind('ipvtap', { kindOnly: true })))) return;
  if (!(await requireFeature(t, 'dummy link', probeLinkKind('dummy')))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 'd0', kind: 'dummy' });
    await conn.addLink({ name: 'd1', kind: 'dummy' });

    await conn.addLink({ name: 'ipv0', kind: 'ipvlan', link: 'd0', mode: 'l2', flags: 'private' });
    const ipv0 = ipLinkDetails(ns.name, 'ipv0');
    assert.equal(ipv0.link, 'd0');
    assertFields(ipv0.linkinfo?.info_data, { mode: 'l2', private: true }, 'ipv0 info_data');
    assert.deepEqual(toObject(ipvlanData(await conn.requireLink('ipv0'))), { mode: 'l2', flags: 'private' });

    await conn.addLink({ name: 'ipt0', kind: 'ipvtap', link: 'd1', mode: 'l3s', flags: 'vepa' });
    const ipt0 = ipLinkDetails(ns.name, 'ipt0');
    assert.equal(ipt0.linkinfo?.info_kind, 'ipvtap');
    assertFields(ipt0.linkinfo?.info_data, { mode: 'l3s', vepa: true }, 'ipt0 info_data');
    assert.deepEqual(toObject(ipvlanData(await conn.requireLink('ipt0'))), { mode: 'l3s', flags: 'vepa' });
  });
});
