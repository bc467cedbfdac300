/**
 * Property tests (fast-check, fixed seed; `NLINK_FC_SEED` overrides it):
 * prefixes print and parse back; random routes with multipath hops, metrics
 * and encapsulations decode back to their configs; random bytes given to the
 * route, address and nexthop decoders only ever raise `DecodeError`.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { formatPrefix, networkOf, parsePrefix } from '../../../src/core/prefix.js';
import { DecodeError } from '../../../src/errors.js';
import { Address } from '../../../src/route/addr/address.js';
import { Nexthop } from '../../../src/route/nexthop/nexthop.js';
import type { NextHop, RouteMetrics } from '../../../src/route/route/config.js';
import type { RouteEncap } from '../../../src/route/route/encap.js';
import { RouteEntry } from '../../../src/route/route/route.js';
import { toObject } from '../../../src/schema/attrs.js';
import type { ReceivedMessage } from '../../../src/session/engine.js';
import { lastRequestOf } from './fake.js';

const seed = Number(process.env.NLINK_FC_SEED ?? 20_240_601);

function received(raw: Buffer): ReceivedMessage {
  return {
    header: { length: raw.length, type: raw.readUInt16LE(4), flags: raw.readUInt16LE(6), seq: 0, pid: 0 },
    buf: raw,
    offset: 16,
    length: raw.length - 16,
    type: raw.readUInt16LE(4),
  };
}

test('prefixes print canonically and parse back to the same bytes and length', () => {
  fc.assert(
    fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), fc.nat(128), (text, n) => {
      const addr = parsePrefix(text);
      const p = parsePrefix(`${text}/${n % (addr.length + 1)}`);
      const again = parsePrefix(formatPrefix(p));
      assert.deepEqual([again.family, again.bytes, again.length], [p.family, p.bytes, p.length]);
      const net = networkOf(p);
      assert.equal(parsePrefix(formatPrefix(net), { hostBits: 'reject' }).length, p.length);
    }),
    { seed, numRuns: 500 },
  );
});

const v4 = fc.ipV4();
const label = fc.integer({ min: 16, max: 0xfffff });
const encap: fc.Arbitrary<RouteEncap> = fc.oneof(
  fc.record({ type: fc.constant('mpls' as const), labels: fc.array(label, { minLength: 1, maxLength: 4 }) }),
  fc.record({
    type: fc.constant('seg6' as const),
    mode: fc.constantFrom('encap' as const, 'inline' as const, 'l2encap' as const),
    segments: fc.array(fc.ipV6(), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ type: fc.constant('seg6local' as const), action: fc.constant('End.DX4' as const), nh4: v4 }),
);
const hop: fc.Arbitrary<NextHop> = fc.record(
  {
    gateway: v4,
    dev: fc.integer({ min: 1, max: 100 }),
    weight: fc.integer({ min: 1, max: 256 }),
    onlink: fc.boolean(),
    encap,
  },
  { requiredKeys: ['gateway', 'dev'] },
);
const metrics: fc.Arbitrary<RouteMetrics> = fc.record(
  { mtu: fc.integer({ min: 68, max: 65535 }), rtt: fc.integer({ min: 0, max: 1000 }), quickack: fc.boolean() },
  { requiredKeys: [] },
);

/** What a decoded hop says about the config it came from. */
function canonical(h: NextHop): unknown {
  const e = h.encap;
  const decodedEncap = e?.type === 'seg6' ? { ...e, segments: e.segments.map((s) => parsePrefix(s).address) } : e;
  return JSON.parse(
    JSON.stringify({
      gateway: h.gateway,
      ifindex: h.dev,
      weight: h.weight ?? 1,
      onlink: h.onlink ?? false,
      encap: decodedEncap,
    }),
  );
}

test('random multipath routes with metrics and encapsulations decode back to their configs', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(hop, { minLength: 1, maxLength: 5 }), metrics, async (nexthops, m) => {
      const raw = await lastRequestOf((c) => c.addRoute({ dst: '10.0.0.0/8', nexthops, metrics: m }));
      const r = RouteEntry.fromMessage(received(raw));
      const got = r.nexthops?.map((h) => canonical({ ...h, dev: h.ifindex } as NextHop));
      assert.deepEqual(got, nexthops.map(canonical));
      assert.deepEqual(r.metrics ?? {}, JSON.parse(JSON.stringify(m)));
    }),
    { seed, numRuns: 200 },
  );
});

test('random bytes only ever raise DecodeError from the route, address and nexthop decoders', () => {
  const decoders = [RouteEntry.fromMessage, Address.fromMessage, Nexthop.fromMessage];
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 16, maxLength: 300 }), fc.constantFrom(0, 2, 10, 28), (bytes, family) => {
      const raw = Buffer.from(bytes);
      raw[16] = family;
      for (const decode of decoders) {
        try {
          const obj = decode(received(raw));
          toObject((obj as { message: { attrs: unknown } }).message.attrs);
          JSON.stringify(obj);
          // Every typed getter too.
          for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(Object.getPrototypeOf(obj)))) {
            if (d.get)
              JSON.stringify((obj as unknown as Record<string, unknown>)[name], (_k, v) =>
                typeof v === 'bigint' ? String(v) : v,
              );
          }
        } catch (err) {
          if (!(err instanceof DecodeError)) throw err;
        }
      }
    }),
    { seed, numRuns: 2000 },
  );
});
