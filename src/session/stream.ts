/**
 * A hand-written async iterator over batches: while a batch lasts, `next()`
 * returns an already-resolved promise without resuming any generator, which
 * makes `for await` over a large dump several times cheaper per item.
 *
 * @module
 */

/**
 * A streamed dump (the seed's `DumpStream`): an async iterator of items that
 * reads the next datagram only when the consumer wants more, and leaving the
 * loop early drains the rest in the background. {@link pages} walks the same
 * items a page at a time, for the largest dumps.
 */
export interface DumpStream<T> extends AsyncGenerator<T, void, undefined> {
  /**
   * The items not yet consumed, a page at a time: the items of one read (a
   * datagram or a few), in order, in a fresh array. One `await` per page
   * instead of one per item: the fastest way through a large dump, with the
   * same bounded memory. Leaving the loop early ends the stream as
   * `return()` does.
   *
   * ```ts
   * for await (const page of conn.streamRoutes({ table: 'main' }).pages()) {
   *   for (const route of page) console.log(route.dst);
   * }
   * ```
   */
  pages(): AsyncGenerator<T[], void, undefined>;
}

/** Flattens an async iterator of arrays (pages of items). */
export class BatchedStream<T> implements DumpStream<T> {
  readonly #batches: AsyncGenerator<T[], void, undefined>;
  readonly #endOn: ((err: unknown) => boolean) | undefined;
  #batch: T[] = [];
  #index = 0;
  #done = false;

  /**
   * @param batches Fresh arrays, handed on as pages by {@link pages}.
   * @param endOn Errors of the batches for which the stream just ends (an
   *   absent table reported as an error, say) instead of throwing.
   */
  constructor(batches: AsyncGenerator<T[], void, undefined>, endOn?: (err: unknown) => boolean) {
    this.#batches = batches;
    this.#endOn = endOn;
  }

  /** The next item; synchronous while the current batch lasts. */
  next(): Promise<IteratorResult<T, void>> {
    if (this.#index < this.#batch.length) {
      return Promise.resolve({ value: this.#batch[this.#index++] as T, done: false });
    }
    return this.#refill();
  }

  async #refill(): Promise<IteratorResult<T, void>> {
    while (await this.#nextBatch()) {
      if (this.#index < this.#batch.length) return { value: this.#batch[this.#index++] as T, done: false };
    }
    return { value: undefined, done: true };
  }

  /** Moves to the next batch; false once the stream ended. */
  async #nextBatch(): Promise<boolean> {
    if (this.#done) return false;
    let r: IteratorResult<T[], void>;
    try {
      r = await this.#batches.next();
    } catch (err) {
      if (!this.#endOn?.(err)) throw err;
      r = { value: undefined, done: true };
    }
    if (r.done) {
      this.#done = true;
      this.#batch = [];
      return false;
    }
    this.#batch = r.value;
    this.#index = 0;
    return true;
  }

  async *pages(): AsyncGenerator<T[], void, undefined> {
    try {
      do {
        const batch = this.#batch;
        const from = this.#index;
        // A whole batch is handed on as it is: it is fresh, and the stream lets go of it.
        this.#batch = [];
        this.#index = 0;
        if (from < batch.length) yield from === 0 ? batch : batch.slice(from);
      } while (await this.#nextBatch());
    } finally {
      if (!this.#done) await this.return();
    }
  }

  /** Stops early: the underlying dump drains in the background. */
  async return(): Promise<IteratorResult<T, void>> {
    this.#done = true;
    this.#batch = [];
    await this.#batches.return(undefined);
    return { value: undefined, done: true };
  }

  /** Ends the stream with an error thrown into the underlying dump. */
  async throw(err: unknown): Promise<IteratorResult<T, void>> {
    this.#done = true;
    this.#batch = [];
    await this.#batches.return(undefined);
    throw err;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}

/**
 * An async iterator whose source is opened on the first `next()` (after
 * async preparation such as resolving names), then used directly: no extra
 * async step per item.
 */
export class DeferredStream<T> implements DumpStream<T> {
  readonly #open: () => Promise<DumpStream<T>>;
  #inner: DumpStream<T> | undefined;
  #opening: Promise<DumpStream<T>> | undefined;
  #returned = false;

  constructor(open: () => Promise<DumpStream<T>>) {
    this.#open = open;
  }

  /** The source, opened on first use. */
  async #opened(): Promise<DumpStream<T>> {
    this.#opening ??= this.#open();
    this.#inner ??= await this.#opening;
    return this.#inner;
  }

  async *pages(): AsyncGenerator<T[], void, undefined> {
    if (this.#returned) return;
    yield* (await this.#opened()).pages();
  }

  next(): Promise<IteratorResult<T, void>> {
    if (this.#inner) return this.#inner.next();
    if (this.#returned) return Promise.resolve({ value: undefined, done: true });
    return this.#opened().then((inner) => inner.next());
  }

  async return(): Promise<IteratorResult<T, void>> {
    this.#returned = true;
    const inner = this.#inner ?? (this.#opening ? await this.#opening : undefined);
    await inner?.return(undefined);
    return { value: undefined, done: true };
  }

  async throw(err: unknown): Promise<IteratorResult<T, void>> {
    await this.return();
    throw err;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}
