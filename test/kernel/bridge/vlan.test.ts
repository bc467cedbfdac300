/**
 * Bridge VLAN filtering, which this machine's kernel lacks (`ip link add b0
 * type bridge vlan_filtering 1` fails with EOPNOTSUPP): VLANs, VLAN-to-VNI
 * mappings, per-VLAN and global VLAN options, and FDB/MDB entries on VLANs,
 * made through the library and read back through `bridge -j` and the
 * library. They skip here with a reason and run in the full-kernel lane.
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import '../../../src/index.js';
import type { BridgeVlan } from '../../../src/route/bridge/vlan.js';
import type { Connection } from '../../../src/session/connection.js';
import type { Route } from '../../../src/session/protocol.js';
import { requireFeature } from '../../../src/testing/gates.js';
import { type LabNamespace, withNamespace } from '../../../src/testing/lab.js';
import { ip } from '../../helpers.js';
import { FEATURE, probeVlanFiltering } from './probes.js';

function bridgeJson(ns: string, ...args: string[]): Record<string, unknown>[] {
  const out = execFileSync('bridge', ['-n', ns, '-j', ...args], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

/** br0 with VLAN filtering and port d0 (peer d1), all up. */
function vlanBridge(ns: LabNamespace): Connection<Route> {
  ip(ns.name, 'link', 'add', 'br0', 'type', 'bridge', 'vlan_filtering', '1');
  ip(ns.name, 'link', 'add', 'd0', 'type', 'veth', 'peer', 'name', 'd1');
  ip(ns.name, 'link', 'set', 'd0', 'master', 'br0');
  for (const dev of ['br0', 'd0', 'd1']) ip(ns.name, 'link', 'set', dev, 'up');
  return ns.connection();
}

/** One VLAN as both sides can say it: id, last id of a range, and the two flags bridge prints. */
interface Vlan {
  vlan: number;
  vlanEnd?: number;
  pvid: boolean;
  untagged: boolean;
}

function fromBridge(ns: string, dev: string, ...options: string[]): Vlan[] {
  const port = bridgeJson(ns, ...options, 'vlan', 'show').find((p) => p.ifname === dev);
  const vlans = (port?.vlans ?? []) as { vlan: number; vlanEnd?: number; flags?: string[] }[];
  return vlans.map((v) => ({
    vlan: v.vlan,
    ...(v.vlanEnd === undefined ? {} : { vlanEnd: v.vlanEnd }),
    pvid: v.flags?.includes('PVID') ?? false,
    untagged: v.flags?.includes('Egress Untagged') ?? false,
  }));
}

function fromLibrary(vlans: readonly BridgeVlan[]): Vlan[] {
  return vlans.map((v) => ({
    vlan: v.vid,
    ...(v.vidEnd === v.vid ? {} : { vlanEnd: v.vidEnd }),
    pvid: v.pvid,
    untagged: v.untagged,
  }));
}

test('VLANs added through the library read back through bridge -j vlan show, ranges and all', async (t) => {
  if (!(await requireFeature(t, FEATURE, probeVlanFiltering))) return;
  await withNamespace(async (ns) => {
    const conn = vlanBridge(ns);
    await conn.addBridgeVlan({ dev: 'd0', vid: 10, pvid: true, untagged: true });
    await conn.addBridgeVlan({ dev: 'd0', vid: 20, vidEnd: 30 });
    await conn.addBridgeVlan({ dev: 'br0', vid: 40, self: true });
    const ports = await conn.getBridgeVlans();
    const d0 = ports.find((p) => p.name === 'd0');
    assert.ok(d0);
    assert.deepEqual(fromLibrary(d0.vlans), fromBridge(ns.name, 'd0'));
    assert.ok(d0.vlans.some((v) => v.vid === 10 && v.pvid && v.untagged));
    assert.equal(d0.vlans.filter((v) => v.vid >= 20 && v.vid <= 30).length, 11, 'uncompressed: one item per VLAN');
    const compressed = (await conn.getBridgeVlans({ dev: 'd0', compressed: true }))[0];
    assert.deepEqual(fromLibrary(compressed?.vlans ?? []), fromBridge(ns.name, 'd0', '-compressvlans'));
    assert.ok(compressed?.vlans.some((v) => v.vid === 20 && v.vidEnd === 30));
    const br0 = ports.find((p) => p.name === 'br0');
    assert.deepEqual(fromLibrary(br0?.vlans ?? []), fromBridge(ns.name, 'br0'));
    assert.ok(br0?.vlans.some((v) => v.vid === 40));

    await conn.delBridgeVlan({ dev: 'd0', vid: 20, vidEnd: 30 });
    await conn.delBridgeVlan({ dev: 'd0', vid: 10 });
    assert.deepEqual(
      fromBridge(ns.name, 'd0').map((v) => v.vlan),
      (await conn.getBridgeVlans({ dev: 'd0' }))[0]?.vlans.map((v) => v.vid),
    );
    assert.ok(!fromBridge(ns.name, 'd0').some((v) => v.vlan === 10 || v.vlan === 25));
    await assert.rejects(conn.addBridgeVlan({ dev: 'd1', vid: 10 }), { errnoName: 'EOPNOTSUPP' });
  });
});

test('VLAN-to-VNI mappings through the library read back through bridge -j vlan tunnelshow', async (t) => {
  if (!(await requireFeature(t, FEATURE, probeVlanFiltering))) return;
  await withNamespace(async (ns) => {
    const conn = vlanBridge(ns);
    ip(ns.name, 'link', 'add', 'vx0', 'type', 'vxlan', 'dstport', '4789', 'external');
    ip(ns.name, 'link', 'set', 'vx0', 'master', 'br0');
    ip(ns.name, 'link', 'set', 'vx0', 'type', 'bridge_slave', 'vlan_tunnel', 'on');
    ip(ns.name, 'link', 'set', 'vx0', 'up');
    await conn.addBridgeVlan({ dev: 'vx0', vid: 100 });
    await conn.addBridgeVlan({ dev: 'vx0', vid: 200, vidEnd: 202 });
    await conn.addBridgeVlan({ dev: 'vx0', vid: 100, tunnelId: 1100 });
    await conn.addBridgeVlan({ dev: 'vx0', vid: 200, vidEnd: 202, tunnelId: 2000 });
    const theirs = new Map<number, number>();
    const port = bridgeJson(ns.name, 'vlan', 'tunnelshow').find((p) => p.ifname === 'vx0');
    for (const m of (port?.tunnels ?? []) as { vlan: number; vlanEnd?: number; tunid: number }[]) {
      for (let v = m.vlan; v <= (m.vlanEnd ?? m.vlan); v++) theirs.set(v, m.tunid + (v - m.vlan));
    }
    const ours = new Map<number, number>();
    const vx0 = (await conn.getBridgeVlans({ dev: 'vx0', compressed: true }))[0];
    for (const m of vx0?.tunnels ?? []) {
      for (let v = m.vid; v <= m.vidEnd; v++) ours.set(v, m.tunnelId + (v - m.vid));
    }
    assert.deepEqual([...ours].sort(), [...theirs].sort());
    assert.deepEqual([...ours].sort(), [
      [100, 1100],
      [200, 2000],
      [201, 2001],
      [202, 2002],
    ]);
    const options = await conn.getBridgeVlanOptions({ dev: 'vx0' });
    assert.equal(options.find((o) => o.vid === 100)?.tunnelId, 1100);
    await conn.delBridgeVlan({ dev: 'vx0', vid: 100, tunnelId: 1100 });
    const after = (await conn.getBridgeVlans({ dev: 'vx0' }))[0]?.tunnels ?? [];
    assert.ok(!after.some((m) => m.vid === 100));
  });
});

test('per-VLAN options: STP state and multicast router through RTM_NEWVLAN, read back both ways', async (t) => {
  if (!(await requireFeature(t, FEATURE, probeVlanFiltering))) return;
  await withNamespace(async (ns) => {
    const conn = vlanBridge(ns);
    ip(ns.name, 'link', 'set', 'br0', 'type', 'bridge', 'mcast_vlan_snooping', '1');
    await conn.addBridgeVlan({ dev: 'd0', vid: 10 });
    await conn.addBridgeVlan({ dev: 'd0', vid: 20, vidEnd: 22 });
    await conn.setBridgeVlan({ dev: 'd0', vid: 10, state: 'blocking', mcastRouter: 2 });
    await conn.setBridgeVlan({ dev: 'd0', vid: 20, vidEnd: 22, state: 'learning' });
    const options = await conn.getBridgeVlanOptions({ dev: 'd0' });
    const ten = options.find((o) => o.vid === 10);
    assert.deepEqual(
      [ten?.state, ten?.mcastRouter, ten?.ifindex],
      ['blocking', 2, (await conn.requireLink('d0')).ifindex],
    );
    assert.ok(options.some((o) => o.vid === 20 && o.vidEnd === 22 && o.state === 'learning'));
    const port = bridgeJson(ns.name, '-d', 'vlan', 'show').find((p) => p.ifname === 'd0');
    const vlans = (port?.vlans ?? []) as { vlan: number; state?: string }[];
    assert.equal(vlans.find((v) => v.vlan === 10)?.state, 'blocking');
    const stats = await conn.getBridgeVlanOptions({ dev: 'd0', stats: true });
    assert.equal(typeof stats.find((o) => o.vid === 10)?.stats?.rxBytes, 'bigint');
  });
});

test('global VLAN options through RTM_NEWVLAN, read back both ways', async (t) => {
  if (!(await requireFeature(t, FEATURE, probeVlanFiltering))) return;
  await withNamespace(async (ns) => {
    const conn = vlanBridge(ns);
    ip(ns.name, 'link', 'set', 'br0', 'type', 'bridge', 'mcast_vlan_snooping', '1');
    await conn.addBridgeVlan({ dev: 'br0', vid: 10, self: true });
    await conn.setBridgeVlanGlobal({
      bridge: 'br0',
      vid: 10,
      mcastSnooping: true,
      mcastIgmpVersion: 3,
      mcastMldVersion: 2,
      mcastQueryInterval: 12000,
      mcastLastMemberCount: 3,
    });
    const ours = (await conn.getBridgeVlanGlobalOptions({ bridge: 'br0' })).find((g) => g.vid === 10);
    assert.deepEqual(
      [
        ours?.mcastSnooping,
        ours?.mcastIgmpVersion,
        ours?.mcastMldVersion,
        ours?.mcastQueryInterval,
        ours?.mcastLastMemberCount,
      ],
      [true, 3, 2, 12000n, 3],
    );
    const theirs = bridgeJson(ns.name, 'vlan', 'global', 'show').find((b) => b.ifname === 'br0');
    const ten = ((theirs?.vlans ?? []) as Record<string, unknown>[]).find((v) => v.vlan === 10);
    assert.equal(ten?.mcast_igmp_version, 3);
    assert.equal(ten?.mcast_mld_version, 2);
  });
});

test('FDB and MDB entries on VLANs, through the library and back through bridge -j', async (t) => {
  if (!(await requireFeature(t, FEATURE, probeVlanFiltering))) return;
  await withNamespace(async (ns) => {
    const conn = vlanBridge(ns);
    await conn.addBridgeVlan({ dev: 'd0', vid: 10 });
    await conn.addBridgeVlan({ dev: 'br0', vid: 10, self: true });
    await conn.addFdb({ mac: '02:00:00:00:00:01', dev: 'd0', master: true, state: 'static', vlan: 10 });
    const fdb = bridgeJson(ns.name, 'fdb', 'show', 'dev', 'd0').filter((e) => e.mac === '02:00:00:00:00:01');
    assert.deepEqual(
      fdb.map((e) => [e.vlan, e.state]),
      [[10, 'static']],
    );
    assert.deepEqual(
      (await conn.getFdb({ port: 'd0', vlan: 10, state: 'static' })).map((e) => e.mac),
      ['02:00:00:00:00:01'],
    );
    assert.deepEqual(await conn.flushFdb({ dev: 'br0', vlan: 10, static: true }), { method: 'bulk' });
    assert.deepEqual(
      bridgeJson(ns.name, 'fdb', 'show', 'dev', 'd0').filter((e) => e.mac === '02:00:00:00:00:01'),
      [],
    );

    await conn.addMdb({ bridge: 'br0', port: 'd0', group: '239.1.1.1', permanent: true, vid: 10 });
    const mdb = ((bridgeJson(ns.name, 'mdb', 'show')[0]?.mdb ?? []) as Record<string, unknown>[]).filter(
      (e) => e.grp === '239.1.1.1',
    );
    assert.deepEqual(
      mdb.map((e) => [e.port, e.vid, e.state]),
      [['d0', 10, 'permanent']],
    );
    assert.deepEqual(
      (await conn.getMdb({ vid: 10 })).map((e) => e.group),
      ['239.1.1.1'],
    );
    await conn.delMdb({ bridge: 'br0', port: 'd0', group: '239.1.1.1', vid: 10 });
    assert.deepEqual(await conn.getMdb({ vid: 10 }), []);
  });
});
