/** vlan links created through the library (kernel lane: this machine's kernel may lack them). */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/index.js';
import { vlanData, vlanFlagOptions } from '../../../src/route/link/kinds/vlan.js';
import { requireFeature } from '../../../src/testing/gates.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { assertFields, ipLinkDetails } from '../../integration/kinds/helpers.js';

test('vlans created through the library read back with their configured values', async (t) => {
  if (!(await requireFeature(t, '802.1Q vlan link', probeLinkKind('vlan', { kindOnly: true })))) return;
  if (!(await requireFeature(t, 'dummy link', probeLinkKind('dummy')))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 'd0', kind: 'dummy' });
    const d0 = await conn.requireLink('d0');

    await conn.addLink({ name: 'd0.10', kind: 'vlan', link: 'd0', id: 10 });
    const plain = ipLinkDetails(ns.name, 'd0.10');
    assert.equal(plain.link, 'd0');
    assertFields(plain.linkinfo?.info_data, { protocol: '802.1Q', id: 10, flags: ['REORDER_HDR'] }, 'd0.10');
    const plainLink = await conn.requireLink('d0.10');
    assert.equal(plainLink.message.attrs.link, d0.ifindex);
    assertFields(vlanData(plainLink), { id: 10, protocol: '802.1Q' }, 'd0.10 vlanData');

    const ingressQos = [
      { from: 1, to: 2 },
      { from: 3, to: 4 },
    ];
    const egressQos = [
      { from: 2, to: 5 },
      { from: 6, to: 7 },
    ];
    await conn.addLink({
      name: 'd0.20',
      kind: 'vlan',
      link: d0.ifindex,
      id: 20,
      protocol: '802.1ad',
      reorderHdr: false,
      gvrp: true,
      looseBinding: true,
      ingressQos,
      egressQos,
    });
    assertFields(
      ipLinkDetails(ns.name, 'd0.20').linkinfo?.info_data,
      {
        protocol: '802.1ad',
        id: 20,
        flags: ['GVRP', 'LOOSE_BINDING'],
        ingress_qos: ingressQos,
        egress_qos: egressQos,
      },
      'd0.20 info_data',
    );
    const data = vlanData(await conn.requireLink('d0.20'));
    assertFields(data, { id: 20, protocol: '802.1ad' }, 'd0.20 vlanData');
    assert.deepEqual(vlanFlagOptions(data?.flags?.flags ?? 0), {
      reorderHdr: false,
      gvrp: true,
      looseBinding: true,
      mvrp: false,
      bridgeBinding: false,
    });
    assert.deepEqual(data?.ingressQos?.mapping, ingressQos);
    assert.deepEqual(data?.egressQos?.mapping, egressQos);
  });
});
