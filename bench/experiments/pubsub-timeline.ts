import { connect } from "@nats-stack/core";
import { connect as jsConnect } from "@nats-io/transport-node";
import * as net from "node:net";
import { startServer } from "@nats-stack/fixtures/nats-server";

/**
 * Where the time of pub+sub (two connections, one process) goes: the synchronous publish loop, the drain
 * after it, the reads of the subscriber (count and sizes) and how many messages had arrived at each point.
 * Usage: run.mjs pubsub-timeline <ours|natsjs> [size=1024] [n=200000]; SAMPLES=1 prints what was delivered
 * and the server's and our CPU every 20 ms, SS=1 the sockets' TCP state (`ss -tin`: retransmissions, time
 * limited by the receive window) at the end. Reads are counted for sockets that emit data events (nats.js;
 * ours reads plain sockets through node's onread, so it shows 0).
 */
async function main() {
  const which = process.argv[2]!;
  const size = Number(process.argv[3] ?? 1024);
  const n = Number(process.argv[4] ?? 200000);
  const warm = n / 10;
  const srv = await startServer({ config: 'max_pending: 512MB\nwrite_deadline: "30s"\n' });
  const conn: any = which === "ours" ? connect : jsConnect;
  const sc = await conn({ servers: srv.url });
  const pc = await conn({ servers: srv.url });
  // Reads of every socket: the subscriber's are the ones with data events.
  const reads: number[] = [];
  const origPush = (net.Socket.prototype as any).push;
  (net.Socket.prototype as any).push = function (this: net.Socket, chunk: any, ...a: any[]) {
    if (chunk) reads.push(chunk.length);
    return origPush.call(this, chunk, ...a);
  };
  let got = 0;
  let resolveWarm!: () => void, resolveDone!: () => void;
  const warmed = new Promise<void>((r) => (resolveWarm = r));
  const done = new Promise<void>((r) => (resolveDone = r));
  let tFirst = 0;
  sc.subscribe("tl.x", {
    callback: (_e: unknown, m: { data: Uint8Array }) => {
      if (m.data.length !== size) throw new Error("size");
      ++got;
      if (got === warm) resolveWarm();
      else if (got === warm + 1) tFirst = performance.now();
      else if (got === warm + n) resolveDone();
    },
  });
  await sc.flush();
  const data = new Uint8Array(size).fill(120);
  for (let i = 0; i < warm; i++) pc.publish("tl.x", data);
  await pc.flush();
  await warmed;
  reads.length = 0;
  // Samples every 20 ms (when the loop lets the timer run): delivered, bytes queued in our sockets, the
  // server's CPU and ours.
  const { readFileSync } = await import("node:fs");
  const srvCpu = () => {
    const f = readFileSync(`/proc/${srv.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(f[11]) + Number(f[12])) * 10;
  };
  const samples: string[] = [];
  let last = performance.now(), lastSrv = srvCpu(), lastOwn = process.cpuUsage();
  const timer = setInterval(() => {
    const now = performance.now(), s = srvCpu(), o = process.cpuUsage();
    samples.push(`${(now - t).toFixed(0)}ms got=${got - warm} srvCpu=${(((s - lastSrv) / (now - last)) * 100).toFixed(0)}% ownCpu=${(((o.user + o.system - lastOwn.user - lastOwn.system) / 1000 / (now - last)) * 100).toFixed(0)}% reads=${reads.length}`);
    last = now; lastSrv = s; lastOwn = o;
  }, 20);
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < n; i++) pc.publish("tl.x", data);
  const loop = performance.now() - t;
  const atLoop = got - warm;
  const readsAtLoop = reads.length;
  await pc.flush();
  const flushed = performance.now() - t;
  const atFlush = got - warm;
  await done;
  const all = performance.now() - t;
  const c = process.cpuUsage(cpu0);
  clearInterval(timer);
  if (process.env.SAMPLES) console.log(samples.join("\n"));
  const big = reads.filter((r) => r >= 60000).length;
  const avg = reads.reduce((a, b) => a + b, 0) / Math.max(1, reads.length);
  console.log(
    `${which} ${size}B x ${n}: loop ${loop.toFixed(0)} ms (${atLoop} delivered, ${readsAtLoop} reads), flush at ${flushed.toFixed(0)} ms (${atFlush} delivered), first delivery ${(tFirst - t).toFixed(0)} ms, all at ${all.toFixed(0)} ms = ${(n / all * 1000).toFixed(0)}/s; cpu ${((c.user + c.system) / 1000).toFixed(0)} ms (user ${(c.user / 1000).toFixed(0)}); reads ${reads.length}, avg ${avg.toFixed(0)} B, >=60k ${big}`,
  );
  if (process.env.SS) {
    const { spawnSync } = await import("node:child_process");
    console.log(spawnSync("ss", ["-tin", `( sport = :${srv.port} or dport = :${srv.port} )`], { encoding: "utf8" }).stdout);
  }
  await pc.close();
  await sc.close();
  await srv.stop();
}
main();
