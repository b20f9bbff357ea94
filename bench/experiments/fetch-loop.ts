/**
 * Where the application's loop over a fetch(256) batch spends its time (issue 11, profile-notes section 15):
 * `for await (const m of await c.fetch({max_messages: 256})) m.ack()` against an in-process transport that
 * plays the JetStream server (consumer lookup, the batch of each pull request in one read on the next
 * macrotask, PONGs; acks are counted and thrown away). Each cycle is timed in the application: the loop is
 * from the body's first message to its last ack, with the fake server's own time in that window (the
 * mid-batch write of 128 acks) subtracted. Steps are taken away one at a time with `what`:
 *
 *   run.mjs fetch-loop [what=ack] [cycles=2000] [runs=3]
 *
 * - `ack`: the real loop (`m.ack()`)
 * - `noack`: the loop without acks (the iterator alone: next(), taken(), the result object and its promise)
 * - `hold`: acks held and never written (CoalescingAcks.flush drops them, so no respond() and no write)
 * - `respond`: each ack written at once with msg.respond() (no coalescing: backlog() and the arrays skipped)
 * - `didack`: only the JsMsg's `didAck` flag set (ack's own bookkeeping, no sink)
 *
 * Prints one JSON line per run: the `fetch()` call (median µs), loop ns per message (median and mean over
 * cycles), the parse-and-deliver of the batch (the read) per message, the whole cycle per message, client CPU
 * per message (the fake server's time subtracted) and socket writes per cycle. `SPLIT=k`: each batch arrives
 * in two reads (its first k messages, then the rest), so the queue runs dry mid-fetch as it often does over a
 * socket. `WARM=0`: no warm-up run, statistics over cycles 41 on (the benchmark's 50k messages are 196 cycles).
 */
import { connectWith } from "@nats-stack/core";
import type { ClientPub } from "@nats-stack/wire";
import { jetstream, type JsMsg } from "@nats-stack/jetstream";
import { CoalescingAcks } from "../../packages/jetstream/src/jsmsg/ack-sender";
import { FakeServerTransport } from "./fake-server-transport";

const te = new TextEncoder();
const td = new TextDecoder();
const PAYLOAD = "x".repeat(128);

let readMs = 0;
let acks = 0;
// SPLIT=k: each batch arrives in two reads, its first k messages, then the rest on the next macrotask (as a
// socket read often splits a batch: the loop drains the first read and waits for the second).
const split = Number(process.env.SPLIT ?? 0);

class FakeServer extends FakeServerTransport {
  private sseq = 1;

  protected pong(): void {
    setImmediate(() => this.onData(te.encode("PONG\r\n")));
  }

  private read(bytes: Uint8Array): void {
    setImmediate(() => {
      const t = performance.now();
      this.onData(bytes);
      readMs += performance.now() - t;
    });
  }

  protected pub(m: ClientPub): void {
    const subject = m.subject;
    if (subject.startsWith("$JS.ACK.")) {
      acks++;
      return;
    }
    const reply = m.reply!;
    if (subject.startsWith("$JS.API.CONSUMER.INFO.")) {
      const name = subject.split(".").pop()!;
      const body = this.consumerInfo("S", name, { durable_name: name });
      this.read(te.encode(`MSG ${reply} ${this.sidFor(reply)} ${body.length}\r\n${body}\r\n`));
    } else if (subject.startsWith("$JS.API.CONSUMER.MSG.NEXT.")) {
      const req = JSON.parse(td.decode(m.payload)) as { batch: number };
      const sid = this.sidFor(reply);
      let s = "";
      for (let i = 0; i < req.batch; i++, this.sseq++) {
        if (split > 0 && i === split) {
          this.read(te.encode(s));
          s = "";
        }
        s += `MSG s.data ${sid} $JS.ACK.S.d.1.${this.sseq}.${this.sseq}.1700000000000000000.${1_000_000 - this.sseq} ${PAYLOAD.length}\r\n${PAYLOAD}\r\n`;
      }
      this.read(te.encode(s));
    }
  }
}

function patch(what: string): void {
  const proto = CoalescingAcks.prototype as unknown as { flush(): void };
  if (what === "hold") {
    // Held acks dropped: the arrays emptied, nothing written.
    proto.flush = function (this: { msgs: unknown[]; payloads: unknown[]; timer: unknown }) {
      if (this.timer !== undefined) {
        clearTimeout(this.timer as ReturnType<typeof setTimeout>);
        this.timer = undefined;
      }
      this.msgs.length = 0;
      this.payloads.length = 0;
    };
  }
}

const ACK = te.encode("+ACK");

async function main(): Promise<void> {
  const [what = "ack", cyclesText, runsText] = process.argv.slice(2);
  const cycles = Number(cyclesText ?? 2000);
  const runs = Number(runsText ?? 3);
  const warm = Number(process.env.WARM ?? 400);
  patch(what);
  let t!: FakeServer;
  const nc = await connectWith(() => (t = new FakeServer()), { servers: "127.0.0.1:4222" });
  const js = jetstream(nc);
  const c = await js.consumers.get("S", "d");
  const body =
    what === "noack"
      ? (_m: JsMsg) => {}
      : what === "respond"
        ? (m: JsMsg) => void (m as unknown as { msg: { respond(p: Uint8Array): void } }).msg.respond(ACK)
        : what === "didack"
          ? (m: JsMsg) => void ((m as unknown as { didAck: boolean }).didAck = true)
          : (m: JsMsg) => m.ack();
  for (let r = 0; r < runs + 1; r++) {
    // WARM=0: no warm-up run, and the statistics over cycles 41 on (the bench's 50k messages are 196 cycles).
    const count = r === 0 ? warm : cycles;
    if (count === 0) continue;
    const loops: number[] = [];
    const fetches: number[] = [];
    let loopSum = 0;
    readMs = 0;
    const w0 = t.writes;
    (globalThis as { gc?: () => void }).gc?.();
    const c0 = process.cpuUsage();
    const s0 = t.serverMs;
    const t0 = performance.now();
    for (let k = 0; k < count; k++) {
      let first = 0;
      let s1 = 0;
      let i = 0;
      const f0 = performance.now();
      const fetched = c.fetch({ max_messages: 256, expires: 5000 });
      fetches.push(performance.now() - f0);
      for await (const m of await fetched) {
        if (i++ === 0) {
          first = performance.now();
          s1 = t.serverMs;
        }
        body(m);
        if (i === 256 && (warm > 0 || k >= 40)) {
          const loop = performance.now() - first - (t.serverMs - s1);
          loops.push(loop);
          loopSum += loop;
        }
      }
    }
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    const n = count * 256;
    if (r === 0) continue;
    const counted = loops.length;
    loops.sort((a, b) => a - b);
    const ns = (ms: number) => Math.round((ms * 1e6) / n);
    console.log(
      JSON.stringify({
        what,
        cycles: count,
        fetchCallUsMedian: +(fetches.sort((a, b) => a - b)[fetches.length >> 1]! * 1000).toFixed(1),
        loopNsPerMsgMedian: Math.round((loops[loops.length >> 1]! * 1e6) / 255),
        loopNsPerMsgMean: Math.round((loopSum * 1e6) / (255 * counted)),
        readNsPerMsg: ns(readMs),
        cycleNsPerMsg: ns(wall - (t.serverMs - s0)),
        clientCpuNsPerMsg: Math.round(((cpu.user + cpu.system) * 1000 - (t.serverMs - s0) * 1e6) / n),
        acks,
        writesPerCycle: +((t.writes - w0) / count).toFixed(2),
      }),
    );
  }
  await nc.close();
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
