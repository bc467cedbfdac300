/**
 * Address requests, attribute for attribute against iproute2's for the same
 * `ip address` command (fixtures captured with scripts/capture-request.mjs),
 * and the checks made before anything is sent.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NLM_F, RTM } from '../../../src/core/constants.js';
import { InvalidArgumentError, NotFoundError } from '../../../src/errors.js';
import type { AddressConfig } from '../../../src/route/addr/config.js';
import { addressMessage } from '../../../src/route/addr/schema.js';
import type { Connection } from '../../../src/session/connection.js';
import type { Route } from '../../../src/session/protocol.js';
import { diffFixture, lastRequestOf, requestsOf } from '../route/fake.js';

const ADDS: Readonly<Record<string, AddressConfig>> = {
  'addr-v4': { dev: 'd0', address: '10.0.1.1/24' },
  'addr-v4-brd-label': { dev: 'd0', address: '10.0.1.1/24', broadcast: '+', label: 'd0:1', scope: 'link' },
  'addr-v4-brd-minus': { dev: 'd0', address: '10.0.1.1/24', broadcast: '-' },
  'addr-v4-brd-explicit': { dev: 'd0', address: '10.0.1.1/24', broadcast: '10.0.1.127' },
  'addr-v4-peer': { dev: 'd0', address: '10.0.2.1', peer: '10.0.2.2/32' },
  'addr-v4-lft': { dev: 'd0', address: '10.0.1.1/24', validLifetime: 100, preferredLifetime: 50, metric: 10 },
  'addr-v4-lft-forever': { dev: 'd0', address: '10.0.1.1/24', preferredLifetime: 0 },
  'addr-v4-lo': { dev: 'lo', address: '127.0.0.2/8' },
  'addr-v4-autojoin': { dev: 'd0', address: '239.1.1.1/32', flags: ['autojoin'] },
  'addr-v6': { dev: 'd0', address: '2001:db8:1::1/64', flags: ['nodad'] },
  'addr-v6-flags': { dev: 'd0', address: '2001:db8:1::1/64', flags: ['nodad', 'noprefixroute', 'home', 'mngtmpaddr'] },
  'addr-v6-peer': { dev: 'd0', address: '2001:db8:2::1/128', peer: '2001:db8:2::2/128', flags: ['nodad'] },
};

for (const [name, config] of Object.entries(ADDS)) {
  test(`addAddress: the same request as iproute2's ${name}`, async () => {
    const ours = await lastRequestOf((conn) => conn.addAddress(config));
    assert.deepEqual(diffFixture(ours, name, addressMessage), []);
  });
}

test('replaceAddress, delAddress: the same requests as iproute2', async () => {
  const cases: [string, (c: Connection<Route>) => Promise<unknown>][] = [
    [
      'addr-replace',
      (c) => c.replaceAddress({ dev: 'd0', address: '10.0.0.1/24', validLifetime: 100, preferredLifetime: 100 }),
    ],
    ['addr-del', (c) => c.delAddress({ dev: 'd0', address: '10.0.0.1/24' })],
    ['addr-del-v6', (c) => c.delAddress({ dev: 'd0', address: '2001:db8::1/64' })],
  ];
  for (const [name, body] of cases) {
    assert.deepEqual(diffFixture(await lastRequestOf(body), name, addressMessage), [], name);
  }
});

test('getAddresses: the same dump requests as `ip address show`, by interface filtered by the kernel', async () => {
  const cases: [string, Parameters<Connection<Route>['getAddresses']>[0]][] = [
    ['addr-dump', {}],
    ['addr-dump-dev', { dev: 'd0' }],
    ['addr-dump-v6', { family: 'inet6' }],
  ];
  for (const [name, filter] of cases) {
    const ours = await lastRequestOf((c) => c.getAddresses(filter));
    assert.deepEqual(diffFixture(ours, name, addressMessage, { type: RTM.GETADDR, acked: true }), [], name);
  }
});

test('a v4 address deleted without a length matches any length: no IFA_ADDRESS, as iproute2', async () => {
  const ours = await lastRequestOf((c) => c.delAddress({ dev: 'd0', address: '10.0.0.1' }));
  const m = addressMessage.decode(ours.subarray(16));
  assert.equal(m.attrs.local, '10.0.0.1');
  assert.equal(m.attrs.address, undefined);
  assert.equal(m.header.prefixlen, 32);
});

test('flags: add is CREATE|EXCL, replace CREATE|REPLACE, delete none', async () => {
  const sent = await requestsOf(async (c) => {
    await c.addAddress({ dev: 3, address: '10.0.0.1/24' });
    await c.replaceAddress({ dev: 3, address: '10.0.0.1/24' });
    await c.delAddress({ dev: 3, address: '10.0.0.1/24' });
  });
  assert.deepEqual(
    sent.map((m) => [m.header.type, m.header.flags & ~(NLM_F.REQUEST | NLM_F.ACK)]),
    [
      [RTM.NEWADDR, NLM_F.CREATE | NLM_F.EXCL],
      [RTM.NEWADDR, NLM_F.CREATE | NLM_F.REPLACE],
      [RTM.DELADDR, 0],
    ],
  );
});

test('bad addresses are rejected before anything is sent', async () => {
  const bad: AddressConfig[] = [
    { dev: 'd0', address: '10.0.0.256/24' },
    { dev: 'd0', address: '10.0.0.1/33' },
    { dev: 'd0', address: '010.0.0.1/24' },
    { dev: 'd0', address: '10.0.0.1/24', prefixLen: 16 },
    { dev: 'd0', address: '10.0.0.1/24', peer: '10.0.0.2/32' },
    { dev: 'd0', address: '10.0.0.1/24', label: 'eth0:1' },
    { dev: 'd0', address: '10.0.0.1/24', label: 'd0:this-is-too-long' },
    { dev: 'd0', address: '2001:db8::1/64', broadcast: '+' } as unknown as AddressConfig,
    { dev: 'd0', address: '10.0.0.1/24', validLifetime: 10, preferredLifetime: 20 },
    { dev: 'd0', address: '10.0.0.1/24', flags: ['secondary'] } as unknown as AddressConfig,
    { dev: 'd0', address: '10.0.0.1/24', scope: 'galaxy' } as unknown as AddressConfig,
    { dev: 'd0', address: '10.0.0.1/24', peer: '2001:db8::2' },
    { dev: 'bad/name', address: '10.0.0.1/24' },
  ];
  for (const config of bad) {
    const sent = await requestsOf((c) =>
      c.addAddress(config).then(
        () => assert.fail(`accepted ${JSON.stringify(config)}`),
        (err: unknown) => assert.ok(err instanceof InvalidArgumentError, `${JSON.stringify(config)}: ${String(err)}`),
      ),
    );
    assert.equal(sent.length, 0, JSON.stringify(config));
  }
});

test('a label is checked against the link name, looked up when the link is given by index', async () => {
  const ok = await lastRequestOf((c) => c.addAddress({ dev: 3, address: '10.0.1.1/24', label: 'd0:1' }));
  assert.equal(addressMessage.decode(ok.subarray(16)).attrs.label, 'd0:1');
  await assert.rejects(
    requestsOf((c) => c.addAddress({ dev: 2, address: '10.0.1.1/24', label: 'd0:1' })),
    /must start with the interface name d1/,
  );
  await assert.rejects(
    requestsOf((c) => c.addAddress({ dev: 'nope0', address: '10.0.1.1/24' })),
    NotFoundError,
  );
});
