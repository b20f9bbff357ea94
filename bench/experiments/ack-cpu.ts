/**
 * CPU per received message that is answered with `msg.respond()` (what a JetStream consumer's ack is), without
 * sockets: an in-process transport delivers MSGs with a `$JS.ACK…` reply subject in reads of 100 and throws
 * away what the client writes. Usage: run.mjs ack-cpu [n=1000000]
 */
import { connectWith, type Transport } from "@nats-stack/core";

const te = new TextEncoder();

class FeedServer implements Transport {
  isEncrypted = false;
  pendingBytes = 0;
  written = 0;
  onData: (chunk: Uint8Array) => void = () => {};
  onClose: (err?: Error) => void = () => {};
  async dial(): Promise<void> {
    setImmediate(() => this.onData(te.encode('INFO {"server_id":"FEED","version":"2.9.10","proto":1,"headers":true,"max_payload":1048576}\r\n')));
  }
  write(parts: Uint8Array[], done?: (err?: Error) => void): void {
    for (const p of parts) {
      this.written += p.length;
      const s = Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString("latin1");
      if (s.includes("PING\r\n")) setImmediate(() => this.onData(te.encode("PONG\r\n")));
    }
    done?.();
  }
  close(): void {
    setImmediate(() => this.onClose());
  }
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1_000_000);
  let t!: FeedServer;
  const nc = await connectWith(() => (t = new FeedServer()), { servers: "127.0.0.1:4222" });
  const ack = te.encode("+ACK");
  let got = 0;
  nc.subscribe("feed", { callback: (_e, m) => (got++, m.respond(ack)) });
  await nc.flush();
  const reads: Uint8Array[] = [];
  for (let r = 0; r < 100; r++) {
    let s = "";
    for (let i = 0; i < 100; i++) {
      const seq = r * 100 + i + 1;
      s += `MSG feed 1 $JS.ACK.orders.worker.1.${seq}.${seq}.1700000000000000000.0 16\r\n${"x".repeat(16)}\r\n`;
    }
    reads.push(te.encode(s));
  }
  const feed = (count: number) => {
    for (let k = 0; k < count / 100; k++) t.onData(reads[k % 100]!.slice());
  };
  feed(100_000);
  await nc.flush();
  (globalThis as { gc?: () => void }).gc?.();
  const c0 = process.cpuUsage();
  for (let done = 0; done < n; done += 100_000) {
    feed(100_000);
    await nc.flush();
  }
  const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ n, got, cpuNsPerMessage: Math.round(((c.user + c.system) * 1000) / n), written: t.written }));
  await nc.close();
}

main();
