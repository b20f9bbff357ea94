import { Outbound } from "../../packages/core/src/outbound";
/**
 * Publishes through Outbound alone (no socket), three ways: a sink that keeps every batch (what a backed-up
 * socket queue does: fresh memory, first-touch page faults), one that drops them (freed at the next GC), and
 * a ring of four reused 64 KiB buffers (what returning written buffers to a pool would give).
 * Usage: run.mjs fresh-buffers <size> <n> <keep|drop|ring>
 */
const subject = "bench.pub1k.123456.42";
function run(keepAll: boolean, size: number, n: number, chunkAlloc = (k: number) => Buffer.allocUnsafe(k), label = keepAll ? "keep all" : "drop") {
  const kept: Uint8Array[][] = [];
  let bytes = 0;
  const o = new Outbound((parts) => { for (const p of parts) bytes += p.length; if (keepAll) kept.push(parts); }, chunkAlloc);
  const data = new Uint8Array(size).fill(120);
  const f0 = process.resourceUsage().minorPageFault;
  const t = performance.now();
  for (let i = 0; i < n; i++) o.pub(subject, undefined, undefined, data);
  o.flush();
  const ms = performance.now() - t;
  const f1 = process.resourceUsage().minorPageFault;
  console.log(`${label.padEnd(9)} ${size} B x ${n}: ${(ms * 1e6 / n).toFixed(0)} ns/pub, ${f1 - f0} page faults, ${(bytes / 1e6).toFixed(0)} MB`);
  return kept.length;
}
const size = Number(process.argv[2] ?? 1024);
const n = Number(process.argv[3] ?? 200000);
run(false, size, n / 10); // warm
if (process.argv[4] !== "ring") run(process.argv[4] === "keep", size, n);
// Ring: the same four 64 KiB buffers over and over.
const ring = Array.from({ length: 4 }, () => Buffer.allocUnsafe(65536));
let r = 0;
if (process.argv[4] === "ring") {
  run(false, size, n, (k) => (k === 65536 ? ring[r++ & 3]! : Buffer.allocUnsafe(k)), "ring");
}
