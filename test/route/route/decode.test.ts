/**
 * Decoding: iproute2's captured requests hold routes, addresses and
 * nexthops in the same format the kernel reports them, so the typed views
 * must read back exactly the configs that produced them. Plus the behaviour
 * of the operations against a scripted kernel: strict checking, errors,
 * missing tables, events.
 */

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { NETLINK_OPT, NLM_F, RTM, SOL } from '../../../src/core/constants.js';
import { Writer } from '../../../src/core/writer.js';
import { DecodeError, InvalidArgumentError, KernelError } from '../../../src/errors.js';
import { Address } from '../../../src/route/addr/address.js';
import { toNetworkEvent } from '../../../src/route/events.js';
import { Nexthop } from '../../../src/route/nexthop/nexthop.js';
import type { RouteConfig } from '../../../src/route/route/config.js';
import { routeProtocolNames, routeScopeNames, routeTypeNames } from '../../../src/route/route/names.js';
import { RouteEntry } from '../../../src/route/route/route.js';
import { routeMessage } from '../../../src/route/route/schema.js';
import type { ReceivedMessage } from '../../../src/session/engine.js';
import * as frames from '../../../src/testing/frames.js';
import { fakeConnection, fixtureMessage, lastRequestOf } from './fake.js';

function received(raw: Buffer): ReceivedMessage {
  return {
    header: { length: raw.length, type: raw.readUInt16LE(4), flags: raw.readUInt16LE(6), seq: 0, pid: 0 },
    buf: raw,
    offset: 16,
    length: raw.readUInt32LE(0) - 16,
    type: raw.readUInt16LE(4),
  };
}

const route = (name: string) => RouteEntry.fromMessage(received(fixtureMessage(name)));

test('routes read back what configured them: destination, table, protocol, scope, type, metric', () => {
  const r = route('route-table');
  assert.deepEqual(
    [r.family, r.dst, r.gateway, r.table, r.protocol, r.scope, r.type, r.metric],
    ['inet', '10.1.0.0/24', '10.0.0.2', 100, 'static', 'global', 'unicast', 5],
  );
  const big = route('route-bigtable');
  assert.deepEqual([big.table, big.tos, big.oif, big.scope], [1000, 0x10, 3, 'link']);
  assert.equal(route('route-default').dst, 'default');
  // The full view is built once and kept for the entry.
  assert.equal(r.message, r.message);
  assert.equal(r.message.attrs.dst, '10.1.0.0');
  assert.equal(route('route-blackhole').type, 'blackhole');
  assert.deepEqual(route('route-via6').via, { family: 'inet6', address: 'fe80::1' });
  assert.equal(route('route-onlink').onlink, true);
  assert.deepEqual(route('route-onlink').flagNames, ['onlink']);
  assert.deepEqual([route('route-src').prefsrc, route('route-src').realm], ['10.0.0.1', 5]);
  assert.deepEqual([route('route-v6').pref, route('route-v6').family], ['high', 'inet6']);
  assert.equal(route('route-v6-src').src, '2001:db8:6::/64');
  assert.equal(route('route-nhid').nhid, 1);
});

test('typed getters read what the full message view reads: every route request captured, a header cut short, a cut attribute', () => {
  const names = readdirSync(new URL('../../../../test/fixtures/iproute2/', import.meta.url))
    .filter((f) => f.startsWith('route-') && !f.includes('dump') && !f.includes('get'))
    .map((f) => f.replace(/\.hex$/, ''));
  assert.ok(names.length >= 20, `route fixtures found: ${names.length}`);
  for (const name of names) {
    const r = route(name);
    const { header: h, attrs: a } = r.message;
    assert.deepEqual(
      [r.dstLen, r.tos, r.flags, r.table, r.protocol, r.scope, r.type],
      [h.dstLen, h.tos, h.flags, a.table ?? h.table, h.protocol, h.scope, h.type].map((v, i) =>
        i < 4 ? v : [routeProtocolNames, routeScopeNames, routeTypeNames][i - 4]?.name(v as number),
      ),
      name,
    );
    assert.deepEqual([r.oif, r.iif, r.metric, r.mark, r.nhid], [a.oif, a.iif, a.priority, a.mark, a.nhId], name);
  }
  // A header cut after rtm_table: the fields present, the rest zero, as the view reads them.
  const cut = new RouteEntry(Buffer.from([2, 24, 0, 0, 7]));
  assert.deepEqual([cut.family, cut.dstLen, cut.table, cut.type, cut.flags], ['inet', 24, 7, 'unspec', 0]);
  assert.deepEqual([cut.message.header.type, cut.message.header.flags], [0, 0]);
  assert.equal(cut.table, cut.message.header.table);
  // RTA_TABLE of two bytes: a DecodeError naming it when read, as the view's.
  const short = Buffer.concat([
    Buffer.from([2, 32, 0, 0, 0, 4, 0, 1, 0, 0, 0, 0]),
    Buffer.from([6, 0, 15, 0, 1, 2, 0, 0]),
  ]);
  const entry = new RouteEntry(short);
  assert.throws(
    () => entry.table,
    (err) => err instanceof DecodeError && /table/.test(err.message),
  );
  assert.throws(() => entry.message.attrs.table, DecodeError);
});

test('metrics read back in the units they were given (rtt in ms, locks by name)', () => {
  assert.deepEqual(route('route-metrics').metrics, {
    mtu: 1400,
    window: 65535,
    rtt: 10,
    rttvar: 5,
    ssthresh: 100,
    cwnd: 20,
    advmss: 1360,
    reordering: 3,
    hoplimit: 64,
    initcwnd: 10,
    initrwnd: 10,
    rtoMin: 200,
    quickack: true,
    congctl: 'cubic',
    fastopenNoCookie: true,
    features: ['ecn'],
    lock: ['mtu', 'rtoMin'],
  });
});

test('multipath hops read back with weights, flags, gateways, realms and encaps', () => {
  assert.deepEqual(route('route-multipath').nexthops, [
    { ifindex: 3, weight: 1, flags: 0, onlink: false, gateway: '10.0.0.2' },
    { ifindex: 3, weight: 3, flags: 0, onlink: false, gateway: '10.0.0.3' },
  ]);
  assert.deepEqual(route('route-multipath-onlink').nexthops, [
    { ifindex: 3, weight: 1, flags: 4, onlink: true, gateway: '192.168.9.1' },
    { ifindex: 2, weight: 1, flags: 0, onlink: false, realm: 3 },
  ]);
  assert.deepEqual(
    route('route-multipath-encap').nexthops?.map((h) => h.encap),
    [
      { type: 'mpls', labels: [100] },
      { type: 'mpls', labels: [200, 300] },
    ],
  );
});

test('MPLS label routes: label, swapped labels, via, TTL propagation', () => {
  const r = route('route-mpls-label');
  assert.deepEqual(
    [r.family, r.label, r.dst, r.newLabels, r.via, r.oif],
    ['mpls', 100, '100', [200, 300], { family: 'inet', address: '10.0.0.2' }, 3],
  );
  assert.equal(route('route-mpls-v6').ttlPropagate, true);
  assert.deepEqual(
    route('route-mpls-multipath').nexthops?.map((h) => [h.newLabels, h.via]),
    [
      [[201], { family: 'inet', address: '10.0.0.2' }],
      [[202], { family: 'inet', address: '10.0.0.3' }],
    ],
  );
});

test('encapsulations read back as the typed config that produced them', () => {
  const expected: Record<string, unknown> = {
    'route-mpls-encap': { type: 'mpls', labels: [100, 200], ttl: 10 },
    'route-ip-encap': { type: 'ip', id: 100n, dst: '1.2.3.4', src: '10.0.0.1', ttl: 5, tos: 3, flags: ['csum', 'key'] },
    'route-seg6': { type: 'seg6', mode: 'encap', segments: ['2001:db8::2', '2001:db8::3'] },
    'route-seg6-inline': { type: 'seg6', mode: 'inline', segments: ['2001:db8::2'] },
    'route-seg6-hmac': { type: 'seg6', mode: 'encap', segments: ['2001:db8::2'], hmac: 100 },
    'route-seg6-l2': { type: 'seg6', mode: 'l2encap', segments: ['2001:db8::2'] },
    'route-seg6local-end': { type: 'seg6local', action: 'End' },
    'route-seg6local-endx': { type: 'seg6local', action: 'End.X', nh6: '2001:db8::2' },
    'route-seg6local-endt': { type: 'seg6local', action: 'End.T', table: 100 },
    'route-seg6local-dx2': { type: 'seg6local', action: 'End.DX2', oif: 2 },
    'route-seg6local-dx4': { type: 'seg6local', action: 'End.DX4', nh4: '10.0.0.2' },
    'route-seg6local-dt46': { type: 'seg6local', action: 'End.DT46', vrftable: 100 },
    'route-seg6local-b6': { type: 'seg6local', action: 'End.B6', segments: ['2001:db8::2', '2001:db8::3'] },
    'route-seg6local-b6encap': { type: 'seg6local', action: 'End.B6.Encaps', segments: ['2001:db8::2'], hmac: 7 },
    'route-seg6local-count': { type: 'seg6local', action: 'End', count: true },
    'route-seg6local-csid': {
      type: 'seg6local',
      action: 'End',
      flavors: { operations: ['next-csid'], lblen: 32, nflen: 16 },
    },
  };
  for (const [name, encap] of Object.entries(expected)) assert.deepEqual(route(name).encap, encap, name);
  // JSON never chokes on the 64-bit counters and ids.
  assert.match(JSON.stringify(route('route-seg6local-count')), /"packets":0/);
});

test('a route built by nlink decodes back to its config (encode → decode round trip)', async () => {
  const config: RouteConfig = {
    dst: '2001:db8:9::/48',
    dev: 3,
    metric: 42,
    table: 7,
    protocol: 'bgp',
    encap: { type: 'seg6local', action: 'End.DX6', nh6: '2001:db8::9', count: true, flavors: { operations: ['psp'] } },
  };
  const r = RouteEntry.fromMessage(received(await lastRequestOf((c) => c.addRoute(config))));
  assert.deepEqual([r.dst, r.oif, r.metric, r.table, r.protocol], ['2001:db8:9::/48', 3, 42, 7, 'bgp']);
  assert.deepEqual(r.encap, { ...config.encap, count: true });
});

test('nexthops and addresses read back what configured them', () => {
  const nh = (name: string) => Nexthop.fromMessage(received(fixtureMessage(name)));
  const res = nh('nh-res');
  assert.deepEqual(
    [res.id, res.isGroup, res.groupType, res.group, res.resilient],
    [
      11,
      true,
      'resilient',
      [
        { id: 1, weight: 1 },
        { id: 2, weight: 1 },
      ],
      { buckets: 8, idleTimer: 10, unbalancedTimer: 20 },
    ],
  );
  assert.deepEqual(nh('nh-group').group, [
    { id: 1, weight: 2 },
    { id: 2, weight: 3 },
  ]);
  assert.equal(nh('nh-group').groupType, 'mpath');
  const gw = nh('nh-onlink');
  assert.deepEqual([gw.family, gw.gateway, gw.oif, gw.onlink, gw.isGroup], ['inet', '192.168.9.1', 3, true, false]);
  assert.equal(nh('nh-blackhole').blackhole, true);
  assert.equal(nh('nh-fdb').fdb, true);
  assert.deepEqual(nh('nh-encap').encap, { type: 'mpls', labels: [100, 200] });
  assert.equal(nh('nh-gw-proto').protocol, 'static');

  const addr = (name: string) => Address.fromMessage(received(fixtureMessage(name)));
  const peer = addr('addr-v4-peer');
  assert.deepEqual([peer.address, peer.peer, peer.prefixLen, peer.prefix], ['10.0.2.1', '10.0.2.2', 32, '10.0.2.1/32']);
  const lft = addr('addr-v4-lft');
  assert.deepEqual([lft.validLifetime, lft.preferredLifetime, lft.metric], [100, 50, 10]);
  assert.deepEqual([addr('addr-v4-lft-forever').validLifetime], ['forever']);
  const label = addr('addr-v4-brd-label');
  assert.deepEqual([label.broadcast, label.label, label.scope], ['10.0.1.255', 'd0:1', 'link']);
  assert.deepEqual(addr('addr-v6-flags').flagNames, ['nodad', 'home', 'mngtmpaddr', 'noprefixroute']);
  assert.equal(addr('addr-v4-lo').scope, 'host');
});

test('events of addresses, routes and nexthops are typed', () => {
  const ev = toNetworkEvent(received(fixtureMessage('route-gw')));
  assert.equal(ev.type, 'NewRoute');
  assert.equal(ev.type === 'NewRoute' ? ev.route.dst : undefined, '10.1.0.0/24');
  const del = fixtureMessage('nh-del');
  const nev = toNetworkEvent(received(del));
  assert.equal(nev.type === 'DelNexthop' ? nev.nexthop.id : undefined, 1);
  const aev = toNetworkEvent(received(fixtureMessage('addr-del')));
  assert.equal(aev.type === 'DelAddress' ? aev.address.prefix : undefined, '10.0.0.1/24');
});

test('errors name the operation and the route', async () => {
  const { conn } = fakeConnection((req) => (req.header.type === RTM.NEWROUTE ? [frames.error(req, 101)] : undefined));
  await assert.rejects(conn.addRoute({ dst: '10.0.0.0/24', gateway: '10.9.9.9', table: 100 }), {
    message: 'add route 10.0.0.0/24 table 100: Network is unreachable (ENETUNREACH)',
  });
  await assert.rejects(conn.addRoute({ dst: '10.0.0.1/24', dev: 3 }), /host bits set past \/24/);
  await assert.rejects(conn.addRoute({ dst: '10.0.0.0/24', dev: 'nosuch0' }), { code: 'ERR_NETLINK_NOT_FOUND' });
  conn.close();
  const esrch = fakeConnection((req) => (req.header.type === RTM.DELROUTE ? [frames.error(req, 3)] : undefined));
  assert.equal(await esrch.conn.delRouteIfExists({ dst: '10.0.0.0/24' }), false);
  esrch.conn.close();
  const v6 = await lastRequestOf((c) => c.addRoute({ dst: '2001:db8::1/64', dev: 3 }));
  assert.equal(
    routeMessage.decode(v6.subarray(16)).attrs.dst,
    '2001:db8::1',
    'IPv6 host bits go to the kernel, which masks them',
  );
});

function routeReply(req: Parameters<typeof frames.reply>[0], table: number, protocol: number, oif: number): Buffer {
  const w = new Writer();
  routeMessage.encode(w, {
    header: { family: 2, dstLen: 24, table: table < 256 ? table : 0, protocol, type: 1 },
    attrs: { dst: `10.${table % 256}.${protocol}.0`, table, oif },
  });
  return frames.reply(req, RTM.NEWROUTE, w.finish(), { multi: true });
}

test('filtered dumps ask the kernel to filter (strict checking) and still filter what comes back', async () => {
  // This kernel ignores the filter and sends everything.
  const { conn, fake } = fakeConnection((req) =>
    req.header.type === RTM.GETROUTE
      ? [routeReply(req, 254, 3, 3), routeReply(req, 100, 4, 3), routeReply(req, 100, 3, 2), frames.done(req)]
      : undefined,
  );
  assert.equal((await conn.getRoutes({ family: 'inet' })).length, 3);
  assert.equal(fake.options.get(`${SOL.NETLINK}:${NETLINK_OPT.GET_STRICT_CHK}`), undefined);
  const t100 = await conn.getRoutes({ table: 100 });
  assert.equal(fake.options.get(`${SOL.NETLINK}:${NETLINK_OPT.GET_STRICT_CHK}`), 1);
  assert.deepEqual(
    t100.map((r) => r.dst),
    ['10.100.4.0/24', '10.100.3.0/24'],
  );
  const streamed: string[] = [];
  for await (const r of conn.streamRoutes({ table: 100, protocol: 'static', dev: 'd0' })) streamed.push(r.dst);
  assert.deepEqual(streamed, ['10.100.4.0/24']);
  // Protocol and type alone, by name or number.
  const dsts = async (filter: Parameters<typeof conn.getRoutes>[0]) => (await conn.getRoutes(filter)).map((r) => r.dst);
  assert.deepEqual(await dsts({ table: 100, protocol: 'boot' }), ['10.100.3.0/24']);
  assert.deepEqual(await dsts({ protocol: 3 }), ['10.254.3.0/24', '10.100.3.0/24']);
  assert.deepEqual(await dsts({ table: 100, type: 'unicast' }), ['10.100.4.0/24', '10.100.3.0/24']);
  assert.deepEqual(await dsts({ type: 'blackhole' }), []);
  conn.close();
});

test('replies the kernel marks as filtered (NLM_F_DUMP_FILTERED) are taken as they come; unmarked ones are filtered', async () => {
  const marked = (b: Buffer) => {
    b.writeUInt16LE(b.readUInt16LE(6) | NLM_F.DUMP_FILTERED, 6);
    return b;
  };
  // This kernel says it filtered, and sends a route of table 254 among them: the kernel is trusted.
  const { conn } = fakeConnection((req) =>
    req.header.type === RTM.GETROUTE
      ? [
          marked(routeReply(req, 100, 4, 3)),
          marked(routeReply(req, 254, 3, 3)),
          routeReply(req, 254, 5, 3),
          frames.done(req),
        ]
      : undefined,
  );
  const streamed: string[] = [];
  for await (const r of conn.streamRoutes({ table: 100 })) streamed.push(r.dst);
  assert.deepEqual(streamed, ['10.100.4.0/24', '10.254.3.0/24']);
  assert.deepEqual(
    (await conn.getRoutes({ table: 100 })).map((r) => r.dst),
    ['10.100.4.0/24', '10.254.3.0/24'],
  );
  conn.close();
});

test('a table that does not exist is empty; other dump errors are thrown', async () => {
  const { conn } = fakeConnection((req) =>
    req.header.type === RTM.GETROUTE
      ? [frames.done(req, { errno: 2, ext: { message: 'ipv4: FIB table does not exist' } })]
      : undefined,
  );
  assert.deepEqual(await conn.getRoutes({ family: 'inet', table: 4242 }), []);
  const streamed = [];
  for await (const r of conn.streamRoutes({ table: 4242 })) streamed.push(r);
  assert.deepEqual(streamed, []);
  await assert.rejects(conn.getRoutes(), (e: unknown) => e instanceof KernelError && e.errnoName === 'ENOENT');
  await assert.rejects(conn.getRoutes({ table: 0 }), InvalidArgumentError);
  conn.close();
});
