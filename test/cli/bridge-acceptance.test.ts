/**
 * The acceptance of `nlink-bridge`: in throwaway namespaces holding a bridge
 * with veth and VXLAN ports, FDB entries, MDB groups and router ports made
 * with iproute2's `bridge`, our `fdb`, `mdb`, `link` and `vlan` output equals
 * bridge's, JSON and text; and what `nlink-bridge ... add|set|del` changes
 * reads back through `bridge -j` exactly as the same `bridge` command's.
 * (This kernel has no VLAN filtering, so no VLAN-tagged entries: `vlan`
 * requests are checked against captured ones in bridge-requests.test.ts.)
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { bridgeRun, nlinkBridge } from './bridge-helpers.js';
import { type CliRun, ipRun } from './helpers.js';

/** Links with fixed addresses, so that two namespaces set up alike have equal tables. */
const LINKS = [
  'link add br0 address 02:00:00:00:01:00 type bridge mcast_snooping 1',
  'link add d0 address 02:00:00:00:01:01 type veth peer name d1 address 02:00:00:00:01:02',
  'link add e0 address 02:00:00:00:01:03 type veth peer name e1 address 02:00:00:00:01:04',
  'link add vx0 address 02:00:00:00:01:05 type vxlan id 42 dstport 4789 local 10.0.0.1',
  'link set d0 master br0',
  'link set e0 master br0',
  'link set vx0 master br0',
  'link set br0 up',
  'link set d0 up',
  'link set d1 up',
  'link set e0 up',
  'link set e1 up',
];

/** Entries made with iproute2 for the output comparisons. */
const ENTRIES = [
  'fdb add 02:00:00:00:00:01 dev d0 master static',
  'fdb add 02:00:00:00:00:02 dev d0 master dynamic',
  'fdb add 02:00:00:00:00:03 dev e0 master sticky static',
  'fdb add 02:00:00:00:00:04 dev e0 master extern_learn',
  'fdb append 00:00:00:00:00:00 dev vx0 dst 192.0.2.1 vni 100 port 4789 self permanent',
  'fdb append 00:00:00:00:00:00 dev vx0 dst 192.0.2.2 self permanent',
  'fdb add 02:00:00:00:00:05 dev vx0 dst 192.0.2.3 via d1 self permanent',
  'mdb add dev br0 port d0 grp 239.1.1.1 permanent',
  'mdb add dev br0 port d0 grp 239.1.1.2 src 10.0.0.1 permanent',
  'mdb add dev br0 port e0 grp ff0e::5 temp',
  'mdb add dev br0 port e0 grp 01:00:5e:01:02:03 permanent',
  'link set dev e0 mcast_router 2',
  'link set dev d0 cost 7 priority 3 hairpin on',
];

function setup(ns: string, extra: readonly string[] = []): void {
  for (const key of ['all', 'default']) {
    const r = ipRun(['netns', 'exec', ns, 'sysctl', '-qw', `net.ipv6.conf.${key}.disable_ipv6=1`]);
    assert.equal(r.code, 0, r.err);
  }
  for (const line of LINKS) {
    const r = ipRun(['-n', ns, ...line.split(' ')]);
    assert.equal(r.code, 0, `ip ${line}: ${r.err}`);
  }
  for (const line of extra) {
    const r = bridgeRun(['-n', ns, ...line.split(' ')]);
    assert.equal(r.code, 0, `bridge ${line}: ${r.err}`);
  }
}

/** Runs `bridge ARGS`, ours, and `bridge ARGS` again until the two iproute2 runs agree. */
async function stablePair(ns: string, args: readonly string[]): Promise<{ theirs: CliRun; ours: CliRun }> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const before = bridgeRun(['-n', ns, ...args]);
    const ours = await nlinkBridge(['-n', ns, ...args]);
    const after = bridgeRun(['-n', ns, ...args]);
    if (before.out === after.out && before.code === after.code) return { theirs: before, ours };
    await sleep(300);
  }
  throw new Error(`bridge ${args.join(' ')} never gave the same output twice`);
}

async function assertSame(ns: string, args: readonly string[]): Promise<void> {
  const { theirs, ours } = await stablePair(ns, args);
  assert.equal(ours.err, '', `nlink-bridge ${args.join(' ')} printed errors`);
  assert.equal(ours.code, theirs.code, `exit code of ${args.join(' ')}`);
  assert.equal(ours.out, theirs.out, `nlink-bridge ${args.join(' ')}`);
  if (args.includes('-j')) assert.deepEqual(JSON.parse(ours.out), JSON.parse(theirs.out));
}

test('acceptance: nlink-bridge show equals bridge show', { skip: skipUnlessIntegration() }, async (t) => {
  await withNamespace(
    async (ns) => {
      setup(ns.name, ENTRIES);
      await t.test('fdb show, JSON and text, with filters', async () => {
        const fdb = (JSON.parse(bridgeRun(['-n', ns.name, '-j', 'fdb', 'show']).out) as unknown[]).length;
        assert.ok(fdb >= 10, `the namespace has FDB entries (${fdb})`);
        for (const opts of [[], ['-j'], ['-j', '-p'], ['-s'], ['-j', '-s']]) {
          await assertSame(ns.name, [...opts, 'fdb', 'show']);
        }
        const filters = [
          ['br', 'br0'],
          ['brport', 'd0'],
          ['dev', 'vx0'],
          ['br', 'br0', 'brport', 'e0'],
          ['vlan', '1'],
          ['state', 'static'],
          ['state', 'permanent'],
          ['dynamic'],
        ];
        for (const f of filters) {
          await assertSame(ns.name, ['fdb', 'show', ...f]);
          await assertSame(ns.name, ['-j', 'fdb', 'show', ...f]);
        }
        await assertSame(ns.name, ['fdb']);
        // fdb_show ignores words it does not know.
        await assertSame(ns.name, ['fdb', 'show', 'foo', 'br', 'br0']);
        await assertSame(ns.name, ['fdb', 'get', '02:00:00:00:00:01', 'br', 'br0']);
        await assertSame(ns.name, ['-j', 'fdb', 'get', '02:00:00:00:00:03', 'dev', 'e0', 'master']);
      });
      await t.test('mdb show: groups, sources, router ports (-d)', async () => {
        for (const opts of [[], ['-j'], ['-j', '-p'], ['-d'], ['-d', '-j'], ['-d', '-j', '-p']]) {
          await assertSame(ns.name, [...opts, 'mdb', 'show']);
        }
        await assertSame(ns.name, ['mdb', 'show', 'dev', 'br0']);
        await assertSame(ns.name, ['mdb', 'show', 'foo', 'help', 'dev', 'br0']);
        await assertSame(ns.name, ['-j', 'mdb', 'show', 'dev', 'br0']);
        const routers = JSON.parse(bridgeRun(['-n', ns.name, '-d', '-j', 'mdb', 'show']).out) as { router: object }[];
        assert.deepEqual(routers[0]?.router, { br0: [{ port: 'e0' }] }, 'a router port is listed');
      });
      await t.test('link show: ports, with -d, -o and a device', async () => {
        for (const opts of [[], ['-d'], ['-j'], ['-d', '-j'], ['-d', '-j', '-p'], ['-o', '-d']]) {
          await assertSame(ns.name, [...opts, 'link', 'show']);
        }
        await assertSame(ns.name, ['link', 'show', 'dev', 'd0']);
        await assertSame(ns.name, ['-d', 'link']);
        // brlink_show reads `dev DEV` and ignores every other word.
        await assertSame(ns.name, ['link', 'show', 'foo', 'dev', 'd0', 'vid', '5']);
        await assertSame(ns.name, ['link', 'show', 'help']);
      });
      await t.test('vlan show and tunnelshow (no VLAN filtering here: headers only)', async () => {
        for (const opts of [[], ['-j'], ['-com']]) {
          await assertSame(ns.name, [...opts, 'vlan', 'show']);
          await assertSame(ns.name, [...opts, 'vlan', 'tunnelshow']);
        }
        await assertSame(ns.name, ['vlan', 'show', 'foo', 'help']);
      });
    },
    { prefix: 'brshow' },
  );
});

/** Changes applied once with bridge and once with nlink-bridge; then everything is compared. */
const CHANGES = [
  'fdb add 02:00:00:00:00:01 dev d0 master static',
  'fdb add 02:00:00:00:00:02 dev d0 master dynamic',
  'fdb replace 02:00:00:00:00:02 dev d0 master static',
  'fdb add 02:00:00:00:00:03 dev e0 master sticky static',
  'fdb add 02:00:00:00:00:04 dev e0 master extern_learn',
  'fdb add 02:00:00:00:00:05 dev d0 self permanent',
  'fdb add 02:00:00:00:00:06 dev br0 self local',
  'fdb append 00:00:00:00:00:00 dev vx0 dst 192.0.2.1 vni 100 port 4789 self permanent',
  'fdb append 00:00:00:00:00:00 dev vx0 dst 192.0.2.2 self permanent',
  'fdb add 02:00:00:00:00:07 dev vx0 dst 192.0.2.3 via d1 self permanent',
  'fdb del 02:00:00:00:00:04 dev e0 master',
  'fdb flush dev br0 brport e0 static',
  'mdb add dev br0 port d0 grp 239.1.1.1 permanent',
  'mdb add dev br0 port d0 grp 239.1.1.2 src 10.0.0.1 permanent',
  'mdb add dev br0 port e0 grp ff0e::5 temp',
  'mdb add dev br0 port e0 grp 01:00:5e:01:02:03 permanent',
  'mdb add dev br0 port e0 grp 239.1.1.9 permanent',
  'mdb del dev br0 port e0 grp 239.1.1.9',
  'link set dev e0 mcast_router 2 learning off flood off',
  'link set dev d0 cost 7 priority 3 hairpin on state blocking guard on root_block on',
  'link set dev d0 fastleave on mcast_flood off bcast_flood off mcast_to_unicast on neigh_suppress on',
  'link set dev d0 isolated on backup_port e0',
  'link set dev e0 vlan_tunnel off learning_sync off',
];

/** What both namespaces must agree on after the changes. */
const READBACK = [
  ['-j', 'fdb', 'show'],
  ['-j', '-d', 'mdb', 'show'],
  ['-j', '-d', 'link', 'show'],
];

test('acceptance: changes made by nlink-bridge read back through bridge as bridge made them', {
  skip: skipUnlessIntegration(),
}, async () => {
  await withNamespace(
    async (theirs) => {
      await withNamespace(
        async (ours) => {
          setup(theirs.name);
          setup(ours.name);
          for (const change of CHANGES) {
            const argv = change.split(' ');
            const want = bridgeRun(['-n', theirs.name, ...argv]);
            const got = await nlinkBridge(['-n', ours.name, ...argv]);
            assert.equal(want.code, 0, `bridge ${change}: ${want.err}`);
            assert.equal(got.code, 0, `nlink-bridge ${change}: ${got.err}`);
            for (const show of READBACK) {
              const a = bridgeRun(['-n', theirs.name, ...show]);
              const b = bridgeRun(['-n', ours.name, ...show]);
              assert.equal(b.out, a.out, `after ${change}: bridge ${show.join(' ')}`);
            }
          }
          const fdb = JSON.parse(bridgeRun(['-n', ours.name, '-j', 'fdb', 'show', 'br', 'br0']).out) as unknown[];
          assert.ok(fdb.length > 5, 'the changes made entries');
        },
        { prefix: 'brours' },
      );
    },
    { prefix: 'brtheirs' },
  );
});
