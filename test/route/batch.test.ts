/**
 * Typed batches (`conn.batch().addRoute(...)`, ...): the requests are those
 * the single mutators send, names are looked up once per batch, a change
 * that cannot be built gets its error as its result and is not sent, and
 * results come back in order.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RTM } from '../../src/core/constants.js';
import { InvalidArgumentError, KernelError, NotFoundError } from '../../src/errors.js';
import '../../src/index.js';
import { Connection } from '../../src/session/connection.js';
import { Route } from '../../src/session/protocol.js';
import { FakeSocket } from '../../src/testing/fake-socket.js';
import * as frames from '../../src/testing/frames.js';
import { assertBatchedLikeSingle } from './requests.js';

test('typed batch methods send the same requests as the single mutators, one link lookup per name', async () => {
  const single = new FakeSocket();
  single.onRequest = (req) => [frames.ack(req)];
  const conn1 = new Connection(Route, { socketFactory: single.factory });
  await conn1.addRoute({ dst: '10.1.0.0/16', gateway: '10.0.0.254', table: 100 });
  await conn1.delNexthop(7);
  await conn1.setLinkMtu(3, 1400);
  await conn1.addNeighbor({ address: '10.0.0.9', dev: 3, lladdr: '02:00:00:00:00:09' });
  conn1.close();

  const batched = new FakeSocket();
  batched.onRequest = (req) => [frames.ack(req)];
  const conn2 = new Connection(Route, { socketFactory: batched.factory });
  const results = await conn2
    .batch()
    .addRoute({ dst: '10.1.0.0/16', gateway: '10.0.0.254', table: 100 })
    .delNexthop(7)
    .setLinkMtu(3, 1400)
    .addNeighbor({ address: '10.0.0.9', dev: 3, lladdr: '02:00:00:00:00:09' })
    .execute();
  conn2.close();
  assert.deepEqual(results, [{ ok: true }, { ok: true }, { ok: true }, { ok: true }]);
  assert.equal(batched.sentBuffers.length, 1, 'one datagram');
  assertBatchedLikeSingle(batched, single);
});

test('a change that cannot be built is not sent and gets its error; the others go, in order', async () => {
  const fake = new FakeSocket();
  fake.onRequest = (req) => {
    // RTM_GETLINK of "nope": no such device; route adds: the second one exists.
    if (req.header.type === RTM.GETLINK) return [frames.error(req, 19)];
    return [
      fake.sent.filter((m) => m.header.type === RTM.NEWROUTE).length === 2 ? frames.error(req, 17) : frames.ack(req),
    ];
  };
  const conn = new Connection(Route, { socketFactory: fake.factory });
  const results = await conn
    .batch()
    .addRoute({ dst: '10.1.0.0/16', gateway: '10.0.0.254' })
    .addRoute({ dst: '10.2.0.0/33', gateway: '10.0.0.254' })
    .addRoute({ dst: '10.3.0.0/16', dev: 'nope' })
    .setLinkMtu(3, -1)
    .addRoute({ dst: '10.4.0.0/16', gateway: '10.0.0.254' })
    .execute();
  conn.close();
  assert.equal(results.length, 5);
  assert.ok(results[0]?.ok);
  const errorOf = (i: number) => {
    const r = results[i];
    assert.ok(r && !r.ok);
    return r.error;
  };
  assert.ok(errorOf(1) instanceof InvalidArgumentError);
  assert.ok(errorOf(2) instanceof NotFoundError);
  assert.match(errorOf(2).message, /nope/);
  assert.ok(errorOf(3) instanceof InvalidArgumentError);
  const exists = errorOf(4);
  assert.ok(exists instanceof KernelError && exists.isExists());
  assert.match(exists.message, /^add route 10\.4\.0\.0\/16: File exists/);
  assert.deepEqual(
    fake.sent.filter((m) => m.header.type === RTM.NEWROUTE).length,
    2,
    'only the two routes that could be built were sent',
  );
});
