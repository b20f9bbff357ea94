// Memory stays bounded: a 200 MiB object streamed through put() (a ReadableStream made on the fly) and read
// back through get() (each chunk dropped once read), with the process's memory sampled every 4 MiB. The
// samples are taken after a full GC (what is still held: the object must not be), and the peak without
// forcing GC is reported too. The figures are printed; the bound asserted is far below the object's size.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createHash } from "node:crypto";
import type { NatsConnection } from "@nats-stack/core";
import { Objm } from "@nats-stack/jetstream/obj";
import { JsEnv } from "../../helpers/js-env";

const MiB = 1024 * 1024;
const SIZE = 200 * MiB;
const PIECE = 256 * 1024;
const SAMPLE_EVERY = 4 * MiB;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const env = new JsEnv();
let nc: NatsConnection;
beforeAll(async () => {
  await env.start();
  nc = await env.connect();
});
afterAll(() => env.stop());

/** Memory of the JS heap and of the buffers outside it (Uint8Arrays live there). */
function mem(): { heap: number; buffers: number; rss: number } {
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers, rss: m.rss };
}

class Sampler {
  live = 0;
  peak = 0;
  private readonly base: { heap: number; buffers: number; rss: number };
  constructor() {
    gc();
    this.base = mem();
  }
  /** Growth now without GC (peak), then after a full GC (live). */
  sample(): void {
    const raw = mem();
    this.peak = Math.max(this.peak, raw.heap + raw.buffers - this.base.heap - this.base.buffers);
    gc();
    const m = mem();
    this.live = Math.max(this.live, m.heap + m.buffers - this.base.heap - this.base.buffers);
  }
}

// A piece of the object at `offset`: varied bytes, cheap to make again for the check.
function piece(offset: number, len: number): Uint8Array {
  const p = new Uint8Array(len);
  for (let i = 0; i < len; i += 4096) p[i] = ((offset + i) / 4096) & 0xff;
  return p;
}

test(`a ${SIZE / MiB} MiB object streamed through put() and get() is never held`, async () => {
  const os = await new Objm(nc).create(`mem_${process.pid}`);
  const hash = createHash("sha256");
  const putSampler = new Sampler();
  let made = 0;
  let nextSample = SAMPLE_EVERY;
  const source = new ReadableStream<Uint8Array>({
    pull(c) {
      if (made >= SIZE) return c.close();
      const p = piece(made, Math.min(PIECE, SIZE - made));
      hash.update(p);
      made += p.length;
      if (made >= nextSample) {
        putSampler.sample();
        nextSample += SAMPLE_EVERY;
      }
      c.enqueue(p);
    },
  });
  const t0 = Date.now();
  const info = await os.put({ name: "big" }, source);
  const putMs = Date.now() - t0;
  expect(info.size).toBe(SIZE);
  expect(info.digest).toBe(`SHA-256=${hash.digest("base64url")}=`);

  const getSampler = new Sampler();
  const t1 = Date.now();
  const r = (await os.get("big"))!;
  const reader = r.data.getReader();
  let read = 0;
  nextSample = SAMPLE_EVERY;
  let mismatch = -1;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // Spot check: the first byte of each 4 KiB block is the block's number.
    for (let i = (4096 - (read % 4096)) % 4096; i < value.length && mismatch < 0; i += 4096) {
      if (value[i] !== ((read + i) / 4096 & 0xff)) mismatch = read + i;
    }
    read += value.length;
    if (read >= nextSample) {
      getSampler.sample();
      nextSample += SAMPLE_EVERY;
    }
  }
  const getMs = Date.now() - t1;
  expect(await r.error).toBeNull();
  expect(read).toBe(SIZE);
  expect(mismatch).toBe(-1);

  const f = (b: number) => `${(b / MiB).toFixed(1)} MiB`;
  console.log(
    [
      `object ${SIZE / MiB} MiB, chunks ${info.chunks}`,
      `put: ${putMs} ms (${((SIZE / MiB) / (putMs / 1000)).toFixed(0)} MiB/s), heap+buffers growth: live after GC max ${f(putSampler.live)}, peak without forced GC ${f(putSampler.peak)}`,
      `get: ${getMs} ms (${((SIZE / MiB) / (getMs / 1000)).toFixed(0)} MiB/s), heap+buffers growth: live after GC max ${f(getSampler.live)}, peak without forced GC ${f(getSampler.peak)}`,
    ].join("\n"),
  );
  // What is held at any time: the chunk window (8 MiB) or the read-ahead (8 MiB) and what is in flight.
  expect(putSampler.live).toBeLessThan(32 * MiB);
  expect(getSampler.live).toBeLessThan(32 * MiB);
  await os.destroy();
}, 180_000);
