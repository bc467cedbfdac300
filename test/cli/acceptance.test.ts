/**
 * The acceptance of `nlink-ip link show`: in a throwaway namespace holding
 * veth, a bridge with a port, vxlan, macvlan/macvtap, ifb and TUN/TAP devices,
 * our output equals iproute2's, JSON and text, with `-d`, `-s`, `-br`, `-o`
 * and filters. Only the running bridge timers (`gc_timer`, ...) may differ,
 * by the time between the two runs.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { type CliRun, ipRun, nlinkIp } from './helpers.js';

const SETUP = [
  'link add v0 type veth peer name v1',
  'link add br0 type bridge',
  'link set v1 master br0',
  'link add w0 type veth peer name w1',
  'link add vx0 type vxlan id 42 dstport 4789 dev v0',
  'link add vx1 type vxlan id 7 remote 10.1.1.2 local 10.1.1.1 dstport 4789 ttl 5 tos 0x10 df set maxaddress 10 noudpcsum srcport 1000 2000 l2miss proxy',
  'link add vx2 type vxlan external dstport 4790',
  'link add vx3 type vxlan id 9 group 239.1.1.1 dev v0 dstport 0 ttl inherit tos inherit',
  'link add vx6 type vxlan id 10 remote fd00::2 local fd00::1 flowlabel 5 dstport 4789',
  'link add mv0 link v0 type macvlan mode bridge',
  'link add mv1 link v0 type macvlan mode source macaddr set 02:00:00:00:00:0a 02:00:00:00:00:0b',
  'link add mv2 link w0 type macvtap mode passthru nopromisc',
  'link add ifb0 type ifb',
  'link set ifb0 group 5 alias an-ifb',
  'tuntap add tap0 mode tap',
  'tuntap add tun1 mode tun multi_queue user 65534 group 65534',
  'link set v0 up',
  'link set v1 up',
  'link set br0 up',
];

/** Values of the bridge's running timers, which tick between two runs. */
const TIMERS = /"([a-z_]+_timer)":\s*[0-9.]+|([a-z_]+_timer) +[0-9.]+/g;

function withoutTimers(text: string): string {
  return text.replace(TIMERS, (_m, json?: string, plain?: string) => (json ? `"${json}": T` : `${plain} T`));
}

/** Timer values by path, from a parsed JSON output. */
function timers(value: unknown, path = '', out = new Map<string, number>()): Map<string, number> {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) timers(v, `${path}[${i}]`, out);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k.endsWith('_timer') && typeof v === 'number') out.set(`${path}.${k}`, v);
      else timers(v, `${path}.${k}`, out);
    }
  }
  return out;
}

function setup(ns: string): void {
  const sysctl = ipRun(['netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1']);
  assert.equal(sysctl.code, 0, sysctl.err);
  for (const line of SETUP) {
    const r = ipRun(['-n', ns, ...line.split(' ')]);
    assert.equal(r.code, 0, `ip ${line}: ${r.err}`);
  }
}

/**
 * Runs `ip ARGS`, ours, and `ip ARGS` again until the two iproute2 runs agree
 * (nothing changed meanwhile but the timers), then returns iproute2's and ours.
 */
async function stablePair(ns: string, args: readonly string[]): Promise<{ theirs: CliRun; ours: CliRun }> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const before = ipRun(['-n', ns, ...args]);
    const ours = await nlinkIp(['-n', ns, ...args]);
    const after = ipRun(['-n', ns, ...args]);
    if (withoutTimers(before.out) === withoutTimers(after.out)) return { theirs: before, ours };
    await sleep(300);
  }
  throw new Error(`ip ${args.join(' ')} never gave the same output twice`);
}

/** The bridge's default `gc_interval`, in seconds. */
const GC_INTERVAL = 300;

/** Asserts that our output equals iproute2's, timers within `slackSeconds`. */
async function assertSame(ns: string, args: readonly string[], slackSeconds = 2): Promise<void> {
  const { theirs, ours } = await stablePair(ns, args);
  assert.equal(ours.err, '', `nlink-ip ${args.join(' ')} printed errors`);
  assert.equal(ours.code, theirs.code, 'exit code');
  assert.equal(withoutTimers(ours.out), withoutTimers(theirs.out), `nlink-ip ${args.join(' ')}`);
  if (args.includes('-j')) {
    const want = JSON.parse(theirs.out) as unknown;
    const got = JSON.parse(ours.out) as unknown;
    const wantTimers = timers(want);
    const gotTimers = timers(got);
    assert.deepEqual([...gotTimers.keys()], [...wantTimers.keys()], 'the same timers');
    for (const [path, value] of wantTimers) {
      const diff = Math.abs((gotTimers.get(path) ?? Number.NaN) - value);
      // The bridge's garbage collection timer re-arms at 300 s (gc_interval) when it runs out.
      const wrapped = path.endsWith('.gc_timer') ? Math.abs(diff - GC_INTERVAL) : diff;
      assert.ok(Math.min(diff, wrapped) <= slackSeconds, `${path}: ${gotTimers.get(path)} vs ${value}`);
    }
  }
}

test('acceptance: nlink-ip link show equals ip link show', { skip: skipUnlessIntegration() }, async (t) => {
  await withNamespace(
    async (ns) => {
      setup(ns.name);
      await t.test('-j link show: exactly equal (text and parsed JSON)', async () => {
        const { theirs, ours } = await stablePair(ns.name, ['-j', 'link', 'show']);
        assert.equal(ours.out, theirs.out);
        assert.deepEqual(JSON.parse(ours.out), JSON.parse(theirs.out));
        assert.ok((JSON.parse(ours.out) as unknown[]).length >= 17, 'every device is listed');
      });
      await t.test('-j -d link show: every key and value (timers within 2 s)', async () => {
        await assertSame(ns.name, ['-j', '-d', 'link', 'show']);
        await assertSame(ns.name, ['-j', '-p', '-d', 'link', 'show']);
      });
      await t.test('-s: counters, in JSON and text, one and two levels', async () => {
        for (const s of [['-s'], ['-s', '-s']]) {
          await assertSame(ns.name, ['-j', ...s, 'link', 'show']);
          await assertSame(ns.name, [...s, 'link', 'show']);
        }
        await assertSame(ns.name, ['-d', '-s', 'link', 'show']);
      });
      await t.test('text output, with and without -d, -o, -br', async () => {
        for (const opts of [[], ['-d'], ['-o'], ['-o', '-d'], ['-br'], ['-j', '-br']]) {
          await assertSame(ns.name, [...opts, 'link', 'show']);
        }
      });
      await t.test('filters and single devices', async () => {
        const filters = [
          ['link', 'show', 'dev', 'v0'],
          ['link', 'show', 'tun1'],
          ['-d', 'link', 'show', 'dev', 'br0'],
          ['-d', 'link', 'show', 'v1'],
          ['link', 'show', 'up'],
          ['link', 'show', 'type', 'vxlan'],
          ['link', 'show', 'type', 'bridge_slave'],
          ['link', 'show', 'master', 'br0'],
          ['link', 'show', 'group', '5'],
          ['link', 'sh', 'dev', 'v0', 'type', 'bridge'],
          ['l', 'ls'],
        ];
        for (const f of filters) {
          await assertSame(ns.name, ['-j', ...f]);
          await assertSame(ns.name, f);
        }
      });
    },
    { prefix: 'cli' },
  );
});
