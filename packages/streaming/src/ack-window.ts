/**
 * The client's view of a subscription's in-flight window: which delivered sequences are not acknowledged
 * yet, and the highest sequence delivered (where a recovered session resumes a non-durable subscription).
 * Kept separate from the subscription so its rules can be checked against a model (ack-window.prop.test.ts).
 */
export class AckWindow {
  private readonly unacked = new Set<number>();
  private last = 0;
  private deliveries = 0;
  private redeliveries = 0;

  constructor(readonly maxInFlight: number) {}

  /**
   * A delivery of `seq`. Returns true when it is a first delivery of that sequence to this window, false
   * for a redelivery of one still unacknowledged (which must not take a second slot).
   */
  delivered(seq: number): boolean {
    this.deliveries++;
    if (seq > this.last) this.last = seq;
    if (this.unacked.has(seq)) {
      this.redeliveries++;
      return false;
    }
    this.unacked.add(seq);
    return true;
  }

  /** An Ack for `seq` is being sent. Returns false when it was not awaiting one (already acked, never delivered). */
  acked(seq: number): boolean {
    return this.unacked.delete(seq);
  }

  /** Delivered and not acknowledged. */
  get inFlight(): number {
    return this.unacked.size;
  }

  /** True when the server should not send a new (not redelivered) message until something is acked. */
  get full(): boolean {
    return this.unacked.size >= this.maxInFlight;
  }

  /** Highest sequence delivered, 0 before the first. */
  get lastDelivered(): number {
    return this.last;
  }

  /** Counters, for tests and diagnostics. */
  stats(): { deliveries: number; redeliveries: number; inFlight: number; lastDelivered: number } {
    return { deliveries: this.deliveries, redeliveries: this.redeliveries, inFlight: this.unacked.size, lastDelivered: this.last };
  }

  /** Forgets the unacknowledged set (the server forgot it too: a new server-side subscription). */
  reset(): void {
    this.unacked.clear();
  }
}
