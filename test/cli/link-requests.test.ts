import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NLM_F, RTM } from '../../src/core/constants.js';
import { linkMessage } from '../../src/route/link/schema.js';
import { diffWithFixture, type FakeLink, lastCliRequest, nlinkIp } from './helpers.js';

// The links of the namespaces the fixtures were captured in (veth d0/d1 get ifindex 3/2, then br0 4).
const LINKS: Readonly<Record<string, FakeLink>> = {
  lo: { index: 1, address: '00:00:00:00:00:00' },
  d1: { index: 2, address: '02:00:00:00:00:02' },
  d0: { index: 3, address: '02:00:00:00:00:03' },
  br0: { index: 4, address: '02:00:00:00:00:04', kind: 'bridge' },
};

/** Commands whose request must equal iproute2's, attribute for attribute (fixtures captured with scripts/capture-request.mjs). */
const SAME_AS_IPROUTE2: readonly [string, string][] = [
  ['cli-set-many', 'link set dev d0 up mtu 1400 txqueuelen 10 arp off'],
  ['cli-add-veth', 'link add v0 mtu 1400 address 02:00:00:00:00:01 type veth peer name v1 mtu 1300'],
  [
    'cli-add-bridge',
    'link add br0 up type bridge stp_state 1 forward_delay 400 priority 7 mcast_querier_interval 1000 vlan_filtering 1 no_linklocal_learn 1',
  ],
  [
    'cli-add-vxlan',
    'link add vx0 type vxlan id 42 remote 10.0.0.2 local 10.0.0.1 dstport 4789 ttl 10 tos 10 srcport 1000 2000 nolearning dev d0',
  ],
  ['cli-add-macvlan', 'link add mv0 link d0 type macvlan mode bridge bcqueuelen 100'],
  ['cli-set-port', 'link set d0 type bridge_slave cost 7 priority 3 learning off state 3'],
  ['cli-del', 'link del d0'],
  ['cli-set-master', 'link set d0 master br0 name d9'],
  ['cli-show-dump', 'link show type bridge master lo'],
];

for (const [fixture, command] of SAME_AS_IPROUTE2) {
  test(`nlink-ip ${command}: the request equals iproute2's`, async () => {
    const { run, request } = await lastCliRequest(command.split(' '), LINKS);
    assert.equal(run.err, '');
    // Dumps: the session always asks for an ack (NLM_F_ACK), iproute2 does not.
    if (request.readUInt16LE(4) === RTM.GETLINK) request.writeUInt16LE(request.readUInt16LE(6) & ~NLM_F.ACK, 6);
    assert.deepEqual(diffWithFixture(request, fixture), []);
  });
}

test('the comparison sees a different value', async () => {
  const { request } = await lastCliRequest('link set dev d0 up mtu 1500 txqueuelen 10 arp off'.split(' '), LINKS);
  assert.deepEqual(diffWithFixture(request, 'cli-set-many'), ['mtu: dc050000 != 78050000']);
});

test('add, set, replace and delete use the right message type and flags', async () => {
  const cases: [string, number, number][] = [
    ['link add d5 type ifb', RTM.NEWLINK, 0x601],
    ['link replace d5 type ifb', RTM.NEWLINK, 0x501],
    ['link change d0 up', RTM.NEWLINK, 0x1],
    ['link delete d0', RTM.DELLINK, 0x1],
  ];
  for (const [command, type, flags] of cases) {
    const { request } = await lastCliRequest(command.split(' '), LINKS);
    const header = { type: request.readUInt16LE(4), flags: request.readUInt16LE(6) & ~0x4 };
    assert.deepEqual(header, { type, flags }, command);
  }
});

test('a rename by name keeps the index and sends the new name; the same name sends none', async () => {
  const renamed = await lastCliRequest(['link', 'set', 'd0', 'name', 'd7'], LINKS);
  const m = linkMessage.decode(renamed.request.subarray(16));
  assert.equal(m.header.index, 3);
  assert.equal(m.attrs.ifname, 'd7');
  const same = await lastCliRequest(['link', 'set', 'dev', 'd0', 'name', 'd0', 'mtu', '1000'], LINKS);
  assert.equal(linkMessage.decode(same.request.subarray(16)).attrs.ifname, undefined);
});

test("usage mistakes are iproute2's messages and exit codes, and send nothing", async () => {
  const cases: [string, number, string][] = [
    ['link foo', 255, 'Command "foo" is unknown, try "nlink-ip link help".\n'],
    ['link add', 1, 'Not enough information: "type" argument is required\n'],
    ['link set', 255, 'Not enough information: "dev" argument is required.\n'],
    ['link del', 255, 'Not enough information: "dev" argument is required.\n'],
    ['link set d0 mtu abc', 255, 'Error: argument "abc" is wrong: Invalid "mtu" value\n\n'],
    ['link set d0 mtu 1 mtu 2', 255, 'Error: duplicate "mtu": "2" is the second value.\n'],
    ['link set d0 foo', 255, 'Error: either "dev" is duplicate, or "foo" is a garbage.\n'],
    ['link set d0 arp maybe', 1, 'Error: argument of "arp" must be "on" or "off", not "maybe"\n'],
    ['link set d0 carrier maybe', 22, 'Error: argument of "carrier" must be one of "off", "on", not "maybe"\n'],
    ['link set nosuch up', 1, 'Cannot find device "nosuch"\n'],
    ['link set d0 master nosuch', 255, 'Error: argument "nosuch" is wrong: Device does not exist\n\n'],
    ['link set d0 address zz', 1, '"zz" is invalid lladdr.\n'],
    ['link set d0 address 01:02', 1, 'Invalid address length 2 - must be 6 bytes\n'],
    [
      'link set d0 index 5',
      255,
      'index can be used only when creating devices or when moving device to another netns.\n',
    ],
    ['link add dev a name b type veth', 255, 'both "name" and "dev" cannot be used when creating devices.\n'],
    ['link add x type ifb foo', 1, 'Garbage instead of arguments "foo ...". Try "nlink-ip link help".\n'],
    ['link add x type bridge nosuch', 1, 'bridge: unknown command "nosuch"?\n'],
    ['link add x type bridge forward_delay x', 255, 'Error: argument "x" is wrong: invalid forward_delay\n'],
    ['link add x type veth foo', 1, 'Usage: ip link <options> type veth [peer <options>]\n'],
    ['link add x type vxlan dstport 1', 1, 'vxlan: missing virtual network identifier\n'],
    [
      'link add x type vxlan id 1 remote 239.1.1.1',
      255,
      'Error: argument "239.1.1.1" is wrong: invalid remote address\n',
    ],
    ['link add x type vxlan id 1 id 2', 255, 'Error: either "id" is duplicate, or "2" is a garbage.\n'],
    [
      'link add x type macvlan mode foo',
      1,
      'Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source", not "foo"\n',
    ],
    ['link show dev', 255, 'Command line is not complete. Try option "help"\n'],
    ['link show d0 d1', 255, 'Error: either "dev" is duplicate, or "d1" is a garbage.\n'],
    ['link show nosuch', 1, 'Device "nosuch" does not exist.\n'],
  ];
  for (const [command, code, err] of cases) {
    const fake = (await import('./helpers.js')).fakeKernel(LINKS);
    const run = await nlinkIp(command.split(' '), fake);
    assert.equal(run.code, code, command);
    assert.ok(run.err.startsWith(err), `${command}: ${JSON.stringify(run.err)}`);
    assert.ok(!fake.sent.some((m) => m.header.type !== RTM.GETLINK), `${command} sent a change`);
  }
});

test('kernel errors print our typed message and exit 2', async () => {
  const fake = (await import('./helpers.js')).fakeKernel(LINKS);
  const frames = await import('../../src/testing/frames.js');
  const answer = fake.onRequest;
  fake.onRequest = (req, socket) =>
    req.header.type === RTM.NEWLINK ? [frames.error(req, 17)] : (answer?.(req, socket) ?? []);
  const run = await nlinkIp(['link', 'add', 'd0', 'type', 'veth'], fake);
  assert.equal(run.code, 2);
  assert.equal(run.err, 'Error: add link d0 (veth): File exists (EEXIST)\n');
});
