/**
 * `Connection<P>`: a netlink socket of protocol `P` driven by the protocol
 * {@link Engine}, with timeouts, `AbortSignal`, serialized dumps, extended
 * acks mapped back to the request's attributes, and an event socket.
 *
 * Family operations (`getLinks`, ...) are added to this class by their
 * folders (`src/route/link/ops.ts` and so on), typed on the protocol marker.
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import type { AckInfo } from '../core/ack.js';
import { NETLINK_OPT, NLM_F, SO, SOL } from '../core/constants.js';
import { toHexDump } from '../core/hex.js';
import { type NamespaceSpec, resolveNamespace } from '../core/netns-path.js';
import { NLMSG_HDRLEN, Writer } from '../core/writer.js';
import {
  AbortError,
  ClosedError,
  DumpInterruptedError,
  type ExtAck,
  InvalidArgumentError,
  KernelError,
  type MissingAttribute,
  NamespaceNotFoundError,
  type NetlinkError,
  type OperationContext,
  OverrunError,
  SocketError,
  systemErrorFields,
  TimeoutError,
  TruncatedError,
} from '../errors.js';
import type { Fields } from '../schema/attrs.js';
import type { StructFields } from '../schema/codec.js';
import type { MessageInput, MessageSchema } from '../schema/message.js';
import { NetlinkSocket } from '../socket/netlink-socket.js';
import type { DatagramInfo, NetlinkSocketLike, SocketOptions } from '../socket/types.js';
import { Batch, type BatchItem, type BatchOptions, type BatchResult } from './batch.js';
import { Engine, type PendingHandler, Received, type ReceivedMessage } from './engine.js';
import type { Protocol } from './protocol.js';
import { BatchedStream, type DumpStream } from './stream.js';

/** Opens the sockets of a connection; replace it to run over a {@link FakeSocket}. */
export type SocketFactory = (options: SocketOptions) => NetlinkSocketLike;

/** Options of a {@link Connection}. */
export interface ConnectionOptions {
  /** Open the socket inside this network namespace. */
  readonly namespace?: NamespaceSpec;
  /** Default timeout of every request in ms (default 30 000; `0` for none). */
  readonly timeoutMs?: number;
  /** Ask for extended acks (`NETLINK_EXT_ACK`, default true). */
  readonly extAck?: boolean;
  /** Errors echo only the request's header (`NETLINK_CAP_ACK`, default true). */
  readonly capAck?: boolean;
  /** Strict checking of dump requests (`NETLINK_GET_STRICT_CHK`, default false). */
  readonly strictCheck?: boolean;
  /** `SO_RCVBUF(FORCE)` in bytes for the request socket. */
  readonly receiveBufferSize?: number;
  /** `SO_RCVBUF(FORCE)` in bytes for the event socket (small: overruns sooner; large: fewer resyncs). */
  readonly eventReceiveBufferSize?: number;
  /**
   * Dispatcher mode, for when one socket must carry both requests and events
   * (default false: events get a socket of their own). Groups are joined on
   * the request socket and every datagram is routed by sequence number:
   * replies to their requests, multicast messages to the event stream. The
   * socket cannot be paused for a slow event consumer without stalling
   * requests, so when the event queue is full, events are dropped and the
   * stream yields an overrun item, as the kernel's `ENOBUFS` does.
   */
  readonly sharedEventSocket?: boolean;
  /** Opens the sockets (default: real netlink sockets through the native addon). */
  readonly socketFactory?: SocketFactory;
}

/** Per-request options. */
export interface RequestOptions {
  /** Overrides the connection's timeout (ms; `0` for none). */
  readonly timeoutMs?: number;
  /** Cancels the request. */
  readonly signal?: AbortSignal;
  /** Names the operation in errors: `{ operation: 'add link', object: 'veth0' }`. */
  readonly context?: OperationContext;
}

/** Options of collected dumps. */
export interface DumpOptions extends RequestOptions {
  /**
   * Retry a dump the kernel flagged interrupted up to this many times
   * (default 0: throw {@link DumpInterruptedError} with the partial result).
   */
  readonly retryInterrupted?: number;
}

/** A request to send: a message type, flags, and either a schema with a value or a ready payload. */
export interface Outgoing<H extends StructFields = StructFields, F extends Fields = Fields> {
  readonly type: number;
  /** Flags besides `NLM_F_REQUEST` and `NLM_F_ACK`, which are always set. */
  readonly flags?: number;
  /** Layout used to encode `value` and to map extended-ack offsets to attribute names. */
  readonly schema?: MessageSchema<H, F>;
  readonly value?: MessageInput<H, F>;
  /** A ready payload (after `struct nlmsghdr`), when no schema is used. */
  readonly payload?: Uint8Array;
}

/** An item of a raw event stream. */
export type RawEvent =
  | { readonly kind: 'message'; readonly message: ReceivedMessage; readonly groups: number }
  | { readonly kind: 'overrun'; readonly error: OverrunError };

const DEFAULT_TIMEOUT_MS = 30_000;
/** Requests per datagram in a batch (as the C baseline packs them). */
const BATCH_MAX_PER_DATAGRAM = 256;
/** Bytes per batch datagram, well under the default socket send buffer. */
const BATCH_MAX_BYTES = 64 * 1024;
/** Datagrams read per wake-up before yielding to the event loop. */
const RECEIVE_CAP = 64;
/**
 * Datagrams a dump reads at a time: one (up to 32 KiB, some 500 routes), used
 * up while it is still in the CPU's caches and before the next read, so its
 * messages die young. Streaming 1M routes peaked at ~170 MiB RSS with 64 at a
 * time, ~90 MiB with 4 and ~73 MiB with 1, which is also 10-20% faster than 4
 * (`nlink-ip -j route show` of 1M routes: 2.0 -> 1.5 s).
 */
const DUMP_RECEIVE_CAP = 1;
/** Events buffered in JS before the event socket is paused (the kernel buffers beyond). */
const EVENT_QUEUE_HIGH_WATER = 4096;

const DEBUG = /(^|,)(frames|all)(,|$)/.test(process.env.NLINK_DEBUG ?? '');

function debugFrame(dir: 'send' | 'recv', protocol: Protocol, data: Uint8Array): void {
  process.stderr.write(`nlink ${protocol.name} ${dir} ${data.length} bytes\n${toHexDump(data)}\n`);
}

/** What the connection needs of a schema once the request is encoded. */
interface SchemaLike {
  pathAt(message: Uint8Array, offset: number): string[];
  readonly attrs: { nameOf(type: number): string | undefined };
}

/**
 * Decodes one message of a reply from its bytes: the payload is
 * `[offset, offset + length)` of `buf`, after its `struct nlmsghdr`; `buf` is
 * a stable copy of the datagram, shared by its messages (keep views of it
 * if you like). `undefined` skips the message. Dumps call it as each
 * datagram arrives, without making a {@link ReceivedMessage}; the message
 * type is `buf.readUInt16LE(offset - 12)`.
 */
export type PayloadDecoder<T> = (buf: Buffer, offset: number, length: number) => T | undefined;

/** The {@link PayloadDecoder} of {@link ReceivedMessage}s. */
const received: PayloadDecoder<ReceivedMessage> = (buf, offset, length) => new Received(buf, offset, length);

/** A {@link PayloadDecoder} applying `decode` to each message as a {@link ReceivedMessage}. */
function viaReceived<T>(decode: (m: ReceivedMessage) => T | undefined): PayloadDecoder<T> {
  return (buf, offset, length) => decode(new Received(buf, offset, length));
}

/** Where the outcome of a request goes. */
interface Sink {
  onMessage(buf: Buffer, offset: number, length: number): void;
  onEnd(err: NetlinkError | undefined, interrupted: boolean): void;
}

/** The result of a batch request that succeeded (one object for all). */
const BATCH_OK: BatchResult = Object.freeze({ ok: true });

/** A batch datagram's bytes before it is complete and after it settled (see `BatchDatagram.datagram`). */
const NO_BYTES = Buffer.alloc(0);

/** Collects the replies of a plain request into its promise. */
class Collector implements Sink {
  readonly replies: ReceivedMessage[] = [];
  readonly #resolve: (replies: ReceivedMessage[]) => void;
  readonly #reject: (err: NetlinkError) => void;

  constructor(resolve: (replies: ReceivedMessage[]) => void, reject: (err: NetlinkError) => void) {
    this.#resolve = resolve;
    this.#reject = reject;
  }

  onMessage(buf: Buffer, offset: number, length: number): void {
    this.replies.push(new Received(buf, offset, length));
  }

  onEnd(err: NetlinkError | undefined): void {
    if (err) this.#reject(err);
    else this.#resolve(this.replies);
  }
}

/** What the connection tracks until it ends: one request, or the requests of one batch datagram. */
interface Tracked {
  readonly settled: boolean;
  readonly timeoutMs: number;
  readonly deadline: number;
  /** Ends what is still waiting with the error `make` builds from the name of each request. */
  failWith(make: (what: string) => NetlinkError): void;
}

/**
 * The kernel's error for a request, with extended-ack offsets mapped to
 * attribute names through the request's schema (`request` holds the request
 * at `at`).
 */
function kernelErrorFor(
  ack: AckInfo,
  schema: SchemaLike | undefined,
  request: Buffer,
  at: number,
  context: OperationContext | undefined,
): KernelError {
  let ext: ExtAck | undefined = ack.extAck;
  if (ext && schema) {
    const mapped: { -readonly [K in keyof ExtAck]: ExtAck[K] } = { ...ext };
    const message = request.subarray(at, at + request.readUInt32LE(at));
    if (ext.offset !== undefined) mapped.attributePath = schema.pathAt(message, ext.offset);
    if (ext.missing) {
      const m: { -readonly [K in keyof MissingAttribute]: MissingAttribute[K] } = { ...ext.missing };
      if (m.nestOffset !== undefined) m.nestPath = schema.pathAt(message, m.nestOffset);
      else {
        const name = schema.attrs.nameOf(m.type);
        if (name) m.name = name;
      }
      mapped.missing = m;
    }
    ext = mapped;
  }
  return new KernelError(ack.errno, ext, context);
}

/**
 * The requests of one batch datagram, tracked together: one handler for all
 * their sequence numbers, one entry for timeouts, aborts and closing, and
 * each answer written straight into its slot of the batch's results (an ack
 * carries no data; success is the shared {@link BATCH_OK}).
 */
class BatchDatagram implements PendingHandler, Tracked {
  readonly dump = false;
  settled = false;
  /** The encoded requests, set once the datagram is complete. */
  datagram: Buffer = NO_BYTES;
  onAbort: (() => void) | undefined;
  /** When the requests time out; set when the datagram is sent. */
  deadline = Number.POSITIVE_INFINITY;
  /** Number of requests. */
  size = 0;
  /** Offset of each request in {@link datagram}. */
  readonly #offsets: Uint32Array;
  /** Index of each request's result in {@link results}. */
  readonly #slots: Uint32Array;
  /** 1 once a request has its answer. */
  readonly #answered: Uint8Array;
  readonly #items: BatchItem[] = [];
  #waiting = 0;

  /**
   * @param first The sequence number of the first request; request `i` has `first + i`.
   * @param capacity The most requests the datagram may hold.
   * @param lastAcks Only the last request asks for an ack: its answer also
   *   answers every earlier request without an error (the kernel handles
   *   them in order and reports errors either way).
   */
  constructor(
    readonly first: number,
    capacity: number,
    readonly results: BatchResult[],
    readonly protocolName: string,
    readonly timeoutMs: number,
    readonly signal: AbortSignal | undefined,
    readonly lastAcks: boolean,
    readonly onSettled: (d: BatchDatagram) => void,
  ) {
    this.#offsets = new Uint32Array(capacity);
    this.#slots = new Uint32Array(capacity);
    this.#answered = new Uint8Array(capacity);
  }

  /** Offset of the last request added. */
  get lastOffset(): number {
    return this.#offsets[this.size - 1] as number;
  }

  /** The sequence number of the next request added. */
  get nextSeq(): number {
    return this.first + this.size;
  }

  /** Adds the request encoded at `at` under {@link nextSeq}, whose result goes to `results[slot]`. */
  add(at: number, slot: number, item: BatchItem): void {
    const i = this.size++;
    this.#offsets[i] = at;
    this.#slots[i] = slot;
    this.#items.push(item);
    this.#waiting++;
  }

  onMessage(): void {}

  onEnd(ack: AckInfo, _interrupted: boolean, seq: number): void {
    const i = seq - this.first;
    if (i < 0 || i >= this.size || this.#answered[i]) return;
    if (ack.errno !== 0) {
      const item = this.#items[i] as BatchItem;
      const error = kernelErrorFor(ack, item.out.schema, this.datagram, this.#offsets[i] as number, item.context);
      this.results[this.#slots[i] as number] = { ok: false, error };
    }
    if (this.lastAcks && i === this.size - 1) {
      // The ack the datagram asked for: what has not reported an error succeeded.
      for (let j = 0; j < i; j++) if (!this.#answered[j]) this.#answer(j);
    }
    this.#answer(i);
  }

  failWith(make: (what: string) => NetlinkError): void {
    if (this.settled) return;
    for (let i = 0; i < this.size; i++) {
      if (this.#answered[i]) continue;
      const item = this.#items[i] as BatchItem;
      this.results[this.#slots[i] as number] = {
        ok: false,
        error: make(requestName(item.context, this.protocolName, item.out.type)),
      };
      this.#answer(i);
    }
  }

  #answer(i: number): void {
    this.#answered[i] = 1;
    if (--this.#waiting > 0 || this.settled) return;
    this.settled = true;
    // Drop the requests now: this object may already be in V8's old generation (the engine and
    // the connection refer to it while it waits), where it would keep every request it holds alive
    // through the next young collections until a full one. Bench c: 27 -> 7 MB promoted, GC
    // pauses 114 -> 31 ms.
    this.#items.length = 0;
    this.datagram = NO_BYTES;
    if (this.onAbort) this.signal?.removeEventListener('abort', this.onAbort);
    this.onSettled(this);
  }
}

/** One request in flight: what the engine reports to, and what timeouts and aborts act on. */
class PendingRequest implements PendingHandler, Tracked {
  settled = false;
  onAbort: (() => void) | undefined;

  constructor(
    readonly seq: number,
    /** The encoded request. */
    readonly request: Buffer,
    readonly type: number,
    readonly protocolName: string,
    readonly schema: SchemaLike | undefined,
    readonly context: OperationContext | undefined,
    readonly timeoutMs: number,
    readonly deadline: number,
    readonly signal: AbortSignal | undefined,
    readonly dump: boolean,
    readonly sink: Sink,
    readonly onSettled: (p: PendingRequest) => void,
  ) {}

  /** How the request reads in errors (worked out only when one needs it). */
  get what(): string {
    return requestName(this.context, this.protocolName, this.type);
  }

  onMessage(buf: Buffer, offset: number, length: number): void {
    this.sink.onMessage(buf, offset, length);
  }

  onEnd(ack: AckInfo, interrupted: boolean): void {
    this.#finish(ack.errno === 0 ? undefined : this.#kernelError(ack), interrupted);
  }

  /** Ends the request with an error that did not come from the kernel. */
  fail(err: NetlinkError): void {
    this.#finish(err, false);
  }

  failWith(make: (what: string) => NetlinkError): void {
    if (!this.settled) this.fail(make(this.what));
  }

  #finish(err: NetlinkError | undefined, interrupted: boolean): void {
    if (this.settled) return;
    this.settled = true;
    if (this.onAbort) this.signal?.removeEventListener('abort', this.onAbort);
    this.onSettled(this);
    this.sink.onEnd(err, interrupted);
  }

  #kernelError(ack: AckInfo): KernelError {
    return kernelErrorFor(ack, this.schema, this.request, 0, this.context);
  }
}

/**
 * A netlink connection speaking protocol `P`.
 *
 * ```ts
 * const conn = new Connection(Route);
 * const links = await conn.getLinks();
 * conn.close();
 * ```
 */
export class Connection<P extends Protocol = Protocol> {
  /** The protocol marker. */
  readonly protocol: P;
  /** The namespace this connection lives in, if not the caller's. */
  readonly namespace: NamespaceSpec | undefined;
  readonly #socket: NetlinkSocketLike;
  readonly #engine: Engine;
  readonly #writer = new Writer();
  readonly #factory: SocketFactory;
  readonly #socketOptions: SocketOptions;
  /** What is in flight, by (first) sequence number. */
  readonly #pending = new Map<number, Tracked>();
  #timeoutMs: number;
  #closed = false;
  #watching = false;
  /** A dump runs: the socket reads ahead, and readiness reads one datagram at a time, as the dump does. */
  #dumping = false;
  #timer: NodeJS.Timeout | undefined;
  #dumpLock: Promise<void> = Promise.resolve();
  /** Wakes whoever waits for the next datagram (dump consumers). */
  #waiters: (() => void)[] = [];
  #events: EventChannel | undefined;
  /** Dispatcher mode: an event stream waits for data on the request socket. */
  #eventReaders = false;
  readonly #groups = new Set<number>();
  readonly #eventBufferSize: number | undefined;
  readonly #sharedEvents: boolean;

  constructor(protocol: P, options: ConnectionOptions = {}) {
    this.protocol = protocol;
    this.namespace = options.namespace;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#eventBufferSize = options.eventReceiveBufferSize;
    this.#sharedEvents = options.sharedEventSocket ?? false;
    this.#factory = options.socketFactory ?? ((o) => new NetlinkSocket(o));
    const ns = options.namespace === undefined ? undefined : resolveNamespace(options.namespace);
    this.#socketOptions = ns ? { protocol: protocol.number, netnsPath: ns.path } : { protocol: protocol.number };
    this.#socket = openSocket(this.#factory, this.#socketOptions, ns?.label);
    try {
      if (options.extAck ?? true) this.#socket.setOption(SOL.NETLINK, NETLINK_OPT.EXT_ACK, 1);
      // Errors need not echo our request back: we keep it to map ext-ack offsets. Keeps error acks small.
      if (options.capAck ?? true) this.#socket.setOption(SOL.NETLINK, NETLINK_OPT.CAP_ACK, 1);
      if (options.strictCheck) this.#socket.setOption(SOL.NETLINK, NETLINK_OPT.GET_STRICT_CHK, 1);
      if (options.receiveBufferSize) setReceiveBuffer(this.#socket, options.receiveBufferSize);
    } catch (err) {
      this.#socket.close();
      throw new SocketError(`${protocol.name} socket options`, err);
    }
    this.#engine = new Engine(this.#socket.portId);
  }

  /**
   * Opens a connection inside a network namespace: the twin of the seed's
   * `Connection::<P>::new_in_namespace`.
   */
  static newInNamespace<P extends Protocol>(
    protocol: P,
    namespace: NamespaceSpec,
    options: Omit<ConnectionOptions, 'namespace'> = {},
  ): Connection<P> {
    return new Connection(protocol, { ...options, namespace });
  }

  /** Port id of the request socket. */
  get portId(): number {
    return this.#socket.portId;
  }

  /** True once {@link close} ran. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The default request timeout in ms. */
  get timeoutMs(): number {
    return this.#timeoutMs;
  }

  /** Sets the default request timeout in ms (`0` for none). Returns `this`. */
  timeout(ms: number): this {
    this.#timeoutMs = ms;
    return this;
  }

  /** Turns `NETLINK_GET_STRICT_CHK` on or off. */
  setStrictChecking(on: boolean): this {
    this.#socket.setOption(SOL.NETLINK, NETLINK_OPT.GET_STRICT_CHK, on ? 1 : 0);
    return this;
  }

  /** Frames the engine dropped (foreign sender, unmatched sequence). */
  get droppedFrames(): { readonly foreign: number; readonly stray: number } {
    return { ...this.#engine.stats };
  }

  /**
   * Sends a request and resolves when the kernel acknowledges it, with every
   * data message it sent before the ack.
   *
   * @throws {KernelError} with the errno, extended ack and `options.context`.
   */
  request<H extends StructFields, F extends Fields>(
    out: Outgoing<H, F>,
    options: RequestOptions = {},
  ): Promise<ReceivedMessage[]> {
    return new Promise((resolve, reject) => {
      this.#start(out, options, false, new Collector(resolve, reject));
    });
  }

  /** Sends a request and resolves when the kernel acknowledges it. */
  async ack<H extends StructFields, F extends Fields>(
    out: Outgoing<H, F>,
    options: RequestOptions = {},
  ): Promise<void> {
    await this.request(out, options);
  }

  /**
   * Streams a dump (`NLM_F_DUMP` is added). Memory stays bounded: the next
   * datagram is read only when the consumer wants more. Leaving the loop early
   * drains the rest in the background. Dumps on one connection run one at a
   * time, as the kernel requires; other requests may run meanwhile.
   *
   * @throws {DumpInterruptedError} after the last message when the kernel flagged the dump interrupted
   *   (`partial` is empty: the items were already yielded).
   */
  dump<H extends StructFields, F extends Fields>(
    out: Outgoing<H, F>,
    options: RequestOptions = {},
  ): DumpStream<ReceivedMessage> {
    return this.streamPayloads(out, received, options);
  }

  /**
   * Streams a dump decoded by `decode` (items it maps to `undefined` are
   * skipped), at the cost of one resolved promise per item: the way to stream
   * a large dump. Errors for which `options.endOn` returns true end the stream quietly.
   */
  stream<T, H extends StructFields, F extends Fields>(
    out: Outgoing<H, F>,
    decode: (m: ReceivedMessage) => T | undefined,
    options: RequestOptions & { readonly endOn?: (err: unknown) => boolean } = {},
  ): DumpStream<T> {
    return this.streamPayloads(out, viaReceived(decode), options);
  }

  /**
   * {@link stream} with a decoder that reads each message straight from the
   * datagram's bytes: no {@link ReceivedMessage} is made on the way, and
   * items are decoded as each datagram arrives, while its bytes are still in
   * the CPU's caches. What the typed dumps (`streamRoutes`...) use.
   */
  streamPayloads<T, H extends StructFields, F extends Fields>(
    out: Outgoing<H, F>,
    decode: PayloadDecoder<T>,
    options: RequestOptions & { readonly endOn?: (err: unknown) => boolean } = {},
  ): DumpStream<T> {
    return new BatchedStream(this.dumpPages(out, decode, options), options.endOn);
  }

  /**
   * Streams a dump as the batches of messages each read brought (a datagram
   * or a few), as {@link dumpPages} does with a decoder making each a
   * {@link ReceivedMessage}. The arrays are fresh: keep them if you like.
   */
  dumpBatches<H extends StructFields, F extends Fields>(
    out: Outgoing<H, F>,
    options: RequestOptions = {},
  ): AsyncGenerator<ReceivedMessage[], void, undefined> {
    return this.dumpPages(out, received, options);
  }

  /**
   * Streams a dump as the items each read brought (a datagram or a few),
   * decoded by `decode` as the datagram arrives: what every other dump
   * method builds on. The arrays are fresh: keep them if you like. When
   * `decode` throws, the items decoded before are yielded, then its error
   * is thrown (the rest of the dump is drained in the background).
   */
  async *dumpPages<T, H extends StructFields, F extends Fields>(
    out: Outgoing<H, F>,
    decode: PayloadDecoder<T>,
    options: RequestOptions = {},
  ): AsyncGenerator<T[], void, undefined> {
    this.#checkOpen();
    let release!: () => void;
    const previous = this.#dumpLock;
    this.#dumpLock = new Promise((r) => {
      release = r;
    });
    await previous;
    /**
     * The items decoded since the last page was yielded. One array for the whole dump, each page
     * spliced out of it: arrays made fresh for each page met the optimized dump code still typed for
     * small integers and deoptimized it, three functions per first dump.
     */
    const queue: T[] = [];
    let ended = false;
    let failure: NetlinkError | undefined;
    /** Whether `decode` threw, and what (it may throw anything). */
    let undecodable: { readonly error: unknown } | undefined;
    /** Set once the consumer is gone: what is still read is drained, not decoded. */
    let left = false;
    let interruptedAtEnd = false;
    let seq = 0;
    this.#setDumping(true);
    try {
      seq = this.#start({ ...out, flags: (out.flags ?? 0) | NLM_F.DUMP }, options, true, {
        onMessage: (buf, offset, length) => {
          if (undecodable || left) return;
          try {
            const item = decode(buf, offset, length);
            if (item !== undefined) queue.push(item);
          } catch (error) {
            undecodable = { error };
          }
        },
        onEnd: (err, interrupted) => {
          ended = true;
          failure = err;
          interruptedAtEnd = interrupted;
        },
      });
      for (;;) {
        if (queue.length > 0) {
          yield queue.splice(0);
          continue;
        }
        if (undecodable) throw undecodable.error;
        if (ended) break;
        if (this.#pump(DUMP_RECEIVE_CAP) === 0 && !ended && queue.length === 0) await this.#nextWake();
      }
      if (failure) throw failure;
      if (interruptedAtEnd) throw new DumpInterruptedError([], options.context ? describe(options.context) : 'dump');
    } finally {
      if (!ended && this.#pending.has(seq)) {
        // The consumer left early: drain the rest so the socket's dump state ends, then release.
        left = true;
        queue.length = 0;
        this.#drain(seq).finally(() => this.#dumpDone(release));
      } else {
        this.#dumpDone(release);
      }
    }
  }

  /** The end of a dump: no more reading ahead, the next dump may start. */
  #dumpDone(release: () => void): void {
    this.#setDumping(false);
    release();
    this.#updateWatch();
  }

  #setDumping(on: boolean): void {
    this.#dumping = on;
    this.#socket.readAhead(on);
  }

  /** Collects a dump into an array, decoding each message with `decode` (items mapped to `undefined` are skipped). */
  dumpAll<T, H extends StructFields, F extends Fields>(
    out: Outgoing<H, F>,
    decode: (m: ReceivedMessage) => T | undefined,
    options: DumpOptions = {},
  ): Promise<T[]> {
    return this.dumpAllPayloads(out, viaReceived(decode), options);
  }

  /** {@link dumpAll} with a decoder that reads each message straight from the bytes (see {@link streamPayloads}). */
  async dumpAllPayloads<T, H extends StructFields, F extends Fields>(
    out: Outgoing<H, F>,
    decode: PayloadDecoder<T>,
    options: DumpOptions = {},
  ): Promise<T[]> {
    let retries = options.retryInterrupted ?? 0;
    for (;;) {
      const items: T[] = [];
      try {
        for await (const batch of this.dumpPages(out, decode, options)) {
          for (const item of batch) items.push(item);
        }
        return items;
      } catch (err) {
        if (err instanceof DumpInterruptedError) {
          if (retries-- > 0) continue;
          throw new DumpInterruptedError(items, err.message.replace(/ interrupted:.*$/, ''));
        }
        throw err;
      }
    }
  }

  /** Closes the connection and its event socket; pending requests fail with {@link ClosedError}. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const p of [...this.#pending.values()]) p.failWith((what) => new ClosedError(what));
    this.#clearTimer();
    this.#watching = false;
    this.#socket.close();
    this.#events?.close();
    this.#events = undefined;
    this.#wakeAll();
  }

  /** `await using conn = new Connection(Route)` closes it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  /** `using conn = ...` closes it at the end of the scope. */
  [Symbol.dispose](): void {
    this.close();
  }

  // ---- events -------------------------------------------------------------

  /**
   * Joins multicast groups (`NETLINK_ADD_MEMBERSHIP`) on this connection's
   * event socket, opened on first use in the same namespace. Requests never
   * share that socket.
   */
  joinGroups(groups: readonly number[]): void {
    this.#checkOpen();
    const ch = this.#eventChannel();
    for (const g of groups) {
      ch.join(g);
      this.#groups.add(g);
    }
  }

  /** Multicast groups joined on the event socket. */
  get groups(): readonly number[] {
    return [...this.#groups];
  }

  /**
   * Drops every event not yet consumed, including those the kernel still
   * holds for the event socket. After an overrun those are incomplete (some
   * were lost), so a resync drops them and re-reads the state instead.
   */
  discardPendingEvents(): void {
    this.#events?.discard();
  }

  /** Leaves multicast groups (`NETLINK_DROP_MEMBERSHIP`). */
  leaveGroups(groups: readonly number[]): void {
    for (const g of groups) {
      this.#events?.leave(g);
      this.#groups.delete(g);
    }
  }

  /**
   * Raw event stream of the joined groups: every multicast message, and an
   * explicit `overrun` item whenever the kernel dropped messages (`ENOBUFS`).
   * Ends when the connection closes (at once if it already is) or the loop is left.
   */
  async *rawEvents(): AsyncGenerator<RawEvent, void, undefined> {
    if (this.#closed) return;
    yield* this.#eventChannel().stream();
  }

  #eventChannel(): EventChannel {
    if (!this.#events) {
      const source: EventSource = this.#sharedEvents
        ? this.#sharedSource()
        : ownSocketSource(this.#factory(this.#socketOptions), this.protocol);
      this.#events = new EventChannel(source);
      if (this.#eventBufferSize) {
        try {
          setReceiveBuffer(source.socket, this.#eventBufferSize);
        } catch (err) {
          this.#events.close();
          this.#events = undefined;
          throw new SocketError(`${this.protocol.name} event socket options`, err);
        }
      }
    }
    return this.#events;
  }

  /** Events from the request socket (dispatcher mode): the engine hands over what no request asked for. */
  #sharedSource(): EventSource {
    let deliver: ((ev: RawEvent) => void) | undefined;
    this.#engine.onUnsolicited = (message, info) => deliver?.({ kind: 'message', message, groups: info.groups });
    return {
      socket: this.#socket,
      shared: true,
      start: (push) => {
        deliver = push;
      },
      setReading: (reading) => {
        this.#eventReaders = reading;
        this.#updateWatch();
      },
      drain: () => {
        while (this.#pump() > 0);
      },
      close: () => {
        deliver = undefined;
        this.#engine.onUnsolicited = undefined;
        this.#eventReaders = false;
      },
    };
  }

  // ---- internals ----------------------------------------------------------

  #checkOpen(): void {
    if (this.#closed) throw new ClosedError(`${this.protocol.name} connection`);
  }

  /** Encodes, registers and sends a request; returns its sequence number. Errors reach `sink.onEnd`. */
  #start<H extends StructFields, F extends Fields>(
    out: Outgoing<H, F>,
    options: RequestOptions,
    dump: boolean,
    sink: Sink,
  ): number {
    const pending = this.#prepare(out, options, dump, sink);
    if (!pending) return 0;
    if (!this.#send(pending.request, pending)) return pending.seq;
    // Fast path: the kernel answers most requests inside sendmsg, so read right away, one datagram
    // at a time until the request ends (no extra syscall to find the socket empty). A dump reads
    // only its first datagram here; its consumer pulls the rest.
    if (dump) this.#pump(1);
    else while (!pending.settled && this.#pump(1) > 0);
    this.#awaitReply(pending);
    return pending.seq;
  }

  /** Why a request cannot be sent now (closed connection, aborted signal), if it cannot. */
  #refusal(
    type: number,
    context: OperationContext | undefined,
    signal: AbortSignal | undefined,
  ): NetlinkError | undefined {
    if (this.#closed) return new ClosedError(requestName(context, this.protocol.name, type));
    if (signal?.aborted) return new AbortError(requestName(context, this.protocol.name, type), signal.reason);
    return undefined;
  }

  /** The deadline of a request sent now with `timeoutMs` (0: none). */
  #deadline(timeoutMs: number): number {
    return timeoutMs > 0 ? Date.now() + timeoutMs : Number.POSITIVE_INFINITY;
  }

  /** Encodes and registers a request (not yet sent); `undefined` when it already failed into `sink`. */
  #prepare<H extends StructFields, F extends Fields>(
    out: Outgoing<H, F>,
    options: RequestOptions,
    dump: boolean,
    sink: Sink,
  ): PendingRequest | undefined {
    const context = options.context;
    const signal = options.signal;
    const refused = this.#refusal(out.type, context, signal);
    if (refused) {
      sink.onEnd(refused, false);
      return undefined;
    }
    const seq = this.#engine.nextSeq();
    let request: Buffer;
    try {
      request = this.#encode(out, seq);
    } catch (err) {
      sink.onEnd(err as NetlinkError, false);
      return undefined;
    }
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    const pending = new PendingRequest(
      seq,
      request,
      out.type,
      this.protocol.name,
      out.schema,
      context,
      timeoutMs,
      this.#deadline(timeoutMs),
      signal,
      dump,
      sink,
      this.#settled,
    );
    this.#pending.set(seq, pending);
    this.#engine.register(seq, pending);
    return pending;
  }

  /** Sends `bytes`; on failure ends what they hold with a {@link SocketError} and returns false. */
  #send(bytes: Buffer, tracked: Tracked): boolean {
    try {
      if (DEBUG) debugFrame('send', this.protocol, bytes);
      this.#socket.send(bytes);
      return true;
    } catch (err) {
      tracked.failWith((what) => new SocketError(what, err));
      return false;
    }
  }

  /** Arms abort, timeout and readiness for what is still waiting. */
  #awaitReply(pending: PendingRequest | BatchDatagram): void {
    if (pending.settled) return;
    const signal = pending.signal;
    if (signal) {
      pending.onAbort = () => pending.failWith((what) => new AbortError(what, signal.reason));
      signal.addEventListener('abort', pending.onAbort, { once: true });
    }
    if (pending.timeoutMs > 0) this.#armTimer();
    this.#updateWatch();
  }

  /**
   * Sends many requests packed into few datagrams and resolves with one
   * result per request, in order. Used by {@link Batch}; see {@link batch}.
   *
   * Each datagram's requests are tracked as one: a handler for all their
   * sequence numbers and one entry for timeouts, aborts and closing, so a
   * request costs its encoding and its slot in the results.
   */
  async sendBatch(items: Iterable<BatchItem | BatchResult>, options: BatchOptions = {}): Promise<BatchResult[]> {
    const perDatagram = options.maxPerDatagram ?? BATCH_MAX_PER_DATAGRAM;
    if (!Number.isInteger(perDatagram) || perDatagram < 1 || perDatagram > BATCH_MAX_BYTES / NLMSG_HDRLEN) {
      throw new InvalidArgumentError(
        'maxPerDatagram',
        `expected an integer from 1 to ${BATCH_MAX_BYTES / NLMSG_HDRLEN}, got ${String(perDatagram)}`,
      );
    }
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    const signal = options.signal;
    const ackEach = options.ackEach ?? false;
    const results: BatchResult[] = [];
    const source = items[Symbol.iterator]();
    const w = this.#writer;
    for (let more = true; more; ) {
      // Encodes up to a datagram's worth of requests straight into the writer, then sends them at once.
      const d = new BatchDatagram(
        this.#engine.reserveSeqs(perDatagram),
        perDatagram,
        results,
        this.protocol.name,
        timeoutMs,
        signal,
        !ackEach,
        this.#datagramSettled,
      );
      w.reset();
      while (d.size < perDatagram && w.length < BATCH_MAX_BYTES) {
        const next = source.next();
        if (next.done) {
          more = false;
          break;
        }
        const item = next.value;
        if ('ok' in item) {
          results.push(item);
          continue;
        }
        const slot = results.length;
        results.push(BATCH_OK);
        const refused = this.#refusal(item.out.type, item.context, signal);
        if (refused) {
          results[slot] = { ok: false, error: refused };
          continue;
        }
        try {
          d.add(this.#append(w, item.out, d.nextSeq, ackEach), slot, item);
        } catch (err) {
          results[slot] = { ok: false, error: err as NetlinkError };
        }
      }
      if (d.size === 0) continue;
      // The last request asks for the ack that tells the datagram is done (see BatchOptions.ackEach).
      if (!ackEach) w.buf.writeUInt16LE(w.buf.readUInt16LE(d.lastOffset + 6) | NLM_F.ACK, d.lastOffset + 6);
      d.datagram = w.finish();
      d.deadline = this.#deadline(timeoutMs);
      this.#engine.registerRange(d.first, d.size, d);
      this.#pending.set(d.first, d);
      if (!this.#send(d.datagram, d)) continue;
      this.#awaitReply(d);
      // Read the acks of this datagram before sending the next, so they never overflow the receive buffer.
      while (!d.settled) {
        if (this.#pump() === 0 && !d.settled) await this.#nextWake();
      }
    }
    return results;
  }

  /** Starts a {@link Batch} on this connection (the seed's `conn.batch()`). */
  batch(): Batch<P> {
    return new Batch(this);
  }

  /** Bookkeeping when any request ends (one function for all, so no closure per request). */
  readonly #settled = (p: PendingRequest): void => {
    this.#pending.delete(p.seq);
    this.#engine.unregister(p.seq);
    this.#wakeAll();
    this.#updateWatch();
  };

  /** Bookkeeping when the requests of a batch datagram have all ended. */
  readonly #datagramSettled = (d: BatchDatagram): void => {
    this.#pending.delete(d.first);
    this.#engine.unregisterRange(d.first);
    this.#wakeAll();
    this.#updateWatch();
  };

  #encode<H extends StructFields, F extends Fields>(out: Outgoing<H, F>, seq: number): Buffer {
    const w = this.#writer.reset();
    this.#append(w, out, seq);
    return w.finish();
  }

  /**
   * Appends a request (asking for an ack unless `ack` is false) to what `w`
   * holds and returns its offset; on failure leaves `w` as it was.
   */
  #append<H extends StructFields, F extends Fields>(w: Writer, out: Outgoing<H, F>, seq: number, ack = true): number {
    const mark = w.length;
    try {
      const off = w.beginMessage(out.type, (out.flags ?? 0) | NLM_F.REQUEST | (ack ? NLM_F.ACK : 0), seq, 0);
      if (out.schema) out.schema.encode(w, out.value ?? {});
      else if (out.payload) w.bytes(out.payload);
      w.endMessage(off);
      return off;
    } catch (err) {
      w.length = mark;
      throw err;
    }
  }

  /** Reads what is pending on the socket now; returns the number of datagrams. */
  #pump(max = RECEIVE_CAP): number {
    if (this.#closed) return 0;
    let n = 0;
    try {
      n = this.#socket.receive(this.#onDatagram, max);
    } catch (err) {
      const sys = systemErrorFields(err);
      // Replies may have been lost: every pending request fails rather than hang.
      const error = sys.code === 'ENOBUFS' ? new OverrunError({ cause: err }) : new SocketError('receive', err);
      for (const p of [...this.#pending.values()]) p.failWith(() => error);
      if (error instanceof OverrunError && this.#sharedEvents) this.#events?.overrun(error);
    }
    if (n > 0) this.#wakeAll();
    return n;
  }

  readonly #onDatagram = (data: Uint8Array, info: DatagramInfo): void => {
    if (DEBUG) debugFrame('recv', this.protocol, data);
    if (info.truncated) {
      for (const p of [...this.#pending.values()]) p.failWith(() => new TruncatedError());
      return;
    }
    try {
      this.#engine.feed(data, info);
    } catch (err) {
      // A malformed datagram: whichever requests were waiting cannot trust what follows.
      for (const p of [...this.#pending.values()]) p.failWith(() => err as NetlinkError);
    }
  };

  #nextWake(): Promise<void> {
    this.#updateWatch();
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
    });
  }

  #wakeAll(): void {
    if (this.#waiters.length === 0) return;
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  /** Watch the socket only while something waits, so an idle connection never keeps the process alive. */
  #updateWatch(): void {
    const need = !this.#closed && (this.#pending.size > 0 || this.#waiters.length > 0 || this.#eventReaders);
    if (need && !this.#watching) {
      this.#watching = true;
      this.#socket.resume(() => this.#pump(this.#dumping ? DUMP_RECEIVE_CAP : RECEIVE_CAP));
    } else if (!need && this.#watching) {
      this.#watching = false;
      this.#socket.pause();
    }
    if (this.#pending.size === 0) this.#clearTimer();
  }

  #armTimer(): void {
    if (this.#timer) return;
    let next = Number.POSITIVE_INFINITY;
    for (const p of this.#pending.values()) next = Math.min(next, p.deadline);
    if (next === Number.POSITIVE_INFINITY) return;
    this.#timer = setTimeout(() => this.#onTimer(), Math.max(0, next - Date.now()));
  }

  #onTimer(): void {
    this.#timer = undefined;
    const now = Date.now();
    for (const p of [...this.#pending.values()]) {
      if (p.deadline <= now) p.failWith((what) => new TimeoutError(what, p.timeoutMs));
    }
    this.#armTimer();
    this.#updateWatch();
  }

  #clearTimer(): void {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  async #drain(seq: number): Promise<void> {
    while (this.#engine.isPending(seq) && !this.#closed) {
      if (this.#pump() === 0 && this.#engine.isPending(seq)) await this.#nextWake();
    }
  }
}

/** How a request reads in errors: its context, else its protocol and message type. */
function requestName(context: OperationContext | undefined, protocolName: string, type: number): string {
  return context ? describe(context) : `${protocolName} request type ${type}`;
}

function describe(ctx: OperationContext): string {
  return ctx.object ? `${ctx.operation} ${ctx.object}` : ctx.operation;
}

function openSocket(factory: SocketFactory, options: SocketOptions, nsLabel: string | undefined): NetlinkSocketLike {
  try {
    return factory(options);
  } catch (err) {
    if (nsLabel !== undefined && systemErrorFields(err).code === 'ENOENT') {
      throw new NamespaceNotFoundError(nsLabel, { cause: err });
    }
    throw new SocketError(`open netlink socket (protocol ${options.protocol})`, err);
  }
}

function setReceiveBuffer(socket: NetlinkSocketLike, bytes: number): void {
  try {
    socket.setOption(SOL.SOCKET, SO.RCVBUFFORCE, bytes);
  } catch {
    socket.setOption(SOL.SOCKET, SO.RCVBUF, bytes);
  }
}

/** Where a connection's events come from: a socket of their own, or the request socket (dispatcher mode). */
interface EventSource {
  /** The socket groups are joined on. */
  readonly socket: NetlinkSocketLike;
  /** The request socket: it cannot be paused for the event consumer. */
  readonly shared: boolean;
  /** Starts delivering events (and overruns) to `push`. */
  start(push: (ev: RawEvent) => void): void;
  /** Reads the socket while `true` (an event consumer waits), stops when `false`. */
  setReading(reading: boolean): void;
  /** Reads (and delivers) everything the kernel holds now. */
  drain(): void;
  /** Stops delivering; closes the socket when it is the source's own. */
  close(): void;
}

/** Events on a socket of their own, read only while a consumer waits (the kernel buffers the rest). */
function ownSocketSource(socket: NetlinkSocketLike, protocol: Protocol): EventSource {
  const engine = new Engine(socket.portId);
  let push: ((ev: RawEvent) => void) | undefined;
  engine.onUnsolicited = (message, info) => push?.({ kind: 'message', message, groups: info.groups });
  const pump = (): number => {
    try {
      return socket.receive((data, info) => {
        if (DEBUG) debugFrame('recv', protocol, data);
        try {
          engine.feed(data, info);
        } catch {
          // A malformed event datagram is skipped; the stream goes on.
        }
      }, RECEIVE_CAP);
    } catch (err) {
      if (systemErrorFields(err).code !== 'ENOBUFS') throw err;
      push?.({ kind: 'overrun', error: new OverrunError({ cause: err }) });
      return 1;
    }
  };
  let reading = false;
  return {
    socket,
    shared: false,
    start(deliver) {
      push = deliver;
    },
    setReading(on) {
      if (on === reading) return;
      reading = on;
      if (on) socket.resume(pump);
      else socket.pause();
    },
    drain() {
      while (pump() > 0);
    },
    close() {
      push = undefined;
      socket.close();
    },
  };
}

/**
 * The events of a connection: joined groups, a bounded queue, overrun items.
 * Backpressure: with a socket of its own, a full queue stops reading and the
 * kernel buffers (then drops, with `ENOBUFS`); on a shared socket a full
 * queue drops events itself and yields one overrun item for them.
 */
class EventChannel {
  readonly #source: EventSource;
  readonly #queue: RawEvent[] = [];
  #head = 0;
  #wake: (() => void) | undefined;
  #closed = false;
  #streams = 0;
  #reading = false;
  /** Events are being dropped (discarded, or lost to a full shared queue). */
  #dropping = false;
  /** An overrun item for dropped events is queued and not yet taken. */
  #lossQueued = false;

  constructor(source: EventSource) {
    this.#source = source;
    source.start((ev) => this.#push(ev));
  }

  join(group: number): void {
    this.#source.socket.setOption(SOL.NETLINK, NETLINK_OPT.ADD_MEMBERSHIP, group);
  }

  leave(group: number): void {
    this.#source.socket.setOption(SOL.NETLINK, NETLINK_OPT.DROP_MEMBERSHIP, group);
  }

  /** Reports lost events (the shared socket overflowed). */
  overrun(error: OverrunError): void {
    this.#push({ kind: 'overrun', error });
  }

  #push(ev: RawEvent): void {
    if (this.#dropping) return;
    const queued = this.#queue.length - this.#head;
    if (queued >= EVENT_QUEUE_HIGH_WATER) {
      if (!this.#source.shared) this.#setReading(false);
      else if (ev.kind === 'message') {
        if (!this.#lossQueued) {
          this.#lossQueued = true;
          this.#queue.push({ kind: 'overrun', error: new OverrunError() });
        }
        return;
      }
    }
    this.#queue.push(ev);
    const w = this.#wake;
    this.#wake = undefined;
    w?.();
  }

  #setReading(reading: boolean): void {
    if (this.#closed || reading === this.#reading) return;
    this.#reading = reading;
    this.#source.setReading(reading);
  }

  async *stream(): AsyncGenerator<RawEvent, void, undefined> {
    this.#streams++;
    try {
      for (;;) {
        if (this.#head < this.#queue.length) {
          const ev = this.#queue[this.#head] as RawEvent;
          this.#queue[this.#head++] = undefined as unknown as RawEvent;
          if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
            this.#queue.splice(0, this.#head);
            this.#head = 0;
          }
          if (ev.kind === 'overrun') this.#lossQueued = false;
          yield ev;
          continue;
        }
        if (this.#closed) return;
        this.#setReading(true);
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
      }
    } finally {
      if (--this.#streams === 0) this.#setReading(false);
    }
  }

  /** Drops every event read and not yet taken, then reads and drops what the kernel holds for us. */
  discard(): void {
    this.#queue.length = 0;
    this.#head = 0;
    this.#lossQueued = false;
    this.#dropping = true;
    try {
      this.#source.drain();
    } finally {
      this.#dropping = false;
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#setReading(false);
    this.#closed = true;
    this.#source.close();
    const w = this.#wake;
    this.#wake = undefined;
    w?.();
  }
}
