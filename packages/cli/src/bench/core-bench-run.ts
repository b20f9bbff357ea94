/**
 * One core pub/sub run in this process on one client library: each publisher and subscriber is its own
 * connection; publishers send their share in batches (yielding between batches so subscribers read as
 * they would in a real process), stamping a sample of messages with the send time for latency.
 */
import { measuresLatency, publisherShare, type BenchLib, type BenchPlan } from "./bench-plan";
import { benchConnect, type BenchConn } from "./bench-client";
import { LatencyStamps } from "./latency-stamps";
import { clientLabels, clientTotals, type ClientResult, type RunProgress, type RunResult } from "./run-result";
import { stallWatchdog } from "./stall-watchdog";
import type { GlobalOptions } from "../connection/global-options";

/** Lets the event loop run (reads, timers, progress) between a publisher's batches. */
export const yieldToLoop = (): Promise<void> => new Promise<void>((r) => setImmediate(r));

/** A core pub/sub run: subscribers on the subject, publishers sending their share in batches. */
export async function runCoreOnce(lib: BenchLib, plan: BenchPlan, g: GlobalOptions, progress: RunProgress, stallMs: number): Promise<RunResult> {
  const connect = benchConnect(lib, g);
  const stamps = new LatencyStamps(plan.size, plan.msgs, plan.pubs, plan.subs, measuresLatency(plan));
  progress.counts = new Array(plan.pubs + plan.subs).fill(0);

  const conns: BenchConn[] = [];
  try {
    const subConns: BenchConn[] = [];
    for (let i = 0; i < plan.subs; i++) subConns.push(await connect(`nats-stack bench sub ${i + 1}`));
    const pubConns: BenchConn[] = [];
    for (let i = 0; i < plan.pubs; i++) pubConns.push(await connect(`nats-stack bench pub ${i + 1}`));
    conns.push(...subConns, ...pubConns);

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
            stamps.record(i, m.data, now);
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
          nc.publish(plan.subject, stamps.payload(k));
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
    const watchdog = stallWatchdog(() => progress.counts, clientTotals(plan), clientLabels(plan), stallMs, {
      reason: "the server may have dropped messages to a slow consumer",
      hint: "fewer --msgs or --sub, or a server with a larger max_pending",
    });
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
    return { lib, clients, latency: stamps.summary(), totalMs: end - start };
  } finally {
    await Promise.all(conns.map((c) => c.close().catch(() => {})));
  }
}
