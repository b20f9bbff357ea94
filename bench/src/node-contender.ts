/**
 * The shapes a Node contender process runs, written once against the API ours and nats.js share (nats.js v3
 * names), so the two differ only in the `connect` and parser they are given. A contender entry
 * (contenders/ours.ts, contenders/nats-js.ts) calls {@link runContender}; the process then follows the
 * contract of interleaved.ts: argv = `<shapeId> <params JSON>`, result = one `{"metrics":…}` line.
 *
 * The Go contender (go/natsgo-bench) implements the same shapes with the same params; keep them in step.
 */
import { readFileSync } from "node:fs";
import { peakRssMiB } from "./peak-rss";
import { percentile } from "./stats";

/** A received message, as both clients hand it to a callback. */
interface Received {
  data: Uint8Array;
  respond?(d: Uint8Array): boolean;
}
/** The part of a connection the shapes use: identical names in ours and nats.js. */
export interface BenchConn {
  publish(s: string, d?: Uint8Array): void;
  subscribe(s: string, o?: { callback?: (e: Error | null, m: Received) => void }): { unsubscribe(): void };
  request(s: string, d?: Uint8Array, o?: { timeout: number }): Promise<unknown>;
  flush(): Promise<void>;
  close(): Promise<void>;
}
export type BenchConnect = (o: { servers: string }) => Promise<BenchConn>;

/**
 * A parser pass: feed every chunk, return the number of MSG/HMSG frames seen and their payload bytes. The
 * contender keeps one parser and one sink for all passes, as a connection does: a sink made per pass would
 * hand the JIT a new closure each time, and code optimised for the previous one deoptimises ("wrong call
 * target") at the start of every pass, which the compiled Go contender never pays.
 */
export type ParseAll = (chunks: readonly Uint8Array[]) => { frames: number; payloadBytes: number };

/** What a contender entry provides. */
export interface NodeContender {
  connect: BenchConnect;
  parseAll: ParseAll;
}

interface Params {
  kind: string;
  url: string;
  subject: string;
  size: number;
  n: number;
  warm: number;
  // parse
  file: string;
  frames: number;
  payloadBytes: number;
  chunk: number;
  passes: number;
  warmPasses?: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
function fullGc(): void {
  if (!gc) throw new Error("run the contender with node --expose-gc");
  gc();
  gc();
}

/** Process CPU time (user + system, all threads) in nanoseconds: robuster than wall time on a shared machine. */
function cpuNs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

function emit(obj: unknown): void {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

function payload(size: number): Uint8Array {
  return new Uint8Array(size).fill(120);
}

/** Deferred that resolves when a counter reaches a mark; the receive shapes share it. */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((r) => (fire = r));
  return { promise, fire };
}

// pub-only: `warm` messages and a flush untimed (JIT warm-up), then `n` messages and a flush, timed.
async function pubOnly(c: BenchConnect, p: Params): Promise<Record<string, number>> {
  const nc = await c({ servers: p.url });
  const data = payload(p.size);
  for (let i = 0; i < p.warm; i++) nc.publish(p.subject, data);
  await nc.flush();
  const cpu0 = cpuNs();
  const t = performance.now();
  for (let i = 0; i < p.n; i++) nc.publish(p.subject, data);
  await nc.flush();
  const ms = performance.now() - t;
  const cpu = cpuNs() - cpu0;
  await nc.close();
  return { rate: p.n / (ms / 1000), cpuNs: cpu / p.n };
}

// pub+sub: two connections of this process; timed from the first measured publish to the last delivery.
async function pubSub(c: BenchConnect, p: Params): Promise<Record<string, number>> {
  const sc = await c({ servers: p.url });
  const pc = await c({ servers: p.url });
  let got = 0;
  let bytes = 0;
  const warmed = signal();
  const done = signal();
  sc.subscribe(p.subject, {
    callback: (_e, m) => {
      bytes += m.data.length;
      if (++got === p.warm) warmed.fire();
      else if (got === p.warm + p.n) done.fire();
    },
  });
  await sc.flush();
  const data = payload(p.size);
  for (let i = 0; i < p.warm; i++) pc.publish(p.subject, data);
  await pc.flush();
  await warmed.promise;
  const cpu0 = cpuNs();
  const t = performance.now();
  for (let i = 0; i < p.n; i++) pc.publish(p.subject, data);
  await pc.flush();
  await done.promise;
  const ms = performance.now() - t;
  const cpu = cpuNs() - cpu0;
  if (bytes !== (p.warm + p.n) * p.size) throw new Error(`received ${bytes} bytes`);
  await pc.close();
  await sc.close();
  return { rate: p.n / (ms / 1000), cpuNs: cpu / p.n };
}

// sub-only: subscribe, say ready (the harness starts the Go publisher of warm + n messages), time the
// deliveries after the warm ones.
async function subOnly(c: BenchConnect, p: Params): Promise<Record<string, number>> {
  const nc = await c({ servers: p.url });
  let got = 0;
  let bytes = 0;
  let t0 = 0;
  let t1 = 0;
  let c0 = 0;
  let c1 = 0;
  const done = signal();
  nc.subscribe(p.subject, {
    callback: (_e, m) => {
      bytes += m.data.length;
      if (++got === p.warm) {
        t0 = performance.now();
        c0 = cpuNs();
      } else if (got === p.warm + p.n) {
        t1 = performance.now();
        c1 = cpuNs();
        done.fire();
      }
    },
  });
  await nc.flush();
  emit({ event: "ready" });
  await done.promise;
  if (bytes !== (p.warm + p.n) * p.size) throw new Error(`received ${bytes} bytes`);
  await nc.close();
  return { rate: p.n / ((t1 - t0) / 1000), cpuNs: (c1 - c0) / p.n };
}

// request/reply: sequential requests to the neutral responder (a Go process the harness started).
async function requests(c: BenchConnect, p: Params): Promise<Record<string, number>> {
  const nc = await c({ servers: p.url });
  const data = payload(p.size);
  for (let i = 0; i < p.warm; i++) await nc.request(p.subject, data, { timeout: 5000 });
  const lat = new Array<number>(p.n);
  const cpu0 = cpuNs();
  for (let i = 0; i < p.n; i++) {
    const t = performance.now();
    await nc.request(p.subject, data, { timeout: 5000 });
    lat[i] = performance.now() - t;
  }
  const cpu = cpuNs() - cpu0;
  await nc.close();
  return { p50: percentile(lat, 50) * 1000, p99: percentile(lat, 99) * 1000, cpuNs: cpu / p.n };
}

// heap per subscription: JS heap growth over n callback subscriptions (subjects built and the array to
// hold the subscriptions allocated before the first reading), after a full GC on both sides.
async function subsHeap(c: BenchConnect, p: Params): Promise<Record<string, number>> {
  const nc = await c({ servers: p.url });
  const subjects = Array.from({ length: p.n }, (_, i) => `${p.subject}.${i}`);
  const subs = new Array<unknown>(p.n).fill(null);
  const cb = (_e: Error | null, _m: Received) => {};
  await nc.flush();
  fullGc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < p.n; i++) subs[i] = nc.subscribe(subjects[i]!, { callback: cb });
  await nc.flush();
  fullGc();
  const after = process.memoryUsage().heapUsed;
  if (subs.length !== p.n) throw new Error("lost subscriptions");
  return { bytes: (after - before) / p.n };
}

// RSS per extra connection: one connection first (code paths loaded), then n more; RSS delta / n.
async function connsRss(c: BenchConnect, p: Params): Promise<Record<string, number>> {
  const conns: BenchConn[] = [await c({ servers: p.url })];
  await conns[0]!.flush();
  fullGc();
  const before = process.memoryUsage.rss();
  for (let i = 0; i < p.n; i++) conns.push(await c({ servers: p.url }));
  await Promise.all(conns.map((nc) => nc.flush()));
  fullGc();
  const after = process.memoryUsage.rss();
  return { kib: (after - before) / p.n / 1024 };
}

// parser: the same bytes (a file the harness wrote) in `chunk`-sized pieces, `warmPasses` untimed passes,
// then `passes` timed passes; the median pass is the result. The JIT is done within the first pass, but
// every contender (nats.go too) keeps speeding up for several passes more, so all get the same warm-up.
function parse(impl: ParseAll, p: Params): Record<string, number> {
  const all = readFileSync(p.file);
  const chunks: Uint8Array[] = [];
  for (let o = 0; o < all.length; o += p.chunk) chunks.push(new Uint8Array(all.subarray(o, o + p.chunk)));
  const check = () => {
    const r = impl(chunks);
    if (r.frames !== p.frames || r.payloadBytes !== p.payloadBytes) {
      throw new Error(`parsed ${r.frames} frames, ${r.payloadBytes} payload bytes; expected ${p.frames}, ${p.payloadBytes}`);
    }
  };
  for (let i = 0; i < (p.warmPasses ?? 1); i++) check();
  const ms: number[] = [];
  for (let i = 0; i < p.passes; i++) {
    const t = performance.now();
    check();
    ms.push(performance.now() - t);
  }
  // The fastest timed pass: the one the other processes of a shared machine disturbed least (a median of
  // passes moved with the load by up to 2x between the processes of one round).
  ms.sort((a, b) => a - b);
  return { rate: p.frames / (ms[0]! / 1000) };
}

/** Runs the shape named by this process's arguments and prints its metrics; exits non-zero on failure. */
export function runContender(impl: NodeContender): void {
  const [, , shapeId, json] = process.argv;
  const p = JSON.parse(json ?? "{}") as Params;
  const run = async (): Promise<Record<string, number>> => {
    switch (p.kind) {
      case "pub":
        return pubOnly(impl.connect, p);
      case "pubsub":
        return pubSub(impl.connect, p);
      case "sub":
        return subOnly(impl.connect, p);
      case "request":
        return requests(impl.connect, p);
      case "subs-heap":
        return subsHeap(impl.connect, p);
      case "conns-rss":
        return connsRss(impl.connect, p);
      case "parse":
        return parse(impl.parseAll, p);
      default:
        throw new Error(`unknown shape kind '${p.kind}' (${shapeId})`);
    }
  };
  run().then(
    (metrics) => {
      // Peak resident set and minor page faults of the whole process (first touches of fresh memory).
      const u = process.resourceUsage();
      const all = { ...metrics, peakRss: peakRssMiB(), minorFaults: u.minorPageFault };
      process.stdout.write(JSON.stringify({ metrics: all }) + "\n", () => process.exit(0));
    },
    (e: Error) => {
      process.stderr.write(`${e.stack ?? e.message}\n`, () => process.exit(1));
    },
  );
}
