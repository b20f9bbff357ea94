/** An iterator driven by explicit `next()` calls, yielding null at the end. */
export type SyncIterator<T> = {
  next(): Promise<T | null>;
};

/**
 * Wraps an async iterable so it can be pulled with `next()`, which resolves to null once the source ends.
 * Do not use it on an iterable that a `for await` loop already consumes.
 */
export function syncIterator<T>(src: AsyncIterable<T>): SyncIterator<T> {
  const it = src[Symbol.asyncIterator]();
  return {
    async next(): Promise<T | null> {
      const r = await it.next();
      return r.done ? null : r.value;
    },
  };
}
