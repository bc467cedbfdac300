/**
 * Addresses against the real kernel, in throwaway namespaces: state created
 * by iproute2 decodes as `ip -j` shows it; the same addresses created by the
 * library read back through `ip -j` as iproute2's do; filters, replace,
 * delete, flush, events and errors.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../src/index.js';
import { KernelError } from '../../src/errors.js';
import type { AddressConfig } from '../../src/route/addr/config.js';
import { RtnetlinkGroup } from '../../src/route/events.js';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { ipJson } from '../helpers.js';
import { configureByIp, configureTwins, type Twin, withLab, withTwins } from './route-lab.js';

const skip = skipUnlessIntegration();

/** iproute2 arguments and the library config of the same address. */
const ADDRESSES: readonly Twin<AddressConfig>[] = [
  [
    ['address', 'add', '10.1.0.1/24', 'brd', '+', 'dev', 'd0', 'label', 'd0:one'],
    { dev: 'd0', address: '10.1.0.1/24', broadcast: '+', label: 'd0:one' },
  ],
  [['address', 'add', '10.1.0.2/24', 'dev', 'd0'], { dev: 'd0', address: '10.1.0.2/24' }],
  [
    ['address', 'add', '10.2.0.1', 'peer', '10.2.0.2/32', 'dev', 'd0', 'scope', 'link'],
    { dev: 'd0', address: '10.2.0.1', peer: '10.2.0.2/32', scope: 'link' },
  ],
  [
    ['address', 'add', '10.3.0.1/16', 'broadcast', '10.3.255.254', 'dev', 'd1', 'metric', '77'],
    { dev: 'd1', address: '10.3.0.1/16', broadcast: '10.3.255.254', metric: 77 },
  ],
  [
    [
      'address',
      'add',
      '2001:db8:1::1/64',
      'dev',
      'd0',
      'nodad',
      'noprefixroute',
      'valid_lft',
      '1000',
      'preferred_lft',
      '500',
    ],
    {
      dev: 'd0',
      address: '2001:db8:1::1/64',
      flags: ['nodad', 'noprefixroute'],
      validLifetime: 1000,
      preferredLifetime: 500,
    },
  ],
  [
    ['address', 'add', '2001:db8:2::1/64', 'dev', 'd1', 'nodad', 'home', 'mngtmpaddr'],
    { dev: 'd1', address: '2001:db8:2::1/64', flags: ['nodad', 'home', 'mngtmpaddr'] },
  ],
  [['address', 'add', '127.0.0.2/8', 'dev', 'lo'], { dev: 'lo', address: '127.0.0.2/8' }],
];

interface IpAddr {
  family: string;
  local: string;
  address?: string;
  prefixlen: number;
  broadcast?: string;
  scope: string;
  label?: string;
  metric?: number;
  valid_life_time: number;
  preferred_life_time: number;
  [flag: string]: unknown;
}

/** Flags ip -j prints as `name: true` (and `dynamic` for addresses without IFA_F_PERMANENT). */
const FLAGS = ['secondary', 'nodad', 'noprefixroute', 'home', 'mngtmpaddr', 'deprecated', 'tentative'];

/** Every address of a namespace as `ip -j` shows it, by interface; link-local addresses (MAC-derived) left out. */
function ipAddresses(ns: string): (IpAddr & { dev: string })[] {
  const links = ipJson(ns, 'address', 'show') as { ifname: string; addr_info: IpAddr[] }[];
  return links.flatMap((l) =>
    l.addr_info.filter((a) => !a.local.startsWith('fe80')).map((a) => ({ ...a, dev: l.ifname })),
  );
}

/** Comparable state: lifetimes that count down become `finite`. */
function addressState(ns: string): string[] {
  const forever = 0xffffffff;
  return ipAddresses(ns)
    .map((a) =>
      JSON.stringify({
        ...a,
        valid_life_time: a.valid_life_time === forever ? 'forever' : 'finite',
        preferred_life_time: a.preferred_life_time === forever ? 'forever' : 'finite',
      }),
    )
    .sort();
}

test('addresses created by iproute2 decode as ip -j shows them', { skip }, async () => {
  await withLab(async (ns) => {
    const conn = configureByIp(ns, ADDRESSES);
    const names = await conn.getInterfaceNames();
    const ours = await conn.getAddresses();
    const theirs = ipAddresses(ns.name);
    assert.ok(theirs.length >= ADDRESSES.length);
    for (const t of theirs) {
      const mine = ours.find((a) => a.address === t.local && names.get(a.ifindex) === t.dev);
      assert.ok(mine, `no address ${t.local} on ${t.dev}`);
      assert.deepEqual(
        {
          family: mine.family,
          peer: mine.peer,
          prefixlen: mine.prefixLen,
          broadcast: mine.broadcast,
          scope: mine.scope,
          label: mine.label,
          metric: mine.metric,
          flags: mine.flagNames.filter((f) => FLAGS.includes(f)).sort(),
          permanent: mine.isPermanent,
        },
        {
          family: t.family,
          peer: t.address,
          prefixlen: t.prefixlen,
          broadcast: t.broadcast,
          scope: t.scope,
          label: t.label,
          metric: t.metric,
          flags: FLAGS.filter((f) => t[f] === true).sort(),
          permanent: t.dynamic !== true,
        },
        `${t.local} on ${t.dev}`,
      );
      for (const [lifetime, key] of [
        [mine.validLifetime, 'valid_life_time'],
        [mine.preferredLifetime, 'preferred_life_time'],
      ] as const) {
        const v = t[key];
        if (v === 0xffffffff) assert.equal(lifetime, 'forever');
        else assert.ok(typeof lifetime === 'number' && Math.abs(lifetime - v) <= 2, `${t.local} ${key}`);
      }
    }
  });
});

test('addresses created by the library read back through ip -j exactly as iproute2 creates them', {
  skip,
}, async () => {
  await withTwins(async (byIp, byLib) => {
    await configureTwins(byIp, byLib, ADDRESSES, (conn, address) => conn.addAddress(address));
    assert.deepEqual(addressState(byLib.name), addressState(byIp.name));
    const v6 = ipAddresses(byLib.name).find((a) => a.local === '2001:db8:1::1');
    assert.ok(v6 && v6.valid_life_time <= 1000 && v6.valid_life_time >= 990, 'the lifetime counts down from 1000');
  });
});

test('filters, lookup by IP, replace, delete, flush; errors name the operation', { skip }, async () => {
  await withLab(async (ns) => {
    const conn = configureByIp(ns, ADDRESSES);
    const d0 = (await conn.requireLink('d0')).ifindex;
    const all = await conn.getAddresses();
    const key = (as: { prefix: string; ifindex: number }[]) => as.map((a) => `${a.ifindex} ${a.prefix}`).sort();
    assert.deepEqual(key(await conn.getAddresses({ dev: 'd0' })), key(all.filter((a) => a.ifindex === d0)));
    assert.deepEqual(
      key(await conn.getAddresses({ dev: d0, family: 'inet6' })),
      key(all.filter((a) => a.ifindex === d0 && a.family === 'inet6')),
    );
    const streamed = [];
    for await (const a of conn.streamAddresses({ family: 'inet' })) streamed.push(a);
    assert.deepEqual(key(streamed), key(all.filter((a) => a.family === 'inet')));

    const peer = await conn.getAddressByIp('10.2.0.1');
    assert.deepEqual([peer?.peer, peer?.scope], ['10.2.0.2', 'link']);
    assert.equal(await conn.getAddressByIp('10.9.9.9'), undefined);

    await assert.rejects(conn.addAddress({ dev: 'd0', address: '10.1.0.2/24' }), (e: unknown) => {
      assert.ok(e instanceof KernelError && e.isExists());
      assert.equal(e.message.split(':')[0], 'add address 10.1.0.2/24 dev d0');
      return true;
    });
    await conn.replaceAddress({ dev: 'd0', address: '10.1.0.2/24', validLifetime: 300, preferredLifetime: 200 });
    const replaced = await conn.getAddressByIp('10.1.0.2');
    assert.ok(typeof replaced?.validLifetime === 'number' && replaced.validLifetime <= 300);

    await conn.delAddress({ dev: 'd0', address: '10.1.0.2/24' });
    assert.equal(await conn.delAddressIfExists({ dev: 'd0', address: '10.1.0.2/24' }), false);
    assert.equal(await conn.getAddressByIp('10.1.0.2'), undefined);

    const v4OnD0 = all.filter((a) => a.ifindex === d0 && a.family === 'inet').length;
    // 10.1.0.2 is gone already; the rest of d0's IPv4 addresses go, its IPv6 ones stay.
    assert.equal(await conn.flushAddresses('d0', 'inet'), v4OnD0 - 1);
    assert.deepEqual(await conn.getAddresses({ dev: 'd0', family: 'inet' }), []);
    assert.ok((await conn.getAddresses({ dev: 'd0', family: 'inet6' })).length >= 2);
    assert.ok((await conn.flushAddresses('d0')) >= 2);
    const left = (ipJson(ns.name, 'address', 'show', 'dev', 'd0') as { addr_info: IpAddr[] }[])[0]?.addr_info ?? [];
    assert.deepEqual(
      left.filter((a) => a.scope === 'global'),
      [],
    );
  });
});

test('address changes arrive as typed events', { skip }, async () => {
  await withLab(async (ns) => {
    const conn = ns.connection();
    const watcher = ns.connection();
    watcher.subscribe([RtnetlinkGroup.Ipv4Addr, RtnetlinkGroup.Ipv6Addr]);
    const seen: string[] = [];
    const done = (async () => {
      for await (const ev of watcher.events()) {
        if (ev.type === 'NewAddress' || ev.type === 'DelAddress') seen.push(`${ev.type} ${ev.address.prefix}`);
        if (ev.type === 'DelAddress') break;
      }
    })();
    await conn.addAddress({ dev: 'd1', address: '10.7.0.1/24' });
    await conn.delAddress({ dev: 'd1', address: '10.7.0.1/24' });
    await done;
    assert.deepEqual(seen, ['NewAddress 10.7.0.1/24', 'DelAddress 10.7.0.1/24']);
  });
});
