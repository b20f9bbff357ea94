/**
 * Core client benchmark: ours (@nats-stack/core, public entry) against nats.js v3 (@nats-io/transport-node)
 * and nats.go (Debian's nats.go, the physical reference), each client in its own process, a process per
 * run, rounds interleaved with the order rotated per round, a fresh nats-server per run. Reports medians
 * and the median of per-round ratios to nats.go (and ours/nats.js), and writes bench/results/core.{md,json,svg}.
 *
 * Shapes: pub-only 16 B x 1M and 1 KiB x 200k (loop + flush); pub+sub 16 B and 1 KiB (two connections, one
 * process); sub-only 16 B (a Go publisher in another process); sequential request/reply p50/p99 against a Go
 * responder in another process; parser frames/s (MSG 16 B, MSG 1 KiB, HMSG 16 B) over the same bytes; JS/Go
 * heap per callback subscription; RSS per extra connection.
 *
 * Arguments: `--rounds N` (default 5, env BENCH_ROUNDS), `--shapes id,id` (default all; ids below), env
 * BENCH_SCALE scales message counts, BENCH_PARSE_MB the parser input (default 32).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { startServer, natsServerVersion, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { benchDir, natsGoBench, natsGoVersion } from "./src/go-build";
import { startHelper, type Helper } from "./src/helper-process";
import { runInterleaved, type Contender, type Metric, type RunRecord, type Shape, type ShapeRuns } from "./src/interleaved";
import { summarise, writeRatioReport, type SummaryRow } from "./src/ratio-report";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const ROUNDS = Number(arg("rounds") ?? process.env.BENCH_ROUNDS ?? 5);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const PARSE_BYTES = Number(process.env.BENCH_PARSE_MB ?? 32) * 1024 * 1024;
const scaled = (n: number) => Math.max(1, Math.round(n * SCALE));

// Slow-consumer limits raised so the benchmark measures clients, not the server's protection.
const SERVER_CONFIG = 'max_pending: 512MB\nwrite_deadline: "30s"\n';

const goBin = natsGoBench();
const contenders: Contender[] = [
  { name: "nats.go", command: goBin, args: ["contender"] },
  { name: "nats.js", command: process.execPath, args: ["--expose-gc", join(__dirname, "contender-nats-js.cjs")] },
  { name: "ours", command: process.execPath, args: ["--expose-gc", join(__dirname, "contender-ours.cjs")] },
];
const REFERENCE = "nats.go";

/** Rows of a throughput shape: messages/s, process CPU per message in the timed window, peak RSS of the run. */
const throughput = (label: string): Metric[] => [
  { key: "rate", label, unit: "msgs/s", better: "higher" },
  { key: "cpuNs", label: `${label}: CPU per message`, unit: "ns", better: "lower" },
  { key: "peakRss", label: `${label}: peak RSS`, unit: "MiB", better: "lower" },
];

/** A subject no other run uses. */
const subjectFor = (shape: string, seq: number) => `bench.${shape}.${process.pid}.${seq}`;

/** A shape on a fresh server per run; `extra` adds helpers around the contender. */
function networkShape(
  id: string,
  title: string,
  metrics: Metric[],
  params: Record<string, unknown>,
  extra?: (srv: NatsServer, subject: string) => Promise<{ onReady?: () => Promise<void>; helpers: Helper[] }>,
): Shape {
  return {
    id,
    title,
    metrics,
    async setup(ctx) {
      const srv = await startServer({ config: SERVER_CONFIG });
      const subject = subjectFor(id, ctx.seq);
      let helpers: Helper[] = [];
      let onReady: (() => Promise<void>) | undefined;
      try {
        if (extra) ({ onReady, helpers } = await extra(srv, subject));
      } catch (e) {
        await srv.stop();
        throw e;
      }
      return {
        params: { ...params, url: srv.url, subject },
        onReady,
        async teardown() {
          for (const h of helpers) await h.stop();
          await srv.stop();
        },
      };
    },
  };
}

// sub-only: the Go publisher starts once the contender's subscription is in place; a publisher failure
// fails the run (interleaved.ts kills the contender when onReady rejects).
function withPublisher(total: number, size: number) {
  return async (srv: NatsServer, subject: string) => {
    const helpers: Helper[] = [];
    return {
      helpers,
      onReady: async () => {
        const h = startHelper(goBin, ["publish", srv.url, subject, String(total), String(size)]);
        helpers.push(h);
        await h.exited;
      },
    };
  };
}

// request/reply: the Go responder is up (its subscription flushed) before the contender starts.
async function withResponder(srv: NatsServer, subject: string) {
  const h = startHelper(goBin, ["respond", srv.url, subject]);
  try {
    await h.ready;
  } catch (e) {
    await h.stop();
    throw e;
  }
  return { helpers: [h] };
}

// Parser input: the frames as the server sends them, written once, read by every contender process.
const parseDir = join(benchDir, ".build/parse-data");
function parseShape(id: string, title: string, frame: string, payloadSize: number): Shape {
  const bytes = Buffer.from(frame, "latin1");
  const frames = Math.max(50, Math.floor(PARSE_BYTES / bytes.length));
  const file = join(parseDir, `${id}.bin`);
  let written = false;
  const write = () => {
    if (written) return;
    mkdirSync(parseDir, { recursive: true });
    const all = Buffer.alloc(frames * bytes.length);
    for (let i = 0; i < frames; i++) bytes.copy(all, i * bytes.length);
    writeFileSync(file, all);
    written = true;
  };
  const params = {
    kind: "parse",
    file,
    frames,
    payloadBytes: frames * payloadSize,
    chunk: 64 * 1024,
    warmPasses: 10,
    passes: 9,
    subject: "bench.orders.created",
    sid: 7,
  };
  return {
    id,
    title,
    metrics: [
      // nats.go's parser alone (args parsed, sid looked up, no message built) against ours handing a lazy
      // Frame to its sink: the like-for-like parser comparison.
      { key: "rate", label: `parser ${title}, vs nats.go parser only`, unit: "frames/s", better: "higher", referenceKey: "rateParseOnly" },
      // nats.go building the *nats.Msg a subscriber gets (strings, payload copy, headers decoded).
      { key: "rate", label: `parser ${title}, vs nats.go building *nats.Msg`, unit: "frames/s", better: "higher" },
    ],
    setup: () => {
      write();
      return { params };
    },
  };
}
const msgFrame = (size: number) => `MSG bench.orders.created 7 ${size}\r\n${"x".repeat(size)}\r\n`;
function hmsgFrame(size: number): string {
  const hdr = "NATS/1.0\r\nNats-Msg-Id: 4f0a9c2e-1b7d\r\n\r\n";
  return `HMSG bench.orders.created 7 _INBOX.Xk3j9.42 ${hdr.length} ${hdr.length + size}\r\n${hdr}${"x".repeat(size)}\r\n`;
}

function shapes(): Shape[] {
  const pub = (size: number, n: number) => ({ kind: "pub", size, n: scaled(n), warm: scaled(n / 10) });
  const pubsub = (size: number, n: number) => ({ kind: "pubsub", size, n: scaled(n), warm: scaled(n / 10) });
  const sub = { kind: "sub", size: 16, n: scaled(1_000_000), warm: scaled(100_000) };
  return [
    networkShape("pub16", "pub-only 16 B x 1M", throughput("pub-only 16 B x 1M, loop + flush"), pub(16, 1_000_000)),
    networkShape("pub1k", "pub-only 1 KiB x 200k", throughput("pub-only 1 KiB x 200k, loop + flush"), pub(1024, 200_000)),
    networkShape("pubsub16", "pub+sub 16 B x 500k", throughput("pub+sub 16 B x 500k (two connections)"), pubsub(16, 500_000)),
    networkShape("pubsub1k", "pub+sub 1 KiB x 200k", throughput("pub+sub 1 KiB x 200k (two connections)"), pubsub(1024, 200_000)),
    networkShape(
      "sub16",
      "sub-only 16 B x 1M",
      throughput("sub-only 16 B x 1M (Go publisher process)"),
      sub,
      withPublisher(sub.n + sub.warm, sub.size),
    ),
    networkShape(
      "request",
      "request/reply 16 B, 20k sequential",
      [
        { key: "p50", label: `request/reply p50 (${scaled(20_000)} sequential, Go responder)`, unit: "µs", better: "lower" },
        { key: "p99", label: `request/reply p99 (${scaled(20_000)} sequential, Go responder)`, unit: "µs", better: "lower" },
        { key: "cpuNs", label: "request/reply: CPU per request", unit: "ns", better: "lower" },
      ],
      { kind: "request", size: 16, n: scaled(20_000), warm: 500 },
      withResponder,
    ),
    parseShape("parse-msg16", "MSG 16 B", msgFrame(16), 16),
    parseShape("parse-msg1k", "MSG 1 KiB", msgFrame(1024), 1024),
    parseShape("parse-hmsg16", "HMSG 16 B + small header", hmsgFrame(16), 16),
    networkShape(
      "subs-heap",
      "heap per subscription (10k callback subscriptions)",
      [
        { key: "bytes", label: "heap per subscription (10k callback subs)", unit: "B", better: "lower" },
        { key: "stackBytes", label: "goroutine stack per subscription (nats.go only)", unit: "B", better: "lower" },
      ],
      { kind: "subs-heap", n: 10_000 },
    ),
    networkShape(
      "conns-rss",
      "RSS per extra connection (100 connections)",
      [{ key: "kib", label: "RSS per extra connection (100 connections)", unit: "KiB", better: "lower" }],
      { kind: "conns-rss", n: 100 },
    ),
  ];
}

function describe(r: RunRecord, s: Shape): string {
  const vals = Object.entries(r.metrics ?? {}).map(([k, v]) => `${k}=${Math.round(v)}`);
  return `[${s.id}] round ${r.round + 1} #${r.position + 1} ${r.contender}: ${r.error ? `FAILED ${r.error}` : vals.join(" ")} (${(r.wallMs / 1000).toFixed(1)} s)`;
}

async function main(): Promise<void> {
  const wanted = arg("shapes")?.split(",");
  const all = shapes();
  const unknown = wanted?.filter((w) => !all.some((s) => s.id === w)) ?? [];
  if (unknown.length) throw new Error(`unknown shape(s) ${unknown.join(", ")}; known: ${all.map((s) => s.id).join(", ")}`);
  const selected = wanted ? all.filter((s) => wanted.includes(s.id)) : all;
  const load = [loadavg()[0]!];
  const started = Date.now();
  const results: ShapeRuns[] = [];
  const rows: SummaryRow[] = [];
  for (const shape of selected) {
    const r = await runInterleaved({ contenders, shape, rounds: ROUNDS, onRun: (run) => console.error(describe(run, shape)) });
    results.push(r);
    rows.push(...summarise(r, REFERENCE, [["ours", "nats.js"]]));
    load.push(loadavg()[0]!);
  }
  const failed = results.flatMap((r) => r.runs.filter((x) => x.error).map((x) => `${r.shape.id} round ${x.round + 1} ${x.contender}: ${x.error}`));
  const pkg = JSON.parse(readFileSync(join(benchDir, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
  const versions = {
    node: process.version,
    natsGo: natsGoVersion(goBin),
    natsJs: pkg.devDependencies["@nats-io/transport-node"],
    natsServer: natsServerVersion(),
  };
  writeRatioReport({
    name: "core",
    title: `Core client vs nats.go ${versions.natsGo} and nats.js ${versions.natsJs}, each in its own process`,
    reference: REFERENCE,
    contenders: contenders.map((c) => c.name),
    rows,
    runs: results,
    dir: join(benchDir, "results"),
    meta: { versions, rounds: ROUNDS, scale: SCALE, cores: cpus().length, loadavg1m: load, minutes: (Date.now() - started) / 60000 },
    notes: [
      `${ROUNDS} rounds; a process per run, order rotated per round (go js ours, js ours go, ours go js, …); a fresh ${versions.natsServer} on 127.0.0.1 per run; node ${versions.node}`,
      "ratio columns: median of per-round ratios of the metric's value (client / nats.go in the same round); for 'better: lower' rows (latency, memory) a ratio below 1 means the client needs less than nats.go",
      `machine: ${cpus().length} cores, shared with other work while this ran (1-minute load average ${load.map((l) => l.toFixed(1)).join(" → ")}); absolute numbers are noisy, per-round ratios less so`,
      "throughput shapes publish an untimed warm-up (10%) first; sub-only times the deliveries after the warm-up ones; request/reply warms up with 500 requests",
      "parser: the same bytes (written once) in 64 KiB chunks, the fastest of 9 passes after 10 untimed ones (the pass the shared machine disturbed least; a median of passes moved up to 2x with the load between the processes of a round) (for each contender, and for each of nats.go's two modes: every contender, nats.go included, is still speeding up over the first passes); ours = @nats-stack/wire ServerOpParser, nats.js = Parser of @nats-io/nats-core/internal, each with one parser and one sink for all passes (as a connection has), handing the sink a frame it keeps (last 1024); nats.go = its unexported parser (nc.parse) reached through a file added by `go build -overlay`, measured twice in the same process: 'parser only' = no subscription for the sid, so processMsg returns after the sid lookup (control line parsed, nothing built: the like-for-like parser comparison, since ours hands a lazily decoded Frame and decodes nothing), and 'building *nats.Msg' = a subscription whose msg filter receives every frame built as a subscriber gets it (subject/reply strings, payload copy, headers decoded into a map) and keeps it",
      "CPU per message: process CPU time (user + system, all threads) over the timed window / messages, from process.cpuUsage() and getrusage(); steadier than wall time on a shared machine, and it shows work nats.go spreads over its goroutines; peak RSS: the process's VmHWM (/proc/self/status) at exit, not getrusage's maxrss, which Linux carries over exec from the forking harness",
      "heap per subscription: JS heapUsed (Node) / HeapAlloc (Go) growth over 10k callback subscriptions after full GCs; nats.go also starts a goroutine per subscription, whose stack is the separate nats.go-only row",
      "RSS per extra connection: resident set growth over 100 more connections after one, after full GCs",
      ...(failed.length ? [`failed runs: ${failed.join("; ")}`] : ["no failed runs"]),
    ],
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
