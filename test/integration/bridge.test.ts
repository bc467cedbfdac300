/**
 * Bridge FDB and MDB: entries made with `bridge` read through the library,
 * and the library's read back through `bridge -j`. VLAN filtering (and FDB/MDB
 * entries on VLANs) need a kernel with it: test/kernel/bridge/.
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import '../../src/index.js';
import type { FdbEntry } from '../../src/route/bridge/fdb.js';
import type { MdbEntry } from '../../src/route/bridge/mdb.js';
import type { Connection } from '../../src/session/connection.js';
import { Route } from '../../src/session/protocol.js';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { type LabNamespace, withNamespace } from '../../src/testing/lab.js';
import { ip } from '../helpers.js';

const skip = skipUnlessIntegration();

/** Runs `bridge -n NS -j ARGS...` and parses its JSON. */
function bridgeJson(ns: string, ...args: string[]): Record<string, unknown>[] {
  const out = execFileSync('bridge', ['-n', ns, '-j', ...args], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

function bridge(ns: string, ...args: string[]): void {
  execFileSync('bridge', ['-n', ns, ...args]);
}

/** br0 with port d0 (peer d1), all up, and a VXLAN device vx0; returns a connection. */
function bridged(ns: LabNamespace): Connection<Route> {
  ip(ns.name, 'link', 'add', 'br0', 'type', 'bridge');
  ip(ns.name, 'link', 'add', 'd0', 'type', 'veth', 'peer', 'name', 'd1');
  ip(ns.name, 'link', 'set', 'd0', 'master', 'br0');
  ip(ns.name, 'link', 'add', 'vx0', 'type', 'vxlan', 'id', '42', 'dstport', '4789');
  for (const dev of ['br0', 'd0', 'd1', 'vx0']) ip(ns.name, 'link', 'set', dev, 'up');
  return ns.connection();
}

const FLAG_NAMES: readonly [keyof FdbEntry, string][] = [
  ['isSelf', 'self'],
  ['isExternLearn', 'extern_learn'],
  ['isOffloaded', 'offload'],
  ['isSticky', 'sticky'],
];

/** A decoded entry in the shape of `bridge -j fdb show`. */
function fdbAsBridge(e: FdbEntry, names: ReadonlyMap<number, string>): Record<string, unknown> {
  const out: Record<string, unknown> = { mac: e.mac, ifname: names.get(e.ifindex) };
  if (e.dst !== undefined) out.dst = e.dst;
  if (e.vlan !== undefined) out.vlan = e.vlan;
  if (e.port !== undefined) out.port = e.port;
  if (e.vni !== undefined) out.vni = e.vni;
  if (e.via !== undefined) out.viaIf = names.get(e.via);
  out.flags = FLAG_NAMES.filter(([k]) => e[k] === true).map(([, n]) => n);
  if (e.master !== undefined) out.master = names.get(e.master);
  const state = e.fdbState;
  if (state !== undefined && state !== 'dynamic') out.state = state;
  if (state === 'dynamic') out.state = '';
  return out;
}

const byKey = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  JSON.stringify([a.ifname, a.mac, a.dst]).localeCompare(JSON.stringify([b.ifname, b.mac, b.dst]));

test('FDB entries made with bridge fdb decode to what bridge -j fdb show prints', { skip }, async () => {
  await withNamespace(async (ns) => {
    const conn = bridged(ns);
    bridge(ns.name, 'fdb', 'add', '02:00:00:00:00:01', 'dev', 'd0', 'master', 'static');
    bridge(ns.name, 'fdb', 'add', '02:00:00:00:00:02', 'dev', 'd0', 'master', 'sticky', 'static');
    bridge(ns.name, 'fdb', 'add', '02:00:00:00:00:03', 'dev', 'd0', 'master', 'extern_learn');
    bridge(ns.name, 'fdb', 'add', '02:00:00:00:00:04', 'dev', 'd0', 'self', 'permanent');
    bridge(
      ns.name,
      'fdb',
      'append',
      '00:00:00:00:00:00',
      'dev',
      'vx0',
      'dst',
      '192.0.2.1',
      'vni',
      '100',
      'port',
      '4790',
      'via',
      'd1',
    );
    bridge(ns.name, 'fdb', 'append', '00:00:00:00:00:00', 'dev', 'vx0', 'dst', '192.0.2.2');
    const names = await conn.getInterfaceNames();
    const ours = (await conn.getFdb()).map((e) => fdbAsBridge(e, names)).sort(byKey);
    const theirs = bridgeJson(ns.name, 'fdb', 'show').sort(byKey);
    assert.deepEqual(ours, theirs);
    const mine = (filter: Parameters<typeof conn.getFdb>[0]) =>
      conn.getFdb(filter).then((l) => l.map((e) => fdbAsBridge(e, names)).sort(byKey));
    assert.deepEqual(await mine({ bridge: 'br0' }), bridgeJson(ns.name, 'fdb', 'show', 'br', 'br0').sort(byKey));
    // With a device filter, bridge leaves the device's name out.
    const ofVx = bridgeJson(ns.name, 'fdb', 'show', 'dev', 'vx0').map((e) => ({ ifname: 'vx0', ...e }));
    assert.deepEqual(await mine({ port: 'vx0' }), ofVx.sort(byKey));
    assert.equal(ofVx.length, 2);
    // On a strict-checking socket the kernel filters itself; the result is the same.
    const strict = ns.connection(Route, { strictCheck: true });
    for (const filter of [{ bridge: 'br0' }, { port: 'd0' }, { bridge: 'br0', port: 'd0' }, {}]) {
      const plain = (await conn.getFdb(filter)).map((e) => fdbAsBridge(e, names)).sort(byKey);
      assert.deepEqual((await strict.getFdb(filter)).map((e) => fdbAsBridge(e, names)).sort(byKey), plain);
    }
    const got = await conn.getFdbEntry({ mac: '02:00:00:00:00:01', dev: 'd0', master: true });
    const br0 = await conn.requireLink('br0');
    assert.deepEqual([got?.mac, got?.fdbState, got?.master], ['02:00:00:00:00:01', 'static', br0.ifindex]);
    assert.equal(await conn.getFdbEntry({ mac: '02:00:00:00:00:99', dev: 'd0', master: true }), undefined);
  });
});

test('FDB entries made through the library read back through bridge -j fdb show; flush, bulk and by dump', {
  skip,
}, async () => {
  await withNamespace(async (ns) => {
    const conn = bridged(ns);
    const show = (...args: string[]) => bridgeJson(ns.name, 'fdb', 'show', ...args);
    // Kernels with VLAN support also add an entry given no VLAN on each VLAN of the port (VLAN 1 by default).
    const find = (mac: string, dev: string) => show('dev', dev).filter((e) => e.mac === mac && e.vlan === undefined);

    await conn.addFdb({ mac: '02:00:00:00:00:01', dev: 'd0', master: true, state: 'static' });
    await conn.addFdb({ mac: '02:00:00:00:00:02', dev: 'd0', master: true, state: 'static', sticky: true });
    await conn.addFdb({ mac: '02:00:00:00:00:03', dev: 'd0', master: true, state: 'dynamic' });
    await conn.addFdb({ mac: '02:00:00:00:00:04', dev: 'd0' });
    assert.deepEqual(find('02:00:00:00:00:01', 'd0'), [
      { mac: '02:00:00:00:00:01', flags: [], master: 'br0', state: 'static' },
    ]);
    assert.deepEqual(find('02:00:00:00:00:02', 'd0')[0]?.flags, ['sticky']);
    assert.deepEqual(find('02:00:00:00:00:03', 'd0')[0]?.state, '');
    assert.deepEqual(find('02:00:00:00:00:04', 'd0'), [
      { mac: '02:00:00:00:00:04', flags: ['self'], state: 'permanent' },
    ]);
    await assert.rejects(conn.addFdb({ mac: '02:00:00:00:00:01', dev: 'd0', master: true, state: 'static' }), {
      errnoName: 'EEXIST',
    });
    await conn.replaceFdb({ mac: '02:00:00:00:00:01', dev: 'd0', master: true, state: 'dynamic' });
    assert.equal(find('02:00:00:00:00:01', 'd0')[0]?.state, '');

    await conn.appendFdb({ mac: '00:00:00:00:00:00', dev: 'vx0', dst: '192.0.2.1', vni: 100, port: 4790, via: 'd1' });
    await conn.appendFdb({ mac: '00:00:00:00:00:00', dev: 'vx0', dst: '192.0.2.2' });
    assert.deepEqual(
      show('dev', 'vx0').map((e) => [e.dst, e.vni, e.port, e.viaIf]),
      [
        ['192.0.2.1', 100, 4790, 'd1'],
        ['192.0.2.2', undefined, undefined, undefined],
      ],
    );
    await conn.delFdb({ mac: '00:00:00:00:00:00', dev: 'vx0', dst: '192.0.2.2' });
    assert.deepEqual(
      show('dev', 'vx0').map((e) => e.dst),
      ['192.0.2.1'],
    );

    await conn.delFdb({ mac: '02:00:00:00:00:04', dev: 'd0' });
    assert.deepEqual(find('02:00:00:00:00:04', 'd0'), []);
    assert.equal(await conn.delFdbIfExists({ mac: '02:00:00:00:00:04', dev: 'd0' }), false);
    const decoded = (await conn.getFdb({ port: 'd0' })).find(
      (e) => e.mac === '02:00:00:00:00:03' && e.vlan === undefined,
    );
    assert.ok(decoded);
    await conn.delFdb(decoded);
    assert.deepEqual(find('02:00:00:00:00:03', 'd0'), []);

    // Bulk flush of the static entries of br0.
    const bulk = await conn.flushFdb({ dev: 'br0', static: true });
    assert.deepEqual(bulk, { method: 'bulk' });
    assert.deepEqual(find('02:00:00:00:00:02', 'd0'), []);
    assert.equal(find('02:00:00:00:00:01', 'd0').length, 1, 'the dynamic entry stays');

    // The same through a dump: it reports exactly what it deleted.
    await conn.addFdb({ mac: '02:00:00:00:00:05', dev: 'd0', master: true, state: 'static' });
    await conn.addFdb({ mac: '02:00:00:00:00:06', dev: 'd0', master: true, state: 'static' });
    const key = (mac: unknown, vlan: unknown) => `${mac}/${vlan ?? 0}`;
    const before = show('br', 'br0').map((e) => key(e.mac, e.vlan));
    const dump = await conn.flushFdb({ dev: 'br0', static: true, mode: 'dump' });
    assert.equal(dump.method, 'dump');
    const deleted = dump.method === 'dump' ? dump.deleted.map((e) => key(e.mac, e.vlan)).sort() : [];
    // Kernels with VLAN support hold a copy on each VLAN of the port too: each is reported.
    assert.deepEqual([...new Set(deleted.map((k) => k.split('/')[0]))], ['02:00:00:00:00:05', '02:00:00:00:00:06']);
    const after = show('br', 'br0').map((e) => key(e.mac, e.vlan));
    assert.deepEqual(before.filter((k) => !after.includes(k)).sort(), deleted);

    // A port's bridge entries (master), dynamic ones only.
    await conn.flushFdb({ dev: 'd0', master: true, dynamic: true });
    assert.deepEqual(find('02:00:00:00:00:01', 'd0'), []);
  });
});

/** A decoded membership in the shape of one item of `bridge -j mdb show`. */
function mdbAsBridge(e: MdbEntry, names: ReadonlyMap<number, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    index: e.bridge,
    dev: names.get(e.bridge),
    port: names.get(e.port),
    grp: e.group,
  };
  if (e.source !== undefined) out.src = e.source;
  out.state = e.state;
  if (e.vid) out.vid = e.vid;
  out.flags = e.flagNames;
  return out;
}

const byGroup = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  JSON.stringify([a.port, a.grp, a.src]).localeCompare(JSON.stringify([b.port, b.grp, b.src]));

test('MDB entries made with bridge mdb decode to what bridge -j mdb show prints', { skip }, async () => {
  await withNamespace(async (ns) => {
    const conn = bridged(ns);
    bridge(ns.name, 'mdb', 'add', 'dev', 'br0', 'port', 'd0', 'grp', '239.1.1.1', 'permanent');
    bridge(ns.name, 'mdb', 'add', 'dev', 'br0', 'port', 'd0', 'grp', 'ff0e::5', 'src', '2001:db8::7', 'permanent');
    bridge(ns.name, 'mdb', 'add', 'dev', 'br0', 'port', 'd0', 'grp', '01:00:5e:00:00:05', 'permanent');
    bridge(ns.name, 'mdb', 'add', 'dev', 'br0', 'port', 'd0', 'grp', '239.1.1.2', 'temp');
    const names = await conn.getInterfaceNames();
    const [{ mdb }] = bridgeJson(ns.name, 'mdb', 'show') as [{ mdb: Record<string, unknown>[] }];
    const theirs = mdb.map(({ protocol: _, ...e }) => e).sort(byGroup);
    const ours = (await conn.getMdb()).map((e) => mdbAsBridge(e, names)).sort(byGroup);
    assert.deepEqual(ours, theirs);
    assert.ok(ours.some((e) => e.src === '2001:db8::7'));
    assert.equal((await conn.getMdb({ port: 'd0' })).length, theirs.filter((e) => e.port === 'd0').length);
  });
});

test('MDB entries made through the library read back through bridge -j mdb show', { skip }, async () => {
  await withNamespace(async (ns) => {
    const conn = bridged(ns);
    const groups = () =>
      ((bridgeJson(ns.name, 'mdb', 'show')[0]?.mdb ?? []) as Record<string, unknown>[])
        .filter((e) => e.port === 'd0' && !String(e.grp).startsWith('ff02::'))
        .map((e) => [e.grp, e.src, e.state])
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    await conn.addMdb({ bridge: 'br0', port: 'd0', group: '239.1.1.1', permanent: true });
    await conn.addMdb({ bridge: 'br0', port: 'd0', group: 'ff0e::1' });
    await conn.addMdb({ bridge: 'br0', port: 'd0', group: '01:00:5e:00:00:05', permanent: true });
    await conn.addMdb({ bridge: 'br0', port: 'd0', group: '239.1.1.2', source: '10.0.0.1', permanent: true });
    assert.deepEqual(groups(), [
      ['01:00:5e:00:00:05', undefined, 'permanent'],
      ['239.1.1.1', undefined, 'permanent'],
      ['239.1.1.2', '10.0.0.1', 'permanent'],
      ['ff0e::1', undefined, 'temp'],
    ]);
    await assert.rejects(conn.addMdb({ bridge: 'br0', port: 'd0', group: '239.1.1.1', permanent: true }), {
      errnoName: 'EEXIST',
    });
    await conn.delMdb({ bridge: 'br0', port: 'd0', group: '239.1.1.1' });
    const sg = (await conn.getMdb({ bridge: 'br0' })).find((e) => e.source === '10.0.0.1');
    assert.ok(sg);
    await conn.delMdb(sg);
    assert.deepEqual(groups(), [
      ['01:00:5e:00:00:05', undefined, 'permanent'],
      ['ff0e::1', undefined, 'temp'],
    ]);
    assert.equal(await conn.delMdbIfExists({ bridge: 'br0', port: 'd0', group: '239.1.1.1' }), false);
  });
});
