import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatPrefix,
  hasHostBits,
  networkOf,
  parseIpAddress,
  parsePrefix,
  plainIpv4Prefix,
  prefixContains,
} from '../../src/core/prefix.js';
import { InvalidArgumentError } from '../../src/errors.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('parsePrefix: CIDRs of both families, with and without a length', () => {
  const v4 = parsePrefix('10.0.0.0/24');
  assert.deepEqual(
    [v4.family, v4.address, hex(v4.bytes), v4.length, v4.explicitLength],
    ['inet', '10.0.0.0', '0a000000', 24, true],
  );
  const host = parsePrefix('10.0.0.1');
  assert.deepEqual([host.length, host.explicitLength], [32, false]);
  const v6 = parsePrefix('2001:DB8:0:0::/32');
  assert.deepEqual([v6.family, v6.address, v6.length], ['inet6', '2001:db8::', 32]);
  assert.equal(parsePrefix('::1').length, 128);
  assert.equal(parsePrefix('::ffff:10.0.0.1/128').address, '::ffff:10.0.0.1');
});

test("parsePrefix: iproute2's short IPv4 forms and dotted netmasks", () => {
  assert.equal(formatPrefix(parsePrefix('10/8')), '10.0.0.0/8');
  assert.equal(formatPrefix(parsePrefix('172.16/12')), '172.16.0.0/12');
  assert.equal(parsePrefix('10.0.0.0/255.255.255.0').length, 24);
  assert.equal(parsePrefix('10.0.0.0/255.255.255.255').length, 32);
  assert.equal(parsePrefix('0.0.0.0/0.0.0.0').length, 0);
  assert.throws(() => parsePrefix('10.0.0.0/255.0.255.0'), /not contiguous/);
});

test('parsePrefix: default, any and all are the zero-length prefix of the family, never with a length', () => {
  const d = parsePrefix('default');
  assert.deepEqual([d.family, d.address, d.length], ['inet', '0.0.0.0', 0]);
  assert.deepEqual(
    [parsePrefix('any', { family: 'inet6' }).address, parsePrefix('all', { family: 'inet6' }).length],
    ['::', 0],
  );
  assert.throws(() => parsePrefix('default/0'), InvalidArgumentError);
});

test('parsePrefix: what iproute2 rejects, and the ambiguities it accepts, are InvalidArgumentErrors', () => {
  for (const bad of [
    '',
    '10.0.0.0/33',
    '2001:db8::/129',
    '10.0.0.0/-1',
    '10.0.0.0/',
    '10.0.0.0/24/1',
    '10.0.0.256',
    '1.2.3.4.5',
    '010.0.0.1',
    '0x0a.0.0.1',
    '10.0.0.0/0x18',
    'fe80::1%eth0',
    '2001:db8:::1',
    'host.example',
  ]) {
    assert.throws(() => parsePrefix(bad), InvalidArgumentError, bad);
  }
  assert.throws(() => parsePrefix('10.0.0.0/24', { family: 'inet6' }), /not an inet6 address/);
});

test('host bits: detected, rejected on request, and masked by networkOf', () => {
  assert.equal(hasHostBits(parsePrefix('10.0.0.1/24').bytes, 24), true);
  assert.equal(hasHostBits(parsePrefix('10.0.0.0/24').bytes, 24), false);
  assert.equal(hasHostBits(parsePrefix('10.0.0.128/25').bytes, 25), false);
  assert.equal(hasHostBits(parsePrefix('10.0.0.64/25').bytes, 25), true);
  assert.throws(
    () => parsePrefix('10.0.0.1/24', { hostBits: 'reject' }),
    /host bits set past \/24 \(the network is 10\.0\.0\.0\/24\)/,
  );
  assert.equal(parsePrefix('2001:db8::/32', { hostBits: 'reject' }).length, 32);
  assert.equal(formatPrefix(networkOf(parsePrefix('2001:db8:abcd::1/36'))), '2001:db8:a000::/36');
});

test('prefixContains and parseIpAddress', () => {
  const p = parsePrefix('192.168.0.0/16');
  assert.equal(prefixContains(p, parseIpAddress('192.168.200.1')), true);
  assert.equal(prefixContains(p, parseIpAddress('192.169.0.1')), false);
  assert.equal(prefixContains(p, parseIpAddress('::1')), false);
  assert.equal(prefixContains(parsePrefix('default'), parseIpAddress('8.8.8.8')), true);
  assert.throws(() => parseIpAddress('10.0.0.1', { family: 'inet6', what: 'gateway' }), /gateway/);
});

test('plainIpv4Prefix reads a.b.c.d/len texts as the general readers do (parseIpAddress, a decimal length, no host bits)', () => {
  let s = Number(process.env.NLINK_FC_SEED ?? 20_240_601) >>> 0;
  const random = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x100000000;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const part = (): string => pick(['0', '1', '10', '127', '192', '255', '256', '01', '300', '', 'a']);
  const len = (): string => pick(['0', '8', '16', '24', '30', '31', '32', '33', '08', '', '-1', '5', '255.0.0.0']);
  const texts = ['0.0.0.0/0', '10.0.0.0/8', '10.0.0.1/32', '10.0.0.1/24', '10.0.0.0', 'default', '10/8', '1.2.3.4/032'];
  for (let i = 0; i < 20_000; i++) {
    const quad = Array.from({ length: random() < 0.9 ? 4 : 3 }, part).join('.');
    texts.push(random() < 0.05 ? quad : `${quad}/${len()}`);
  }
  for (const text of texts) {
    const plain = plainIpv4Prefix(text);
    if (plain < 0) continue;
    // parsePrefix itself goes through plainIpv4Prefix: compare with the readers it falls back on.
    const [head = '', len = ''] = text.split('/');
    const a = parseIpAddress(head, { family: 'inet' });
    const length = Number(len);
    assert.equal(`${a.address}/${length}`, text, text);
    assert.equal(plain % 64, length, text);
    assert.equal(
      Math.floor(plain / 64),
      a.bytes.reduce((v, b) => v * 256 + b, 0),
      text,
    );
    assert.equal(hasHostBits(a.bytes, length), false, text);
    assert.deepEqual(parsePrefix(text), {
      family: 'inet',
      address: head,
      bytes: a.bytes,
      length,
      explicitLength: true,
    });
  }
  // Every canonical prefix without host bits is read by the fast path.
  for (const text of ['0.0.0.0/0', '10.0.0.0/8', '10.1.2.3/32', '172.16.0.0/12', '255.255.255.255/32']) {
    assert.ok(plainIpv4Prefix(text) >= 0, text);
  }
  for (const text of ['10.0.0.1/24', '10.0.0.0/08', '010.0.0.0/8', '10.0.0/24', '10.0.0.0/33', '10.0.0.0']) {
    assert.equal(plainIpv4Prefix(text), -1, text);
  }
});
