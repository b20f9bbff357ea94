/**
 * One `for await` loop over a STAN subscription: core's queued iterator, plus STAN's ack rule. The message a
 * loop holds is released (auto-acked, when the subscription auto-acks) when the loop asks for the next one or
 * leaves, so at most `maxInFlight` messages are ever outstanding: the server holds the rest.
 */
import { QueuedIteratorImpl } from "@nats-stack/core";
import type { Message } from "./message";

/** A delivered message and its hold on the auto-ack, as the subscription hands it out. */
export interface Delivery {
  readonly m: Message;
  /** Ends one hold; the message is auto-acked when the last hold ends. */
  release(): void;
  /** Adds a hold (an async `message` listener still running). */
  hold(): void;
  /** A listener failed: no auto-ack. */
  fail(): void;
  /** The `message` listeners already had it. */
  listenersSeen: boolean;
}

/** The queue of one loop. Messages it did not hand out go back to the subscription when the loop leaves. */
export class MessageLoop extends QueuedIteratorImpl<Message> {
  private readonly queued = new Map<Message, Delivery>();
  private current: Delivery | undefined;

  /** `onLeave` gets the deliveries the loop did not take when it leaves early (`break`, `return`, a throw). */
  constructor(private readonly onLeave: (untaken: Delivery[]) => void) {
    super();
  }

  /** Queues a delivery, or hands it to the waiting loop. False once the loop is done (the caller keeps it). */
  add(d: Delivery): boolean {
    if (this.done) return false;
    this.queued.set(d.m, d);
    this.push(d.m);
    return true;
  }

  /** True when a delivery of sequence `seq` waits in this loop's queue. */
  holds(seq: number): boolean {
    for (const m of this.queued.keys()) if (m.getSequence() === seq) return true;
    return false;
  }

  protected override taken(m: Message): void {
    this.current = this.queued.get(m);
    this.queued.delete(m);
  }

  private releaseCurrent(): void {
    const c = this.current;
    this.current = undefined;
    c?.release();
  }

  override next(): Promise<IteratorResult<Message>> {
    this.releaseCurrent();
    return super.next();
  }

  override return(): Promise<IteratorResult<Message>> {
    this.releaseCurrent();
    const untaken: Delivery[] = [];
    for (let m = this.shift(); m !== undefined; m = this.shift()) {
      const d = this.queued.get(m);
      if (d) untaken.push(d);
    }
    this.queued.clear();
    const r = super.return();
    this.onLeave(untaken);
    return r;
  }
}
