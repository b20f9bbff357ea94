/**
 * A `QueuedIterator` over an ordered consumer's `consume()`: each message is turned into a value (a key-value
 * entry, a key, an object's info) or skipped, and the reader can be ended after the message that says it is
 * the last one. The key-value and object stores build `watch()`, `keys()`, `history()` and `list()` on it.
 *
 * Nothing is queued here: the consumer's own iterator holds what arrived, and it only asks the server for
 * more as the reader takes messages, so a reader that falls behind holds at most one pull batch.
 */
import { InvalidOperationError, type QueuedIterator } from "@nats-stack/core";
import type { JsMsg } from "../jsmsg/jsmsg";
import type { ConsumerMessages } from "./consumer-api";
import type { PullConsumerImpl } from "./pull-consumer";
import { PullConsumerMessagesImpl } from "./pull-messages";

/** What a mapping does with one message. */
export interface MappedControl {
  /** Ends the iteration after the value returned for the current message. */
  endAfterThis(): void;
  /** Calls `fn` once the reader took the value returned for the current message (when it asks for the next). */
  afterThis(fn: () => void): void;
}

/** Turns a message into a value, or undefined to skip it. */
export type MessageMapper<T> = (m: JsMsg, ctl: MappedControl) => T | undefined;

/** The values of an ordered consumer's messages, as a `QueuedIterator`. */
export class MappedMessages<T> implements QueuedIterator<T>, AsyncIterator<T>, MappedControl {
  /** The consumer (nats.js's watchers keep theirs in `_data`). */
  readonly _data: PullConsumerImpl;
  private readonly it: AsyncIterator<JsMsg>;
  // The consumer's own queue, read synchronously while it holds messages (no Promise per message).
  private readonly queued: PullConsumerMessagesImpl | undefined;
  private ending = false;
  private finished = false;
  private iterating = false;
  private processed = 0;
  private after: (() => void) | undefined;

  constructor(
    consumer: PullConsumerImpl,
    private readonly inner: ConsumerMessages,
    private readonly map: MessageMapper<T>,
  ) {
    this._data = consumer;
    this.it = inner[Symbol.asyncIterator]();
    this.queued = inner instanceof PullConsumerMessagesImpl ? inner : undefined;
    // The consumer was made for this reader alone: once the reader is done with it, the server may drop it.
    void inner.closed().then(
      () => this.dropConsumer(),
      () => this.dropConsumer(),
    );
  }

  /**
   * Ends once the server has nothing more to send (an idle heartbeat), for readers of what is stored
   * (`keys()`, `history()`, `list()`) when the count they were given turned out to be stale.
   */
  endWhenIdle(): this {
    void (async () => {
      for await (const s of this.inner.status()) {
        if (s.type === "heartbeat") {
          this.inner.stop();
          return;
        }
      }
    })();
    return this;
  }

  endAfterThis(): void {
    this.ending = true;
  }

  afterThis(fn: () => void): void {
    this.after = fn;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    // One reader only: as core's iterators, a second one fails on its first next(), with nats.js's text.
    if (this.iterating) {
      const err = new InvalidOperationError("iterator is already yielding");
      let failed = false;
      return {
        next: () => (failed ? Promise.resolve({ value: undefined, done: true }) : ((failed = true), Promise.reject(err))),
        return: () => Promise.resolve({ value: undefined, done: true }),
      };
    }
    this.iterating = true;
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    const after = this.after;
    if (after) {
      this.after = undefined;
      after();
    }
    // Messages already queued are mapped and handed out at once; only an empty queue is waited on.
    const q = this.queued;
    if (q !== undefined) {
      for (;;) {
        if (this.ending || this.finished) return Promise.resolve(this.finish());
        const m = q.takeQueued();
        if (m === undefined) break;
        const r = this.mapOne(m);
        if (r !== undefined) return r;
      }
    }
    return this.nextWaiting();
  }

  // The value of `m` as a result, or undefined when `m` is skipped; a mapping that throws ends the iteration.
  private mapOne(m: JsMsg): Promise<IteratorResult<T>> | undefined {
    let v: T | undefined;
    try {
      v = this.map(m, this);
    } catch (err) {
      // A message that cannot be read ends the iteration with the error.
      this.inner.stop();
      return Promise.reject(err);
    }
    if (v !== undefined) {
      this.processed++;
      return Promise.resolve({ value: v, done: false });
    }
    // Skipped: nothing is handed out, so what waited for it happens now.
    const f = this.after;
    if (f) {
      this.after = undefined;
      f();
    }
    return undefined;
  }

  private async nextWaiting(): Promise<IteratorResult<T>> {
    for (;;) {
      if (this.ending || this.finished) return this.finish();
      const r = await this.it.next();
      if (r.done) return this.finish();
      const v = this.mapOne(r.value);
      if (v !== undefined) return v;
    }
  }

  async return(): Promise<IteratorResult<T>> {
    this.finished = true;
    await this.it.return?.();
    return { value: undefined, done: true };
  }

  private finish(): IteratorResult<T> {
    this.finished = true;
    this.inner.stop();
    return { value: undefined, done: true };
  }

  private dropConsumer(): void {
    this._data.delete().catch(() => {});
  }

  /** Ends the iteration (after the messages already queued, unless it already ended). */
  stop(err?: Error): void {
    this.inner.stop(err);
  }

  getProcessed(): number {
    return this.processed;
  }

  getPending(): number {
    return this.inner.getPending();
  }

  getReceived(): number {
    return this.processed + this.inner.getPending();
  }
}
