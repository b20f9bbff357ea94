// An ordered consume() without a given bound is bounded in bytes against a real nats-server 2.9.10: when its
// first messages are small and later ones large, and the application reads slowly, what it has received and
// not taken never exceeds ORDERED_BATCH_BYTES (as the connection's received bytes show it: the requests carry
// max_bytes in proportion to their count, and the batch follows the sizes); a message larger than that bound
// is still delivered, alone. Every message arrives once, in order.
import type { NatsConnection } from "@nats-stack/core";
import { jetstream, type ConsumerNotification, type JetStreamClient, type JetStreamManager, type JsMsg } from "../../src";
import { ORDERED_BATCH_BYTES, ORDERED_MAX_MESSAGES_SMALL } from "../../src/consumers/pull-options";
import { JsEnv, uniqueStream } from "../helpers/js-env";

const KiB = 1024;
const MiB = 1024 * KiB;

async function settled(nc: NatsConnection): Promise<void> {
  // Until nothing more arrives for 300 ms (everything requested has come).
  let last = -1;
  for (let still = 0; still < 3; ) {
    await new Promise((r) => setTimeout(r, 100));
    const now = nc.stats().inBytes;
    still = now === last ? still + 1 : 0;
    last = now;
  }
}

interface Run {
  seqs: number[];
  requests: { batch: number; max_bytes: number }[];
  notes: ConsumerNotification[];
  /** Most payload bytes received and not taken, from the connection's count, at any check. */
  maxHeld: number;
}

/**
 * Reads `n` messages of an ordered consume on its own connection: `fast` at once, then waits until nothing
 * more arrives, then the rest with a pause of 20 ms every 10 messages; checks around every message and after
 * the wait.
 */
async function slowRead(env: JsEnv, stream: string, n: number, fast: number): Promise<Run> {
  const nc = await env.connect();
  const js: JetStreamClient = jetstream(nc);
  const oc = await js.consumers.get(stream);
  const in0 = nc.stats().inBytes;
  const msgs = await oc.consume();
  const run: Run = { seqs: [], requests: [], notes: [], maxHeld: 0 };
  void (async () => {
    for await (const s of msgs.status()) {
      run.notes.push(s);
      if (s.type === "next") run.requests.push((s as { options: { batch: number; max_bytes: number } }).options);
    }
  })();
  let taken = 0;
  const check = () => {
    // The consumer lookup's answers are a few hundred bytes of JSON: counted as held (a stricter check).
    run.maxHeld = Math.max(run.maxHeld, nc.stats().inBytes - in0 - taken);
  };
  // Checked with the message just handed out still counted as held, and again once taken.
  const take = (m: JsMsg) => {
    check();
    run.seqs.push(m.seq);
    taken += m.data.length;
    check();
  };
  const it = msgs[Symbol.asyncIterator]();
  for (let i = 0; i < fast; i++) take((await it.next()).value as JsMsg);
  await settled(nc);
  check();
  for (let i = fast; i < n; i++) {
    if (i % 10 === 0) await new Promise((r) => setTimeout(r, 20));
    take((await it.next()).value as JsMsg);
  }
  msgs.stop();
  return run;
}

describe("default server (max_payload 1 MiB)", () => {
  const env = new JsEnv();
  let jsm: JetStreamManager;
  let js: JetStreamClient;
  env.clientsPerFile((c) => ({ jsm, js } = c));

  test("64 messages of 100 B then 300 of 512 KiB, read slowly: never more than ORDERED_BATCH_BYTES received and not taken", async () => {
    const s = uniqueStream("OBGROW");
    await jsm.streams.add({ name: s.stream, subjects: [`${s.subj}.>`] });
    const small = new Uint8Array(100).fill(97);
    const large = new Uint8Array(512 * KiB).fill(98);
    for (let i = 0; i < 64; i++) await js.publish(`${s.subj}.x`, small);
    for (let i = 0; i < 300; i += 10) await Promise.all(Array.from({ length: 10 }, () => js.publish(`${s.subj}.x`, large)));
    const r = await slowRead(env, s.stream, 364, 100);
    expect(r.seqs).toEqual(Array.from({ length: 364 }, (_, i) => i + 1));
    // Before: the batch grown on the 64 small messages asked for all 364 (150 MiB) at once.
    expect(r.maxHeld).toBeLessThanOrEqual(ORDERED_BATCH_BYTES);
    // It did hold several large messages at a time (the budget follows the sizes, it is not one at a time).
    expect(r.maxHeld).toBeGreaterThan(4 * 512 * KiB);
    for (const q of r.requests) {
      expect(q.batch).toBeLessThanOrEqual(ORDERED_MAX_MESSAGES_SMALL);
      expect(q.max_bytes).toBeGreaterThan(0);
      expect(q.max_bytes).toBeLessThanOrEqual(ORDERED_BATCH_BYTES);
    }
  }, 60_000);

  test("first messages of 600 KiB, then small ones: within the bound, no request for one message alone", async () => {
    const s = uniqueStream("OBFIRST");
    await jsm.streams.add({ name: s.stream, subjects: [`${s.subj}.>`] });
    const large = new Uint8Array(600 * KiB).fill(98);
    for (let i = 0; i < 40; i++) await js.publish(`${s.subj}.x`, large);
    for (let i = 0; i < 100; i++) await js.publish(`${s.subj}.x`, `small ${i}`);
    const r = await slowRead(env, s.stream, 140, 20);
    expect(r.seqs).toEqual(Array.from({ length: 140 }, (_, i) => i + 1));
    expect(r.maxHeld).toBeLessThanOrEqual(ORDERED_BATCH_BYTES);
    // No request for one message alone without a byte bound: 600 KiB fits the bound.
    expect(r.requests.every((q) => q.max_bytes > 0)).toBe(true);
  }, 60_000);
});

describe("a server whose max_payload (16 MiB) lets a message be larger than the bound", () => {
  const env = new JsEnv();
  let jsm: JetStreamManager;
  let js: JetStreamClient;
  beforeAll(async () => {
    await env.start({ config: "max_payload: 16777216\n" });
    const nc = await env.connect();
    const { jetstreamManager } = await import("../../src");
    jsm = await jetstreamManager(nc);
    js = jetstream(nc);
  });
  afterAll(() => env.stop());

  test("a message of 9 MiB is delivered alone (one message asked for without a byte bound), the rest as usual", async () => {
    const s = uniqueStream("OBHUGE");
    await jsm.streams.add({ name: s.stream, subjects: [`${s.subj}.>`], max_msg_size: -1 });
    const huge = new Uint8Array(9 * MiB).fill(99);
    const order: string[] = [];
    for (let i = 0; i < 100; i++) order.push("s");
    order.push("H", "s", "s", "H", "H");
    for (let i = 0; i < 100; i++) order.push("s");
    for (const k of order) await js.publish(`${s.subj}.x`, k === "H" ? huge : `small`);
    const r = await slowRead(env, s.stream, order.length, 10);
    expect(r.seqs).toEqual(order.map((_, i) => i + 1));
    // One for each huge message, each asked for with nothing else requested or queued.
    const alone = r.requests.filter((q) => q.max_bytes === 0);
    expect(alone.length).toBe(3);
    expect(alone.every((q) => q.batch === 1)).toBe(true);
    // Held: never more than the bound, or one huge message alone (and it was held: the check saw it).
    expect(r.maxHeld).toBeGreaterThanOrEqual(9 * MiB);
    expect(r.maxHeld).toBeLessThanOrEqual(9 * MiB + 1024);
    // The server said what the requests the huge ones did not fit had left (as `discard`; for this consume
    // that is how a request ends when its messages grew, not a limit exceeded).
    expect(r.notes.some((n) => n.type === "discard")).toBe(true);
    expect(r.notes.some((n) => n.type === "exceeded_limits")).toBe(false);
  }, 60_000);
});
