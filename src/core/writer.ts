/**
 * One reusable, growable writer for netlink messages: header and nest
 * lengths are back-patched when a message or a nest ends.
 *
 * Netlink is in host byte order; nlink supports little-endian hosts (every
 * Linux platform Node ships for but s390x), checked at load time.
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { endianness } from 'node:os';
import { InvalidArgumentError, UnsupportedError } from '../errors.js';

if (endianness() !== 'LE') throw new UnsupportedError('big-endian hosts', 'netlink is host byte order');

/** Size of `struct nlmsghdr`. */
export const NLMSG_HDRLEN = 16;
/** Size of `struct nlattr`. */
export const NLA_HDRLEN = 4;

/** Rounds up to the netlink alignment of 4 bytes (exact for any safe integer, not just int32). */
export function align4(n: number): number {
  // Not `(n + 3) & ~3`: that wraps to 32 bits, and a u32 length read off
  // the wire (e.g. an NLMSG_ERROR's echoed nlmsg_len) would come out negative.
  return n + (-n & 3);
}

/** Writes netlink messages into a growable buffer that is reused between messages. */
export class Writer {
  /** The backing buffer; bytes `[0, length)` are written. */
  buf: Buffer;
  /** Bytes written so far. */
  length = 0;

  constructor(initialSize = 4096) {
    this.buf = Buffer.alloc(initialSize);
  }

  /** Forgets everything written; keeps the memory. */
  reset(): this {
    this.length = 0;
    return this;
  }

  /**
   * Makes room for `n` more bytes and returns the offset to write them at.
   * It may replace {@link buf}: read `buf` only after calling it.
   */
  reserve(n: number): number {
    const off = this.length;
    const need = off + n;
    if (need > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < need) size *= 2;
      const next = Buffer.alloc(size);
      this.buf.copy(next, 0, 0, off);
      this.buf = next;
    }
    this.length = need;
    return off;
  }

  /** Pads with zeros to a 4-byte boundary. */
  align(): void {
    const pad = align4(this.length) - this.length;
    if (pad) {
      const o = this.reserve(pad);
      this.buf.fill(0, o, this.length);
    }
  }

  u8(v: number): void {
    const o = this.reserve(1);
    this.buf[o] = v;
  }

  u16(v: number): void {
    const o = this.reserve(2);
    this.buf.writeUInt16LE(v, o);
  }

  u32(v: number): void {
    const o = this.reserve(4);
    this.buf.writeUInt32LE(v >>> 0, o);
  }

  s8(v: number): void {
    const o = this.reserve(1);
    this.buf.writeInt8(v, o);
  }

  s16(v: number): void {
    const o = this.reserve(2);
    this.buf.writeInt16LE(v, o);
  }

  s32(v: number): void {
    const o = this.reserve(4);
    this.buf.writeInt32LE(v, o);
  }

  u64(v: bigint): void {
    const o = this.reserve(8);
    this.buf.writeBigUInt64LE(v, o);
  }

  s64(v: bigint): void {
    const o = this.reserve(8);
    this.buf.writeBigInt64LE(v, o);
  }

  be16(v: number): void {
    const o = this.reserve(2);
    this.buf.writeUInt16BE(v, o);
  }

  be32(v: number): void {
    const o = this.reserve(4);
    this.buf.writeUInt32BE(v >>> 0, o);
  }

  be64(v: bigint): void {
    const o = this.reserve(8);
    this.buf.writeBigUInt64BE(v, o);
  }

  /** Appends raw bytes. */
  bytes(b: Uint8Array): void {
    const o = this.reserve(b.length);
    this.buf.set(b, o);
  }

  /** Appends `n` zero bytes. */
  zeros(n: number): void {
    if (n > 0) {
      const o = this.reserve(n);
      this.buf.fill(0, o, this.length);
    }
  }

  /** Appends a UTF-8 string, NUL-terminated unless `terminate` is false. */
  string(s: string, terminate = true): void {
    const n = Buffer.byteLength(s);
    const off = this.reserve(n + (terminate ? 1 : 0));
    this.buf.write(s, off, n, 'utf8');
    if (terminate) this.buf[off + n] = 0;
  }

  /** Starts a `struct nlmsghdr`; returns its offset for {@link endMessage}. */
  beginMessage(type: number, flags: number, seq = 0, pid = 0): number {
    this.align();
    const off = this.reserve(NLMSG_HDRLEN);
    const b = this.buf;
    b.writeUInt32LE(0, off);
    b.writeUInt16LE(type, off + 4);
    b.writeUInt16LE(flags, off + 6);
    b.writeUInt32LE(seq >>> 0, off + 8);
    b.writeUInt32LE(pid >>> 0, off + 12);
    return off;
  }

  /** Ends a message: pads it to 4 bytes and writes its length. */
  endMessage(off: number): void {
    this.align();
    this.buf.writeUInt32LE(this.length - off, off);
  }

  /** Starts an attribute; returns its offset for {@link endAttr}. */
  beginAttr(type: number): number {
    this.align();
    const off = this.reserve(NLA_HDRLEN);
    this.buf.writeUInt16LE(type, off + 2);
    return off;
  }

  /** Ends an attribute: writes its length (unpadded, as the kernel expects), then pads. */
  endAttr(off: number): void {
    const len = this.length - off;
    if (len > 0xffff) throw new InvalidArgumentError('attribute', `${len} bytes do not fit the 16-bit nla_len`);
    this.buf.writeUInt16LE(len, off);
    this.align();
  }

  /** The written bytes as a new buffer that does not share memory with the writer. */
  finish(): Buffer {
    const out = Buffer.allocUnsafe(this.length);
    this.buf.copy(out, 0, 0, this.length);
    return out;
  }
}
