/**
 * The messages of a push consumer: a subscription on the consumer's deliver subject (in its deliver group).
 * Flow control requests are answered once the application has taken every message that arrived before them
 * (so the server's flow follows the application's pace, not the socket's); idle heartbeats are reported and a
 * stalled consumer is woken (`Nats-Consumer-Stalled`); missed heartbeats are reported and, for an ordered
 * consumer, recreate it, as does a skipped delivery sequence.
 */
import { Empty, msgStatusCode, QueuedIteratorImpl, type Msg, type NatsConnection, type Subscription } from "@nats-stack/core";
import { JsHeaders } from "../api/headers";
import { JetStreamStatus } from "../api/js-status";
import { CoalescingAcks, DirectAcks } from "../jsmsg/ack-sender";
import { JsMsgImpl, type JsMsg } from "../jsmsg/jsmsg";
import type { ConsumerCallbackFn, ConsumerMessages, PushConsumerOptions } from "./consumer-api";
import { watchConnection } from "./connection-watch";
import { IdleHeartbeatMonitor } from "./heartbeat-monitor";
import { Notifier, type ConsumerStatus } from "./notifications";
import { callbackIteration } from "./callback-iteration";
import type { PushConsumerImpl } from "./push-consumer";

/** The iterator (or callback driver) of a push consumer's `consume()`. */
export class PushConsumerMessagesImpl extends QueuedIteratorImpl<JsMsg> implements ConsumerMessages {
  readonly consumer: PushConsumerImpl;
  readonly nc: NatsConnection;
  private sub: Subscription | undefined;
  private deliverSubject = "";
  monitor: IdleHeartbeatMonitor | null = null;
  private readonly notifier = new Notifier();
  private readonly callback: ConsumerCallbackFn | null;
  readonly abortOnMissingResource: boolean;
  readonly acks: DirectAcks;
  private unwatch: (() => void) | undefined;
  private stopped = false;
  /** Flow control requests to answer once `taken` reaches `after` (messages received before them). */
  private readonly flowControl: { reply: string; after: number }[] = [];
  private taken_ = 0;
  /** Set while an ordered consumer is being recreated. */
  recreating = false;
  /** Cancels a pending recreation attempt. */
  cancelRetry: (() => void) | undefined;

  constructor(c: PushConsumerImpl, opts: PushConsumerOptions = {}) {
    super();
    this.consumer = c;
    this.nc = c.api.nc;
    this.callback = typeof opts.callback === "function" ? opts.callback : null;
    this.abortOnMissingResource = opts.abort_on_missing_resource === true;
    this.acks = this.callback ? new DirectAcks(this.nc) : new CoalescingAcks(this.nc, () => this.getPending() > 0, (err) => this.stop(err));
    this.onBreak = () => this.stop();
    this.start();
  }

  /** A consume with a callback has nothing to iterate: a `for await` over it fails at once, as nats.js's. */
  override [Symbol.asyncIterator](): AsyncIterator<JsMsg> {
    return this.callback ? callbackIteration() : super[Symbol.asyncIterator]();
  }

  private start(): void {
    const { deliver_subject, idle_heartbeat } = this.consumer._info.config;
    if (!deliver_subject) throw new Error("bad consumer info");
    if (idle_heartbeat) {
      this.monitor = new IdleHeartbeatMonitor(Math.max(1, Math.round(idle_heartbeat / 1_000_000)), (count) => {
        this.notify({ type: "heartbeats_missed", count });
        if (this.consumer.ordered) this.reset();
        return false;
      });
    }
    this.unwatch = watchConnection(this.nc, {
      disconnect: () => this.monitor?.cancel(),
      reconnect: () => this.monitor?.restart(),
      closed: (err) => this.stop(err),
    });
    this.subscribe(deliver_subject);
  }

  /** @internal Subscribes to `subject` (again, after an ordered reset moved the deliver subject). */
  subscribe(subject: string): void {
    const old = this.sub;
    this.deliverSubject = subject;
    const sub = this.nc.subscribe(subject, {
      queue: this.consumer._info.config.deliver_group,
      callback: (err, msg) => {
        if (err) return this.stop(err);
        if (subject === this.deliverSubject) this.onMessage(msg, subject);
      },
    });
    this.sub = sub;
    void sub.closed.then(() => {
      // The subscription ended without us (the connection closed, a permissions error): so does the consumer.
      if (this.sub === sub && !this.stopped) this.stop();
    });
    old?.unsubscribe();
  }

  private onMessage(msg: Msg, subject: string): void {
    if (this.stopped) return;
    if (this.monitor) this.monitor.seen++;
    // Heartbeats and flow control come addressed to the deliver subject, with a status line.
    if (msgStatusCode(msg) !== 0 && msg.subject === subject) return this.onStatus(new JetStreamStatus(msg), msg);
    const c = this.consumer;
    if (c.ordered && !c.cursor.next(msg.reply ?? "")) {
      this.reset();
      return;
    }
    const m = new JsMsgImpl(msg, c.api.timeout, this.acks);
    if (this.callback) {
      this.received++;
      try {
        this.callback(m);
      } catch (err) {
        this.stop(err as Error);
        return;
      }
      this.processed++;
      return;
    }
    this.push(m);
  }

  private onStatus(status: JetStreamStatus, msg: Msg): void {
    if (status.isFlowControlRequest()) {
      const reply = msg.reply;
      if (reply) {
        // Answered once everything received before it has been taken by the application.
        if (this.callback || this.getPending() === 0) this.respond(reply);
        else this.flowControl.push({ reply, after: this.getReceived() });
      }
      this.notify({ type: "flow_control" });
      return;
    }
    if (status.isIdleHeartbeat()) {
      const hb = status.parseHeartbeat()!;
      this.notify(hb);
      const stalled = msg.headers?.get(JsHeaders.ConsumerStalledHdr);
      if (stalled) this.respond(stalled);
      return;
    }
    const { code, description } = status;
    if (status.isConsumerDeleted()) this.notify({ type: "consumer_deleted", code, description });
    if (this.abortOnMissingResource) this.stop(status.toError());
  }

  private respond(subject: string): void {
    try {
      this.nc.publish(subject, Empty);
    } catch (err) {
      this.stop(err as Error);
    }
  }

  protected override taken(_m: JsMsg): void {
    this.taken_++;
    while (this.flowControl.length > 0 && this.flowControl[0]!.after <= this.taken_) this.respond(this.flowControl.shift()!.reply);
  }

  override next(): Promise<IteratorResult<JsMsg>> {
    if (this.getPending() === 0) this.acks.flush();
    return super.next();
  }

  /** @internal Recreates an ordered push consumer after a gap or missed heartbeats. */
  reset(): void {
    this.consumer.recreateOrdered(this).catch((err) => this.stop(err as Error));
  }

  notify(n: ConsumerStatus): void {
    if (this.notifier.active) this.notifier.notify(n);
  }

  status(): AsyncIterable<ConsumerStatus> {
    return this.notifier.listen();
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  override stop(err?: Error): void {
    if (!this.stopped) {
      this.stopped = true;
      this.acks.flush();
      // Flow control owed for messages the application will never take: answer it so the server moves on.
      for (const fc of this.flowControl.splice(0)) this.respond(fc.reply);
      this.sub?.unsubscribe();
      this.monitor?.cancel();
      this.monitor = null;
      this.unwatch?.();
      this.cancelRetry?.();
      this.notifier.end(err);
    }
    super.stop(err);
  }

  close(): Promise<void | Error> {
    this.stop();
    return this.iterClosed;
  }

  closed(): Promise<void | Error> {
    return this.iterClosed;
  }
}
