import assert from 'node:assert/strict';
import { isIPv4 } from 'node:net';
import { test } from 'node:test';
import { Writer } from '../../src/core/writer.js';
import { InvalidArgumentError } from '../../src/errors.js';
import { dottedQuadValue, formatIpv4, formatIpv4Prefix, isMulticastIp } from '../../src/schema/address.js';
import { ip, ipv4 } from '../../src/schema/codec.js';

/** A small deterministic generator (the property tests' seed convention). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

test('dottedQuadValue accepts exactly what isIPv4 accepts, with the address as its value', () => {
  const fixed = ['0.0.0.0', '255.255.255.255', '10.0.0.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1..2.3'];
  const random = lcg(Number(process.env.NLINK_FC_SEED ?? 20_240_601));
  const generated = Array.from({ length: 20_000 }, (_, i) =>
    Array.from({ length: 1 + (i % 5) }, () => {
      const n = String(Math.floor(random() * 300));
      return random() < 0.1 ? n.padStart(3, '0') : n;
    }).join('.'),
  );
  for (const text of [...fixed, '', ' 1.2.3.4', '1.2.3.4 ', '1.2.3.x', '-1.2.3.4', ...generated]) {
    const value = dottedQuadValue(text);
    assert.equal(value >= 0, isIPv4(text), JSON.stringify(text));
    if (value >= 0)
      assert.equal(
        value,
        text.split('.').reduce((v, p) => v * 256 + Number(p), 0),
        text,
      );
  }
});

test('the ipv4 and ip codecs write dotted quads as before and still refuse what is not an address', () => {
  for (const codec of [ipv4, ip]) {
    const w = new Writer();
    codec.encode(w, '192.0.2.33', 'addr');
    assert.equal(w.finish().toString('hex'), 'c0000221');
    assert.throws(() => codec.encode(new Writer(), '192.0.2.033', 'addr'), InvalidArgumentError);
    assert.throws(() => codec.encode(new Writer(), '192.0.2', 'addr'), InvalidArgumentError);
  }
  // The writer grows while the address is written (its buffer is replaced).
  const small = new Writer(2);
  small.u16(0xffff);
  ipv4.encode(small, '10.1.2.3', 'addr');
  assert.equal(small.finish().toString('hex'), 'ffff0a010203');
  const w = new Writer();
  ip.encode(w, '2001:db8::1', 'addr');
  assert.equal(w.finish().toString('hex'), '20010db8000000000000000000000001');
});

test('formatIpv4 and formatIpv4Prefix print what the numbers spell, whatever their memo tables hold', () => {
  const random = lcg(Number(process.env.NLINK_FC_SEED ?? 20_240_601));
  const bytes = Buffer.alloc(7);
  // Twice over the same addresses: the second round reads the memoised octet strings.
  const cases = Array.from({ length: 5_000 }, () => [
    Array.from({ length: 4 }, () => Math.floor(random() * 256)),
    Math.floor(random() * 40),
  ]) as [number[], number][];
  for (const [octets, len] of [...cases, ...cases, [[0, 0, 0, 0], 0] as [number[], number]]) {
    bytes.set(octets, 3);
    const text = octets.join('.');
    assert.equal(formatIpv4(bytes, 3), text);
    assert.equal(formatIpv4Prefix(bytes, 3, len), `${text}/${len}`);
  }
  assert.equal(formatIpv4Prefix(Buffer.from([10, 1, 2, 3]), 0, 255), '10.1.2.3/255');
  // In order, as a dump's routes come: runs sharing their first three octets, across every boundary.
  for (let n = 0xa01fef0; n < 0xa020110; n++) {
    const b = Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
    assert.equal(formatIpv4Prefix(b, 0, 32), `${[...b].join('.')}/32`);
  }
});

test('isMulticastIp: 224.0.0.0/4 and ff00::/8, nothing next to them; not an address throws', () => {
  for (const a of ['224.0.0.1', '239.255.255.255', 'ff02::1', 'ff00::']) assert.equal(isMulticastIp(a), true, a);
  for (const a of ['223.255.255.255', '240.0.0.1', '10.0.0.1', 'fe80::1', 'feff::1', '::ffff:224.0.0.1']) {
    assert.equal(isMulticastIp(a), false, a);
  }
  assert.throws(() => isMulticastIp('224.0.0'), InvalidArgumentError);
});
