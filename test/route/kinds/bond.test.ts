import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type BondOptions, bondData, bondPortAttrs } from '../../../src/route/link/kinds/bond.js';
import { toObject } from '../../../src/schema/attrs.js';
import { BOND_ARP_BASE, BOND_LACP } from './configs.js';
import {
  fixtureLink,
  fixtureMessage,
  rejectsBeforeSending,
  sameAsIproute2,
  samePortRequestAsIproute2,
} from './helpers.js';

const LINKS = { v0: 3 };

const LACP: BondOptions = BOND_LACP;

/** Everything `ip link add bo0 type bond mode active-backup ...` of the bond-arp fixture sets. */
const ARP: BondOptions = { ...BOND_ARP_BASE, primary: 'v0', peerNotifDelay: 200, lpInterval: 2, packetsPerSlave: 3 };

test('bond: the same requests as iproute2', async () => {
  await sameAsIproute2('bond-basic', (c) => c.addLink({ name: 'bo0', kind: 'bond' }));
  await sameAsIproute2('bond-rr', (c) =>
    c.addLink({ name: 'bo0', kind: 'bond', mode: 'balance-rr', packetsPerSlave: 3 }),
  );
  await sameAsIproute2('bond-lacp', (c) => c.addLink({ name: 'bo0', kind: 'bond', ...LACP }));
  await sameAsIproute2('bond-arp', (c) => c.addLink({ name: 'bo0', kind: 'bond', ...ARP }), LINKS);
});

test('bond: target lists are numbered from 0, like iproute2 and the kernel', async () => {
  await assert.rejects(
    sameAsIproute2(
      'bond-arp',
      (c) => c.addLink({ name: 'bo0', kind: 'bond', ...ARP, arpIpTarget: ['10.0.0.2', '10.0.0.1'] }),
      LINKS,
    ),
    /arpIpTarget\.\[0\]: 0a000002 != 0a000001/,
  );
});

test('bond: iproute2 requests decode to the options that made them', () => {
  const { primary, ...arp } = ARP;
  assert.deepEqual(toObject(bondData(fixtureLink('bond-arp'))), { ...arp, primary: 3 });
  assert.deepEqual(toObject(bondData(fixtureLink('bond-lacp'))), LACP);
  assert.equal(bondData(fixtureLink('bond-basic'))?.mode, undefined);
});

test('bond: bad options are rejected before anything is sent', async () => {
  const bad: Record<string, unknown>[] = [
    { mode: 'round-robin' },
    { mode: 0 },
    { xmitHashPolicy: 'layer4' },
    { arpValidate: 'some' },
    { adLacpRate: 'medium' },
    { adSelect: 'best' },
    { primaryReselect: 'never' },
    { failOverMac: 'always' },
    { arpAllTargets: 'some' },
    { arpIpTarget: ['10.0.0.300'] },
    { arpIpTarget: Array.from({ length: 17 }, (_, i) => `10.0.0.${i + 1}`) },
    { nsIp6Target: ['10.0.0.1'] },
    { miimon: -1 },
    { numPeerNotif: 256 },
    { resendIgmp: 256 },
    { missedMax: 0 },
    { adActorSysPrio: 0 },
    { adUserPortKey: 1024 },
    { adActorSystem: '02:00:00:00:aa' },
    { lpInterval: 0 },
    { packetsPerSlave: 65536 },
    { useCarrier: 1 },
    { primary: 'bad/name' },
    { activeSlave: 0 },
  ];
  for (const options of bad) {
    await rejectsBeforeSending((c) => c.addLink({ name: 'bo0', kind: 'bond', ...(options as BondOptions) }), LINKS);
  }
});

test('bond port: the same request as `ip link set dev v0 type bond_slave queue_id 3 prio 7`', async () => {
  await samePortRequestAsIproute2('bond-port', (c) => c.setBondPort('v0', { queueId: 3, prio: 7 }), LINKS);
  await assert.rejects(
    samePortRequestAsIproute2('bond-port', (c) => c.setBondPort('v0', { queueId: 3, prio: 8 }), LINKS),
    /portData\.prio: 08000000 != 07000000/,
  );
  const info = fixtureMessage('bond-port').attrs.linkinfo;
  assert.ok(info?.portData instanceof Uint8Array);
  assert.deepEqual(toObject(bondPortAttrs.view(info.portData)), { queueId: 3, prio: 7 });
});

test('bond port: bad settings are rejected before anything is sent', async () => {
  for (const options of [{ queueId: 65536 }, { prio: 2 ** 31 }, { actorPortPrio: -1 }, { cost: 1 }]) {
    await rejectsBeforeSending((c) => c.setBondPort('v0', options), LINKS);
  }
  await rejectsBeforeSending((c) => c.setBondPort('bad/name', { queueId: 1 }), LINKS);
});
