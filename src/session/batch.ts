/**
 * Batches: many requests packed into few datagrams (the seed's
 * `conn.batch()`), one result or error per request, in order.
 *
 * ```ts
 * const results = await conn.batch().add(req1).add(req2, { operation: 'add route', object: '10.0.0.0/24' }).execute();
 * for (const r of results) if (!r.ok) console.error(r.error.message);
 * ```
 *
 * Families add typed methods (`conn.batch().addRoute(config)`, ...) that
 * {@link Batch.push} requests still being built: a request whose building
 * fails (a bad config, an unknown interface) gets that error as its result
 * and is not sent; the others are. {@link Batch.defer} adds a request built
 * only when its datagram is encoded, so a large batch never holds every
 * request at once.
 *
 * @module
 */

import { NetlinkError, type OperationContext } from '../errors.js';
import type { Fields } from '../schema/attrs.js';
import type { StructFields } from '../schema/codec.js';
import type { Connection, Outgoing, RequestOptions } from './connection.js';
import type { Protocol } from './protocol.js';

/** One request of a batch. */
export interface BatchItem {
  // biome-ignore lint/suspicious/noExplicitAny: a batch mixes requests of any schema.
  readonly out: Outgoing<any, any>;
  /** Names the request in its error. */
  readonly context?: OperationContext;
  /** Frees what the request refers to (e.g. a namespace fd) once it has been answered. */
  readonly release?: () => void;
}

/** The outcome of one request of a batch. */
export type BatchResult = { readonly ok: true } | { readonly ok: false; readonly error: NetlinkError };

/** Options of {@link Batch.execute}. */
export interface BatchOptions extends Omit<RequestOptions, 'context'> {
  /** Requests packed per datagram (default 256). */
  readonly maxPerDatagram?: number;
  /**
   * Ask the kernel to acknowledge every request. By default only the last
   * request of each datagram asks (`NLM_F_ACK`): the kernel handles a
   * datagram's requests in order and reports any request's error whether
   * or not it asked, so when the last one is answered every earlier one
   * without an error has succeeded. That spares the kernel and nlink one
   * reply per request.
   */
  readonly ackEach?: boolean;
}

/** A request being built: its item, or why building it failed. */
type Settled = { readonly item: BatchItem } | { readonly error: NetlinkError } | { readonly fatal: unknown };

function settle(item: Promise<BatchItem>): Promise<Settled> {
  return item.then(
    (built) => ({ item: built }),
    (error: unknown) => (error instanceof NetlinkError ? { error } : { fatal: error }),
  );
}

/**
 * A request built when the batch is sent, from its argument (see
 * {@link Batch.defer}: each builder is only ever called with the argument
 * it was added with, so it is kept under this one type).
 */
type Deferred = (arg: unknown) => BatchItem;

/** Collects requests, then sends them packed. */
export class Batch<P extends Protocol = Protocol> {
  readonly #conn: Connection<P>;
  readonly #items: (BatchItem | Promise<Settled> | Deferred)[] = [];
  /** The arguments of the deferred items, in order. */
  readonly #args: unknown[] = [];
  /** The items still being built, in order (awaited before sending). */
  readonly #building: Promise<Settled>[] = [];
  /** The ready items that hold something to release. */
  readonly #held: BatchItem[] = [];

  constructor(conn: Connection<P>) {
    this.#conn = conn;
  }

  /** The connection the batch is sent on. */
  get connection(): Connection<P> {
    return this.#conn;
  }

  /** Adds a request. Returns `this` for chaining. */
  add<H extends StructFields, F extends Fields>(out: Outgoing<H, F>, context?: OperationContext): this {
    return this.push(context ? { out, context } : { out });
  }

  /**
   * Adds a request, or one still being built (its building starts now; a
   * {@link NetlinkError} it fails with becomes its result, any other error
   * rejects {@link execute} before anything is sent). Returns `this` for chaining.
   */
  push(item: BatchItem | Promise<BatchItem>): this {
    if (item instanceof Promise) {
      const building = settle(item);
      this.#building.push(building);
      this.#items.push(building);
    } else {
      if (item.release) this.#held.push(item);
      this.#items.push(item);
    }
    return this;
  }

  /**
   * Adds a request that `build` makes synchronously when the batch is sent,
   * just before its datagram is encoded, so that a large batch never holds
   * every request at once. A {@link NetlinkError} it throws becomes its
   * result (it is not sent); any other error rejects {@link execute}, by
   * which time the requests before it may have been sent. Returns `this`
   * for chaining.
   *
   * With `arg`, `build(arg)` makes it: one shared builder for many requests
   * holds no closure per request.
   */
  defer(build: () => BatchItem): this;
  defer<A>(build: (arg: A) => BatchItem, arg: A): this;
  defer(build: (arg: never) => BatchItem, arg?: unknown): this {
    this.#items.push(build as Deferred);
    this.#args.push(arg);
    return this;
  }

  /** Number of requests added. */
  get size(): number {
    return this.#items.length;
  }

  /** Sends every request; resolves with one result per request, in the order added. */
  async execute(options: BatchOptions = {}): Promise<BatchResult[]> {
    const items = this.#items;
    const built = await Promise.all(this.#building);
    const held: BatchItem[] = [...this.#held];
    let fatal: { readonly fatal: unknown } | undefined;
    for (const s of built) {
      if ('item' in s) {
        if (s.item.release) held.push(s.item);
      } else if ('fatal' in s) fatal ??= s;
    }
    try {
      if (fatal) throw fatal.fatal;
      return await this.#conn.sendBatch(new Requests(items, this.#args, built, held), options);
    } finally {
      for (const item of held) item.release?.();
    }
  }
}

/**
 * The requests of a batch in order, each built as it is reached: a request
 * that could not be built is its result; deferred items that hold
 * something to release are added to `held`. One result object serves every
 * step (its reader, `sendBatch`, takes each value at once): a batch of a
 * million requests allocates no iterator results.
 */
class Requests implements Iterator<BatchItem | BatchResult>, Iterable<BatchItem | BatchResult> {
  readonly #items: readonly (BatchItem | Promise<Settled> | Deferred)[];
  readonly #args: readonly unknown[];
  readonly #built: readonly Settled[];
  readonly #held: BatchItem[];
  readonly #step: { done: false; value: BatchItem | BatchResult } = { done: false, value: { ok: true } };
  #index = 0;
  #nextBuilt = 0;
  #nextArg = 0;

  constructor(
    items: readonly (BatchItem | Promise<Settled> | Deferred)[],
    args: readonly unknown[],
    built: readonly Settled[],
    held: BatchItem[],
  ) {
    this.#items = items;
    this.#args = args;
    this.#built = built;
    this.#held = held;
  }

  next(): IteratorResult<BatchItem | BatchResult> {
    if (this.#index >= this.#items.length) return { done: true, value: undefined };
    this.#step.value = this.#build(this.#items[this.#index++] as BatchItem | Promise<Settled> | Deferred);
    return this.#step;
  }

  #build(entry: BatchItem | Promise<Settled> | Deferred): BatchItem | BatchResult {
    if (entry instanceof Promise) {
      const s = this.#built[this.#nextBuilt++] as Settled;
      return 'item' in s ? s.item : { ok: false, error: (s as { readonly error: NetlinkError }).error };
    }
    if (typeof entry !== 'function') return entry;
    let item: BatchItem;
    try {
      item = entry(this.#args[this.#nextArg++]);
    } catch (error) {
      if (!(error instanceof NetlinkError)) throw error;
      return { ok: false, error };
    }
    if (item.release) this.#held.push(item);
    return item;
  }

  [Symbol.iterator](): this {
    return this;
  }
}

/**
 * Sends one request of the kind a batch holds, on its own, and waits for its
 * acknowledgement; `options.context`, when given, names it instead of
 * `item.context`. Releases what the item holds either way.
 */
export async function sendItem<P extends Protocol>(
  conn: Connection<P>,
  item: BatchItem,
  options: RequestOptions = {},
): Promise<void> {
  try {
    await conn.ack(item.out, options.context || !item.context ? options : { ...options, context: item.context });
  } finally {
    item.release?.();
  }
}
