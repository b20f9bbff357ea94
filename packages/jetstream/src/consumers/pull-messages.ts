/**
 * The messages of a pull consumer's `fetch()` or `consume()`: pull requests sent to
 * `$JS.API.CONSUMER.MSG.NEXT.<stream>.<consumer>` with this iterator's inbox as reply subject; data messages
 * arrive on the inbox with their own subject, statuses with the inbox as subject.
 *
 * After nats.go's pull.go: what the client has coming (requested, plus received and not yet handed out) is
 * counted, and `consume()` asks for more once it falls to the threshold; an idle-heartbeat monitor notices a
 * server that went quiet; a reconnect re-checks the consumer and pulls again. An ordered consumer checks
 * every delivery sequence and recreates its consumer at the next stream sequence on a gap; its `consume()`
 * without a given bound also bounds each request in bytes (see ordered-budget.ts). This file keeps the
 * per-message path; the requests (pull-request.ts), the server's statuses (pull-status.ts) and the recovery
 * (pull-recovery.ts) live apart.
 */
import { createInbox, msgStatusCode, QueuedIteratorImpl, type Msg, type NatsConnection, type Subscription } from "@nats-stack/core";
import type { PullOptions } from "../api/consumer-config";
import { connectionInboxPrefix } from "../api/options";
import { CoalescingAcks, DirectAcks } from "../jsmsg/ack-sender";
import { JsMsgImpl, type JsMsg } from "../jsmsg/jsmsg";
import type { ConsumeOptions, ConsumerCallbackFn, ConsumerMessages, FetchOptions } from "./consumer-api";
import type { IdleHeartbeatMonitor } from "./heartbeat-monitor";
import { Notifier, type ConsumerStatus } from "./notifications";
import { callbackIteration } from "./callback-iteration";
import { ONE_MESSAGE, OrderedBytes, WAIT } from "./ordered-budget";
import {
  checkOrderedPullOptions,
  isPinnedPull,
  ORDERED_MAX_MESSAGES,
  ORDERED_THRESHOLD,
  parsePullOptions,
  type ResolvedPullOptions,
} from "./pull-options";
import { onPullStatus } from "./pull-status";
import type { PullConsumerImpl } from "./pull-consumer";
import { refillDue, refillRequest } from "./refill";
import { recoverPull, watchPull } from "./pull-recovery";
import { pullBody, pulledSize, sendPull } from "./pull-request";

/** The iterator (or callback driver) of one `fetch()` or `consume()`. */
export class PullConsumerMessagesImpl extends QueuedIteratorImpl<JsMsg> implements ConsumerMessages {
  readonly consumer: PullConsumerImpl;
  readonly opts: ResolvedPullOptions;
  readonly isConsume: boolean;
  readonly nc: NatsConnection;
  /** Requested and not yet received (messages, bytes), and unfinished requests. */
  readonly pending = { msgs: 0, bytes: 0, requests: 0 };
  /** @internal Received and not yet handed to the application. */
  buffered = { msgs: 0, bytes: 0 };
  private readonly bufferedSizes: number[] = [];
  private bufferedHead = 0;
  private readonly callback: ConsumerCallbackFn | null;
  readonly abortOnMissingResource: boolean;
  readonly bind: boolean;
  private readonly inboxPrefix: string;
  /** The inbox of the current pull requests (`<prefix>.<serial>`; an ordered reset moves to a new one). */
  inbox: string;
  private sub: Subscription | undefined;
  private unsubOnDrain = false;
  monitor: IdleHeartbeatMonitor | null = null;
  /** @internal The `status()` listeners. */
  readonly notifier = new Notifier();
  readonly acks: DirectAcks;
  private unwatch: (() => void) | undefined;
  private stopped = false;
  /** @internal Set by a 409 that stalled a consume, until its pulls restart (see onPullStatus). */
  stalled = false;
  /** The first pull request, for the first `status()` listener (see status()). */
  private firstPull: PullOptions | undefined = undefined;
  /** Set while a recovery is running, so two do not overlap. */
  inReset = false;
  /** Set while an ordered consumer is being recreated. */
  recreating = false;
  /** @internal Whether the requests ask for a pinned client (priority policy `pinned_client`). */
  readonly isPinned: boolean;
  /** @internal The pinned client's id the server gave (`Nats-Pin-Id`), "" when not (or no longer) pinned. */
  natsPinId = "";
  /** Ordered: cancels a pending recreation attempt. */
  cancelRetry: (() => void) | undefined;
  /**
   * @internal An ordered `consume()` without a given bound: its batch measured from the sizes, and its
   * requests' byte bounds (null: bounded by the options).
   */
  readonly bytesBound: OrderedBytes | null = null;

  constructor(c: PullConsumerImpl, opts: FetchOptions | ConsumeOptions = {}, refilling = false) {
    super();
    // `stopped` and `unsubOnDrain` change when the first fetch or consume ends, usually after the delivery
    // path was optimised: written twice here so V8 never treats them as constants the optimised code relies
    // on (trace-generalization: stopped const -> mutable in stop(), then taken and the subscription callback
    // marked for deoptimization). Core's QueuedIteratorImpl does the same for `done`.
    this.stopped = true;
    this.stopped = false;
    this.unsubOnDrain = true;
    this.unsubOnDrain = false;
    this.consumer = c;
    this.nc = c.api.nc;
    this.isConsume = refilling;
    if (c.ordered) checkOrderedPullOptions(opts);
    const ordered = c.ordered && refilling;
    this.opts = parsePullOptions(this.nc, opts, refilling, ordered ? ORDERED_MAX_MESSAGES : undefined, ordered ? ORDERED_THRESHOLD : undefined);
    const co = opts as ConsumeOptions;
    if (ordered && !(co as { max_messages?: number }).max_messages && !(co as { max_bytes?: number }).max_bytes) this.bytesBound = new OrderedBytes();
    this.callback = typeof co.callback === "function" ? co.callback : null;
    this.abortOnMissingResource = co.abort_on_missing_resource === true;
    this.bind = co.bind === true;
    this.isPinned = isPinnedPull(opts);
    this.inboxPrefix = createInbox(connectionInboxPrefix(this.nc));
    this.inbox = `${this.inboxPrefix}.${c.serial}`;
    // Iterators: acks wait while more messages are queued (see CoalescingAcks), and, once a fetch has all its
    // messages, until its UNSUB is written (see releaseSub). Callbacks run inside the delivery of a read, whose
    // acks core writes together anyway.
    this.acks = this.callback
      ? new DirectAcks(this.nc)
      : new CoalescingAcks(
          this.nc,
          () => this.unsubOnDrain || this.getPending() > 0,
          (err) => this.stop(err),
          () => this.unsubOnDrain && this.getPending() === 0,
        );
    this.onBreak = () => {
      this.stop();
      this.releaseSub();
    };
    this.start();
  }

  /** A consume with a callback has nothing to iterate: a `for await` over it fails at once, as nats.js's. */
  override [Symbol.asyncIterator](): AsyncIterator<JsMsg> {
    return this.callback ? callbackIteration() : super[Symbol.asyncIterator]();
  }

  private start(): void {
    this.subscribe();
    this.unwatch = watchPull(this);
    const first = pullBody(this);
    sendPull(this, first);
    // nats.js's callback consume sends its first pull inside consume(), before anyone can listen: none to keep.
    if (!this.callback) this.firstPull = first;
  }

  /** @internal Moves to the inbox of a new ordered consumer (`<prefix>.<serial>`); the old one's traffic is dropped. */
  moveInbox(serial: number): void {
    this.inbox = `${this.inboxPrefix}.${serial}`;
    this.subscribe();
  }

  /** @internal Subscribes to the current inbox (again, after an ordered reset moved it). */
  subscribe(): void {
    const old = this.sub;
    const inbox = this.inbox;
    this.sub = this.nc.subscribe(inbox, {
      callback: (err, msg) => {
        if (err) return this.stop(err);
        this.onMessage(msg, inbox);
      },
      // Bounded by what was requested; never drop a message the server was asked for.
      pendingMsgsLimit: -1,
      pendingBytesLimit: -1,
    });
    old?.unsubscribe();
  }

  private onMessage(msg: Msg, inbox: string): void {
    if (this.stopped || inbox !== this.inbox) return;
    if (this.monitor) this.monitor.seen++;
    // Statuses come addressed to the inbox; data keeps its own subject and never has a status line. The
    // status check comes first: it reads the raw header line, where the subject would have to be decoded.
    if (msgStatusCode(msg) !== 0 && msg.subject === inbox) {
      onPullStatus(this, msg);
      return;
    }
    const c = this.consumer;
    if (c.ordered && !c.orderedConsumerState!.cursor.next(msg.reply ?? "")) {
      this.reset();
      return;
    }
    const ob = this.bytesBound;
    if (ob !== null && ob.probe > 0) this.resize(ob.measure(pulledSize(msg)));
    const m = new JsMsgImpl(msg, c.api.timeout, this.acks);
    if (this.isPinned && this.natsPinId === "") {
      const pin = msg.headers?.get("Nats-Pin-Id");
      if (pin) {
        this.natsPinId = pin;
        this.notify({ type: "consumer_pinned", id: pin });
      }
    }
    const size = this.opts.max_bytes > 0 ? pulledSize(msg) : 0;
    if (this.pending.msgs > 0) this.pending.msgs--;
    if (this.pending.bytes > 0) this.pending.bytes = Math.max(0, this.pending.bytes - size);
    this.deliver(m, size);
    this.afterMessage(this.callback !== null || this.opts.max_bytes > 0);
  }

  // A self-sized ordered consume() whose sample of sizes is complete: its batch follows them (both ways).
  private resize(max: number): void {
    if (max === 0) return;
    this.opts.max_messages = max;
    this.opts.threshold_messages = Math.floor(max * ORDERED_THRESHOLD);
  }

  private deliver(m: JsMsgImpl, size: number): void {
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
    this.buffered.msgs++;
    this.buffered.bytes += size;
    if (this.opts.max_bytes > 0) this.bufferedSizes.push(size);
    this.push(m);
  }

  /**
   * A message reached the application: it no longer counts as buffered, so more may be due; when it was the
   * last one queued, the held acks are written as the application gets it (see {@link drained}), instead of
   * on its next `next()`: every way of taking a message passes here, so the iterator needs no `next()` of its
   * own in front of the queue's (V8 compiled both, each with the queue's inlined).
   */
  protected override taken(_m: JsMsg): void {
    this.buffered.msgs--;
    if (this.opts.max_bytes > 0) this.takenBytes();
    if (this.isConsume && !this.stopped) this.refill();
    if (this.getPending() === 0) this.drained();
  }

  // A byte-bounded consumer's bookkeeping of what was taken.
  private takenBytes(): void {
    this.buffered.bytes -= this.bufferedSizes[this.bufferedHead] ?? 0;
    this.bufferedSizes[this.bufferedHead++] = 0;
    if (this.bufferedHead > 1024 && this.bufferedHead * 2 > this.bufferedSizes.length) {
      this.bufferedSizes.splice(0, this.bufferedHead);
      this.bufferedHead = 0;
    }
  }

  /**
   * The queue ran dry: nothing is left to coalesce acks with, unless this was a fetch's last message. Then
   * nothing more can arrive, the UNSUB follows once the application has seen the end (or left the loop, or
   * at the latest on the next macrotask, the held acks' timer), and the acks go out with it in one write
   * instead of three (the acks so far, the last message's ack alone, then the UNSUB), ahead of what the
   * program sends next (see {@link endSeen}). Otherwise the held acks go out two
   * microtasks from now (CoalescingAcks.flushSoon): together with the ack of the message being handed out
   * when the loop acks it at once, in one write instead of two (a batch split over two reads ran dry ~once
   * per fetch(256) in the benchmark), and before any I/O either way.
   */
  private drained(): void {
    if (!this.unsubOnDrain) this.acks.flushSoon();
  }

  /**
   * @internal The next queued message, handed out now as {@link next} would (counted, refill checked), or
   * undefined when none is queued: for readers that map messages to values and hand those out themselves,
   * without a Promise per message in between.
   */
  takeQueued(): JsMsg | undefined {
    if (this.getPending() === 0) return undefined;
    const m = this.shift()!;
    this.processed++;
    this.taken(m);
    return m;
  }

  /**
   * Releases the subscription (held acks, then the UNSUB) in the very call that hands the application the
   * end of the iteration, before the loop's code after the end runs. Their write is then scheduled ahead of
   * whatever the program sends next (an info request, the next fetch), and goes out in a write of its own:
   * nats-server 2.9 applies acks on its own time, and acks read in the same read as a request are applied
   * after it (a work-queue stream's info asked for right after the loop, as NATS by Example's
   * workqueue-stream does, showed its acked messages still stored in 20 runs of 20; in 1 to 3 of 20 since,
   * and in 1 to 7 of 20 with nats.js, which writes each ack as it is made). A `.then()` on `iterClosed` ran
   * after the loop's continuation was queued: that write carried the request.
   */
  protected override endSeen(): void {
    if (this.unsubOnDrain) this.releaseSub();
  }

  // Held acks first: the UNSUB always follows the acks of the messages it ends.
  private releaseSub(): void {
    this.unsubOnDrain = false;
    this.acks.flush();
    const sub = this.sub;
    this.sub = undefined;
    sub?.unsubscribe();
  }

  /**
   * @internal After a message or a status: what is still requested, and a refill (`consume()`) or the end
   * (`fetch()`). `refill` false skips the refill check after a data message queued for an iterator bounded by messages:
   * one more requested message became one more queued, what the client has coming did not change, and the
   * application taking it checks (see {@link taken}).
   */
  afterMessage(refill = true): void {
    // A byte budget used to the last byte ends the request: nats-server 2.9 then sends nothing more (no 409,
    // no 408, no heartbeat), so waiting for the message count would only end in missed heartbeats.
    // The estimate is the server's own count (subject, reply, headers and payload).
    if (this.opts.max_bytes > 0 && this.pending.bytes <= 0) this.pending.msgs = 0;
    if (this.pending.msgs <= 0 && this.pending.bytes <= 0) this.pending.requests = 0;
    if (this.isConsume) {
      if (refill) this.refill();
    } else if (this.pending.requests === 0) this.stop();
  }

  /** Asks for more when what the client has coming fell to the threshold. */
  private refill(): void {
    const msgs = this.pending.msgs + this.buffered.msgs;
    const bytes = this.pending.bytes + this.buffered.bytes;
    // Checked for every message: nothing is built unless a request is due.
    if (!refillDue(this.opts, msgs, bytes)) return;
    const r = refillRequest(this.opts, { msgs, bytes });
    if (r) this.requestMore(r.batch, r.max_bytes);
  }

  /**
   * @internal Asks for `batch` more messages (and `maxBytes`, if the options bound bytes); a self-sized ordered
   * consume takes its byte bound from its budget, which may say to wait or to ask for one message alone.
   * Refills and restarted pulls (pull-recovery.ts) both come here, so a restart honours what a 409 said.
   */
  requestMore(batch: number, maxBytes?: number): void {
    const ob = this.bytesBound;
    if (ob === null) return sendPull(this, pullBody(this, batch, maxBytes));
    const b = ob.requestBytes(batch, this.opts.max_messages, this.pending.msgs, this.buffered.msgs);
    if (b === ONE_MESSAGE) sendPull(this, pullBody(this, 1, 0));
    else if (b !== WAIT) sendPull(this, pullBody(this, batch, b));
  }

  /**
   * After a reconnect or missed heartbeats: checks the consumer (unless bound) and pulls again from zero,
   * because whatever the server was asked before may be gone. Resolves false when the consumer stopped.
   */
  resetPending(): Promise<boolean> {
    return recoverPull(this);
  }

  /** @internal Recreates an ordered consumer at the next stream sequence (on a gap, or when it vanished). */
  reset(): void {
    this.consumer.recreateOrdered(this).catch((err) => this.stop(err as Error));
  }

  notify(n: ConsumerStatus): void {
    if (this.notifier.active) this.notifier.notify(n);
  }

  /** The consumer's notifications (bounded per listener). */
  status(): AsyncIterable<ConsumerStatus> {
    // nats.js's iterators send their first pull request when the loop starts, after fetch()/consume()
    // resolved, so a status() loop started then sees it as "next"; ours went out before anyone could listen:
    // the first listener gets it while nothing was received yet. A listener that comes after the end gets
    // nothing (nats.js's never ends; ours ends at once).
    const first = this.firstPull && !this.stopped && this.getReceived() === 0 ? this.firstPull : undefined;
    this.firstPull = undefined;
    return this.notifier.listen(first && { type: "next", options: first });
  }

  /** Stops, after the messages already queued; `closed()` then resolves (to `err` when given). */
  override stop(err?: Error): void {
    if (!this.stopped) {
      this.stopped = true;
      // A fetch that ended with messages still queued keeps its subscription and its held acks until they
      // are taken, so the UNSUB goes out with the last acks in one write (nothing more can arrive for it):
      // once the application has seen the end (or left the loop, where onBreak releases it at once).
      if (!err && this.isIterating && this.getPending() > 0) {
        this.unsubOnDrain = true; // released by endSeen()
      } else this.releaseSub(); // held acks first, then the UNSUB
      this.monitor?.cancel();
      this.monitor = null;
      this.unwatch?.();
      this.cancelRetry?.();
      this.notifier.end(err);
    }
    super.stop(err);
  }

  /** Whether it stopped (or is stopping). */
  get isStopped(): boolean {
    return this.stopped;
  }

  close(): Promise<void | Error> {
    this.stop();
    return this.iterClosed;
  }

  closed(): Promise<void | Error> {
    return this.iterClosed;
  }
}
