/**
 * Typed events of every family on the real kernel, and the watch cache's
 * keys: an event and a dump of the same object land on the same key, a
 * deletion removes it.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AF } from '../../src/core/constants.js';
import { Store } from '../../src/events/store.js';
import '../../src/index.js';
import { type NetworkEvent, RtnetlinkGroup } from '../../src/route/events.js';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { describeStore, dumpKeys, freshStore, tool, waitFor } from './event-lab.js';

const skip = skipUnlessIntegration();

/** A short description of an event, for matching what a change announced. */
function describe(e: NetworkEvent): string {
  switch (e.type) {
    case 'NewNeighbor':
    case 'DelNeighbor':
      return `${e.type} ${e.neighbor.family} ${e.neighbor.destination}`;
    case 'NewFdb':
    case 'DelFdb':
      return `${e.type} ${e.fdb.family} ${e.fdb.mac} ${e.fdb.fdbState}`;
    case 'NewMdb':
    case 'DelMdb':
      return `${e.type} ${e.mdb.entries.map((m) => m.group).join(',')}`;
    case 'NewRule':
    case 'DelRule':
      return `${e.type} ${e.rule.priority} ${e.rule.from}`;
    case 'NewNsid':
    case 'DelNsid':
      return `${e.type} ${e.nsid}`;
    case 'NewQdisc':
    case 'DelQdisc':
    case 'NewClass':
    case 'DelClass':
      return `${e.type} ${e.tc.kind} ${e.tc.handle.toString(16)}`;
    default:
      return e.type;
  }
}

test('neighbour, FDB, MDB, rule, nsid and tc changes arrive as typed events', { skip, timeout: 30_000 }, async () => {
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    conn.subscribeAll();
    const seen: string[] = [];
    const consumer = (async () => {
      for await (const e of conn.events()) seen.push(describe(e));
    })();
    const ip = (...args: string[]) => tool(ns.name, 'ip', ...args);
    ip('link', 'add', 'br0', 'type', 'bridge');
    ip('link', 'add', 'v1', 'type', 'veth', 'peer', 'name', 'v2');
    ip('link', 'set', 'v1', 'master', 'br0');
    for (const dev of ['br0', 'v1', 'v2']) ip('link', 'set', dev, 'up');
    ip('address', 'add', '10.9.0.1/24', 'dev', 'v2');
    const expect = async (line: string) =>
      assert.ok(await waitFor(() => seen.includes(line)), `${line} not among ${JSON.stringify(seen)}`);

    tool(ns.name, 'bridge', 'fdb', 'add', '02:00:00:00:00:aa', 'dev', 'v1', 'master', 'static');
    await expect(`NewFdb ${AF.BRIDGE} 02:00:00:00:00:aa static`);
    tool(ns.name, 'bridge', 'fdb', 'del', '02:00:00:00:00:aa', 'dev', 'v1', 'master');
    await expect(`DelFdb ${AF.BRIDGE} 02:00:00:00:00:aa static`);

    ip('neigh', 'add', '10.9.0.9', 'lladdr', '02:00:00:00:00:09', 'dev', 'v2');
    await expect(`NewNeighbor ${AF.INET} 10.9.0.9`);
    ip('neigh', 'del', '10.9.0.9', 'dev', 'v2');
    await expect(`DelNeighbor ${AF.INET} 10.9.0.9`);

    tool(ns.name, 'bridge', 'mdb', 'add', 'dev', 'br0', 'port', 'v1', 'grp', '239.1.1.1', 'permanent');
    await expect('NewMdb 239.1.1.1');
    tool(ns.name, 'bridge', 'mdb', 'del', 'dev', 'br0', 'port', 'v1', 'grp', '239.1.1.1');
    await expect('DelMdb 239.1.1.1');

    ip('rule', 'add', 'pref', '1234', 'from', '10.7.0.0/16', 'table', '77');
    await expect('NewRule 1234 10.7.0.0/16');
    ip('rule', 'del', 'pref', '1234');
    await expect('DelRule 1234 10.7.0.0/16');

    tool(ns.name, 'tc', 'qdisc', 'add', 'dev', 'v2', 'root', 'handle', '1:', 'htb');
    await expect('NewQdisc htb 10000');
    tool(ns.name, 'tc', 'class', 'add', 'dev', 'v2', 'parent', '1:', 'classid', '1:1', 'htb', 'rate', '1mbit');
    await expect('NewClass htb 10001');
    tool(ns.name, 'tc', 'class', 'del', 'dev', 'v2', 'classid', '1:1');
    await expect('DelClass htb 10001');
    tool(ns.name, 'tc', 'qdisc', 'del', 'dev', 'v2', 'root');
    await expect('DelQdisc htb 10000');

    await withNamespace(async (peer) => {
      ip('netns', 'set', peer.name, '7');
      await expect('NewNsid 7');
    });
    // The peer's id is released when the kernel has destroyed the namespace.
    await expect('DelNsid 7');
    conn.close();
    await consumer;
  });
});

const CACHED_GROUPS = [
  RtnetlinkGroup.Ipv4Addr,
  RtnetlinkGroup.Ipv6Addr,
  RtnetlinkGroup.Ipv4Route,
  RtnetlinkGroup.Ipv6Route,
  RtnetlinkGroup.Nexthop,
  RtnetlinkGroup.Neigh,
  RtnetlinkGroup.Ipv4Rule,
  RtnetlinkGroup.Ipv6Rule,
];

test('store keys: events and dumps of the same objects land on the same keys; deletions remove them', {
  skip,
  timeout: 30_000,
}, async () => {
  await withNamespace(async (ns) => {
    const ip = (...args: string[]) => tool(ns.name, 'ip', ...args);
    ip('link', 'set', 'lo', 'up');
    ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
    ip('link', 'set', 'va', 'up');
    ip('link', 'set', 'vb', 'up');
    // The kernel creates the NOARP entries of IPv6 multicast groups (ff02::...) without
    // announcing them (it announces their removal): no event stream can know them.
    const announced = (key: string) => !/^neigh\/\d+\/ff02:/.test(key);
    const conn = ns.connection();
    const store = new Store();
    const consumer = (async () => {
      for await (const item of conn.eventsWithResync({ groups: CACHED_GROUPS })) store.apply(item);
    })();
    const initial = (await dumpKeys(ns, CACHED_GROUPS)).filter(announced);
    assert.ok(
      await waitFor(() => store.keys().filter(announced).sort().join() === initial.join()),
      'initial sync equals a dump',
    );

    const changes = [
      ['address', 'add', '10.1.0.1/24', 'dev', 'va'],
      ['address', 'add', '10.1.0.5', 'peer', '10.9.9.9/32', 'dev', 'va'],
      ['-6', 'address', 'add', '2001:db8::1/64', 'dev', 'va', 'nodad'],
      ['route', 'add', '10.2.0.0/16', 'via', '10.1.0.2', 'metric', '5'],
      ['route', 'add', '10.2.0.0/16', 'via', '10.1.0.3', 'metric', '6'],
      ['route', 'add', '10.4.0.0/16', 'via', '10.1.0.2', 'table', '300'],
      ['-6', 'route', 'add', '2001:db8:5::/48', 'via', '2001:db8::2'],
      ['-6', 'route', 'append', '2001:db8:5::/48', 'via', '2001:db8::3'],
      ['nexthop', 'add', 'id', '5', 'via', '10.1.0.3', 'dev', 'va'],
      ['nexthop', 'add', 'id', '6', 'group', '5'],
      ['route', 'add', '10.3.0.0/16', 'nhid', '6'],
      ['neigh', 'add', '10.1.0.9', 'lladdr', '02:00:00:00:00:09', 'dev', 'va'],
      ['-6', 'neigh', 'add', '2001:db8::9', 'lladdr', '02:00:00:00:00:09', 'dev', 'va'],
      ['rule', 'add', 'pref', '1000', 'from', '10.5.0.0/16', 'table', '100'],
      ['rule', 'add', 'pref', '1000', 'from', '10.6.0.0/16', 'table', '100'],
      ['-6', 'rule', 'add', 'pref', '1001', 'to', '2001:db8:7::/48', 'table', '101'],
    ];
    for (const c of changes) ip(...c);
    let difference = '';
    const settled = async () => {
      const dump = (await dumpKeys(ns, CACHED_GROUPS)).filter(announced);
      const cached = store.keys().filter(announced).sort();
      difference = JSON.stringify({
        duplicateKeys: dump.filter((k, i) => dump[i - 1] === k),
        onlyCached: cached.filter((k) => !dump.includes(k)),
        onlyDumped: dump.filter((k) => !cached.includes(k)),
      });
      return dump.length === new Set(dump).size && cached.join() === dump.join();
    };
    assert.ok(await waitFor(settled), `after the additions the store equals a fresh dump: ${difference}`);
    const withObjects = store.keys();
    for (const key of [
      'addr/',
      'route/inet/300/10.4.0.0/16',
      'route/inet6/254/2001:db8:5::/48',
      'nh/6',
      'neigh/',
      'rule/inet/1000',
      'rule/inet6/1001',
    ]) {
      assert.ok(
        withObjects.some((k) => k.startsWith(key)),
        key,
      );
    }
    assert.deepEqual(
      describeStore(store).filter(announced),
      describeStore(await freshStore(ns, CACHED_GROUPS)).filter(announced),
    );

    for (const c of [
      ['rule', 'del', 'pref', '1000', 'from', '10.6.0.0/16'],
      ['-6', 'rule', 'del', 'pref', '1001'],
      ['-6', 'neigh', 'del', '2001:db8::9', 'dev', 'va'],
      ['route', 'del', '10.3.0.0/16'],
      ['nexthop', 'del', 'id', '6'],
      ['-6', 'route', 'del', '2001:db8:5::/48', 'via', '2001:db8::3'],
      ['route', 'del', '10.2.0.0/16', 'metric', '6'],
      ['address', 'del', '10.1.0.5', 'peer', '10.9.9.9/32', 'dev', 'va'],
    ]) {
      ip(...c);
    }
    assert.ok(await waitFor(settled), `after the deletions the store equals a fresh dump: ${difference}`);
    const after = store.keys();
    assert.ok(after.length < withObjects.length);
    assert.ok(!after.some((k) => k.startsWith('nh/6') || k.startsWith('rule/inet6/1001')));
    assert.ok(
      after.some((k) => k.startsWith('rule/inet/1000')),
      'the other rule of the same priority stays',
    );
    assert.deepEqual(
      describeStore(store).filter(announced),
      describeStore(await freshStore(ns, CACHED_GROUPS)).filter(announced),
    );
    conn.close();
    await consumer;
  });
});
