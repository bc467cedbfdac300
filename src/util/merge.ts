/**
 * Merging several async streams into one, each item tagged with the key of
 * the stream it came from (the seed's `StreamMap` pattern).
 *
 * @module
 */

/**
 * Yields `[key, item]` from every stream as items arrive. Ends when every
 * stream has ended; a stream that throws ends the merge with that error.
 * Leaving the loop early asks every stream to end (`return()`); a stream
 * waiting for its next item ends when that wait does (close its connection).
 */
export async function* mergeStreams<T>(
  streams: Readonly<Record<string, AsyncIterable<T>>> | ReadonlyMap<string, AsyncIterable<T>>,
): AsyncGenerator<[string, T], void, undefined> {
  const entries = streams instanceof Map ? [...streams.entries()] : Object.entries(streams);
  const iterators = new Map(entries.map(([k, s]) => [k, s[Symbol.asyncIterator]()] as const));
  type Step = { key: string; result: IteratorResult<T> };
  const inflight = new Map<string, Promise<Step>>();
  const pull = (key: string, it: AsyncIterator<T>) => {
    inflight.set(
      key,
      it.next().then((result) => ({ key, result })),
    );
  };
  for (const [k, it] of iterators) pull(k, it);
  try {
    while (inflight.size > 0) {
      const { key, result } = await Promise.race(inflight.values());
      inflight.delete(key);
      if (result.done) {
        iterators.delete(key);
        continue;
      }
      const it = iterators.get(key);
      if (it) pull(key, it);
      yield [key, result.value];
    }
  } finally {
    // Not awaited: a stream with a pull in flight finishes its return() only once
    // that pull settles (for event streams, when their connection closes).
    for (const it of iterators.values()) it.return?.().catch(() => {});
  }
}
