/**
 * Addresses and prefixes on the command line the way `ip` reads them
 * (iproute2's `get_addr`, `get_prefix`, `inet_addr_match`): an `AF_*`
 * family, network-order bytes and a length, `default`/`any`/`all`, MPLS
 * label stacks; and the names of address families.
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { AF } from '../../core/constants.js';
import { parseIpAddress, parsePrefix } from '../../core/prefix.js';
import { NetlinkError } from '../../errors.js';
import { CliError } from '../common/args.js';

/** An address or prefix as iproute2 holds it (`inet_prefix`). */
export interface InetPrefix {
  /** `AF_*` (`AF_UNSPEC` for `any`/`all`/`default` without a family). */
  readonly family: number;
  /** Network-order bytes: empty for `any`/`all`, zeros for `default`. */
  readonly bytes: Uint8Array;
  /** Prefix length in bits (the full length when none was given). */
  readonly bitlen: number;
  /** A length was given, or the text was `default` (iproute2's `PREFIXLEN_SPECIFIED`). */
  readonly specified: boolean;
  /** Canonical text of the address (labels `100/200` for MPLS, empty for `any`). */
  readonly text: string;
}

/** The largest MPLS label. */
const MPLS_LABEL_MAX = 0xfffff;

/** The bits of an address of `family` (`af_bit_len`). */
export function afBitLen(family: number): number {
  if (family === AF.INET6) return 128;
  if (family === AF.INET) return 32;
  if (family === AF.MPLS) return 20;
  return 0;
}

/** The name iproute2 gives a family (`family_name`). */
export function familyName(family: number): string {
  switch (family) {
    case AF.INET:
      return 'inet';
    case AF.INET6:
      return 'inet6';
    case AF.PACKET:
      return 'link';
    case AF.MPLS:
      return 'mpls';
    case AF.BRIDGE:
      return 'bridge';
    default:
      return '???';
  }
}

/** The family of a name (`read_family`): `inet`, `inet6`, `link`, `mpls`, `bridge`; else `AF_UNSPEC`. */
export function readFamily(name: string): number {
  const families: Readonly<Record<string, number>> = {
    inet: AF.INET,
    inet6: AF.INET6,
    link: AF.PACKET,
    mpls: AF.MPLS,
    bridge: AF.BRIDGE,
  };
  return Object.hasOwn(families, name) ? (families[name] as number) : AF.UNSPEC;
}

/** An MPLS label stack `100/200/300` (`mpls_pton`), or `undefined`. */
export function parseLabels(text: string): number[] | undefined {
  const parts = text.split('/');
  const labels: number[] = [];
  for (const p of parts) {
    if (!/^\d+$/.test(p)) return undefined;
    const n = Number(p);
    if (n > MPLS_LABEL_MAX) return undefined;
    labels.push(n);
  }
  return labels;
}

function labelBytes(labels: readonly number[]): Uint8Array {
  const out = Buffer.alloc(4 * labels.length);
  labels.forEach((l, i) => {
    out.writeUInt32BE(((l << 12) | (i === labels.length - 1 ? 0x100 : 0)) >>> 0, 4 * i);
  });
  return out;
}

/** `get_addr_1`: the address `text` of `family` (or any family), `undefined` when it is not one. */
function addr1(text: string, family: number): InetPrefix | undefined {
  if (text === 'default' || text === 'all' || text === 'any') {
    if (family === AF.MPLS) return undefined;
    const dflt = text === 'default';
    const bytes = new Uint8Array(dflt ? afBitLen(family) / 8 : 0);
    return { family, bytes, bitlen: -2, specified: dflt, text };
  }
  if (text.includes(':')) {
    if (family !== AF.UNSPEC && family !== AF.INET6) return undefined;
    try {
      const a = parseIpAddress(text, { family: 'inet6' });
      return { family: AF.INET6, bytes: a.bytes, bitlen: -1, specified: false, text: a.address };
    } catch {
      return undefined;
    }
  }
  if (family === AF.MPLS) {
    const labels = parseLabels(text);
    return labels && { family, bytes: labelBytes(labels), bitlen: 20, specified: false, text: labels.join('/') };
  }
  if (family !== AF.UNSPEC && family !== AF.INET) return undefined;
  try {
    const a = parseIpAddress(text, { family: 'inet' });
    return { family: AF.INET, bytes: a.bytes, bitlen: -1, specified: false, text: a.address };
  } catch {
    return undefined;
  }
}

function verbose(family: number): string {
  return family === AF.UNSPEC ? 'any valid' : familyName(family);
}

/**
 * `get_addr`: an address of `family` (`AF_UNSPEC`: any).
 * @throws {CliError} `Error: inet address is expected rather than "TEXT".` (exit 1)
 */
export function getAddr(text: string, family: number): InetPrefix {
  const a = addr1(text, family);
  if (!a) throw new CliError(`Error: ${verbose(family)} address is expected rather than "${text}".\n`, 1);
  return { ...a, bitlen: a.bitlen === -2 ? 0 : afBitLen(a.family) };
}

/**
 * `get_prefix`: a prefix `ADDR[/LEN]` of `family` (`AF_UNSPEC`: any);
 * without a length, the full length (`default`, `any`, `all`: 0).
 * @throws {CliError} `Error: inet prefix is expected rather than "TEXT".` (exit 1)
 */
export function getPrefix(text: string, family: number): InetPrefix {
  const bad = () => new CliError(`Error: ${verbose(family)} prefix is expected rather than "${text}".\n`, 1);
  if (family === AF.PACKET) {
    throw new CliError(`Error: "${text}" may be inet prefix, but it is not allowed in this context.\n`, 1);
  }
  const slash = text.indexOf('/');
  const a = addr1(slash < 0 ? text : text.slice(0, slash), family);
  if (!a) throw bad();
  if (slash < 0) return { ...a, bitlen: a.bitlen === -2 ? 0 : afBitLen(a.family) };
  if (a.bitlen === -2 || a.family === AF.MPLS) throw bad();
  try {
    const p = parsePrefix(text, { family: a.family === AF.INET6 ? 'inet6' : 'inet' });
    return { ...a, bitlen: p.length, specified: true };
  } catch (err) {
    if (err instanceof NetlinkError) throw bad();
    throw err;
  }
}

/** Whether the first `bits` bits of `a` and `b` agree (`inet_addr_match` returning 0). */
export function addrMatch(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  for (let i = 0; i * 8 < bits; i++) {
    const keep = Math.min(8, bits - 8 * i);
    const mask = (0xff << (8 - keep)) & 0xff;
    if ((((a[i] ?? 0) ^ (b[i] ?? 0)) & mask) !== 0) return false;
  }
  return true;
}

/**
 * `inet_addr_match_rta`: whether the address `bytes` (of its own family)
 * lies in `m`. An unset prefix (no family or length) matches everything.
 */
export function prefixMatches(m: InetPrefix | undefined, bytes: Uint8Array | undefined): boolean {
  if (!m || bytes === undefined || m.family === AF.UNSPEC || m.bitlen <= 0) return true;
  const family = bytes.length === 4 ? AF.INET : bytes.length === 16 ? AF.INET6 : AF.UNSPEC;
  if (family !== m.family) return false;
  return addrMatch(bytes, m.bytes, m.bitlen);
}
