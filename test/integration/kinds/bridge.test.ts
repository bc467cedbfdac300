/** Bridges and bridge ports created and changed through the library, read back through iproute2 and the library. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/index.js';
import { bridgeData, bridgePortData } from '../../../src/route/link/kinds/bridge.js';
import { requireFeature } from '../../../src/testing/gates.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { BRIDGE_NO_VLAN } from '../../route/kinds/configs.js';
import { assertFields, ipLinkDetails } from './helpers.js';

test('a bridge created through the library reads back with its configured values', async (t) => {
  if (!(await requireFeature(t, 'bridge link', probeLinkKind('bridge')))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 'b0', kind: 'bridge', ...BRIDGE_NO_VLAN });
    const ip = ipLinkDetails(ns.name, 'b0');
    assert.equal(ip.linkinfo?.info_kind, 'bridge');
    assertFields(
      ip.linkinfo?.info_data,
      {
        forward_delay: 800,
        hello_time: 300,
        max_age: 2400,
        ageing_time: 6000,
        stp_state: 1,
        priority: 4096,
        group_fwd_mask: '0x4000',
        group_addr: '01:80:c2:00:00:0e',
        mcast_snooping: 0,
        mcast_router: 2,
        mcast_querier: 1,
        mcast_query_use_ifaddr: 1,
        mcast_hash_max: 1024,
        mcast_last_member_cnt: 3,
        mcast_startup_query_cnt: 4,
        mcast_last_member_intvl: 200,
        mcast_membership_intvl: 30000,
        mcast_querier_intvl: 26000,
        mcast_query_intvl: 13000,
        mcast_query_response_intvl: 1100,
        mcast_startup_query_intvl: 3200,
        mcast_stats_enabled: 1,
        mcast_igmp_version: 3,
        mcast_mld_version: 2,
        no_linklocal_learn: 1,
        nf_call_iptables: 1,
        nf_call_ip6tables: 1,
        nf_call_arptables: 1,
      },
      'bridge info_data',
    );

    const link = await conn.requireLink('b0');
    const data = bridgeData(link);
    const { noLinklocalLearn, ...plain } = BRIDGE_NO_VLAN;
    assertFields(data, { ...plain, vlanFiltering: false, topologyChange: false }, 'bridgeData');
    // Read-only state: the bridge id is the priority and an address (all zeros until a port joins).
    assert.deepEqual(data?.bridgeId, { prio: 4096, addr: '00:00:00:00:00:00' });
    assert.deepEqual(data?.rootId, data?.bridgeId);
    assert.equal(typeof data?.gcTimer, 'number');
    assert.equal((data?.multiBoolopt?.optval ?? 0) & 1, 1, 'no_linklocal_learn bit');

    await conn.setBridge('b0', { ageingTime: 30, mcastSnooping: true, noLinklocalLearn: false, fdbFlush: true });
    assertFields(
      ipLinkDetails(ns.name, 'b0').linkinfo?.info_data,
      { ageing_time: 3000, mcast_snooping: 1, no_linklocal_learn: 0, forward_delay: 800 },
      'bridge info_data after setBridge',
    );
    const after = bridgeData(await conn.requireLink('b0'));
    assertFields(after, { ageingTime: 30, mcastSnooping: true, forwardDelay: 8 }, 'bridgeData after setBridge');
  });
});

test('bridge ports: settings made with setBridgePort read back through iproute2 and the library', async (t) => {
  if (!(await requireFeature(t, 'bridge link', probeLinkKind('bridge')))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 'b0', kind: 'bridge' });
    await conn.addLink({ name: 'v0', kind: 'veth', peer: { name: 'v1' }, master: 'b0' });
    await conn.addLink({ name: 'v2', kind: 'veth', peer: { name: 'v3' }, master: 'b0' });
    await conn.setBridgePort('v0', {
      cost: 5,
      priority: 3,
      hairpin: true,
      guard: true,
      learning: false,
      mcastFlood: false,
      isolated: true,
      locked: true,
      groupFwdMask: 0x4000,
      multicastRouter: 2,
      backupPort: 'v2',
    });
    const ip = ipLinkDetails(ns.name, 'v0');
    assert.equal(ip.master, 'b0');
    assert.equal(ip.linkinfo?.info_slave_kind, 'bridge');
    assertFields(
      ip.linkinfo?.info_slave_data,
      {
        cost: 5,
        priority: 3,
        hairpin: true,
        guard: true,
        learning: false,
        mcast_flood: false,
        isolated: true,
        locked: true,
        group_fwd_mask: '0x4000',
        multicast_router: 2,
        backup_port: 'v2',
        flood: true,
      },
      'bridge port info_slave_data',
    );
    const v2 = await conn.requireLink('v2');
    assertFields(
      bridgePortData(await conn.requireLink('v0')),
      {
        state: 'disabled',
        cost: 5,
        priority: 3,
        hairpin: true,
        guard: true,
        rootBlock: false,
        learning: false,
        unicastFlood: true,
        mcastFlood: false,
        isolated: true,
        locked: true,
        groupFwdMask: 0x4000,
        multicastRouter: 2,
        backupPort: v2.ifindex,
      },
      'bridgePortData',
    );

    await conn.setBridgePort('v0', { backupPort: null, learning: true });
    const after = bridgePortData(await conn.requireLink('v0'));
    assert.equal(after?.backupPort, undefined);
    assert.equal(after?.learning, true);
    assert.equal(after?.cost, 5, 'settings left out stay as they were');
    assert.equal(bridgePortData(await conn.requireLink('b0')), undefined);
  });
});
