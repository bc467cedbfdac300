/**
 * `nlink-ip link add/set/del` against the kernel: the same command run by
 * iproute2 in one throwaway namespace and by nlink-ip in another leaves the
 * same links behind (as `ip -j -d link show` sees them), with the same exit
 * code.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { ipRun, nlinkIp } from './helpers.js';

/** Keys whose values differ between two namespaces by chance (random MACs, running timers). */
const VOLATILE = new Set([
  'address',
  'broadcast',
  'permaddr',
  'bridge_id',
  'root_id',
  'gc_timer',
  'hello_timer',
  'tcn_timer',
  'topology_change_timer',
  'forward_delay_timer',
  'hold_timer',
  'message_age_timer',
]);

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !VOLATILE.has(k))
        .map(([k, v]) => [k, stable(v)]),
    );
  }
  return value;
}

function state(ns: string): unknown {
  const r = ipRun(['-n', ns, '-j', '-d', 'link', 'show']);
  assert.equal(r.code, 0, r.err);
  return stable(JSON.parse(r.out));
}

const VETH = 'link add v0 type veth peer name v1';
const BRIDGE = 'link add br0 type bridge';

/** [setup commands, the command]. */
const CASES: readonly [readonly string[], string][] = [
  [[], 'link add v0 type veth peer name v1'],
  [[], 'link add v0 mtu 1400 txqlen 50 address 02:00:00:00:00:01 type veth peer name v1 mtu 1300'],
  [[], 'link add br0 type bridge stp_state 1 forward_delay 400 priority 7 ageing_time 1000'],
  [[], 'link add br0 up type bridge'],
  [[], 'link add i0 type ifb'],
  [[VETH], 'link add vx0 type vxlan id 42 remote 10.0.0.2 dstport 4789 dev v0 ttl 4 nolearning'],
  [[VETH], 'link add mv0 link v0 type macvlan mode private'],
  [[VETH], 'link add mt0 link v0 type macvtap mode vepa'],
  [[VETH], 'link set v0 up mtu 1400 alias foo txqueuelen 10 name v9'],
  [[VETH], 'link set dev v1 down arp off multicast off promisc on allmulticast on'],
  [[VETH], 'link set v0 group 7'],
  [[VETH], 'link set v0 address 02:00:00:00:00:42'],
  [[VETH, BRIDGE], 'link set v0 master br0'],
  [[VETH, BRIDGE, 'link set v0 master br0'], 'link set v0 nomaster'],
  [[VETH, BRIDGE, 'link set v0 master br0'], 'link set v0 type bridge_slave cost 7 priority 3 learning off'],
  [[BRIDGE], 'link set br0 type bridge hello_time 300 mcast_snooping 0 fdb_flush'],
  [[VETH], 'link del v0'],
  [[VETH], 'link delete dev v1'],
  [[VETH], 'link add v0 type veth'],
  [[], 'link add d0 type nosuchkind'],
  [[], 'link set nosuch up'],
];

test('link add/set/delete leave the links iproute2 leaves', { skip: skipUnlessIntegration() }, async () => {
  await withNamespace(
    async (a) => {
      await withNamespace(
        async (b) => {
          for (const [setup, command] of CASES) {
            for (const ns of [a.name, b.name]) {
              ipRun(['-n', ns, 'link', 'del', 'v0']);
              ipRun(['-n', ns, 'link', 'del', 'v9']);
              for (const name of ['br0', 'i0', 'vx0', 'mv0', 'mt0']) ipRun(['-n', ns, 'link', 'del', name]);
              for (const line of setup) assert.equal(ipRun(['-n', ns, ...line.split(' ')]).code, 0, line);
            }
            const theirs = ipRun(['-n', a.name, ...command.split(' ')]);
            const ours = await nlinkIp(['-n', b.name, ...command.split(' ')]);
            assert.equal(ours.code, theirs.code, `exit code of ${command}: ${ours.err}`);
            assert.deepEqual(state(b.name), state(a.name), command);
          }
        },
        { prefix: 'cli' },
      );
    },
    { prefix: 'cli' },
  );
});

test('link set netns moves a link into a named namespace', { skip: skipUnlessIntegration() }, async () => {
  await withNamespace(
    async (a) => {
      await withNamespace(
        async (b) => {
          assert.equal(ipRun(['-n', a.name, ...VETH.split(' ')]).code, 0);
          const moved = await nlinkIp(['-n', a.name, 'link', 'set', 'v1', 'netns', b.name]);
          assert.equal(moved.code, 0, moved.err);
          const there = JSON.parse(ipRun(['-n', b.name, '-j', 'link', 'show', 'v1']).out) as { ifname: string }[];
          assert.equal(there[0]?.ifname, 'v1');
          const gone = await nlinkIp(['-n', a.name, 'link', 'show', 'v1']);
          assert.equal(gone.code, 1);
          assert.equal(gone.err, 'Device "v1" does not exist.\n');
        },
        { prefix: 'cli' },
      );
    },
    { prefix: 'cli' },
  );
});
