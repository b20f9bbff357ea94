// Ordered consumers against a real server: replay from sequence 1 in order, start options, filters, fetch,
// misuse errors, and recreation when the consumer vanishes under a consume.
import { InvalidOperationError } from "@nats-stack/core";
import {
  DeliverPolicy,
  StreamNotFoundError,
  type ConsumerNotification,
  type JetStreamClient,
  type JetStreamManager,
} from "../../src";
import { ORDERED_BATCH_BYTES } from "../../src/consumers/pull-options";
import { JsEnv, rejection, uniqueStream, until } from "../helpers/js-env";

const env = new JsEnv();
let jsm: JetStreamManager;
let js: JetStreamClient;

env.clientsPerFile((c) => ({ jsm, js } = c));

async function filled(n: number, subjects = (i: number) => `m${i % 3}`): Promise<{ stream: string; subj: string }> {
  const s = uniqueStream("ORD");
  await jsm.streams.add({ name: s.stream, subjects: [`${s.subj}.>`] });
  await Promise.all(Array.from({ length: n }, (_, i) => js.publish(`${s.subj}.${subjects(i + 1)}`, `${i + 1}`)));
  return s;
}

async function take(it: AsyncIterable<{ seq: number }>, n: number): Promise<number[]> {
  const out: number[] = [];
  if (n === 0) return out;
  for await (const m of it) {
    out.push(m.seq);
    if (out.length === n) break;
  }
  return out;
}

test("consume() replays everything from sequence 1, in order, with no acks", async () => {
  const { stream } = await filled(2000);
  const oc = await js.consumers.get(stream);
  const info = await oc.info(true);
  expect(info.config.ack_policy).toBe("none");
  expect(info.config.mem_storage).toBe(true);
  expect(info.config.opt_start_seq).toBe(1);
  const seqs = await take(await oc.consume(), 2000);
  expect(seqs).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
  const err = await rejection(oc.consume());
  expect(err).toBeInstanceOf(InvalidOperationError);
  expect(err.message).toBe("ordered consumer doesn't support concurrent consume");
  expect((await rejection(oc.fetch())).message).toBe("ordered consumer already initialized as consume");
});

test("start options: by sequence, by time, last, new, last per subject; a filter subject", async () => {
  const { stream, subj } = await filled(30);
  expect(await take(await (await js.consumers.get(stream, { opt_start_seq: 25 })).consume(), 6)).toEqual([25, 26, 27, 28, 29, 30]);
  const last = await js.consumers.get(stream, { deliver_policy: DeliverPolicy.Last });
  expect(await take(await last.consume(), 1)).toEqual([30]);
  const lps = await js.consumers.get(stream, { deliver_policy: DeliverPolicy.LastPerSubject });
  expect((await take(await lps.consume(), 3)).sort((a, b) => a - b)).toEqual([28, 29, 30]);
  const filtered = await js.consumers.get(stream, { filter_subjects: `${subj}.m1` });
  expect(await take(await filtered.consume(), 4)).toEqual([1, 4, 7, 10]);
  const fresh = await js.consumers.get(stream, { deliver_policy: DeliverPolicy.New });
  const it = await fresh.consume();
  await new Promise((r) => setTimeout(r, 100));
  await js.publish(`${subj}.m0`, "new");
  expect(await take(it, 1)).toEqual([31]);
  const t = new Date(Date.now() - 60_000).toISOString();
  const byTime = await js.consumers.get(stream, { opt_start_time: t });
  expect((await byTime.info(true)).config.deliver_policy).toBe("by_start_time");
  expect(await take(await byTime.consume(), 2)).toEqual([1, 2]);
  const multi = await rejection(js.consumers.get(stream, { filter_subjects: [`${subj}.m1`, `${subj}.m2`] }));
  expect(multi.message).toBe("'filter_subjects' requires server 2.10.0");
  expect(await rejection(js.consumers.get(`NOPE_${stream}`))).toBeInstanceOf(StreamNotFoundError);
});

test("fetch() in turns continues where the last fetch ended; not concurrently", async () => {
  const { stream } = await filled(25);
  const oc = await js.consumers.get(stream);
  const a = await take(await oc.fetch({ max_messages: 10 }), 10);
  const b = await take(await oc.fetch({ max_messages: 10 }), 10);
  const c = await oc.fetch({ max_messages: 10, expires: 1000 });
  const cc: number[] = [];
  for await (const m of c) cc.push(m.seq);
  expect([...a, ...b, ...cc]).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  const busy = await oc.fetch({ max_messages: 5, expires: 2000 });
  expect((await rejection(oc.fetch())).message).toBe("ordered consumer doesn't support concurrent fetch");
  await busy.close();
  expect((await rejection(oc.consume())).message).toBe("ordered consumer initialized as fetch");
  expect((await oc.next({ expires: 1000 })) ?? null).toBeNull();
});

test("a consumer deleted under consume() is recreated at the next sequence: nothing lost, nothing twice", async () => {
  const { stream, subj } = await filled(100);
  const oc = await js.consumers.get(stream);
  const msgs = await oc.consume({ max_messages: 10, expires: 1000 });
  const notes: ConsumerNotification[] = [];
  void (async () => {
    for await (const n of msgs.status()) notes.push(n);
  })();
  const seen: number[] = [];
  let deleted = false;
  for await (const m of msgs) {
    seen.push(m.seq);
    if (seen.length === 50 && !deleted) {
      deleted = true;
      const name = (await oc.info(true)).name;
      await jsm.consumers.delete(stream, name);
      setTimeout(() => void Promise.all(Array.from({ length: 50 }, (_, i) => js.publish(`${subj}.m0`, `late${i}`))), 100);
    }
    if (seen.length === 150) break;
  }
  expect(seen).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
  await until(() => notes.some((n) => n.type === "ordered_consumer_recreated"), "recreated");
  const names = notes.filter((n) => n.type === "ordered_consumer_recreated").map((n) => (n as { name: string }).name);
  expect(names[0]).toMatch(/_2$/);
});

// The pull requests a consume() makes, as its status() reports them (`next`).
async function pullBatches(stream: string, opts: Parameters<Awaited<ReturnType<JetStreamClient["consumers"]["get"]>>["consume"]>[0], n: number) {
  const oc = await js.consumers.get(stream);
  const msgs = await oc.consume(opts);
  const requests: { batch: number; max_bytes: number }[] = [];
  const listening = (async () => {
    for await (const s of msgs.status()) if (s.type === "next") requests.push((s as { options: { batch: number; max_bytes: number } }).options);
  })();
  const seqs = await take(msgs, n);
  await listening;
  return { seqs, batches: requests.map((r) => r.batch), maxBytes: requests.map((r) => r.max_bytes) };
}

test("consume() without a bound grows its batch to 16384 when the first messages are small, each request bounded in bytes too, and keeps a given batch", async () => {
  const { stream } = await filled(20_000);
  // The first request (1024) goes out before status() is listened to and is handed to its first listener (as
  // nats.js's listeners see theirs); the growth shows in the next ones: once the first 64 messages were
  // measured, a request tops what is coming up to 16384 (what the application took of the first 1024 by then
  // varies), and the next ones go out when what is coming fell to half, for 8192.
  const grown = await pullBatches(stream, {}, 20_000);
  expect(grown.seqs).toEqual(Array.from({ length: 20_000 }, (_, i) => i + 1));
  // 20,000 taken: the two refills at 8192 coming happen about 8192 and 16384 messages after the grown request.
  expect(grown.batches.length).toBe(4);
  expect(grown.batches[0]).toBe(1024);
  expect(grown.batches[1]).toBeGreaterThan(16384 - 1024);
  expect(grown.batches[1]).toBeLessThanOrEqual(16384 - 1024 + 64);
  expect(grown.batches.slice(2)).toEqual([8192, 8192]);
  // Each also bounded in bytes: the first (sizes not yet measured) by half of ORDERED_BATCH_BYTES, the grown
  // ones by 256 B per message (a prime just below): what ends them is their count.
  expect(grown.maxBytes[0]).toBeGreaterThan(0);
  expect(grown.maxBytes[0]).toBeLessThanOrEqual(4 * 1024 * 1024);
  grown.batches.forEach((b, i) => {
    if (i === 0) return;
    expect(grown.maxBytes[i]).toBeLessThanOrEqual(b * 256);
    expect(grown.maxBytes[i]).toBeGreaterThan(b * 255);
  });
  const { stream: small } = await filled(6000);
  const given = await pullBatches(small, { max_messages: 1000 }, 6000);
  expect(given.seqs).toEqual(Array.from({ length: 6000 }, (_, i) => i + 1));
  expect(Math.max(...given.batches)).toBeLessThanOrEqual(1000);
  expect(given.maxBytes.every((b) => b === 0)).toBe(true);
});

test("consume() of large messages keeps a batch of at most 1024 and requests of at most 8 MiB", async () => {
  const s = uniqueStream("ORDBIG");
  await jsm.streams.add({ name: s.stream, subjects: [`${s.subj}.>`] });
  const big = new Uint8Array(8 * 1024);
  await Promise.all(Array.from({ length: 1500 }, () => js.publish(`${s.subj}.x`, big)));
  const r = await pullBatches(s.stream, {}, 1500);
  expect(r.seqs.length).toBe(1500);
  expect(r.batches.length).toBeGreaterThan(0);
  expect(Math.max(...r.batches)).toBeLessThanOrEqual(1024);
  for (const b of r.maxBytes) expect(b).toBeLessThanOrEqual(ORDERED_BATCH_BYTES);
});
