/**
 * The socket layer: one interface implemented by the real netlink socket
 * (over the native addon) and by the scripted {@link FakeSocket} used in tests.
 *
 * The session layer talks only to this interface. Nothing here parses
 * netlink messages: a socket moves datagrams.
 *
 * @module
 */

/**
 * Called once per received datagram, synchronously, while {@link NetlinkSocketLike.receive} runs.
 *
 * `data` is a view into memory the socket reuses: it is valid only until the
 * callback returns. Copy what must outlive it.
 */
export type DatagramHandler = (data: Uint8Array, info: DatagramInfo) => void;

/** Metadata of one received datagram. */
export interface DatagramInfo {
  /** Netlink port id of the sender: `0` for the kernel. */
  readonly senderPort: number;
  /** Multicast group mask the datagram was delivered on (`0` for unicast replies). */
  readonly groups: number;
  /**
   * True when the datagram was larger than the receive slot and was cut.
   * `data` then holds only the first bytes.
   */
  readonly truncated: boolean;
}

/** Options for opening a netlink socket. */
export interface SocketOptions {
  /** Netlink protocol number (`NETLINK_ROUTE` = 0, `NETLINK_GENERIC` = 16, ...). */
  readonly protocol: number;
  /**
   * Path of a network namespace file (`/run/netns/NAME`, `/proc/PID/ns/net`).
   * The socket is created inside that namespace; the calling thread's own
   * namespace never changes.
   */
  readonly netnsPath?: string;
  /** Legacy multicast group bitmask given to bind(2). Default 0. */
  readonly groups?: number;
}

/**
 * A netlink datagram socket.
 *
 * All methods are synchronous and non-blocking. Errors are thrown as
 * Node-style `SystemError`s (`code`, `errno`, `syscall`).
 */
export interface NetlinkSocketLike {
  /** Netlink protocol number this socket was opened with. */
  readonly protocol: number;
  /** Port id the kernel assigned at bind time. */
  readonly portId: number;
  /** True once {@link close} ran. */
  readonly closed: boolean;

  /** Sends one buffer, which may hold several netlink messages, to the kernel. */
  send(data: Uint8Array): void;

  /**
   * Reads the datagrams that are pending now, without waiting, and hands each
   * to `onDatagram`. Stops after `maxDatagrams` (a cap per wake-up).
   *
   * Returns how many datagrams were read (0 when none was pending). A socket
   * error such as `ENOBUFS` (the kernel dropped messages because the receive
   * buffer was full) is thrown after the datagrams read before it were handed
   * over.
   */
  receive(onDatagram: DatagramHandler, maxDatagrams?: number): number;

  /**
   * Starts watching for readability: `onReadable` is called from the event
   * loop whenever datagrams are pending, until {@link pause}. While watched
   * the socket keeps the process alive; a paused socket does not. Calling it
   * again replaces the callback.
   */
  resume(onReadable: () => void): void;

  /** Stops watching for readability (backpressure: the kernel buffers, then drops). */
  pause(): void;

  /**
   * Hint that a long stream of replies (a dump) is being read, or no longer.
   * A socket may then read ahead in the background, in parallel with the
   * caller; {@link receive} may return 0 while such a read runs, and the
   * {@link resume} callback runs once it is in. Order is kept.
   */
  readAhead(on: boolean): void;

  /** setsockopt(2) with an integer value. */
  setOption(level: number, name: number, value: number): void;

  /** getsockopt(2) of an integer value. */
  getOption(level: number, name: number): number;

  /** Closes the descriptor. Idempotent. */
  close(): void;
}
