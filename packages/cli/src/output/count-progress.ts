/**
 * Progress of a counted run (`pub --count 1000`): a cli-progress bar on a terminal, and on a pipe or file a
 * plain line at each quarter, so logs stay readable.
 */
import { SingleBar, Presets } from "cli-progress";
import { log } from "./log";

/** Counts steps toward a total. */
export interface CountProgress {
  tick(n?: number): void;
  stop(): void;
}

/** A progress display for `total` steps of `what` ("published"). */
export function countProgress(what: string, total: number): CountProgress {
  let done = 0;
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      { format: ` {bar} {percentage}% | ${what} {value}/{total} | {duration_formatted}`, stream: process.stderr, hideCursor: true, fps: 10 },
      Presets.shades_classic,
    );
    bar.start(total, 0);
    return {
      tick: (n = 1) => bar.update((done += n)),
      stop: () => bar.stop(),
    };
  }
  let nextQuarter = 1;
  return {
    tick: (n = 1) => {
      done += n;
      while (nextQuarter <= 4 && done >= (total * nextQuarter) / 4) {
        log(`${what} ${Math.min(done, total)}/${total}`);
        nextQuarter++;
      }
    },
    stop: () => {},
  };
}
