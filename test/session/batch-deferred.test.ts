import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NLMSG, RTM } from '../../src/core/constants.js';
import { InvalidArgumentError, KernelError } from '../../src/errors.js';
import { linkMessage } from '../../src/route/link/schema.js';
import type { BatchItem } from '../../src/session/batch.js';
import { Connection } from '../../src/session/connection.js';
import { Route } from '../../src/session/protocol.js';
import { FakeSocket } from '../../src/testing/fake-socket.js';
import * as frames from '../../src/testing/frames.js';

const noop = { type: NLMSG.NOOP, payload: new Uint8Array(0) };

test('deferred requests are built when sent, in order; a build error is its result and is not sent', async () => {
  const fake = new FakeSocket({ delivery: 'async' });
  fake.onRequest = (req) => [frames.ack(req)];
  const conn = new Connection(Route, { socketFactory: fake.factory });
  const built: number[] = [];
  const batch = conn.batch();
  for (let i = 0; i < 600; i++) {
    if (i === 1) batch.push(Promise.resolve({ out: noop }));
    else if (i === 2) batch.add(noop);
    else {
      batch.defer((): BatchItem => {
        built.push(i);
        if (i % 100 === 7) throw new InvalidArgumentError(`thing ${i}`, 'bad');
        return { out: noop, context: { operation: 'add thing', object: String(i) } };
      });
    }
  }
  assert.deepEqual(built, [], 'nothing is built before execute()');
  const results = await batch.execute({ maxPerDatagram: 100 });
  assert.equal(results.length, 600);
  assert.deepEqual(
    built,
    Array.from({ length: 600 }, (_, i) => i).filter((i) => i !== 1 && i !== 2),
  );
  for (const [i, r] of results.entries()) {
    if (i % 100 === 7)
      assert.ok(!r.ok && r.error instanceof InvalidArgumentError && r.error.message.includes(`thing ${i}`));
    else assert.ok(r.ok, `request ${i}`);
  }
  assert.equal(fake.sent.length, 594, 'the six that failed to build were not sent');
  assert.equal(fake.sentBuffers.length, 6, '594 requests, 100 per datagram');
  conn.close();
});

test('a batch request that fails to encode gets its error; the rest of its datagram is sent intact', async () => {
  const fake = new FakeSocket();
  fake.onRequest = (req) => [frames.ack(req)];
  const conn = new Connection(Route, { socketFactory: fake.factory });
  const bad = { type: RTM.NEWLINK, schema: linkMessage, value: { attrs: { nosuchattr: 1 } } } as never;
  const results = await conn
    .batch()
    .add({ type: RTM.NEWLINK, schema: linkMessage, value: { attrs: { ifname: 'a0' } } })
    .add(bad, { operation: 'add link', object: 'bad' })
    .add({ type: RTM.NEWLINK, schema: linkMessage, value: { attrs: { ifname: 'a2' } } })
    .execute();
  assert.ok(results[0]?.ok && results[2]?.ok);
  assert.ok(results[1] && !results[1].ok && results[1].error instanceof InvalidArgumentError);
  assert.equal(fake.sentBuffers.length, 1);
  assert.deepEqual(
    fake.sent.map((m) => linkMessage.decode(m.payload, 0, m.payload.length).attrs.ifname),
    ['a0', 'a2'],
  );
  conn.close();
});

test('an extended ack of a request inside a batch datagram names the attribute of that request', async () => {
  const fake = new FakeSocket();
  let n = 0;
  fake.onRequest = (req) => [
    n++ === 1 ? frames.error(req, 17, { message: 'Interface exists', offset: 32 }) : frames.ack(req),
  ];
  const conn = new Connection(Route, { socketFactory: fake.factory });
  const results = await conn
    .batch()
    .add({ type: RTM.NEWLINK, schema: linkMessage, value: { header: { index: 5 }, attrs: { mtu: 1400 } } })
    .add(
      { type: RTM.NEWLINK, schema: linkMessage, value: { attrs: { ifname: 'veth0' } } },
      {
        operation: 'add link',
        object: 'veth0',
      },
    )
    .execute();
  assert.equal(fake.sentBuffers.length, 1, 'both in one datagram');
  const r = results[1];
  assert.ok(r && !r.ok && r.error instanceof KernelError);
  assert.deepEqual(r.error.extAck?.attributePath, ['ifname']);
  assert.equal(r.error.message, 'add link veth0: File exists (EEXIST): Interface exists [at ifname]');
  conn.close();
});

test('a deferred build failing with a non-netlink error rejects execute()', async () => {
  const fake = new FakeSocket();
  fake.onRequest = (req) => [frames.ack(req)];
  const conn = new Connection(Route, { socketFactory: fake.factory });
  const batch = conn.batch().defer(() => {
    throw new TypeError('boom');
  });
  await assert.rejects(batch.execute(), TypeError);
  conn.close();
});
