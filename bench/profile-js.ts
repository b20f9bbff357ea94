/**
 * Runs the JetStream and key-value shapes (the workers of jetstream.bench.ts and kvobj.bench.ts) a few times
 * per client against one JetStream server, alternating the clients, and prints each run's rate and CPU per
 * message; with node flags (`--cpu-prof --cpu-prof-dir=/tmp/p`) it profiles them. Not a benchmark (no report,
 * no ratios kept): the quick A/B and profiling loop. profile.mjs bundles it with the workers. Usage:
 *
 *   node bench/profile.mjs js <clients: ours,nats.js,nats.go> <shape> [--n N] [--runs R] [--show] [-- node flags…]
 *
 * A client `ours+<what-if>` is ours with core patched at bundle time by experiments/what-ifs.mjs (to measure
 * a change to core before asking for it); `ours@<dir>` runs the bundles of that folder (an older version of
 * this package built aside, for before/after runs).
 *
 * BENCH_WRAP="strace -f -c -o /tmp/s.txt" runs the client under that command.
 *
 * Shapes: publish-awaited, publish-256, ordered-consume, fetch-ack, consume-ack (jetstream-worker), kv-put,
 * kv-get, kv-watch (the kvobj contenders).
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "@nats-stack/core";
import { jetstream, jetstreamManager, StorageType } from "@nats-stack/jetstream";
import { Kvm } from "@nats-stack/jetstream/kv";
import { startServer } from "@nats-stack/fixtures/nats-server";
import { blob } from "./src/kvobj-worker";

const argv = process.argv.slice(2);
const dash = argv.indexOf("--");
const own = dash >= 0 ? argv.slice(0, dash) : argv;
const nodeFlags = dash >= 0 ? argv.slice(dash + 1) : [];
const [clientList, shape] = own;
const opt = (name: string, d: number): number => {
  const i = own.indexOf(`--${name}`);
  return i >= 0 ? Number(own[i + 1]) : d;
};
const KV = ["kv-put", "kv-get", "kv-watch"];
const n = opt("n", shape === "kv-put" || shape === "kv-get" ? 20_000 : 50_000);
const runs = opt("runs", 1);
// `--show`: the client's other output (--trace-opt, --trace-deopt…) is printed too.
const show = own.includes("--show");
const build = join(__dirname);

// The server's CPU time (ms) from /proc: what a run costs the server beside the client's own. The sum of its
// threads' schedstat (nanoseconds on a CPU), where the process's stat counts 10 ms ticks (±10 ms a run, ±0.2 µs
// per message of a 50k run); the ticks when schedstat is missing.
function serverCpuMs(pid: number): number {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // A thread that ended between the listing and the read: its time is in neither sample.
      }
    }
    if (ns > 0) return ns / 1e6;
  } catch {
    // no schedstat: the ticks below
  }
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

// Starts `perf record -g` of the server's process into `<BENCH_SERVER_PERF>.<label>` (the client name has no
// slash: `ours@<dir>` is written with its slashes replaced); resolves to its stop, or undefined when not asked.
// BENCH_SERVER_TRACE=<prefix> instead: `perf trace` of the server's socket reads and writes (with their times,
// in the same clock as the client's `perf trace` through BENCH_WRAP).
async function serverPerf(pid: number, label: string): Promise<(() => Promise<void>) | undefined> {
  const trace = process.env.BENCH_SERVER_TRACE;
  const prefix = trace ?? process.env.BENCH_SERVER_PERF;
  if (!prefix) return undefined;
  const out = `${prefix}.${label.replace(/[/@]/g, "_")}`;
  const args = trace
    ? ["trace", "-e", "read,write,writev,pread64", "-p", String(pid), "-o", out]
    : ["record", "-q", "-g", "-F", "4000", "-p", String(pid), "-o", out];
  const p = spawn("perf", args, { stdio: "ignore" });
  // perf attaches within a few ms; a short wait keeps the run's start in the profile.
  await new Promise((r) => setTimeout(r, 300));
  return () =>
    new Promise((resolve) => {
      p.on("exit", () => resolve());
      p.kill("SIGINT");
    });
}

function run(client: string, args: string[]): Promise<{ rate: number; cpu: number }> {
  const kv = KV.includes(shape!);
  // `ours+<what-if>…`: ours with core patched (profile.mjs bundled it aside).
  const variant = client.startsWith("ours+");
  // `ours@<dir>`: ours from bundles built elsewhere (another version of the package), same file names.
  const at = client.startsWith("ours@") ? client.slice(5) : undefined;
  const file = at
    ? join(at, kv ? "contender-kvobj-ours.cjs" : "jetstream-worker.cjs")
    : kv
    ? variant
      ? `contender-kvobj-${client}.cjs`
      : client === "ours"
        ? "contender-kvobj-ours.cjs"
        : "contender-kvobj-nats-js.cjs"
    : variant
      ? `jetstream-worker-${client}.cjs`
      : "jetstream-worker.cjs";
  const [cmd, cargs] =
    client === "nats.go" ? [join(build, "jsbench"), args] : [process.execPath, [...nodeFlags, at ? file : join(build, file), ...(kv ? [] : [variant || at ? "ours" : client]), ...args]];
  // BENCH_WRAP puts a command in front of the client (`strace -f -c -o /tmp/s.txt`, `perf stat`).
  const wrap = process.env.BENCH_WRAP?.split(" ").filter(Boolean) ?? [];
  const all = [...wrap, cmd, ...cargs];
  return new Promise((resolve, reject) => {
    const p = spawn(all[0]!, all.slice(1), { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`${client} ${shape} exited with ${code}`));
      const lines = out.trim().split("\n");
      // The result is the last line holding a JSON object: V8's traces (--trace-opt…) may print after it, or
      // even in front of it on the same line (they are written apart from Node's stdout stream).
      let at = lines.length - 1;
      while (at > 0 && !lines[at]!.includes('{"')) at--;
      const line = lines.splice(at, 1)[0]!;
      const result = line.slice(line.indexOf('{"'));
      if (show) process.stdout.write(lines.join("\n") + "\n" + (result.length < line.length ? line.slice(0, line.length - result.length) + "\n" : ""));
      const v = JSON.parse(result) as { rate?: number; cpuUs?: number; metrics?: { rate: number; cpu: number } };
      resolve(v.metrics ?? { rate: v.rate!, cpu: v.cpuUs! });
    });
  });
}

async function main(): Promise<void> {
  if (!clientList || !shape) throw new Error("usage: node bench/profile.mjs js <ours,nats.js,nats.go> <shape> [--n N] [--runs R] [-- node flags]");
  const clients = clientList.split(",").filter((c) => c !== "nats.go" || existsSync(join(build, "jsbench")));
  const srv = await startServer({ jetstream: true, config: 'max_pending: 512MB\nwrite_deadline: "30s"\n' });
  const nc = await connect({ servers: srv.url });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const data = new Uint8Array(128).fill(120);
  const stored = { stream: `STORED_${process.pid}`, subject: `stored.${process.pid}` };
  try {
    if (["ordered-consume", "fetch-ack", "consume-ack"].includes(shape)) {
      await jsm.streams.add({ name: stored.stream, subjects: [stored.subject], storage: StorageType.File });
      const ps = [];
      for (let i = 0; i < n; i++) ps.push(js.publish(stored.subject, data));
      await Promise.all(ps);
    }
    if (shape === "kv-get" || shape === "kv-watch") {
      const kv = await new Kvm(nc).create("PJ", { history: 64 });
      const v = blob(128);
      const ps: Promise<number>[] = [];
      for (let i = 0; i < (shape === "kv-get" ? 1000 : n); i++) {
        ps.push(kv.put(`k${i % 1000}`, v));
        if (ps.length === 1024) await Promise.all(ps.splice(0));
      }
      await Promise.all(ps);
    }
    const rows: Record<string, { rate: number; cpu: number }[]> = {};
    let seq = 0;
    for (let r = 0; r < runs; r++) {
      for (const c of r % 2 === 0 ? clients : [...clients].reverse()) {
        let args: string[];
        let remove = async () => {};
        if (KV.includes(shape)) {
          const bucket = shape === "kv-put" ? `PP_${++seq}` : "PJ";
          if (shape === "kv-put") {
            await new Kvm(nc).create(bucket);
            remove = async () => void (await (await new Kvm(nc).open(bucket)).destroy());
          }
          args = [shape, JSON.stringify({ url: srv.url, bucket, n, size: 128 })];
        } else if (shape.startsWith("publish")) {
          const stream = `P_${++seq}`;
          const subject = `p.${seq}`;
          await jsm.streams.add({ name: stream, subjects: [subject], storage: StorageType.File });
          remove = async () => void (await jsm.streams.delete(stream));
          args = [shape, srv.url, stream, subject, String(n), "128"];
        } else {
          args = [shape, srv.url, stored.stream, stored.subject, String(n), "128"];
        }
        // BENCH_SERVER_PERF=<prefix>: `perf record` of the server during each run, to <prefix>.<client>.<run>.
        const perf = await serverPerf(srv.pid, `${c}.${r}`);
        const s0 = serverCpuMs(srv.pid);
        const res = await run(c, args);
        // The server's CPU over the whole run (setup included), per op: an upper bound of its share.
        const server = ((serverCpuMs(srv.pid) - s0) * 1000) / n;
        await perf?.();
        await remove();
        (rows[c] ??= []).push(res);
        console.log(`${shape} ${c}: ${Math.round(res.rate)}/s, CPU ${res.cpu.toFixed(2)} µs per op, server CPU ${server.toFixed(2)} µs per op (whole run)`);
      }
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (const [c, xs] of Object.entries(rows)) {
      console.log(`median ${c}: ${Math.round(med(xs.map((x) => x.rate)))}/s, CPU ${med(xs.map((x) => x.cpu)).toFixed(2)} µs per op`);
    }
  } finally {
    await nc.close();
    await srv.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
