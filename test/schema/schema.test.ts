import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RTM } from '../../src/core/constants.js';
import { fromHex } from '../../src/core/hex.js';
import { forEachMessage } from '../../src/core/message.js';
import { Writer } from '../../src/core/writer.js';
import { DecodeError, InvalidArgumentError } from '../../src/errors.js';
import { linkKindRegistry, linkMessage } from '../../src/route/link/schema.js';
import { formatIpv6, parseIpv6 } from '../../src/schema/address.js';
import { attr, attrSet, indexedArray, multiAttr, nest, subMessage, toObject, UNKNOWN } from '../../src/schema/attrs.js';
import * as t from '../../src/schema/codec.js';
import { field, STRUCT_TAIL, struct } from '../../src/schema/codec.js';
import { messageSchema } from '../../src/schema/message.js';
import { fixture } from '../helpers.js';

const inner = attrSet('inner', { a: attr(1, t.u8), b: attr(2, t.string) });
const kindA = attrSet('kind-a', { x: attr(1, t.u32) });
const demo = attrSet('demo', {
  name: attr(1, t.string),
  mtu: attr(2, t.u32),
  big: attr(3, t.u64),
  on: attr(4, t.flag),
  addr: attr(5, t.ipv4),
  hw: attr(6, t.mac),
  nested: attr(7, nest(inner)),
  list: attr(8, indexedArray(t.u16)),
  alt: multiAttr(9, t.string),
  port: attr(10, t.be16),
  kind: attr(11, t.string),
  data: attr(12, subMessage('kind', { a: nest(kindA) })),
});

function encode(value: Parameters<typeof demo.encode>[1]): Buffer {
  const w = new Writer();
  demo.encode(w, value);
  return w.finish();
}

test('encodes every leaf kind to the expected bytes', () => {
  const bytes = encode({
    name: 'lo',
    mtu: 1500,
    big: 1n,
    on: true,
    addr: '10.0.0.1',
    hw: 'aa:bb:cc:dd:ee:ff',
    port: 80,
  });
  assert.equal(
    bytes.toString('hex'),
    fromHex(`
      07000100 6c6f0000
      08000200 dc050000
      0c000300 01000000 00000000
      04000400
      08000500 0a000001
      0a000600 aabbccddeeff 0000
      06000a00 0050 0000`).toString('hex'),
  );
});

test('decodes lazily and round-trips nests, arrays, multi attributes and sub-messages', () => {
  const value = {
    name: 'veth0',
    nested: { a: 7, b: 'x' },
    list: [1, 2, 3],
    alt: ['one', 'two'],
    kind: 'a',
    data: { x: 42 },
  };
  const bytes = encode(value);
  const view = demo.view(bytes);
  assert.equal(view.name, 'veth0');
  assert.equal(view.mtu, undefined);
  assert.equal(view.nested?.a, 7);
  assert.deepEqual(view.list, [1, 2, 3]);
  assert.deepEqual(view.alt, ['one', 'two']);
  assert.deepEqual(toObject(view), value);
  // re-encoding a view copies it verbatim
  assert.deepEqual(encode(view), bytes);
  assert.deepEqual(encode(toObject(view) as typeof value), bytes);
});

test('unknown sub-message kinds decode to raw bytes and encode only from raw bytes', () => {
  const bytes = encode({ kind: 'b', data: new Uint8Array([1, 2, 3, 4]) });
  const view = demo.view(bytes);
  assert.deepEqual(view.data, new Uint8Array([1, 2, 3, 4]));
  assert.throws(() => encode({ kind: 'b', data: { x: 1 } }), /no codec registered for kind "b"/);
});

test('unknown attributes are kept and re-emitted', () => {
  const bytes = Buffer.concat([encode({ name: 'a' }), fromHex('08006300 01020304')]);
  const view = demo.view(bytes);
  assert.deepEqual(view[UNKNOWN], [{ type: 99, data: new Uint8Array([1, 2, 3, 4]) }]);
  const plain = toObject(view) as Record<string | symbol, unknown>;
  assert.deepEqual(encode(plain as Parameters<typeof demo.encode>[1]), bytes);
});

test('invalid values are rejected with the attribute path before encoding', () => {
  assert.throws(
    () => encode({ mtu: -1 }),
    (e: unknown) => e instanceof InvalidArgumentError && e.argument === 'demo.mtu',
  );
  assert.throws(() => encode({ addr: '300.1.1.1' }), InvalidArgumentError);
  assert.throws(() => encode({ hw: 'zz:00' }), InvalidArgumentError);
  assert.throws(() => encode({ name: 'a\0b' }), InvalidArgumentError);
  assert.throws(
    () => encode({ nested: { a: 256 } }),
    (e: unknown) => e instanceof InvalidArgumentError && e.argument === 'demo.nested.a',
  );
  assert.throws(() => encode({ nope: 1 } as never), /demo has no attribute nope/);
});

test('short values raise DecodeError naming the attribute path, on access', () => {
  const bytes = fromHex('06000200 0102 0000');
  const view = demo.view(bytes);
  assert.throws(
    () => view.mtu,
    (e: unknown) => e instanceof DecodeError && e.path.join('.') === 'mtu' && e.offset === 4,
  );
});

test('structs tolerate shorter input (zero-filled) and keep a longer tail', () => {
  const s = struct('demo_struct', { a: field.u16, pad: field.pad(2), b: field.u32 });
  assert.equal(s.size, 8);
  assert.deepEqual(s.read(fromHex('0100'), 0, 2), { a: 1, b: 0 });
  const long = s.read(fromHex('0100 0000 02000000 ffee'), 0, 10);
  assert.deepEqual(long, { a: 1, b: 2 });
  assert.deepEqual((long as { [STRUCT_TAIL]?: Uint8Array })[STRUCT_TAIL], new Uint8Array([0xff, 0xee]));
  assert.equal(s.toBytes(long).toString('hex'), '0100000002000000ffee');
  assert.throws(() => s.toBytes({ a: 70000 }), InvalidArgumentError);
  assert.throws(() => s.toBytes({ c: 1 } as never), /has no field c/);
});

test('IPv6 text round-trips in RFC 5952 form', () => {
  for (const text of [
    '::',
    '::1',
    'fe80::1',
    '2001:db8::ff00:42:8329',
    '2001:db8:0:1:1:1:1:1',
    '::ffff:10.0.0.1',
    '1::',
  ]) {
    assert.equal(formatIpv6(parseIpv6(text)), text);
  }
  assert.equal(formatIpv6(parseIpv6('2001:0db8:0000:0000:0000:0000:0000:0001')), '2001:db8::1');
  assert.throws(() => parseIpv6('1.2.3.4'), InvalidArgumentError);
});

test('a captured RTM_NEWLINK decodes, keeps newer attributes and re-encodes byte for byte', () => {
  const reply = fixture('getlink-lo.reply');
  forEachMessage(reply, (h, off) => {
    if (h.type !== RTM.NEWLINK) return true;
    const msg = linkMessage.decode(reply, off + 16, h.length - 16);
    assert.equal(msg.header.index, 1);
    assert.equal(msg.attrs.ifname, 'lo');
    assert.equal(msg.attrs.mtu, 65536);
    assert.equal(msg.attrs.qdisc, 'noop');
    assert.equal(msg.attrs.address, '00:00:00:00:00:00');
    assert.equal(typeof msg.attrs.stats64?.rxPackets, 'bigint');
    assert.ok(msg.attrs[UNKNOWN].length > 0, 'attributes newer than our headers are kept');
    const w = new Writer();
    linkMessage.encode(w, msg);
    assert.deepEqual(w.finish(), reply.subarray(off + 16, off + h.length));
    return true;
  });
});

test('pathAt maps an offset in a request to the attribute names', () => {
  const schema = messageSchema('demo', struct('hdr', { a: field.u32 }), demo);
  const w = new Writer();
  const start = w.beginMessage(100, 0);
  schema.encode(w, { header: { a: 1 }, attrs: { name: 'x', nested: { a: 1, b: 'hello' } } });
  w.endMessage(start);
  const msg = w.finish();
  // header 16 + struct 4 + name attr 8 => nested at 28; its "b" attr at 28 + 4 + 8 = 40
  assert.deepEqual(schema.pathAt(msg, 28), ['nested']);
  assert.deepEqual(schema.pathAt(msg, 40), ['nested', 'b']);
  assert.deepEqual(schema.pathAt(msg, 16), ['header']);
  assert.deepEqual(schema.pathAt(msg, 20), ['name']);
});

test('link kinds registered later are used by the link schema', () => {
  const veth = attrSet('veth-test', { peer: attr(1, t.u32) });
  linkKindRegistry.set('test-kind', nest(veth));
  try {
    const w = new Writer();
    linkMessage.encode(w, { attrs: { ifname: 'k0', linkinfo: { kind: 'test-kind', data: { peer: 5 } } } });
    const msg = linkMessage.decode(w.finish());
    assert.deepEqual(toObject(msg.attrs.linkinfo), { kind: 'test-kind', data: { peer: 5 } });
  } finally {
    linkKindRegistry.delete('test-kind');
  }
});
