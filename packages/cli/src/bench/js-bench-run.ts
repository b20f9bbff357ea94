/**
 * One JetStream run in this process on one client library, in natscli's `bench --js` shapes: publishers
 * send their share awaiting acknowledgements in batches of `--pubbatch` (or one by one with `--syncpub`);
 * subscribers consume through an ephemeral ordered consumer each (every one gets every message), or share
 * one durable pull (`--pull`, explicit acks, pull requests of `--consumerbatch`) or push consumer (`--push`,
 * a deliver group, explicit acks). The stream and the durable are prepared by the parent (js-bench-setup.ts),
 * so a run measures only publishing and consuming.
 */
import { measuresLatency, publisherShare, subscriberShare, DEFAULT_BENCH_STREAM, type BenchLib, type BenchPlan } from "./bench-plan";
import { benchConnect, benchJetStream, type BenchConn, type BenchConsuming, type BenchJs, type BenchJsMsg } from "./bench-client";
import { LatencyStamps } from "./latency-stamps";
import { clientLabels, clientTotals, type ClientResult, type RunProgress, type RunResult } from "./run-result";
import { stallWatchdog } from "./stall-watchdog";
import type { GlobalOptions } from "../connection/global-options";

/** Publishes a share, batch by batch; resolves with the milliseconds it took (first publish to last ack). */
async function publishShare(js: BenchJs, plan: BenchPlan, n: number, stamps: LatencyStamps, progress: (k: number) => void): Promise<number> {
  const t0 = performance.now();
  const batch = plan.js!.syncPub ? 1 : plan.pubBatch;
  const acks: Array<Promise<unknown>> = new Array(batch);
  for (let k = 0; k < n; ) {
    const b = Math.min(batch, n - k);
    for (let j = 0; j < b; j++, k++) acks[j] = js.publish(plan.subject, stamps.payload(k));
    await Promise.all(b === batch ? acks : acks.slice(0, b));
    progress(k);
  }
  return performance.now() - t0;
}

/** Runs a JetStream plan once; fails when nothing moves for `stallMs`. */
export async function runJsOnce(lib: BenchLib, plan: BenchPlan, g: GlobalOptions, progress: RunProgress, stallMs: number): Promise<RunResult> {
  const jp = plan.js!;
  const connect = benchConnect(lib, g);
  const jetstream = benchJetStream(lib);
  const stamps = new LatencyStamps(plan.size, plan.msgs, plan.pubs, plan.subs, measuresLatency(plan));
  progress.counts = new Array(plan.pubs + plan.subs).fill(0);

  const conns: BenchConn[] = [];
  const consuming: BenchConsuming[] = [];
  try {
    const subConns: BenchConn[] = [];
    for (let i = 0; i < plan.subs; i++) subConns.push(await connect(`nats-stack bench js sub ${i + 1}`));
    const pubConns: BenchConn[] = [];
    for (let i = 0; i < plan.pubs; i++) pubConns.push(await connect(`nats-stack bench js pub ${i + 1}`));
    conns.push(...subConns, ...pubConns);

    // Subscribers first, so the messages published next are consumed as they arrive.
    const got = new Array<number>(plan.subs).fill(0);
    const subFirst = new Array<number>(plan.subs).fill(0);
    const subLast = new Array<number>(plan.subs).fill(0);
    const shared = jp.consumer !== "ordered";
    let total = 0;
    let finished = 0;
    let allReceived!: () => void;
    const subsDone = new Promise<void>((r) => (allReceived = r));
    if (plan.subs === 0) allReceived();
    for (let i = 0; i < plan.subs; i++) {
      const js = jetstream(subConns[i]!);
      const slot = plan.pubs + i;
      const onMessage = (m: BenchJsMsg) => {
        const now = performance.now();
        if (shared) {
          // Deliveries beyond the run's messages (a stream holding more) are not counted.
          if (total >= plan.msgs) return;
          m.ack();
          total++;
        } else if (got[i]! >= plan.msgs) {
          return;
        }
        if (got[i] === 0) subFirst[i] = now;
        got[i]!++;
        subLast[i] = now;
        progress.counts[slot] = got[i]!;
        stamps.record(i, m.data, now);
        if (shared ? total === plan.msgs : got[i] === plan.msgs && ++finished === plan.subs) allReceived();
      };
      // The defined stream stores only the subject; another stream is filtered to it.
      const filter = jp.stream === DEFAULT_BENCH_STREAM ? {} : { filter_subjects: plan.subject };
      const c =
        jp.consumer === "ordered"
          ? await js.consumers.get(jp.stream, filter)
          : jp.consumer === "pull"
            ? await js.consumers.get(jp.stream, jp.durable)
            : await js.consumers.getPushConsumer(jp.stream, jp.durable);
      consuming.push(await c.consume(jp.consumer === "pull" ? { callback: onMessage, max_messages: jp.consumerBatch } : { callback: onMessage }));
    }

    const start = performance.now();
    const pubsDone = Promise.all(
      pubConns.map((nc, i) => publishShare(jetstream(nc), plan, publisherShare(plan, i), stamps, (k) => (progress.counts[i] = k))),
    );
    const watchdog = stallWatchdog(() => progress.counts, clientTotals(plan), clientLabels(plan), stallMs, {
      reason: shared ? "the consumer delivers no more (are there fewer messages in the stream than --msgs?)" : "the stream delivers no more",
      hint: "`nats-stack stream info` shows what the stream holds",
    });
    let pubTimes: number[];
    try {
      [pubTimes] = await Promise.race([Promise.all([pubsDone, subsDone]), watchdog.promise]);
    } finally {
      watchdog.stop();
    }
    const end = performance.now();

    const clients: ClientResult[] = [
      ...pubTimes.map((ms, i) => ({ role: "pub" as const, index: i + 1, msgs: publisherShare(plan, i), ms })),
      ...got.map((n, i) => ({ role: "sub" as const, index: i + 1, msgs: shared ? n : subscriberShare(plan, i), ms: n > 1 ? subLast[i]! - subFirst[i]! : subLast[i]! - start })),
    ];
    return { lib, clients, latency: stamps.summary(), totalMs: end - start };
  } finally {
    await Promise.all(consuming.map((c) => c.close().catch(() => {})));
    await Promise.all(conns.map((c) => c.close().catch(() => {})));
  }
}
