/**
 * Routes against the real kernel, in throwaway namespaces: state created by
 * iproute2 decodes as `ip -j` shows it; the same routes created by the
 * library read back through `ip -j` exactly as iproute2's do; lookups,
 * kernel-side filters, replace/append/delete and errors.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../src/index.js';
import { KernelError } from '../../src/errors.js';
import type { RouteConfig } from '../../src/route/route/config.js';
import type { RouteEntry } from '../../src/route/route/route.js';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { ip, ipJson } from '../helpers.js';
import { checkDecodesAsIp, checkReadsBackAsIp, nexthopSetup } from './route-compare.js';
import { configureByIp, type Twin, withLab } from './route-lab.js';

const skip = skipUnlessIntegration();

/** iproute2 arguments and the library config of the same route; all accepted by this kernel. */
const ROUTES: readonly Twin<RouteConfig>[] = [
  [
    ['route', 'add', '10.1.0.0/24', 'via', '10.0.0.2', 'table', '100', 'metric', '5', 'proto', 'static'],
    { dst: '10.1.0.0/24', gateway: '10.0.0.2', table: 100, metric: 5, protocol: 'static' },
  ],
  [
    ['route', 'add', '10.2.0.0/24', 'dev', 'd0', 'src', '10.0.0.1', 'realm', '5'],
    { dst: '10.2.0.0/24', dev: 'd0', prefsrc: '10.0.0.1', realm: 5 },
  ],
  [['route', 'add', 'blackhole', '10.3.0.0/24'], { dst: '10.3.0.0/24', type: 'blackhole' }],
  [
    ['route', 'add', 'unreachable', '10.3.1.0/24', 'metric', '9'],
    { dst: '10.3.1.0/24', type: 'unreachable', metric: 9 },
  ],
  [['route', 'add', 'prohibit', '10.3.2.0/24'], { dst: '10.3.2.0/24', type: 'prohibit' }],
  [['route', 'add', 'throw', '10.3.3.0/24', 'table', '100'], { dst: '10.3.3.0/24', type: 'throw', table: 100 }],
  [
    ['route', 'add', '10.4.0.0/24', 'via', '10.0.0.2', 'mtu', 'lock', '1400', 'advmss', '1360', 'rtt', '10ms'].concat([
      'initcwnd',
      '10',
      'features',
      'ecn',
      'congctl',
      'cubic',
      'rto_min',
      '300ms',
    ]),
    {
      dst: '10.4.0.0/24',
      gateway: '10.0.0.2',
      metrics: {
        mtu: 1400,
        lock: ['mtu'],
        advmss: 1360,
        rtt: 10,
        initcwnd: 10,
        features: ['ecn'],
        congctl: 'cubic',
        rtoMin: 300,
      },
    },
  ],
  [
    ['route', 'add', '10.5.0.0/24', 'nexthop', 'via', '10.0.0.2', 'dev', 'd0', 'weight', '1'].concat([
      'nexthop',
      'via',
      '10.0.0.3',
      'dev',
      'd0',
      'weight',
      '3',
    ]),
    {
      dst: '10.5.0.0/24',
      nexthops: [
        { gateway: '10.0.0.2', dev: 'd0' },
        { gateway: '10.0.0.3', dev: 'd0', weight: 3 },
      ],
    },
  ],
  [
    ['route', 'add', '10.6.0.0/24', 'via', '192.168.99.1', 'dev', 'd0', 'onlink'],
    { dst: '10.6.0.0/24', gateway: '192.168.99.1', dev: 'd0', onlink: true },
  ],
  [
    ['route', 'add', '10.7.0.0/24', 'via', 'inet6', '2001:db8::2', 'dev', 'd0'],
    { dst: '10.7.0.0/24', gateway: '2001:db8::2', dev: 'd0' },
  ],
  [['route', 'add', '10.9.0.0/24', 'nhid', '1'], { dst: '10.9.0.0/24', nhid: 1 }],
  [['route', 'add', 'local', '10.10.0.1', 'dev', 'd0'], { dst: '10.10.0.1', type: 'local', dev: 'd0' }],
  [
    ['route', 'add', '10.11.0.0/24', 'encap', 'ip', 'id', '100', 'dst', '1.2.3.4', 'dev', 'd0'],
    { dst: '10.11.0.0/24', encap: { type: 'ip', id: 100, dst: '1.2.3.4' }, dev: 'd0' },
  ],
  [
    ['route', 'add', '10.13.0.0/24', 'dev', 'd0', 'table', '1000', 'tos', '0x10'],
    { dst: '10.13.0.0/24', dev: 'd0', table: 1000, tos: 0x10 },
  ],
  [['route', 'add', 'default', 'via', '10.0.0.254'], { dst: 'default', gateway: '10.0.0.254' }],
  [
    ['-6', 'route', 'add', '2001:db8:5::/64', 'via', '2001:db8::2', 'dev', 'd0', 'metric', '100', 'pref', 'high'],
    { dst: '2001:db8:5::/64', gateway: '2001:db8::2', dev: 'd0', metric: 100, pref: 'high' },
  ],
  [
    ['-6', 'route', 'add', '2001:db8:6::/64', 'nexthop', 'via', '2001:db8::2', 'dev', 'd0', 'weight', '2'].concat([
      'nexthop',
      'via',
      '2001:db8::3',
      'dev',
      'd0',
    ]),
    {
      dst: '2001:db8:6::/64',
      nexthops: [
        { gateway: '2001:db8::2', dev: 'd0', weight: 2 },
        { gateway: '2001:db8::3', dev: 'd0' },
      ],
    },
  ],
  [
    ['-6', 'route', 'add', '2001:db8:12::/64', 'from', '2001:db8:99::/64', 'via', '2001:db8::2', 'dev', 'd0'],
    { dst: '2001:db8:12::/64', from: '2001:db8:99::/64', gateway: '2001:db8::2', dev: 'd0' },
  ],
];

test('routes created by iproute2 decode as ip -d -j shows them', { skip }, async () => {
  await checkDecodesAsIp(ROUTES, async (conn) => {
    const metrics = (await conn.getRoutes({ family: 'inet', table: 'main' })).find((r) => r.dst === '10.4.0.0/24');
    assert.deepEqual(metrics?.metrics, {
      mtu: 1400,
      rtt: 10,
      advmss: 1360,
      initcwnd: 10,
      rtoMin: 300,
      congctl: 'cubic',
      features: ['ecn'],
      lock: ['mtu', 'rtoMin'],
    });
  });
});

test('routes created by the library read back through ip -j exactly as iproute2 creates them', { skip }, async () => {
  await checkReadsBackAsIp(ROUTES);
});

test('lookups: getRoute answers as ip route get', { skip }, async () => {
  await withLab(async (ns) => {
    const conn = configureByIp(ns, ROUTES.slice(0, 8));
    const d0 = (await conn.requireLink('d0')).ifindex;
    const r = await conn.getRoute('10.5.0.9');
    const [theirs] = ipJson(ns.name, 'route', 'get', '10.5.0.9') as { gateway: string; prefsrc: string }[];
    assert.deepEqual([r.gateway, r.oif, r.prefsrc], [theirs?.gateway, d0, theirs?.prefsrc]);
    const fib = await conn.getRoute('10.5.0.9', { fibMatch: true });
    assert.deepEqual([fib.dst, fib.nexthops?.length], ['10.5.0.0/24', 2]);
    const v6 = await conn.getRoute('2001:db8::42');
    assert.deepEqual([v6.family, v6.oif, v6.dst], ['inet6', d0, '2001:db8::42/128']);
    await assert.rejects(conn.getRoute('10.3.1.1'), (e: unknown) => {
      assert.ok(e instanceof KernelError);
      assert.equal(e.errnoName, 'EHOSTUNREACH');
      assert.match(e.message, /^get route 10\.3\.1\.1: /);
      return true;
    });
  });
});

test('dumps filtered by the kernel: table, protocol, type, device, family', { skip }, async () => {
  await withLab(async (ns) => {
    nexthopSetup(ns.name);
    const conn = configureByIp(ns, ROUTES);
    const all = await conn.getRoutes();
    const dsts = (rs: RouteEntry[]) => rs.map((r) => `${r.table} ${r.dst}`).sort();
    const d1 = (await conn.requireLink('d1')).ifindex;
    const cases: [Parameters<typeof conn.getRoutes>[0], (r: RouteEntry) => boolean][] = [
      [{ table: 100 }, (r) => r.table === 100],
      [{ table: 1000, family: 'inet' }, (r) => r.table === 1000 && r.family === 'inet'],
      [{ protocol: 'static' }, (r) => r.protocol === 'static'],
      [{ type: 'blackhole' }, (r) => r.type === 'blackhole'],
      [{ dev: 'd1' }, (r) => r.oif === d1],
      [{ family: 'inet6', table: 'main' }, (r) => r.family === 'inet6' && r.table === 254],
    ];
    for (const [filter, keep] of cases) {
      const want = dsts(all.filter(keep));
      assert.ok(want.length > 0, JSON.stringify(filter));
      assert.deepEqual(dsts(await conn.getRoutes(filter)), want, JSON.stringify(filter));
    }
    assert.deepEqual(await conn.getRoutes({ family: 'inet', table: 4242 }), []);
    const streamed: string[] = [];
    for await (const r of conn.streamRoutes({ table: 100 })) streamed.push(`${r.table} ${r.dst}`);
    assert.deepEqual(streamed.sort(), dsts(all.filter((r) => r.table === 100)));
  });
});

test('replace, append, delete; kernel errors name the operation and the route', { skip }, async () => {
  await withLab(async (ns) => {
    const conn = ns.connection();
    await conn.addRoute({ dst: '10.20.0.0/24', gateway: '10.0.0.2' });
    await assert.rejects(conn.addRoute({ dst: '10.20.0.0/24', gateway: '10.0.0.2' }), (e: unknown) => {
      assert.ok(e instanceof KernelError && e.isExists());
      assert.match(e.message, /^add route 10\.20\.0\.0\/24: File exists \(EEXIST\)/);
      return true;
    });
    await conn.replaceRoute({ dst: '10.20.0.0/24', gateway: '10.0.0.3' });
    assert.equal((ipJson(ns.name, 'route', 'show', '10.20.0.0/24') as { gateway: string }[])[0]?.gateway, '10.0.0.3');
    await assert.rejects(conn.addRoute({ dst: '10.21.0.0/24', gateway: '10.99.0.1', table: 100 }), {
      message: /^add route 10\.21\.0\.0\/24 table 100: Network is unreachable \(ENETUNREACH\)/,
    });
    await conn.addRoute({ dst: '2001:db8:20::/64', gateway: '2001:db8::2' });
    await conn.appendRoute({ dst: '2001:db8:20::/64', gateway: '2001:db8::3' });
    const [v6] = ipJson(ns.name, '-6', 'route', 'show', '2001:db8:20::/64') as { nexthops?: unknown[] }[];
    assert.equal(v6?.nexthops?.length, 2);
    await conn.delRoute({ dst: '10.20.0.0/24' });
    assert.equal(await conn.delRouteIfExists({ dst: '10.20.0.0/24' }), false);
    assert.equal(await conn.delRouteIfExists({ dst: '2001:db8:20::/64' }), true);
    assert.deepEqual(ipJson(ns.name, 'route', 'show', '10.20.0.0/24'), []);
  });
});

test("the seed's address and route examples, as config objects", { skip }, async () => {
  await withLab(async (ns) => {
    ip(ns.name, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth1');
    ip(ns.name, 'link', 'set', 'eth0', 'up');
    const conn = ns.connection();
    // conn.add_address(Ipv4Address::new("eth0", Ipv4Addr::new(192, 168, 1, 100), 24))
    await conn.addAddress({ dev: 'eth0', address: '192.168.1.100', prefixLen: 24 });
    // conn.add_address(Ipv6Address::new("eth0", "2001:db8::100".parse()?, 64))
    await conn.addAddress({ dev: 'eth0', address: '2001:db8:1::100/64', flags: ['nodad'] });
    // conn.add_route(Ipv4Route::new("10.0.0.0", 8).gateway(Ipv4Addr::new(192, 168, 1, 1)))
    await conn.addRoute({ dst: '10.0.0.0/8', gateway: '192.168.1.1' });
    // conn.add_route(Ipv6Route::new("2001:db8:2::", 48).gateway("2001:db8:1::1".parse()?).dev("eth0"))
    await conn.addRoute({ dst: '2001:db8:2::/48', gateway: '2001:db8:1::1', dev: 'eth0' });
    // conn.add_route(Ipv4Route::new("10.1.0.0", 16).nexthops([NextHop::new().gateway(..).weight(1), ...]))
    await conn.addRoute({
      dst: '10.1.0.0/16',
      nexthops: [
        { gateway: '192.168.1.1', weight: 1 },
        { gateway: '192.168.1.2', weight: 2 },
      ],
    });
    // conn.del_route_v4("10.0.0.0", 8)
    await conn.delRoute({ dst: '10.0.0.0/8' });
    const [eth0] = ipJson(ns.name, 'address', 'show', 'dev', 'eth0') as {
      addr_info: { local: string; prefixlen: number }[];
    }[];
    assert.deepEqual(
      eth0?.addr_info.filter((a) => !a.local.startsWith('fe80')).map((a) => `${a.local}/${a.prefixlen}`),
      ['192.168.1.100/24', '2001:db8:1::100/64'],
    );
    const routes = ipJson(ns.name, 'route', 'show', '10.1.0.0/16') as { nexthops: { weight: number }[] }[];
    assert.deepEqual(
      routes[0]?.nexthops.map((h) => h.weight),
      [1, 2],
    );
    assert.deepEqual(ipJson(ns.name, 'route', 'show', '10.0.0.0/8'), []);
    assert.equal(
      (ipJson(ns.name, '-6', 'route', 'show', '2001:db8:2::/48') as { gateway: string }[])[0]?.gateway,
      '2001:db8:1::1',
    );
    const found = await conn.getAddressByIp('192.168.1.100');
    assert.deepEqual([found?.prefix, found?.ifindex], ['192.168.1.100/24', (await conn.requireLink('eth0')).ifindex]);
  });
});
