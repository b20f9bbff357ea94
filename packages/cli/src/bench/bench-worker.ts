/**
 * Runs of one library in a process of its own (`--compare`): the parent starts this executable again with
 * the hidden `bench-worker` verb and a job in JSON; the worker runs the plan once and sends progress and
 * its result back over the IPC channel, so two libraries never share a heap, a JIT or an event loop.
 */
import { spawn } from "node:child_process";
import type { GlobalOptions } from "../connection/global-options";
import { CliError, CliErrorCode } from "../output/cli-error";
import { errorLine } from "../output/error-line";
import type { BenchLib, BenchPlan } from "./bench-plan";
import { runOnce } from "./bench-run";
import type { RunProgress, RunResult } from "./run-result";

/** What a worker is asked to do. */
export interface WorkerJob {
  lib: BenchLib;
  plan: BenchPlan;
  globals: GlobalOptions;
}

type WorkerMessage = { type: "progress"; counts: number[] } | { type: "result"; result: RunResult } | { type: "error"; line: string };

/** Runs a job in a child process; `onProgress` receives the child's counters as they move. */
export function runInWorker(job: WorkerJob, onProgress: (counts: number[]) => void): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // The same entry (bundle, or main.ts with tsx's loader flags) run again.
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, "bench-worker", JSON.stringify(job)], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let result: RunResult | undefined;
    let failure: string | undefined;
    child.on("message", (m: WorkerMessage) => {
      if (m.type === "progress") onProgress(m.counts);
      else if (m.type === "result") result = m.result;
      else failure = m.line;
    });
    child.on("error", (e) => reject(e));
    child.on("exit", (code) => {
      if (result) resolve(result);
      else reject(new CliError(CliErrorCode.Server, failure?.replace(/^nats-stack: error: /, "") ?? `the ${job.lib} benchmark process exited with status ${code}`));
    });
  });
}

/** The worker side: runs the job and reports to the parent (or prints the result without one). */
export async function workerMain(jobJson: string): Promise<void> {
  const job = JSON.parse(jobJson) as WorkerJob;
  const send = (m: WorkerMessage) => (process.send ? process.send(m) : process.stdout.write(JSON.stringify(m) + "\n"));
  const progress: RunProgress = { counts: [] };
  const t = setInterval(() => send({ type: "progress", counts: progress.counts }), 100);
  try {
    const result = await runOnce(job.lib, job.plan, job.globals, progress);
    send({ type: "result", result });
  } catch (e) {
    send({ type: "error", line: errorLine(e) });
  } finally {
    clearInterval(t);
  }
  // Let the IPC messages leave before main exits the process.
  await new Promise<void>((r) => (process.send ? process.send({ type: "progress", counts: progress.counts }, () => r()) : r()));
}
