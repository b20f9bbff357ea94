// What a fetch() read with an iterator writes, socket write by socket write: core's Node transport writes
// through fs.writevSync (loaded on the first dial), so this file watches that function from before its first
// connection and records the bytes of every write. The order of operations on the wire is checked by the
// replays; this checks how they are grouped into writes.
import fs from "node:fs";
import type { NatsConnection } from "@nats-stack/core";
import { AckPolicy, type JetStreamClient, type JetStreamManager } from "../../src";
import { JsEnv, infoOnceAcked, uniqueStream, until } from "../helpers/js-env";

const realWritev = fs.writevSync;
let recording = false;
const writes: string[] = [];
jest.spyOn(fs, "writevSync").mockImplementation((fd, buffers, position) => {
  const n = realWritev(fd, buffers, position);
  if (recording) writes.push(Buffer.concat(buffers as Uint8Array[]).subarray(0, n).toString("latin1"));
  return n;
});

const env = new JsEnv();
let nc: NatsConnection;
let jsm: JetStreamManager;
let js: JetStreamClient;

env.clientsPerFile((c) => ({ nc, jsm, js } = c));
afterAll(() => jest.restoreAllMocks());

// The server read every ack (the flush's PONG), but a consumer applies acks from a queue of its own: an info
// request can be answered first (19 still pending, seen once under load). Every ack counts in the end.
async function noAckPending(stream: string, consumer: string): Promise<void> {
  expect((await infoOnceAcked(() => jsm.consumers.info(stream, consumer))).num_ack_pending).toBe(0);
}

test("fetch + ack in a loop: the last message's ack goes out in the write of the fetch's UNSUB, before it", async () => {
  const s = uniqueStream("FW");
  await jsm.streams.add({ name: s.stream, subjects: [`${s.subj}.>`] });
  await Promise.all(Array.from({ length: 20 }, (_, i) => js.publish(`${s.subj}.m`, `m${i}`)));
  await jsm.consumers.add(s.stream, { durable_name: "w", ack_policy: AckPolicy.Explicit });
  const c = await js.consumers.get(s.stream, "w");
  recording = true;
  // Iterating from the start (so the UNSUB waits for the application to see the end), with the other 19
  // queued before they are taken: the fetch has all its messages, and stops, while some are still queued.
  const iter = await c.fetch({ max_messages: 20, expires: 5000 });
  const it = iter[Symbol.asyncIterator]();
  let r = await it.next();
  await until(() => iter.getPending() === 19, "the other 19 queued");
  let last = 0;
  while (!r.done) {
    r.value.ack();
    last = r.value.seq;
    r = await it.next();
  }
  expect(last).toBe(20);
  await nc.flush();
  recording = false;
  const unsub = /UNSUB \d+\r\n/;
  const withUnsub = writes.filter((w) => unsub.test(w));
  expect(withUnsub.length).toBe(1);
  const w = withUnsub[0]!;
  const lastAck = w.search(new RegExp(String.raw`PUB \$JS\.ACK\.${s.stream}\.w\.1\.20\.20\.\S+ 4\r\n\+ACK\r\n`));
  expect(lastAck).toBeGreaterThanOrEqual(0);
  expect(lastAck).toBeLessThan(w.search(unsub));
  expect(writes.join("").match(/\+ACK/g)?.length).toBe(20);
  await noAckPending(s.stream, "w");
});

test("fetch + ack in a loop: when the queue runs dry mid-fetch, the held acks go out with the last message's ack in one write", async () => {
  const s = uniqueStream("FD");
  await jsm.streams.add({ name: s.stream, subjects: [`${s.subj}.>`] });
  await Promise.all(Array.from({ length: 10 }, (_, i) => js.publish(`${s.subj}.m`, `m${i}`)));
  await jsm.consumers.add(s.stream, { durable_name: "w", ack_policy: AckPolicy.Explicit });
  const c = await js.consumers.get(s.stream, "w");
  writes.length = 0;
  recording = true;
  // 20 asked for and 10 stored: the fetch stays open after the 10, whose acks are held while more are queued.
  const iter = await c.fetch({ max_messages: 20, expires: 5000 });
  const it = iter[Symbol.asyncIterator]();
  let r = await it.next();
  await until(() => iter.getPending() === 9, "the other 9 queued");
  let taken = 0;
  while (!r.done) {
    r.value.ack();
    if (++taken === 10) {
      // The queue ran dry with the 10th: its ack and the 9 held ones are written now, together.
      await nc.flush();
      const acked = writes.filter((w) => w.includes("+ACK"));
      expect(acked.length).toBe(1);
      expect(acked[0]!.match(/\+ACK/g)?.length).toBe(10);
      await Promise.all(Array.from({ length: 10 }, (_, i) => js.publish(`${s.subj}.m`, `n${i}`)));
    }
    r = await it.next();
  }
  expect(taken).toBe(20);
  await nc.flush();
  recording = false;
  expect(writes.join("").match(/\+ACK/g)?.length).toBe(20);
  await noAckPending(s.stream, "w");
});

test("fetch + ack in a for-await loop: the last acks and the UNSUB are written before what the program sends after the loop, in a write of their own", async () => {
  const s = uniqueStream("FN");
  await jsm.streams.add({ name: s.stream, subjects: [`${s.subj}.>`] });
  await Promise.all(Array.from({ length: 3 }, (_, i) => js.publish(`${s.subj}.m`, `m${i}`)));
  await jsm.consumers.add(s.stream, { durable_name: "w", ack_policy: AckPolicy.Explicit });
  const c = await js.consumers.get(s.stream, "w");
  writes.length = 0;
  recording = true;
  // NATS by Example's workqueue-stream: fetch, ack each, then ask for the stream's state at once. The server
  // applies acks on its own time, after a request it read together with them: they must not share its write.
  for await (const m of await c.fetch({ max_messages: 3 })) m.ack();
  const next = jsm.streams.info(s.stream);
  await next;
  recording = false;
  const unsubAt = writes.findIndex((w) => /UNSUB \d+\r\n/.test(w));
  const infoAt = writes.findIndex((w) => w.includes(`$JS.API.STREAM.INFO.${s.stream}`));
  expect(unsubAt).toBeGreaterThanOrEqual(0);
  expect(writes[unsubAt]!.match(/\+ACK/g)?.length).toBe(3);
  expect(infoAt).toBeGreaterThan(unsubAt);
  // and the next fetch's SUB and pull request likewise follow in a write of their own
  await Promise.all(Array.from({ length: 2 }, (_, i) => js.publish(`${s.subj}.m`, `n${i}`)));
  writes.length = 0;
  recording = true;
  for await (const m of await c.fetch({ max_messages: 2 })) m.ack();
  const again = await c.fetch({ max_messages: 1, expires: 1000 });
  recording = false;
  const unsub2 = writes.findIndex((w) => /UNSUB \d+\r\n/.test(w));
  const pulls = writes.flatMap((w, i) => (w.includes("CONSUMER.MSG.NEXT") ? [i] : []));
  expect(pulls.length).toBe(2);
  expect(writes[unsub2]!.match(/\+ACK/g)?.length).toBe(2);
  expect(pulls[1]).toBeGreaterThan(unsub2);
  for await (const _ of again) break;
  await noAckPending(s.stream, "w");
});
