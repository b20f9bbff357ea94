import { connect } from "@nats-stack/core";
import { connect as jsConnect } from "@nats-io/transport-node";
import * as net from "node:net";
import { startServer } from "@nats-stack/fixtures/nats-server";

/**
 * How much memory a synchronous publish loop leaves held until it yields, and where: node's socket queue
 * (writableLength) against the client. Usage: run.mjs held-by-loop <ours|natsjs> [size=1024] [n=200000] [options JSON]
 */
async function main() {
  const which = process.argv[2]!;
  const size = Number(process.argv[3] ?? 1024);
  const n = Number(process.argv[4] ?? 200000);
  const srv = await startServer({ config: 'max_pending: 512MB\nwrite_deadline: "30s"\n' });
  let maxQueued = 0;
  let syncWrites = 0, writes = 0;
  const origWrite = net.Socket.prototype.write;
  (net.Socket.prototype as any).write = function (this: net.Socket, ...a: any[]) {
    const r = (origWrite as any).apply(this, a);
    writes++;
    if (this.writableLength === 0) syncWrites++;
    if (this.writableLength > maxQueued) maxQueued = this.writableLength;
    return r;
  };
  const nc: any = await (which === "ours" ? connect : jsConnect)({ servers: srv.url, ...JSON.parse(process.argv[5] ?? "{}") });
  const data = new Uint8Array(size).fill(120);
  const m0 = process.memoryUsage();
  const t = performance.now();
  for (let i = 0; i < n; i++) nc.publish("held.test", data);
  const loopMs = performance.now() - t;
  const m1 = process.memoryUsage();
  await nc.flush();
  const ms = performance.now() - t;
  const mb = (x: number) => (x / 1048576).toFixed(0) + " MB";
  const ru = process.resourceUsage(); console.log(`peakRss ${(ru.maxRSS/1024).toFixed(0)} MB faults ${ru.minorPageFault} ${which} ${size}B x ${n}: loop ${loopMs.toFixed(0)} ms, flush done ${ms.toFixed(0)} ms; socket.write calls ${writes} (${syncWrites} left nothing queued), max socket queue ${mb(maxQueued)}; after loop: rss +${mb(m1.rss - m0.rss)}, arrayBuffers +${mb(m1.arrayBuffers - m0.arrayBuffers)}, heapUsed +${mb(m1.heapUsed - m0.heapUsed)}`);
  await nc.close();
  await srv.stop();
}
main();
