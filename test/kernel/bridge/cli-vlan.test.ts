/**
 * `nlink-bridge vlan` output on a kernel with bridge VLAN filtering (the
 * kernel lane): VLANs with ranges, pvid and untagged flags, VLAN-to-VNI
 * tunnel maps, per-VLAN and global options print as iproute2's `bridge`
 * prints them, JSON and text; and VLAN changes made through `nlink-bridge`
 * read back as the same `bridge` commands' do.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requireFeature } from '../../../src/testing/gates.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { bridgeRun, nlinkBridge } from '../../cli/bridge-helpers.js';
import { ipRun } from '../../cli/helpers.js';
import { FEATURE, probeVlanFiltering } from './probes.js';

const LINKS = [
  'link add br0 address 02:00:00:00:02:00 type bridge vlan_filtering 1 mcast_snooping 1',
  'link add d0 address 02:00:00:00:02:01 type veth peer name d1 address 02:00:00:00:02:02',
  'link add vx0 address 02:00:00:00:02:03 type vxlan dstport 4789 external vnifilter',
  'link set d0 master br0',
  'link set vx0 master br0',
  'link set vx0 type bridge_slave vlan_tunnel on',
  'link set br0 type bridge mcast_vlan_snooping 1',
  'link set br0 up',
  'link set d0 up',
  'link set d1 up',
  'link set vx0 up',
];

const VLANS = [
  'vlan add vid 10 dev d0 pvid untagged',
  'vlan add vid 20-25 dev d0',
  'vlan add vid 30 dev br0 self',
  'vlan add vid 100-102 dev vx0',
  'vlan add vid 100-102 dev vx0 tunnel_info id 5100-5102',
  'vlan set vid 20 dev d0 state 4',
  'vlan global set vid 10 dev br0 mcast_snooping 1 mcast_querier 1',
];

function setup(ns: string, vlans: readonly string[]): void {
  for (const line of LINKS) {
    const r = ipRun(['-n', ns, ...line.split(' ')]);
    assert.equal(r.code, 0, `ip ${line}: ${r.err}`);
  }
  for (const line of vlans) {
    const r = bridgeRun(['-n', ns, ...line.split(' ')]);
    assert.equal(r.code, 0, `bridge ${line}: ${r.err}`);
  }
}

const SHOWS = [
  ['vlan', 'show'],
  ['-d', 'vlan', 'show'],
  ['vlan', 'show', 'dev', 'd0'],
  ['vlan', 'tunnelshow'],
  ['vlan', 'global', 'show'],
  ['-d', 'vlan', 'global', 'show'],
];

test('nlink-bridge vlan show, tunnelshow and global show print as bridge does', async (t) => {
  if (!(await requireFeature(t, FEATURE, probeVlanFiltering))) return;
  await withNamespace(
    async (ns) => {
      setup(ns.name, VLANS);
      for (const show of SHOWS) {
        for (const opts of [[], ['-j'], ['-j', '-p']]) {
          const args = ['-n', ns.name, ...opts, ...show];
          const theirs = bridgeRun(args);
          const ours = await nlinkBridge(args);
          assert.equal(ours.code, theirs.code, `exit code of ${args.join(' ')}: ${ours.err}`);
          assert.equal(ours.out, theirs.out, `nlink-bridge ${args.join(' ')}`);
        }
      }
    },
    { prefix: 'brvcli' },
  );
});

test('VLAN changes through nlink-bridge read back as the same bridge commands', async (t) => {
  if (!(await requireFeature(t, FEATURE, probeVlanFiltering))) return;
  await withNamespace(
    (byBridge) =>
      withNamespace(
        async (byUs) => {
          setup(byBridge.name, []);
          setup(byUs.name, []);
          for (const change of [...VLANS, 'vlan del vid 22 dev d0', 'vlan del vid 101 dev vx0 tunnel_info id 5101']) {
            const want = bridgeRun(['-n', byBridge.name, ...change.split(' ')]);
            const got = await nlinkBridge(['-n', byUs.name, ...change.split(' ')]);
            assert.equal(got.code, want.code, `nlink-bridge ${change}: ${got.err}`);
            for (const show of SHOWS) {
              const a = bridgeRun(['-n', byBridge.name, '-j', ...show]);
              const b = bridgeRun(['-n', byUs.name, '-j', ...show]);
              assert.equal(b.out, a.out, `after ${change}: bridge -j ${show.join(' ')}`);
            }
          }
        },
        { prefix: 'brvcli' },
      ),
    { prefix: 'brvcli' },
  );
});
