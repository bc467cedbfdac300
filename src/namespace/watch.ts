/**
 * Watch named network namespaces come and go: `created`/`deleted` events
 * for the files under `/run/netns` (what `ip netns add/del` and
 * {@link create}/{@link remove} make), as an async iterable.
 *
 * ```ts
 * const watcher = watchNamespaces();
 * for await (const event of watcher) {
 *   console.log(`${event.type} ${event.name}`);
 *   if (event.type === 'deleted') break; // leaving the loop closes the watcher
 * }
 * ```
 *
 * @module
 */

import { type FSWatcher, readdirSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { NETNS_RUN_DIR } from '../core/netns-path.js';
import { AbortError, systemErrorFields } from '../errors.js';

/** A named namespace appeared or disappeared. */
export interface NamespaceEvent {
  readonly type: 'created' | 'deleted';
  /** The namespace's name (its file under the watched directory). */
  readonly name: string;
}

/** Options of {@link watchNamespaces}. */
export interface WatchNamespacesOptions {
  /** Also report the namespaces that exist when watching starts, as `created` events (default `false`). */
  readonly existing?: boolean;
  /** Stop (end the iteration) when this signal aborts. */
  readonly signal?: AbortSignal;
  /** The directory of named namespaces (default `/run/netns`). */
  readonly dir?: string;
}

function listNames(dir: string): Set<string> | undefined {
  try {
    return new Set(readdirSync(dir));
  } catch (err) {
    if (systemErrorFields(err).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Watches a directory of named namespaces. Each change of the directory
 * triggers a rescan, compared with the names seen so far, so events are
 * exact even when the file system coalesces notifications. When the
 * directory does not exist yet (no namespace was ever created), its parent
 * is watched until it appears.
 *
 * Iterating yields events until {@link close} (or the signal, or leaving a
 * `for await` loop) ends it. One consumer at a time.
 */
export class NamespaceWatcher implements AsyncIterable<NamespaceEvent>, AsyncDisposable {
  /** The watched directory. */
  readonly dir: string;
  #known = new Set<string>();
  #queue: NamespaceEvent[] = [];
  #wake: (() => void) | undefined;
  #dirWatcher: FSWatcher | undefined;
  #parentWatcher: FSWatcher | undefined;
  #error: unknown;
  #closed = false;
  #signal: AbortSignal | undefined;
  #onAbort = (): void => this.close();

  constructor(options: WatchNamespacesOptions = {}) {
    this.dir = options.dir ?? NETNS_RUN_DIR;
    this.#signal = options.signal;
    if (options.signal?.aborted) throw new AbortError('watch namespaces', options.signal.reason);
    const initial = listNames(this.dir);
    if (initial) {
      if (options.existing) this.#diff(initial);
      else this.#known = initial;
      this.#watchDir();
    } else {
      this.#watchParent();
    }
    options.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** Whether {@link close} ran. */
  get closed(): boolean {
    return this.#closed;
  }

  #watchDir(): void {
    const w = watch(this.dir, { persistent: true }, () => this.#rescan());
    w.on('error', (err) => this.#fail(err));
    this.#dirWatcher = w;
    // Whatever was created between the scan and the watch.
    this.#rescan();
  }

  #watchParent(): void {
    const parent = dirname(this.dir);
    const name = basename(this.dir);
    const w = watch(parent, { persistent: true }, (_event, file) => {
      if (file !== null && file !== name) return;
      if (listNames(this.dir) === undefined) return;
      w.close();
      this.#parentWatcher = undefined;
      if (!this.#closed) this.#watchDir();
    });
    w.on('error', (err) => this.#fail(err));
    this.#parentWatcher = w;
    // The directory may have appeared before the watch started.
    if (listNames(this.dir) !== undefined) {
      w.close();
      this.#parentWatcher = undefined;
      this.#watchDir();
    }
  }

  #rescan(): void {
    if (this.#closed) return;
    let names: Set<string> | undefined;
    try {
      names = listNames(this.dir);
    } catch (err) {
      this.#fail(err);
      return;
    }
    this.#diff(names ?? new Set());
    if (names === undefined && this.#dirWatcher) {
      // The directory itself went away: wait for it to come back.
      this.#dirWatcher.close();
      this.#dirWatcher = undefined;
      this.#watchParent();
    }
  }

  #diff(names: ReadonlySet<string>): void {
    for (const name of [...names].sort()) {
      if (!this.#known.has(name)) this.#push({ type: 'created', name });
    }
    for (const name of [...this.#known].sort()) {
      if (!names.has(name)) this.#push({ type: 'deleted', name });
    }
    this.#known = new Set(names);
  }

  #push(event: NamespaceEvent): void {
    this.#queue.push(event);
    this.#notify();
  }

  #fail(err: unknown): void {
    this.#error ??= err;
    this.close();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** Stops watching; a pending or later iteration ends once queued events are read. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#dirWatcher?.close();
    this.#parentWatcher?.close();
    this.#dirWatcher = undefined;
    this.#parentWatcher = undefined;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#notify();
  }

  /** Same as {@link close}. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  /**
   * The events, in order. Ends after {@link close}; throws when watching
   * failed (the directory's file system reported an error).
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<NamespaceEvent> {
    try {
      for (;;) {
        const next = this.#queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (this.#closed) break;
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
      }
      if (this.#error !== undefined) throw this.#error;
    } finally {
      this.close();
    }
  }
}

/** Starts watching named namespaces: see {@link NamespaceWatcher}. */
export function watchNamespaces(options: WatchNamespacesOptions = {}): NamespaceWatcher {
  return new NamespaceWatcher(options);
}
