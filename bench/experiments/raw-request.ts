/**
 * The floor of request latency and CPU per request in Node: a raw socket requester (no client library)
 * against the same Go responder as the benchmark, to tell the runtime's share (event loop, syscalls) from
 * the client's. Usage: run.mjs raw-request
 */
import * as net from "node:net";
import { startServer } from "@nats-stack/fixtures/nats-server";
import { spawn } from "node:child_process";
import { percentile } from "../src/stats";
import { natsGoBench } from "../src/go-build";

async function main() {
  const srv = await startServer({});
  const subject = "raw.req." + process.pid;
  const go = spawn(natsGoBench(), ["respond", srv.url, subject], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((r) => go.stdout!.once("data", () => r()));
  const s = net.connect(srv.port, "127.0.0.1");
  s.setNoDelay(true);
  await new Promise((r) => s.once("connect", r));
  s.write('CONNECT {"verbose":false,"pedantic":false,"protocol":1,"headers":true,"no_responders":true}\r\nSUB _INBOX.raw 1\r\nPING\r\n');
  let waiting: (() => void) | undefined;
  let pongs = 0;
  s.on("data", (d: Buffer) => {
    if (d.includes("PING\r\n")) s.write("PONG\r\n");
    if (d.includes("PONG")) pongs++;
    if (d.includes("MSG ")) { const w = waiting; waiting = undefined; w?.(); }
  });
  while (pongs === 0) await new Promise((r) => setTimeout(r, 5));
  const frame = Buffer.from(`PUB ${subject} _INBOX.raw 16\r\nxxxxxxxxxxxxxxxx\r\n`);
  const one = () => new Promise<void>((r) => { waiting = r; s.write(frame); });
  for (let i = 0; i < 500; i++) await one();
  const n = 20000;
  const lat: number[] = [];
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) { const t = performance.now(); await one(); lat.push(performance.now() - t); }
  const cu = process.cpuUsage(c0);
  console.log(`cpu ${((cu.user + cu.system) / n).toFixed(1)} µs/req raw node requester: p50 ${(percentile(lat, 50) * 1000).toFixed(1)} µs p99 ${(percentile(lat, 99) * 1000).toFixed(1)} µs`);
  s.destroy(); go.kill(); await srv.stop();
}
main();
