/**
 * Property tests of the wire codec and the schema language (fast-check).
 *
 * 1. Round trips: random valid values of a schema that uses every codec kind
 *    (and of the link message schema) encode, decode lazily, deep-decode to
 *    the same value, and re-encode to the same bytes.
 * 2. Fuzzing: random bytes and mutations of valid encodings fed to every
 *    decoder; the only exception allowed is `DecodeError`.
 *
 * The seed is fixed; override it with `NLINK_FC_SEED=<int>`. `NLINK_FC_RUNS=<factor>`
 * multiplies every property's number of runs (the default file runs in a few seconds).
 */

import assert from 'node:assert/strict';
import { isIPv4, isIPv6 } from 'node:net';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeDone, decodeError } from '../../src/core/ack.js';
import { NLA_F, NLM_F, NLMSG, NLMSGERR_ATTR, RTM } from '../../src/core/constants.js';
import { forEachAttr, forEachMessage } from '../../src/core/message.js';
import { align4, NLMSG_HDRLEN, Writer } from '../../src/core/writer.js';
import { DecodeError } from '../../src/errors.js';
import { linkKindRegistry, linkMessage, linkPortKindRegistry, rtnlLinkStats64 } from '../../src/route/link/schema.js';
import { formatIpv6, isIp, isIpv4, isIpv6, parseIp, parseIpv6 } from '../../src/schema/address.js';
import {
  type AttrSet,
  type AttrView,
  attr,
  attrSet,
  type Fields,
  type Input,
  indexedArray,
  multiAttr,
  nest,
  type RawAttr,
  subMessage,
  toObject,
  UNKNOWN,
} from '../../src/schema/attrs.js';
import * as t from '../../src/schema/codec.js';
import { field } from '../../src/schema/codec.js';
import { Engine } from '../../src/session/engine.js';

// ---------------------------------------------------------------------------
// fast-check settings

const SEED = ((): number => {
  const env = process.env.NLINK_FC_SEED;
  if (env === undefined || env.trim() === '') return 0x6e6c6b;
  const n = Number(env);
  if (!Number.isInteger(n)) throw new Error(`NLINK_FC_SEED must be an integer, got ${JSON.stringify(env)}`);
  return n | 0;
})();

/** Optional multiplier of every property's run count (`NLINK_FC_RUNS=20` for a long fuzzing session). */
const RUNS_FACTOR = ((): number => {
  const env = process.env.NLINK_FC_RUNS;
  if (env === undefined || env.trim() === '') return 1;
  const n = Number(env);
  if (!(n > 0)) throw new Error(`NLINK_FC_RUNS must be a positive number, got ${JSON.stringify(env)}`);
  return n;
})();

function params(numRuns: number): { seed: number; numRuns: number; includeErrorInReport: boolean } {
  return { seed: SEED, numRuns: Math.max(1, Math.round(numRuns * RUNS_FACTOR)), includeErrorInReport: true };
}

const TIMEOUT = { timeout: 60_000 * RUNS_FACTOR };

// ---------------------------------------------------------------------------
// The test schema: every codec kind

const leaf = attrSet('leaf', { v: attr(1, t.s16), label: attr(2, t.string), on: attr(3, t.flag) });
const inner = attrSet('inner', {
  x: attr(1, t.u32),
  name: attr(2, t.string),
  leaf: attr(3, nest(leaf)),
  on: attr(4, t.flag),
  big: attr(6, t.s64),
});
const alpha = attrSet('alpha', {
  port: attr(1, t.be16),
  addr: attr(2, t.ipv4),
  hw: attr(3, t.mac),
  tag: multiAttr(4, t.u8),
});
const beta = t.struct('beta', { id: field.u32, flags: field.u16, pad: field.pad(2), cookie: field.u64 });
const rec = t.struct('rec', {
  a: field.u8,
  b: field.s8,
  c: field.u16,
  d: field.s16,
  e: field.u32,
  f: field.s32,
  g: field.be16,
  pad0: field.pad(2),
  h: field.be32,
  i: field.u64,
  j: field.s64,
  k: field.bytes(5),
  pad1: field.pad(3),
  l: field.ipv4,
  m: field.ipv6,
  n: field.mac,
  pad2: field.pad(2),
});

const top = attrSet('top', {
  u8: attr(1, t.u8),
  u16: attr(2, t.u16),
  u32: attr(3, t.u32),
  s8: attr(4, t.s8),
  s16: attr(5, t.s16),
  s32: attr(6, t.s32),
  u64: attr(7, t.u64),
  s64: attr(8, t.s64),
  be16: attr(9, t.be16),
  be32: attr(10, t.be32),
  flagA: attr(11, t.flag),
  flagB: attr(12, t.flag),
  str: attr(13, t.string),
  bin: attr(14, t.binary),
  v4: attr(15, t.ipv4),
  v6: attr(16, t.ipv6),
  anyIp: attr(17, t.ip),
  hw: attr(18, t.mac),
  rec: attr(19, rec),
  inner: attr(20, nest(inner)),
  innerF: attr(21, nest(inner, { nestedFlag: true })),
  arr: attr(22, indexedArray(t.u32)),
  arrNest: attr(23, indexedArray(nest(alpha), { nestedFlag: true, base: 0 })),
  multi: multiAttr(24, t.string),
  multiNest: multiAttr(25, nest(alpha)),
  far: attr(40, t.u16),
  // The sub-message pair last: the generator appends it after the other keys.
  kind: attr(26, t.string),
  data: attr(27, subMessage<t.AnyCodec>('kind', { alpha: nest(alpha), beta })),
});

// Kinds registered for the link schema's sub-messages (this process only).
const FC_KIND = 'nlink-fc-kind';
const FC_PORT_KIND = 'nlink-fc-port';
linkKindRegistry.set(FC_KIND, nest(alpha));
linkPortKindRegistry.set(FC_PORT_KIND, beta);

// ---------------------------------------------------------------------------
// Arbitraries

type Obj = Record<string | symbol, unknown>;

const U64_MAX = 0xffffffffffffffffn;
const S64_MIN = -0x8000000000000000n;
const S64_MAX = 0x7fffffffffffffffn;

const int = (min: number, max: number): fc.Arbitrary<number> =>
  fc.oneof(fc.constantFrom(min, max, 0), fc.integer({ min, max }));
const big = (min: bigint, max: bigint): fc.Arbitrary<bigint> =>
  fc.oneof(fc.constantFrom(min, max, 0n), fc.bigInt({ min, max }));
const u8 = int(0, 0xff);
const u16 = int(0, 0xffff);
const u32 = int(0, 0xffffffff);
const s32 = int(-0x80000000, 0x7fffffff);
/** Any Unicode text without NUL (UTF-8 round-trips; no lone surrogates). */
const text = fc.string({ unit: 'binary', maxLength: 24 }).map((s) => s.replaceAll('\0', ''));
const bytes = (maxLength: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });
const exactBytes = (n: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: n, maxLength: n });

const hexByte = (v: number): string => v.toString(16).padStart(2, '0');
const macText = (b: Uint8Array): string => Array.from(b, hexByte).join(':');
const mac6 = exactBytes(6).map(macText);
const macAny = fc.uint8Array({ minLength: 1, maxLength: 8 }).map(macText);

/** 16 address bytes, biased towards runs of zero words. */
const ipv6Bytes = fc
  .array(fc.oneof(fc.constant(0), fc.constant(0xffff), fc.integer({ min: 0, max: 0xffff })), {
    minLength: 8,
    maxLength: 8,
  })
  .map(wordsToBytes);

function wordsToBytes(words: readonly number[]): Uint8Array {
  const b = new Uint8Array(16);
  words.forEach((w, i) => {
    b[2 * i] = w >> 8;
    b[2 * i + 1] = w & 0xff;
  });
  return b;
}

function words(b: Uint8Array): number[] {
  return Array.from({ length: 8 }, (_, i) => ((b[2 * i] ?? 0) << 8) | (b[2 * i + 1] ?? 0));
}

/** Uncompressed, upper-case, zero-padded text: `0000:00AB:...`. */
function ipv6Full(b: Uint8Array): string {
  return words(b)
    .map((w) => w.toString(16).toUpperCase().padStart(4, '0'))
    .join(':');
}

/** The first six words in hex, then the last four bytes as a dotted quad. */
function ipv6Mixed(b: Uint8Array): string {
  const w = words(b).slice(0, 6);
  return `${w.map((x) => x.toString(16)).join(':')}:${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
}

/** RFC 5952 text computed independently of the library (WHATWG URL host serializer, plus mixed IPv4-mapped form). */
function ipv6Reference(b: Uint8Array): string {
  const w = words(b);
  if (w.slice(0, 5).every((x) => x === 0) && w[5] === 0xffff) return `::ffff:${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  return new URL(`http://[${ipv6Full(b)}]/`).hostname.slice(1, -1);
}

const ipv6Text = fc.oneof(fc.ipV6(), ipv6Bytes.map(ipv6Full), ipv6Bytes.map(ipv6Reference), ipv6Bytes.map(ipv6Mixed));
const ipv4Text = fc.ipV4();

const rawAttr = (types: readonly number[]): fc.Arbitrary<RawAttr> =>
  fc.record({
    type: fc
      .tuple(
        fc.constantFrom(...types),
        fc.constantFrom(0, NLA_F.NESTED, NLA_F.NET_BYTEORDER, NLA_F.NESTED | NLA_F.NET_BYTEORDER),
      )
      .map(([ty, flags]) => ty | flags),
    data: bytes(12),
  });

/** Adds attributes unknown to the set under {@link UNKNOWN} (types must not be declared). */
function withUnknown(arb: fc.Arbitrary<Obj>, types: readonly number[]): fc.Arbitrary<Obj> {
  return fc
    .tuple(arb, fc.array(rawAttr(types), { maxLength: 3 }))
    .map(([v, u]): Obj => (u.length ? { ...v, [UNKNOWN]: u } : { ...v }));
}

const optional = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<Obj> =>
  fc.record(model, { requiredKeys: [] }).map((v): Obj => ({ ...v }));

const leafArb = withUnknown(optional({ v: int(-0x8000, 0x7fff), label: text, on: fc.boolean() }), [0, 4, 50]);
const innerArb = withUnknown(
  optional({ x: u32, name: text, leaf: leafArb, on: fc.boolean(), big: big(S64_MIN, S64_MAX) }),
  [0, 5, 7, 99],
);
const alphaArb = withUnknown(
  optional({ port: u16, addr: ipv4Text, hw: macAny, tag: fc.array(u8, { minLength: 1, maxLength: 4 }) }),
  [0, 5, 0x3fff],
);
const betaArb = fc.record({ id: u32, flags: u16, cookie: big(0n, U64_MAX) });
const recArb = fc.record({
  a: u8,
  b: int(-0x80, 0x7f),
  c: u16,
  d: int(-0x8000, 0x7fff),
  e: u32,
  f: s32,
  g: u16,
  h: u32,
  i: big(0n, U64_MAX),
  j: big(S64_MIN, S64_MAX),
  k: exactBytes(5),
  l: ipv4Text,
  m: ipv6Text,
  n: mac6,
});

const mainArb = optional({
  u8,
  u16,
  u32,
  s8: int(-0x80, 0x7f),
  s16: int(-0x8000, 0x7fff),
  s32,
  u64: big(0n, U64_MAX),
  s64: big(S64_MIN, S64_MAX),
  be16: u16,
  be32: u32,
  flagA: fc.boolean(),
  flagB: fc.boolean(),
  str: text,
  bin: bytes(40),
  v4: ipv4Text,
  v6: ipv6Text,
  anyIp: fc.oneof(ipv4Text, ipv6Text),
  hw: macAny,
  rec: recArb,
  inner: innerArb,
  innerF: innerArb,
  arr: fc.array(u32, { maxLength: 6 }),
  arrNest: fc.array(alphaArb, { maxLength: 3 }),
  multi: fc.array(text, { minLength: 1, maxLength: 4 }),
  multiNest: fc.array(alphaArb, { minLength: 1, maxLength: 3 }),
  far: u16,
});

/** `kind` and `data` together: each registered kind, an unregistered one, no kind. */
const subArb: fc.Arbitrary<Obj> = fc.oneof(
  fc.record({ kind: fc.constant('alpha'), data: alphaArb }, { requiredKeys: ['kind'] }),
  fc.record({ kind: fc.constant('beta'), data: betaArb }, { requiredKeys: ['kind'] }),
  fc.record({ kind: fc.constantFrom('gamma', ''), data: bytes(16) }, { requiredKeys: ['kind'] }),
  fc.record({ data: bytes(16) }),
  fc.constant({}),
);

const topArb = withUnknown(
  fc.tuple(mainArb, subArb).map(([m, s]): Obj => ({ ...m, ...s })),
  [0, 28, 29, 30, 39, 41, 200, 0x3fff],
);

// The link message: random header and a subset of attributes (declaration order).
const linkHeaderArb = fc.record({ family: u8, type: u16, index: s32, flags: u32, change: u32 });
const stats64Arb = fc.record(
  Object.fromEntries(rtnlLinkStats64.layout.map((f) => [f.name, big(0n, U64_MAX)])) as Record<
    string,
    fc.Arbitrary<bigint>
  >,
);
const linkInfoArb: fc.Arbitrary<Obj> = withUnknown(
  fc
    .tuple(
      fc.oneof(
        fc.record({ kind: fc.constant(FC_KIND), data: alphaArb }, { requiredKeys: ['kind'] }),
        fc.record({ kind: fc.constantFrom('x-unregistered', 'x-other'), data: bytes(16) }, { requiredKeys: ['kind'] }),
        fc.constant({}),
      ),
      optional({ xstats: bytes(8) }),
      fc.oneof(
        fc.record({ portKind: fc.constant(FC_PORT_KIND), portData: betaArb }, { requiredKeys: ['portKind'] }),
        fc.record({ portKind: text.map((s) => `x-${s}`), portData: bytes(8) }, { requiredKeys: ['portKind'] }),
        fc.constant({}),
      ),
    )
    .map(([a, b, c]): Obj => ({ ...a, ...b, ...c })),
  [0, 6, 100],
);
const linkAttrsArb = withUnknown(
  optional({
    address: mac6,
    broadcast: mac6,
    ifname: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 15 }).map((s) => s.replaceAll('\0', 'x')),
    mtu: u32,
    link: u32,
    qdisc: text,
    stats: bytes(24),
    master: u32,
    txqlen: u32,
    operstate: u8,
    linkmode: u8,
    linkinfo: linkInfoArb,
    netNsPid: u32,
    ifalias: text,
    stats64: stats64Arb,
    afSpec: withUnknown(optional({ inet6: withUnknown(optional({ flags: u32, addrGenMode: u8 }), [0, 99]) }), [0, 28]),
    group: u32,
    promiscuity: u32,
    carrier: u8,
    physSwitchId: bytes(8),
    linkNetnsid: s32,
    newIfindex: s32,
    propList: withUnknown(optional({ altIfname: fc.array(text, { minLength: 1, maxLength: 3 }) }), [0, 1, 2]),
    permAddress: mac6,
    allmulti: u32,
  }),
  [0, 500, 1000, 0x3fff],
);

// ---------------------------------------------------------------------------
// Helpers

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

function encodeSet<F extends Fields>(set: AttrSet<F>, value: unknown): Buffer {
  const w = new Writer(16); // small: exercises growth
  set.encode(w, value as Input<F>);
  return w.finish();
}

type LinkInput = Parameters<typeof linkMessage.encode>[1];

function encodeLink(value: unknown): Buffer {
  const w = new Writer(16);
  linkMessage.encode(w, value as LinkInput);
  return w.finish();
}

/**
 * A comparable form of a value: bytes as hex, IPv6 text as its bytes (any
 * text form compares equal), `false` and `undefined` dropped (flags that are
 * false are left out), {@link UNKNOWN} as a string key, empty unknown lists dropped.
 */
function canon(v: unknown): unknown {
  if (v instanceof Uint8Array) return `bytes:${hex(v)}`;
  if (typeof v === 'string') return v.includes(':') && isIPv6(v) ? `ipv6:${hex(parseIpv6(v))}` : v;
  if (Array.isArray(v)) return v.map(canon);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined && x !== false) out[k] = canon(x);
    }
    const unknown = (v as { [UNKNOWN]?: unknown })[UNKNOWN];
    if (Array.isArray(unknown) && unknown.length) out['[UNKNOWN]'] = canon(unknown);
    return out;
  }
  return v;
}

/** The view's attributes as an input object whose nested values are still views (copied verbatim on encode). */
function shallow(set: AttrSet<Fields>, view: AttrView, order: 'forward' | 'reverse' = 'forward'): Obj {
  const entries = order === 'forward' ? set.entries : [...set.entries].reverse();
  const got: Obj = {};
  for (const e of entries) {
    const v = (view as unknown as Record<string, unknown>)[e.name];
    if (v !== undefined) got[e.name] = v;
  }
  const out: Obj = {};
  for (const e of set.entries) if (e.name in got) out[e.name] = got[e.name];
  out[UNKNOWN] = view[UNKNOWN];
  return out;
}

function assertSameBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  assert.equal(hex(actual), hex(expected), what);
}

/** Runs `fn`; a DecodeError is fine, anything else fails with context. */
function allowDecodeError(what: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof DecodeError) return;
    const detail = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
    throw new Error(`${what} threw something other than DecodeError:\n${detail}`, { cause: e });
  }
}

/** Offset and width of a length field to corrupt. */
interface LenField {
  readonly off: number;
  readonly width: 2 | 4;
}

/** Collects the `nla_len` offsets of `[start, end)`, recursing into payloads that parse as attributes. */
function attrLenFields(buf: Buffer, start: number, end: number, out: LenField[], depth = 0): LenField[] {
  if (depth > 6) return out;
  try {
    forEachAttr(buf, start, end, (_type, hdr, off, len) => {
      out.push({ off: hdr, width: 2 });
      if (len >= 4) attrLenFields(buf, off, off + len, out, depth + 1);
    });
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
  }
  return out;
}

/** Length fields of a datagram: every `nlmsg_len`, and attribute lengths at the usual payload offsets. */
function datagramLenFields(buf: Buffer): LenField[] {
  const out: LenField[] = [];
  try {
    forEachMessage(buf, (h, off) => {
      out.push({ off, width: 4 });
      const payload = off + NLMSG_HDRLEN;
      const end = off + h.length;
      const starts = [payload, payload + 4, payload + 16];
      if (h.type === NLMSG.ERROR && end - payload >= 20) {
        out.push({ off: payload + 4, width: 4 });
        starts.push(payload + 4 + (h.flags & NLM_F.CAPPED ? 16 : align4(buf.readUInt32LE(payload + 4))));
      }
      for (const s of starts) if (s <= end) attrLenFields(buf, s, end, out);
      return true;
    });
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
  }
  return out;
}

type Mutation =
  | { readonly op: 'flip'; readonly at: number; readonly mask: number }
  | { readonly op: 'set'; readonly at: number; readonly value: number }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'extend'; readonly bytes: Uint8Array }
  | { readonly op: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly op: 'delete'; readonly at: number; readonly n: number }
  | { readonly op: 'len'; readonly which: number; readonly value: number }
  | { readonly op: 'lenDelta'; readonly which: number; readonly delta: number };

const lenValue = fc.oneof(
  fc.constantFrom(0, 1, 3, 4, 5, 8, 15, 16, 17, 0xfffc, 0xffff, 0x7fffffff, 0x80000000, 0xfffffffc, 0xffffffff),
  fc.integer({ min: 0, max: 0xffff }),
  fc.integer({ min: 0, max: 0xffffffff }),
);

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('flip' as const), at: fc.nat(), mask: int(1, 0xff) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: u8 }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('extend' as const), bytes: bytes(24) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat(), n: int(1, 8) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('len' as const), which: fc.nat(), value: lenValue }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('lenDelta' as const), which: fc.nat(), delta: int(-8, 8) }) },
);
const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 4 });

function readLen(b: Buffer, f: LenField): number {
  return f.width === 2 ? b.readUInt16LE(f.off) : b.readUInt32LE(f.off);
}

function writeLen(b: Buffer, f: LenField, v: number): void {
  if (f.width === 2) b.writeUInt16LE(((v % 0x10000) + 0x10000) % 0x10000, f.off);
  else b.writeUInt32LE(((v % 0x100000000) + 0x100000000) % 0x100000000, f.off);
}

function mutate(orig: Uint8Array, fields: readonly LenField[], mutations: readonly Mutation[]): Buffer {
  let b = Buffer.from(orig);
  for (const m of mutations) {
    switch (m.op) {
      case 'flip':
        if (b.length) b[m.at % b.length] = (b[m.at % b.length] ?? 0) ^ m.mask;
        break;
      case 'set':
        if (b.length) b[m.at % b.length] = m.value;
        break;
      case 'truncate':
        b = b.subarray(0, m.at % (b.length + 1));
        break;
      case 'extend':
        b = Buffer.concat([b, m.bytes]);
        break;
      case 'insert': {
        const at = m.at % (b.length + 1);
        b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
        break;
      }
      case 'delete': {
        const at = m.at % (b.length + 1);
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.n)]);
        break;
      }
      case 'len':
      case 'lenDelta': {
        const f = fields.length ? fields[m.which % fields.length] : undefined;
        if (!f || f.off + f.width > b.length) break;
        writeLen(b, f, m.op === 'len' ? m.value : readLen(b, f) + m.delta);
        break;
      }
    }
  }
  return b;
}

// ---------------------------------------------------------------------------
// Builders of valid acks and datagrams

interface ExtAckSpec {
  readonly message?: string;
  readonly offset?: number;
  readonly cookie?: Uint8Array;
  readonly missType?: number;
  readonly missNest?: number;
  readonly policy?: readonly { readonly type: number; readonly wide: boolean; readonly value: bigint }[];
}

const extAckArb: fc.Arbitrary<ExtAckSpec> = fc.record(
  {
    message: text,
    offset: u32,
    cookie: bytes(20),
    missType: u32,
    missNest: u32,
    policy: fc.array(
      fc.record({
        type: fc.integer({ min: 0, max: 14 }),
        wide: fc.boolean(),
        value: big(0n, U64_MAX),
      }),
      { maxLength: 4 },
    ),
  },
  { requiredKeys: [] },
);

function writeExtAck(w: Writer, x: ExtAckSpec): void {
  const put = (type: number, body: () => void): void => {
    const off = w.beginAttr(type);
    body();
    w.endAttr(off);
  };
  if (x.message !== undefined) put(NLMSGERR_ATTR.MSG, () => w.string(x.message ?? ''));
  if (x.offset !== undefined) put(NLMSGERR_ATTR.OFFS, () => w.u32(x.offset ?? 0));
  if (x.cookie !== undefined) put(NLMSGERR_ATTR.COOKIE, () => w.bytes(x.cookie ?? new Uint8Array()));
  if (x.policy !== undefined) {
    put(NLMSGERR_ATTR.POLICY | NLA_F.NESTED, () => {
      for (const p of x.policy ?? []) {
        put(p.type, () => (p.wide ? w.u64(p.value) : w.u32(Number(p.value & 0xffffffffn))));
      }
    });
  }
  if (x.missType !== undefined) put(NLMSGERR_ATTR.MISS_TYPE, () => w.u32(x.missType ?? 0));
  if (x.missNest !== undefined) put(NLMSGERR_ATTR.MISS_NEST, () => w.u32(x.missNest ?? 0));
}

interface AckSpec {
  readonly kind: 'error' | 'done';
  readonly errno: number;
  readonly capped: boolean;
  readonly tlvs: boolean;
  readonly orig: Uint8Array;
  readonly ext: ExtAckSpec;
}

const ackArb: fc.Arbitrary<AckSpec> = fc.record({
  kind: fc.constantFrom('error' as const, 'done' as const),
  errno: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 133 }), fc.integer({ min: 0, max: 0x7fffffff })),
  capped: fc.boolean(),
  tlvs: fc.boolean(),
  orig: bytes(24),
  ext: extAckArb,
});

function ackFlags(a: AckSpec): number {
  return (a.capped ? NLM_F.CAPPED : 0) | (a.tlvs ? NLM_F.ACK_TLVS : 0);
}

/** Writes an `NLMSG_ERROR`/`NLMSG_DONE` payload; returns where its TLVs start. */
function writeAckPayload(w: Writer, a: AckSpec): number {
  w.s32(-a.errno);
  if (a.kind === 'error') {
    w.u32(NLMSG_HDRLEN + a.orig.length);
    w.u16(RTM.NEWLINK);
    w.u16(NLM_F.REQUEST | NLM_F.ACK);
    w.u32(1);
    w.u32(0);
    if (!a.capped) {
      w.bytes(a.orig);
      w.align();
    }
  }
  const tlvStart = w.length;
  if (a.tlvs) writeExtAck(w, a.ext);
  return tlvStart;
}

function buildAck(a: AckSpec): { buf: Buffer; fields: LenField[] } {
  const w = new Writer(16);
  const tlvStart = writeAckPayload(w, a);
  const buf = w.finish();
  const fields = attrLenFields(buf, tlvStart, buf.length, a.kind === 'error' ? [{ off: 4, width: 4 }] : []);
  return { buf, fields };
}

const SEQS = [1, 2, 0xfffffffe] as const;
const PORT = 4242;

type MsgSpec =
  | { readonly kind: 'ack'; readonly ack: AckSpec; readonly seq: number; readonly pid: number; readonly extra: number }
  | {
      readonly kind: 'link';
      readonly value: unknown;
      readonly seq: number;
      readonly pid: number;
      readonly flags: number;
    }
  | {
      readonly kind: 'raw';
      readonly type: number;
      readonly flags: number;
      readonly payload: Uint8Array;
      readonly seq: number;
      readonly pid: number;
    };

const seqArb = fc.oneof(fc.constantFrom(...SEQS, 0), fc.integer({ min: 0, max: 0xffffffff }));
const pidArb = fc.oneof({ weight: 4, arbitrary: fc.constant(PORT) }, fc.constantFrom(0, 7));
const msgFlagsArb = fc.oneof(
  fc.constantFrom(0, NLM_F.MULTI, NLM_F.MULTI | NLM_F.DUMP_INTR, NLM_F.DUMP_INTR),
  fc.integer({ min: 0, max: 0xffff }),
);
const msgArb: fc.Arbitrary<MsgSpec> = fc.oneof(
  fc.record({
    kind: fc.constant('ack' as const),
    ack: ackArb,
    seq: seqArb,
    pid: pidArb,
    extra: fc.constantFrom(0, NLM_F.DUMP_INTR, NLM_F.MULTI),
  }),
  fc.record({
    kind: fc.constant('link' as const),
    value: fc.record({ header: linkHeaderArb, attrs: linkAttrsArb }),
    seq: seqArb,
    pid: pidArb,
    flags: msgFlagsArb,
  }),
  fc.record({
    kind: fc.constant('raw' as const),
    type: fc.oneof(fc.constantFrom(NLMSG.NOOP, NLMSG.ERROR, NLMSG.DONE, NLMSG.OVERRUN, 0x20), u16),
    flags: msgFlagsArb,
    payload: bytes(40),
    seq: seqArb,
    pid: pidArb,
  }),
);

function buildDatagram(msgs: readonly MsgSpec[]): Buffer {
  const w = new Writer(16);
  for (const m of msgs) {
    switch (m.kind) {
      case 'ack': {
        const type = m.ack.kind === 'error' ? NLMSG.ERROR : NLMSG.DONE;
        const off = w.beginMessage(type, ackFlags(m.ack) | m.extra, m.seq, m.pid);
        writeAckPayload(w, m.ack);
        w.endMessage(off);
        break;
      }
      case 'link': {
        const off = w.beginMessage(RTM.NEWLINK, m.flags, m.seq, m.pid);
        linkMessage.encode(w, m.value as LinkInput);
        w.endMessage(off);
        break;
      }
      case 'raw': {
        const off = w.beginMessage(m.type, m.flags, m.seq, m.pid);
        w.bytes(m.payload);
        w.endMessage(off);
        break;
      }
    }
  }
  return w.finish();
}

// ---------------------------------------------------------------------------
// Everything that decodes received bytes

function deepView(view: AttrView): void {
  toObject(view);
  JSON.stringify(view);
  void view[UNKNOWN];
}

function deepLink(buf: Uint8Array, offset?: number, length?: number): void {
  const v = linkMessage.decode(buf, offset, length);
  JSON.stringify(v.header);
  toObject(v.attrs);
  JSON.stringify(v.attrs);
}

/** Feeds a datagram to an engine with pending requests; checks its bookkeeping. */
function feedEngine(data: Uint8Array, groups: number, dumps: readonly boolean[]): void {
  const engine = new Engine(PORT, 1);
  const ended = new Map<number, number>();
  SEQS.forEach((seq, i) => {
    engine.register(seq, {
      dump: dumps[i] ?? false,
      onMessage(buf, offset, length) {
        assert.ok(engine.isPending(seq), 'a message for a request that has ended');
        allowDecodeError('linkMessage.decode (engine message)', () => deepLink(buf, offset, length));
      },
      onEnd(ack) {
        assert.equal(typeof ack.errno, 'number');
        ended.set(seq, (ended.get(seq) ?? 0) + 1);
      },
    });
  });
  engine.onUnsolicited = (msg) => {
    allowDecodeError('linkMessage.decode (unsolicited)', () => deepLink(msg.buf, msg.offset, msg.length));
  };
  allowDecodeError('Engine.feed', () => engine.feed(data, { senderPort: 0, groups, truncated: false }));
  for (const n of ended.values()) assert.equal(n, 1, 'a request ended twice');
  assert.equal(engine.pendingCount + ended.size, SEQS.length, 'pending + ended != registered');
}

/** Feeds `buf` to every decoder (whole and on the sub-range chosen by `pick`). */
function exercise(buf: Buffer, flags: number, pick: number, dumps: readonly boolean[] = [false, true, false]): void {
  const n = buf.length;
  const start = pick % (n + 1);
  const end = start + (Math.floor(pick / 1021) % (n - start + 1));
  // A plain Uint8Array at a non-zero offset of a larger ArrayBuffer.
  const backing = new Uint8Array(n + 7);
  backing.set(buf, 7);
  const plain = backing.subarray(7);

  allowDecodeError('forEachMessage', () =>
    forEachMessage(plain, (h, off) => {
      assert.ok(h.length >= NLMSG_HDRLEN && off + h.length <= n, 'message outside the datagram');
      const payload = off + NLMSG_HDRLEN;
      const stop = off + h.length;
      allowDecodeError('decodeError (message)', () => decodeError(buf, payload, stop, h.flags));
      allowDecodeError('decodeDone (message)', () => decodeDone(buf, payload, stop, h.flags));
      allowDecodeError('linkMessage.decode (message)', () => deepLink(plain, payload, h.length - NLMSG_HDRLEN));
      return true;
    }),
  );
  allowDecodeError('forEachMessage (range)', () => forEachMessage(buf, () => true, start, end));
  for (const f of [flags, NLM_F.ACK_TLVS, NLM_F.ACK_TLVS | NLM_F.CAPPED]) {
    allowDecodeError('decodeError', () => decodeError(buf, 0, n, f));
    allowDecodeError('decodeError (range)', () => decodeError(buf, start, end, f));
    allowDecodeError('decodeDone', () => decodeDone(buf, 0, n, f));
    allowDecodeError('decodeDone (range)', () => decodeDone(buf, start, end, f));
  }
  allowDecodeError('linkMessage.decode', () => deepLink(plain));
  allowDecodeError('linkMessage.decode (range)', () => deepLink(buf, start, end - start));
  allowDecodeError('top.view', () => deepView(top.view(plain)));
  allowDecodeError('top.view (range)', () => deepView(top.view(buf, start, end)));
  allowDecodeError('linkAttrs.view', () => deepView(linkMessage.attrs.view(buf)));
  feedEngine(plain, 0, dumps);
  feedEngine(buf, 1, dumps);
}

const fuzzFlagsArb = fc.oneof(
  fc.constantFrom(0, NLM_F.CAPPED, NLM_F.ACK_TLVS, NLM_F.CAPPED | NLM_F.ACK_TLVS),
  fc.integer({ min: 0, max: 0xffff }),
);
const pickArb = fc.nat();
const dumpsArb = fc.array(fc.boolean(), { minLength: SEQS.length, maxLength: SEQS.length });

// ---------------------------------------------------------------------------
// 1. Round trips

test(
  'test schema: encode → view → toObject equals the input; view and toObject re-encode byte for byte',
  TIMEOUT,
  () => {
    fc.assert(
      fc.property(topArb, (input) => {
        const bytes = encodeSet(top, input);
        const view = top.view(bytes);
        const expected = canon(input);
        assert.deepStrictEqual(canon(toObject(view)), expected, 'toObject(view)');
        // Lazy access in reverse declaration order (the sub-message reads its selector on demand).
        const lazy = top.view(bytes);
        const lazyObj = toObject(shallow(top as unknown as AttrSet<Fields>, lazy, 'reverse')) as Obj;
        lazyObj[UNKNOWN] = lazy[UNKNOWN]; // toObject keeps symbol keys of views only
        assert.deepStrictEqual(canon(lazyObj), expected, 'lazy access in reverse order');
        assert.doesNotThrow(() => JSON.stringify(view));
        assertSameBytes(encodeSet(top, view), bytes, 're-encoding the view');
        assertSameBytes(
          encodeSet(top, shallow(top as unknown as AttrSet<Fields>, view)),
          bytes,
          're-encoding an object of nested views',
        );
        assertSameBytes(encodeSet(top, toObject(view)), bytes, 're-encoding toObject(view)');
      }),
      params(400),
    );
  },
);

test('link message: random header and attributes round-trip byte for byte', TIMEOUT, () => {
  fc.assert(
    fc.property(linkHeaderArb, linkAttrsArb, (header, attrs) => {
      const bytes = encodeLink({ header, attrs });
      const view = linkMessage.decode(bytes);
      assert.deepStrictEqual(canon(view.header), canon(header), 'header');
      assert.deepStrictEqual(canon(toObject(view.attrs)), canon(attrs), 'attributes');
      assert.doesNotThrow(() => JSON.stringify(view.attrs));
      assertSameBytes(encodeLink(view), bytes, 're-encoding the view');
      assertSameBytes(encodeLink({ header: view.header, attrs: toObject(view.attrs) }), bytes, 're-encoding toObject');
      // Inside a netlink message, walked by forEachMessage.
      const w = new Writer(16);
      const off = w.beginMessage(RTM.NEWLINK, NLM_F.MULTI, 9, PORT);
      linkMessage.encode(w, { header, attrs } as LinkInput);
      w.endMessage(off);
      const dgram = w.finish();
      let count = 0;
      forEachMessage(dgram, (h, o) => {
        count++;
        assert.equal(h.length, dgram.length);
        const again = linkMessage.decode(dgram, o + NLMSG_HDRLEN, h.length - NLMSG_HDRLEN);
        assert.deepStrictEqual(canon(toObject(again.attrs)), canon(attrs));
        return true;
      });
      assert.equal(count, 1);
    }),
    params(300),
  );
});

test('ipv6: RFC 5952 text on decode; every text form parses to the same bytes', TIMEOUT, () => {
  fc.assert(
    fc.property(ipv6Bytes, (b) => {
      const buf = Buffer.from(b);
      const ref = ipv6Reference(b);
      assert.equal(t.ipv6.decode(buf, 0, 16, [], 'a'), ref);
      assert.equal(formatIpv6(b), ref);
      for (const form of [ref, ipv6Full(b), ipv6Full(b).toLowerCase(), ipv6Mixed(b)]) {
        assert.equal(hex(parseIpv6(form)), hex(b), form);
      }
    }),
    params(500),
  );
  fc.assert(
    fc.property(fc.ipV6(), (s) => {
      const b = parseIpv6(s);
      assert.equal(hex(parseIpv6(formatIpv6(b))), hex(b));
      assert.equal(formatIpv6(b), ipv6Reference(b));
    }),
    params(300),
  );
});

/** A text edited at one place: a character replaced, inserted or removed (what a typo does to an address). */
const edited = (text: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(
      text,
      fc.nat(),
      fc.constantFrom(...'0123456789abcdefABCDEFg:.%/ '),
      fc.constantFrom('set', 'insert', 'remove'),
    )
    .map(([s, at, c, how]) => {
      const i = at % (s.length + 1);
      if (how === 'insert') return s.slice(0, i) + c + s.slice(i);
      return s.slice(0, i) + (how === 'set' ? c : '') + s.slice(i + 1);
    });

test('address text: nlink accepts the IPv4 and IPv6 forms node:net does (no zones), and nothing else', TIMEOUT, () => {
  const text = fc.oneof(
    ipv6Text,
    ipv4Text,
    edited(ipv6Text),
    edited(edited(ipv6Text)),
    edited(ipv4Text),
    fc.string({ unit: fc.constantFrom(...'0123456789abcdef:.'), maxLength: 45 }),
  );
  fc.assert(
    fc.property(text, (s) => {
      const v6 = isIPv6(s) && !s.includes('%');
      assert.equal(isIpv6(s), v6, s);
      assert.equal(isIpv4(s), isIPv4(s), s);
      assert.equal(isIp(s), v6 || isIPv4(s), s);
      if (v6) assert.equal(hex(parseIp(s)), hex(parseIpv6(s)), s);
      if (!v6 && !isIPv4(s)) assert.throws(() => parseIp(s), /is not an IP address/, s);
    }),
    params(3000),
  );
});

test('ack: valid NLMSG_ERROR/NLMSG_DONE payloads decode to what was written', TIMEOUT, () => {
  fc.assert(
    fc.property(ackArb, (a) => {
      const { buf } = buildAck(a);
      const flags = ackFlags(a);
      const info = a.kind === 'error' ? decodeError(buf, 0, buf.length, flags) : decodeDone(buf, 0, buf.length, flags);
      assert.ok(info.errno === a.errno, `errno ${info.errno} !== ${a.errno}`); // -0 for a plain ack
      const x = a.ext;
      const any = x.message !== undefined || x.offset !== undefined || x.cookie !== undefined;
      const withMissing = x.missType !== undefined;
      if (!a.tlvs || (!any && !withMissing && x.policy === undefined)) {
        assert.equal(info.extAck, undefined);
        return;
      }
      const ext = info.extAck;
      assert.ok(ext);
      assert.equal(ext.message, x.message);
      assert.equal(ext.offset, x.offset);
      assert.equal(
        ext.cookie === undefined ? undefined : hex(ext.cookie),
        x.cookie === undefined ? undefined : hex(x.cookie),
      );
      if (withMissing) {
        assert.deepStrictEqual(
          { ...ext.missing },
          x.missNest === undefined ? { type: x.missType } : { type: x.missType, nestOffset: x.missNest },
        );
      } else {
        assert.equal(ext.missing, undefined);
      }
      assert.equal(ext.policy === undefined, x.policy === undefined);
      if (ext.policy) assert.equal(Object.keys(ext.policy).length, new Set(x.policy?.map((p) => p.type)).size);
    }),
    params(400),
  );
});

// ---------------------------------------------------------------------------
// 2. Fuzzing: only DecodeError may escape, and everything terminates

test('fuzz: random bytes throw nothing but DecodeError', TIMEOUT, () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 256, size: 'max' }),
      fuzzFlagsArb,
      pickArb,
      dumpsArb,
      (b, flags, pick, dumps) => {
        exercise(Buffer.from(b), flags, pick, dumps);
      },
    ),
    params(500),
  );
});

test('fuzz: mutated test-schema encodings throw nothing but DecodeError', TIMEOUT, () => {
  fc.assert(
    fc.property(topArb, mutationsArb, fuzzFlagsArb, pickArb, (input, muts, flags, pick) => {
      const bytes = encodeSet(top, input);
      const mutated = mutate(bytes, attrLenFields(bytes, 0, bytes.length, []), muts);
      allowDecodeError('top.view (mutated)', () => deepView(top.view(mutated)));
      exercise(mutated, flags, pick);
    }),
    params(400),
  );
});

test('fuzz: mutated link messages throw nothing but DecodeError', TIMEOUT, () => {
  fc.assert(
    fc.property(
      linkHeaderArb,
      linkAttrsArb,
      mutationsArb,
      fuzzFlagsArb,
      pickArb,
      (header, attrs, muts, flags, pick) => {
        const bytes = encodeLink({ header, attrs });
        const mutated = mutate(bytes, attrLenFields(bytes, 16, bytes.length, []), muts);
        allowDecodeError('linkMessage.decode (mutated)', () => deepLink(mutated));
        exercise(mutated, flags, pick);
      },
    ),
    params(300),
  );
});

test('fuzz: mutated NLMSG_ERROR/NLMSG_DONE payloads throw nothing but DecodeError', TIMEOUT, () => {
  fc.assert(
    fc.property(ackArb, mutationsArb, fuzzFlagsArb, (a, muts, flags) => {
      const { buf, fields } = buildAck(a);
      const mutated = mutate(buf, fields, muts);
      for (const f of [ackFlags(a), flags]) {
        allowDecodeError('decodeError (mutated)', () => decodeError(mutated, 0, mutated.length, f));
        allowDecodeError('decodeDone (mutated)', () => decodeDone(mutated, 0, mutated.length, f));
      }
    }),
    params(800),
  );
});

test('fuzz: Engine.feed with valid and mutated datagrams throws nothing but DecodeError', TIMEOUT, () => {
  fc.assert(
    fc.property(
      fc.array(msgArb, { minLength: 1, maxLength: 4 }),
      fc.option(mutationsArb, { nil: undefined }),
      dumpsArb,
      fuzzFlagsArb,
      pickArb,
      (msgs, muts, dumps, flags, pick) => {
        const dgram = buildDatagram(msgs);
        if (muts === undefined) {
          // Datagrams of valid link messages and acks must decode without any error.
          if (msgs.some((m) => m.kind === 'raw')) {
            exercise(dgram, flags, pick, dumps);
            return;
          }
          const engine = new Engine(PORT, 1);
          engine.feed(dgram, { senderPort: 0, groups: 0, truncated: false });
          feedEngine(dgram, 0, dumps);
          return;
        }
        const mutated = mutate(dgram, datagramLenFields(dgram), muts);
        exercise(mutated, flags, pick, dumps);
      },
    ),
    params(400),
  );
});
