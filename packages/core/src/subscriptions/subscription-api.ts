// `Symbol.asyncDispose` (`await using`): the lib that declares it, so the declarations name it for programs whose
// `lib` lacks it and that have no @types/node (a browser build), instead of failing to compile there.
/// <reference lib="esnext.disposable" preserve="true" />
import type { Msg } from "../messages/msg";

/**
 * A subscription's message handler: `err` is set (and `msg` empty) when the subscription fails. It may be
 * async: a returned promise is awaited for `maxInFlight`, and its rejection reported on `status()`. (Typed
 * as returning `void` so that any function, sync or async, fits.)
 */
export type MsgCallback<T> = (err: Error | null, msg: T) => void;

/** Options of `subscribe()`, as nats.js's `SubOpts`, plus pending limits and an async concurrency cap. */
export interface SubOpts<T> {
  /** Queue group: subscriptions of a group share the messages. */
  queue?: string;
  /** Unsubscribe automatically after this many messages. */
  max?: number;
  /** Fail the subscription with a TimeoutError if no message arrives within this many ms. */
  timeout?: number;
  /** Handle messages with this function instead of iterating. */
  callback?: MsgCallback<T>;
  /**
   * nats.js's experimental slow-consumer threshold, for iterators: a `slowConsumer` status is raised when
   * more than this many messages wait, once until the queue comes back down. It never drops anything (see
   * `pendingMsgsLimit`). Ignored with a callback, as in nats.js.
   */
  slow?: number;
  /**
   * Most messages queued for this subscription before new ones are dropped and counted as a slow consumer
   * (a `slowConsumer` status is raised). Default 65,536, as the Go client; -1 for no limit.
   */
  pendingMsgsLimit?: number;
  /** Most payload bytes queued before new messages are dropped. Default 64 MiB; -1 for no limit. */
  pendingBytesLimit?: number;
  /**
   * For a callback that returns a promise: how many may run at once. Messages beyond wait in the
   * subscription's queue (within the pending limits) until one settles. Default: unlimited (nats.js's
   * behaviour: every message is handed over at once).
   */
  maxInFlight?: number;
}

/** Options of `subscribe()` for plain messages. */
export type SubscriptionOptions = SubOpts<Msg>;

/** A subscription, as nats.js's `Subscription`; also an async iterator of its messages. */
export interface Subscription extends AsyncIterable<Msg> {
  /** Resolves when the subscription ends: to an Error when it failed (e.g. a permissions violation). */
  closed: Promise<void | Error>;
  /** Stops now, or after `max` messages in all. */
  unsubscribe(max?: number): void;
  /** Stops receiving, lets the queued messages be processed, then resolves. */
  drain(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
  isDraining(): boolean;
  isClosed(): boolean;
  /** @ignore */
  callback: MsgCallback<Msg>;
  getSubject(): string;
  /** Messages received (including dropped ones). */
  getReceived(): number;
  /** Messages handed to the consumer and done with. */
  getProcessed(): number;
  /** Messages queued, not yet handed to the consumer. */
  getPending(): number;
  /** @ignore */
  getID(): number;
  getMax(): number | undefined;
  /** Messages dropped because the pending limits were reached. */
  getDropped(): number;
}
