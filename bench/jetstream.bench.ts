/**
 * JetStream benchmark against @nats-io/jetstream 3.4.0: 128 B messages, a file stream, 50,000 messages per run.
 * Every run is a process of its own (bench/src/jetstream-worker.ts), the clients interleaved A B B A …, at least
 * 5 rounds; each row reports both medians and the median of the per-round ratios.
 *
 * Shapes: publish awaited one at a time; publish with at most 256 awaiting acknowledgement; ordered consume of
 * 50k stored; durable fetch(256) + ack each; consume() + ack each.
 *
 * When Go and Debian's nats.go are installed, nats.go 1.22.1 (bench/go/jsbench) runs in the same rounds as the
 * physical reference: the same shapes, except that its ordered consumer is push-based and it has no
 * consume(), so that row is its Fetch(100) loop.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { connect } from "@nats-stack/core";
import { jetstream, jetstreamManager, StorageType } from "@nats-stack/jetstream";
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { median, report, type Row } from "./src/harness";

const ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 5));
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const N = Math.round(50_000 * SCALE);
const SIZE = 128;
const GO = join(__dirname, "jsbench");
const CLIENTS = (existsSync(GO) ? ["ours", "nats.js", "nats.go"] : ["ours", "nats.js"]) as Client[];
type Client = "ours" | "nats.js" | "nats.go";

let srv: NatsServer;
let seq = 0;
// The 1-minute load average at the start and after each shape (the machine is shared).
const load: number[] = [];

/** One run's result: messages per second and the process's CPU microseconds per message. */
interface Sample {
  rate: number;
  cpuUs: number;
  /** The server's CPU microseconds per message over the whole worker run (its setup included). */
  serverUs: number;
}

// The server's CPU time (user + system) in ms, from /proc (clock ticks of 10 ms); NaN where /proc is missing.
function serverCpuMs(): number {
  try {
    const f = readFileSync(`/proc/${srv.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
}

function worker(client: Client, shape: string, stream: string, subject: string): Promise<Sample> {
  const s0 = serverCpuMs();
  return new Promise((resolve, reject) => {
    const args = [shape, srv.url, stream, subject, String(N), String(SIZE)];
    const p =
      client === "nats.go"
        ? spawn(GO, args, { stdio: ["ignore", "pipe", "inherit"] })
        : spawn(process.execPath, [join(__dirname, "jetstream-worker.cjs"), client, ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`${client} ${shape} exited with ${code}`));
      const r = JSON.parse(out.trim().split("\n").pop()!) as Sample;
      r.serverUs = ((serverCpuMs() - s0) * 1000) / N;
      resolve(r);
    });
  });
}

// A fresh file stream for a publish run; removed afterwards so the store does not grow.
async function freshStream(): Promise<{ stream: string; subject: string; remove: () => Promise<void> }> {
  const nc = await connect({ servers: srv.url });
  const jsm = await jetstreamManager(nc);
  const stream = `BENCH_${process.pid}_${++seq}`;
  const subject = `bench.js.${process.pid}.${seq}`;
  await jsm.streams.add({ name: stream, subjects: [subject], storage: StorageType.File });
  return {
    stream,
    subject,
    remove: async () => {
      await jsm.streams.delete(stream);
      await nc.close();
    },
  };
}

// The stream the consume shapes read: N messages, filled once.
async function filledStream(): Promise<{ stream: string; subject: string }> {
  const nc = await connect({ servers: srv.url });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const stream = `BENCH_STORED_${process.pid}`;
  const subject = `bench.stored.${process.pid}`;
  await jsm.streams.add({ name: stream, subjects: [subject], storage: StorageType.File });
  const data = new Uint8Array(SIZE).fill(120);
  const ps = [];
  for (let i = 0; i < N; i++) ps.push(js.publish(subject, data));
  await Promise.all(ps);
  await nc.close();
  return { stream, subject };
}

async function main(): Promise<void> {
  srv = await startServer({ jetstream: true, config: "max_pending: 512MB\nwrite_deadline: \"30s\"\n" });
  load.push(loadavg()[0]!);
  const rows: Row[] = [];
  // `node bench/run.mjs jetstream fetch-ack,ordered-consume` runs some shapes only.
  const wanted = process.argv[2]?.split(",");
  const measure = async (label: string, shape: string, target: string, prepare: () => Promise<{ stream: string; subject: string; remove?: () => Promise<void> }>) => {
    if (wanted && !wanted.includes(shape)) return;
    const samples: Record<Client, number[]> = { ours: [], "nats.js": [], "nats.go": [] };
    const cpu: Record<Client, number[]> = { ours: [], "nats.js": [], "nats.go": [] };
    const server: Record<Client, number[]> = { ours: [], "nats.js": [], "nats.go": [] };
    // nats.js's client + server CPU per message over ours: the rate ratio to expect when the cores are the limit.
    const totalRatios: number[] = [];
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    const goRatios: number[] = [];
    // One unrecorded run each to warm the server's caches and the file store.
    for (const c of CLIENTS) {
      const s = await prepare();
      await worker(c, shape, s.stream, s.subject);
      await s.remove?.();
    }
    for (let r = 0; r < ROUNDS; r++) {
      const order: Client[] = r % 2 === 0 ? CLIENTS : [...CLIENTS].reverse();
      const got: Partial<Record<Client, Sample>> = {};
      for (const c of order) {
        const s = await prepare();
        got[c] = await worker(c, shape, s.stream, s.subject);
        await s.remove?.();
      }
      for (const c of CLIENTS) {
        samples[c].push(got[c]!.rate);
        cpu[c].push(got[c]!.cpuUs);
        server[c].push(got[c]!.serverUs);
      }
      totalRatios.push((got["nats.js"]!.cpuUs + got["nats.js"]!.serverUs) / (got.ours!.cpuUs + got.ours!.serverUs));
      ratios.push(got.ours!.rate / got["nats.js"]!.rate);
      cpuRatios.push(got["nats.js"]!.cpuUs / got.ours!.cpuUs);
      if (got["nats.go"]) goRatios.push(got.ours!.rate / got["nats.go"].rate);
    }
    load.push(loadavg()[0]!);
    const row: Row = {
      benchmark: label,
      unit: "msgs/s",
      ours: Math.round(median(samples.ours)),
      "nats.js": Math.round(median(samples["nats.js"])),
      "ours/nats.js": median(ratios),
      "min..max ratio": `${Math.min(...ratios).toFixed(2)}..${Math.max(...ratios).toFixed(2)}`,
      target,
      "CPU µs/msg ours": median(cpu.ours),
      "CPU µs/msg nats.js": median(cpu["nats.js"]),
      "CPU nats.js/ours": median(cpuRatios),
      "CPU min..max": `${Math.min(...cpuRatios).toFixed(2)}..${Math.max(...cpuRatios).toFixed(2)}`,
      "server CPU µs/msg ours": median(server.ours),
      "server CPU µs/msg nats.js": median(server["nats.js"]),
      "client+server CPU nats.js/ours": median(totalRatios),
    };
    if (goRatios.length) {
      row["nats.go"] = Math.round(median(samples["nats.go"]));
      row["ours/nats.go"] = median(goRatios);
      row["CPU µs/msg nats.go"] = median(cpu["nats.go"]);
      row["server CPU µs/msg nats.go"] = median(server["nats.go"]);
    }
    rows.push(row);
    console.error(
      `${label}: ours ${row.ours} nats.js ${row["nats.js"]} (${(row["ours/nats.js"] as number).toFixed(2)}x, target ${target}; CPU/msg ${median(cpu.ours).toFixed(2)} vs ${median(cpu["nats.js"]).toFixed(2)} µs)${goRatios.length ? ` nats.go ${row["nats.go"]}` : ""}`,
    );
  };
  try {
    await measure(`publish awaited, ${N} x ${SIZE} B`, "publish-awaited", ">= 1.2x", freshStream);
    await measure(`publish <= 256 in flight, ${N} x ${SIZE} B`, "publish-256", ">= 4x", freshStream);
    const needsStored = !wanted || wanted.some((w) => w !== "publish-awaited" && w !== "publish-256");
    const stored = needsStored ? await filledStream() : { stream: "", subject: "" };
    await measure(`ordered consume of ${N} stored`, "ordered-consume", ">= 3x", async () => stored);
    await measure(`durable fetch(256) + ack each, ${N}`, "fetch-ack", ">= 2.5x", async () => stored);
    await measure(`consume() + ack each, ${N}`, "consume-ack", "-", async () => stored);
  } finally {
    await srv.stop();
  }
  // A run of some shapes only is printed and written aside (bench/results/*.tmp is not kept in git).
  report(wanted ? "jetstream-subset.tmp" : "jetstream", "JetStream vs @nats-io/jetstream 3.4.0 (file stream, 128 B messages)", rows, [
    `${ROUNDS} interleaved rounds, every run a process of its own; ratio = median of per-round ours/nats.js (> 1: ours is faster)`,
    `one nats-server 2.9.10 with JetStream (file store) on loopback, node ${process.version}`,
    "CPU µs/msg: the client process's CPU time (user + system, all threads) over the timed window per message, median of the runs; CPU nats.js/ours: median of per-round ratios (> 1: ours needs less CPU). Steadier than msgs/s on a shared machine, and blind to the server's share",
    "server CPU µs/msg: the nats-server process's CPU time (user + system, from /proc, 10 ms ticks) over the whole worker run (its connection and consumer setup included) per message, median of the runs; client+server CPU nats.js/ours: median of per-round ratios of the two sums, the rate ratio to expect when the shared cores, not waiting, are the limit",
    `machine: ${cpus().length} cores, shared with other work while this ran (1-minute load average ${load.map((l) => l.toFixed(1)).join(" → ")}); absolute numbers are noisy, per-round ratios less so`,
    ...(CLIENTS.includes("nats.go")
      ? ["nats.go 1.22.1 (Debian) is the physical reference; its ordered consumer is push-based and its consume() row is a Fetch(100) loop"]
      : []),
  ]);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
