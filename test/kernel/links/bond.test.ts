/** Bonds and bond ports created through the library (kernel lane: this machine's kernel may lack them). */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/index.js';
import { bondData, bondPortData } from '../../../src/route/link/kinds/bond.js';
import { requireFeature } from '../../../src/testing/gates.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { assertFields, ipLinkDetails } from '../../integration/kinds/helpers.js';
import { BOND_ARP_BASE, BOND_LACP_BASE } from '../../route/kinds/configs.js';

/** The 802.3ad options of the request tests, with a peer notification delay (a multiple of miimon). */
const LACP = { ...BOND_LACP_BASE, peerNotifDelay: 300 } as const;

test('an 802.3ad bond created through the library reads back with its configured values', async (t) => {
  if (!(await requireFeature(t, 'bond link', probeLinkKind('bond')))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 'bo0', kind: 'bond', ...LACP });
    const ip = ipLinkDetails(ns.name, 'bo0');
    assert.equal(ip.linkinfo?.info_kind, 'bond');
    assertFields(
      ip.linkinfo?.info_data,
      {
        mode: '802.3ad',
        miimon: 100,
        updelay: 200,
        downdelay: 200,
        ad_lacp_rate: 'fast',
        ad_select: 'bandwidth',
        xmit_hash_policy: 'layer3+4',
        min_links: 1,
        all_slaves_active: 1,
        ad_actor_sys_prio: 100,
        ad_user_port_key: 5,
        ad_actor_system: '02:00:00:00:00:aa',
      },
      'bo0 info_data',
    );
    assertFields(bondData(await conn.requireLink('bo0')), LACP, 'bo0 bondData');
  });
});

test('an active-backup bond with ARP monitoring, and its port settings', async (t) => {
  if (!(await requireFeature(t, 'bond link', probeLinkKind('bond')))) return;
  if (!(await requireFeature(t, 'dummy link', probeLinkKind('dummy')))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 'd1', kind: 'dummy' });
    await conn.addLink({ name: 'bo1', kind: 'bond', ...BOND_ARP_BASE, primary: 'd1' });
    // The primary is recorded by name and takes effect once it is enslaved.
    await conn.setLinkMaster('d1', 'bo1');
    assertFields(
      ipLinkDetails(ns.name, 'bo1').linkinfo?.info_data,
      {
        mode: 'active-backup',
        arp_interval: 1000,
        arp_ip_target: ['10.0.0.1', '10.0.0.2'],
        arp_validate: 'all',
        arp_all_targets: 'all',
        primary: 'd1',
        primary_reselect: 'better',
        fail_over_mac: 'active',
        num_peer_notif: 3,
        resend_igmp: 2,
      },
      'bo1 info_data',
    );
    const d1 = await conn.requireLink('d1');
    assertFields(bondData(await conn.requireLink('bo1')), { ...BOND_ARP_BASE, primary: d1.ifindex }, 'bo1 bondData');

    await conn.setBondPort('d1', { queueId: 3, prio: 7 });
    const port = ipLinkDetails(ns.name, 'd1');
    assert.equal(port.linkinfo?.info_slave_kind, 'bond');
    assertFields(port.linkinfo?.info_slave_data, { queue_id: 3, prio: 7 }, 'd1 info_slave_data');
    const data = bondPortData(await conn.requireLink('d1'));
    assertFields(data, { queueId: 3, prio: 7 }, 'd1 bondPortData');
    assert.ok(data?.state === 'active' || data?.state === 'backup', `state ${String(data?.state)}`);
    assert.equal(typeof data?.miiStatus, 'string');
  });
});
