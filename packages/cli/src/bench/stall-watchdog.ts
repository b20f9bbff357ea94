/**
 * A run where no client makes progress for a while has stalled (a server that dropped messages to a slow
 * consumer, a stream that refuses messages): the watchdog fails it with the clients still behind instead
 * of letting it hang.
 */
import { CliError, CliErrorCode } from "../output/cli-error";

/** A running watchdog. */
export interface Watchdog {
  /** Rejects when nothing moved for the watchdog's period. */
  promise: Promise<never>;
  stop(): void;
}

/** What the failure says: the likely reason and what to try. */
export interface StallAdvice {
  reason: string;
  hint: string;
}

/** Watches `counts` (read every 250 ms) against `totals`, labelled by `labels`. */
export function stallWatchdog(counts: () => number[], totals: number[], labels: string[], ms: number, advice: StallAdvice): Watchdog {
  let t: ReturnType<typeof setInterval> | undefined;
  const promise = new Promise<never>((_, reject) => {
    let last = "";
    let since = performance.now();
    t = setInterval(() => {
      const now = counts();
      const key = now.join(",");
      if (key !== last) {
        last = key;
        since = performance.now();
      } else if (performance.now() - since > ms) {
        clearInterval(t!);
        const behind = labels.map((l, i) => `${l} ${now[i]}/${totals[i]}`).filter((_, i) => now[i]! < totals[i]!);
        reject(new CliError(CliErrorCode.Server, `benchmark stalled for ${ms / 1000}s (${behind.join(", ")}): ${advice.reason}`, { hint: advice.hint }));
      }
    }, 250);
    t.unref();
  });
  return { promise, stop: () => clearInterval(t) };
}
