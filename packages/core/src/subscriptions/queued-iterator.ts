import { InvalidOperationError } from "../errors";
import { deferred, type Deferred } from "../deferred";

/** An async iterable fed by the client, as nats.js's `QueuedIterator`. */
export interface QueuedIterator<T> {
  [Symbol.asyncIterator](): AsyncIterator<T>;
  /** Ends the iteration after what is queued (with `err`, the iteration then throws it). */
  stop(err?: Error): void;
  /** Items handed to the consumer (counted as it receives each one, as nats.js). */
  getProcessed(): number;
  /** Items queued and not yet handed to the consumer. */
  getPending(): number;
  /** Items pushed in all. */
  getReceived(): number;
}

interface Waiter<T> {
  resolve: (r: IteratorResult<T>) => void;
  reject: (e: unknown) => void;
}

/**
 * An empty queue array that already holds objects as far as the engine is concerned: a fresh `[]` is an array
 * of small integers until the first object is pushed, so every queue that is asked for its length before its
 * first item (a new fetch's iterator is) would show the engine a second kind of array and throw away the code
 * optimised for the first (V8: "wrong map" deopts of getPending and next once per process).
 */
function emptyItems<T>(): (T | undefined)[] {
  const a: (T | undefined)[] = [undefined];
  a.length = 0;
  return a;
}

// The first value of every queue's `#items`, overwritten by its constructor.
const NO_ITEMS: undefined[] = emptyItems<never>();

/**
 * A single-consumer async queue. The queue itself is not bounded: its owner decides what to push (a
 * subscription checks its pending limits and drops past them; a status stream drops its oldest events), so
 * unlike nats.js no producer can grow it without limit.
 */
export class QueuedIteratorImpl<T> implements QueuedIterator<T>, AsyncIterator<T> {
  // Replaced in the constructor (see there): the placeholder is shared and never pushed to.
  #items: (T | undefined)[] = NO_ITEMS;
  #head = 0;
  #waiter: Waiter<T> | undefined;
  #iterating = false;
  /** True once stopped; queued items are still handed out. */
  done = false;
  /** Set when stopped with an error. */
  err: Error | undefined;
  processed = 0;
  received = 0;
  /** Resolves when the consumer has seen the end (or when stopped with nothing left). */
  readonly iterClosed: Deferred<void | Error> = deferred<void | Error>();
  /** Called when the consumer leaves the loop early (`break`, `return`, a throw in the loop body). */
  onBreak: (() => void) | undefined = undefined;

  constructor() {
    // `done` changes once per iterator, at its end, and `#items` only when the queue is compacted or
    // returned; the first time either happens in a process is usually long after the delivery path was
    // optimised. V8 treats a field that was never overwritten as a constant the optimised code may rely on,
    // and that first change then throws away everything depending on it (trace-generalization: done const ->
    // mutable in return(), then push, deliver, next, onMsg and the parser's run marked for deoptimization).
    // Overwriting both once here makes them ordinary fields from the first instance on.
    this.done = true;
    this.done = false;
    this.#items = emptyItems<T>();
  }

  /** Called with each item as it is handed to the consumer (owners use it to track queued bytes). */
  protected taken(_v: T): void {}

  /**
   * Called in the very call that hands the consumer the end of the iteration (or stops it with nothing
   * left), just before `iterClosed` resolves: what an owner writes here is scheduled ahead of the code
   * after the consumer's loop. May be called more than once; overrides must be idempotent.
   */
  protected endSeen(): void {}

  #closeIteration(): void {
    this.endSeen();
    this.iterClosed.resolve(this.err);
  }

  /** True once a consumer started iterating. */
  get isIterating(): boolean {
    return this.#iterating;
  }

  /** Queues an item, or hands it straight to a waiting consumer. Ignored once stopped. */
  push(v: T): void {
    if (this.done) return;
    this.received++;
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      this.processed++;
      this.taken(v);
      w.resolve({ value: v, done: false });
      return;
    }
    this.#items.push(v);
  }

  /** Removes and returns the oldest queued item (for owners that drop the oldest when full). */
  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const v = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    this.#compact();
    return v;
  }

  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }

  stop(err?: Error): void {
    if (this.done) return;
    this.done = true;
    if (err) this.err = err;
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      this.#finish(w);
    } else if (this.#head >= this.#items.length && !this.#iterating) {
      this.#closeIteration();
    }
  }

  #finish(w: Waiter<T>): void {
    this.#closeIteration();
    if (this.err) w.reject(this.err);
    else w.resolve({ value: undefined, done: true });
  }

  getProcessed(): number {
    return this.processed;
  }
  getPending(): number {
    return this.#items.length - this.#head;
  }
  getReceived(): number {
    return this.received;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    // One consumer only. nats.js's text; like its generator, the second iterator fails on its first next().
    if (this.#iterating) return failedIterator(new InvalidOperationError("iterator is already yielding"));
    this.#iterating = true;
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#head < this.#items.length) {
      const v = this.#items[this.#head] as T;
      this.#items[this.#head++] = undefined;
      this.#compact();
      this.processed++;
      this.taken(v);
      return Promise.resolve({ value: v, done: false });
    }
    if (this.done) {
      this.#closeIteration();
      return this.err ? Promise.reject(this.err) : Promise.resolve({ value: undefined, done: true });
    }
    return new Promise<IteratorResult<T>>((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    const early = !this.done;
    this.done = true;
    this.#items = emptyItems<T>();
    this.#head = 0;
    this.#closeIteration();
    if (early && this.onBreak) this.onBreak();
    return Promise.resolve({ value: undefined, done: true });
  }
}

/** An iterator whose first `next()` rejects with `err` (an iteration that may not start). */
export function failedIterator<T>(err: Error): AsyncIterator<T> & AsyncIterable<T> {
  let failed = false;
  const it: AsyncIterator<T> & AsyncIterable<T> = {
    next(): Promise<IteratorResult<T>> {
      if (failed) return Promise.resolve({ value: undefined, done: true });
      failed = true;
      return Promise.reject(err);
    },
    return(): Promise<IteratorResult<T>> {
      failed = true;
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]: () => it,
  };
  return it;
}
