import { encodeSub, encodeUnsub, validateQueue } from "@nats-stack/wire";
import { InvalidArgumentError } from "../errors";
import { timerDelayError } from "../deferred";
import { SubscriptionImpl, type SubscriptionHost } from "./subscription";
import type { SubscriptionOptions } from "./subscription-api";

/** Checks `subscribe()` options before anything is written; throws InvalidArgumentError. */
export function checkSubOptions(opts: SubscriptionOptions): void {
  if (typeof opts !== "object" || opts === null) throw InvalidArgumentError.format("options", "must be an object");
  // An empty queue name means no queue group, as in nats.js.
  if (opts.queue !== undefined && opts.queue !== "") {
    try {
      validateQueue(opts.queue);
    } catch (err) {
      throw InvalidArgumentError.format("queue", `is not valid: ${(err as Error).message}`, { cause: err });
    }
  }
  for (const k of ["max", "timeout", "maxInFlight"] as const) {
    const v = opts[k];
    // Safe integers only: past 2^53-1 the wire's UNSUB encoder refuses `max` with its own error class
    if (v !== undefined && (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0)) {
      throw InvalidArgumentError.format(k, "must be a non-negative integer");
    }
  }
  const tooLong = opts.timeout === undefined ? undefined : timerDelayError(opts.timeout);
  if (tooLong) throw tooLong;
  if (opts.callback !== undefined && typeof opts.callback !== "function") {
    throw InvalidArgumentError.format("callback", "must be a function");
  }
}

/** Where SUB and UNSUB lines go (a link). */
export interface ControlSink {
  control(bytes: Uint8Array): void;
}

/** The live subscriptions by sid, and how to announce them to a server. */
export class SubscriptionRegistry {
  readonly #bySid = new Map<number, SubscriptionImpl>();
  #lastSid = 0;
  // Messages dropped by subscriptions no longer registered, so stats keep counting them, and messages
  // dropped before reaching a subscription (a malformed header block).
  #retiredDropped = 0;

  constructor() {
    // Changed first when a subscription ends, after the delivery path (which reads this registry) was
    // optimised: written twice here so V8 never treats it as a constant (see QueuedIteratorImpl's constructor).
    this.#retiredDropped = -1;
    this.#retiredDropped = 0;
  }

  /** A fresh sid. */
  nextSid(): number {
    return ++this.#lastSid;
  }

  /**
   * A new subscription of `host` (options checked first) under a fresh sid, registered and, connected
   * (`out` given), announced to the server.
   */
  subscribe(host: SubscriptionHost, subject: string, opts: SubscriptionOptions, out: ControlSink | undefined): SubscriptionImpl {
    checkSubOptions(opts);
    const sub = new SubscriptionImpl(host, this.nextSid(), subject, opts);
    this.#bySid.set(sub.sid, sub);
    if (out !== undefined) SubscriptionRegistry.write(out, sub);
    return sub;
  }

  get(sid: number): SubscriptionImpl | undefined {
    return this.#bySid.get(sid);
  }

  /** True while `sub` is the registered subscription of its sid. */
  has(sub: SubscriptionImpl): boolean {
    return this.#bySid.get(sub.sid) === sub;
  }

  remove(sub: SubscriptionImpl): void {
    if (this.#bySid.get(sub.sid) !== sub) return;
    this.#bySid.delete(sub.sid);
    this.#retiredDropped += sub.getDropped();
  }

  /**
   * Ends interest in `sub`: UNSUB now, or with `max`, once that many messages arrived (the sid stays known
   * until then). `out`: the connected link, if any (after a reconnect only live subscriptions are announced).
   */
  unsubscribe(sub: SubscriptionImpl, max: number | undefined, out: ControlSink | undefined): void {
    // `max` was checked by SubscriptionImpl.unsubscribe, the one way here with a max (a positive integer).
    if (!this.has(sub)) return;
    const keep = max !== undefined && max > 0 && sub.getReceived() < max;
    if (!keep) this.remove(sub);
    out?.control(encodeUnsub(sub.sid, keep ? max : undefined));
  }

  /** UNSUB for a subscription being drained: it stays registered, so what the server already sent arrives. */
  stopInterest(sub: SubscriptionImpl, out: ControlSink | undefined): void {
    if (this.has(sub)) out?.control(encodeUnsub(sub.sid));
  }

  /** Counts a message dropped before it reached its subscription (a malformed header block). */
  countDropped(): void {
    this.#retiredDropped++;
  }

  /** Messages dropped by every subscription, past and present, and before reaching one. */
  dropped(): number {
    let n = this.#retiredDropped;
    for (const s of this.#bySid.values()) n += s.getDropped();
    return n;
  }

  values(): IterableIterator<SubscriptionImpl> {
    return this.#bySid.values();
  }

  /** Removes and returns every subscription. */
  clear(): SubscriptionImpl[] {
    const all = [...this.#bySid.values()];
    for (const s of all) this.#retiredDropped += s.getDropped();
    this.#bySid.clear();
    return all;
  }

  /** SUB, and `UNSUB sid remaining` when a `max` is pending. */
  static write(out: ControlSink, sub: SubscriptionImpl): void {
    out.control(encodeSub(sub.subject, sub.sid, sub.queue));
    const remaining = sub.remaining();
    if (remaining !== undefined) out.control(encodeUnsub(sub.sid, remaining));
  }

  /** Announces every live subscription (not those being drained) to a new server. */
  writeAll(out: ControlSink): void {
    for (const sub of this.#bySid.values()) if (!sub.isDraining()) SubscriptionRegistry.write(out, sub);
  }
}
