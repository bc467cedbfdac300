/**
 * `nlink-bridge` builds the requests iproute2's `bridge` 6.1 sends, attribute
 * for attribute (fixtures captured with scripts/capture-request.mjs), and
 * refuses bad arguments with bridge's messages before sending anything.
 * Against a fake kernel: VLAN filtering, which this host's kernel lacks, is
 * covered here.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RTM } from '../../src/core/constants.js';
import {
  bridgeLinkMessage,
  bridgePortLinkMessage,
  mdbMessage,
  mdbSetMessage,
  vlanDbDumpMessage,
  vlanDbMessage,
} from '../../src/route/bridge/schema.js';
import { neighMessage } from '../../src/route/neigh/schema.js';
import type { MessageSchema } from '../../src/schema/message.js';
import { diffFixture, fakeBridgeKernel, lastBridgeRequest, nlinkBridge } from './bridge-helpers.js';

/** `ip link add br0 type bridge; ip link add d0 type veth peer name d1; ip link set d0 master br0`. */
const BRIDGED = { lo: 1, br0: 2, d1: 3, d0: 4 };
/** BRIDGED, then `ip link add d2 type veth peer name d3; ip link set d2 master br0`. */
const TWO_PORTS = { ...BRIDGED, d3: 5, d2: 6 };
const BRIDGE_ONLY = { lo: 1, br0: 2 };
/** `ip link add vx0 type vxlan ...`. */
const VXLAN = { lo: 1, vx0: 2 };
const VXLAN_AFTER_VETH = { lo: 1, d1: 2, d0: 3, vx0: 4 };
/** A bridge with a VXLAN port. */
const VXLAN_PORT = { lo: 1, br0: 2, vx0: 3 };

// biome-ignore lint/suspicious/noExplicitAny: requests checked against message schemas of several types.
type AnySchema = MessageSchema<any, any>;

const SAME_AS_IPROUTE2: readonly (readonly [string, Record<string, number>, AnySchema])[] = [
  ['fdb-add-default', BRIDGED, neighMessage],
  ['fdb-add-extern', BRIDGED, neighMessage],
  ['fdb-add-master', BRIDGED, neighMessage],
  ['fdb-add-nhid', VXLAN, neighMessage],
  ['fdb-add-router', BRIDGED, neighMessage],
  ['fdb-add-self-vlan', BRIDGED, neighMessage],
  ['fdb-add-srcvni', VXLAN, neighMessage],
  ['fdb-append-vxlan', VXLAN_AFTER_VETH, neighMessage],
  ['fdb-del-vxlan', VXLAN, neighMessage],
  ['fdb-del', BRIDGED, neighMessage],
  ['fdb-replace-dynamic', BRIDGED, neighMessage],
  ['fdb-get-br', BRIDGE_ONLY, neighMessage],
  ['fdb-get', BRIDGED, neighMessage],
  ['fdb-show', BRIDGED, neighMessage],
  ['fdb-show-br', BRIDGED, neighMessage],
  ['fdb-show-port', BRIDGED, neighMessage],
  ['fdb-show-both', BRIDGED, neighMessage],
  ['fdb-flush', BRIDGED, neighMessage],
  ['fdb-flush-many', BRIDGED, neighMessage],
  ['fdb-flush-port', BRIDGED, neighMessage],
  ['fdb-flush-self', BRIDGE_ONLY, neighMessage],
  ['fdb-flush-permanent', BRIDGE_ONLY, neighMessage],
  ['fdb-flush-static', BRIDGE_ONLY, neighMessage],
  ['fdb-flush-nostatic', BRIDGE_ONLY, neighMessage],
  ['fdb-flush-dynamic', BRIDGE_ONLY, neighMessage],
  ['fdb-flush-nodynamic', BRIDGE_ONLY, neighMessage],
  ['fdb-flush-added-by-user', BRIDGE_ONLY, neighMessage],
  ['fdb-flush-noadded-by-user', BRIDGE_ONLY, neighMessage],
  ['fdb-flush-offloaded', BRIDGE_ONLY, neighMessage],
  ['fdb-flush-nooffloaded', BRIDGE_ONLY, neighMessage],
  ['mdb-add-l2', BRIDGED, mdbSetMessage],
  ['mdb-add-src', BRIDGED, mdbSetMessage],
  ['mdb-add-src6', BRIDGED, mdbSetMessage],
  ['mdb-add-v4', BRIDGED, mdbSetMessage],
  ['mdb-add-v6', BRIDGED, mdbSetMessage],
  ['mdb-del', BRIDGED, mdbSetMessage],
  ['mdb-show', BRIDGE_ONLY, mdbMessage],
  ['brvlan-add', BRIDGED, bridgeLinkMessage],
  ['brvlan-add-plain', BRIDGED, bridgeLinkMessage],
  ['brvlan-add-range', BRIDGED, bridgeLinkMessage],
  ['brvlan-add-self', BRIDGED, bridgeLinkMessage],
  ['brvlan-add-master', BRIDGED, bridgeLinkMessage],
  ['brvlan-del', BRIDGED, bridgeLinkMessage],
  ['brvlan-del-range', BRIDGED, bridgeLinkMessage],
  ['brvlan-tunnel', VXLAN_PORT, bridgeLinkMessage],
  ['brvlan-tunnel-range', VXLAN_PORT, bridgeLinkMessage],
  ['brvlan-tunnel-del', VXLAN_PORT, bridgeLinkMessage],
  ['brvlan-set-state', BRIDGED, vlanDbMessage],
  ['brvlan-set-range', BRIDGED, vlanDbMessage],
  ['brvlan-global-set', BRIDGE_ONLY, vlanDbMessage],
  ['brvlan-show', BRIDGE_ONLY, bridgeLinkMessage],
  ['brvlan-show-c', BRIDGE_ONLY, bridgeLinkMessage],
  ['brvlan-tunnelshow', BRIDGE_ONLY, bridgeLinkMessage],
  ['brvlan-show-d', BRIDGE_ONLY, vlanDbDumpMessage],
  ['brvlan-show-dev', BRIDGED, vlanDbDumpMessage],
  ['brvlan-global-show', BRIDGE_ONLY, vlanDbDumpMessage],
  ['brlink-set-many', TWO_PORTS, bridgePortLinkMessage],
  ['brlink-set-state', TWO_PORTS, bridgePortLinkMessage],
  ['brlink-set-hwmode', TWO_PORTS, bridgePortLinkMessage],
  ['brlink-set-nobackup', TWO_PORTS, bridgePortLinkMessage],
  ['brlink-show', TWO_PORTS, bridgePortLinkMessage],
];

/** The `bridge` command line a fixture was captured from (its first comment line). */
function commandOf(name: string): string[] {
  const first = readFixtureHead(name);
  const m = /^# bridge (.*)$/.exec(first);
  if (!m?.[1]) throw new Error(`fixture ${name} was not captured from bridge: ${first}`);
  return m[1].split(' ');
}

function readFixtureHead(name: string): string {
  const path = fileURLToPath(new URL(`../../../test/fixtures/iproute2/${name}.hex`, import.meta.url));
  return readFileSync(path, 'utf8').split('\n')[0] ?? '';
}

for (const [fixture, links, schema] of SAME_AS_IPROUTE2) {
  const argv = commandOf(fixture);
  test(`nlink-bridge ${argv.join(' ')}: the request equals bridge's`, async () => {
    const { run, request } = await lastBridgeRequest(argv, links);
    assert.equal(run.err, '');
    assert.equal(run.code, 0);
    assert.deepEqual(diffFixture(request, fixture, schema), []);
  });
}

test('the comparison sees a different value', async () => {
  const { request } = await lastBridgeRequest(['vlan', 'add', 'vid', '11', 'dev', 'd0'], BRIDGED);
  assert.notDeepEqual(diffFixture(request, 'brvlan-add-plain', bridgeLinkMessage), []);
});

test("usage mistakes are bridge's messages and exit codes, and change nothing", async () => {
  const cases: [string, number, string][] = [
    ['foo', 255, 'Object "foo" is unknown, try "nlink-bridge help".\n'],
    ['-foo fdb', 255, 'Option "-foo" is unknown, try "nlink-bridge help".\n'],
    ['fdb foo', 255, 'Command "foo" is unknown, try "nlink-bridge fdb help".\n'],
    ['fdb help', 255, 'Usage: nlink-bridge fdb { add | append | del | replace } ADDR dev DEV\n'],
    ['fdb add 02:00:00:00:00:01', 255, 'Device and address are required arguments.\n'],
    ['fdb add zz dev d0', 255, 'Invalid mac address zz\n'],
    ['fdb add 02:00:00:00:00:01 dev nosuch', 255, 'Cannot find device "nosuch"\n'],
    ['fdb add 02:00:00:00:00:01 dev d0 vni 16777216', 255, 'Error: argument "16777216" is wrong: invalid VNI\n'],
    ['fdb add 02:00:00:00:00:01 dev d0 port 70000', 255, 'Error: argument "70000" is wrong: invalid port\n'],
    ['fdb add 02:00:00:00:00:01 dev d0 nhid 1 vni 5', 255, 'dst, port, vni are mutually exclusive with nhid\n'],
    [
      'fdb add 02:00:00:00:00:01 dev d0 vlan 1 vlan 2',
      255,
      'Error: either "vlan" is duplicate, or "vlan" is a garbage.\n',
    ],
    ['fdb show state foo', 255, 'Error: argument "foo" is wrong: invalid state\n'],
    ['fdb show br nosuch', 255, 'Cannot find bridge device "nosuch"\n'],
    ['fdb show vlan 1 vlan 2', 255, 'Error: duplicate "vlan": "2" is the second value.\n'],
    ['fdb flush', 255, 'Device is a required argument.\n'],
    ['fdb flush dev br0 vlan 5000', 255, 'Invalid VLAN ID "5000"\n'],
    ['fdb flush dev br0 brport nosuch', 255, 'Cannot find bridge port device "nosuch"\n'],
    ['fdb get 02:00:00:00:00:01', 255, 'Device or master and address are required arguments.\n'],
    ['mdb add dev br0 port d0', 255, 'Device, group address and port name are required arguments.\n'],
    ['mdb add dev br0 port d0 grp 1.2.3', 255, 'Invalid address "1.2.3"\n'],
    ['mdb add dev br0 port d0 grp 239.1.1.1 src x', 255, 'Invalid source address "x"\n'],
    ['mdb show dev br0 dev br0', 255, 'Error: duplicate "dev": "br0" is the second value.\n'],
    ['vlan add vid 10', 255, 'Device and VLAN ID are required arguments.\n'],
    ['vlan add vid 5000 dev d0', 255, 'Invalid VLAN ID "5000"\n'],
    ['vlan add vid 20-10 dev d0', 255, 'Invalid VLAN range "20-10"\n'],
    ['vlan add vid 10-20 dev d0 pvid', 255, 'pvid cannot be configured for a vlan range\n'],
    ['vlan add vid 10 dev nosuch', 255, 'Cannot find bridge device "nosuch"\n'],
    ['vlan add vid 10 dev vx0 tunnel_info foo', 255, 'Error: argument "foo" is wrong: tunnel id expected\n'],
    ['vlan add vid 10 dev d0 tunnel_info id 16777216', 255, 'Error: argument "16777216" is wrong: invalid tun id\n'],
    ['vlan set vid 10 dev d0 state foo', 255, 'Error: invalid STP state\n'],
    ['vlan set vid 10 dev nosuch', 255, 'Cannot find network device "nosuch"\n'],
    ['vlan set vid 10 dev d0 mcast_router 300', 255, 'Error: argument "300" is wrong: invalid mcast_router\n'],
    ['vlan global set vid 10 dev br0 mcast_snooping x', 255, 'Error: argument "x" is wrong: invalid mcast_snooping\n'],
    ['vlan global foo', 255, 'Usage: nlink-bridge vlan { add | del } vid VLAN_ID dev DEV'],
    ['link set dev d0 state foo', 255, 'Error: invalid STP port state\n'],
    ['link set dev d0 hwmode foo', 255, 'Mode argument must be "vepa" or "veb".\n'],
    ['link set dev d0 backup_port nosuch', 255, 'Error: device nosuch does not exist\n'],
    ['link set cost 5', 255, 'Device is a required argument.\n'],
    ['link set dev nosuch cost 5', 255, 'Cannot find bridge device "nosuch"\n'],
    ['link set dev d0 learning maybe', 234, 'Error: argument of "learning" must be one of "off", "on", not "maybe"\n'],
    ['link set dev d0 foo', 255, 'Usage: nlink-bridge link set dev DEV'],
    ['link show dev nosuch', 255, 'Cannot find device "nosuch"\n'],
    ['link show dev', 255, 'Command line is not complete. Try option "help"\n'],
    ['link show dev d0 dev d0', 255, 'Error: duplicate "dev": "d0" is the second value.\n'],
  ];
  for (const [command, code, err] of cases) {
    const fake = fakeBridgeKernel(TWO_PORTS);
    const run = await nlinkBridge(command.split(' '), fake);
    assert.equal(run.code, code, `${command}: ${run.err}`);
    assert.ok(run.err.startsWith(err), `${command}: ${JSON.stringify(run.err)}`);
    const changes = fake.sent.filter((m) => m.header.type !== RTM.GETLINK);
    assert.deepEqual(changes, [], `${command} sent a request`);
  }
});

test('-V, -help and global options', async () => {
  const v = await nlinkBridge(['-V']);
  assert.match(v.out, /^nlink-bridge utility, nlink-\d/);
  const help = await nlinkBridge(['-help']);
  assert.equal(help.code, 255);
  assert.match(help.err, /^Usage: nlink-bridge \[ OPTIONS \] OBJECT/);
  const ns = await nlinkBridge(['-n', 'nlink-no-such-namespace', 'fdb']);
  assert.equal(ns.code, 255);
  assert.match(ns.err, /^Cannot open network namespace "nlink-no-such-namespace": No such file or directory/);
  for (const opt of ['-c', '-color', '-color=never', '-t', '-com']) {
    const fake = fakeBridgeKernel(BRIDGED);
    const run = await nlinkBridge([opt, 'vlan', 'show'], fake);
    assert.equal(run.code, 0, `${opt}: ${run.err}`);
  }
  const fake = fakeBridgeKernel(BRIDGED);
  await nlinkBridge(['-com', 'vlan', 'show'], fake);
  assert.deepEqual(
    diffFixture(fake.sent.at(-1)?.raw ?? Buffer.alloc(0), 'brvlan-show-c', bridgeLinkMessage),
    [],
    '-com is -compressvlans',
  );
  const unsupported = await nlinkBridge(['vni']);
  assert.equal(unsupported.code, 255);
  assert.equal(unsupported.err, 'Object "vni" is not implemented by nlink-bridge yet.\n');
});

test('kernel errors exit 255 with our typed message; fdb get exits 254', async () => {
  const frames = await import('../../src/testing/frames.js');
  /** A fake kernel refusing neighbour requests with ENOENT (one per run: a run closes its socket). */
  const refusing = () => {
    const fake = fakeBridgeKernel(BRIDGED);
    const answer = fake.onRequest;
    fake.onRequest = (req, socket) =>
      req.header.type === RTM.NEWNEIGH || req.header.type === RTM.GETNEIGH
        ? [frames.error(req, 2)]
        : (answer?.(req, socket) ?? []);
    return fake;
  };
  const add = await nlinkBridge(['fdb', 'add', '02:00:00:00:00:01', 'dev', 'd0'], refusing());
  assert.equal(add.code, 255);
  assert.equal(add.err, 'Error: add fdb entry 02:00:00:00:00:01 dev d0: No such file or directory (ENOENT)\n');
  const get = await nlinkBridge(['fdb', 'get', '02:00:00:00:00:01', 'dev', 'd0'], refusing());
  assert.equal(get.code, 254);
  const show = await nlinkBridge(['fdb', 'show'], refusing());
  assert.equal(show.code, 1);
  assert.match(show.err, /Dump terminated\n$/);
});
