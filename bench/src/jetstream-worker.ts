/**
 * One timed JetStream run in a process of its own, for one client: the bench (jetstream.bench.ts) starts a
 * worker per run so the two clients never share a heap or a JIT. The same code drives both clients through the
 * API they share; only the two imports differ.
 *
 *   node jetstream-worker.cjs <ours|nats.js> <shape> <url> <stream> <subject> <n> <size>
 *
 * Prints one JSON line: { rate, cpuUs } — messages per second, and the process's CPU time (user + system, all
 * threads) per message in microseconds over the same window (the setup before the clock starts is not timed).
 * CPU per message is the steadier figure on a shared machine: it does not count the time spent waiting for the
 * server or for a core.
 */
import { connect as oursConnect } from "@nats-stack/core";
import { jetstream as oursJetstream, jetstreamManager as oursManager, AckPolicy } from "@nats-stack/jetstream";
import { connect as theirsConnect } from "@nats-io/transport-node";
import { jetstream as theirsJetstream, jetstreamManager as theirsManager } from "@nats-io/jetstream";
import { reportThreadCpu, startFetchCycles, startTimeline, threadCpu } from "./run-diagnostics";
import { startPullTrace } from "./pull-trace";

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const [client, shape, url, stream, subject, nArg, sizeArg] = process.argv.slice(2) as [string, string, string, string, string, string, string];
const n = Number(nArg);
const size = Number(sizeArg);
const api =
  client === "ours"
    ? { connect: oursConnect as Any, jetstream: oursJetstream as Any, manager: oursManager as Any }
    : { connect: theirsConnect as Any, jetstream: theirsJetstream as Any, manager: theirsManager as Any };

async function publishAwaited(js: Any, data: Uint8Array): Promise<void> {
  for (let i = 0; i < n; i++) await js.publish(subject, data);
}

function publishWindow(js: Any, data: Uint8Array, window: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let done = 0;
    let inflight = 0;
    const pump = () => {
      while (inflight < window && sent < n) {
        inflight++;
        sent++;
        js.publish(subject, data).then(() => {
          inflight--;
          if (++done === n) resolve();
          else pump();
        }, reject);
      }
    };
    pump();
  });
}

async function orderedConsume(js: Any): Promise<void> {
  const oc = await js.consumers.get(stream);
  let k = 0;
  for await (const _m of await oc.consume()) if (++k === n) break;
}

async function fetchAck(js: Any, durable: string): Promise<void> {
  const cycles = startFetchCycles();
  const c = await js.consumers.get(stream, durable);
  let k = 0;
  while (k < n) {
    cycles?.mark();
    for await (const m of await c.fetch({ max_messages: Math.min(256, n - k), expires: 5000 })) {
      m.ack();
      k++;
    }
  }
  cycles?.stop();
}

async function consumeAck(js: Any, durable: string): Promise<void> {
  const c = await js.consumers.get(stream, durable);
  let k = 0;
  for await (const m of await c.consume()) {
    m.ack();
    if (++k === n) break;
  }
}

async function main(): Promise<void> {
  // Hooks the socket before it is made (BENCH_PULLS=1 only).
  const pulls = startPullTrace();
  const nc = await api.connect({ servers: url });
  const js = api.jetstream(nc);
  const jsm = await api.manager(nc);
  const data = new Uint8Array(size).fill(120);
  let run: () => Promise<void>;
  let durable = "";
  if (shape === "fetch-ack" || shape === "consume-ack") {
    durable = `d${process.pid}`;
    await jsm.consumers.add(stream, { durable_name: durable, ack_policy: AckPolicy.Explicit });
  }
  switch (shape) {
    case "publish-awaited":
      run = () => publishAwaited(js, data);
      break;
    case "publish-256":
      run = () => publishWindow(js, data, 256);
      break;
    case "ordered-consume":
      run = () => orderedConsume(js);
      break;
    case "fetch-ack":
      run = () => fetchAck(js, durable);
      break;
    case "consume-ack":
      run = () => consumeAck(js, durable);
      break;
    default:
      throw new Error(`unknown shape ${shape}`);
  }
  const threads = threadCpu();
  const timeline = startTimeline(nc);
  pulls?.begin();
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  await run();
  await nc.flush();
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  timeline?.();
  pulls?.report();
  reportThreadCpu(threads);
  if (durable) await jsm.consumers.delete(stream, durable);
  await nc.close();
  console.log(JSON.stringify({ rate: n / (ms / 1000), cpuUs: (cpu.user + cpu.system) / n }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
