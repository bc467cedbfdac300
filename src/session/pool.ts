/**
 * A bounded pool of connections (the seed's `ConnectionPool`): several
 * sockets for kernel-parallel work such as concurrent dumps, which the kernel
 * serializes per socket.
 *
 * ```ts
 * const pool = new ConnectionPool(Route, { size: 4 });
 * const links = await pool.use((conn) => conn.getLinks());
 * pool.close();
 * ```
 *
 * @module
 */

import { ClosedError, InvalidArgumentError, TimeoutError } from '../errors.js';
import { Connection, type ConnectionOptions } from './connection.js';
import type { Protocol } from './protocol.js';

/** Options of a {@link ConnectionPool}. */
export interface ConnectionPoolOptions extends ConnectionOptions {
  /** Most connections open at once (default 4). */
  readonly size?: number;
  /** How long {@link ConnectionPool.acquire} waits for a free connection, in ms (default 30 000; 0: forever). */
  readonly acquireTimeoutMs?: number;
}

/** A connection leased from a pool; give it back with {@link release} (or `using`). */
export class PooledConnection<P extends Protocol> {
  readonly #pool: ConnectionPool<P>;
  readonly #conn: Connection<P>;
  #done = false;

  constructor(pool: ConnectionPool<P>, conn: Connection<P>) {
    this.#pool = pool;
    this.#conn = conn;
  }

  /** The leased connection. */
  get connection(): Connection<P> {
    if (this.#done) throw new ClosedError('pooled connection (already released)');
    return this.#conn;
  }

  /** Returns the connection to the pool. */
  release(): void {
    if (this.#done) return;
    this.#done = true;
    this.#pool.giveBack(this.#conn, false);
  }

  /** Closes the connection instead of returning it (after an error that may have left it in a bad state). */
  invalidate(): void {
    if (this.#done) return;
    this.#done = true;
    this.#pool.giveBack(this.#conn, true);
  }

  /** `using lease = await pool.acquire()` releases it at the end of the scope. */
  [Symbol.dispose](): void {
    this.release();
  }
}

interface Waiter<P extends Protocol> {
  resolve(conn: Connection<P>): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout | undefined;
}

/** A bounded, per-namespace pool of connections of one protocol. */
export class ConnectionPool<P extends Protocol> {
  readonly protocol: P;
  /** Most connections open at once. */
  readonly size: number;
  readonly #options: ConnectionOptions;
  readonly #acquireTimeoutMs: number;
  readonly #idle: Connection<P>[] = [];
  readonly #waiters: Waiter<P>[] = [];
  #open = 0;
  #closed = false;

  constructor(protocol: P, options: ConnectionPoolOptions = {}) {
    const { size = 4, acquireTimeoutMs = 30_000, ...connOptions } = options;
    if (!Number.isInteger(size) || size < 1)
      throw new InvalidArgumentError('pool size', `${size} is not a positive integer`);
    this.protocol = protocol;
    this.size = size;
    this.#acquireTimeoutMs = acquireTimeoutMs;
    this.#options = connOptions;
  }

  /** Connections open now (idle and leased). */
  get openCount(): number {
    return this.#open;
  }

  /** Connections waiting in the pool. */
  get idleCount(): number {
    return this.#idle.length;
  }

  /**
   * Leases a connection: an idle one, a new one while under {@link size},
   * or the next one given back.
   * @throws {TimeoutError} after `acquireTimeoutMs`.
   * @throws {ClosedError} once the pool is closed.
   */
  async acquire(): Promise<PooledConnection<P>> {
    if (this.#closed) throw new ClosedError('connection pool');
    const idle = this.#idle.pop();
    if (idle) return new PooledConnection(this, idle);
    if (this.#open < this.size) {
      const conn = new Connection(this.protocol, this.#options);
      this.#open++;
      return new PooledConnection(this, conn);
    }
    const conn = await new Promise<Connection<P>>((resolve, reject) => {
      const waiter: Waiter<P> = { resolve, reject, timer: undefined };
      if (this.#acquireTimeoutMs > 0) {
        waiter.timer = setTimeout(() => {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          reject(new TimeoutError('acquire pooled connection', this.#acquireTimeoutMs));
        }, this.#acquireTimeoutMs);
      }
      this.#waiters.push(waiter);
    });
    return new PooledConnection(this, conn);
  }

  /** Runs `fn` with a leased connection; invalidates it if `fn` throws, else releases it. */
  async use<T>(fn: (conn: Connection<P>) => Promise<T> | T): Promise<T> {
    const lease = await this.acquire();
    try {
      const result = await fn(lease.connection);
      lease.release();
      return result;
    } catch (err) {
      lease.invalidate();
      throw err;
    }
  }

  /** @internal Called by {@link PooledConnection}. */
  giveBack(conn: Connection<P>, invalid: boolean): void {
    if (invalid || this.#closed || conn.closed) {
      conn.close();
      this.#open--;
      const waiter = this.#waiters.shift();
      if (waiter && !this.#closed) {
        clearTimeout(waiter.timer);
        try {
          const fresh = new Connection(this.protocol, this.#options);
          this.#open++;
          waiter.resolve(fresh);
        } catch (err) {
          waiter.reject(err as Error);
        }
      }
      return;
    }
    const waiter = this.#waiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(conn);
    } else {
      this.#idle.push(conn);
    }
  }

  /** Closes idle connections now and leased ones when given back; pending acquires fail. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const c of this.#idle.splice(0)) {
      c.close();
      this.#open--;
    }
    for (const w of this.#waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(new ClosedError('connection pool'));
    }
  }
}
