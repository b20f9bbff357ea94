/**
 * What a running benchmark shows: on a terminal, a cli-progress bar per client (or per round with
 * `--compare`) refreshed ten times a second from the run's counters; elsewhere, plain lines as clients and
 * rounds finish, so a CI log stays readable.
 */
import { MultiBar, Presets, type SingleBar } from "cli-progress";
import { log } from "../output/log";

/** A progress display fed with counters. */
export interface ProgressView {
  /** Shows bars for `labels` with their `totals`; `read` returns the current counts. */
  start(labels: string[], totals: number[], read: () => number[]): void;
  /** Removes the bars (a plain line `done` is logged instead when not on a terminal). */
  stop(done?: string): void;
}

/** A progress view for stderr: bars on a terminal, lines elsewhere. */
export function progressView(): ProgressView {
  return process.stderr.isTTY ? new BarsView() : new LinesView();
}

class BarsView implements ProgressView {
  private multi: MultiBar | undefined;
  private bars: SingleBar[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private read: () => number[] = () => [];

  start(labels: string[], totals: number[], read: () => number[]): void {
    this.read = read;
    const width = Math.max(...labels.map((l) => l.length));
    this.multi = new MultiBar(
      { format: " {label} {bar} {percentage}% | {value}/{total} msgs", stream: process.stderr, hideCursor: true, clearOnComplete: false, fps: 10 },
      Presets.shades_classic,
    );
    this.bars = labels.map((l, i) => this.multi!.create(totals[i]!, 0, { label: l.padEnd(width) }));
    this.timer = setInterval(() => read().forEach((c, i) => this.bars[i]?.update(c)), 100);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    // The last counts, so finished bars show 100%.
    this.read().forEach((c, i) => this.bars[i]?.update(c));
    this.multi?.stop();
    this.multi = undefined;
  }
}

class LinesView implements ProgressView {
  start(): void {}
  stop(done?: string): void {
    if (done) log(done);
  }
}
