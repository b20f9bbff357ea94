/**
 * One benchmark run in this process on one client library: each publisher and subscriber is its own
 * connection; publishers send their share in batches (yielding between batches so subscribers read as
 * they would in a real process), stamping a sample of messages with the send time for latency.
 */
import { measuresLatency, publisherShare, type BenchLib, type BenchPlan } from "./bench-plan";
import { benchConnect, type BenchConn } from "./bench-client";
import { summarise, type LatencySummary } from "./latency";
import { CliError, CliErrorCode } from "../output/cli-error";
import type { GlobalOptions } from "../connection/global-options";

/** One client's part of a run. */
export interface ClientResult {
  role: "pub" | "sub";
  /** From 1, per role. */
  index: number;
  msgs: number;
  /** Milliseconds the client was busy: a publisher from its first publish to its flush, a subscriber from
   * its first message to its last. */
  ms: number;
}

/** What one run measured. */
export interface RunResult {
  lib: BenchLib;
  clients: ClientResult[];
  /** Publish-to-delivery latency over every subscriber, when measured. */
  latency?: LatencySummary;
  /** Milliseconds from the first publish to the last delivery (or flush). */
  totalMs: number;
}

/** Counters a progress display reads while a run goes on. */
export interface RunProgress {
  /** Per client, in {@link clientLabels} order: messages published or received so far. */
  counts: number[];
}

/** Client labels in run order: `Pub #1`…, then `Sub #1`…. */
export function clientLabels(p: BenchPlan): string[] {
  return [...Array.from({ length: p.pubs }, (_, i) => `Pub #${i + 1}`), ...Array.from({ length: p.subs }, (_, i) => `Sub #${i + 1}`)];
}

/** How many messages each client handles in a full run, in {@link clientLabels} order. */
export function clientTotals(p: BenchPlan): number[] {
  return [...Array.from({ length: p.pubs }, (_, i) => publisherShare(p, i)), ...Array.from({ length: p.subs }, () => p.msgs)];
}

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));
/** Payload bytes 0–7 all 0xff read as a float64 NaN: "not stamped". */
const UNSTAMPED = 0xff;
/** Latency samples kept per subscriber at most; stamps are spread to stay under it. */
const MAX_SAMPLES = 50_000;

/** Rejects when no client made progress for `ms` (a server that dropped messages to a slow consumer). */
function stalled(progress: RunProgress, plan: BenchPlan, ms: number): { promise: Promise<never>; stop(): void } {
  let t: ReturnType<typeof setInterval> | undefined;
  const promise = new Promise<never>((_, reject) => {
    let last = "";
    let since = performance.now();
    t = setInterval(() => {
      const now = progress.counts.join(",");
      if (now !== last) {
        last = now;
        since = performance.now();
      } else if (performance.now() - since > ms) {
        clearInterval(t!);
        const labels = clientLabels(plan);
        const totals = clientTotals(plan);
        const behind = labels.map((l, i) => `${l} ${progress.counts[i]}/${totals[i]}`).filter((_, i) => progress.counts[i]! < totals[i]!);
        reject(new CliError(CliErrorCode.Server, `benchmark stalled for ${ms / 1000}s (${behind.join(", ")}): the server may have dropped messages to a slow consumer`, { hint: "fewer --msgs or --sub, or a server with a larger max_pending" }));
      }
    }, 250);
    t.unref();
  });
  return { promise, stop: () => clearInterval(t) };
}

/** Runs `plan` once on `lib` against the server of `g`; fails when nothing moves for `stallMs`. */
export async function runOnce(lib: BenchLib, plan: BenchPlan, g: GlobalOptions, progress: RunProgress = { counts: [] }, stallMs = 10_000): Promise<RunResult> {
  const connect = benchConnect(lib, g);
  const latency = measuresLatency(plan);
  const stride = Math.max(1, Math.floor(plan.msgs / MAX_SAMPLES));
  const shared = new Uint8Array(plan.size).fill(120);
  if (latency) shared.fill(UNSTAMPED, 0, 8);
  progress.counts = new Array(plan.pubs + plan.subs).fill(0);

  const conns: BenchConn[] = [];
  try {
    const subConns: BenchConn[] = [];
    for (let i = 0; i < plan.subs; i++) subConns.push(await connect(`nats-stack bench sub ${i + 1}`));
    const pubConns: BenchConn[] = [];
    for (let i = 0; i < plan.pubs; i++) pubConns.push(await connect(`nats-stack bench pub ${i + 1}`));
    conns.push(...subConns, ...pubConns);

    const samples = Array.from({ length: plan.subs }, () => new Float64Array(Math.ceil(plan.msgs / stride) + plan.pubs));
    const sampleCounts = new Array<number>(plan.subs).fill(0);
    const subFirst = new Array<number>(plan.subs).fill(0);
    const subLast = new Array<number>(plan.subs).fill(0);
    const subsDone = subConns.map((nc, i) => {
      const slot = plan.pubs + i;
      return new Promise<void>((resolve, reject) => {
        let got = 0;
        nc.subscribe(plan.subject, {
          callback: (err, m) => {
            if (err) return reject(err);
            const now = performance.now();
            if (got === 0) subFirst[i] = now;
            got++;
            progress.counts[slot] = got;
            if (latency && m.data.length >= 8) {
              const sent = new DataView(m.data.buffer, m.data.byteOffset, 8).getFloat64(0, true);
              if (!Number.isNaN(sent)) samples[i]![sampleCounts[i]!++] = now - sent;
            }
            if (got >= plan.msgs) {
              subLast[i] = now;
              resolve();
            }
          },
        });
      });
    });
    for (const nc of subConns) await nc.flush();

    const start = performance.now();
    const pubTimes = await Promise.all(
      pubConns.map(async (nc, i) => {
        const n = publisherShare(plan, i);
        const t0 = performance.now();
        for (let k = 0; k < n; k++) {
          if (latency && k % stride === 0) {
            // A stamped message gets its own buffer: a client may still hold the previous one.
            const b = shared.slice();
            new DataView(b.buffer).setFloat64(0, performance.now(), true);
            nc.publish(plan.subject, b);
          } else {
            nc.publish(plan.subject, shared);
          }
          if ((k + 1) % plan.pubBatch === 0) {
            progress.counts[i] = k + 1;
            await yieldToLoop();
          }
        }
        await nc.flush();
        progress.counts[i] = n;
        return performance.now() - t0;
      }),
    );
    const watchdog = stalled(progress, plan, stallMs);
    try {
      await Promise.race([Promise.all(subsDone), watchdog.promise]);
    } finally {
      watchdog.stop();
    }
    const end = performance.now();

    const clients: ClientResult[] = [
      ...pubTimes.map((ms, i) => ({ role: "pub" as const, index: i + 1, msgs: publisherShare(plan, i), ms })),
      // A subscriber that got one message has no span of its own: count it from the start.
      ...subFirst.map((f, i) => ({ role: "sub" as const, index: i + 1, msgs: plan.msgs, ms: plan.msgs > 1 ? subLast[i]! - f : subLast[i]! - start })),
    ];
    let summary: LatencySummary | undefined;
    if (latency) {
      const all = new Float64Array(sampleCounts.reduce((a, b) => a + b, 0));
      let o = 0;
      samples.forEach((s, i) => {
        all.set(s.subarray(0, sampleCounts[i]), o);
        o += sampleCounts[i]!;
      });
      summary = summarise(all);
    }
    return { lib, clients, latency: summary, totalMs: end - start };
  } finally {
    await Promise.all(conns.map((c) => c.close().catch(() => {})));
  }
}
