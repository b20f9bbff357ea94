/**
 * Runs benchmark contenders each in its own process: one process per run, rounds interleaved with the
 * order rotated per round (A B C, B C A, C A B, …), so no client inherits another's garbage, JIT state or
 * heap, and every client sees the machine's drifting load in every position.
 *
 * The contract with a contender process (Node bundle, Go binary, anything):
 * - it is started as `<command> <...args> <shapeId> <params JSON>`;
 * - it may print `{"event":"ready"}` on a line of stdout when the harness should act (start a publisher);
 *   the harness runs the shape's `onReady` then;
 * - it prints its result as one line `{"metrics":{"<key>":<number>,…}}` on stdout and exits 0;
 * - anything else on stdout is ignored, stderr is kept for the error message of a failed run.
 *
 * A shape's `setup` runs before each run (a fresh server, a helper process, a unique subject) and returns
 * the params handed to the contender; its `teardown` runs after the run, also when the run failed.
 */
import { spawn } from "node:child_process";
import { rotation } from "./stats";

/** A client under test: how to start one of its processes. */
export interface Contender {
  /** Name in tables and charts (`ours`, `nats.js`, `nats.go`). */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

/** One number a shape reports, with how to read it. */
export interface Metric {
  /** Key in the contender's `metrics` object. */
  key: string;
  /** Row label in the results table. */
  label: string;
  unit: string;
  better: "higher" | "lower";
  /**
   * Key of the reference contender's sample to compare with, when it differs (the parser rows compare our
   * `rate` with nats.go's `rate` and with its `rateParseOnly`).
   */
  referenceKey?: string;
}

/** Where a run sits in the schedule, for names that must be unique per run. */
export interface RunContext {
  shape: string;
  round: number;
  contender: string;
  /** Position of the run in the whole schedule of this shape (0, 1, 2, …). */
  seq: number;
}

/** What a shape prepared for one run. */
export interface RunSetup {
  /** Handed to the contender process as JSON. */
  params: Record<string, unknown>;
  /** Called when the contender prints `{"event":"ready"}`. */
  onReady?: () => void | Promise<void>;
  /** Called after the run (also after a failure): stop servers and helpers. */
  teardown?: () => void | Promise<void>;
}

/** One measured situation (`pub-only 16 B`, `request/reply`, …). */
export interface Shape {
  id: string;
  title: string;
  metrics: Metric[];
  setup(ctx: RunContext): RunSetup | Promise<RunSetup>;
  /** Milliseconds before a run is killed and counted as failed. Default 180 000. */
  timeoutMs?: number;
}

/** The outcome of one process. */
export interface RunRecord {
  round: number;
  contender: string;
  /** Position within its round (0 = ran first). */
  position: number;
  metrics?: Record<string, number>;
  error?: string;
  /** Wall time of the process, milliseconds. */
  wallMs: number;
}

/** All runs of one shape. */
export interface ShapeRuns {
  shape: { id: string; title: string; metrics: Metric[] };
  contenders: string[];
  rounds: number;
  runs: RunRecord[];
}

/** Options of {@link runInterleaved}. */
export interface InterleavedOptions {
  contenders: Contender[];
  shape: Shape;
  rounds: number;
  /** Called after every run (progress output). */
  onRun?: (r: RunRecord) => void;
}

/** Runs `rounds` rounds of every contender on `shape`, a fresh process per run, order rotated per round. */
export async function runInterleaved(opts: InterleavedOptions): Promise<ShapeRuns> {
  const { contenders, shape, rounds } = opts;
  const runs: RunRecord[] = [];
  let seq = 0;
  for (let round = 0; round < rounds; round++) {
    const order = rotation(contenders, round);
    for (let position = 0; position < order.length; position++) {
      const c = order[position]!;
      const ctx: RunContext = { shape: shape.id, round, contender: c.name, seq: seq++ };
      const t0 = performance.now();
      let rec: RunRecord;
      let setup: RunSetup | undefined;
      try {
        setup = await shape.setup(ctx);
        const metrics = await runProcess(c, shape.id, setup, shape.timeoutMs ?? 180_000);
        rec = { round, contender: c.name, position, metrics, wallMs: performance.now() - t0 };
      } catch (e) {
        rec = { round, contender: c.name, position, error: (e as Error).message, wallMs: performance.now() - t0 };
      } finally {
        try {
          await setup?.teardown?.();
        } catch (e) {
          console.error(`teardown of ${shape.id}/${c.name}: ${(e as Error).message}`);
        }
      }
      runs.push(rec);
      opts.onRun?.(rec);
    }
  }
  return {
    shape: { id: shape.id, title: shape.title, metrics: shape.metrics },
    contenders: contenders.map((c) => c.name),
    rounds,
    runs,
  };
}

/** Samples of one metric per contender, indexed by round (undefined where the run failed). */
export function samplesByRound(r: ShapeRuns, metric: string): Record<string, (number | undefined)[]> {
  const out: Record<string, (number | undefined)[]> = {};
  for (const c of r.contenders) out[c] = new Array<number | undefined>(r.rounds).fill(undefined);
  for (const run of r.runs) {
    const v = run.metrics?.[metric];
    if (typeof v === "number") out[run.contender]![run.round] = v;
  }
  return out;
}

function runProcess(c: Contender, shapeId: string, setup: RunSetup, timeoutMs: number): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(c.command, [...c.args, shapeId, JSON.stringify(setup.params)], {
      stdio: ["ignore", "pipe", "pipe"],
      env: c.env ?? process.env,
    });
    let stdout = "";
    let stderr = "";
    let metrics: Record<string, number> | undefined;
    let failure: Error | undefined;
    const timer = setTimeout(() => {
      failure = new Error(`timed out after ${timeoutMs} ms`);
      child.kill("SIGKILL");
    }, timeoutMs);
    const onLine = (line: string) => {
      if (!line.startsWith("{")) return;
      let msg: { event?: string; metrics?: Record<string, number> };
      try {
        msg = JSON.parse(line);
      } catch {
        return;
      }
      if (msg.event === "ready" && setup.onReady) {
        Promise.resolve()
          .then(setup.onReady)
          .catch((e: Error) => {
            failure = new Error(`onReady: ${e.message}`);
            child.kill("SIGKILL");
          });
      }
      if (msg.metrics) metrics = msg.metrics;
    };
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d: string) => {
      stdout += d;
      let nl: number;
      while ((nl = stdout.indexOf("\n")) >= 0) {
        onLine(stdout.slice(0, nl).trim());
        stdout = stdout.slice(nl + 1);
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d: string) => {
      stderr += d;
      if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
    });
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (stdout.trim()) onLine(stdout.trim());
      if (failure) return reject(failure);
      if (code !== 0) return reject(new Error(`${c.name} exited ${code ?? signal}: ${stderr.trim().slice(-600)}`));
      if (!metrics) return reject(new Error(`${c.name} printed no metrics: ${stderr.trim().slice(-600)}`));
      resolve(metrics);
    });
  });
}
