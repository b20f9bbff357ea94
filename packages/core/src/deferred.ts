import { InvalidArgumentError, TimeoutError } from "./errors";

/**
 * The longest delay setTimeout/setInterval honour (2^31-1 ms): anything longer, Infinity included, fires
 * after 1 ms. User options that arm a timer refuse more than this with an InvalidArgumentError, so an
 * "endless" timeout is not an instant one (or a timer that re-arms every millisecond).
 */
export const MAX_TIMER_DELAY = 2 ** 31 - 1;

/**
 * The error for a delay option (`timeout`) longer than {@link MAX_TIMER_DELAY}, which setTimeout would fire
 * after 1 ms (a request or subscription would time out at once), or undefined when `ms` is within it.
 */
export function timerDelayError(ms: number): InvalidArgumentError | undefined {
  return ms > MAX_TIMER_DELAY ? InvalidArgumentError.format("timeout", `must be at most ${MAX_TIMER_DELAY}`) : undefined;
}

/** A promise with its `resolve` and `reject` exposed. */
export interface Deferred<T> extends Promise<T> {
  resolve: (value?: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

/** Creates a {@link Deferred}. */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value?: T | PromiseLike<T>) => void;
  let reject!: (reason?: unknown) => void;
  const p = new Promise<T>((res, rej) => {
    resolve = res as (value?: T | PromiseLike<T>) => void;
    reject = rej;
  }) as Deferred<T>;
  p.resolve = resolve;
  p.reject = reject;
  return p;
}

/** A promise that resolves after `ms`, with `cancel()` to resolve it early and clear the timer. */
export interface Delay extends Promise<void> {
  cancel: () => void;
}

/** Resolves after `ms` milliseconds (default 0). */
export function delay(ms = 0): Delay {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done!: () => void;
  const p = new Promise<void>((resolve) => {
    done = resolve;
    timer = setTimeout(resolve, ms);
  }) as Delay;
  p.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    done();
  };
  return p;
}

/** A promise that rejects with {@link TimeoutError} after `ms`, with `cancel()` to clear the timer. */
export interface Timeout<T> extends Promise<T> {
  cancel: () => void;
}

/**
 * Rejects with a {@link TimeoutError} after `ms`. Unlike nats.js, no Error (and no stack trace) is created
 * unless the timer actually fires; `asyncTraces` is accepted for compatibility and ignored.
 */
export function timeout<T>(ms: number, _asyncTraces = true): Timeout<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const p = new Promise<T>((_, reject) => {
    timer = setTimeout(() => {
      timer = undefined;
      reject(new TimeoutError());
    }, ms);
  }) as Timeout<T>;
  p.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  // The caller may cancel and drop it; never report that as an unhandled rejection.
  p.catch(() => {});
  return p;
}

/** Resolves or rejects as `p` does, or rejects with {@link TimeoutError} after `millis` (default 1000). */
export function deadline<T>(p: Promise<T>, millis = 1000): Promise<T> {
  const t = timeout<T>(millis);
  return Promise.race([p, t]).finally(() => t.cancel());
}

/** A policy of delays by attempt number. */
export interface Backoff {
  backoff(attempt: number): number;
}

const DEFAULT_BACKOFF = [0, 250, 250, 500, 500, 3000, 5000];

/**
 * A backoff policy: attempt n waits `policy[n]` ms (the last entry for later attempts), with up to 50% random
 * jitter in each direction, as nats.js does. Default policy: 0, 250, 250, 500, 500, 3000, 5000, also used,
 * as nats.js does, when `policy` is not an array. An empty array waits 0 (nats.js's gives NaN).
 */
export function backoff(policy: number[] = DEFAULT_BACKOFF): Backoff {
  if (!Array.isArray(policy)) policy = DEFAULT_BACKOFF;
  if (policy.length === 0) policy = [0];
  for (const n of policy) {
    if (typeof n !== "number" || !Number.isFinite(n) || n < 0) {
      throw InvalidArgumentError.format("policy", "must be an array of non-negative numbers");
    }
  }
  return {
    backoff(attempt: number): number {
      const i = Math.max(0, Math.min(Math.floor(attempt), policy.length - 1));
      const n = policy[i]!;
      return jitter(n);
    },
  };
}

/** `n` moved by up to 50% in either direction, at random. */
export function jitter(n: number): number {
  if (n === 0) return 0;
  return Math.floor(n / 2 + Math.random() * n);
}

/** Nanoseconds, as the server's JSON APIs use them. */
export type Nanos = number;

/** Milliseconds to nanoseconds. */
export function nanos(millis: number): Nanos {
  return millis * 1_000_000;
}

/** Nanoseconds to milliseconds (floored). */
export function millis(ns: Nanos): number {
  return Math.floor(ns / 1_000_000);
}
