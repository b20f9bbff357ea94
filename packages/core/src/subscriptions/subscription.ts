// `Symbol.asyncDispose` (`await using`): the lib that declares it, so the declarations name it for programs whose
// `lib` lacks it and that have no @types/node (a browser build), instead of failing to compile there.
/// <reference lib="esnext.disposable" preserve="true" />
import { ClosedConnectionError, InvalidArgumentError, InvalidOperationError, TimeoutError } from "../errors";
import { deferred, type Deferred } from "../deferred";
import type { Msg, MsgImpl } from "../messages/msg";
import { QueuedIteratorImpl, failedIterator } from "./queued-iterator";
import { SlowNotifier } from "./slow-notifier";
import type { MsgCallback, Subscription, SubscriptionOptions } from "./subscription-api";

/** Default pending limits of a subscription, as the Go client's. */
export const DEFAULT_PENDING_MSGS = 65536;
export const DEFAULT_PENDING_BYTES = 64 * 1024 * 1024;

/** What a subscription needs from the client. */
export interface SubscriptionHost {
  /** Sends UNSUB (with `max` when given) and forgets the sid unless `max` leaves messages to come. */
  unsubscribe(sub: SubscriptionImpl, max?: number): void;
  /** Sends UNSUB but keeps delivering what the server sent before it (for drain). */
  stopInterest(sub: SubscriptionImpl): void;
  /** Forgets the sid. */
  forget(sub: SubscriptionImpl): void;
  /** Resolves when the server has processed everything sent so far. */
  flush(): Promise<void>;
  isClosed(): boolean;
  /** Reports an error from a callback, or a slow consumer, on `status()`. */
  reportError(err: Error): void;
  reportSlow(sub: SubscriptionImpl, pending: number): void;
}

// The queue of an iterator subscription, counting the payload bytes it holds.
class MsgQueue extends QueuedIteratorImpl<MsgImpl> {
  bytes = 0;
  protected override taken(m: MsgImpl): void {
    this.bytes -= m.size;
  }
}

/**
 * A subscription: one delivery path (`deliver`) feeding either the callback or the iterator queue, with
 * pending limits in both cases (past them messages are dropped and counted, and a slowConsumer status is
 * raised once per episode), and `closed` resolving only once what was accepted has been processed.
 */
export class SubscriptionImpl implements Subscription {
  declare readonly sid: number;
  declare readonly subject: string;
  declare readonly queue: string | undefined;
  declare max: number | undefined;
  /** Subject of the request this subscription answers (old-style requests), for error routing. */
  requestSubject: string | undefined;
  /** @internal Reaching `max` forgets the sid without an UNSUB (the server was told the max). */
  quietAtMax = false;
  // `closed`, made on first read (most subscriptions are never asked): what it resolves with once ended.
  private closedPromise: Deferred<void | Error> | undefined;
  private ended = false;
  private endedWith: Error | undefined;
  private declare readonly host: SubscriptionHost;
  private declare readonly cb: MsgCallback<Msg> | undefined;
  private readonly iter: MsgQueue | undefined;
  private declare readonly limitMsgs: number;
  private declare readonly limitBytes: number;
  private declare readonly maxInFlight: number;
  private slowWarning: SlowNotifier | undefined;
  private received = 0;
  private processed = 0;
  private dropped = 0;
  private slow = false;
  private inFlight = 0;
  // Messages waiting for a callback slot (maxInFlight); made on first use.
  private waiting: MsgImpl[] | undefined;
  private waitingBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private done = false;
  private draining = false;
  private drained: Promise<void> | undefined;
  private drainDone = false;
  private closeError: Error | undefined;
  private settled: Deferred<void> | undefined;

  constructor(host: SubscriptionHost, sid: number, subject: string, opts: SubscriptionOptions) {
    this.host = host;
    this.sid = sid;
    this.subject = subject;
    // nats.js takes an empty queue name as no queue (its README's standalone service passes `queue: ""`).
    this.queue = opts.queue === "" ? undefined : opts.queue;
    this.max = opts.max;
    this.cb = opts.callback;
    this.limitMsgs = opts.pendingMsgsLimit ?? DEFAULT_PENDING_MSGS;
    this.limitBytes = opts.pendingBytesLimit ?? DEFAULT_PENDING_BYTES;
    this.maxInFlight = opts.maxInFlight ?? 0;
    // `done` is set once, when the subscription ends, usually after the delivery path was optimised: written
    // twice here so V8 never treats it as a constant (see QueuedIteratorImpl's constructor).
    this.done = true;
    this.done = false;
    if (!this.cb) {
      if (typeof opts.slow === "number") this.slowWarning = new SlowNotifier(opts.slow);
      this.iter = new MsgQueue();
      // Leaving a for-await loop early ends the subscription, as in nats.js.
      this.iter.onBreak = () => {
        if (!this.done) this.host.unsubscribe(this);
        this.finish(undefined);
      };
    }
    if (opts.timeout) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.fail(new TimeoutError());
      }, opts.timeout);
    }
  }

  /** Resolves once the subscription ended and what it accepted was processed (with the error that ended it, if any). */
  get closed(): Promise<void | Error> {
    if (this.closedPromise === undefined) {
      this.closedPromise = deferred<void | Error>();
      if (this.ended) this.closedPromise.resolve(this.endedWith);
    }
    return this.closedPromise;
  }

  private resolveClosed(err: Error | undefined): void {
    if (this.ended) return;
    this.ended = true;
    this.endedWith = err;
    this.closedPromise?.resolve(err);
  }

  /** The callback, as nats.js exposes it. */
  get callback(): MsgCallback<Msg> {
    return this.cb ?? ((err, m) => (err ? this.fail(err) : this.deliver(m as MsgImpl)));
  }

  /**
   * Hands a message to the consumer, or drops it past the pending limits. Kept to the common case (a message
   * within the limits, no timeout armed, no `max`): the rest lives in small methods of its own. V8 inlines
   * this method into the parser's read loop; at 174 bytes of bytecode instead of 456 it leaves room in that
   * loop's inlining budget for `run` below, which V8 then stops compiling on its own (one TurboFan job less
   * per process on the JetStream fetch path).
   */
  deliver(m: MsgImpl): void {
    if (this.done) return;
    this.received++;
    if (this.timer !== undefined) this.stopTimer();
    if (this.withinLimits(m)) {
      this.slow = false;
      if (this.iter) this.enqueue(this.iter, m);
      else if (this.maxInFlight > 0 && this.inFlight >= this.maxInFlight) this.wait(m);
      else this.run(m);
    } else this.drop();
    if (this.max !== undefined && this.max > 0 && this.received >= this.max) this.reachedMax();
  }

  private stopTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  // Whether `m` fits within the pending limits (messages, then bytes: one message always fits when none is pending).
  private withinLimits(m: MsgImpl): boolean {
    const pendingMsgs = this.getPending();
    const pendingBytes = this.iter ? this.iter.bytes : this.waitingBytes;
    return !((this.limitMsgs > 0 && pendingMsgs >= this.limitMsgs) || (this.limitBytes > 0 && pendingBytes + m.size > this.limitBytes && pendingMsgs > 0));
  }

  private enqueue(iter: MsgQueue, m: MsgImpl): void {
    iter.bytes += m.size;
    iter.push(m);
    if (this.slowWarning?.crossed(iter.getPending())) this.host.reportSlow(this, iter.getPending());
  }

  // A callback subscription at its maxInFlight: the message waits for a slot.
  private wait(m: MsgImpl): void {
    (this.waiting ??= []).push(m);
    this.waitingBytes += m.size;
  }

  // Past the pending limits: dropped and counted, one slowConsumer status per episode.
  private drop(): void {
    this.dropped++;
    if (!this.slow) {
      this.slow = true;
      this.host.reportSlow(this, this.getPending());
    }
  }

  private reachedMax(): void {
    // nats.js sends UNSUB <sid> once the max is reached (the conformance transcript `core/unsubscribe`
    // records it), although the server, told the max, already dropped the interest. An old-style request
    // sends nothing more after its reply, as nats.go (`core/request-old-style`).
    if (this.quietAtMax) this.host.forget(this);
    else this.host.unsubscribe(this);
    // nats.js unsubscribes without a max here, so getMax() is undefined from now on.
    this.max = undefined;
    this.finish(undefined);
  }

  // Calls the callback; a throw or a rejection becomes an error status and never reaches the read loop.
  private run(m: MsgImpl): void {
    let r: unknown;
    this.processed++; // counted when the consumer receives it, as nats.js
    try {
      r = this.cb!(null, m);
    } catch (err) {
      this.host.reportError(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (r && typeof (r as Promise<unknown>).then === "function") {
      this.inFlight++;
      (r as Promise<unknown>).then(
        () => this.settle(),
        (err) => {
          this.host.reportError(err instanceof Error ? err : new Error(String(err)));
          this.settle();
        },
      );
    }
  }

  private settle(): void {
    this.inFlight--;
    const waiting = this.waiting;
    while (waiting !== undefined && waiting.length > 0 && (this.maxInFlight <= 0 || this.inFlight < this.maxInFlight)) {
      const m = waiting.shift()!;
      this.waitingBytes -= m.size;
      this.run(m);
    }
    this.checkSettled();
  }

  private checkSettled(): void {
    if (this.settled && this.inFlight === 0 && (this.waiting?.length ?? 0) === 0) this.settled.resolve();
  }

  /**
   * Ends the subscription (no more messages accepted). `closed` resolves once the consumer is done with what
   * was accepted: the iterator has yielded everything, or in-flight callbacks have settled.
   */
  finish(err: Error | undefined): void {
    if (this.done) return;
    this.done = true;
    this.closeError = err;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.iter) {
      this.iter.stop(err);
      if (!this.iter.isIterating && this.iter.getPending() === 0) this.resolveClosed(err);
      else void this.iter.iterClosed.then(() => this.resolveClosed(this.closeError));
    } else if (this.inFlight === 0 && (this.waiting?.length ?? 0) === 0) {
      this.resolveClosed(err);
    } else {
      this.settled = deferred<void>();
      void this.settled.then(() => this.resolveClosed(this.closeError));
    }
  }

  /** Ends the subscription with an error: the callback gets it, the iterator throws it. */
  fail(err: Error): void {
    if (this.done) return;
    this.host.unsubscribe(this);
    if (this.cb) {
      try {
        this.cb(err, {} as Msg);
      } catch (e) {
        this.host.reportError(e instanceof Error ? e : new Error(String(e)));
      }
    }
    this.finish(err);
  }

  unsubscribe(max?: number): void {
    if (this.done) return;
    // A fraction, a numeric string or more than 2^53-1 would reach the wire's UNSUB encoder and fail there
    // with its own error class, after `max` was kept (nats.js writes it for the server to refuse). A falsy
    // max (0, NaN, null) is a plain UNSUB, as nats.js's `if (max)`.
    if (max && !(typeof max === "number" && Number.isSafeInteger(max) && max > 0)) {
      throw InvalidArgumentError.format("max", "must be a non-negative integer");
    }
    if (max !== undefined && max > 0) {
      this.max = max;
      this.host.unsubscribe(this, max);
      if (this.received >= max) this.finish(undefined);
      return;
    }
    this.host.unsubscribe(this);
    this.max = undefined; // as nats.js: an unsubscribe without a max clears it
    this.finish(undefined);
  }

  drain(): Promise<void> {
    if (this.host.isClosed()) return Promise.reject(new ClosedConnectionError());
    if (this.done && (!this.draining || this.drainDone)) {
      return Promise.reject(new InvalidOperationError("subscription is already closed"));
    }
    if (!this.drained) {
      this.draining = true;
      // Messages already sent before the server reads the UNSUB must still be delivered: keep the sid
      // until the flush proves the server has read it.
      this.host.stopInterest(this);
      this.drained = this.host
        .flush()
        .catch(() => {})
        .then(() => {
          this.host.forget(this);
          this.finish(undefined);
          // An iterator nobody reads cannot be waited for; what it holds stays readable.
          if (this.iter && !this.iter.isIterating) return;
          return this.closed.then(() => {});
        })
        .then(() => {
          this.drainDone = true;
        });
    }
    return this.drained;
  }

  /** As nats.js: resolves at once when closed, waits for a drain under way, drains otherwise. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.host.isClosed()) return;
    if (this.drained) {
      await this.drained;
      return;
    }
    if (this.done) return;
    await this.drain();
  }

  [Symbol.asyncIterator](): AsyncIterator<Msg> {
    // nats.js's text, and like nats.js's generator the iterator fails on its first next(), not here.
    if (!this.iter) return failedIterator(new InvalidOperationError("iterator cannot be used when a callback is registered"));
    return this.iter[Symbol.asyncIterator]();
  }

  isDraining(): boolean {
    return this.draining;
  }
  isClosed(): boolean {
    return this.done;
  }
  getSubject(): string {
    return this.subject;
  }
  getReceived(): number {
    return this.received;
  }
  getProcessed(): number {
    return this.iter ? this.iter.getProcessed() : this.processed;
  }
  getPending(): number {
    return this.iter ? this.iter.getPending() : (this.waiting?.length ?? 0);
  }
  getID(): number {
    return this.sid;
  }
  getMax(): number | undefined {
    return this.max;
  }
  getDropped(): number {
    return this.dropped;
  }
  /** Messages still to come before `max` is reached (for re-subscribing after a reconnect). */
  remaining(): number | undefined {
    return this.max !== undefined && this.max > 0 ? Math.max(0, this.max - this.received) : undefined;
  }
}
