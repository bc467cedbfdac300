/**
 * Route changes that name no interface are built when a typed batch is
 * sent (`Batch.defer`): their requests must be those the single mutators
 * send, whatever the route's shape.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../src/index.js';
import { type RouteConfig, routeNamesInterfaces } from '../../src/route/route/config.js';
import { Connection } from '../../src/session/connection.js';
import { Route } from '../../src/session/protocol.js';
import { FakeSocket } from '../../src/testing/fake-socket.js';
import * as frames from '../../src/testing/frames.js';
import { assertBatchedLikeSingle } from './requests.js';

const ROUTES: readonly RouteConfig[] = [
  { dst: '10.1.0.0/16', gateway: '10.0.0.254', table: 100 },
  { dst: '10.0.0.1', type: 'unreachable', table: 200, protocol: 'static' },
  { dst: 'default', gateway: '10.0.0.1', metric: 100, metrics: { mtu: 1400, lock: ['mtu'] } },
  { dst: '10.2.0.0/24', dev: 3, scope: 'link', table: 70000 },
  { dst: '2001:db8::/64', gateway: 'fe80::1', dev: 2, pref: 'high', expires: 60 },
  { dst: '10.3.0.0/16', gateway: '2001:db8::1', onlink: true, dev: 4 },
  { dst: '10.4.0.0/16', nhid: 9 },
  { family: 'mpls', label: 100, via: '10.0.0.1', newLabels: [200, 300], dev: 5 },
  { dst: '10.5.0.0/16', type: 'local', prefsrc: '10.5.0.1', realm: { from: 1, to: 2 } },
];

test('deferred route changes send the requests of the single mutators', async () => {
  const single = new FakeSocket();
  single.onRequest = (req) => [frames.ack(req)];
  const conn1 = new Connection(Route, { socketFactory: single.factory });
  for (const r of ROUTES) {
    await conn1.addRoute(r);
    await conn1.replaceRoute(r);
    await conn1.appendRoute(r);
    await conn1.delRoute(r);
  }
  conn1.close();

  const batched = new FakeSocket();
  batched.onRequest = (req) => [frames.ack(req)];
  const conn2 = new Connection(Route, { socketFactory: batched.factory });
  const batch = conn2.batch();
  for (const r of ROUTES) {
    assert.equal(routeNamesInterfaces(r), false);
    batch.addRoute(r).replaceRoute(r).appendRoute(r).delRoute(r);
  }
  const results = await batch.execute();
  conn2.close();
  assert.ok(results.every((r) => r.ok));
  assertBatchedLikeSingle(batched, single);
});

test('routes naming interfaces by name, next hops or an encapsulation are built before sending', () => {
  assert.equal(routeNamesInterfaces({ dst: '10.0.0.0/24', dev: 'eth0' }), true);
  assert.equal(routeNamesInterfaces({ dst: '10.0.0.0/24', nexthops: [{ gateway: '10.0.0.1', dev: 2 }] }), true);
  assert.equal(routeNamesInterfaces({ dst: '10.0.0.0/24', encap: { type: 'mpls', labels: [100] }, dev: 2 }), true);
  assert.equal(routeNamesInterfaces({ dst: '10.0.0.0/24', dev: 2 }), false);
  assert.equal(routeNamesInterfaces(null as unknown as RouteConfig), false);
});

test('a deferred route that cannot be built gets its error, named as the single mutator names it', async () => {
  const fake = new FakeSocket();
  fake.onRequest = (req) => [frames.ack(req)];
  const conn = new Connection(Route, { socketFactory: fake.factory });
  const results = await conn
    .batch()
    .addRoute({ dst: '10.0.0.1/24', type: 'unreachable' })
    .addRoute({ dst: '10.0.0.0/24', dev: 0 })
    .addRoute({ dst: '10.0.0.0/24', type: 'unreachable' })
    .execute();
  conn.close();
  const single = new Connection(Route, { socketFactory: new FakeSocket().factory });
  const expected = await Promise.all([
    single.addRoute({ dst: '10.0.0.1/24', type: 'unreachable' }).catch((e: Error) => e.message),
    single.addRoute({ dst: '10.0.0.0/24', dev: 0 }).catch((e: Error) => e.message),
  ]);
  single.close();
  assert.deepEqual(
    results.map((r) => (r.ok ? 'ok' : r.error.message)),
    [...expected, 'ok'],
  );
  assert.equal(fake.sent.length, 1);
});
