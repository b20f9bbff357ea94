/**
 * nats.js's `slow` subscription option (its `SlowNotifier`): a warning threshold, not a limit. When the
 * messages waiting for an iterator rise above it, one `slowConsumer` status is raised; the next one only
 * after the queue has come back down to the threshold. Nothing is dropped here; dropping is the job of
 * `pendingMsgsLimit`/`pendingBytesLimit`.
 */
export class SlowNotifier {
  private notified = false;

  constructor(private readonly threshold: number) {}

  /** Called with the pending count after each delivery; true when a `slowConsumer` status is due now. */
  crossed(pending: number): boolean {
    if (pending <= this.threshold) {
      this.notified = false;
      return false;
    }
    if (this.notified) return false;
    this.notified = true;
    return true;
  }
}
