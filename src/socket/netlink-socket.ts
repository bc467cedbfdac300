/**
 * The real netlink socket, over the native addon.
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { loadAddon, type NativeAddon, type NativeHandle } from './addon.js';
import type { DatagramHandler, DatagramInfo, NetlinkSocketLike, SocketOptions } from './types.js';

/** Linux `EAGAIN`: the native read loop drained the socket. */
const EAGAIN = 11;

/** Linux `EMSGSIZE`: the read-ahead thread ended before a datagram larger than its slots. */
const EMSGSIZE = 90;

/** Default size of the reused receive buffer: 1 MiB. */
export const DEFAULT_RECEIVE_BUFFER_SIZE = 1024 * 1024;

/** Default cap of datagrams handed over by one {@link NetlinkSocket.receive} call. */
export const DEFAULT_MAX_DATAGRAMS = 1024;

/** Datagrams one native read can describe (size of the reused meta array). */
const META_CAPACITY = 1024;

/**
 * Reads a read-ahead socket makes itself before it starts the thread: a
 * reply of one or two datagrams (most dumps) is over before a thread would
 * pay for itself.
 */
const OWN_READS = 2;

/** Slots of the read-ahead ring. */
const RING_SLOTS = 8;

/**
 * Bytes of a ring slot: a quarter of the receive buffer (256 KiB by
 * default, so the ring holds twice the receive buffer). The thread reads
 * only datagrams that fit a slot whole (a dump's are at most 32 KiB); a
 * larger one ends it and is read into the receive buffer. Bench a, in
 * interleaved runs: 256 KiB slots 294 ms, 120 KiB 305 ms.
 */
const SLOT_DIVISOR = 4;

/** Ring slot states, as the native read-ahead thread sets them. */
const SLOT_FREE = 0;
const SLOT_LAST = 2;
/** Int32 fields before a slot's `recv` layout: its state and datagram count. */
const SLOT_HEADER = 2;

/**
 * The read-ahead thread's ring: {@link RING_SLOTS} slot buffers and one
 * meta array, each slot's part laid out as `[state, count, ...recv's
 * meta]`; per slot a view of its part in `recv`'s layout. The buffers are
 * reused turn after turn, as the receive buffer is.
 */
class ReadAheadRing {
  readonly meta: Int32Array;
  readonly slotInts: number;
  readonly slots: Buffer[] = [];
  readonly slotMeta: Int32Array[] = [];

  constructor(bytes: number, header: number, stride: number) {
    const slotBytes = Math.max(8, Math.floor(bytes / SLOT_DIVISOR / 8) * 8);
    this.slotInts = SLOT_HEADER + header + stride * Math.floor(META_CAPACITY / RING_SLOTS);
    this.meta = new Int32Array(this.slotInts * RING_SLOTS);
    for (let i = 0; i < RING_SLOTS; i++) {
      this.slots.push(Buffer.alloc(slotBytes));
      this.slotMeta.push(this.meta.subarray(i * this.slotInts + SLOT_HEADER, (i + 1) * this.slotInts));
    }
  }

  /** Slot `i`'s state, as the thread last published it. */
  state(i: number): number {
    return Atomics.load(this.meta, i * this.slotInts);
  }

  /** The datagrams the thread read into slot `i` (read after its state said filled). */
  count(i: number): number {
    return this.meta[i * this.slotInts + 1] as number;
  }
}

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
 * Received datagrams are views over reused buffers (the receive buffer, or
 * the read-ahead ring's), valid only during the handler call (see
 * {@link DatagramHandler}).
 */
export class NetlinkSocket implements NetlinkSocketLike {
  /** Netlink protocol number this socket was opened with. */
  readonly protocol: number;
  /** Port id the kernel assigned at bind time. */
  readonly portId: number;

  readonly #addon: NativeAddon;
  readonly #handle: NativeHandle;
  /** The buffer and meta array of reads made on this thread. */
  readonly #ownData: Buffer;
  readonly #ownMeta: Int32Array;
  /** The batch being handed over: the own buffer, or a slot of the read-ahead ring. */
  #data: Buffer;
  #meta: Int32Array;
  readonly #header: number;
  readonly #stride: number;
  #closed = false;
  /** Next datagram of the current batch to hand over. */
  #next = 0;
  /** Datagrams in the current batch. */
  #count = 0;
  /** errno that ended the current batch (EAGAIN: drained; 0: more may be pending). */
  #stop = 0;
  /** Whether long replies are read ahead ({@link readAhead}). */
  #readAhead = false;
  /** Reads made on this thread since {@link readAhead} was turned on or the thread last ended. */
  #ownReads = 0;
  /** The read-ahead ring, made on first use. */
  #ring: ReadAheadRing | undefined;
  /** The read-ahead thread runs (until the slot it marked last was handed over). */
  #reading = false;
  /** Ring slot being handed over and still the thread's to fill again, -1 when none. */
  #slot = -1;
  /** Next ring slot the thread fills. */
  #nextSlot = 0;
  /** The callback given to {@link resume}, until {@link pause}. */
  #onReadable: (() => void) | undefined;
  /** The native readiness watch runs (it is held off while the read-ahead thread runs). */
  #polling = false;
  /** {@link #ready} runs again from the next event-loop turn. */
  #again = false;

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
    this.#ownData = Buffer.alloc(size);
    this.#ownMeta = new Int32Array(this.#header + this.#stride * META_CAPACITY);
    this.#data = this.#ownData;
    this.#meta = this.#ownMeta;
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
   * returns after that datagram. While the read-ahead thread runs
   * ({@link readAhead}) it hands over what the thread has read and returns;
   * the {@link resume} callback runs when the thread has read more.
   */
  receive(onDatagram: DatagramHandler, maxDatagrams: number = DEFAULT_MAX_DATAGRAMS): number {
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
          throw this.#addon.systemError(stop, 'recvmsg');
        }
        if (this.#reading) {
          if (!this.#takeSlot()) break; // the thread wakes us when it read more
        } else {
          if (this.#readAhead && this.#ownReads >= OWN_READS) {
            this.#startReader();
            break;
          }
          this.#read(Math.min(maxDatagrams - delivered, META_CAPACITY));
          if (this.#readAhead) this.#ownReads++;
        }
        if (this.#count === 0) {
          if (this.#stop === EAGAIN || this.#stop === 0) {
            this.#stop = 0;
            break;
          }
          continue;
        }
      }
      const meta = this.#meta;
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
      onDatagram(this.#data.subarray(offset, offset + length), info);
      if (this.#closed) break; // the handler closed the socket
    }
    return delivered;
  }

  /** Reads what is pending now into the own buffer. */
  #read(want: number): void {
    this.#data = this.#ownData;
    this.#meta = this.#ownMeta;
    this.#next = 0;
    this.#count = 0;
    this.#count = this.#addon.recv(this.#handle, this.#ownData, this.#ownMeta, want);
    this.#stop = this.#ownMeta[0] as number;
  }

  /** Starts the read-ahead thread on the ring. */
  #startReader(): void {
    if (this.#polling) {
      // The descriptor stays readable while the thread reads: the watch would fire for nothing.
      this.#addon.pollStop(this.#handle);
      this.#polling = false;
    }
    this.#ring ??= new ReadAheadRing(this.#ownData.length, this.#header, this.#stride);
    const ring = this.#ring;
    this.#addon.readerStart(this.#handle, ring.meta, ring.slots, this.#ready);
    if (this.#onReadable !== undefined) this.#addon.readerRef(this.#handle, true);
    this.#reading = true;
    this.#nextSlot = 0;
  }

  /**
   * Gives the slot handed over back to the thread and takes the next one it
   * filled; false when that one is not filled yet. Taking the thread's last
   * slot stops the thread (it has ended): later reads are this thread's.
   */
  #takeSlot(): boolean {
    const ring = this.#ring as ReadAheadRing;
    if (this.#slot >= 0) {
      this.#addon.readerFree(this.#handle, this.#slot);
      this.#slot = -1;
    }
    const i = this.#nextSlot;
    const state = ring.state(i);
    if (state === SLOT_FREE) return false;
    this.#nextSlot = (i + 1) % RING_SLOTS;
    this.#data = ring.slots[i] as Buffer;
    this.#meta = ring.slotMeta[i] as Int32Array;
    this.#next = 0;
    this.#count = ring.count(i);
    this.#stop = this.#meta[0] as number;
    if (state !== SLOT_LAST) {
      this.#slot = i;
    } else {
      // The thread has ended: this slot is not given back.
      this.#stopReader();
      if (this.#stop === EMSGSIZE) {
        // The reply's datagrams are larger than a slot: read it all into the receive buffer.
        this.#stop = 0;
        this.#readAhead = false;
      }
    }
    return true;
  }

  #stopReader(): void {
    this.#addon.readerStop(this.#handle);
    this.#reading = false;
    this.#ownReads = 0;
    if (this.#onReadable !== undefined && !this.#closed) this.#watch();
  }

  /**
   * Readiness (of the descriptor, or of slots the thread filled): calls the
   * watcher, then again from the next event-loop turn while datagrams it
   * did not take are still here (the descriptor's watch only sees what the
   * kernel still holds), as a level-triggered watch would.
   */
  readonly #ready = (): void => {
    const onReadable = this.#onReadable;
    if (onReadable === undefined || this.#closed) return;
    onReadable();
    this.#readySoon();
  };

  /** Runs {@link #ready} from the next event-loop turn if datagrams are held for a watcher. */
  #readySoon(): void {
    if (this.#again || this.#onReadable === undefined || this.#closed || !this.#held()) return;
    this.#again = true;
    setImmediate(() => {
      this.#again = false;
      this.#ready();
    });
  }

  /** Datagrams read from the descriptor and not handed over yet. */
  #held(): boolean {
    return this.#next < this.#count || (this.#reading && this.#ring?.state(this.#nextSlot) !== SLOT_FREE);
  }

  /**
   * Reads ahead, or stops reading ahead. While on, once a reply goes on
   * past the datagrams of {@link OWN_READS} reads, a thread goes on reading
   * into a ring of buffers (twice the receive buffer's size in all) while the
   * caller handles what was read, so that the kernel produces the next part
   * of a long reply (a dump) in parallel. The thread ends when the socket
   * is drained (or fails); a reply whose datagrams do not fit its slots is
   * read without it. Datagrams keep their order either way.
   */
  readAhead(on: boolean): void {
    this.#readAhead = on;
    this.#ownReads = 0;
  }

  /**
   * Calls `onReadable` from the event loop whenever datagrams are pending,
   * until {@link pause} or {@link close}. Keeps the process alive meanwhile.
   * Calling it again replaces the callback.
   */
  resume(onReadable: () => void): void {
    this.#onReadable = onReadable;
    if (this.#reading) this.#addon.readerRef(this.#handle, true);
    else if (!this.#polling) this.#watch();
    this.#readySoon();
  }

  #watch(): void {
    this.#addon.pollStart(this.#handle, this.#ready);
    this.#polling = true;
  }

  /** Stops watching for readability; the socket no longer keeps the process alive. */
  pause(): void {
    this.#onReadable = undefined;
    this.#polling = false;
    this.#addon.pollStop(this.#handle);
    if (this.#reading) this.#addon.readerRef(this.#handle, false);
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
    this.#reading = false;
    this.#onReadable = undefined;
    this.#polling = false;
    this.#addon.close(this.#handle);
  }

  /** Same as {@link close}, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }
}
