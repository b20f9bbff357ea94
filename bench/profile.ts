/**
 * Runs one contender process on one shape, with extra node flags, for profiling (not a benchmark: one run,
 * no rounds, no ratios). profile.mjs bundles this file and the Node contenders; the Go binary is built when
 * stale. Usage:
 *
 *   node bench/profile.mjs <contender: ours|nats.js|nats.go> <shape> [--param k=v …] [-- node flags…]
 *
 * Shapes: pub, pubsub, sub, request, subs-heap, conns-rss, parse-msg16, parse-msg1k, parse-hmsg16. Params
 * default to the benchmark's (size, n, warm). Node flags are passed before the bundle: `--cpu-prof
 * --cpu-prof-dir=/tmp/prof`, `--trace-gc`, `--heapsnapshot-near-heap-limit`… Output of the contender goes to
 * this process's stdout/stderr. BENCH_WRAP="strace -c -f -o /tmp/s.txt" (or `perf stat`…) runs the contender under
 * that command.
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer } from "@nats-stack/fixtures/nats-server";
import { startHelper } from "./src/helper-process";
import { benchDir, natsGoBench } from "./src/go-build";

const argv = process.argv.slice(2);
const dash = argv.indexOf("--");
const own = dash >= 0 ? argv.slice(0, dash) : argv;
const nodeFlags = dash >= 0 ? argv.slice(dash + 1) : [];
const [who, shape] = own;
const overrides: Record<string, number | string> = {};
for (let i = 2; i < own.length; i++) {
  if (own[i] === "--param") {
    const [k, v] = own[++i]!.split("=");
    overrides[k!] = Number.isNaN(Number(v)) ? v! : Number(v);
  }
}

const defaults: Record<string, Record<string, number | string>> = {
  pub: { kind: "pub", size: 16, n: 1_000_000, warm: 100_000 },
  pubsub: { kind: "pubsub", size: 1024, n: 200_000, warm: 20_000 },
  sub: { kind: "sub", size: 16, n: 1_000_000, warm: 100_000 },
  request: { kind: "request", size: 16, n: 20_000, warm: 500 },
  "subs-heap": { kind: "subs-heap", n: 10_000 },
  "conns-rss": { kind: "conns-rss", n: 100 },
};

function parseParams(name: string): Record<string, number | string> {
  const size = name === "parse-msg1k" ? 1024 : 16;
  const hdr = "NATS/1.0\r\nNats-Msg-Id: 4f0a9c2e-1b7d\r\n\r\n";
  const frame =
    name === "parse-hmsg16"
      ? `HMSG bench.orders.created 7 _INBOX.Xk3j9.42 ${hdr.length} ${hdr.length + size}\r\n${hdr}${"x".repeat(size)}\r\n`
      : `MSG bench.orders.created 7 ${size}\r\n${"x".repeat(size)}\r\n`;
  const bytes = Buffer.from(frame, "latin1");
  const frames = Math.floor((32 * 1024 * 1024) / bytes.length);
  const dir = join(benchDir, ".build/parse-data");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `profile-${name}.bin`);
  writeFileSync(file, Buffer.concat(Array.from({ length: frames }, () => bytes)));
  return { kind: "parse", file, frames, payloadBytes: frames * size, chunk: 65536, passes: 3, subject: "bench.orders.created", sid: 7 };
}

async function main(): Promise<void> {
  if (!who || !shape) throw new Error("usage: node bench/profile.mjs <ours|nats.js|nats.go> <shape> [--param k=v] [-- node flags]");
  const isParse = shape.startsWith("parse-");
  const params: Record<string, unknown> = { ...(isParse ? parseParams(shape) : defaults[shape]), ...overrides };
  if (!params.kind) throw new Error(`unknown shape ${shape}`);
  const go = natsGoBench();
  const srv = isParse ? undefined : await startServer({ config: 'max_pending: 512MB\nwrite_deadline: "30s"\n' });
  const subject = `bench.profile.${process.pid}`;
  const helpers = [];
  try {
    if (srv) Object.assign(params, { url: srv.url, subject });
    if (shape === "request") {
      const h = startHelper(go, ["respond", srv!.url, subject]);
      helpers.push(h);
      await h.ready;
    }
    const [cmd, args] =
      who === "nats.go"
        ? [go, ["contender"]]
        : [process.execPath, [...nodeFlags, "--expose-gc", join(benchDir, ".build", who === "ours" ? "contender-ours.cjs" : "contender-nats-js.cjs")]];
    // BENCH_WRAP puts a command in front of the contender (`strace -c -o /tmp/s.txt`, `perf stat`).
    const wrap = process.env.BENCH_WRAP?.split(" ").filter(Boolean) ?? [];
    const argv = [...wrap, cmd, ...args, shape, JSON.stringify(params)];
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", "pipe", "inherit"] });
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d: string) => {
      process.stdout.write(d);
      if (d.includes('"event":"ready"') && shape === "sub") {
        helpers.push(startHelper(go, ["publish", srv!.url, subject, String(Number(params.n) + Number(params.warm)), String(params.size)]));
      }
    });
    const code = await new Promise<number | null>((r) => child.once("exit", r));
    if (code !== 0) process.exitCode = 1;
  } finally {
    for (const h of helpers) await h.stop();
    await srv?.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
