/**
 * IP addresses and CIDR prefixes as iproute2 reads them, shared by every
 * family that takes one (addresses, routes, rules, neighbours, nexthops):
 *
 * ```ts
 * parsePrefix('10.0.0.0/24');   // { family: 'inet', address: '10.0.0.0', bytes, length: 24, explicitLength: true }
 * parsePrefix('10/8');          // iproute2's short form: 10.0.0.0/8
 * parsePrefix('10.0.0.0/255.255.255.0'); // a contiguous netmask: length 24
 * parsePrefix('2001:db8::1');   // no length: the full 128
 * parsePrefix('default', { family: 'inet6' }); // ::/0
 * parsePrefix('10.0.0.1/24', { hostBits: 'reject' }); // InvalidArgumentError: host bits set
 * ```
 *
 * What is accepted follows iproute2's `get_prefix()`/`get_addr()`, minus
 * its ambiguities: IPv4 in 1 to 4 dotted decimal parts (`10`, `10.1`,
 * `10.1.2.3`; missing parts are zero), but no octal or hex parts (iproute2
 * reads `010` as 8); IPv6 in any RFC 4291 text form without a zone; a length
 * in decimal, or for IPv4 a contiguous dotted netmask; `default`, `any` and
 * `all` for the zero-length prefix of the family (never with a length).
 * Whether host bits may be set is the caller's choice: the kernel rejects
 * them for IPv4 routes and masks them for IPv6 routes, while an interface
 * address is nothing but host bits.
 *
 * @module
 */

import { InvalidArgumentError } from '../errors.js';
import { dottedQuadValue, formatIpv4, formatIpv6, parseIpv6, quadBytes } from '../schema/address.js';
import { AF } from './constants.js';

/** An IP address family: `inet` (IPv4) or `inet6` (IPv6), as iproute2 names them. */
export type IpFamily = 'inet' | 'inet6';

/** A parsed IP address. */
export interface IpAddress {
  readonly family: IpFamily;
  /** Canonical text: dotted quad, or RFC 5952 IPv6. */
  readonly address: string;
  /** Network-order bytes (4 or 16). */
  readonly bytes: Uint8Array;
}

/** A parsed prefix: an address and a length. */
export interface Prefix extends IpAddress {
  /** Prefix length in bits. */
  readonly length: number;
  /** Whether the text gave the length (`10.0.0.1/24`) rather than implying the full one (`10.0.0.1`). */
  readonly explicitLength: boolean;
}

/** Options of {@link parsePrefix} and {@link parseIpAddress}. */
export interface PrefixOptions {
  /** The family the text must be in; also the family of `default`/`any`/`all` (default `inet`). */
  readonly family?: IpFamily;
  /** `reject`: throw when bits beyond the length are set (`10.0.0.1/24`). Default `allow`. */
  readonly hostBits?: 'allow' | 'reject';
  /** What the text is, for error messages (default `prefix` or `address`). */
  readonly what?: string;
}

/** Address length in bits of a family. */
export function bitLength(family: IpFamily): 32 | 128 {
  return family === 'inet' ? 32 : 128;
}

/** The `AF_*` number of a family. */
export function afOf(family: IpFamily): typeof AF.INET | typeof AF.INET6 {
  return family === 'inet' ? AF.INET : AF.INET6;
}

/** The family of an `AF_*` number, if it is an IP family. */
export function ipFamilyOfAf(af: number): IpFamily | undefined {
  return af === AF.INET ? 'inet' : af === AF.INET6 ? 'inet6' : undefined;
}

/** The family the text of an address or prefix is written in (`:` means IPv6), without validating it. */
export function familyOfText(text: string): IpFamily {
  return text.includes(':') ? 'inet6' : 'inet';
}

function notIpv4(text: string, what: string): InvalidArgumentError {
  return new InvalidArgumentError(
    what,
    `${JSON.stringify(text)} is not an IPv4 address (1 to 4 decimal parts of 0-255, no leading zeros)`,
  );
}

function dotsIn(text: string): number {
  let dots = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x2e) dots++;
  return dots;
}

/** Parses 1 to 4 dot-separated decimal parts of 0-255 with no leading zeros (`10.1` is `10.1.0.0`). */
function parseIpv4Short(text: string, what: string): Uint8Array {
  if (dotsIn(text) > 3) throw new InvalidArgumentError(what, `${JSON.stringify(text)} is not an IPv4 address`);
  const out = new Uint8Array(4);
  let part = 0;
  let n = 0;
  let digits = 0;
  // One pass over the characters (the end counts as a dot); this runs once per route of a batch.
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0) throw notIpv4(text, what);
      out[part++] = n;
      n = 0;
      digits = 0;
    } else {
      if (c < 0x30 || c > 0x39 || (digits > 0 && n === 0)) throw notIpv4(text, what);
      n = n * 10 + (c - 0x30);
      digits++;
      if (n > 255) throw notIpv4(text, what);
    }
  }
  return out;
}

function formatBytes(family: IpFamily, bytes: Uint8Array): string {
  return family === 'inet' ? formatIpv4(bytes) : formatIpv6(bytes);
}

/**
 * Parses an IP address (`10.0.0.1`, `10.1` as iproute2 reads it, `2001:db8::1`).
 * @throws {InvalidArgumentError} naming `options.what`.
 */
export function parseIpAddress(text: string, options: Omit<PrefixOptions, 'hostBits'> = {}): IpAddress {
  const what = options.what ?? 'address';
  if (typeof text !== 'string' || text === '') throw new InvalidArgumentError(what, 'expected an IP address string');
  const family = familyOfText(text);
  if (options.family !== undefined && options.family !== family) {
    throw new InvalidArgumentError(what, `${JSON.stringify(text)} is not an ${options.family} address`);
  }
  if (family === 'inet6') {
    const bytes = parseIpv6(text, what);
    return { family, address: formatBytes(family, bytes), bytes };
  }
  const bytes = parseIpv4Short(text, what);
  // Four parts that parsed (no leading zeros, none above 255) are already the canonical text.
  return { family, address: dotsIn(text) === 3 ? text : formatBytes(family, bytes), bytes };
}

function parseLength(text: string, family: IpFamily, whole: string, what: string): number {
  const max = bitLength(family);
  if (/^(0|[1-9][0-9]*)$/.test(text)) {
    const n = Number(text);
    if (n <= max) return n;
  } else if (family === 'inet' && text.includes('.')) {
    const mask = parseIpv4Short(text, what);
    const bits = (((mask[0] ?? 0) << 24) | ((mask[1] ?? 0) << 16) | ((mask[2] ?? 0) << 8) | (mask[3] ?? 0)) >>> 0;
    // Contiguous: the inverted mask plus one (1 to 2^32, no 32-bit wrap in a double) is a power of two.
    const zeros = Math.log2((~bits >>> 0) + 1);
    if (Number.isInteger(zeros)) return 32 - zeros;
    throw new InvalidArgumentError(what, `${JSON.stringify(whole)}: netmask ${text} is not contiguous`);
  }
  throw new InvalidArgumentError(what, `${JSON.stringify(whole)}: prefix length must be 0-${max}`);
}

/** Whether any bit past the first `length` bits of `bytes` is set. */
export function hasHostBits(bytes: Uint8Array, length: number): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, length - 8 * i));
    const hostMask = 0xff >> keep;
    if (((bytes[i] ?? 0) & hostMask) !== 0) return true;
  }
  return false;
}

/** The first `length` bits of `bytes`, the rest cleared (the network address). */
export function maskBytes(bytes: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, length - 8 * i));
    out[i] = (bytes[i] ?? 0) & ((0xff << (8 - keep)) & 0xff);
  }
  return out;
}

/** The network of a prefix: `10.0.0.1/24` → `10.0.0.0/24`. */
export function networkOf(prefix: Prefix): Prefix {
  const bytes = maskBytes(prefix.bytes, prefix.length);
  return { ...prefix, bytes, address: formatBytes(prefix.family, bytes) };
}

/** Whether `address` lies inside `prefix` (same family, same first `length` bits). */
export function prefixContains(prefix: Prefix, address: IpAddress): boolean {
  if (prefix.family !== address.family) return false;
  const a = maskBytes(prefix.bytes, prefix.length);
  const b = maskBytes(address.bytes, prefix.length);
  return a.every((v, i) => v === b[i]);
}

/**
 * The commonest prefix text, `a.b.c.d/len` (a canonical dotted quad, a
 * decimal length of 0-32 without leading zeros, no bit set past the
 * length), read in one pass without allocating, as `address * 64 + length`;
 * -1 for any other text, which {@link parsePrefix} then reads (with the
 * same result for these). What a batch of a million route adds goes
 * through.
 */
export function plainIpv4Prefix(text: string): number {
  const slash = text.indexOf('/');
  if (slash < 0) return -1;
  const address = dottedQuadValue(text, 0, slash);
  if (address < 0) return -1;
  const lengthDigits = text.length - slash - 1;
  if (lengthDigits < 1 || lengthDigits > 2) return -1;
  let length = 0;
  for (let i = slash + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    length = length * 10 + (c - 0x30);
  }
  if (length > 32 || (lengthDigits === 2 && length < 10)) return -1;
  // Host bits: the address modulo 2^(32 - length) must be zero.
  if (length < 32 && address % 2 ** (32 - length) !== 0) return -1;
  return address * 64 + length;
}

/**
 * Parses a prefix (`10.0.0.0/24`, `10/8`, `10.0.0.0/255.255.255.0`,
 * `2001:db8::/32`, `10.0.0.1` as a /32, `default`).
 * @throws {InvalidArgumentError} naming `options.what`.
 */
export function parsePrefix(text: string, options: PrefixOptions = {}): Prefix {
  const what = options.what ?? 'prefix';
  if (typeof text !== 'string' || text === '') throw new InvalidArgumentError(what, 'expected a prefix string');
  if (options.family !== 'inet6') {
    // The commonest text, read in one pass; whatever it does not take is read below.
    const plain = plainIpv4Prefix(text);
    if (plain >= 0) {
      const bytes = quadBytes(Math.floor(plain / 64));
      return {
        family: 'inet',
        address: text.slice(0, text.indexOf('/')),
        bytes,
        length: plain % 64,
        explicitLength: true,
      };
    }
  }
  const slash = text.indexOf('/');
  const head = slash < 0 ? text : text.slice(0, slash);
  if (head === 'default' || head === 'any' || head === 'all') {
    if (slash >= 0) throw new InvalidArgumentError(what, `${JSON.stringify(text)}: ${head} takes no length`);
    const family = options.family ?? 'inet';
    const bytes = new Uint8Array(bitLength(family) / 8);
    return { family, address: formatBytes(family, bytes), bytes, length: 0, explicitLength: true };
  }
  const addr = parseIpAddress(head, options.family === undefined ? { what } : { family: options.family, what });
  const length = slash < 0 ? bitLength(addr.family) : parseLength(text.slice(slash + 1), addr.family, text, what);
  if (options.hostBits === 'reject' && hasHostBits(addr.bytes, length)) {
    const net = formatBytes(addr.family, maskBytes(addr.bytes, length));
    throw new InvalidArgumentError(
      what,
      `${JSON.stringify(text)} has host bits set past /${length} (the network is ${net}/${length})`,
    );
  }
  return { family: addr.family, address: addr.address, bytes: addr.bytes, length, explicitLength: slash >= 0 };
}

/** Formats a prefix as `address/length`. */
export function formatPrefix(prefix: { readonly address: string; readonly length: number }): string {
  return `${prefix.address}/${prefix.length}`;
}
