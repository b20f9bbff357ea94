import { writePubHead, writeDecimal } from "@nats-stack/wire";
/**
 * Control line of a PUB: validating and encoding the subject per publish (today) against a `PUB <subject> `
 * prefix cached with the validation result, for the benchmark's subject length. Run it several times and
 * keep the minimum on a shared machine. Usage: run.mjs subject-prefix
 */
const subject = "bench.pub16.123456.42";
const N = 5_000_000;
const buf = Buffer.allocUnsafe(1 << 20);
const valid = new Set<string>([subject]);
const prefixes = new Map<string, Uint8Array>([[subject, Buffer.from(`PUB ${subject} `)]]);
function copySmall(dst: Uint8Array, p: number, src: Uint8Array): number {
  const n = src.length;
  if (n > 64) { dst.set(src, p); return p + n; }
  for (let i = 0; i < n; i++) dst[p + i] = src[i]!;
  return p + n;
}
const variants: Record<string, (p: number) => number> = {
  "Set.has + writePubHead (today)": (p) => (valid.has(subject) ? writePubHead(buf, p, subject, undefined, -1, 16) : -1),
  "Map.get prefix + set + size + CRLF": (p) => {
    const pre = prefixes.get(subject)!;
    buf.set(pre, p);
    p = writeDecimal(buf, p + pre.length, 16);
    buf[p++] = 13; buf[p++] = 10;
    return p;
  },
  "Map.get prefix + loop copy + size + CRLF": (p) => {
    const pre = prefixes.get(subject)!;
    p = copySmall(buf, p, pre);
    p = writeDecimal(buf, p, 16);
    buf[p++] = 13; buf[p++] = 10;
    return p;
  },
};
for (let round = 0; round < 3; round++) {
  for (const [name, f] of Object.entries(variants)) {
    let p = 0;
    const t = performance.now();
    for (let i = 0; i < N; i++) { p = f(p); if (p > buf.length - 100) p = 0; }
    if (round === 2) console.log(`${name}: ${(((performance.now() - t) * 1e6) / N).toFixed(1)} ns`);
  }
}
