/**
 * A scripted stand-in for a netlink socket, so code built on nlink can be
 * tested without root, without the native addon and without a kernel.
 *
 * ```ts
 * const fake = new FakeSocket();
 * fake.onRequest = (req) => [frames.ack(req)];
 * const conn = new Connection(Route, { socketFactory: fake.factory });
 * ```
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { forEachMessage, type MessageHeader } from '../core/message.js';
import { NLMSG_HDRLEN } from '../core/writer.js';
import type { DatagramHandler, DatagramInfo, NetlinkSocketLike, SocketOptions } from '../socket/types.js';

/** One message the code under test sent. */
export interface SentMessage {
  readonly header: MessageHeader;
  /** The payload after `struct nlmsghdr`. */
  readonly payload: Buffer;
  /** The whole message including its header. */
  readonly raw: Buffer;
  /** Port id of the socket that sent it: kernel replies are addressed to it. */
  readonly portId: number;
}

/**
 * Answers one sent message: returns the datagrams the "kernel" queues in
 * reply (each a Buffer that may hold several messages), or nothing.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a responder that queues nothing may simply not return.
export type Responder = (msg: SentMessage, socket: FakeSocket) => readonly Uint8Array[] | undefined | void;

/** Options of a {@link FakeSocket}. */
export interface FakeSocketOptions {
  /** Port id reported by the socket (default 4242). */
  readonly portId?: number;
  /** Protocol number (default 0, rtnetlink). */
  readonly protocol?: number;
  /**
   * When replies become readable: `sync` right after `send` returns (as the
   * kernel does for most requests, default), or `async` only after an event-loop turn.
   */
  readonly delivery?: 'sync' | 'async';
}

interface Queued {
  readonly data: Uint8Array;
  readonly info: DatagramInfo;
}

/** A fake netlink socket with scripted replies. Implements the same interface as the real one. */
export class FakeSocket implements NetlinkSocketLike {
  readonly protocol: number;
  readonly portId: number;
  /** Every buffer passed to `send`, in order. */
  readonly sentBuffers: Buffer[] = [];
  /** Every message sent, split out of the buffers. */
  readonly sent: SentMessage[] = [];
  /** Every `setOption` call as `level:name` → value. */
  readonly options = new Map<string, number>();
  /** Answers each sent message; replace it to script the kernel. */
  onRequest: Responder | undefined;
  /** Options the socket was opened with, when made through {@link factory}. */
  openedWith: SocketOptions | undefined;
  readonly #queue: Queued[] = [];
  readonly #delivery: 'sync' | 'async';
  #readyAt = 0;
  #turn = 0;
  #pendingError: NodeJS.ErrnoException | undefined;
  #onReadable: (() => void) | undefined;
  #scheduled = false;
  #closed = false;
  #readAhead = false;

  constructor(options: FakeSocketOptions = {}) {
    this.portId = options.portId ?? 4242;
    this.protocol = options.protocol ?? 0;
    this.#delivery = options.delivery ?? 'sync';
  }

  /** A `socketFactory` for `Connection` options that hands out this socket. */
  readonly factory = (options: SocketOptions): FakeSocket => {
    this.openedWith = options;
    return this;
  };

  get closed(): boolean {
    return this.#closed;
  }

  /** True while the connection watches this socket for readability (i.e. it would keep the process alive). */
  get watched(): boolean {
    return this.#onReadable !== undefined;
  }

  /** True while the code under test asks the socket to read ahead (a dump is being read). */
  get readingAhead(): boolean {
    return this.#readAhead;
  }

  /** Datagrams queued and not yet received. */
  get queued(): number {
    return this.#queue.length;
  }

  send(data: Uint8Array): void {
    if (this.#closed) throw systemError('EBADF', 9, 'sendto');
    const buf = Buffer.from(data);
    this.sentBuffers.push(buf);
    forEachMessage(buf, (header, off) => {
      const msg: SentMessage = {
        header,
        payload: buf.subarray(off + NLMSG_HDRLEN, off + header.length),
        raw: buf.subarray(off, off + header.length),
        portId: this.portId,
      };
      this.sent.push(msg);
      const replies = this.onRequest?.(msg, this);
      if (replies) for (const r of replies) this.push(r);
      return true;
    });
  }

  /** Queues a datagram for the code under test to receive (from the kernel, unicast, unless `info` says otherwise). */
  push(data: Uint8Array, info: Partial<DatagramInfo> = {}): void {
    this.#queue.push({
      data: Buffer.from(data),
      info: { senderPort: info.senderPort ?? 0, groups: info.groups ?? 0, truncated: info.truncated ?? false },
    });
    if (this.#delivery === 'async') this.#readyAt = this.#turn + 1;
    this.#schedule();
  }

  /** Makes the next `receive` throw this errno after delivering what is queued (`ENOBUFS` for overruns). */
  pushError(code: 'ENOBUFS' | 'EIO' = 'ENOBUFS'): void {
    this.#pendingError = code === 'ENOBUFS' ? systemError('ENOBUFS', 105, 'recvmsg') : systemError('EIO', 5, 'recvmsg');
    this.#schedule();
  }

  receive(onDatagram: DatagramHandler, maxDatagrams = Number.POSITIVE_INFINITY): number {
    if (this.#closed) throw systemError('EBADF', 9, 'recvmsg');
    if (this.#turn < this.#readyAt) return 0;
    let n = 0;
    while (n < maxDatagrams) {
      const q = this.#queue.shift();
      if (!q) break;
      n++;
      onDatagram(q.data, q.info);
    }
    if (this.#queue.length === 0 && this.#pendingError) {
      const err = this.#pendingError;
      this.#pendingError = undefined;
      throw err;
    }
    return n;
  }

  resume(onReadable: () => void): void {
    this.#onReadable = onReadable;
    this.#schedule();
  }

  pause(): void {
    this.#onReadable = undefined;
  }

  /** Records the hint ({@link readingAhead}); the fake has nothing to read ahead. */
  readAhead(on: boolean): void {
    this.#readAhead = on;
  }

  setOption(level: number, name: number, value: number): void {
    if (this.#closed) throw systemError('EBADF', 9, 'setsockopt');
    this.options.set(`${level}:${name}`, value);
  }

  getOption(level: number, name: number): number {
    return this.options.get(`${level}:${name}`) ?? 0;
  }

  close(): void {
    this.#closed = true;
    this.#onReadable = undefined;
  }

  #schedule(): void {
    if (this.#scheduled || !this.#onReadable || (this.#queue.length === 0 && !this.#pendingError)) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#turn++;
      if (this.#onReadable && (this.#queue.length > 0 || this.#pendingError)) {
        this.#onReadable();
        this.#schedule();
      }
    });
  }
}

function systemError(code: string, errno: number, syscall: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${syscall} failed: ${code}`);
  err.code = code;
  err.errno = -errno;
  err.syscall = syscall;
  return err;
}
