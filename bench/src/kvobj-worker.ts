/**
 * The shapes of kvobj.bench.ts, written once against the API ours and nats.js share (the names of
 * @nats-io/kv and @nats-io/obj), so a contender differs only in the modules it is given. A contender entry
 * (contenders/kvobj-ours.ts, contenders/kvobj-nats-js.ts) calls {@link runKvObjWorker}; the process follows
 * the contract of interleaved.ts: argv = `<shapeId> <params JSON>`, result = one `{"metrics":…}` line.
 *
 * Metrics: `rate` (units per second), `cpu` (the process's CPU microseconds, user + system of all threads, per
 * unit over the timed window: steadier than the rate on a shared machine), `peakRss`.
 *
 * Shapes (the clock starts after connecting and opening the bucket or store, except for watch, whose
 * consumer creation is part of what is timed):
 * - kv-put: `n` puts awaited one at a time, 128 B values over 1000 keys;
 * - kv-get: `n` gets awaited one at a time of existing keys;
 * - kv-watch: a watch of all history delivering `n` stored updates, key and value read from each;
 * - obj-put: putBlob of `size` bytes;
 * - obj-get: getBlob of a stored object of `size` bytes;
 * - stream-publish: the same bytes as plain JetStream publishes of 128 KiB (at most 64 awaiting their
 *   acknowledgement), the raw stream throughput the object store is compared with.
 */
import { peakRssMiB } from "./peak-rss";

import { reportThreadCpu, startMemoryTrace, startTimeline, threadCpu } from "./run-diagnostics";

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The modules a contender hands in. */
export interface KvObjApi {
  connect(o: { servers: string }): Promise<Any>;
  jetstream(nc: Any): Any;
  Kvm: new (nc: Any) => Any;
  Objm: new (nc: Any) => Any;
  /** Called before the shape runs (nats.js: pick its SHA-256 backend). */
  prepare?(): void;
}

interface Params {
  url: string;
  bucket: string;
  n: number;
  size: number;
  subject?: string;
}

const KEYS = 1000;

/** Bytes that are not all alike (so nothing compresses or hashes unusually fast). */
export function blob(size: number): Uint8Array {
  const b = new Uint8Array(size);
  let x = 7;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

async function run(api: KvObjApi, shape: string, p: Params): Promise<{ rate: number; cpu: number }> {
  api.prepare?.();
  const nc = await api.connect({ servers: p.url });
  const memory = startMemoryTrace();
  const js = api.jetstream(nc);
  let t0 = 0;
  let cpu0 = process.cpuUsage();
  let units = 0;
  let threads: Map<string, number> | undefined;
  let timeline: (() => void) | undefined;
  const start = () => {
    threads = threadCpu();
    timeline = startTimeline(nc);
    cpu0 = process.cpuUsage();
    t0 = performance.now();
  };
  switch (shape) {
    case "kv-put": {
      const kv = await new api.Kvm(js).create(p.bucket);
      const v = blob(128);
      start();
      for (let i = 0; i < p.n; i++) await kv.put(`k${i % KEYS}`, v);
      units = p.n;
      break;
    }
    case "kv-get": {
      const kv = await new api.Kvm(js).create(p.bucket);
      start();
      for (let i = 0; i < p.n; i++) {
        const e = await kv.get(`k${i % KEYS}`);
        if (!e || e.value.length !== 128) throw new Error(`k${i % KEYS}: missing`);
      }
      units = p.n;
      break;
    }
    case "kv-watch": {
      const kv = await new api.Kvm(js).create(p.bucket);
      start();
      const w = await kv.watch({ include: "history" });
      let k = 0;
      let bytes = 0;
      for await (const e of w) {
        bytes += e.key.length + e.value.length;
        if (++k === p.n) break;
      }
      if (bytes === 0) throw new Error("nothing read");
      units = p.n;
      break;
    }
    case "obj-put": {
      const os = await new api.Objm(js).create(p.bucket);
      const data = blob(p.size);
      start();
      const info = await os.putBlob({ name: "blob" }, data);
      if (info.size !== p.size) throw new Error(`put ${info.size} bytes`);
      units = p.size / (1024 * 1024);
      break;
    }
    case "obj-get": {
      const os = await new api.Objm(js).create(p.bucket);
      start();
      const data = await os.getBlob("blob");
      if (!data || data.length !== p.size) throw new Error(`got ${data?.length} bytes`);
      units = p.size / (1024 * 1024);
      break;
    }
    case "stream-publish": {
      const chunk = 128 * 1024;
      const data = blob(p.size);
      const window = 64;
      start();
      const inflight: Promise<unknown>[] = [];
      for (let at = 0; at < p.size; at += chunk) {
        if (inflight.length >= window) await inflight.shift();
        inflight.push(js.publish(p.subject!, data.subarray(at, Math.min(at + chunk, p.size))));
      }
      await Promise.all(inflight);
      units = p.size / (1024 * 1024);
      break;
    }
    default:
      throw new Error(`unknown shape ${shape}`);
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  timeline?.();
  memory?.();
  reportThreadCpu(threads);
  await nc.close();
  // CPU per unit (a put, a get, an entry, a MiB), in microseconds: user + system of every thread.
  return { rate: units / (ms / 1000), cpu: (cpu.user + cpu.system) / units };
}

/** The process's main: runs the shape named in argv and prints its metrics. */
export function runKvObjWorker(api: KvObjApi): void {
  const [shape, params] = process.argv.slice(2) as [string, string];
  run(api, shape, JSON.parse(params) as Params).then(
    ({ rate, cpu }) => {
      console.log(JSON.stringify({ metrics: { rate, cpu, peakRss: peakRssMiB() } }));
      process.exit(0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
