/**
 * Where acks go. {@link DirectAcks} publishes each at once (core already writes what one read's callbacks
 * publish in one go). {@link CoalescingAcks} is for iterators: while more messages wait in the consumer's
 * queue, acks are held and written together, because an iterator hands out one message per microtask and core
 * would otherwise write once per ack. Held acks are written as soon as the queue runs dry (the next `next()`
 * finds nothing), once {@link MAX_HELD_ACKS} are held, when the consumer stops, or on the next macrotask,
 * so an ack is never later than the processing of the backlog it belongs to.
 */
import { RequestMux, type Msg, type NatsConnection } from "@nats-stack/core";
import { connectionInboxPrefix } from "../api/options";
import type { AckSink } from "./jsmsg";

/** Most acks held before they are written. */
export const MAX_HELD_ACKS = 128;

// Resolved once: flushSoon's microtasks are reactions to it (no new promise, no queueMicrotask wrapper).
const RESOLVED = Promise.resolve();

const muxes = new WeakMap<NatsConnection, RequestMux>();

/**
 * The connection's JetStream request mux: one wildcard inbox subscription for every publish acknowledgement
 * and `ackAck` of every JetStream context on `nc`.
 */
export function jsRequestMux(nc: NatsConnection): RequestMux {
  let m = muxes.get(nc);
  if (!m) {
    m = new RequestMux(nc, { prefix: connectionInboxPrefix(nc) });
    muxes.set(nc, m);
  }
  return m;
}

/**
 * An empty array that V8 already treats as holding objects. A `[]` starts as an array of small integers and
 * changes kind with its first object; V8's optimised code for the first `push` expected small integers, was
 * thrown away ("not a Smi") and compiled again, in every function the ack path was inlined into, because each
 * consumer (each `fetch()`) brings new arrays.
 */
function objectArray<T>(): T[] {
  const a = [null] as unknown as T[];
  a.length = 0;
  return a;
}

/**
 * Publishes every ack at once, as a reply to the message (`msg.respond`): an ack answers the delivery, and
 * core treats replies as such (the server-made reply subject is checked but not cached, no acknowledgement of
 * the write is asked for).
 */
export class DirectAcks implements AckSink {
  constructor(protected readonly nc: NatsConnection) {}

  ack(m: Msg, payload: Uint8Array): void {
    m.respond(payload);
  }

  ackRequest(reply: string, payload: Uint8Array, timeout: number): Promise<unknown> {
    return jsRequestMux(this.nc).request(reply, payload, { timeout });
  }

  publishWithReply(m: Msg, payload: Uint8Array, replyTo: string | undefined): void {
    m.respond(payload, replyTo ? { reply: replyTo } : undefined);
  }

  /** Nothing is ever held here. */
  flush(): void {}

  /** Nothing is ever held here. */
  flushSoon(): void {}
}

/**
 * Holds acks while `backlog()` says more messages are queued for the consumer, and writes them together.
 * Publishing errors (a connection that closed meanwhile) are reported through `onError`, never thrown at a
 * timer.
 */
export class CoalescingAcks extends DirectAcks {
  // Kept for the consumer's life and emptied in place, and made as arrays of objects from the start (see
  // objectArray).
  private readonly msgs: Msg[] = objectArray();
  private readonly payloads: Uint8Array[] = objectArray();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly flushTimer = () => {
    this.timer = undefined;
    this.flush();
  };

  /**
   * `backlog`: whether acks should be held now. `closing`, when given: whether a write that carries every
   * held ack is already coming (a fetch with nothing more to receive writes them with its UNSUB), so
   * reaching {@link MAX_HELD_ACKS} need not write them on its own.
   */
  constructor(
    nc: NatsConnection,
    private readonly backlog: () => boolean,
    private readonly onError: (err: Error) => void,
    private readonly closing: () => boolean = () => false,
  ) {
    super(nc);
  }

  /** Set while a {@link flushSoon} is on its way. */
  private soon = false;
  // flushSoon's two steps: each a promise reaction, so the flush runs two microtasks after the call.
  private readonly soonFirst = () => void RESOLVED.then(this.soonSecond);
  private readonly soonSecond = () => {
    this.soon = false;
    this.flush();
  };

  /** Acks held right now. */
  get held(): number {
    return this.msgs.length;
  }

  override ack(m: Msg, payload: Uint8Array): void {
    if (!this.backlog()) {
      if (this.msgs.length) this.flush();
      super.ack(m, payload);
      return;
    }
    this.msgs.push(m);
    this.payloads.push(payload);
    if (this.msgs.length >= MAX_HELD_ACKS && !this.closing()) this.flush();
    else if (this.timer === undefined) this.timer = setTimeout(this.flushTimer, 0);
  }

  override ackRequest(reply: string, payload: Uint8Array, timeout: number): Promise<unknown> {
    this.flush();
    return super.ackRequest(reply, payload, timeout);
  }

  override publishWithReply(m: Msg, payload: Uint8Array, replyTo: string | undefined): void {
    this.flush();
    super.publishWithReply(m, payload, replyTo);
  }

  /**
   * Writes the held acks two microtasks from now: for a consumer whose queue just ran dry while it hands out
   * its last queued message. A `for await` loop resumes with that message one microtask after `next()`, and
   * when it acks it at once, that ack (with nothing queued behind it, so not held) writes the held acks and
   * itself into one socket write, where flushing at once would have written the held acks alone and the
   * last ack in a second write (core writes what was published at the end of the microtask). When the
   * loop does not ack at once (it awaits something first), the held acks are written here, as early as an
   * immediate flush would have written them: still before any I/O.
   */
  override flushSoon(): void {
    if (this.soon || this.msgs.length === 0) return;
    this.soon = true;
    void RESOLVED.then(this.soonFirst);
  }

  /** Writes every held ack now. */
  override flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const msgs = this.msgs;
    const n = msgs.length;
    if (n === 0) return;
    const payloads = this.payloads;
    try {
      for (let i = 0; i < n; i++) msgs[i]!.respond(payloads[i]!);
    } catch (err) {
      // What was not written goes with the connection's error; emptied first, as the consumer stopping on
      // that error flushes again.
      msgs.length = 0;
      payloads.length = 0;
      this.onError(err as Error);
      return;
    }
    msgs.length = 0;
    payloads.length = 0;
  }
}
