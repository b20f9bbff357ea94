/**
 * Runs reduced to what the table, the Markdown report and the chart show: per client and per role the
 * median rate over the rounds, and the latency summary, for each library that ran.
 */
import type { BenchLib, BenchPlan } from "./bench-plan";
import type { RunResult } from "./run-result";
import { combine, median, type LatencySummary } from "./latency";

/** One row: a client, or all clients of a role. */
export interface BenchRow {
  /** `pub-1`, `sub-2`, `pubs`, `subs`. */
  key: string;
  label: string;
  role: "pub" | "sub";
  /** True for the all-publishers / all-subscribers rows. */
  total: boolean;
  msgs: number;
  msgsPerSec: number;
  mibPerSec: number;
}

/** Everything measured for one library. */
export interface LibResult {
  lib: BenchLib;
  rounds: number;
  rows: BenchRow[];
  latency?: LatencySummary;
}

/** The whole benchmark, as the reports see it. */
export interface BenchReport {
  plan: BenchPlan;
  libs: LibResult[];
  server: string;
  node: string;
  date: string;
  /** Said under the results: how the numbers were taken. */
  notes: string[];
}

const MIB = 1024 * 1024;

function rate(msgs: number, ms: number): number {
  return ms > 0 ? msgs / (ms / 1000) : NaN;
}

/** One library's rounds as rows of medians. */
export function reduceRuns(lib: BenchLib, plan: BenchPlan, runs: RunResult[]): LibResult {
  const rows: BenchRow[] = [];
  const row = (key: string, label: string, role: "pub" | "sub", total: boolean, msgs: number, rates: number[]) => {
    const r = median(rates);
    rows.push({ key, label, role, total, msgs, msgsPerSec: r, mibPerSec: (r * plan.size) / MIB });
  };
  for (const role of ["pub", "sub"] as const) {
    const n = role === "pub" ? plan.pubs : plan.subs;
    for (let i = 1; i <= n; i++) {
      const per = runs.map((r) => r.clients.find((c) => c.role === role && c.index === i)!);
      row(`${role}-${i}`, `${role === "pub" ? "Pub" : "Sub"} #${i}`, role, false, per[0]!.msgs, per.map((c) => rate(c.msgs, c.ms)));
    }
    if (n > 1) {
      // All clients of a role: their messages over the span of the slowest one (they run at once).
      const rates = runs.map((r) => {
        const cs = r.clients.filter((c) => c.role === role);
        return rate(cs.reduce((a, c) => a + c.msgs, 0), Math.max(...cs.map((c) => c.ms)));
      });
      const msgs = runs[0]!.clients.filter((c) => c.role === role).reduce((a, c) => a + c.msgs, 0);
      row(`${role}s`, role === "pub" ? "All publishers" : "All subscribers", role, true, msgs, rates);
    }
  }
  const lat = combine(runs.map((r) => r.latency).filter((l): l is LatencySummary => l !== undefined));
  return { lib, rounds: runs.length, rows, ...(lat ? { latency: lat } : {}) };
}
