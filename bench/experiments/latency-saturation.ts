/**
 * Publish-to-delivery latency under saturation, the shape of the CLI's `bench --compare` (one publisher and
 * one subscriber connection in this process, the publisher yielding to the event loop every `pubBatch`
 * messages, a sample of messages stamped with the send time), with what the sockets did: writes and bytes
 * per write of each connection, the most a socket held unwritten, reads of the subscriber. Usage:
 * `latency-saturation <ours|natsjs> [msgs=200000] [size=16] [pubBatch=100] [rate]`: with `rate` (msgs/s) the
 * publisher keeps to that rate (yielding until its schedule allows the next batch), so two clients can be
 * compared at the same load. One run; repeat it.
 */
import * as net from "node:net";
import { startServer } from "@nats-stack/fixtures/nats-server";
import { connect as ours } from "@nats-stack/core";
import { connect as natsjs } from "@nats-io/transport-node";

const [who = "ours", msgsArg = "200000", sizeArg = "16", batchArg = "100"] = process.argv.slice(2);
const msgs = Number(msgsArg);
const size = Number(sizeArg);
const pubBatch = Number(batchArg);
const rate = Number(process.argv[6] ?? 0);

interface SockStats {
  writes: number;
  bytes: number;
  maxPending: number;
  reads: number;
  readBytes: number;
}
const stats = new Map<net.Socket, SockStats>();
const of = (s: net.Socket): SockStats => {
  let st = stats.get(s);
  if (!st) stats.set(s, (st = { writes: 0, bytes: 0, maxPending: 0, reads: 0, readBytes: 0 }));
  return st;
};
const write0 = net.Socket.prototype.write;
net.Socket.prototype.write = function (this: net.Socket, chunk: Uint8Array | string, ...rest: unknown[]) {
  const st = of(this);
  st.writes++;
  st.bytes += typeof chunk === "string" ? chunk.length : chunk.length;
  const r = (write0 as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  st.maxPending = Math.max(st.maxPending, this.writableLength);
  return r;
} as typeof net.Socket.prototype.write;
const emit0 = net.Socket.prototype.emit;
net.Socket.prototype.emit = function (this: net.Socket, ev: string | symbol, ...args: unknown[]) {
  if (ev === "data") {
    const st = of(this);
    st.reads++;
    st.readBytes += (args[0] as Uint8Array).length;
  }
  return (emit0 as (...a: unknown[]) => boolean).call(this, ev, ...args);
} as typeof net.Socket.prototype.emit;

type Conn = {
  publish(s: string, d: Uint8Array): void;
  subscribe(s: string, o: { callback: (e: unknown, m: { data: Uint8Array }) => void }): unknown;
  flush(): Promise<void>;
  close(): Promise<void>;
};

async function main(): Promise<void> {
  const srv = await startServer({ config: 'max_pending: 512MB\nwrite_deadline: "30s"\n' });
  const connect = (who === "ours" ? ours : natsjs) as unknown as (o: object) => Promise<Conn>;
  try {
    const sc = await connect({ servers: srv.url, name: "sub" });
    const subSock = [...stats.keys()].at(-1);
    const pc = await connect({ servers: srv.url, name: "pub" });
    const shared = new Uint8Array(size).fill(120).fill(0xff, 0, 8);
    const stride = Math.max(1, Math.floor(msgs / 50_000));
    const lat: number[] = [];
    const latAt: number[] = [];
    let got = 0;
    let start = 0;
    const done = new Promise<void>((resolve) => {
      sc.subscribe("lat.sat", {
        callback: (_e, m) => {
          const now = performance.now();
          const sent = new DataView(m.data.buffer, m.data.byteOffset, 8).getFloat64(0, true);
          if (!Number.isNaN(sent)) {
            lat.push(now - sent);
            latAt.push(sent - start);
          }
          if (++got === msgs) resolve();
        },
      });
    });
    await sc.flush();
    start = performance.now();
    const cpu0 = process.cpuUsage();
    for (let k = 0; k < msgs; k++) {
      let p = shared;
      if (k % stride === 0) {
        p = shared.slice();
        new DataView(p.buffer).setFloat64(0, performance.now(), true);
      }
      pc.publish("lat.sat", p);
      if ((k + 1) % pubBatch === 0) {
        await new Promise<void>((r) => setImmediate(r));
        // Paced: wait (still yielding) while ahead of the schedule.
        while (rate > 0 && performance.now() - start < ((k + 1) / rate) * 1000) await new Promise<void>((r) => setImmediate(r));
      }
    }
    const pubMs = performance.now() - start;
    await pc.flush();
    await done;
    const ms = performance.now() - start;
    const cpu = process.cpuUsage(cpu0);
    const sorted = [...lat].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
    // Latency by when the message was sent: first and last quarter of the publishing.
    const q = (from: number, to: number) => {
      const xs = lat.filter((_, i) => latAt[i]! >= from * pubMs && latAt[i]! < to * pubMs).sort((a, b) => a - b);
      return xs.length ? xs[xs.length >> 1]!.toFixed(2) : "-";
    };
    console.log(
      `${who}: pub ${Math.round(msgs / (pubMs / 1000))} msgs/s, all ${Math.round(msgs / (ms / 1000))} msgs/s, CPU ${(((cpu.user + cpu.system) * 1000) / msgs).toFixed(0)} ns/msg; latency ms p50 ${pct(50).toFixed(2)} p90 ${pct(90).toFixed(2)} p99 ${pct(99).toFixed(2)}; p50 by send time: 1st quarter ${q(0, 0.25)}, last quarter ${q(0.75, 1.01)}`,
    );
    for (const [s, st] of stats) {
      const role = s === subSock ? "sub" : "pub";
      console.log(
        `  ${role}: ${st.writes} writes, ${(st.bytes / Math.max(1, st.writes)).toFixed(0)} B/write, max unwritten ${st.maxPending} B; ${st.reads} reads, ${(st.readBytes / Math.max(1, st.reads)).toFixed(0)} B/read`,
      );
    }
    await pc.close();
    await sc.close();
  } finally {
    await srv.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
