/** Neighbours: state made with iproute2 read through the library, and the library's read back through iproute2. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../src/index.js';
import type { Neighbor } from '../../src/route/neigh/neighbor.js';
import type { Connection } from '../../src/session/connection.js';
import type { Route } from '../../src/session/protocol.js';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { type LabNamespace, withNamespace } from '../../src/testing/lab.js';
import { ip, ipJson } from '../helpers.js';

const skip = skipUnlessIntegration();

/** What `ip -j neigh show` prints for one entry. */
interface IpNeigh {
  dst: string;
  dev?: string;
  lladdr?: string;
  state?: string[];
  router?: null;
  proxy?: null;
}

/** The same fields, from a decoded entry. */
function asIp(n: Neighbor, names: ReadonlyMap<number, string>): IpNeigh {
  const out: IpNeigh = { dst: n.destination ?? '?' };
  const dev = names.get(n.ifindex);
  if (dev !== undefined) out.dev = dev;
  if (n.lladdr !== undefined) out.lladdr = n.lladdr;
  if (n.isRouter) out.router = null;
  if (n.isProxy) out.proxy = null;
  if (!n.isProxy) out.state = n.stateNames.map((s) => s.toUpperCase());
  return out;
}

function fromIp(e: IpNeigh & Record<string, unknown>, dev?: string): IpNeigh {
  const out: IpNeigh = { dst: e.dst };
  const d = e.dev ?? dev;
  if (d !== undefined) out.dev = d;
  if (e.lladdr !== undefined) out.lladdr = e.lladdr;
  if ('router' in e) out.router = null;
  if ('proxy' in e) out.proxy = null;
  if (e.state !== undefined) out.state = e.state;
  return out;
}

const byDst = (a: IpNeigh, b: IpNeigh) => a.dst.localeCompare(b.dst);

/**
 * Leaves out the no-ARP entries of IPv6 multicast groups (`ff02::...`),
 * which the kernel adds by itself as links come up, at any moment.
 */
const madeByUs = (e: IpNeigh) => !e.dst.startsWith('ff0');

async function veths(ns: LabNamespace): Promise<Connection<Route>> {
  ip(ns.name, 'link', 'add', 'd0', 'type', 'veth', 'peer', 'name', 'd1');
  ip(ns.name, 'link', 'set', 'd0', 'up');
  ip(ns.name, 'link', 'set', 'd1', 'up');
  return ns.connection();
}

test('entries made with ip neigh decode to what ip -j neigh show prints', { skip }, async () => {
  await withNamespace(async (ns) => {
    const conn = await veths(ns);
    ip(ns.name, 'neigh', 'add', '10.0.0.2', 'lladdr', '02:00:00:00:00:02', 'dev', 'd0', 'nud', 'permanent');
    ip(ns.name, 'neigh', 'add', '10.0.0.3', 'lladdr', '02:00:00:00:00:03', 'dev', 'd0', 'nud', 'stale');
    ip(ns.name, 'neigh', 'add', '10.0.0.4', 'dev', 'd0', 'nud', 'noarp');
    ip(
      ns.name,
      '-6',
      'neigh',
      'add',
      '2001:db8::1',
      'lladdr',
      '02:00:00:00:00:09',
      'dev',
      'd0',
      'router',
      'nud',
      'reachable',
    );
    ip(ns.name, 'neigh', 'add', 'proxy', '10.0.0.9', 'dev', 'd0');
    ip(ns.name, '-6', 'neigh', 'add', 'proxy', '2001:db8::9', 'dev', 'd0');
    const names = await conn.getInterfaceNames();

    const theirs = (
      ipJson(ns.name, 'neigh', 'show', 'dev', 'd0', 'nud', 'all') as (IpNeigh & Record<string, unknown>)[]
    )
      .map((e) => fromIp(e, 'd0'))
      .filter(madeByUs)
      .sort(byDst);
    const ours = (await conn.getNeighbors({ dev: 'd0' }))
      .map((n) => asIp(n, names))
      .filter(madeByUs)
      .sort(byDst);
    assert.deepEqual(ours, theirs);
    assert.ok(ours.some((n) => n.dst === '2001:db8::1' && n.router === null));

    const theirProxies = (ipJson(ns.name, 'neigh', 'show', 'proxy') as (IpNeigh & Record<string, unknown>)[])
      .map((e) => fromIp(e))
      .sort(byDst);
    const ourProxies = (await conn.getNeighbors({ proxy: true })).map((n) => asIp(n, names)).sort(byDst);
    assert.deepEqual(ourProxies, theirProxies);
    assert.equal(ourProxies.length, 2);

    assert.deepEqual(
      (await conn.getNeighbors({ family: 'inet', dev: 'd0', state: 'stale' })).map((n) => n.destination),
      ['10.0.0.3'],
    );
    const one = await conn.getNeighbor({ address: '10.0.0.2', dev: 'd0' });
    assert.equal(one?.lladdr, '02:00:00:00:00:02');
    assert.equal(await conn.getNeighbor({ address: '10.0.0.99', dev: 'd0' }), undefined);
    assert.equal((await conn.getNeighbor({ address: '10.0.0.9', dev: 'd0', proxy: true }))?.isProxy, true);
  });
});

test('entries made through the library read back through ip -j neigh show', { skip }, async () => {
  await withNamespace(async (ns) => {
    const conn = await veths(ns);
    const show = (...args: string[]) =>
      ipJson(ns.name, 'neigh', 'show', ...args) as (IpNeigh & Record<string, unknown>)[];

    await conn.addNeighbor({ address: '10.0.0.2', dev: 'd0', lladdr: '02:00:00:00:00:02' });
    await conn.addNeighbor({
      address: '2001:db8::1',
      dev: 'd0',
      lladdr: '02:00:00:00:00:09',
      state: 'reachable',
      router: true,
    });
    await conn.addNeighbor({ address: '10.0.0.9', dev: 'd0', proxy: true });
    await conn.addNeighbor({
      address: '10.0.0.5',
      dev: 'd0',
      lladdr: '02:00:00:00:00:05',
      state: 'stale',
      protocol: 4,
    });
    assert.deepEqual(show('10.0.0.2', 'dev', 'd0'), [
      { dst: '10.0.0.2', lladdr: '02:00:00:00:00:02', state: ['PERMANENT'] },
    ]);
    assert.deepEqual(show('2001:db8::1', 'dev', 'd0'), [
      { dst: '2001:db8::1', lladdr: '02:00:00:00:00:09', router: null, state: ['REACHABLE'] },
    ]);
    assert.deepEqual(show('proxy'), [{ dst: '10.0.0.9', dev: 'd0', proxy: null }]);
    assert.equal((await conn.getNeighbor({ address: '10.0.0.5', dev: 'd0' }))?.protocol, 4);
    await assert.rejects(conn.addNeighbor({ address: '10.0.0.2', dev: 'd0', lladdr: '02:00:00:00:00:02' }), {
      errnoName: 'EEXIST',
    });

    await conn.replaceNeighbor({ address: '10.0.0.2', dev: 'd0', lladdr: '02:00:00:00:00:22', state: 'reachable' });
    assert.deepEqual(show('10.0.0.2', 'dev', 'd0')[0]?.lladdr, '02:00:00:00:00:22');
    await conn.changeNeighbor({ address: '10.0.0.2', dev: 'd0', lladdr: '02:00:00:00:00:23', state: 'permanent' });
    assert.deepEqual(show('10.0.0.2', 'dev', 'd0')[0]?.state, ['PERMANENT']);
    await assert.rejects(conn.changeNeighbor({ address: '10.0.0.77', dev: 'd0', lladdr: '02:00:00:00:00:23' }), {
      errnoName: 'ENOENT',
    });

    await conn.addNeighbor({ address: '10.0.0.6', dev: 'd0', managed: true });
    assert.ok((await conn.getNeighbor({ address: '10.0.0.6', dev: 'd0' }))?.flagNames.includes('managed'));

    await conn.delNeighbor({ address: '10.0.0.9', dev: 'd0', proxy: true });
    assert.deepEqual(show('proxy'), []);
    assert.equal(await conn.delNeighborIfExists({ address: '10.0.0.9', dev: 'd0', proxy: true }), false);

    // Flush: everything but permanent (and noarp) entries, as ip neigh flush; the result says exactly what went.
    const before = show('dev', 'd0', 'nud', 'all').map((e) => e.dst);
    const flushed = (await conn.flushNeighbors({ dev: 'd0' })).map((n) => n.destination ?? '').sort();
    const after = show('dev', 'd0', 'nud', 'all').map((e) => e.dst);
    assert.deepEqual(flushed, before.filter((d) => !after.includes(d)).sort());
    assert.ok(flushed.includes('2001:db8::1') && flushed.includes('10.0.0.5'));
    assert.ok(after.includes('10.0.0.2'), 'the permanent entry stays');
    const deleted = await conn.getNeighbor({ address: '10.0.0.2', dev: 'd0' });
    assert.ok(deleted);
    await conn.delNeighbor(deleted);
    assert.deepEqual(show('10.0.0.2', 'dev', 'd0'), []);
  });
});
