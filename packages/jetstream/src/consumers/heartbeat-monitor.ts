/**
 * Missed-heartbeat detection for a consumer: every heartbeat interval, a monitor that saw no traffic since
 * its previous check counts a miss, and from `maxOut` misses in a row `onMissed(count)` is called at every
 * further check until traffic resumes (or it returns true, which stops the monitor). Traffic is recorded by
 * bumping a counter, so the per-message cost is one increment.
 *
 * Monitors with the same interval share one timer: a `fetch()` loop makes a monitor per batch, and a timer
 * each would cost more than the batch's messages.
 */

type Timer = ReturnType<typeof setInterval> & { ref?(): unknown; unref?(): unknown };

/**
 * One interval's timer and the monitors it drives. A ticker left without monitors keeps its timer until its
 * next tick, unreferenced (it keeps no process alive), because a `fetch()` loop's next batch usually comes
 * before that: a timer made and cleared per batch cost more than the rest of the batch's monitoring.
 */
class Ticker {
  readonly monitors = new Set<IdleHeartbeatMonitor>();
  private readonly timer: Timer;
  constructor(readonly interval: number) {
    this.timer = setInterval(() => {
      if (this.monitors.size === 0) {
        clearInterval(this.timer);
        if (tickers.get(this.interval) === this) tickers.delete(this.interval);
        return;
      }
      for (const m of this.monitors) m.tick();
    }, interval) as Timer;
  }
  // Unreferenced exactly while it has no monitors.
  add(m: IdleHeartbeatMonitor): void {
    if (this.monitors.size === 0) this.timer.ref?.();
    this.monitors.add(m);
  }
  remove(m: IdleHeartbeatMonitor): void {
    if (this.monitors.delete(m) && this.monitors.size === 0) this.timer.unref?.();
  }
}

const tickers = new Map<number, Ticker>();

/** A consumer's heartbeat watchdog. */
export class IdleHeartbeatMonitor {
  /** Bumped by every message the consumer receives. */
  seen = 0;
  private lastSeen = -1;
  private missed = 0;
  /** Ticks to skip: a monitor (re)started between two ticks of a shared timer gets a full interval first. */
  private grace = 0;
  private ticker: Ticker | undefined;

  constructor(
    readonly interval: number,
    private readonly onMissed: (count: number) => boolean,
    private readonly maxOut = 2,
    /** When it returns true, a quiet check is not counted (nothing is expected from the server right now). */
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
    this.grace = 1;
    let t = tickers.get(this.interval);
    if (!t) {
      t = new Ticker(this.interval);
      tickers.set(this.interval, t);
    }
    t.add(this);
    this.ticker = t;
  }

  /** @internal One check, from the shared timer. */
  tick(): void {
    if (this.grace > 0) {
      this.grace--;
      this.lastSeen = this.seen;
      return;
    }
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
    return this.ticker !== undefined;
  }

  /** Stops it (while disconnected, or for good). */
  cancel(): void {
    this.ticker?.remove(this);
    this.ticker = undefined;
    this.missed = 0;
  }

  /** Starts it again with a clean count. */
  restart(): void {
    this.cancel();
    this.start();
  }
}
