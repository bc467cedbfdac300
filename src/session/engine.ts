/**
 * The sans-I/O protocol engine: sequence numbers, the table of pending
 * requests, and routing of received messages (replies, multipart dumps,
 * acks, errors, `NLMSG_DONE`, `NLM_F_DUMP_INTR`, unsolicited frames).
 *
 * It never touches a socket or a timer; {@link Connection} drives it.
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { type AckInfo, decodeDone, decodeError } from '../core/ack.js';
import { NLM_F, NLMSG } from '../core/constants.js';
import {
  asBuffer,
  headerAt,
  type MessageHeader,
  messageFlags,
  messagePid,
  messageSeq,
  messageType,
  walkMessages,
} from '../core/message.js';
import { NLMSG_HDRLEN } from '../core/writer.js';
import type { DatagramInfo } from '../socket/types.js';

/** A message received for a request: a stable copy, safe to keep. */
export interface ReceivedMessage {
  readonly header: MessageHeader;
  /** Buffer holding the message (shared by the messages of one datagram). */
  readonly buf: Buffer;
  /** Offset of the message's payload (after `struct nlmsghdr`). */
  readonly offset: number;
  /** Length of the payload. */
  readonly length: number;
  /** `nlmsg_type` (as in {@link header}, read without building it). */
  readonly type: number;
}

/** A received message; its header object is built when first read (dumps rarely need it). */
export class Received implements ReceivedMessage {
  readonly buf: Buffer;
  readonly offset: number;
  readonly length: number;
  #header: MessageHeader | undefined;

  /** The message whose payload is `[offset, offset + length)` of `buf`, its header just before. */
  constructor(buf: Buffer, offset: number, length: number) {
    this.buf = buf;
    this.offset = offset;
    this.length = length;
  }

  get header(): MessageHeader {
    this.#header ??= headerAt(this.buf, this.offset - NLMSG_HDRLEN);
    return this.#header;
  }

  get type(): number {
    return messageType(this.buf, this.offset - NLMSG_HDRLEN);
  }
}

/** The outcome of every plain ack. */
const ACK_OK: AckInfo = Object.freeze({ errno: 0, extAck: undefined });

/** What the engine tells a pending request. */
export interface PendingHandler {
  /**
   * A data message (not an ack, error or DONE) for this request: its payload
   * is `[offset, offset + length)` of `buf`, a stable copy of the datagram
   * (shared by its messages), its `nlmsghdr` just before. No object is made
   * for it: a dump decodes its items straight from the bytes
   * (`new Received(buf, offset, length)` when a {@link ReceivedMessage} is wanted).
   */
  onMessage(buf: Buffer, offset: number, length: number): void;
  /**
   * The request with sequence number `seq` ended: `ack.errno === 0` means
   * success. `interrupted` is true if any part had `NLM_F_DUMP_INTR`.
   */
  onEnd(ack: AckInfo, interrupted: boolean, seq: number): void;
  /** The request is a dump: ends at `NLMSG_DONE`, not at the first ack. */
  readonly dump: boolean;
}

/** Counters for frames the engine could not place. */
export interface EngineStats {
  /** Messages from a port other than the kernel's, dropped. */
  foreign: number;
  /** Unicast messages whose sequence number or port id matched no pending request. */
  stray: number;
}

/** A request waiting for its end. */
interface Entry {
  readonly handler: PendingHandler;
  interrupted: boolean;
}

/** Consecutive sequence numbers answered by one handler (see {@link Engine.registerRange}). */
interface SeqRange extends Entry {
  readonly first: number;
  readonly count: number;
}

/** Routes received datagrams to pending requests and unsolicited handlers. */
export class Engine {
  readonly #pending = new Map<number, Entry>();
  /** Blocks of sequence numbers registered as one (batch datagrams); rarely more than one. */
  readonly #ranges: SeqRange[] = [];
  #seq: number;
  /** Counters of dropped frames. */
  readonly stats: EngineStats = { foreign: 0, stray: 0 };
  /** Called for multicast messages (events); `buf` is a stable copy. */
  onUnsolicited: ((msg: ReceivedMessage, info: DatagramInfo) => void) | undefined;

  /** The datagram {@link feed} is walking, and its stable copy once made. */
  #datagram: { readonly src: Buffer; readonly info: DatagramInfo; copy: Buffer | undefined } = {
    src: Buffer.alloc(0),
    info: { senderPort: 0, groups: 0, truncated: false },
    copy: undefined,
  };

  /** Our port id: replies must be addressed to it. */
  readonly portId: number;

  constructor(portId: number, initialSeq = Math.floor(Math.random() * 0x7fffffff) + 1) {
    this.portId = portId;
    this.#seq = initialSeq >>> 0 || 1;
  }

  /** Number of requests waiting for their end. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Allocates the next sequence number (never 0, never one still pending). */
  nextSeq(): number {
    do {
      this.#seq = (this.#seq + 1) >>> 0 || 1;
    } while (this.#taken(this.#seq));
    return this.#seq;
  }

  /**
   * Reserves `count` consecutive sequence numbers, none of them pending (nor
   * 0), for a block registered with {@link registerRange}; returns the first.
   */
  reserveSeqs(count: number): number {
    for (;;) {
      let first = (this.#seq + 1) >>> 0 || 1;
      if (first + count - 1 > 0xffffffff) first = 1;
      let clash = -1;
      if (this.#pending.size > 0 || this.#ranges.length > 0) {
        for (let s = first; s < first + count && clash < 0; s++) if (this.#taken(s)) clash = s;
      }
      if (clash < 0) {
        this.#seq = first + count - 1;
        return first;
      }
      this.#seq = clash;
    }
  }

  /**
   * Registers one handler for the `count` sequence numbers from `first` (a
   * batch datagram's requests): no entry per request. Its end reports each
   * number that ends; the block stays until {@link unregisterRange}.
   */
  registerRange(first: number, count: number, handler: PendingHandler): void {
    this.#ranges.push({ first, count, handler, interrupted: false });
  }

  /** Forgets the block registered from `first`. */
  unregisterRange(first: number): void {
    const i = this.#ranges.findIndex((r) => r.first === first);
    if (i >= 0) this.#ranges.splice(i, 1);
  }

  /** The registered block holding `seq`, if any (there are few at a time). */
  #rangeOf(seq: number): SeqRange | undefined {
    for (const r of this.#ranges) if (seq - r.first >= 0 && seq - r.first < r.count) return r;
    return undefined;
  }

  #taken(seq: number): boolean {
    return this.#pending.has(seq) || (this.#ranges.length > 0 && this.#rangeOf(seq) !== undefined);
  }

  /** Registers a pending request under `seq`. */
  register(seq: number, handler: PendingHandler): void {
    this.#pending.set(seq, { handler, interrupted: false });
  }

  /** Forgets a pending request (timeout, abort, send failure). Returns whether it was pending. */
  unregister(seq: number): boolean {
    return this.#pending.delete(seq);
  }

  /** True while `seq` is pending (alone or in a registered block). */
  isPending(seq: number): boolean {
    return this.#taken(seq);
  }

  /** Sequence numbers of every pending request. */
  pendingSeqs(): number[] {
    return [...this.#pending.keys()];
  }

  /**
   * Processes one received datagram. `data` may be reused memory: whatever
   * is handed on is copied first (once per datagram).
   *
   * @throws {DecodeError} for a malformed datagram; messages before the bad one were already delivered.
   */
  feed(data: Uint8Array, info: DatagramInfo): void {
    if (info.senderPort !== 0) {
      this.stats.foreign++;
      return;
    }
    // The datagram is kept in a field for #onMessage, one object rather than closures per datagram
    // (a batch's acks come one datagram each); a handler feeding another one meanwhile finds it restored.
    const outer = this.#datagram;
    this.#datagram = { src: asBuffer(data), info, copy: undefined };
    try {
      walkMessages(this.#datagram.src, this.#onMessage);
    } finally {
      this.#datagram = outer;
    }
  }

  /** A stable copy of the datagram being fed, made once. */
  #stable(): Buffer {
    const d = this.#datagram;
    d.copy ??= Buffer.from(d.src);
    return d.copy;
  }

  /** Places one message of the datagram being fed. */
  readonly #onMessage = (off: number, length: number): boolean => {
    const { src, info } = this.#datagram;
    const multicast = info.groups !== 0;
    const payload = off + NLMSG_HDRLEN;
    if (multicast) {
      this.onUnsolicited?.(new Received(this.#stable(), payload, length - NLMSG_HDRLEN), info);
      return true;
    }
    const seq = messageSeq(src, off);
    const entry =
      messagePid(src, off) === this.portId
        ? (this.#pending.get(seq) ?? (this.#ranges.length > 0 ? this.#rangeOf(seq) : undefined))
        : undefined;
    if (!entry) {
      if (seq === 0 && this.onUnsolicited) {
        this.onUnsolicited(new Received(this.#stable(), payload, length - NLMSG_HDRLEN), info);
      } else {
        this.stats.stray++;
      }
      return true;
    }
    const flags = messageFlags(src, off);
    if (flags & NLM_F.DUMP_INTR) entry.interrupted = true;
    const h = entry.handler;
    switch (messageType(src, off)) {
      case NLMSG.NOOP:
      case NLMSG.OVERRUN:
        return true;
      case NLMSG.ERROR: {
        // A plain ack (errno 0, no TLVs) is the common answer of a batch: no object for it.
        const ack =
          (flags & NLM_F.ACK_TLVS) === 0 && length >= NLMSG_HDRLEN + 4 && src.readInt32LE(payload) === 0
            ? ACK_OK
            : decodeError(src, payload, off + length, flags);
        // An ack (errno 0) ends a plain request; a dump ends at DONE, unless it fails.
        if (ack.errno !== 0 || !h.dump) this.#end(seq, entry, ack);
        return true;
      }
      case NLMSG.DONE:
        if (h.dump) this.#end(seq, entry, decodeDone(src, payload, off + length, flags));
        return true;
      default:
        h.onMessage(this.#stable(), payload, length - NLMSG_HDRLEN);
        return true;
    }
  };

  /** Ends request `seq`, found as `entry` (a block stays registered: its handler counts what ended). */
  #end(seq: number, entry: Entry, ack: AckInfo): void {
    this.#pending.delete(seq);
    entry.handler.onEnd(ack, entry.interrupted, seq);
  }
}
