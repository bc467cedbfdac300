/**
 * Events of several network namespaces merged into one stream, each item
 * tagged with its namespace; namespaces can be added and removed while the
 * stream runs (a namespace watcher can drive it).
 *
 * @module
 */

import type { NetworkEvent } from '../route/events.js';
import type { Connection } from '../session/connection.js';
import type { Route } from '../session/protocol.js';
import '../route/events.js';

/** An event with the namespace it happened in. */
export interface TaggedEvent {
  readonly namespace: string;
  readonly event: NetworkEvent;
}

interface Member {
  readonly conn: Connection<Route>;
  readonly events: AsyncGenerator<NetworkEvent, void, undefined>;
  next: Promise<{ label: string; member: Member; result: IteratorResult<NetworkEvent> }> | undefined;
}

/** A merged, tagged event stream over any number of namespaces. */
export class MultiNamespaceEvents {
  readonly #members = new Map<string, Member>();
  #wake: (() => void) | undefined;
  #closed = false;

  /**
   * Adds a namespace under `label`, taking ownership of `conn` (subscribe it
   * first): its events join the stream; removing it closes the connection.
   */
  add(label: string, conn: Connection<Route>): void {
    if (this.#members.has(label)) throw new Error(`namespace ${label} is already merged`);
    this.#members.set(label, { conn, events: conn.intoEvents(), next: undefined });
    this.#wake?.();
  }

  /** Removes a namespace: its part of the stream ends cleanly and its connection closes. */
  remove(label: string): boolean {
    const m = this.#members.get(label);
    if (!m) return false;
    this.#members.delete(label);
    m.conn.close();
    this.#wake?.();
    return true;
  }

  /** Labels of the merged namespaces. */
  get namespaces(): string[] {
    return [...this.#members.keys()];
  }

  /** Ends the stream and closes every connection. */
  close(): void {
    this.#closed = true;
    for (const label of [...this.#members.keys()]) this.remove(label);
    this.#wake?.();
  }

  /** The merged stream. It ends when {@link close} is called. */
  async *[Symbol.asyncIterator](): AsyncGenerator<TaggedEvent, void, undefined> {
    try {
      while (!this.#closed) {
        const waits: Promise<unknown>[] = [];
        for (const [label, m] of this.#members) {
          m.next ??= m.events.next().then((result) => ({ label, member: m, result }));
          waits.push(m.next);
        }
        const woken = new Promise<undefined>((resolve) => {
          this.#wake = () => resolve(undefined);
        });
        const winner = (await Promise.race([...waits, woken])) as
          | { label: string; member: Member; result: IteratorResult<NetworkEvent> }
          | undefined;
        this.#wake = undefined;
        if (!winner) continue;
        winner.member.next = undefined;
        if (winner.result.done) {
          if (this.#members.get(winner.label) === winner.member) this.#members.delete(winner.label);
          continue;
        }
        if (this.#members.get(winner.label) !== winner.member) continue;
        yield { namespace: winner.label, event: winner.result.value };
      }
    } finally {
      this.close();
    }
  }
}
