/**
 * `struct nlmsghdr` and `struct nlattr` walking over received bytes. Pure:
 * no I/O, never throws anything but {@link DecodeError}.
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { DecodeError } from '../errors.js';
import { NLA_TYPE_MASK } from './constants.js';
import { align4, NLA_HDRLEN, NLMSG_HDRLEN } from './writer.js';

/** A decoded `struct nlmsghdr` plus where its payload lies. */
export interface MessageHeader {
  /** `nlmsg_len`: header plus payload. */
  readonly length: number;
  /** `nlmsg_type`. */
  readonly type: number;
  /** `nlmsg_flags`. */
  readonly flags: number;
  /** `nlmsg_seq`. */
  readonly seq: number;
  /** `nlmsg_pid`: the port id of the socket the message is for (or from). */
  readonly pid: number;
}

function u32le(b: Buffer, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000;
}

/** The `struct nlmsghdr` at `offset` of `buf` (16 bytes known to be there). */
export function headerAt(buf: Buffer, offset: number): MessageHeader {
  // Byte reads: Buffer's read methods would check the offset again for every field of every message.
  return {
    length: u32le(buf, offset),
    type: buf[offset + 4]! | (buf[offset + 5]! << 8),
    flags: buf[offset + 6]! | (buf[offset + 7]! << 8),
    seq: u32le(buf, offset + 8),
    pid: u32le(buf, offset + 12),
  };
}

/** `nlmsg_type` of the header at `offset`. */
export function messageType(buf: Buffer, offset: number): number {
  return buf[offset + 4]! | (buf[offset + 5]! << 8);
}

/** `nlmsg_flags` of the header at `offset`. */
export function messageFlags(buf: Buffer, offset: number): number {
  return buf[offset + 6]! | (buf[offset + 7]! << 8);
}

/** `nlmsg_seq` of the header at `offset`. */
export function messageSeq(buf: Buffer, offset: number): number {
  return u32le(buf, offset + 8);
}

/** `nlmsg_pid` of the header at `offset`. */
export function messagePid(buf: Buffer, offset: number): number {
  return u32le(buf, offset + 12);
}

/**
 * Calls `onMessage` with the offset and `nlmsg_len` of each netlink message
 * in `[start, end)` of `buf`, after checking that its header is whole and
 * its length possible; read its fields with {@link messageType} and friends.
 * Returning `false` stops the walk.
 *
 * @throws {DecodeError} when a header is cut or its length is impossible.
 */
export function walkMessages(
  buf: Buffer,
  onMessage: (offset: number, length: number) => boolean | undefined,
  start = 0,
  end = buf.length,
): void {
  let off = start;
  while (off < end) {
    if (end - off < NLMSG_HDRLEN) throw new DecodeError(`${end - off} trailing bytes, short of a message header`, off);
    const length = u32le(buf, off);
    if (length < NLMSG_HDRLEN || length > end - off) {
      throw new DecodeError(`message length ${length} outside [${NLMSG_HDRLEN}, ${end - off}]`, off);
    }
    if (onMessage(off, length) === false) return;
    off += align4(length);
  }
}

/**
 * Calls `onMessage` for each netlink message in a datagram.
 *
 * `offset` is where the message's header starts; its payload is
 * `[offset + 16, offset + header.length)`. Returning `false` stops the walk.
 *
 * @throws {DecodeError} when a header is cut or its length is impossible.
 */
export function forEachMessage(
  buf: Uint8Array,
  onMessage: (header: MessageHeader, offset: number) => boolean | undefined,
  start = 0,
  end = buf.length,
): void {
  const view = asBuffer(buf);
  walkMessages(view, (off) => onMessage(headerAt(view, off), off), start, end);
}

/**
 * Calls `onAttr` for each attribute in `[start, end)`: its type (without the
 * `NLA_F_NESTED`/`NLA_F_NET_BYTEORDER` bits), the offset of its header, and
 * its payload's offset and length. Fewer than 4 trailing bytes are ignored,
 * as the kernel does.
 *
 * @throws {DecodeError} when an attribute's length is impossible.
 */
export function forEachAttr(
  buf: Buffer,
  start: number,
  end: number,
  onAttr: (type: number, headerOffset: number, payloadOffset: number, payloadLength: number) => void,
  path: readonly string[] = [],
): void {
  let off = start;
  while (end - off >= NLA_HDRLEN) {
    const len = buf.readUInt16LE(off);
    if (len < NLA_HDRLEN || len > end - off) {
      throw new DecodeError(`attribute length ${len} outside [${NLA_HDRLEN}, ${end - off}]`, off, path);
    }
    onAttr(buf.readUInt16LE(off + 2) & NLA_TYPE_MASK, off, off + NLA_HDRLEN, len - NLA_HDRLEN);
    off += align4(len);
  }
}

/** Views any Uint8Array as a Buffer without copying. */
export function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** Copies `[start, end)` of `buf` into a new plain Uint8Array (never a view, never a Buffer). */
export function copyBytes(buf: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, end - start));
  out.set(buf.subarray(start, end));
  return out;
}
