/**
 * Parsing and formatting of IP and link-layer addresses, shared by the
 * schema's address hints and the families' validation.
 *
 * @module
 */

import { InvalidArgumentError } from '../errors.js';

/** `"0"` to `"255"`, and the same followed by a dot: formatting a dotted quad converts no number. */
const DECIMAL = Array.from({ length: 256 }, (_, i) => String(i));
const DECIMAL_DOT = DECIMAL.map((d) => `${d}.`);

/**
 * `"a.b."` for the first two octets `a << 8 | b`, made a row of 256 (every
 * `b` of one `a`) on first use: the routes of a dump share few, so a
 * formatted address costs one string less (at most 65,536 short strings and
 * their table, about 2 MiB, however many addresses).
 */
const PAIRS: (string | undefined)[] = new Array<string | undefined>(65536).fill(undefined);
/** `"d/len"` for the last octet `d` and a prefix length of 0 to 32 (`d * 33 + len`), made on first use. */
const LAST_OCTET_PREFIX: (string | undefined)[] = new Array<string | undefined>(256 * 33).fill(undefined);

/**
 * Fills the row of {@link PAIRS} for first octet `a`. Whole rows, so that a
 * dump whose addresses share their first octet misses once, at its first
 * address: a miss met later, in code V8 optimized without ever running this
 * branch, deoptimizes the formatting of every address (bench a: once per
 * 65,536 routes of 10.0.0.0/8).
 */
function fillPairs(a: number): void {
  const first = DECIMAL_DOT[a] as string;
  for (let b = 0; b < 256; b++) PAIRS[(a << 8) | b] = first + (DECIMAL_DOT[b] as string);
}

/**
 * The last `"a.b.c."` made, and its octets (`a << 16 | b << 8 | c`): the
 * routes of a dump come sorted, so most share their first three octets with
 * the one before, and their address then costs one string less.
 */
let lastTriple = '';
let lastTripleKey = -1;

/** `"a.b.c."`, the first three octets of the IPv4 address at `off`. */
function firstThreeOctets(b: Uint8Array, off: number): string {
  const key = (b[off]! << 8) | b[off + 1]!;
  const tripleKey = (key << 8) | b[off + 2]!;
  if (tripleKey === lastTripleKey) return lastTriple;
  let pair = PAIRS[key];
  if (pair === undefined) {
    fillPairs(b[off]!);
    pair = PAIRS[key] as string;
  }
  lastTriple = pair + (DECIMAL_DOT[b[off + 2]!] as string);
  lastTripleKey = tripleKey;
  return lastTriple;
}

/**
 * Formats 4 bytes as dotted-quad IPv4 (about twice as fast as a template of
 * the four numbers, and makes two strings where that makes five).
 */
export function formatIpv4(b: Uint8Array, off = 0): string {
  return firstThreeOctets(b, off) + (DECIMAL[b[off + 3]!] as string);
}

/**
 * Formats 4 bytes and a prefix length as `a.b.c.d/len`, as
 * `${formatIpv4(b, off)}/${prefixLen}` would, with two strings made instead of four.
 * @param prefixLen 0 to 32 (taken as a number to print otherwise).
 */
export function formatIpv4Prefix(b: Uint8Array, off: number, prefixLen: number): string {
  if (!(prefixLen >= 0 && prefixLen <= 32)) return `${formatIpv4(b, off)}/${prefixLen}`;
  const key = b[off + 3]! * 33 + prefixLen;
  let last = LAST_OCTET_PREFIX[key];
  if (last === undefined) {
    last = `${b[off + 3]!}/${prefixLen}`;
    LAST_OCTET_PREFIX[key] = last;
  }
  return firstThreeOctets(b, off) + last;
}

/** Formats 16 bytes as an IPv6 address in RFC 5952 form (what iproute2 prints). */
export function formatIpv6(b: Uint8Array, off = 0): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push(((b[off + 2 * i] ?? 0) << 8) | (b[off + 2 * i + 1] ?? 0));
  // IPv4-mapped ::ffff:a.b.c.d
  if (words[0] === 0 && words[1] === 0 && words[2] === 0 && words[3] === 0 && words[4] === 0 && words[5] === 0xffff) {
    return `::ffff:${formatIpv4(b, off + 12)}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (w: number | undefined) => (w ?? 0).toString(16);
  if (bestStart < 0) return words.map(hex).join(':');
  const head = words.slice(0, bestStart).map(hex).join(':');
  const tail = words
    .slice(bestStart + bestLen)
    .map(hex)
    .join(':');
  return `${head}::${tail}`;
}

/**
 * The value of a dotted quad as `isIPv4` accepts it (four decimal parts of
 * 0-255, no leading zeros), in `s` or its `[start, end)`, read in one pass
 * without allocating; -1 for anything else. What encoders of a million
 * addresses go through.
 */
export function dottedQuadValue(s: string, start = 0, end = s.length): number {
  let value = 0;
  let part = 0;
  let n = 0;
  let digits = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? s.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || part === 4) return -1;
      value = value * 256 + n;
      part++;
      n = 0;
      digits = 0;
    } else {
      if (c < 0x30 || c > 0x39 || (digits > 0 && n === 0)) return -1;
      n = n * 10 + (c - 0x30);
      if (++digits > 3 || n > 255) return -1;
    }
  }
  return part === 4 ? value : -1;
}

/** The 4 bytes of a dotted quad's value ({@link dottedQuadValue}). */
export function quadBytes(value: number): Uint8Array {
  return Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

/** Parses a dotted-quad IPv4 address. */
export function parseIpv4(s: string, what = 'IPv4 address'): Uint8Array {
  const value = dottedQuadValue(s);
  if (value < 0) throw new InvalidArgumentError(what, `${JSON.stringify(s)} is not an IPv4 address`);
  return quadBytes(value);
}

/** A group of 1 to 4 hex digits: an IPv6 address's word. */
const HEX_WORD = /^[0-9a-fA-F]{1,4}$/;

/** The words of `text` (`a:b:c`, `''` for none), or `undefined` when a group is not 1 to 4 hex digits. */
function hexWords(text: string): number[] | undefined {
  if (text === '') return [];
  const words: number[] = [];
  for (const group of text.split(':')) {
    if (!HEX_WORD.test(group)) return undefined;
    words.push(Number.parseInt(group, 16));
  }
  return words;
}

/**
 * The 16 bytes of an IPv6 address in any RFC 4291 text form (hex words, at
 * most one `::`, an optional dotted-quad tail; no zone), or `undefined`
 * when `s` is not one.
 */
function ipv6Bytes(s: string): Uint8Array | undefined {
  const out = new Uint8Array(16);
  let text = s;
  let words = 8;
  const lastColon = s.lastIndexOf(':');
  if (lastColon < 0) return undefined;
  if (s.includes('.', lastColon)) {
    const v4 = dottedQuadValue(s, lastColon + 1);
    if (v4 < 0) return undefined;
    out.set(quadBytes(v4), 12);
    words = 6;
    // Without the tail, keeping a `::` just before it (`::ffff:` loses its colon, `::` stays).
    text = s.endsWith('::', lastColon + 1) ? s.slice(0, lastColon + 1) : s.slice(0, lastColon);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = hexWords(halves[0] ?? '');
  const tail = halves.length === 2 ? hexWords(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  // A `::` stands for at least one zero word.
  if (halves.length === 1 ? head.length !== words : head.length + tail.length >= words) return undefined;
  const all = [...head, ...new Array<number>(words - head.length - tail.length).fill(0), ...tail];
  for (const [i, w] of all.entries()) {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  }
  return out;
}

/** Whether `s` is a dotted-quad IPv4 address, as {@link parseIpv4} takes it. */
export function isIpv4(s: string): boolean {
  return dottedQuadValue(s) >= 0;
}

/** Whether `s` is an IPv6 address in RFC 4291 text form, as {@link parseIpv6} takes it (no zone: `%eth0`). */
export function isIpv6(s: string): boolean {
  return ipv6Bytes(s) !== undefined;
}

/** Whether `s` is an IPv4 ({@link isIpv4}) or IPv6 ({@link isIpv6}) address. */
export function isIp(s: string): boolean {
  return isIpv4(s) || isIpv6(s);
}

/**
 * Whether the IPv4 or IPv6 address `s` is a multicast one (224.0.0.0/4, ff00::/8).
 * @throws {InvalidArgumentError} when `s` is not an IP address.
 */
export function isMulticastIp(s: string): boolean {
  const b = parseIp(s);
  return b.length === 4 ? (b[0]! & 0xf0) === 0xe0 : b[0] === 0xff;
}

/** Parses an IPv6 address (any RFC 4291 text form, with an optional embedded IPv4 tail). */
export function parseIpv6(s: string, what = 'IPv6 address'): Uint8Array {
  const bytes = ipv6Bytes(s);
  if (bytes === undefined) throw new InvalidArgumentError(what, `${JSON.stringify(s)} is not an IPv6 address`);
  return bytes;
}

/** Parses an IPv4 or IPv6 address. */
export function parseIp(s: string, what = 'IP address'): Uint8Array {
  const v4 = dottedQuadValue(s);
  if (v4 >= 0) return quadBytes(v4);
  const v6 = ipv6Bytes(s);
  if (v6 !== undefined) return v6;
  throw new InvalidArgumentError(what, `${JSON.stringify(s)} is not an IP address`);
}

/** Formats link-layer address bytes as lower-case colon-separated hex (`aa:bb:cc:dd:ee:ff`). */
export function formatMac(b: Uint8Array, off = 0, len = b.length - off): string {
  let s = '';
  for (let i = 0; i < len; i++) {
    const v = b[off + i] ?? 0;
    s += (i ? ':' : '') + (v < 16 ? '0' : '') + v.toString(16);
  }
  return s;
}

/** Parses a colon-separated hex link-layer address of any length (6 bytes for Ethernet). */
export function parseMac(s: string, what = 'link-layer address'): Uint8Array {
  const parts = s.split(':');
  if (s === '' || !parts.every((p) => /^[0-9a-fA-F]{1,2}$/.test(p))) {
    throw new InvalidArgumentError(what, `${JSON.stringify(s)} is not a colon-separated hex address`);
  }
  return Uint8Array.from(parts, (p) => Number.parseInt(p, 16));
}
