import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DecodeError, InvalidArgumentError } from '../../src/errors.js';
import { attr, attrSet, nest, readU32Attr } from '../../src/schema/attrs.js';
import * as t from '../../src/schema/codec.js';
import { field, struct } from '../../src/schema/codec.js';
import { messageSchema } from '../../src/schema/message.js';

const hdr = struct('demo_hdr', { kind: field.u8, pad: field.pad(3), id: field.u32, big: field.u32 });
const inner = attrSet('demo_inner', { x: attr(1, t.u16) });
const attrs = attrSet('demo', {
  n: attr(1, t.u32),
  name: attr(2, t.string),
  sub: attr(3, nest(inner)),
  be: attr(4, t.be32),
});
const schema = messageSchema('demo', hdr, attrs);

function payload(headerBytes: number[], ...tlvs: [number, number[]][]): Buffer {
  const parts = [Buffer.from(headerBytes)];
  for (const [type, data] of tlvs) {
    const len = 4 + data.length;
    const b = Buffer.alloc((len + 3) & ~3);
    b.writeUInt16LE(len, 0);
    b.writeUInt16LE(type, 2);
    Buffer.from(data).copy(b, 4);
    parts.push(b);
  }
  return Buffer.concat(parts);
}

const full = payload(
  [7, 0, 0, 0, 0x01, 0x02, 0x03, 0x04, 0xff, 0xff, 0xff, 0xff],
  [1, [0x78, 0x56, 0x34, 0x12]],
  [2, [0x6c, 0x6f, 0]],
  [3, [6, 0, 1, 0, 0x34, 0x12, 0, 0]],
  [4, [0x80, 0, 0, 1]],
  [1, [9, 9, 9, 9]],
);

test('headerField reads one field as header does, zero-filling a header cut short', () => {
  const m = schema.decode(full);
  assert.equal(m.headerField('kind'), 7);
  assert.equal(m.headerField('id'), 0x04030201);
  assert.equal(m.headerField('big'), 0xffffffff, 'u32 stays unsigned');
  assert.deepEqual(m.header, { kind: 7, id: 0x04030201, big: 0xffffffff });
  assert.notEqual(m.header, m.header, 'the header is decoded on each read');
  const short = schema.decode(Buffer.from([5, 0, 0, 0, 1, 0]));
  assert.equal(short.headerField('kind'), 5);
  assert.equal(short.headerField('id'), 1, 'cut short: the bytes present, zero-filled, as header reads it');
  assert.equal(short.headerField('big'), 0);
  assert.deepEqual(short.header, { kind: 5, id: 1, big: 0 });
  assert.throws(() => hdr.readField(full, 0, 12, 'nope' as 'id'), InvalidArgumentError);
});

test('u8Offset, u32Type and readU32Attr read what the header and the readers read, and refuse other fields', () => {
  assert.equal(hdr.u8Offset('kind'), 0);
  assert.throws(() => hdr.u8Offset('id'), /demo_hdr field id is not a u8/);
  assert.throws(() => hdr.u8Offset('nope' as 'id'), InvalidArgumentError);
  assert.equal(schema.attrsAt(0, full.length), 12);
  assert.equal(schema.attrsAt(4, 6), 10, 'a payload shorter than its header has no attributes');
  const n = attrs.u32Type('n');
  assert.equal(n, 1);
  assert.throws(() => attrs.u32Type('be'), /demo attribute be is not one u32/, 'a be32 is not read as a u32');
  assert.throws(() => attrs.u32Type('name'), InvalidArgumentError);
  const read = attrs.reader('n');
  assert.equal(readU32Attr(full, 12, full.length, n, ['demo'], 'n'), read(full, 12, full.length));
  assert.equal(readU32Attr(full, 12, full.length, n, ['demo'], 'n'), 0x12345678, 'the first of two');
  const none = payload([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [2, [0x6c, 0]]);
  assert.equal(readU32Attr(none, 12, none.length, n, ['demo'], 'n'), undefined);
  // A u32 attribute of two bytes: the same DecodeError as the reader's, naming the attribute.
  const cut = payload([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [1, [1, 2]]);
  const viaReader = (() => {
    try {
      read(cut, 12, cut.length);
    } catch (err) {
      return err;
    }
    return undefined;
  })();
  assert.ok(viaReader instanceof DecodeError);
  assert.throws(
    () => readU32Attr(cut, 12, cut.length, n, ['demo'], 'n'),
    (err) => err instanceof DecodeError && err.message === viaReader.message && /n/.test(err.message),
  );
});

test('views read the first occurrence, decode numbers and strings per read, cache objects', () => {
  const m = schema.decode(full);
  assert.equal(m.attrs.n, 0x12345678, 'the first of two n attributes');
  assert.equal(m.attrs.name, 'lo');
  assert.equal(m.attrs.be, 0x80000001);
  const sub = m.attrs.sub;
  assert.equal(sub?.x, 0x1234);
  assert.equal(m.attrs.sub, sub, 'a nested view is the same object on every read');
  assert.equal(m.attrs.$hasUnknown, false);
});

test('a malformed attribute is an error when the view is built, not when it is read', () => {
  const bad = Buffer.concat([Buffer.alloc(12), Buffer.from([0x20, 0, 1, 0, 0, 0, 0, 0])]);
  assert.throws(() => schema.decode(bad), DecodeError);
});

test('unknown attributes are detected and kept', () => {
  const m = schema.decode(payload([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [9, [1, 2, 3, 4]], [1, [1, 0, 0, 0]]));
  assert.equal(m.attrs.n, 1);
  assert.equal(m.attrs.$hasUnknown, true);
});
