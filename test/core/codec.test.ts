import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeDone, decodeError } from '../../src/core/ack.js';
import { NLM_F, NLMSG, RTM } from '../../src/core/constants.js';
import { errnoMessage, errnoName } from '../../src/core/errno.js';
import { fromHex, toHexDump } from '../../src/core/hex.js';
import { forEachAttr, forEachMessage, type MessageHeader } from '../../src/core/message.js';
import { Writer } from '../../src/core/writer.js';
import { DecodeError, InvalidArgumentError } from '../../src/errors.js';
import { fixture } from '../helpers.js';

test('writer builds a message with back-patched lengths and 4-byte padding', () => {
  const w = new Writer(8);
  const msg = w.beginMessage(RTM.GETLINK, NLM_F.REQUEST | NLM_F.ACK, 7, 0);
  w.zeros(16);
  const a = w.beginAttr(3);
  w.string('lo');
  w.endAttr(a);
  const n = w.beginAttr(18 | 0x8000);
  const inner = w.beginAttr(1);
  w.string('veth');
  w.endAttr(inner);
  w.endAttr(n);
  w.endMessage(msg);
  assert.equal(
    w.finish().toString('hex'),
    fromHex(`
      38000000 1200 0500 07000000 00000000
      00000000 00000000 00000000 00000000
      07000300 6c6f0000
      10001280 09000100 76657468 00000000`).toString('hex'),
  );
});

test('writer grows past its initial size and finish() copies', () => {
  const w = new Writer(4);
  for (let i = 0; i < 100; i++) w.u32(i);
  const out = w.finish();
  w.reset().u32(0xffffffff);
  assert.equal(out.length, 400);
  assert.equal(out.readUInt32LE(396), 99);
});

test('an attribute over 64 KiB is rejected before anything is sent', () => {
  const w = new Writer();
  const a = w.beginAttr(1);
  w.zeros(70000);
  assert.throws(() => w.endAttr(a), InvalidArgumentError);
});

test('forEachMessage walks every message and rejects impossible lengths with DecodeError', () => {
  const req = fixture('getlink-lo.request');
  const reply = fixture('getlink-lo.reply');
  const seen: MessageHeader[] = [];
  forEachMessage(Buffer.concat([req, reply]), (h) => {
    seen.push(h);
    return true;
  });
  assert.deepEqual(
    seen.map((h) => h.type),
    [RTM.GETLINK, RTM.NEWLINK],
  );
  const bad = Buffer.from(req);
  bad.writeUInt32LE(1000, 0);
  assert.throws(
    () => forEachMessage(bad, () => true),
    (e: unknown) => e instanceof DecodeError && e.offset === 0 && /message length 1000/.test(e.message),
  );
  assert.throws(() => forEachMessage(req.subarray(0, 10), () => true), DecodeError);
});

test('forEachAttr masks NLA_F bits and reports bad attribute lengths with the path', () => {
  const b = fromHex('08 00 12 80 01 00 00 00  05 00 03 00 41 00 00 00');
  const types: number[] = [];
  forEachAttr(b, 0, b.length, (type) => types.push(type));
  assert.deepEqual(types, [18, 3]);
  const broken = fromHex('09 00 01 00 00 00 00 00');
  assert.throws(
    () => forEachAttr(broken, 0, broken.length, () => {}, ['link', 'linkinfo']),
    (e: unknown) => e instanceof DecodeError && e.path.join('.') === 'link.linkinfo',
  );
});

test('decodeError reads a captured kernel error with its extended ack', () => {
  const reply = fixture('newlink-nokind.reply');
  let info: ReturnType<typeof decodeError> | undefined;
  forEachMessage(reply, (h, off) => {
    assert.equal(h.type, NLMSG.ERROR);
    assert.ok(h.flags & NLM_F.ACK_TLVS);
    info = decodeError(reply, off + 16, off + h.length, h.flags);
    return true;
  });
  assert.equal(info?.errno, 95);
  assert.equal(errnoName(info?.errno ?? 0), 'EOPNOTSUPP');
  assert.equal(info?.extAck?.message, 'Unknown device type');
});

test('decodeError reads a capped ack and decodeDone reads its int', () => {
  const ack = fromHex('24000000 0200 0001 01000000 2a000000 00000000 20000000 1200 0500 01000000 00000000');
  forEachMessage(ack, (h, off) => {
    assert.deepEqual(decodeError(ack, off + 16, off + h.length, h.flags), { errno: 0, extAck: undefined });
    return true;
  });
  const done = fromHex('14000000 0300 0202 01000000 2a000000 00000000');
  assert.deepEqual(decodeDone(done, 16, 20, 0x202), { errno: 0, extAck: undefined });
  assert.throws(() => decodeError(done, 16, 18, 0), DecodeError);
});

test('errno names and messages', () => {
  assert.equal(errnoName(17), 'EEXIST');
  assert.equal(errnoName(-19), 'ENODEV');
  assert.equal(errnoMessage(17), 'File exists');
  assert.equal(errnoName(9999), 'E9999');
});

test('hex helpers round-trip and ignore comments', () => {
  const b = fromHex('# comment\n01 02:03\n0a');
  assert.deepEqual([...b], [1, 2, 3, 10]);
  assert.equal(toHexDump(b), '0000  01 02 03 0a');
  assert.throws(() => fromHex('abc'), InvalidArgumentError);
});
