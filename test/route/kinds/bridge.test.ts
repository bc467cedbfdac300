import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type BridgeOptions,
  bridgeData,
  bridgePortAttrs,
  bridgePortData,
} from '../../../src/route/link/kinds/bridge.js';
import { toObject } from '../../../src/schema/attrs.js';
import { BRIDGE_MANY, BRIDGE_PORT_MANY } from './configs.js';
import {
  fixtureLink,
  fixtureMessage,
  rejectsBeforeSending,
  sameAsIproute2,
  samePortRequestAsIproute2,
} from './helpers.js';

const MANY: BridgeOptions = BRIDGE_MANY;

test('bridge: the same requests as iproute2', async () => {
  await sameAsIproute2('bridge-basic', (c) => c.addLink({ name: 'b0', kind: 'bridge' }));
  await sameAsIproute2('bridge-stp', (c) =>
    c.addLink({
      name: 'b0',
      kind: 'bridge',
      stpState: 1,
      forwardDelay: 8,
      helloTime: 3,
      maxAge: 24,
      ageingTime: 60,
      priority: 4096,
    }),
  );
  await sameAsIproute2('bridge-many', (c) => c.addLink({ name: 'b0', kind: 'bridge', ...MANY }));
});

test('bridge: durations are seconds, sent as hundredths (rounded)', async () => {
  await assert.rejects(
    sameAsIproute2('bridge-stp', (c) =>
      c.addLink({
        name: 'b0',
        kind: 'bridge',
        stpState: 1,
        forwardDelay: 800,
        helloTime: 3,
        maxAge: 24,
        ageingTime: 60,
        priority: 4096,
      }),
    ),
    /forwardDelay: 80380100 != 20030000/,
  );
  await sameAsIproute2('bridge-stp', (c) =>
    c.addLink({
      name: 'b0',
      kind: 'bridge',
      stpState: 1,
      forwardDelay: 7.999,
      helloTime: 3.001,
      maxAge: 24,
      ageingTime: 60,
      priority: 4096,
    }),
  );
});

test('bridge: iproute2 requests decode to the options that made them', () => {
  const data = bridgeData(fixtureLink('bridge-many'));
  assert.ok(data);
  const { multiBoolopt, ...rest } = toObject(data) as Record<string, unknown>;
  const { noLinklocalLearn, mcastVlanSnooping, ...plain } = MANY;
  assert.deepEqual(rest, plain);
  // no_linklocal_learn (bit 0) and mcast_vlan_snooping (bit 1), both set and both changed.
  assert.deepEqual(multiBoolopt, { optval: 3, optmask: 3 });
  assert.equal(bridgeData(fixtureLink('veth-peer')), undefined);
});

test('bridge: bad options are rejected before anything is sent', async () => {
  const bad: Record<string, unknown>[] = [
    { priority: 70000 },
    { forwardDelay: -1 },
    { forwardDelay: Number.NaN },
    { vlanProtocol: '802.1x' },
    { vlanDefaultPvid: 4095 },
    { mcastIgmpVersion: 4 },
    { mcastMldVersion: 0 },
    { mcastRouter: 3 },
    { groupAddr: '01:80:c2:00:00' },
    { vlanFiltering: 1 },
    { noLinklocalLearn: 'yes' },
    { mcastLastMemberIntvl: 2 ** 60 },
  ];
  for (const options of bad) {
    await rejectsBeforeSending((c) => c.addLink({ name: 'b0', kind: 'bridge', ...(options as BridgeOptions) }));
  }
});

test('bridge: changes are the same request as `ip link set dev b0 type bridge ...`', async () => {
  const change = { fdbFlush: true, ageingTime: 30, mcastSnooping: false, noLinklocalLearn: false };
  await sameAsIproute2('bridge-set', (c) => c.setBridge('b0', change), { b0: 2 });
  await sameAsIproute2('bridge-set', (c) => c.setBridge(2, change));
  for (const bad of [{ fdbFlush: 1 }, { ageingTime: -1 }, { nosuch: true }, { vlanDefaultPvid: 5000 }]) {
    await rejectsBeforeSending((c) => c.setBridge('b0', bad as never), { b0: 2 });
  }
  await rejectsBeforeSending((c) => c.setBridge('bad/name', { ageingTime: 30 }), { b0: 2 });
});

const PORT_LINKS = { v0: 4, v2: 6 };

test('bridge port: the same requests as `ip link set dev v0 type bridge_slave ...`', async () => {
  await samePortRequestAsIproute2('bridge-port-cost', (c) => c.setBridgePort('v0', { cost: 5 }), PORT_LINKS);
  await samePortRequestAsIproute2('bridge-port-cost', (c) => c.setBridgePort(4, { cost: 5 }));
  await assert.rejects(
    samePortRequestAsIproute2('bridge-port-cost', (c) => c.setBridgePort(4, { cost: 6 })),
    /linkinfo\.portData\.cost: 06000000 != 05000000/,
  );
  await samePortRequestAsIproute2(
    'bridge-port',
    (c) =>
      c.setBridgePort('v0', {
        ...BRIDGE_PORT_MANY,
        backupPort: 'v2',
      }),
    PORT_LINKS,
  );
  await samePortRequestAsIproute2(
    'bridge-port-nobackup',
    (c) => c.setBridgePort('v0', { backupPort: null, flush: true, fastLeave: false }),
    PORT_LINKS,
  );
});

test('bridge port: iproute2 port settings decode', () => {
  const info = fixtureMessage('bridge-port').attrs.linkinfo;
  // iproute2 names the kind `bridge_slave` in IFLA_INFO_KIND and sends no IFLA_INFO_SLAVE_KIND.
  assert.equal(info?.kind, 'bridge_slave');
  assert.ok(info?.portData instanceof Uint8Array);
  const port = toObject(bridgePortAttrs.view(info.portData));
  assert.deepEqual(port, {
    ...BRIDGE_PORT_MANY,
    backupPort: 6,
  });
  assert.equal(bridgePortData(fixtureLink('bridge-port')), undefined, 'no IFLA_INFO_SLAVE_KIND: not a port dump');
});

test('bridge port: bad settings are rejected before anything is sent', async () => {
  const bad: Record<string, unknown>[] = [
    { state: 'stopped' },
    { priority: 64 },
    { cost: -1 },
    { multicastRouter: 4 },
    { hairpin: 'on' },
    { groupFwdMask: 0x10000 },
    { flush: 1 },
    { backupPort: 'bad/name' },
    { nosuch: 1 },
  ];
  for (const options of bad) {
    await rejectsBeforeSending((c) => c.setBridgePort('v0', options), PORT_LINKS);
  }
  await rejectsBeforeSending((c) => c.setBridgePort('x'.repeat(16), { cost: 1 }), PORT_LINKS);
  await rejectsBeforeSending((c) => c.setBridgePort('v0', null as never), PORT_LINKS);
});
