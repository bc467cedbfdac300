/** Typed events decoded from fake multicast messages: every New/Del type of every family. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AF, RTM } from '../../src/core/constants.js';
import { Writer } from '../../src/core/writer.js';
import '../../src/index.js';
import { addressMessage } from '../../src/route/addr/schema.js';
import { mdbMessage } from '../../src/route/bridge/schema.js';
import type { NetworkEvent } from '../../src/route/events.js';
import { NUD, neighMessage } from '../../src/route/neigh/schema.js';
import { nexthopMessage } from '../../src/route/nexthop/schema.js';
import { nsidMessage } from '../../src/route/nsid/schema.js';
import { routeMessage } from '../../src/route/route/schema.js';
import { ruleMessage } from '../../src/route/rule/schema.js';
import { tcamsg, tcmsg } from '../../src/route/tc/message.js';
import type { MessageSchema } from '../../src/schema/message.js';
import { Connection } from '../../src/session/connection.js';
import { Route } from '../../src/session/protocol.js';
import { FakeSocket } from '../../src/testing/fake-socket.js';
import * as frames from '../../src/testing/frames.js';

// biome-ignore lint/suspicious/noExplicitAny: any message schema of the families
type AnySchema = MessageSchema<any, any>;

function encode(schema: AnySchema, value: unknown): Buffer {
  const w = new Writer();
  schema.encode(w, value as never);
  return w.finish();
}

/** An event connection over a fake socket; `push` delivers multicast messages to it. */
function fakeEvents() {
  let socket: FakeSocket | undefined;
  const conn = new Connection(Route, {
    socketFactory: (o) => {
      socket = new FakeSocket({ portId: 77 });
      return socket.factory(o);
    },
  });
  conn.subscribeAll();
  const stream = conn.intoEvents();
  return {
    conn,
    push(type: number, payload: Uint8Array): void {
      assert.ok(socket);
      socket.push(frames.message({ type }, payload), { groups: 1 });
    },
    async next(): Promise<NetworkEvent> {
      const r = await stream.next();
      assert.ok(!r.done);
      return r.value;
    },
    async close(): Promise<void> {
      await stream.return();
      assert.equal(socket?.closed, true);
    },
  };
}

test('addresses, routes, nexthops, rules and namespace ids decode to typed New/Del events', async () => {
  const k = fakeEvents();
  const addr = encode(addressMessage, {
    header: { family: AF.INET, prefixlen: 24, index: 3 },
    attrs: { address: '10.0.0.1', local: '10.0.0.1' },
  });
  const route = encode(routeMessage, {
    header: { family: AF.INET, dstLen: 16, table: 254, type: 1 },
    attrs: { dst: '10.2.0.0', oif: 3, priority: 7 },
  });
  const nh = encode(nexthopMessage, { header: { family: AF.INET }, attrs: { id: 5, oif: 3, gateway: '10.0.0.2' } });
  const rule = encode(ruleMessage, {
    header: { family: AF.INET, srcLen: 16, table: 100, action: 1 },
    attrs: { src: '10.5.0.0', priority: 1000 },
  });
  const nsid = encode(nsidMessage, { header: { family: AF.UNSPEC }, attrs: { nsid: 4 } });
  for (const [type, payload] of [
    [RTM.NEWADDR, addr],
    [RTM.DELADDR, addr],
    [RTM.NEWROUTE, route],
    [RTM.DELROUTE, route],
    [RTM.NEWNEXTHOP, nh],
    [RTM.DELNEXTHOP, nh],
    [RTM.NEWRULE, rule],
    [RTM.DELRULE, rule],
    [RTM.NEWNSID, nsid],
    [RTM.DELNSID, nsid],
  ] as const) {
    k.push(type, payload);
  }
  for (const change of ['New', 'Del'] as const) {
    const e = await k.next();
    assert.ok(e.type === `${change}Address` && 'address' in e);
    assert.deepEqual([e.address.ifindex, e.address.address, e.address.prefixLen], [3, '10.0.0.1', 24]);
  }
  for (const change of ['New', 'Del'] as const) {
    const e = await k.next();
    assert.ok(e.type === `${change}Route` && 'route' in e);
    assert.deepEqual([e.route.dst, e.route.oif, e.route.metric, e.route.table], ['10.2.0.0/16', 3, 7, 254]);
  }
  for (const change of ['New', 'Del'] as const) {
    const e = await k.next();
    assert.ok(e.type === `${change}Nexthop` && 'nexthop' in e);
    assert.equal(e.nexthop.id, 5);
  }
  for (const change of ['New', 'Del'] as const) {
    const e = await k.next();
    assert.ok(e.type === `${change}Rule` && 'rule' in e);
    assert.deepEqual([e.rule.priority, e.rule.from], [1000, '10.5.0.0/16']);
  }
  for (const change of ['New', 'Del'] as const) {
    const e = await k.next();
    assert.ok(e.type === `${change}Nsid` && 'nsid' in e);
    assert.equal(e.nsid, 4);
  }
  await k.close();
});

test('neighbour messages of family AF_BRIDGE are FDB events; the others are neighbour events', async () => {
  const k = fakeEvents();
  const arp = encode(neighMessage, {
    header: { family: AF.INET, ifindex: 3, state: NUD.PERMANENT },
    attrs: { dst: '10.0.0.9', lladdr: '02:00:00:00:00:09' },
  });
  const ndp = encode(neighMessage, {
    header: { family: AF.INET6, ifindex: 3, state: NUD.REACHABLE },
    attrs: { dst: 'fe80::9', lladdr: '02:00:00:00:00:09' },
  });
  const fdb = encode(neighMessage, {
    header: { family: AF.BRIDGE, ifindex: 4, state: NUD.NOARP },
    attrs: { lladdr: '02:00:00:00:00:aa', vlan: 10, master: 2 },
  });
  k.push(RTM.NEWNEIGH, arp);
  k.push(RTM.NEWNEIGH, fdb);
  k.push(RTM.DELNEIGH, ndp);
  k.push(RTM.DELNEIGH, fdb);
  const a = await k.next();
  assert.ok(a.type === 'NewNeighbor');
  assert.deepEqual(
    [a.neighbor.ifindex, a.neighbor.destination, a.neighbor.lladdr],
    [3, '10.0.0.9', '02:00:00:00:00:09'],
  );
  const f = await k.next();
  assert.ok(f.type === 'NewFdb');
  assert.deepEqual([f.fdb.ifindex, f.fdb.mac, f.fdb.vlan, f.fdb.fdbState], [4, '02:00:00:00:00:aa', 10, 'static']);
  const n = await k.next();
  assert.ok(n.type === 'DelNeighbor');
  assert.equal(n.neighbor.destination, 'fe80::9');
  const d = await k.next();
  assert.ok(d.type === 'DelFdb');
  assert.equal(d.fdb.mac, '02:00:00:00:00:aa');
  await k.close();
});

test('MDB events carry the bridge, its group memberships and router ports', async () => {
  const k = fakeEvents();
  const group = new Uint8Array(16);
  group.set([239, 1, 1, 1]);
  const entry = encode(mdbMessage, {
    header: { family: AF.BRIDGE, ifindex: 2 },
    attrs: {
      mdb: {
        entry: [{ info: [{ header: { ifindex: 5, state: 1, vid: 0, addr: group, proto: 0x0800 }, attrs: {} }] }],
      },
    },
  });
  const router = encode(mdbMessage, {
    header: { family: AF.BRIDGE, ifindex: 2 },
    attrs: { router: { port: [{ header: { ifindex: 6 }, attrs: {} }] } },
  });
  k.push(RTM.NEWMDB, entry);
  k.push(RTM.DELMDB, entry);
  k.push(RTM.NEWMDB, router);
  for (const change of ['New', 'Del'] as const) {
    const e = await k.next();
    assert.ok(e.type === `${change}Mdb` && 'mdb' in e);
    assert.equal(e.mdb.bridge, 2);
    assert.deepEqual(
      e.mdb.entries.map((m) => [m.bridge, m.port, m.group, m.vid]),
      [[2, 5, '239.1.1.1', 0]],
    );
    assert.deepEqual(e.mdb.routerPorts, []);
  }
  const r = await k.next();
  assert.ok(r.type === 'NewMdb');
  assert.deepEqual(
    r.mdb.routerPorts.map((p) => [p.bridge, p.port]),
    [[2, 6]],
  );
  await k.close();
});

function tcPayload(kind: string, options?: Uint8Array): Buffer {
  const w = new Writer();
  tcmsg.encode(w, { family: 0, ifindex: 3, handle: 0x10000, parent: 0xffffffff, info: 1 }, 'tcmsg');
  w.align();
  let a = w.beginAttr(1);
  w.string(kind);
  w.endAttr(a);
  if (options) {
    a = w.beginAttr(2 | 0x8000);
    w.bytes(options);
    w.endAttr(a);
  }
  return w.finish();
}

test('traffic control objects arrive as the generic tc message: tcmsg header, kind, raw attributes', async () => {
  const k = fakeEvents();
  const options = new Uint8Array([8, 0, 1, 0, 42, 0, 0, 0]);
  k.push(RTM.NEWQDISC, tcPayload('htb', options));
  k.push(RTM.DELQDISC, tcPayload('htb'));
  k.push(RTM.NEWTCLASS, tcPayload('htb'));
  k.push(RTM.DELTCLASS, tcPayload('htb'));
  k.push(RTM.NEWTFILTER, tcPayload('flower'));
  k.push(RTM.DELTFILTER, tcPayload('flower'));
  const names = ['NewQdisc', 'DelQdisc', 'NewClass', 'DelClass', 'NewFilter', 'DelFilter'];
  for (const name of names) {
    const e = await k.next();
    assert.ok(e.type === name && 'tc' in e);
    assert.deepEqual(
      [e.tc.ifindex, e.tc.handle, e.tc.parent, e.tc.info, e.tc.kind],
      [3, 0x10000, 0xffffffff, 1, name.endsWith('Filter') ? 'flower' : 'htb'],
    );
    if (name === 'NewQdisc') {
      assert.deepEqual(
        e.tc.attrs.map((a) => a.type),
        [1, 2 | 0x8000],
      );
      assert.deepEqual([...(e.tc.attrs[1]?.data ?? [])], [...options]);
    }
  }
  // An action message: struct tcamsg, TCA_ACT_TAB holding actions by order, each with TCA_ACT_KIND.
  const w = new Writer();
  tcamsg.encode(w, { family: 0 }, 'tcamsg');
  w.align();
  const tab = w.beginAttr(1 | 0x8000);
  for (const [order, kind] of [
    [1, 'gact'],
    [2, 'mirred'],
  ] as const) {
    const act = w.beginAttr(order | 0x8000);
    const kindAttr = w.beginAttr(1);
    w.string(kind);
    w.endAttr(kindAttr);
    w.endAttr(act);
  }
  w.endAttr(tab);
  k.push(RTM.NEWACTION, w.finish());
  k.push(RTM.DELACTION, w.finish());
  for (const name of ['NewAction', 'DelAction']) {
    const e = await k.next();
    assert.ok(e.type === name && 'action' in e);
    assert.deepEqual(e.action.kinds, ['gact', 'mirred']);
  }
  await k.close();
});
