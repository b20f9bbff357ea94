/**
 * Fans a consumer's notifications out to every `status()` iterator. Each listener is bounded: one that does
 * not read loses its oldest notifications first (nats.js's listeners grow without limit).
 */
import { QueuedIteratorImpl } from "@nats-stack/core";
import type { ConsumerNotification } from "./consumer-api";

/** What `status()` yields. */
export type ConsumerStatus = ConsumerNotification;

/** Notifications kept per listener that does not read them. */
export const MAX_QUEUED_NOTIFICATIONS = 1024;


/** The listeners of one consumer's notifications. */
export class Notifier {
  private listeners: QueuedIteratorImpl<ConsumerStatus>[] = [];
  private ended = false;

  /** A new listener, given `first` first when there is one. After the consumer stopped, it ends at once. */
  listen(first?: ConsumerStatus): QueuedIteratorImpl<ConsumerStatus> {
    const it = new QueuedIteratorImpl<ConsumerStatus>();
    if (first) it.push(first);
    if (this.ended) it.stop();
    else {
      this.listeners.push(it);
      it.onBreak = () => (this.listeners = this.listeners.filter((l) => l !== it));
    }
    return it;
  }

  /** Whether anyone listens (so callers can skip building a notification). */
  get active(): boolean {
    return this.listeners.length > 0;
  }

  notify(n: ConsumerStatus): void {
    for (const l of this.listeners) {
      if (l.done) continue;
      if (l.getPending() >= MAX_QUEUED_NOTIFICATIONS) l.shift();
      l.push(n);
    }
  }

  /** Ends every listener, after a `stopped` notification when `err` is given. */
  end(err?: Error): void {
    if (this.ended) return;
    if (err) this.notify({ type: "stopped", error: err });
    this.ended = true;
    for (const l of this.listeners) l.stop();
    this.listeners = [];
  }
}
