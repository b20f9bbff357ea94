/**
 * Frames per second (wall and CPU) of each pass of a parser over the same 32 MiB (the parser shapes' input),
 * to see when a contender reaches its steady state: `parse-passes <ours|natsjs> <msg16|msg1k|hmsg16>
 * [passes] [--fresh-sink]` (`--fresh-sink`: a new parser and sink per pass, as the benchmark did before).
 */
import { ServerOpParser } from "@nats-stack/wire";
import { Parser } from "@nats-io/nats-core/internal";

const [who = "ours", shape = "msg1k", passesArg = "12"] = process.argv.slice(2);
const size = shape === "msg1k" ? 1024 : 16;
const hdr = "NATS/1.0\r\nNats-Msg-Id: 4f0a9c2e-1b7d\r\n\r\n";
const frame =
  shape === "hmsg16"
    ? `HMSG bench.orders.created 7 _INBOX.Xk3j9.42 ${hdr.length} ${hdr.length + size}\r\n${hdr}${"x".repeat(size)}\r\n`
    : `MSG bench.orders.created 7 ${size}\r\n${"x".repeat(size)}\r\n`;
const one = Buffer.from(frame, "latin1");
const frames = Math.floor((32 * 1024 * 1024) / one.length);
const all = Buffer.concat(Array.from({ length: frames }, () => one));
const chunks: Uint8Array[] = [];
for (let o = 0; o < all.length; o += 65536) chunks.push(new Uint8Array(all.subarray(o, o + 65536)));
const keep: unknown[] = new Array(1024);

// One parser and one sink for every pass, as a connection has (a sink made per pass would be a new closure
// each time, and code optimised for the previous one deoptimises: "wrong call target").
const fresh = process.argv.includes("--fresh-sink");
let n = 0;
const oursSink = () => ({
  msg(m: unknown) {
    keep[n & 1023] = m;
    n++;
  },
  info() {},
  ping() {},
  pong() {},
  ok() {},
  err() {},
});
const natsSink = () => ({
  push(e: { kind: number } | (() => void)) {
    if (typeof e !== "function" && e.kind === 2) keep[n++ & 1023] = e;
  },
});
const make = () => (who === "ours" ? new ServerOpParser(oursSink()) : new Parser(natsSink()));
let parser = make();
function pass(): number {
  n = 0;
  if (fresh) parser = make();
  for (const ch of chunks) parser.parse(ch);
  return n;
}
const rates: string[] = [];
const cpuRates: string[] = [];
for (let i = 0; i < Number(passesArg); i++) {
  const t = performance.now();
  const c = process.cpuUsage();
  const got = pass();
  const cu = process.cpuUsage(c);
  const ms = performance.now() - t;
  if (got !== frames) throw new Error(`parsed ${got} of ${frames}`);
  rates.push(((frames / ms) * 1000 / 1e6).toFixed(2));
  cpuRates.push(((frames / ((cu.user + cu.system) / 1000)) * 1000 / 1e6).toFixed(2));
}
console.log(`${who} ${shape}: M frames/s per pass (wall): ${rates.join(" ")}`);
console.log(`${who} ${shape}: M frames per CPU second, per pass: ${cpuRates.join(" ")}`);
