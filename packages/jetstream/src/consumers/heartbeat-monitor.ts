/**
 * Missed-heartbeat detection for a consumer: a timer ticks every heartbeat interval; a tick that saw no
 * traffic since the one before counts as missed, and from `maxOut` missed in a row `onMissed(count)` is called
 * on every further tick until traffic resumes (or it returns true, which stops the monitor). Traffic is
 * recorded by bumping a counter, so the per-message cost is one increment.
 */
export class IdleHeartbeatMonitor {
  /** Bumped by every message the consumer receives. */
  seen = 0;
  private lastSeen = -1;
  private missed = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly interval: number,
    private readonly onMissed: (count: number) => boolean,
    private readonly maxOut = 2,
    /** When it returns true, a quiet tick is not counted (nothing is expected from the server right now). */
    private readonly idle: () => boolean = () => false,
  ) {
    this.start();
  }

  /** Records traffic (for callers that prefer a call to bumping {@link seen}). */
  work(): void {
    this.seen++;
  }

  private start(): void {
    this.lastSeen = this.seen;
    this.missed = 0;
    this.timer = setInterval(() => this.tick(), this.interval);
  }

  private tick(): void {
    if (this.seen !== this.lastSeen || this.idle()) {
      this.lastSeen = this.seen;
      this.missed = 0;
      return;
    }
    this.missed++;
    if (this.missed >= this.maxOut && this.onMissed(this.missed) === true) this.cancel();
  }

  /** Whether it is running. */
  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Stops it (while disconnected, or for good). */
  cancel(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.missed = 0;
  }

  /** Starts it again with a clean count. */
  restart(): void {
    this.cancel();
    this.start();
  }
}
