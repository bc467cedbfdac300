/**
 * Nexthop requests, attribute for attribute against iproute2's for the same
 * `ip nexthop` command (fixtures captured with scripts/capture-request.mjs),
 * and the checks made before anything is sent.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RTM } from '../../../src/core/constants.js';
import { InvalidArgumentError } from '../../../src/errors.js';
import type { NexthopConfig } from '../../../src/route/nexthop/config.js';
import { nexthopMessage } from '../../../src/route/nexthop/schema.js';
import type { Connection } from '../../../src/session/connection.js';
import type { Route } from '../../../src/session/protocol.js';
import { diffFixture, lastRequestOf, requestsOf } from '../route/fake.js';

const ADDS: Readonly<Record<string, NexthopConfig>> = {
  'nh-gw': { id: 1, gateway: '10.0.0.2', dev: 'd0' },
  'nh-gw-proto': { id: 1, gateway: '10.0.0.2', dev: 'd0', protocol: 'static' },
  'nh-onlink': { id: 2, gateway: '192.168.9.1', dev: 'd0', onlink: true },
  'nh-dev': { id: 3, dev: 'd0' },
  'nh-blackhole': { id: 4, blackhole: true },
  'nh-fdb': { id: 5, gateway: '10.0.0.2', fdb: true },
  'nh-v6': { id: 6, gateway: '2001:db8::2', dev: 'd0' },
  'nh-encap': { id: 7, encap: { type: 'mpls', labels: [100, 200] }, gateway: '10.0.0.2', dev: 'd0' },
  'nh-group': {
    id: 10,
    group: [
      { id: 1, weight: 2 },
      { id: 2, weight: 3 },
    ],
  },
  'nh-group-fdb': { id: 10, group: [{ id: 1 }, { id: 2 }], fdb: true },
  'nh-res': {
    id: 11,
    group: [{ id: 1 }, { id: 2 }],
    type: 'resilient',
    buckets: 8,
    idleTimer: 10,
    unbalancedTimer: 20,
  },
  'nh-mpath': { id: 12, group: [{ id: 1 }, { id: 2 }], type: 'mpath' },
};

for (const [name, config] of Object.entries(ADDS)) {
  test(`addNexthop: the same request as iproute2's ${name}`, async () => {
    const ours = await lastRequestOf((conn) => conn.addNexthop(config));
    assert.deepEqual(diffFixture(ours, name, nexthopMessage), []);
  });
}

test('replace, delete, get, dumps and buckets: the same requests as iproute2', async () => {
  const cases: [string, (c: Connection<Route>) => Promise<unknown>, number?][] = [
    ['nh-replace', (c) => c.replaceNexthop({ id: 1, gateway: '10.0.0.3', dev: 'd0' })],
    ['nh-del', (c) => c.delNexthop(1)],
    ['nh-get', (c) => c.getNexthop(1), RTM.GETNEXTHOP],
    ['nh-dump', (c) => c.getNexthops(), RTM.GETNEXTHOP],
    ['nh-dump-dev', (c) => c.getNexthops({ dev: 'd0' }), RTM.GETNEXTHOP],
    ['nh-dump-groups', (c) => c.getNexthops({ groups: true }), RTM.GETNEXTHOP],
    ['nh-dump-fdb', (c) => c.getNexthops({ fdb: true }), RTM.GETNEXTHOP],
    ['nh-bucket-dump', (c) => c.getNexthopBuckets({ id: 1 }), RTM.GETNEXTHOPBUCKET],
    ['nh-bucket-dump-nhid', (c) => c.getNexthopBuckets({ nhid: 1 }), RTM.GETNEXTHOPBUCKET],
    ['nh-bucket-get', (c) => c.getNexthopBucket(1, 0), RTM.GETNEXTHOPBUCKET],
  ];
  for (const [name, body, type] of cases) {
    const ours = await lastRequestOf(body);
    const options = type === undefined ? {} : { type, acked: true };
    assert.deepEqual(diffFixture(ours, name, nexthopMessage, options), [], name);
  }
});

test('bad nexthops are rejected before anything is sent', async () => {
  const bad: NexthopConfig[] = [
    { id: 0, gateway: '10.0.0.2' },
    { id: 1, gateway: '10.0.0.300' },
    { id: 1, group: [] },
    { id: 1, group: [{ id: 2, weight: 257 }] },
    { id: 1, group: [{ id: 2 }], buckets: 8 },
    { id: 1, gateway: '2001:db8::1', family: 'inet' },
    { id: 1, encap: { type: 'mpls', labels: [1 << 20] }, dev: 'd0' },
  ];
  for (const config of bad) {
    const sent = await requestsOf((c) =>
      c.addNexthop(config).then(
        () => assert.fail(`accepted ${JSON.stringify(config)}`),
        (err: unknown) => assert.ok(err instanceof InvalidArgumentError, `${JSON.stringify(config)}: ${String(err)}`),
      ),
    );
    assert.equal(sent.length, 0, JSON.stringify(config));
  }
});
