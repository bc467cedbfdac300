/** vxlan links created through the library, read back through iproute2 and the library. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/index.js';
import { vxlanData } from '../../../src/route/link/kinds/vxlan.js';
import { requireFeature } from '../../../src/testing/gates.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { VXLAN_V4, VXLAN_V6 } from '../../route/kinds/configs.js';
import { assertFields, ipLinkDetails } from './helpers.js';

test('vxlan links created through the library read back with their configured values', async (t) => {
  if (!(await requireFeature(t, 'vxlan link', probeLinkKind('vxlan', { kindOnly: true })))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 'v0', kind: 'veth', peer: { name: 'v1' } });
    await conn.addLink({ name: 'vx0', kind: 'vxlan', ...VXLAN_V4 });
    assertFields(
      ipLinkDetails(ns.name, 'vx0').linkinfo?.info_data,
      {
        id: 100,
        group: '239.1.1.1',
        local: '10.0.0.1',
        link: 'v0',
        port_range: { low: 1000, high: 2000 },
        port: 4789,
        learning: false,
        proxy: true,
        rsc: true,
        l2miss: true,
        l3miss: true,
        tos: '0x10',
        ttl: 64,
        df: 'set',
        ageing: 600,
        limit: 100,
        udp_csum: false,
        gbp: true,
      },
      'vx0 info_data',
    );
    const v0 = await conn.requireLink('v0');
    const { mcastGroup, dev, ...same } = VXLAN_V4;
    assertFields(
      vxlanData(await conn.requireLink('vx0')),
      { ...same, group: mcastGroup, link: v0.ifindex, collectMetadata: false },
      'vx0 vxlanData',
    );

    await conn.addLink({ name: 'vx1', kind: 'vxlan', ...VXLAN_V6, label: 12345, udpZeroCsum6Tx: true });
    assertFields(
      ipLinkDetails(ns.name, 'vx1').linkinfo?.info_data,
      {
        id: 7,
        remote6: '2001:db8::1',
        local6: '2001:db8::2',
        port: 8472,
        learning: true,
        tos: '0x1',
        label: '0x3039',
        udp_zero_csum6_tx: true,
      },
      'vx1 info_data',
    );
    assertFields(
      vxlanData(await conn.requireLink('vx1')),
      { id: 7, group6: '2001:db8::1', local6: '2001:db8::2', ttlInherit: true, tos: 1, label: 12345, learning: true },
      'vx1 vxlanData',
    );

    await conn.addLink({ name: 'vx2', kind: 'vxlan', external: true, vnifilter: true, port: 4790 });
    assertFields(
      ipLinkDetails(ns.name, 'vx2').linkinfo?.info_data,
      { external: true, vnifilter: true, port: 4790, learning: false },
      'vx2 info_data',
    );
    assertFields(
      vxlanData(await conn.requireLink('vx2')),
      { collectMetadata: true, vnifilter: true, port: 4790, learning: false },
      'vx2 vxlanData',
    );
    assert.equal(vxlanData(v0), undefined);
  });
});
