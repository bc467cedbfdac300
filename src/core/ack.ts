/**
 * Decoding of `NLMSG_ERROR` (acks and errors) and `NLMSG_DONE` payloads,
 * including the extended-ack TLVs (`NETLINK_EXT_ACK`).
 *
 * @module
 */

import type { Buffer } from 'node:buffer';
import { DecodeError, type ExtAck } from '../errors.js';
import { NL_POLICY_TYPE_ATTR, NLM_F, NLMSGERR_ATTR } from './constants.js';
import { copyBytes, forEachAttr } from './message.js';
import { align4, NLMSG_HDRLEN } from './writer.js';

/** An `NLMSG_ERROR` or `NLMSG_DONE` payload. */
export interface AckInfo {
  /** Positive errno; 0 for a plain acknowledgement. */
  readonly errno: number;
  /** Extended ack, when the kernel attached one. */
  readonly extAck: ExtAck | undefined;
}

const POLICY_NAMES = new Map<number, string>(
  Object.entries(NL_POLICY_TYPE_ATTR).map(([k, v]) => [
    v,
    k.toLowerCase().replace(/_(.)/g, (_m, c: string) => c.toUpperCase()),
  ]),
);

/**
 * Decodes the payload of an `NLMSG_ERROR` message.
 * `flags` are the error message's own `nlmsg_flags` (`NLM_F_CAPPED`, `NLM_F_ACK_TLVS`).
 */
export function decodeError(buf: Buffer, payload: number, end: number, flags: number): AckInfo {
  if (end - payload < 4) throw new DecodeError('NLMSG_ERROR payload shorter than its error code', payload);
  const errno = -buf.readInt32LE(payload) || 0;
  let tlv = payload + 4;
  if (end - tlv >= NLMSG_HDRLEN) {
    const origLen = buf.readUInt32LE(tlv);
    tlv += flags & NLM_F.CAPPED ? NLMSG_HDRLEN : align4(origLen);
  } else {
    tlv = end;
  }
  if (!(flags & NLM_F.ACK_TLVS) || tlv >= end) return { errno, extAck: undefined };
  return { errno, extAck: decodeExtAck(buf, tlv, end) };
}

/** Decodes the payload of an `NLMSG_DONE` message (an int, then ext-ack TLVs). */
export function decodeDone(buf: Buffer, payload: number, end: number, flags: number): AckInfo {
  if (end - payload < 4) return { errno: 0, extAck: undefined };
  const errno = -buf.readInt32LE(payload) || 0;
  if (!(flags & NLM_F.ACK_TLVS) || end - payload <= 4) return { errno, extAck: undefined };
  return { errno, extAck: decodeExtAck(buf, payload + 4, end) };
}

function decodeExtAck(buf: Buffer, start: number, end: number): ExtAck | undefined {
  const out: {
    message?: string;
    offset?: number;
    cookie?: Uint8Array;
    policy?: Record<string, number | bigint>;
    missing?: { type: number; nestOffset?: number };
  } = {};
  let missType: number | undefined;
  let missNest: number | undefined;
  forEachAttr(
    buf,
    start,
    end,
    (type, _hdr, off, len) => {
      switch (type) {
        case NLMSGERR_ATTR.MSG: {
          let e = off;
          while (e < off + len && buf[e] !== 0) e++;
          out.message = buf.toString('utf8', off, e);
          break;
        }
        case NLMSGERR_ATTR.OFFS:
          if (len >= 4) out.offset = buf.readUInt32LE(off);
          break;
        case NLMSGERR_ATTR.COOKIE:
          out.cookie = copyBytes(buf, off, off + len);
          break;
        case NLMSGERR_ATTR.MISS_TYPE:
          if (len >= 4) missType = buf.readUInt32LE(off);
          break;
        case NLMSGERR_ATTR.MISS_NEST:
          if (len >= 4) missNest = buf.readUInt32LE(off);
          break;
        case NLMSGERR_ATTR.POLICY: {
          const policy: Record<string, number | bigint> = {};
          forEachAttr(buf, off, off + len, (ptype, _h, poff, plen) => {
            const name = POLICY_NAMES.get(ptype) ?? `attr${ptype}`;
            if (plen >= 8)
              policy[name] = name.endsWith('ValueS') ? buf.readBigInt64LE(poff) : buf.readBigUInt64LE(poff);
            else if (plen >= 4) policy[name] = buf.readUInt32LE(poff);
          });
          out.policy = policy;
          break;
        }
        default:
          break;
      }
    },
    ['extack'],
  );
  if (missType !== undefined)
    out.missing = missNest === undefined ? { type: missType } : { type: missType, nestOffset: missNest };
  return Object.keys(out).length ? out : undefined;
}
