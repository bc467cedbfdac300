import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AckInfo } from '../../src/core/ack.js';
import { NLMSG } from '../../src/core/constants.js';
import { Writer } from '../../src/core/writer.js';
import { Engine, type PendingHandler } from '../../src/session/engine.js';

const PORT = 4242;
const KERNEL = { senderPort: 0, groups: 0, truncated: false };

/** An `NLMSG_ERROR` for `seq` with `errno` (0: an ack). */
function answer(seq: number, errno = 0): Buffer {
  const w = new Writer();
  const off = w.beginMessage(NLMSG.ERROR, 0, seq, PORT);
  w.s32(-errno);
  // The original request's header (as with NETLINK_CAP_ACK).
  const h = w.beginMessage(NLMSG.NOOP, 0, seq, PORT);
  w.endMessage(h);
  w.endMessage(off);
  return w.finish();
}

/** A handler recording the sequence numbers it was told ended, with their errno. */
function recorder(): PendingHandler & { readonly ended: [number, number][] } {
  const ended: [number, number][] = [];
  return {
    dump: false,
    ended,
    onMessage() {},
    onEnd(ack: AckInfo, _interrupted: boolean, seq: number) {
      ended.push([seq, ack.errno]);
    },
  };
}

test('a registered block of sequence numbers routes every answer in it to its one handler', () => {
  const engine = new Engine(PORT, 100);
  const first = engine.reserveSeqs(4);
  assert.equal(first, 101);
  const h = recorder();
  engine.registerRange(first, 3, h);
  assert.ok(engine.isPending(102));
  assert.ok(!engine.isPending(104), 'a reserved number the block did not use is not pending');
  engine.feed(answer(103, 17), KERNEL);
  engine.feed(answer(101), KERNEL);
  engine.feed(answer(104), KERNEL);
  assert.deepEqual(h.ended, [
    [103, 17],
    [101, 0],
  ]);
  assert.equal(engine.stats.stray, 1, 'the answer outside the block is stray');
  // The block stays until it is unregistered; then its numbers are free again.
  engine.feed(answer(102), KERNEL);
  assert.equal(h.ended.length, 3);
  engine.unregisterRange(first);
  assert.ok(!engine.isPending(102));
  engine.feed(answer(102), KERNEL);
  assert.equal(h.ended.length, 3);
  assert.equal(engine.stats.stray, 2);
});

test('reserved blocks skip numbers still pending, never hold 0 and never wrap past 2^32 - 1', () => {
  const engine = new Engine(PORT, 0xfffffff0);
  const single = recorder();
  engine.register(0xfffffff3, single);
  // 0xfffffff1.. would hold the pending 0xfffffff3: the block starts after it.
  const first = engine.reserveSeqs(8);
  assert.equal(first, 0xfffffff4);
  engine.registerRange(first, 8, recorder());
  // Eight more cannot fit before 2^32: the block starts over at 1.
  const next = engine.reserveSeqs(8);
  assert.equal(next, 1);
  // Single numbers skip the registered blocks too.
  const engine2 = new Engine(PORT, 10);
  engine2.registerRange(11, 5, recorder());
  assert.equal(engine2.nextSeq(), 16);
});

/** One datagram of dump messages (`type` 16, no payload) for `seq`, then its `NLMSG_DONE` when `done`. */
function dumpPart(seq: number, messages: number, done: boolean): Buffer {
  const w = new Writer();
  for (let i = 0; i < messages; i++) w.endMessage(w.beginMessage(16, 2, seq, PORT));
  if (done) {
    const off = w.beginMessage(NLMSG.DONE, 2, seq, PORT);
    w.s32(0);
    w.endMessage(off);
  }
  return w.finish();
}

test('messages after their request ended are stray, also right after its own; a new registration of the number gets them', () => {
  const engine = new Engine(PORT, 100);
  const got: string[] = [];
  const dump = (name: string): PendingHandler => ({
    dump: true,
    onMessage: () => got.push(name),
    onEnd: () => got.push(`${name} end`),
  });
  engine.register(7, dump('a'));
  // Two messages, the end, one more in the same datagram: the last is stray.
  engine.feed(Buffer.concat([dumpPart(7, 2, true), dumpPart(7, 1, false)]), KERNEL);
  assert.deepEqual(got, ['a', 'a', 'a end']);
  assert.equal(engine.stats.stray, 1);
  engine.register(7, dump('b'));
  engine.feed(dumpPart(7, 1, false), KERNEL);
  assert.ok(engine.unregister(7));
  engine.feed(dumpPart(7, 1, false), KERNEL);
  assert.deepEqual(got, ['a', 'a', 'a end', 'b'], 'the unregistered request hears nothing more');
  assert.equal(engine.stats.stray, 2);
  // A block taking the number over: its handler gets the messages, until it is unregistered.
  let blockMessages = 0;
  const h = { ...recorder(), onMessage: () => blockMessages++ };
  engine.registerRange(6, 3, h);
  engine.feed(dumpPart(7, 2, false), KERNEL);
  assert.equal(blockMessages, 2);
  engine.unregisterRange(6);
  engine.feed(answer(7, 2), KERNEL);
  assert.deepEqual(h.ended, [], 'the unregistered block hears nothing more');
  assert.equal(engine.stats.stray, 3);
});
