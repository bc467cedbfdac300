import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AF, RTM } from '../../../src/core/constants.js';
import { InvalidArgumentError } from '../../../src/errors.js';
import {
  BRIDGE_VLAN_INFO,
  BRIDGE_VLANDB_DUMPF,
  bridgeLinkMessage,
  vlanDbDumpMessage,
  vlanDbMessage,
} from '../../../src/route/bridge/schema.js';
import { stpStateName } from '../../../src/route/bridge/vlan.js';
import type { MessageSchema } from '../../../src/schema/message.js';
import type { Connection } from '../../../src/session/connection.js';
import type { Route } from '../../../src/session/protocol.js';
import * as frames from '../../../src/testing/frames.js';
import { diffIproute2, encode, fakeRoute, lastSent } from '../neigh/kernel.js';

/** `ip link add br0 type bridge; ip link add d0 type veth peer name d1; ip link set d0 master br0`. */
const BRIDGED = { lo: 1, br0: 2, d1: 3, d0: 4 };
/** `ip link add br0 type bridge; ip link add vx0 type vxlan external ...; ip link set vx0 master br0`. */
const VXLAN_PORT = { lo: 1, br0: 2, vx0: 3 };

// biome-ignore lint/suspicious/noExplicitAny: a list of requests checked against message schemas of several types.
type AnySchema = MessageSchema<any, any>;
const SAME_AS_IPROUTE2: readonly [
  string,
  Record<string, number>,
  AnySchema,
  (c: Connection<Route>) => Promise<unknown>,
  boolean?,
][] = [
  [
    'brvlan-add',
    BRIDGED,
    bridgeLinkMessage,
    (c) => c.addBridgeVlan({ dev: 'd0', vid: 10, pvid: true, untagged: true }),
  ],
  ['brvlan-add-plain', BRIDGED, bridgeLinkMessage, (c) => c.addBridgeVlan({ dev: 'd0', vid: 10 })],
  [
    'brvlan-add-range',
    BRIDGED,
    bridgeLinkMessage,
    (c) => c.addBridgeVlan({ dev: 'd0', vid: 10, vidEnd: 20, untagged: true }),
  ],
  ['brvlan-add-self', BRIDGED, bridgeLinkMessage, (c) => c.addBridgeVlan({ dev: 'br0', vid: 30, self: true })],
  [
    'brvlan-add-master',
    BRIDGED,
    bridgeLinkMessage,
    (c) => c.addBridgeVlan({ dev: 'd0', vid: 30, master: true, self: true }),
  ],
  ['brvlan-del', BRIDGED, bridgeLinkMessage, (c) => c.delBridgeVlan({ dev: 'd0', vid: 10 })],
  ['brvlan-del-range', BRIDGED, bridgeLinkMessage, (c) => c.delBridgeVlan({ dev: 'd0', vid: 10, vidEnd: 20 })],
  ['brvlan-tunnel', VXLAN_PORT, bridgeLinkMessage, (c) => c.addBridgeVlan({ dev: 'vx0', vid: 10, tunnelId: 1000 })],
  [
    'brvlan-tunnel-range',
    VXLAN_PORT,
    bridgeLinkMessage,
    (c) => c.addBridgeVlan({ dev: 'vx0', vid: 10, vidEnd: 12, tunnelId: 1000 }),
  ],
  ['brvlan-tunnel-del', VXLAN_PORT, bridgeLinkMessage, (c) => c.delBridgeVlan({ dev: 'vx0', vid: 10, tunnelId: 1000 })],
  ['brvlan-set-state', BRIDGED, vlanDbMessage, (c) => c.setBridgeVlan({ dev: 'd0', vid: 10, state: 3 })],
  [
    'brvlan-set-range',
    BRIDGED,
    vlanDbMessage,
    (c) => c.setBridgeVlan({ dev: 'd0', vid: 10, vidEnd: 20, state: 'blocking', mcastRouter: 2 }),
  ],
  [
    'brvlan-global-set',
    BRIDGED,
    vlanDbMessage,
    (c) =>
      c.setBridgeVlanGlobal({
        bridge: 'br0',
        vid: 10,
        mcastSnooping: true,
        mcastIgmpVersion: 3,
        mcastMldVersion: 2,
        mcastLastMemberCount: 3,
        mcastStartupQueryCount: 4,
        mcastLastMemberInterval: 100,
        mcastMembershipInterval: 26000,
        mcastQuerierInterval: 25500,
        mcastQueryInterval: 12500,
        mcastQueryResponseInterval: 1000,
        mcastStartupQueryInterval: 3125n,
        mcastQuerier: true,
      }),
  ],
  ['brvlan-show', BRIDGED, bridgeLinkMessage, (c) => c.getBridgeVlans(), true],
  ['brvlan-tunnelshow', BRIDGED, bridgeLinkMessage, (c) => c.getBridgeVlans(), true],
  ['brvlan-show-c', BRIDGED, bridgeLinkMessage, (c) => c.getBridgeVlans({ compressed: true }), true],
  ['brvlan-show-d', BRIDGED, vlanDbDumpMessage, (c) => c.getBridgeVlanOptions(), true],
  ['brvlan-global-show', BRIDGED, vlanDbDumpMessage, (c) => c.getBridgeVlanGlobalOptions(), true],
];

for (const [name, links, schema, body, ackless] of SAME_AS_IPROUTE2) {
  test(`${name}: the same request as iproute2 sends`, async () => {
    const ours = await lastSent(body, links);
    assert.deepEqual(diffIproute2(ours, name, schema, { ackless: ackless ?? false }), []);
  });
}

test('the comparison descends into IFLA_AF_SPEC and the VLAN database nests', async () => {
  const vlan = await lastSent((c) => c.addBridgeVlan({ dev: 'd0', vid: 11, pvid: true, untagged: true }), BRIDGED);
  assert.deepEqual(diffIproute2(vlan, 'brvlan-add', bridgeLinkMessage), ['afSpec.vlanInfo: 06000b00 != 06000a00']);
  const tunnel = await lastSent((c) => c.addBridgeVlan({ dev: 'vx0', vid: 10, tunnelId: 1001 }), VXLAN_PORT);
  assert.deepEqual(diffIproute2(tunnel, 'brvlan-tunnel', bridgeLinkMessage), [
    'afSpec.tunnelInfo.id: e9030000 != e8030000',
  ]);
  const state = await lastSent((c) => c.setBridgeVlan({ dev: 'd0', vid: 10, state: 'learning' }), BRIDGED);
  assert.deepEqual(diffIproute2(state, 'brvlan-set-state', vlanDbMessage), ['entry(0x8001).state: 02 != 03']);
});

test('a dump of one port filters by ifindex in the kernel, where iproute2 filters itself', async () => {
  const ours = await lastSent((c) => c.getBridgeVlanOptions({ dev: 'd0' }), BRIDGED);
  assert.deepEqual(diffIproute2(ours, 'brvlan-show-dev', vlanDbDumpMessage, { ackless: true }), [
    'header: 0700000004000000 != 0700000000000000',
  ]);
  const stats = await lastSent((c) => c.getBridgeVlanOptions({ stats: true }), BRIDGED);
  assert.equal(vlanDbDumpMessage.decode(stats.subarray(16)).attrs.flags, BRIDGE_VLANDB_DUMPF.STATS);
});

test('port VLAN lists decode with ranges collapsed, tunnels too', async () => {
  const { RANGE_BEGIN, RANGE_END, PVID, UNTAGGED } = BRIDGE_VLAN_INFO;
  const port = encode(bridgeLinkMessage, {
    header: { family: AF.BRIDGE, index: 4 },
    attrs: {
      ifname: 'd0',
      master: 2,
      afSpec: {
        vlanInfo: [
          { flags: PVID | UNTAGGED, vid: 1 },
          { flags: RANGE_BEGIN, vid: 10 },
          { flags: RANGE_END, vid: 20 },
          { flags: UNTAGGED, vid: 30 },
        ],
        tunnelInfo: [
          { id: 1000, vid: 10, flags: RANGE_BEGIN },
          { id: 1010, vid: 20, flags: RANGE_END },
          { id: 5000, vid: 30, flags: 0 },
        ],
      },
    },
  });
  const bridge = encode(bridgeLinkMessage, { header: { family: AF.BRIDGE, index: 2 }, attrs: { ifname: 'br0' } });
  const { conn } = fakeRoute(BRIDGED, (req) => [
    frames.reply(req, RTM.NEWLINK, bridge, { multi: true }),
    frames.reply(req, RTM.NEWLINK, port, { multi: true }),
    frames.done(req),
  ]);
  const [br0, d0] = await conn.getBridgeVlans();
  assert.deepEqual([br0?.name, br0?.vlans, br0?.tunnels, br0?.master], ['br0', [], [], undefined]);
  assert.ok(d0);
  assert.deepEqual(d0.vlans, [
    { vid: 1, vidEnd: 1, pvid: true, untagged: true, flags: PVID | UNTAGGED },
    { vid: 10, vidEnd: 20, pvid: false, untagged: false, flags: 0 },
    { vid: 30, vidEnd: 30, pvid: false, untagged: true, flags: UNTAGGED },
  ]);
  assert.deepEqual(d0.tunnels, [
    { vid: 10, vidEnd: 20, tunnelId: 1000, tunnelIdEnd: 1010 },
    { vid: 30, vidEnd: 30, tunnelId: 5000, tunnelIdEnd: 5000 },
  ]);
  assert.equal(d0.master, 2);
  assert.deepEqual(JSON.parse(JSON.stringify(d0)).vlans.length, 3);
  assert.deepEqual(
    (await conn.getBridgeVlans({ dev: 'd0' })).map((p) => p.ifindex),
    [4],
  );
  conn.close();
});

test('per-VLAN and global options decode from RTM_NEWVLAN dumps', async () => {
  const portMsg = encode(vlanDbMessage, {
    header: { family: AF.BRIDGE, ifindex: 4 },
    attrs: {
      entry: [
        {
          info: { flags: BRIDGE_VLAN_INFO.PVID, vid: 1 },
          state: 3,
          mcastRouter: 1,
          stats: { rxBytes: 10n, rxPackets: 1n, txBytes: 20n, txPackets: 2n },
        },
        { info: { flags: 0, vid: 10 }, range: 20, state: 4, tunnelInfo: { id: 1000 } },
      ],
    },
  });
  const globalMsg = encode(vlanDbMessage, {
    header: { family: AF.BRIDGE, ifindex: 2 },
    attrs: {
      globalOptions: [
        { id: 10, range: 12, mcastSnooping: 1, mcastQuerier: 0, mcastIgmpVersion: 3, mcastQueryIntvl: 12500n, msti: 4 },
      ],
    },
  });
  const { conn } = fakeRoute(BRIDGED, (req) => {
    const global = vlanDbDumpMessage.decode(req.payload).attrs.flags === BRIDGE_VLANDB_DUMPF.GLOBAL;
    return [frames.reply(req, RTM.NEWVLAN, global ? globalMsg : portMsg, { multi: true }), frames.done(req)];
  });
  const [one, range] = await conn.getBridgeVlanOptions({ stats: true });
  assert.deepEqual(one, {
    ifindex: 4,
    vid: 1,
    vidEnd: 1,
    pvid: true,
    untagged: false,
    flags: BRIDGE_VLAN_INFO.PVID,
    state: 'forwarding',
    mcastRouter: 1,
    tunnelId: undefined,
    stats: { rxBytes: 10n, rxPackets: 1n, txBytes: 20n, txPackets: 2n },
  });
  assert.deepEqual(
    [range?.vid, range?.vidEnd, range?.state, range?.tunnelId, range?.stats],
    [10, 20, 'blocking', 1000, undefined],
  );
  const [g] = await conn.getBridgeVlanGlobalOptions({ bridge: 'br0' });
  assert.deepEqual(
    [
      g?.ifindex,
      g?.vid,
      g?.vidEnd,
      g?.mcastSnooping,
      g?.mcastQuerier,
      g?.mcastIgmpVersion,
      g?.mcastQueryInterval,
      g?.msti,
    ],
    [2, 10, 12, true, false, 3, 12500n, 4],
  );
  assert.equal(g?.mcastMldVersion, undefined);
  conn.close();
});

test('bad VLAN ids, ranges, tunnel ids and states are refused before sending', async () => {
  const { conn, fake } = fakeRoute(BRIDGED);
  for (const bad of [
    { dev: 'd0', vid: 0 },
    { dev: 'd0', vid: 4095 },
    { dev: 'd0', vid: 20, vidEnd: 10 },
    { dev: 'd0', vid: 1, vidEnd: 2, tunnelId: 0xffffffff },
    { dev: 'd0', vid: 1, tunnelId: -1 },
  ]) {
    await assert.rejects(conn.addBridgeVlan(bad), InvalidArgumentError, JSON.stringify(bad));
  }
  await assert.rejects(conn.setBridgeVlan({ dev: 'd0', vid: 1, state: 'sleeping' as never }), InvalidArgumentError);
  assert.equal(fake.sent.length, 0);
  conn.close();
});

test('errors name the operation and the VLANs', async () => {
  const { conn } = fakeRoute(BRIDGED, (req) => (req.header.type === RTM.GETLINK ? undefined : [frames.error(req, 95)]));
  await assert.rejects(conn.addBridgeVlan({ dev: 'd0', vid: 10, vidEnd: 20 }), {
    message: 'add bridge vlan 10-20 dev d0: Operation not supported (EOPNOTSUPP)',
  });
  await assert.rejects(conn.setBridgeVlanGlobal({ bridge: 2, vid: 5 }), {
    message: 'set bridge vlan global options 5 dev ifindex 2: Operation not supported (EOPNOTSUPP)',
  });
  conn.close();
});

test('STP state names', () => {
  assert.equal(stpStateName(0), 'disabled');
  assert.equal(stpStateName(4), 'blocking');
  assert.equal(stpStateName(9), undefined);
});
