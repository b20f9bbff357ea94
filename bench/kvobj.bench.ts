/**
 * Key-value and object store benchmark against @nats-io/kv and @nats-io/obj 3.4.0: KV put awaited, get of
 * existing keys, watch of 50k stored updates; object putBlob/getBlob of 64 MiB; and, as the yardstick of the
 * object store, the same 64 MiB as plain JetStream publishes (Step 8's publish). Every run is a process of its
 * own (contenders/kvobj-*.ts over src/kvobj-worker.ts), the clients interleaved with the order rotated per
 * round, at least 5 rounds; each row has the medians and the median of per-round ratios to nats.js.
 *
 * nats.js's object store hashes with its bundled js-sha256 by default; "nats.js native sha" is nats.js with
 * `setSha256Backend("native")` (node:crypto), so the table shows what hashing costs and what the rest does.
 */
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { connect } from "@nats-stack/core";
import { jetstreamManager, StorageType } from "@nats-stack/jetstream";
import { Kvm } from "@nats-stack/jetstream/kv";
import { Objm } from "@nats-stack/jetstream/obj";
import { natsServerVersion, startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { runInterleaved, type Contender, type Metric, type RunRecord, type Shape, type ShapeRuns } from "./src/interleaved";
import { summarise, writeRatioReport, type SummaryRow } from "./src/ratio-report";
import { blob } from "./src/kvobj-worker";
import { goUnavailable, natsGoBench } from "./src/go-build";

const ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 5));
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const KV_N = Math.round(20_000 * SCALE);
const WATCH_N = Math.round(50_000 * SCALE);
const OBJ_SIZE = Math.round(64 * SCALE) * 1024 * 1024;
const KEYS = 1000;
const REFERENCE = "nats.js";

const ours: Contender = { name: "ours", command: process.execPath, args: [join(__dirname, "contender-kvobj-ours.cjs")] };
const natsJs: Contender = { name: "nats.js", command: process.execPath, args: [join(__dirname, "contender-kvobj-nats-js.cjs")] };
// nats.go 1.22.1 (bench/go/natsgo-bench, built from Debian's nats.go when Go is there) on the KV rows: the
// physical reference, showing what the server's round trip per put or get leaves to any client.
const natsGo: Contender | undefined = goUnavailable() ? undefined : { name: "nats.go", command: natsGoBench(), args: ["contender"] };
const kvContenders = natsGo ? [ours, natsJs, natsGo] : [ours, natsJs];
const natsJsNative: Contender = { ...natsJs, name: "nats.js native sha", env: { ...process.env, KVOBJ_VARIANT: "native-sha" } };

let srv: NatsServer;
let admin: Awaited<ReturnType<typeof connect>>;

const PER: Record<string, string> = { "puts/s": "put", "gets/s": "get", "entries/s": "entry", "MiB/s": "MiB" };
const rate = (unit: string, label: string): Metric[] => [
  { key: "rate", label, unit, better: "higher" },
  { key: "cpu", label: `${label}: client CPU per ${PER[unit] ?? unit}`, unit: "µs", better: "lower" },
  { key: "peakRss", label: `${label}: peak RSS`, unit: "MiB", better: "lower" },
];

async function fill(bucket: string, n: number, history: number): Promise<void> {
  const kv = await new Kvm(admin).create(bucket, { history });
  const v = blob(128);
  const ps: Promise<number>[] = [];
  for (let i = 0; i < n; i++) {
    ps.push(kv.put(`k${i % KEYS}`, v));
    if (ps.length === 1024) await Promise.all(ps.splice(0));
  }
  await Promise.all(ps);
}

function shapes(): { shape: Shape; contenders: Contender[] }[] {
  const url = () => srv.url;
  let seq = 0;
  const fresh = (prefix: string) => `${prefix}_${process.pid}_${++seq}`;
  return [
    {
      contenders: kvContenders,
      shape: {
        id: "kv-put",
        title: `KV put awaited, ${KV_N} x 128 B over ${KEYS} keys (file store)`,
        metrics: rate("puts/s", `KV put awaited, ${KV_N} x 128 B`),
        setup: async () => {
          const bucket = fresh("BP");
          await new Kvm(admin).create(bucket);
          return { params: { kind: "kv", url: url(), bucket, n: KV_N, size: 128 }, teardown: async () => void (await (await new Kvm(admin).open(bucket)).destroy()) };
        },
      },
    },
    {
      contenders: kvContenders,
      shape: {
        id: "kv-get",
        title: `KV get awaited of existing keys, ${KV_N} gets over ${KEYS} keys`,
        metrics: rate("gets/s", `KV get awaited, existing keys, ${KV_N}`),
        setup: () => ({ params: { kind: "kv", url: url(), bucket: "BG", n: KV_N, size: 128 } }),
      },
    },
    {
      contenders: kvContenders,
      shape: {
        id: "kv-watch",
        title: `KV watch delivering ${WATCH_N} stored updates (all history), key and value read`,
        metrics: rate("entries/s", `KV watch of ${WATCH_N} updates`),
        setup: () => ({ params: { kind: "kv", url: url(), bucket: "BW", n: WATCH_N, size: 128 } }),
      },
    },
    {
      contenders: [ours, natsJs, natsJsNative],
      shape: {
        id: "obj-put",
        title: `object putBlob of ${OBJ_SIZE >> 20} MiB`,
        metrics: rate("MiB/s", `object putBlob ${OBJ_SIZE >> 20} MiB`),
        setup: async () => {
          const bucket = fresh("OP");
          return {
            params: { url: url(), bucket, n: 1, size: OBJ_SIZE },
            teardown: async () => void (await (await new Objm(admin).open(bucket)).destroy()),
          };
        },
      },
    },
    {
      contenders: [ours, natsJs, natsJsNative],
      shape: {
        id: "obj-get",
        title: `object getBlob of ${OBJ_SIZE >> 20} MiB`,
        metrics: rate("MiB/s", `object getBlob ${OBJ_SIZE >> 20} MiB`),
        setup: () => ({ params: { url: url(), bucket: "OG", n: 1, size: OBJ_SIZE } }),
      },
    },
    {
      contenders: [ours, natsJs],
      shape: {
        id: "stream-publish",
        title: `the same ${OBJ_SIZE >> 20} MiB as JetStream publishes of 128 KiB, <= 64 awaiting acknowledgement`,
        metrics: rate("MiB/s", `raw stream publish ${OBJ_SIZE >> 20} MiB (128 KiB messages)`),
        setup: async () => {
          const stream = fresh("RAW");
          const subject = `raw.${stream}`;
          const jsm = await jetstreamManager(admin);
          await jsm.streams.add({ name: stream, subjects: [subject], storage: StorageType.File });
          return { params: { url: url(), bucket: stream, subject, n: 1, size: OBJ_SIZE }, teardown: async () => void (await jsm.streams.delete(stream)) };
        },
      },
    },
  ];
}

function describe(r: RunRecord, s: Shape): string {
  return r.error ? `${s.id} round ${r.round + 1} ${r.contender}: FAILED ${r.error}` : `${s.id} round ${r.round + 1} ${r.contender}: ${Math.round(r.metrics!.rate!)}`;
}

async function main(): Promise<void> {
  srv = await startServer({ jetstream: true, config: 'max_pending: 512MB\nwrite_deadline: "30s"\n' });
  admin = await connect({ servers: srv.url });
  const load = [loadavg()[0]!];
  const started = Date.now();
  try {
    await fill("BG", KEYS, 1);
    await fill("BW", WATCH_N, 64);
    await (await new Objm(admin).create("OG")).putBlob({ name: "blob" }, blob(OBJ_SIZE));
    const wanted = process.argv[2]?.split(",");
    const results: ShapeRuns[] = [];
    const rows: SummaryRow[] = [];
    for (const { shape, contenders } of shapes().filter((s) => !wanted || wanted.includes(s.shape.id))) {
      const r = await runInterleaved({ contenders, shape, rounds: ROUNDS, onRun: (run) => console.error(describe(run, shape)) });
      results.push(r);
      const pairs: [string, string][] = contenders.includes(natsJsNative) ? [["ours", "nats.js native sha"]] : contenders.includes(natsGo!) ? [["ours", "nats.go"]] : [];
      rows.push(...summarise(r, REFERENCE, pairs));
      load.push(loadavg()[0]!);
    }
    const median = (shape: string) => rows.find((r) => r.shape === shape && r.metric.key === "rate")?.medians.ours ?? NaN;
    const vsRaw = median("obj-put") / median("stream-publish");
    const failed = results.flatMap((r) => r.runs.filter((x) => x.error).map((x) => `${r.shape.id} round ${x.round + 1} ${x.contender}: ${x.error}`));
    writeRatioReport({
      name: "kvobj",
      title: "Key-value and object store vs @nats-io/kv and @nats-io/obj 3.4.0, each in its own process",
      reference: REFERENCE,
      contenders: ["nats.js", "ours", "nats.js native sha", ...(natsGo ? ["nats.go"] : [])],
      rows,
      runs: results,
      dir: join(__dirname, "..", "results"),
      meta: { rounds: ROUNDS, scale: SCALE, cores: cpus().length, loadavg1m: load, minutes: (Date.now() - started) / 60000, natsServer: natsServerVersion(), node: process.version, oursPutVsRawPublish: vsRaw },
      notes: [
        `${ROUNDS} rounds; a process per run, order rotated per round; one ${natsServerVersion()} with JetStream (file store) on 127.0.0.1; node ${process.version}`,
        "ratio columns: median of per-round ratios (client / nats.js in the same round); > 1 is faster for rates, < 1 is less CPU or memory for the CPU and peak RSS rows",
        "client CPU: the client process's CPU time (user + system, all threads) over the timed window per unit; blind to the server's share, steadier than the rate on a shared machine",
        `target: every row >= 2x nats.js; object store within 2x of the raw stream publish: ours putBlob / ours raw publish = ${vsRaw.toFixed(2)} (medians)`,
        ...(natsGo ? ["nats.go: nats.go 1.22.1 (Debian, bench/go/natsgo-bench) on the KV rows, the physical reference: what the server's round trip per put or get leaves to any client"] : []),
        "nats.js native sha: nats.js with setSha256Backend(\"native\") (node:crypto); its default hashes with the bundled js-sha256",
        `machine: ${cpus().length} cores, shared with other work while this ran (1-minute load average ${load.map((l) => l.toFixed(1)).join(" → ")}); absolute numbers are noisy, per-round ratios less so`,
        ...(failed.length ? [`failed runs: ${failed.join("; ")}`] : ["no failed runs"]),
      ],
    });
  } finally {
    await admin.close();
    await srv.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
