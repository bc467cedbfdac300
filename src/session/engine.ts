/**
 * The sans-I/O protocol engine: sequence numbers, the table of pending
 * requests, and routing of received messages (replies, multipart dumps,
 * acks, errors, `NLMSG_DONE`, `NLM_F_DUMP_INTR`, unsolicited frames).
 *
 * It never touches a socket or a timer; {@link Connection} drives it.
 *
 * @module
 */

import { type AckInfo, decodeDone, decodeError } from '../core/ack.js';
import { NLM_F, NLMSG } from '../core/constants.js';
import { asBuffer, forEachMessage, type MessageHeader } from '../core/message.js';
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
}

/** What the engine tells a pending request. */
export interface PendingHandler {
  /** A data message (not an ack, error or DONE) for this request. */
  onMessage(msg: ReceivedMessage): void;
  /** The request ended: `ack.errno === 0` means success. `interrupted` is true if any part had `NLM_F_DUMP_INTR`. */
  onEnd(ack: AckInfo, interrupted: boolean): void;
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

/** Routes received datagrams to pending requests and unsolicited handlers. */
export class Engine {
  readonly #pending = new Map<number, { handler: PendingHandler; interrupted: boolean }>();
  #seq: number;
  /** Counters of dropped frames. */
  readonly stats: EngineStats = { foreign: 0, stray: 0 };
  /** Called for multicast messages (events); `buf` is a stable copy. */
  onUnsolicited: ((msg: ReceivedMessage, info: DatagramInfo) => void) | undefined;

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
    } while (this.#pending.has(this.#seq));
    return this.#seq;
  }

  /** Registers a pending request under `seq`. */
  register(seq: number, handler: PendingHandler): void {
    this.#pending.set(seq, { handler, interrupted: false });
  }

  /** Forgets a pending request (timeout, abort, send failure). Returns whether it was pending. */
  unregister(seq: number): boolean {
    return this.#pending.delete(seq);
  }

  /** True while `seq` is pending. */
  isPending(seq: number): boolean {
    return this.#pending.has(seq);
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
    const src = asBuffer(data);
    let copy: Buffer | undefined;
    const stable = (): Buffer => {
      copy ??= Buffer.from(src);
      return copy;
    };
    const multicast = info.groups !== 0;
    forEachMessage(src, (header, off) => {
      const payload = off + NLMSG_HDRLEN;
      const end = off + header.length;
      if (multicast) {
        this.onUnsolicited?.({ header, buf: stable(), offset: payload, length: end - payload }, info);
        return true;
      }
      const entry = header.pid === this.portId ? this.#pending.get(header.seq) : undefined;
      if (!entry) {
        if (header.seq === 0 && this.onUnsolicited) {
          this.onUnsolicited({ header, buf: stable(), offset: payload, length: end - payload }, info);
        } else {
          this.stats.stray++;
        }
        return true;
      }
      if (header.flags & NLM_F.DUMP_INTR) entry.interrupted = true;
      const h = entry.handler;
      switch (header.type) {
        case NLMSG.NOOP:
        case NLMSG.OVERRUN:
          return true;
        case NLMSG.ERROR: {
          const ack = decodeError(src, payload, end, header.flags);
          // An ack (errno 0) ends a plain request; a dump ends at DONE, unless it fails.
          if (ack.errno !== 0 || !h.dump) this.#end(header.seq, ack);
          return true;
        }
        case NLMSG.DONE:
          if (h.dump) this.#end(header.seq, decodeDone(src, payload, end, header.flags));
          return true;
        default:
          h.onMessage({ header, buf: stable(), offset: payload, length: end - payload });
          return true;
      }
    });
  }

  #end(seq: number, ack: AckInfo): void {
    const entry = this.#pending.get(seq);
    if (!entry) return;
    this.#pending.delete(seq);
    entry.handler.onEnd(ack, entry.interrupted);
  }
}
