/**
 * Core client benchmark against nats.js v3 (@nats-io/transport-node), same server, same run, interleaved:
 * pub-only (16 B x 1M, 1 KiB x 200k: publish loop, then flush), pub+sub 16 B on two connections of one
 * process, sub-only with an external raw publisher, and 20,000 sequential requests answered by the same client on a second connection.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { connect as oursConnect } from "@nats-stack/core";
import { connect as theirsConnect } from "@nats-io/transport-node";
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { interleave, median, report, type Row } from "./src/harness";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);

// The two clients through the API they share.
interface Conn {
  publish(s: string, d?: Uint8Array): void;
  subscribe(s: string, o?: { callback?: (e: Error | null, m: { data: Uint8Array }) => void }): { unsubscribe(): void };
  request(s: string, d?: Uint8Array, o?: { timeout: number }): Promise<unknown>;
  flush(): Promise<void>;
  close(): Promise<void>;
}
type Connect = (o: { servers: string; pingInterval?: number }) => Promise<Conn>;
const clients: Record<"ours" | "nats.js", Connect> = {
  ours: oursConnect as unknown as Connect,
  "nats.js": theirsConnect as unknown as Connect,
};

let srv: NatsServer;
let seq = 0;
const subject = () => `bench.core.${process.pid}.${++seq}`;

async function pubOnly(c: Connect, size: number, n: number): Promise<number> {
  const nc = await c({ servers: srv.url });
  const data = new Uint8Array(size).fill(120);
  const s = subject();
  const t = performance.now();
  for (let i = 0; i < n; i++) nc.publish(s, data);
  await nc.flush();
  const ms = performance.now() - t;
  await nc.close();
  return n / (ms / 1000);
}

async function pubSub(c: Connect, size: number, n: number): Promise<number> {
  const sc = await c({ servers: srv.url });
  const pc = await c({ servers: srv.url });
  const s = subject();
  let got = 0;
  let done!: () => void;
  const all = new Promise<void>((r) => (done = r));
  sc.subscribe(s, { callback: () => ++got === n && done() });
  await sc.flush();
  const data = new Uint8Array(size).fill(120);
  const t = performance.now();
  for (let i = 0; i < n; i++) pc.publish(s, data);
  await pc.flush();
  await all;
  const ms = performance.now() - t;
  await pc.close();
  await sc.close();
  return n / (ms / 1000);
}

async function subOnly(c: Connect, size: number, n: number): Promise<number> {
  const nc = await c({ servers: srv.url });
  const s = subject();
  let got = 0;
  let t0 = 0;
  let done!: () => void;
  const all = new Promise<void>((r) => (done = r));
  nc.subscribe(s, {
    callback: (_e, m) => {
      if (got === 0) t0 = performance.now();
      if (m.data.length !== size) throw new Error("bad size");
      if (++got === n) done();
    },
  });
  await nc.flush();
  const pub = spawn(process.execPath, [join(__dirname, "raw-publisher.cjs"), String(srv.port), s, String(n), String(size)], { stdio: "ignore" });
  await all;
  const ms = performance.now() - t0;
  pub.kill();
  await nc.close();
  return n / (ms / 1000);
}

// Sequential requests, answered by a second connection of the same client in the same process (as
// nats.js's own bench does), so the library is measured at both ends of the exchange.
async function requests(c: Connect, n: number): Promise<number[]> {
  const rc = await c({ servers: srv.url });
  const s = subject();
  rc.subscribe(s, { callback: (_e, m) => (m as unknown as { respond(d: Uint8Array): boolean }).respond(m.data) });
  await rc.flush();
  const nc = await c({ servers: srv.url });
  const data = new Uint8Array(16).fill(120);
  const lat: number[] = new Array(n);
  for (let i = 0; i < 500; i++) await nc.request(s, data, { timeout: 5000 });
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await nc.request(s, data, { timeout: 5000 });
    lat[i] = performance.now() - t;
  }
  await nc.close();
  await rc.close();
  return lat;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function main(): Promise<void> {
  // Slow-consumer limits raised so the benchmark measures clients, not the server's protection.
  srv = await startServer({ config: "max_pending: 512MB\nwrite_deadline: \"30s\"\n" });
  const rows: Row[] = [];
  const names = ["ours", "nats.js"] as const;
  const both = async (label: string, unit: string, f: (c: Connect) => Promise<number>, higherIsBetter = true) => {
    await f(clients.ours);
    await f(clients["nats.js"]);
    const r = await interleave(ROUNDS, { ours: () => f(clients.ours), "nats.js": () => f(clients["nats.js"]) });
    const o = median(r.ours);
    const t = median(r["nats.js"]);
    rows.push({ benchmark: label, unit, ours: Math.round(o), "nats.js": Math.round(t), "ours/nats.js": higherIsBetter ? o / t : o / t });
    console.error(`${label}: ours ${Math.round(o)} nats.js ${Math.round(t)} (${(o / t).toFixed(2)}x)`);
  };
  try {
    await both("pub-only 16 B x 1M", "msgs/s", (c) => pubOnly(c, 16, Math.round(1_000_000 * SCALE)));
    await both("pub-only 1 KiB x 200k", "msgs/s", (c) => pubOnly(c, 1024, Math.round(200_000 * SCALE)));
    await both("pub+sub 16 B x 500k (two connections)", "msgs/s", (c) => pubSub(c, 16, Math.round(500_000 * SCALE)));
    await both("sub-only 16 B x 1M (external publisher)", "msgs/s", (c) => subOnly(c, 16, Math.round(1_000_000 * SCALE)));
    const n = Math.round(20_000 * SCALE);
    await requests(clients.ours, 1000);
    await requests(clients["nats.js"], 1000);
    const lat = await interleave(ROUNDS, {
      ours: async () => pct(await requests(clients.ours, n), 50),
      "nats.js": async () => pct(await requests(clients["nats.js"], n), 50),
    });
    const p99 = await interleave(Math.max(3, Math.floor(ROUNDS / 2)), {
      ours: async () => pct(await requests(clients.ours, n), 99),
      "nats.js": async () => pct(await requests(clients["nats.js"], n), 99),
    });
    for (const [label, samples] of [["request p50", lat], ["request p99", p99]] as const) {
      const o = median(samples.ours);
      const t = median(samples["nats.js"]);
      rows.push({ benchmark: `${label} (${n} sequential)`, unit: "µs", ours: Math.round(o * 1000), "nats.js": Math.round(t * 1000), "ours/nats.js": o / t });
    }
  } finally {
    await srv.stop();
  }
  void names;
  report("core", "Core client vs nats.js v3 (@nats-io/transport-node 3.4.0)", rows, [
    `median of ${ROUNDS} interleaved rounds, one nats-server ${"2.9.10"} on loopback, node ${process.version}`,
    "throughput rows: higher is better (ratio > 1 means ours is faster); latency rows: lower is better (ratio < 1 means ours is faster)",
    "targets: pub-only 16 B >= 3x, pub+sub 16 B >= 2.5x, sub-only >= 1.5x, request p50 <= 0.75x",
  ]);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
