/**
 * One benchmark run in this process on one client library: core pub/sub (core-bench-run.ts) or JetStream
 * publish and consume (js-bench-run.ts), with the same counters and results.
 */
import type { BenchLib, BenchPlan } from "./bench-plan";
import { runCoreOnce } from "./core-bench-run";
import { runJsOnce } from "./js-bench-run";
import type { RunProgress, RunResult } from "./run-result";
import type { GlobalOptions } from "../connection/global-options";

/** Runs `plan` once on `lib` against the server of `g`; fails when nothing moves for `stallMs`. */
export function runOnce(lib: BenchLib, plan: BenchPlan, g: GlobalOptions, progress: RunProgress = { counts: [] }, stallMs = 10_000): Promise<RunResult> {
  return plan.js ? runJsOnce(lib, plan, g, progress, stallMs) : runCoreOnce(lib, plan, g, progress, stallMs);
}
