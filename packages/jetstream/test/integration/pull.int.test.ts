// Pull consumers against a real server: fetch (messages, bytes, expiry), next, consume (iterator and
// callback, refills), every ack kind, JsMsg fields, status messages (409 limits, consumer deleted), several
// workers sharing a durable, and acks coalesced into few socket writes.
import { InvalidArgumentError, connect, type NatsConnection } from "@nats-stack/core";
import { startRecordingProxy } from "@nats-stack/fixtures/recording-proxy";
import {
  AckPolicy,
  JetStreamStatusError,
  jetstream,
  type ConsumerNotification,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from "../../src";
import { JsEnv, infoOnceAcked, rejection, uniqueStream, until } from "../helpers/js-env";

const env = new JsEnv();
let nc: NatsConnection;
let jsm: JetStreamManager;
let js: JetStreamClient;

env.clientsPerFile((c) => ({ nc, jsm, js } = c));

async function filled(n: number, cfg: Record<string, unknown> = {}): Promise<{ stream: string; subj: string }> {
  const s = uniqueStream("PULL");
  await jsm.streams.add({ name: s.stream, subjects: [`${s.subj}.>`] });
  const ps = [];
  for (let i = 1; i <= n; i++) ps.push(js.publish(`${s.subj}.m`, JSON.stringify({ i })));
  await Promise.all(ps);
  await jsm.consumers.add(s.stream, { durable_name: "w", ack_policy: AckPolicy.Explicit, ...cfg });
  return s;
}

function collect(iter: AsyncIterable<ConsumerNotification>, into: ConsumerNotification[]): void {
  void (async () => {
    for await (const n of iter) into.push(n);
  })();
}

test("fetch: a batch, each acked; a later fetch gets the rest and ends at expiry", async () => {
  const { stream } = await filled(15);
  const c = await js.consumers.get(stream, "w");
  expect(c.isPullConsumer()).toBe(true);
  expect(c.isPushConsumer()).toBe(false);
  const got: number[] = [];
  const iter = await c.fetch({ max_messages: 10, expires: 2000 });
  for await (const m of iter) {
    got.push(m.json<{ i: number }>().i);
    m.ack();
  }
  expect(got).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  expect(iter.getProcessed()).toBe(10);
  const t0 = Date.now();
  const rest = await c.fetch({ max_messages: 10, expires: 1000 });
  for await (const m of rest) {
    got.push(m.seq);
    m.ack();
  }
  expect(got.slice(10)).toEqual([11, 12, 13, 14, 15]);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
  await until(() => true, "acks");
  await nc.flush();
  const ci = await infoOnceAcked(() => c.info());
  expect(ci.num_ack_pending).toBe(0);
  expect(ci.delivered.stream_seq).toBe(15);
  expect((await c.info(true)).name).toBe("w");
});

test("fetch by bytes; option errors with nats.js's texts", async () => {
  const { stream } = await filled(20);
  const c = await js.consumers.get(stream, "w");
  const iter = await c.fetch({ max_bytes: 300, expires: 1000 });
  let n = 0;
  for await (const m of iter) {
    n++;
    m.ack();
  }
  expect(n).toBeGreaterThan(0);
  expect(n).toBeLessThan(20);
  // A budget used to the last byte: the server sends nothing more, the fetch ends by itself.
  const s2 = await filled(0);
  for (let i = 0; i < 6; i++) await js.publish(`${s2.subj}.m`, "x".repeat(50));
  const c2 = await js.consumers.get(s2.stream, "w");
  const first = (await c2.next())!;
  // subject + reply + payload, as the server counts a message against max_bytes
  const size = first.subject.length + (first as unknown as { reply: string }).reply.length + first.data.length;
  first.ack();
  const t0 = Date.now();
  let k = 0;
  for await (const m of await c2.fetch({ max_bytes: size * 3, expires: 10_000 })) {
    k++;
    m.ack();
  }
  expect(k).toBe(3);
  expect(Date.now() - t0).toBeLessThan(5000);
  // A message larger than the whole budget: the fetch fails.
  const big = await rejection(
    (async () => {
      for await (const m of await c2.fetch({ max_bytes: 20, expires: 2000 })) m.ack();
    })(),
  );
  expect(big.message).toBe("message size exceeds maxbytes");
  const both = await rejection(c.fetch({ max_messages: 1, max_bytes: 10 } as never));
  expect(both).toBeInstanceOf(InvalidArgumentError);
  expect(both.message).toBe("'max_messages','max_bytes' are mutually exclusive");
  expect((await rejection(c.fetch({ expires: 500 }))).message).toBe("'expires' must be at least 1000ms");
  expect((await rejection(c.consume({ expires: 10 }))).message).toBe("'expires' must be at least 1000ms");
});

test("next(): a message, then null once the stream is drained", async () => {
  const { stream } = await filled(2);
  const c = await js.consumers.get(stream, "w");
  const a = (await c.next())!;
  expect(a.seq).toBe(1);
  a.ack();
  const b = (await c.next({ expires: 1000 }))!;
  expect(b.seq).toBe(2);
  b.ack();
  expect(await c.next({ expires: 1000 })).toBeNull();
});

test("consume(): every message through refills, then stop; callback form", async () => {
  const { stream } = await filled(1000);
  const c = await js.consumers.get(stream, "w");
  const notes: ConsumerNotification[] = [];
  const msgs = await c.consume({ max_messages: 50 });
  collect(msgs.status(), notes);
  const seen: number[] = [];
  for await (const m of msgs) {
    seen.push(m.seq);
    m.ack();
    if (seen.length === 1000) break;
  }
  expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  const nexts = notes.filter((n) => n.type === "next");
  expect(nexts.length).toBeGreaterThan(5);
  for (const n of nexts) if (n.type === "next") expect(n.options.batch).toBeLessThanOrEqual(50);
  await msgs.closed();

  const s2 = await filled(300);
  const c2 = await js.consumers.get(s2.stream, "w");
  let count = 0;
  const done = new Promise<void>((resolve) => {
    void c2.consume({
      max_messages: 64,
      callback: (m) => {
        m.ack();
        if (++count === 300) resolve();
      },
    });
  });
  await done;
  expect(count).toBe(300);
});

test("a slow consumer holds no more than max_messages: refills follow what the application took", async () => {
  const { stream } = await filled(500);
  const c = await js.consumers.get(stream, "w");
  const msgs = await c.consume({ max_messages: 20 });
  let taken = 0;
  for await (const m of msgs) {
    m.ack();
    if (++taken === 5) break;
  }
  // The iterator was left after 5; the rest of what it asked for is bounded by one batch.
  const ci = await c.info();
  expect(ci.delivered.stream_seq).toBeLessThanOrEqual(20 + 5);
  const slow = await c.consume({ max_messages: 10 });
  let k = 0;
  for await (const m of slow) {
    m.ack();
    if (++k === 3) {
      await new Promise((r) => setTimeout(r, 300));
      const info = await c.info();
      // Delivered but not acked: at most what one batch allows.
      expect(info.num_ack_pending).toBeLessThanOrEqual(10 + 20);
    }
    if (k === 30) break;
  }
});

test("ack kinds: nak (with delay) redelivers, term does not, working extends, ackAck confirms", async () => {
  const { stream } = await filled(4, { ack_wait: 2_000_000_000, max_deliver: 5 });
  const c = await js.consumers.get(stream, "w");
  const first: JsMsg[] = [];
  for await (const m of await c.fetch({ max_messages: 4, expires: 2000 })) first.push(m);
  const [m1, m2, m3, m4] = first as [JsMsg, JsMsg, JsMsg, JsMsg];
  expect(m1.redelivered).toBe(false);
  expect(m1.info.deliveryCount).toBe(1);
  m1.nak();
  m2.nak(300);
  m3.term("bad data");
  m4.working();
  expect(await m4.ackAck()).toBe(true);
  expect(await m4.ackAck()).toBe(false);
  m1.ack(); // ignored: the nak was final
  const again: JsMsg[] = [];
  for await (const m of await c.fetch({ max_messages: 2, expires: 3000 })) again.push(m);
  expect(again.map((m) => m.seq).sort()).toEqual([1, 2]);
  for (const m of again) {
    expect(m.redelivered).toBe(true);
    expect(m.info.deliveryCount).toBe(2);
    m.ack();
  }
  expect(await c.next({ expires: 1000 })).toBeNull();
});

test("JsMsg fields: subject, seq, info, headers, data, time, json/string", async () => {
  const { stream, subj } = await filled(0);
  await js.publish(`${subj}.m`, JSON.stringify({ hello: "world" }), { msgID: "id-1" });
  const c = await js.consumers.get(stream, "w");
  const m = (await c.next())!;
  expect(m.subject).toBe(`${subj}.m`);
  expect(m.seq).toBe(1);
  expect(m.info).toMatchObject({ stream, consumer: "w", deliveryCount: 1, streamSequence: 1, deliverySequence: 1, pending: 0, redelivered: false, domain: "" });
  expect(m.headers?.get("Nats-Msg-Id")).toBe("id-1");
  expect(m.json()).toEqual({ hello: "world" });
  expect(m.string()).toBe('{"hello":"world"}');
  expect(m.data).toBeInstanceOf(Uint8Array);
  expect(Math.abs(m.time.getTime() - Date.now())).toBeLessThan(60_000);
  expect(m.timestamp).toBe(m.time.toISOString());
  expect(typeof m.timestampNanos).toBe("bigint");
  expect(Number(m.timestampNanos / 1_000_000n)).toBe(m.time.getTime());
  m.ack();
});

test("409 statuses: exceeded maxrequestbatch fails a fetch and is reported by consume", async () => {
  const { stream } = await filled(20, { max_batch: 5 });
  const c = await js.consumers.get(stream, "w");
  const err = await rejection(
    (async () => {
      for await (const m of await c.fetch({ max_messages: 10, expires: 1000 })) m.ack();
    })(),
  );
  expect(err).toBeInstanceOf(JetStreamStatusError);
  expect(err.message).toBe("exceeded maxrequestbatch of 5");
  expect((err as JetStreamStatusError).code).toBe(409);
  const msgs = await c.consume({ max_messages: 10, expires: 1000 });
  const notes: ConsumerNotification[] = [];
  collect(msgs.status(), notes);
  await until(() => notes.some((n) => n.type === "exceeded_limits"), "exceeded_limits");
  const n = notes.find((x) => x.type === "exceeded_limits")!;
  expect(n).toEqual({ type: "exceeded_limits", code: 409, description: "exceeded maxrequestbatch of 5" });
  await msgs.close();
});

test("409 Exceeded MaxWaiting: a second waiting fetch beyond max_waiting fails", async () => {
  const { stream } = await filled(0, { max_waiting: 1 });
  const c = await js.consumers.get(stream, "w");
  const first = (async () => {
    for await (const m of await c.fetch({ max_messages: 1, expires: 2000 })) m.ack();
  })();
  await nc.flush();
  const err = await rejection(
    (async () => {
      for await (const m of await c.fetch({ max_messages: 1, expires: 2000 })) m.ack();
    })(),
  );
  expect(err).toBeInstanceOf(JetStreamStatusError);
  expect(err.message).toBe("exceeded maxwaiting");
  await first;
});

test("consumer deleted under a fetch fails it; under consume it is reported and then looked for", async () => {
  const { stream } = await filled(0);
  const c = await js.consumers.get(stream, "w");
  const f = (async () => {
    for await (const m of await c.fetch({ max_messages: 10, expires: 5000 })) m.ack();
  })();
  await new Promise((r) => setTimeout(r, 200));
  await jsm.consumers.delete(stream, "w");
  const err = await rejection(f);
  expect(err).toBeInstanceOf(JetStreamStatusError);
  expect(err.message).toBe("consumer deleted");
  await jsm.consumers.add(stream, { durable_name: "w", ack_policy: AckPolicy.Explicit });
  const c2 = await js.consumers.get(stream, "w");
  const msgs = await c2.consume({ expires: 1000 });
  const notes: ConsumerNotification[] = [];
  collect(msgs.status(), notes);
  await new Promise((r) => setTimeout(r, 200));
  await jsm.consumers.delete(stream, "w");
  await until(() => notes.some((n) => n.type === "consumer_not_found"), "consumer_not_found", 15_000);
  expect(notes.some((n) => n.type === "consumer_deleted")).toBe(true);
  // It comes back: consume resumes.
  await jsm.consumers.add(stream, { durable_name: "w", ack_policy: AckPolicy.Explicit });
  await js.publish(`${stream.toLowerCase()}.m`, "after");
  for await (const m of msgs) {
    expect(m.string()).toBe("after");
    m.ack();
    break;
  }
});

test("abort_on_missing_resource: consume stops with the error; status() says why", async () => {
  const { stream } = await filled(0);
  const c = await js.consumers.get(stream, "w");
  const msgs = await c.consume({ expires: 1000, abort_on_missing_resource: true });
  const notes: ConsumerNotification[] = [];
  collect(msgs.status(), notes);
  await new Promise((r) => setTimeout(r, 200));
  await jsm.consumers.delete(stream, "w");
  const err = await rejection(
    (async () => {
      for await (const m of msgs) m.ack();
    })(),
  );
  expect(err.message).toBe("consumer deleted");
  await until(() => notes.some((n) => n.type === "stopped"), "stopped notification");
  expect(await msgs.closed()).toBe(err);
});

test("a queue of workers: three consumers of one durable share the messages", async () => {
  const { stream } = await filled(300);
  const counts = [0, 0, 0];
  const seen = new Set<number>();
  await Promise.all(
    counts.map(async (_, w) => {
      const c = await js.consumers.get(stream, "w");
      for (;;) {
        const batch = await c.fetch({ max_messages: 10, expires: 1000 });
        let got = 0;
        for await (const m of batch) {
          got++;
          counts[w]!++;
          seen.add(m.seq);
          m.ack();
        }
        if (got === 0) break;
      }
    }),
  );
  expect(seen.size).toBe(300);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
  expect(counts.filter((n) => n > 0).length).toBeGreaterThan(1);
});

test("acks of a fetched batch go out in few socket writes", async () => {
  const { stream } = await filled(256);
  const proxy = await startRecordingProxy({ target: { port: env.srv.port } });
  const pnc = await connect({ servers: proxy.url });
  const c = await jetstream(pnc).consumers.get(stream, "w");
  let n = 0;
  for await (const m of await c.fetch({ max_messages: 256, expires: 5000 })) {
    m.ack();
    n++;
  }
  expect(n).toBe(256);
  await pnc.flush();
  await pnc.close();
  const rec = await proxy.stop();
  const c2s = rec.chunks.filter((ch) => ch.dir === "c2s").map((ch) => Buffer.from(ch.data).toString("latin1"));
  const withAcks = c2s.filter((t) => t.includes("+ACK"));
  const acks = c2s.reduce((k, t) => k + (t.match(/\+ACK/g)?.length ?? 0), 0);
  expect(acks).toBe(256);
  // The server delivers in a few reads; the acks of each read's backlog go out together.
  expect(withAcks.length).toBeLessThanOrEqual(16);
  // The server's consumer applies acks from its own queue: ask again until they are counted.
  expect((await infoOnceAcked(() => jsm.consumers.info(stream, "w"))).num_ack_pending).toBe(0);
});
