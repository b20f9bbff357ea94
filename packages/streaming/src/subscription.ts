/**
 * A STAN subscription: node-nats-streaming's events (`ready`, `message`, `error`, `timeout`,
 * `unsubscribed`, `closed`) and methods, plus an async iterator. Differences from node-nats-streaming (bug
 * fixes): a message is auto-acked after its `message` handlers settle (a handler returning a promise is
 * awaited; a handler that throws or rejects gets no ack, so the server redelivers it), and `unsubscribe()`
 * or `close()` before `ready` waits for the subscription instead of sending an empty inbox. This file keeps the
 * subscription's life with the server; who takes each message, and when it is auto-acked, is
 * `message-routing.ts`.
 */
import type { Msg, NatsConnection, Subscription as NatsSubscription } from "@nats-stack/core";
import type { SessionSubjects, SubscriptionHost } from "./subscription-host";
import { AckWindow } from "./ack-window";
import { Emitter } from "./emitter";
import { StanError } from "./errors";
export type { SessionSubjects, SubscriptionHost } from "./subscription-host";
import { Message, type MessageOwner } from "./message";
import { MessageRouting } from "./message-routing";
import { Ack, MsgProto, SubscriptionRequest, SubscriptionResponse, UnsubscribeRequest } from "./pb/protocol";
import { subscriptionOptionsError } from "./subscription-checks";
import { subscriptionRequest } from "./subscription-request";
import { DEFAULT_MAX_IN_FLIGHT, type SubscriptionOptions } from "./subscription-options";

type State = "pending" | "ready" | "closing" | "closed";

// node-nats-streaming reported an unanswered request on `timeout`, and programs listen there for "no STAN
// server answers". A no-responders reply is that same case, known sooner (nats@1 never got one), so it goes to
// the same event, with its own code and text.
function unanswered(err: Error): boolean {
  return err instanceof StanError && (err.code.endsWith("_TIMEOUT") || err.code === "STAN_ERR_NO_RESPONDERS");
}

/** A subscription to a channel. Emits `ready`, `message`, `error`, `timeout`, `unsubscribed`, `closed`. */
export class Subscription extends Emitter implements MessageOwner, AsyncIterable<Message> {
  readonly subject: string;
  readonly qGroup: string | undefined;
  /** The NATS subject the server delivers to. */
  readonly inbox: string;
  readonly opts: SubscriptionOptions;
  /** Where Acks go; set by the SubscriptionResponse. */
  ackInbox: string | undefined = undefined;
  /** @internal */
  readonly window: AckWindow;
  private state: State = "pending";
  private inboxSub: NatsSubscription | undefined;
  private readyWaiters: Array<() => void> = [];
  private readonly host: SubscriptionHost;
  // Who takes the messages (listeners, a loop, or a backlog until one comes) and when they are auto-acked.
  private readonly routing: MessageRouting;
  private failure: Error | undefined;
  // The connection closed under the subscription; "told" once an unsubscribe or close reported it.
  private connectionGone: "no" | "untold" | "told" = "no";
  // Between a lost session and the new SubscriptionResponse: deliveries to the old registration are dropped
  // (they cannot be acked); the server sends them again to the new one.
  private suspended = false;

  /** @internal */
  constructor(host: SubscriptionHost, subject: string, qGroup: string | undefined, inbox: string, opts: SubscriptionOptions) {
    super();
    this.host = host;
    this.subject = subject;
    this.qGroup = qGroup;
    this.inbox = inbox;
    this.opts = opts;
    this.window = new AckWindow(opts.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
    this.routing = new MessageRouting(this);
  }

  /** node-nats-streaming's `stanEncoding` of the connection. */
  get encoding(): string {
    return this.host.encoding;
  }

  /** True once closed or unsubscribed (or failed). */
  isClosed(): boolean {
    return this.state === "closing" || this.state === "closed";
  }

  /** Ours: true once the server accepted the subscription and until it ends. */
  isReady(): boolean {
    return this.state === "ready";
  }

  /**
   * @internal Subscribes the inbox and sends the SubscriptionRequest. With `resume`, a non-durable
   * subscription restarts after the last sequence it delivered (session recovery).
   */
  start(nc: NatsConnection, subjects: SessionSubjects, resume: boolean): void {
    // Checked by subscribe(); checked again because the fields may have been changed since (before
    // `connect`, or before a session recovery sends the request again), and before the inbox is subscribed:
    // nothing is written for a subscription that cannot start.
    const bad = subscriptionOptionsError(this.opts);
    if (bad) {
      this.end(bad, "error");
      return;
    }
    if (!this.inboxSub || this.inboxSub.isClosed()) {
      this.inboxSub = nc.subscribe(this.inbox, { callback: (err, m) => (err ? this.fail(err) : this.onMsg(m)) });
    }
    const last = this.window.lastDelivered;
    if (resume) this.window.reset();
    const req = subscriptionRequest(this.host.clientID, this.subject, this.qGroup, this.inbox, this.opts, resume ? last : 0);
    this.host.send(
      subjects.subRequests,
      SubscriptionRequest.encode(req).finish(),
      this.host.requestTimeout,
      () => StanError.of("SubscribeTimeout"),
      (err, m) => this.onSubscribed(err, m),
    );
  }

  private onSubscribed(err: Error | null, m: Msg | undefined): void {
    if (this.state === "closed") return;
    if (err) {
      // node-nats-streaming reports a timeout as `timeout`, anything else as `error`; either way the
      // subscription is dead (and unlike node-nats-streaming we also drop its inbox).
      this.end(err, unanswered(err) ? "timeout" : "error");
      return;
    }
    let r: SubscriptionResponse;
    try {
      r = SubscriptionResponse.decode(m!.data);
    } catch (e) {
      this.end(new StanError("STAN_ERR_SERVER", `stan: invalid subscription response: ${(e as Error).message}`), "error");
      return;
    }
    if (r.error) {
      this.end(StanError.fromServer(r.error), "error");
      this.raise("unsubscribed");
      return;
    }
    this.ackInbox = r.ackInbox;
    this.suspended = false;
    if (this.state === "pending") this.state = "ready";
    for (const w of this.readyWaiters.splice(0)) w();
    this.raise("ready", this);
  }

  // The subscription failed: drop the inbox, end the iterator, tell the listeners.
  private end(err: Error, event: "error" | "timeout"): void {
    this.state = "closed";
    this.failure = err;
    this.inboxSub?.unsubscribe();
    this.host.forget(this);
    for (const w of this.readyWaiters.splice(0)) w();
    this.routing.stop(err);
    if (event === "timeout" && this.listenerCount("timeout") === 0 && this.listenerCount("error") > 0) this.raise("error", err);
    else if (event === "timeout") this.raise("timeout", err);
    else this.raise("error", err);
  }

  private fail(err: Error): void {
    if (this.isClosed()) return;
    this.end(err, "error");
  }

  private onMsg(raw: Msg): void {
    if (this.state === "closed" || this.state === "closing" || this.suspended) return;
    let pm: MsgProto;
    try {
      pm = MsgProto.decode(raw.data);
    } catch (err) {
      this.raise("error", new StanError("STAN_ERR_SERVER", `stan: invalid message: ${(err as Error).message}`, { cause: err }));
      return;
    }
    const seq = Number(pm.sequence);
    const first = this.window.delivered(seq);
    this.routing.dispatch(new Message(pm, this), first);
  }

  /** Adds a listener; the first `message` listener also gets the messages that waited for one. */
  override on(event: string | symbol, fn: (...args: any[]) => void): this {
    super.on(event, fn);
    if (event === "message") this.routing.listenerAdded();
    return this;
  }

  /** As {@link on}. */
  override addListener(event: string | symbol, fn: (...args: any[]) => void): this {
    return this.on(event, fn);
  }

  /** As {@link on}, once. */
  override once(event: string | symbol, fn: (...args: any[]) => void): this {
    super.once(event, fn);
    if (event === "message") this.routing.listenerAdded();
    return this;
  }

  /** @internal Sends the Ack of `m`; false when the subscription can no longer ack. */
  ackMessage(m: Message): boolean {
    if (this.isClosed()) return false;
    const nc = this.host.nats();
    if (!nc || nc.isClosed() || !this.ackInbox) return false;
    const seq = m.getSequence();
    this.window.acked(seq);
    try {
      nc.publish(this.ackInbox, Ack.encode(Ack.fromPartial({ subject: m.getSubject(), sequence: BigInt(seq) })).finish());
    } catch {
      return false;
    }
    return true;
  }

  /** Unregisters the subscription on the server; a durable subscription's position is removed. */
  unsubscribe(): void {
    this.closeOrUnsubscribe(false);
  }

  /** Closes the subscription on the server, keeping a durable subscription's position. */
  close(): void {
    this.closeOrUnsubscribe(true);
  }

  private closeOrUnsubscribe(doClose: boolean): void {
    if (this.isClosed()) {
      // As node-nats-streaming: the first unsubscribe or close after the connection closed says so; any
      // later one (and any on a subscription already left) is an invalid subscription.
      const gone = this.connectionGone === "untold";
      if (gone) this.connectionGone = "told";
      this.raise("error", StanError.of(gone ? "ConnectionClosed" : "BadSubscription"));
      return;
    }
    if (this.state === "pending") {
      // Not ready yet: the server does not know the ackInbox that names the subscription. Wait for it.
      this.state = "closing";
      this.readyWaiters.push(() => {
        if (this.failure) return;
        this.state = "ready";
        this.closeOrUnsubscribe(doClose);
      });
      return;
    }
    this.state = "closing";
    const nc = this.host.nats();
    const subjects = this.host.subjects();
    this.host.forget(this);
    if (!nc || nc.isClosed() || !subjects) {
      this.state = "closed";
      this.routing.stop();
      this.raise("error", StanError.of("ConnectionClosed"));
      return;
    }
    const reqSubject = doClose ? subjects.subCloseRequests : subjects.unsubRequests;
    if (!reqSubject) {
      this.state = "closed";
      this.routing.stop();
      this.raise("error", StanError.of("NoServerSupport"));
      return;
    }
    this.inboxSub?.unsubscribe();
    this.routing.stop();
    const req = UnsubscribeRequest.fromPartial({ clientID: this.host.clientID, subject: this.subject, inbox: this.ackInbox ?? "" });
    this.host.send(
      reqSubject,
      UnsubscribeRequest.encode(req).finish(),
      this.host.requestTimeout,
      () => StanError.of(doClose ? "CloseTimeout" : "UnsubscribeTimeout"),
      (err, m) => {
        this.state = "closed";
        if (err) {
          this.raise(unanswered(err) ? "timeout" : "error", err);
          return;
        }
        let r: SubscriptionResponse;
        try {
          r = SubscriptionResponse.decode(m!.data);
        } catch (e) {
          this.raise("error", new StanError("STAN_ERR_SERVER", `stan: invalid response: ${(e as Error).message}`));
          return;
        }
        if (r.error) this.raise("error", StanError.fromServer(r.error));
        else this.raise(doClose ? "closed" : "unsubscribed");
      },
    );
  }

  /** @internal The connection ended (closed or lost for good): no more messages or acks. */
  connectionClosed(err?: Error): void {
    if (this.state === "closed") return;
    // Unless the application was already leaving it (an unsubscribe or close in flight).
    if (this.state !== "closing") this.connectionGone = "untold";
    this.state = "closed";
    for (const w of this.readyWaiters.splice(0)) w();
    this.routing.stop(err);
  }

  /** @internal Refused at `subscribe()` (no subject): ended, not by the connection. */
  refused(err: StanError): void {
    this.state = "closed";
    this.failure = err;
    this.routing.stop(err);
  }

  /** @internal The session is being re-established: wait for a new SubscriptionResponse. */
  suspend(): void {
    if (this.state === "ready") this.state = "pending";
    this.ackInbox = undefined;
    this.suspended = true;
  }

  // ---- async iteration ------------------------------------------------------------------------------------

  /**
   * Iterates the messages. With auto-ack, a message is acked when the loop asks for the next one (or
   * leaves), so at most `maxInFlight` messages are ever outstanding: the server holds the rest (that is the
   * backpressure). With manual acks, call `m.ack()`. Leaving the loop does not unsubscribe (call `close()`
   * or `unsubscribe()`), and messages it did not take stay unacked, for a listener or a later loop. Throws if
   * the subscription fails; one loop at a time (a second loop fails with core's `iterator is already yielding`).
   */
  [Symbol.asyncIterator](): AsyncIterator<Message> {
    return this.routing.iterator(this.isClosed() || this.failure !== undefined, this.failure);
  }
}
