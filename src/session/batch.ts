/**
 * Batches: many requests packed into few datagrams (the seed's
 * `conn.batch()`), one result or error per request, in order.
 *
 * ```ts
 * const results = await conn.batch().add(req1).add(req2, { operation: 'add route', object: '10.0.0.0/24' }).execute();
 * for (const r of results) if (!r.ok) console.error(r.error.message);
 * ```
 *
 * @module
 */

import type { NetlinkError, OperationContext } from '../errors.js';
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
}

/** The outcome of one request of a batch. */
export type BatchResult = { readonly ok: true } | { readonly ok: false; readonly error: NetlinkError };

/** Options of {@link Batch.execute}. */
export interface BatchOptions extends Omit<RequestOptions, 'context'> {
  /** Requests packed per datagram (default 256). */
  readonly maxPerDatagram?: number;
}

/** Collects requests, then sends them packed. */
export class Batch {
  readonly #conn: Connection<Protocol>;
  readonly #items: BatchItem[] = [];

  constructor(conn: Connection<Protocol>) {
    this.#conn = conn;
  }

  /** Adds a request. Returns `this` for chaining. */
  add<H extends StructFields, F extends Fields>(out: Outgoing<H, F>, context?: OperationContext): this {
    this.#items.push(context ? { out, context } : { out });
    return this;
  }

  /** Number of requests added. */
  get size(): number {
    return this.#items.length;
  }

  /** Sends every request; resolves with one result per request, in the order added. */
  execute(options: BatchOptions = {}): Promise<BatchResult[]> {
    return this.#conn.sendBatch(this.#items, options);
  }
}
