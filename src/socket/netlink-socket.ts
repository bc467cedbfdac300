/**
 * The real netlink socket, over the native addon.
 *
 * @module
 */

import { loadAddon, type NativeAddon, type NativeHandle } from './addon.js';
import type { DatagramHandler, DatagramInfo, NetlinkSocketLike, SocketOptions } from './types.js';

/** Linux `EAGAIN`: the native read loop drained the socket. */
const EAGAIN = 11;

/** Default size of the reused receive buffer: 1 MiB. */
export const DEFAULT_RECEIVE_BUFFER_SIZE = 1024 * 1024;

/** Default cap of datagrams handed over by one {@link NetlinkSocket.receive} call. */
export const DEFAULT_MAX_DATAGRAMS = 1024;

/** Datagrams one native read can describe (size of the reused meta array). */
const META_CAPACITY = 1024;

/** Shared info of the common case: a unicast datagram from the kernel, not cut. */
const KERNEL_UNICAST: DatagramInfo = Object.freeze({
  senderPort: 0,
  groups: 0,
  truncated: false,
});

/** Options of {@link NetlinkSocket}: the common {@link SocketOptions} plus tuning. */
export interface NetlinkSocketOptions extends SocketOptions {
  /**
   * Size in bytes of the receive buffer the socket reuses for every read.
   * Default {@link DEFAULT_RECEIVE_BUFFER_SIZE} (1 MiB). One read fills it
   * with several datagrams while 64 KiB stay free; a buffer smaller than a
   * datagram reports it as `truncated` (mostly useful in tests).
   */
  readonly receiveBufferSize?: number;
}

/**
 * A netlink socket: `socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC)`,
 * bound at construction, optionally created inside another network namespace.
 *
 * Received datagrams are views over one reused buffer, valid only during the
 * handler call (see {@link DatagramHandler}).
 */
export class NetlinkSocket implements NetlinkSocketLike {
  /** Netlink protocol number this socket was opened with. */
  readonly protocol: number;
  /** Port id the kernel assigned at bind time. */
  readonly portId: number;

  readonly #addon: NativeAddon;
  readonly #handle: NativeHandle;
  readonly #data: Buffer;
  readonly #meta: Int32Array;
  readonly #header: number;
  readonly #stride: number;
  #closed = false;
  /** Next datagram of the current batch to hand over. */
  #next = 0;
  /** Datagrams in the current batch. */
  #count = 0;
  /** errno that ended the current batch (EAGAIN: drained; 0: more may be pending). */
  #stop = 0;

  /**
   * Opens and binds a socket.
   *
   * @param options Protocol, optional namespace path, groups and tuning.
   * @param addon The native addon; defaults to the loaded binary (tests may inject a fake).
   * @throws SystemError-shaped errors (`code`, `errno`, `syscall`) from socket/setns/bind.
   */
  constructor(options: NetlinkSocketOptions, addon: NativeAddon = loadAddon()) {
    const size = options.receiveBufferSize ?? DEFAULT_RECEIVE_BUFFER_SIZE;
    if (!Number.isInteger(size) || size < 1 || size > 0x7fffffff) {
      throw new RangeError(`receiveBufferSize must be an integer in 1..2^31-1, got ${size}`);
    }
    this.#addon = addon;
    this.protocol = options.protocol;
    this.#header = addon.META_HEADER;
    this.#stride = addon.META_STRIDE;
    this.#data = Buffer.alloc(size);
    this.#meta = new Int32Array(this.#header + this.#stride * META_CAPACITY);
    this.#handle = addon.open(options.protocol, options.netnsPath ?? null);
    try {
      this.portId = addon.bind(this.#handle, options.groups ?? 0);
    } catch (error) {
      addon.close(this.#handle);
      throw error;
    }
  }

  /** Opens and binds a socket; same as `new NetlinkSocket(options)`. */
  static open(options: NetlinkSocketOptions): NetlinkSocket {
    return new NetlinkSocket(options);
  }

  /** True once {@link close} ran. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Sends one buffer, which may hold several netlink messages, to the kernel. */
  send(data: Uint8Array): void {
    this.#addon.send(this.#handle, data);
  }

  /**
   * Hands the pending datagrams to `onDatagram`, up to `maxDatagrams`
   * (default {@link DEFAULT_MAX_DATAGRAMS}); returns how many.
   *
   * A socket error met while reading (e.g. `ENOBUFS`) is thrown after the
   * datagrams read before it were handed over. If `onDatagram` throws, the
   * exception propagates and the rest of the batch already read is handed
   * over by the next call. If `onDatagram` closes the socket, the call
   * returns after that datagram.
   */
  receive(onDatagram: DatagramHandler, maxDatagrams: number = DEFAULT_MAX_DATAGRAMS): number {
    const addon = this.#addon;
    const meta = this.#meta;
    const data = this.#data;
    let delivered = 0;
    while (delivered < maxDatagrams) {
      if (this.#next >= this.#count) {
        const stop = this.#stop;
        if (stop === EAGAIN && delivered > 0) {
          this.#stop = 0;
          break;
        }
        this.#stop = 0;
        if (stop !== 0 && stop !== EAGAIN) {
          throw addon.systemError(stop, 'recvmsg');
        }
        const want = Math.min(maxDatagrams - delivered, META_CAPACITY);
        this.#next = 0;
        this.#count = 0;
        const n = addon.recv(this.#handle, data, meta, want);
        this.#count = n;
        this.#stop = meta[0] as number;
        if (n === 0) {
          if (this.#stop === EAGAIN || this.#stop === 0) {
            this.#stop = 0;
            break;
          }
          continue;
        }
      }
      const base = this.#header + this.#next * this.#stride;
      this.#next++;
      const offset = meta[base] as number;
      const length = meta[base + 1] as number;
      const truncated = meta[base + 2] !== 0;
      const senderPort = (meta[base + 3] as number) >>> 0;
      const groups = (meta[base + 4] as number) >>> 0;
      const info: DatagramInfo =
        senderPort === 0 && groups === 0 && !truncated ? KERNEL_UNICAST : { senderPort, groups, truncated };
      delivered++;
      onDatagram(data.subarray(offset, offset + length), info);
      if (this.#closed) break; // the handler closed the socket
    }
    return delivered;
  }

  /**
   * Calls `onReadable` from the event loop whenever datagrams are pending,
   * until {@link pause} or {@link close}. Keeps the process alive meanwhile.
   * Calling it again replaces the callback.
   */
  resume(onReadable: () => void): void {
    this.#addon.pollStart(this.#handle, onReadable);
  }

  /** Stops watching for readability; the socket no longer keeps the process alive. */
  pause(): void {
    this.#addon.pollStop(this.#handle);
  }

  /** setsockopt(2) with an integer value. */
  setOption(level: number, name: number, value: number): void {
    this.#addon.setsockopt(this.#handle, level, name, value);
  }

  /** getsockopt(2) of an integer value. */
  getOption(level: number, name: number): number {
    return this.#addon.getsockopt(this.#handle, level, name);
  }

  /** Stops watching and closes the descriptor. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#next = 0;
    this.#count = 0;
    this.#stop = 0;
    this.#addon.close(this.#handle);
  }

  /** Same as {@link close}, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }
}
