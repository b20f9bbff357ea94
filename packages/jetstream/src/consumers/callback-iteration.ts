/**
 * What a `for await` over a `consume({ callback })` gets: the messages go to the callback, so there is nothing
 * to iterate. nats.js fails the loop at once with this text; without it the loop would wait for messages that
 * never come its way.
 */
import { InvalidOperationError } from "@nats-stack/core";

/** An iterator whose first `next()` rejects with `iterator cannot be used when a callback is registered`. */
export function callbackIteration<T>(): AsyncIterator<T> {
  let failed = false;
  return {
    next(): Promise<IteratorResult<T>> {
      if (failed) return Promise.resolve({ value: undefined, done: true });
      failed = true;
      return Promise.reject(new InvalidOperationError("iterator cannot be used when a callback is registered"));
    },
    return(): Promise<IteratorResult<T>> {
      failed = true;
      return Promise.resolve({ value: undefined, done: true });
    },
  };
}
