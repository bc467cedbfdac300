/**
 * Builders of kernel replies for {@link FakeSocket} scripts and fixtures:
 * data messages, acks, errors with extended acks, `NLMSG_DONE`.
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { NLM_F, NLMSG, NLMSGERR_ATTR } from '../core/constants.js';
import { NLMSG_HDRLEN, Writer } from '../core/writer.js';
import type { SentMessage } from './fake-socket.js';

/** Fields of a message header to build. */
export interface FrameHeader {
  readonly type: number;
  readonly flags?: number;
  readonly seq?: number;
  readonly pid?: number;
}

/** An extended ack to attach to an error or DONE. */
export interface ExtAckSpec {
  readonly message?: string;
  /** Offset of the offending attribute from the start of the request's header. */
  readonly offset?: number;
  readonly missingType?: number;
  readonly missingNest?: number;
}

/** One message: header plus payload (padded to 4 bytes). */
export function message(header: FrameHeader, payload: Uint8Array = new Uint8Array(0)): Buffer {
  const w = new Writer(NLMSG_HDRLEN + payload.length + 4);
  const off = w.beginMessage(header.type, header.flags ?? 0, header.seq ?? 0, header.pid ?? 0);
  w.bytes(payload);
  w.endMessage(off);
  return w.finish();
}

/** Concatenates messages into one datagram. */
export function datagram(...messages: Uint8Array[]): Buffer {
  return Buffer.concat(messages);
}

function writeExtAck(w: Writer, ext: ExtAckSpec): void {
  if (ext.message !== undefined) {
    const a = w.beginAttr(NLMSGERR_ATTR.MSG);
    w.string(ext.message);
    w.endAttr(a);
  }
  const u32Attr = (type: number, v: number | undefined) => {
    if (v === undefined) return;
    const a = w.beginAttr(type);
    w.u32(v);
    w.endAttr(a);
  };
  u32Attr(NLMSGERR_ATTR.OFFS, ext.offset);
  u32Attr(NLMSGERR_ATTR.MISS_TYPE, ext.missingType);
  u32Attr(NLMSGERR_ATTR.MISS_NEST, ext.missingNest);
}

/**
 * An `NLMSG_ERROR` answering `req`: `errno` 0 is an ack. Like the kernel
 * with `NETLINK_EXT_ACK`, an ack is capped (only the request header is echoed);
 * an error echoes the whole request, then the extended-ack TLVs.
 */
export function error(req: SentMessage, errno = 0, ext?: ExtAckSpec): Buffer {
  const w = new Writer(64 + req.raw.length);
  const capped = errno === 0;
  const flags = (capped ? NLM_F.CAPPED : 0) | (ext ? NLM_F.ACK_TLVS : 0);
  const off = w.beginMessage(NLMSG.ERROR, flags, req.header.seq, req.portId);
  w.s32(-errno);
  w.bytes(capped ? req.raw.subarray(0, NLMSG_HDRLEN) : req.raw);
  if (ext) writeExtAck(w, ext);
  w.endMessage(off);
  return w.finish();
}

/** A plain acknowledgement of `req`. */
export function ack(req: SentMessage): Buffer {
  return error(req, 0);
}

/** `NLMSG_DONE` ending a dump of `req`, optionally with an error and `NLM_F_DUMP_INTR`. */
export function done(
  req: SentMessage,
  options: { errno?: number; interrupted?: boolean; ext?: ExtAckSpec } = {},
): Buffer {
  const w = new Writer(64);
  const flags = NLM_F.MULTI | (options.interrupted ? NLM_F.DUMP_INTR : 0) | (options.ext ? NLM_F.ACK_TLVS : 0);
  const off = w.beginMessage(NLMSG.DONE, flags, req.header.seq, req.portId);
  w.s32(-(options.errno ?? 0));
  if (options.ext) writeExtAck(w, options.ext);
  w.endMessage(off);
  return w.finish();
}

/** A data message answering `req` (part of a dump when `multi`). */
export function reply(
  req: SentMessage,
  type: number,
  payload: Uint8Array,
  options: { multi?: boolean; interrupted?: boolean } = {},
): Buffer {
  const flags = (options.multi ? NLM_F.MULTI : 0) | (options.interrupted ? NLM_F.DUMP_INTR : 0);
  return message({ type, flags, seq: req.header.seq, pid: req.portId }, payload);
}
