import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NLMSG } from '../../src/core/constants.js';
import { ClosedError, KernelError, TimeoutError } from '../../src/errors.js';
import { Connection } from '../../src/session/connection.js';
import { ConnectionPool } from '../../src/session/pool.js';
import { Route } from '../../src/session/protocol.js';
import { FakeSocket } from '../../src/testing/fake-socket.js';
import * as frames from '../../src/testing/frames.js';

const noop = { type: NLMSG.NOOP, payload: new Uint8Array(0) };

test('a batch packs requests into few datagrams and reports one result per request, in order', async () => {
  const fake = new FakeSocket({ delivery: 'async' });
  let n = 0;
  fake.onRequest = (req) => [n++ % 3 === 2 ? frames.error(req, 17) : frames.ack(req)];
  const conn = new Connection(Route, { socketFactory: fake.factory });
  const batch = conn.batch();
  for (let i = 0; i < 600; i++) batch.add(noop, { operation: 'add thing', object: String(i) });
  assert.equal(batch.size, 600);
  const results = await batch.execute();
  assert.equal(results.length, 600);
  assert.equal(fake.sentBuffers.length, 3, '600 requests in datagrams of at most 256');
  assert.equal(fake.sent.length, 600);
  for (const [i, r] of results.entries()) {
    if (i % 3 === 2) {
      assert.ok(!r.ok && r.error instanceof KernelError && r.error.message === `add thing ${i}: File exists (EEXIST)`);
    } else {
      assert.ok(r.ok);
    }
  }
  const seqs = fake.sent.map((m) => m.header.seq);
  assert.equal(new Set(seqs).size, 600, 'every request has its own sequence number');
  conn.close();
});

test('a batch on a closed connection reports ClosedError for each request', async () => {
  const fake = new FakeSocket();
  const conn = new Connection(Route, { socketFactory: fake.factory });
  conn.close();
  const results = await conn.batch().add(noop).add(noop).execute();
  assert.ok(results.every((r) => !r.ok && r.error instanceof ClosedError));
});

test('a pool is bounded, reuses connections, invalidates on error and times out acquiring', async () => {
  const sockets: FakeSocket[] = [];
  const pool = new ConnectionPool(Route, {
    size: 2,
    acquireTimeoutMs: 50,
    socketFactory: (o) => {
      const s = new FakeSocket({ portId: 10 + sockets.length });
      s.onRequest = (req) => [frames.ack(req)];
      sockets.push(s);
      return s.factory(o);
    },
  });
  const a = await pool.acquire();
  const b = await pool.acquire();
  assert.equal(pool.openCount, 2);
  await assert.rejects(pool.acquire(), TimeoutError);
  const waiting = pool.acquire();
  const first = a.connection;
  a.release();
  const c = await waiting;
  assert.equal(c.connection, first, 'a released connection goes to the next waiter');
  assert.throws(() => a.connection, ClosedError);
  b.invalidate();
  assert.equal(pool.openCount, 1);
  assert.equal(sockets[1]?.closed, true);
  await assert.rejects(
    pool.use(async () => {
      throw new Error('boom');
    }),
    /boom/,
  );
  c.release();
  await pool.use((conn) => conn.ack(noop));
  pool.close();
  assert.equal(sockets.length, 3);
  assert.ok(sockets.every((s) => s.closed));
  await assert.rejects(pool.acquire(), ClosedError);
});
