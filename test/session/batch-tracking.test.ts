import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NLM_F, NLMSG } from '../../src/core/constants.js';
import {
  AbortError,
  ClosedError,
  InvalidArgumentError,
  KernelError,
  SocketError,
  TimeoutError,
} from '../../src/errors.js';
import type { BatchResult } from '../../src/session/batch.js';
import { Connection } from '../../src/session/connection.js';
import { Route } from '../../src/session/protocol.js';
import { FakeSocket, type SentMessage } from '../../src/testing/fake-socket.js';
import * as frames from '../../src/testing/frames.js';

const noop = { type: NLMSG.NOOP, payload: new Uint8Array(0) };

/** A batch of `n` noops named `thing 0` ... `thing n-1`. */
function things(conn: Connection<Route>, n: number) {
  const batch = conn.batch();
  for (let i = 0; i < n; i++) batch.add(noop, { operation: 'thing', object: String(i) });
  return batch;
}

function errorOf(r: BatchResult | undefined): Error {
  assert.ok(r && !r.ok, 'expected a failed result');
  return r.error;
}

test('acks answered out of order and a kernel error in the middle land in their own slots', async () => {
  const fake = new FakeSocket({ delivery: 'async' });
  const held: SentMessage[] = [];
  fake.onRequest = (req) => {
    held.push(req);
    if (held.length < 4) return [];
    // Each group of four is answered in reverse order; the request named 6 fails with EEXIST.
    const first = fake.sent[0]?.header.seq ?? 0;
    return held
      .splice(0)
      .reverse()
      .map((m) => (m.header.seq === first + 6 ? frames.error(m, 17) : frames.ack(m)));
  };
  const conn = new Connection(Route, { socketFactory: fake.factory });
  // Out of order needs every request acked on its own (the kernel itself answers in order).
  const results = await things(conn, 12).execute({ maxPerDatagram: 8, ackEach: true });
  assert.equal(results.length, 12);
  for (const [i, r] of results.entries()) {
    if (i === 6) {
      const err = errorOf(r);
      assert.ok(err instanceof KernelError);
      assert.equal(err.errnoName, 'EEXIST');
      assert.match(err.message, /^thing 6: /);
    } else assert.ok(r.ok, `request ${i}`);
  }
  assert.equal(fake.sentBuffers.length, 2, '8 + 4 requests');
  conn.close();
});

/** Answers as the kernel does: an ack only when asked for (`NLM_F_ACK`), an error always. */
function kernelLike(fail: (seqInBatch: number) => number): (req: SentMessage) => Buffer[] {
  let first: number | undefined;
  return (req) => {
    first ??= req.header.seq;
    const errno = fail(req.header.seq - first);
    if (errno !== 0) return [frames.error(req, errno)];
    return req.header.flags & NLM_F.ACK ? [frames.ack(req)] : [];
  };
}

test('by default only the last request of a datagram asks for an ack; errors still land in their slots', async () => {
  const fake = new FakeSocket({ delivery: 'async' });
  fake.onRequest = kernelLike((i) => (i === 3 || i === 7 ? 17 : 0));
  const conn = new Connection(Route, { socketFactory: fake.factory });
  const results = await things(conn, 10).execute({ maxPerDatagram: 4 });
  assert.deepEqual(
    results.map((r) => (r.ok ? 'ok' : (r.error as KernelError).errnoName)),
    ['ok', 'ok', 'ok', 'EEXIST', 'ok', 'ok', 'ok', 'EEXIST', 'ok', 'ok'],
  );
  assert.match(errorOf(results[7]).message, /^thing 7: /);
  assert.deepEqual(
    fake.sent.map((m) => (m.header.flags & NLM_F.ACK) !== 0),
    [false, false, false, true, false, false, false, true, false, true],
    'the last of each datagram (4 + 4 + 2) asks',
  );
  // With ackEach every request asks, and the kernel answers each.
  const each = new FakeSocket();
  each.onRequest = kernelLike(() => 0);
  const conn2 = new Connection(Route, { socketFactory: each.factory });
  assert.ok((await things(conn2, 5).execute({ maxPerDatagram: 4, ackEach: true })).every((r) => r.ok));
  assert.ok(each.sent.every((m) => (m.header.flags & NLM_F.ACK) !== 0));
  conn.close();
  conn2.close();
});

test('a batch datagram left unanswered times out: each of its requests gets a TimeoutError naming it', async () => {
  const fake = new FakeSocket({ delivery: 'async' });
  let datagrams = 0;
  fake.send = ((send) => (data: Uint8Array) => {
    datagrams++;
    send(data);
  })(fake.send.bind(fake));
  // The first datagram is answered, the second is not.
  fake.onRequest = (req) => (datagrams === 1 ? [frames.ack(req)] : []);
  const conn = new Connection(Route, { socketFactory: fake.factory });
  const started = Date.now();
  const results = await things(conn, 6).execute({ maxPerDatagram: 3, timeoutMs: 50 });
  assert.ok(Date.now() - started < 5000);
  assert.ok(results.slice(0, 3).every((r) => r.ok));
  for (const [i, r] of results.slice(3).entries()) {
    const err = errorOf(r);
    assert.ok(err instanceof TimeoutError, `request ${i + 3}: ${err}`);
    assert.match(err.message, new RegExp(`thing ${i + 3}`));
  }
  conn.close();
});

test('aborting a batch fails what is unanswered with AbortError and sends nothing more', async () => {
  const fake = new FakeSocket();
  const controller = new AbortController();
  fake.onRequest = (req) => {
    // Answer the first two requests, then abort while the third waits.
    if (fake.sent.length <= 2) return [frames.ack(req)];
    setImmediate(() => controller.abort(new Error('enough')));
    return [];
  };
  const conn = new Connection(Route, { socketFactory: fake.factory });
  const results = await things(conn, 7).execute({ maxPerDatagram: 3, signal: controller.signal });
  assert.ok(results[0]?.ok && results[1]?.ok);
  for (const r of results.slice(2)) assert.ok(errorOf(r) instanceof AbortError);
  assert.match(errorOf(results[2]).message, /thing 2/);
  assert.match(errorOf(results[6]).message, /thing 6/);
  assert.equal(fake.sentBuffers.length, 1, 'the datagrams after the abort were never sent');
  conn.close();
});

test('closing the connection during a batch fails the waiting requests with ClosedError', async () => {
  const fake = new FakeSocket({ delivery: 'async' });
  const conn = new Connection(Route, { socketFactory: fake.factory });
  fake.onRequest = () => {
    setImmediate(() => conn.close());
    return [];
  };
  const results = await things(conn, 5).execute({ maxPerDatagram: 2 });
  assert.equal(results.length, 5);
  for (const [i, r] of results.entries()) {
    const err = errorOf(r);
    assert.ok(err instanceof ClosedError, `request ${i}`);
    assert.match(err.message, new RegExp(`thing ${i}`));
  }
});

test('a datagram the socket cannot send fails its own requests with SocketError; the next ones go', async () => {
  const fake = new FakeSocket();
  fake.onRequest = (req) => [frames.ack(req)];
  let datagrams = 0;
  const send = fake.send.bind(fake);
  fake.send = (data) => {
    if (++datagrams === 2) throw Object.assign(new Error('sendmsg: no buffer space'), { code: 'ENOBUFS', errno: -105 });
    send(data);
  };
  const conn = new Connection(Route, { socketFactory: fake.factory });
  const results = await things(conn, 6).execute({ maxPerDatagram: 2 });
  assert.deepEqual(
    results.map((r) => r.ok),
    [true, true, false, false, true, true],
  );
  assert.ok(errorOf(results[2]) instanceof SocketError);
  assert.match(errorOf(results[3]).message, /thing 3/);
  conn.close();
});

test('maxPerDatagram must be an integer the datagram can hold', async () => {
  const fake = new FakeSocket();
  fake.onRequest = (req) => [frames.ack(req)];
  const conn = new Connection(Route, { socketFactory: fake.factory });
  for (const bad of [0, -1, 1.5, Number.NaN, 1e9]) {
    await assert.rejects(things(conn, 2).execute({ maxPerDatagram: bad }), InvalidArgumentError, String(bad));
  }
  assert.equal(fake.sent.length, 0, 'nothing was sent');
  conn.close();
});
