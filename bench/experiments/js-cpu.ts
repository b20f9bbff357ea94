/**
 * CPU per operation of our JetStream client's own code, without sockets or a server: an in-process transport
 * plays a JetStream server that answers consumer lookups, pull requests (the batch asked for, in reads of about
 * 64 KiB, on the next macrotask, as a socket would deliver them), publishes (a PubAck), direct gets (a stored
 * message) and PINGs, and throws acks away. The fake server's own time is measured and subtracted, so what is
 * left is the client: steadier than any socket benchmark on a shared machine, and blind to the kernel and to
 * the server. Usage:
 *
 *   run.mjs js-cpu <shape> [n] [runs]
 *
 * Shapes: fetch-ack (fetch(256) + ack each; fetch-ack:<batch> for another batch), consume-ack, ordered-consume, publish-awaited, publish-256,
 * kv-get, kv-put, kv-watch (all history). Prints one JSON line per run: client µs per operation, writes per operation, bytes written.
 */
import { connectWith, type Msg, type NatsConnection } from "@nats-stack/core";
import type { ClientPub } from "@nats-stack/wire";
import { AckPolicy, jetstream } from "@nats-stack/jetstream";
import { Kvm } from "@nats-stack/jetstream/kv";
import { FakeServerTransport } from "./fake-server-transport";

const te = new TextEncoder();
const td = new TextDecoder();
const STREAM = "S";
const SUBJECT = "s.data";
const PAYLOAD = "x".repeat(128);

class FakeJetStream extends FakeServerTransport {
  private readonly out: string[] = [];
  private outLen = 0;
  private scheduled = false;
  private seq = 0;
  /** Delivered per pull request, per consumer: the stream sequence of the next message. */
  private readonly cursors = new Map<string, { sseq: number; dseq: number }>();

  protected pong(): void {
    this.send("PONG\r\n");
  }

  // Queues bytes for the client; they arrive on the next macrotask in reads of about 64 KiB.
  private send(s: string): void {
    this.out.push(s);
    this.outLen += s.length;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.deliver());
    }
  }

  private deliver(): void {
    this.scheduled = false;
    let chunk: string[] = [];
    let len = 0;
    const reads: Uint8Array[] = [];
    const t = performance.now();
    for (const s of this.out) {
      chunk.push(s);
      len += s.length;
      if (len >= 65536) {
        reads.push(te.encode(chunk.join("")));
        chunk = [];
        len = 0;
      }
    }
    if (chunk.length) reads.push(te.encode(chunk.join("")));
    this.out.length = 0;
    this.outLen = 0;
    this.serverMs += performance.now() - t;
    for (const r of reads) this.onData(r);
  }

  private reply(reply: string | undefined, body: string, hdr?: string): void {
    if (!reply) return;
    const sid = this.sidFor(reply);
    if (sid < 0) return;
    if (hdr === undefined) this.send(`MSG ${reply} ${sid} ${te.encode(body).length}\r\n${body}\r\n`);
    else this.send(`HMSG ${reply} ${sid} ${hdr.length} ${hdr.length + body.length}\r\n${hdr}${body}\r\n`);
  }

  protected pub(m: ClientPub): void {
    const subject = m.subject;
    const reply = m.reply;
    if (subject.startsWith("$JS.ACK.")) return;
    if (subject === "$JS.API.INFO") {
      this.reply(reply, JSON.stringify({ type: "io.nats.jetstream.api.v1.account_info_response", memory: 0, storage: 0, streams: 1, consumers: 1, limits: {}, api: { total: 0, errors: 0 } }));
    } else if (subject.startsWith("$JS.API.CONSUMER.INFO.")) {
      this.reply(reply, this.consumerInfo(STREAM, subject.split(".").pop()!));
    } else if (subject.startsWith("$JS.API.CONSUMER.CREATE.") || subject.startsWith("$JS.API.CONSUMER.DURABLE.CREATE.")) {
      const req = JSON.parse(td.decode(m.payload)) as { config: Record<string, unknown> };
      const name = (req.config.name ?? req.config.durable_name) as string;
      this.cursors.set(name, { sseq: (req.config.opt_start_seq as number | undefined) ?? 1, dseq: 1 });
      this.reply(reply, this.consumerInfo(STREAM, name, req.config));
    } else if (subject.startsWith("$JS.API.CONSUMER.DELETE.")) {
      this.reply(reply, '{"success":true}');
    } else if (subject.startsWith("$JS.API.CONSUMER.MSG.NEXT.")) {
      const name = subject.split(".").pop()!;
      const req = JSON.parse(td.decode(m.payload)) as { batch: number };
      const c = this.cursors.get(name) ?? { sseq: 1, dseq: 1 };
      this.cursors.set(name, c);
      const sid = this.sidFor(reply!);
      // A bucket's consumer gets its keys' subjects.
      const kv = subject.includes(".KV_");
      for (let i = 0; i < req.batch; i++, c.sseq++, c.dseq++) {
        const subj = kv ? `$KV.B.k${c.sseq % 1000}` : SUBJECT;
        this.send(`MSG ${subj} ${sid} $JS.ACK.${STREAM}.${name}.1.${c.sseq}.${c.dseq}.1700000000000000000.${1_000_000 - c.sseq} ${PAYLOAD.length}\r\n${PAYLOAD}\r\n`);
      }
    } else if (subject.startsWith("$JS.API.DIRECT.GET.")) {
      const key = subject.slice(subject.indexOf("$KV."));
      const hdr = `NATS/1.0\r\nNats-Stream: KV_B\r\nNats-Subject: ${key}\r\nNats-Sequence: 42\r\nNats-Time-Stamp: 2024-01-01T00:00:00.000000000Z\r\n\r\n`;
      this.reply(reply, PAYLOAD, hdr);
    } else if (subject.startsWith("$JS.API.STREAM.INFO.")) {
      this.reply(reply, JSON.stringify({ config: { name: subject.split(".").pop(), subjects: ["$KV.B.>"], allow_direct: true, max_msgs_per_subject: 1 }, state: { messages: 0, bytes: 0, first_seq: 0, last_seq: 0, consumer_count: 0 }, created: new Date().toISOString() }));
    } else if (reply) {
      this.reply(reply, `{"stream":"${STREAM}","seq":${++this.seq}}`);
    }
  }
}

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

async function shapeRun(nc: NatsConnection, shape: string, n: number): Promise<void> {
  const js = jetstream(nc);
  const data = te.encode(PAYLOAD);
  // `fetch-ack:<batch>`: another batch size (per-fetch costs show more with small batches).
  const [name, arg] = shape.split(":");
  switch (name) {
    case "fetch-ack": {
      const c = await js.consumers.get(STREAM, "d");
      const batch = Number(arg ?? 256);
      for (let k = 0; k < n; ) {
        for await (const m of await c.fetch({ max_messages: Math.min(batch, n - k), expires: 5000 })) {
          m.ack();
          k++;
        }
      }
      return;
    }
    case "consume-ack": {
      const c = await js.consumers.get(STREAM, "d");
      let k = 0;
      for await (const m of await c.consume()) {
        m.ack();
        if (++k === n) break;
      }
      return;
    }
    case "ordered-consume": {
      const c = await js.consumers.get(STREAM);
      let k = 0;
      for await (const _m of await c.consume()) if (++k === n) break;
      return;
    }
    case "publish-awaited":
      for (let i = 0; i < n; i++) await js.publish(SUBJECT, data);
      return;
    case "publish-256":
      await new Promise<void>((resolve, reject) => {
        let sent = 0;
        let done = 0;
        let inflight = 0;
        const pump = () => {
          while (inflight < 256 && sent < n) {
            inflight++;
            sent++;
            js.publish(SUBJECT, data).then(() => {
              inflight--;
              if (++done === n) resolve();
              else pump();
            }, reject);
          }
        };
        pump();
      });
      return;
    case "kv-get": {
      const kv = await new Kvm(js).open("B", { allow_direct: true } as Any);
      for (let i = 0; i < n; i++) {
        const e = await kv.get(`k${i % 1000}`);
        if (!e || e.value.length !== 128) throw new Error("missing");
      }
      return;
    }
    case "kv-watch": {
      const kv = await new Kvm(js).open("B", { allow_direct: true } as Any);
      let k = 0;
      let bytes = 0;
      for await (const e of await kv.watch({ include: "history" as Any })) {
        bytes += e.key.length + e.value.length;
        if (++k === n) break;
      }
      if (bytes === 0) throw new Error("nothing read");
      return;
    }
    case "kv-put": {
      const kv = await new Kvm(js).open("B", { allow_direct: true } as Any);
      for (let i = 0; i < n; i++) await kv.put(`k${i % 1000}`, data);
      return;
    }
    default:
      throw new Error(`unknown shape ${shape}`);
  }
}

async function main(): Promise<void> {
  const [shape = "fetch-ack", nText, runsText] = process.argv.slice(2);
  const n = Number(nText ?? (shape.startsWith("kv") || shape === "publish-awaited" ? 50_000 : 200_000));
  const runs = Number(runsText ?? 3);
  for (let r = 0; r < runs + 1; r++) {
    let t!: FakeJetStream;
    const nc = await connectWith(() => (t = new FakeJetStream()), { servers: "127.0.0.1:4222" });
    // The first run warms the JIT and is not reported.
    const count = r === 0 ? Math.min(n, 20_000) : n;
    (globalThis as { gc?: () => void }).gc?.();
    t.serverMs = 0;
    const w0 = t.writes;
    const b0 = t.written;
    const c0 = process.cpuUsage();
    await shapeRun(nc, shape, count);
    await nc.flush();
    const c = process.cpuUsage(c0);
    const clientUs = (c.user + c.system - t.serverMs * 1000) / count;
    if (r > 0) {
      console.log(
        JSON.stringify({ shape, n: count, clientUsPerOp: +clientUs.toFixed(3), fakeServerUsPerOp: +((t.serverMs * 1000) / count).toFixed(3), writesPerOp: +((t.writes - w0) / count).toFixed(4), bytesPerOp: +((t.written - b0) / count).toFixed(1) }),
      );
    }
    await nc.close();
  }
}

void (main as () => Promise<void>)().catch((e) => {
  console.error(e);
  process.exit(1);
});

export type { Msg };
