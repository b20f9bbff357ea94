/**
 * The publish path's pieces in isolation: Outbound.pub per message (sink drops the batches), the control line
 * (writePubHead), copying the subject and the payload, and allocating a 64 KiB write buffer.
 * Usage: run.mjs outbound-costs
 */
import { Outbound } from "../../packages/core/src/outbound";
import { writePubHead } from "@nats-stack/wire";

const subject = "bench.pub16.123456.42"; // like the benchmark's subjects
const N = 2_000_000;
function run(name: string, size: number, alloc: (n: number) => Uint8Array) {
  let flushed = 0;
  const o = new Outbound((parts) => { for (const p of parts) flushed += p.length; }, alloc);
  const data = new Uint8Array(size).fill(120);
  for (let i = 0; i < 200_000; i++) o.pub(subject, undefined, undefined, data);
  o.flush();
  const t = performance.now();
  for (let i = 0; i < N; i++) o.pub(subject, undefined, undefined, data);
  o.flush();
  const ms = performance.now() - t;
  console.log(`${name} size ${size}: ${(ms * 1e6 / N).toFixed(1)} ns/pub (${flushed} bytes)`);
}
// pieces
function pieces(size: number) {
  const buf = Buffer.allocUnsafe(64 * 1024);
  const data = new Uint8Array(size).fill(120);
  const subjBytes = Buffer.from(subject);
  let p = 0;
  const time = (name: string, f: () => void) => {
    for (let i = 0; i < 200000; i++) f();
    const t = performance.now();
    for (let i = 0; i < N; i++) f();
    console.log(`  ${name}: ${((performance.now() - t) * 1e6 / N).toFixed(1)} ns`);
  };
  time("writePubHead (string subject)", () => { p = writePubHead(buf, 0, subject, undefined, -1, size); });
  time("buf.set(subjectBytes)", () => { buf.set(subjBytes, 4); });
  time(`buf.set(payload ${size})`, () => { buf.set(data, 100); });
  time(`loop copy payload ${size}`, () => { for (let i = 0; i < data.length; i++) buf[100 + i] = data[i]!; });
  time("Buffer.allocUnsafe(64K)", () => { Buffer.allocUnsafe(64 * 1024); });
  void p;
}
for (const size of [16, 1024]) {
  run("Outbound.pub Buffer", size, (n) => Buffer.allocUnsafe(n));
  run("Outbound.pub Uint8Array", size, (n) => new Uint8Array(n));
  pieces(size);
}
