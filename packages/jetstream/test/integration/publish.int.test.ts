// JetStream publishing against a real server: acknowledgements, deduplication, every expectation and its
// error, headers, timeouts, no stream, retries while a stream appears, and the bounded publish window.
import { headers, InvalidSubjectError, RequestError, NoRespondersError, TimeoutError, type NatsConnection } from "@nats-stack/core";
import { JetStreamApiCodes, JetStreamApiError, JetStreamNotEnabled, jetstream, type JetStreamManager } from "../../src";
import { JetStreamClientImpl } from "../../src/internal";
import { JsEnv, rejection, uniqueStream } from "../helpers/js-env";

const env = new JsEnv();
let nc: NatsConnection;
let jsm: JetStreamManager;

env.clientsPerFile((c) => ({ nc, jsm } = c));

async function newStream(extra = {}): Promise<{ stream: string; subj: string }> {
  const s = uniqueStream("P");
  await jsm.streams.add({ name: s.stream, subjects: [`${s.subj}.>`], ...extra });
  return s;
}

test("PubAck: stream, seq, duplicate; msgID deduplicates; headers reach the stream", async () => {
  const { stream, subj } = await newStream();
  const js = jetstream(nc);
  const a = await js.publish(`${subj}.a`, "first");
  expect(a).toEqual({ stream, seq: 1, duplicate: false });
  const h = headers();
  h.set("x-order", "42");
  const b = await js.publish(`${subj}.a`, "second", { msgID: "m-1", headers: h });
  expect(b).toEqual({ stream, seq: 2, duplicate: false });
  const c = await js.publish(`${subj}.a`, "second again", { msgID: "m-1" });
  expect(c).toEqual({ stream, seq: 2, duplicate: true });
  const sm = (await jsm.streams.getMessage(stream, { seq: 2 }))!;
  expect(sm.header.get("Nats-Msg-Id")).toBe("m-1");
  expect(sm.header.get("x-order")).toBe("42");
  expect(sm.string()).toBe("second");
  // Empty payloads and bytes.
  expect((await js.publish(`${subj}.b`)).seq).toBe(3);
  expect((await js.publish(`${subj}.b`, new Uint8Array([1, 2, 3]))).seq).toBe(4);
});

test("expectations: streamName, lastSequence, lastMsgID, lastSubjectSequence, with the server's texts", async () => {
  const { stream, subj } = await newStream();
  const js = jetstream(nc);
  await js.publish(`${subj}.a`, "1", { msgID: "one" });
  await js.publish(`${subj}.b`, "2", { msgID: "two" });
  expect((await js.publish(`${subj}.a`, "3", { msgID: "three", expect: { streamName: stream, lastSequence: 2, lastMsgID: "two", lastSubjectSequence: 1 } })).seq).toBe(3);
  const wrongSeq = (await rejection(js.publish(`${subj}.a`, "x", { expect: { lastSequence: 1 } }))) as JetStreamApiError;
  expect(wrongSeq).toBeInstanceOf(JetStreamApiError);
  expect(wrongSeq.message).toBe("wrong last sequence: 3");
  expect(wrongSeq.code).toBe(JetStreamApiCodes.StreamWrongLastSequence);
  const wrongId = (await rejection(js.publish(`${subj}.a`, "x", { expect: { lastMsgID: "one" } }))) as JetStreamApiError;
  expect(wrongId.message).toBe("wrong last msg ID: three");
  const wrongStream = (await rejection(js.publish(`${subj}.a`, "x", { expect: { streamName: "OTHER" } }))) as JetStreamApiError;
  expect(wrongStream.message).toBe("expected stream does not match");
  const wrongSubj = (await rejection(js.publish(`${subj}.b`, "x", { expect: { lastSubjectSequence: 1 } }))) as JetStreamApiError;
  expect(wrongSubj.message).toBe("wrong last sequence: 2");
  expect((await jsm.streams.info(stream)).state.messages).toBe(3);
  // 2.11's subject-scoped expectation would be ignored by this server: refused instead.
  expect((await rejection(js.publish(`${subj}.b`, "x", { expect: { lastSubjectSequence: 2, lastSubjectSequenceSubject: `${subj}.*` } }))).message).toBe(
    "expect 'lastSubjectSequenceSubject' requires server 2.11.0",
  );
});

test("no stream: JetStreamNotEnabled caused by a no-responders RequestError; bad subject; timeout", async () => {
  const js = jetstream(nc);
  const err = await rejection(js.publish(`nostream.${process.pid}.x`, "x"));
  expect(err).toBeInstanceOf(JetStreamNotEnabled);
  expect(err.message).toBe("jetstream is not enabled");
  const cause = err.cause as RequestError;
  expect(cause).toBeInstanceOf(RequestError);
  expect(cause.isNoResponders()).toBe(true);
  expect(cause.cause).toBeInstanceOf(NoRespondersError);
  expect(cause.message).toBe(`no responders: 'nostream.${process.pid}.x'`);
  expect(await rejection(js.publish("bad subject", "x"))).toBeInstanceOf(InvalidSubjectError);
  // A subject someone listens on but never answers: the acknowledgement times out.
  const silent = `silent.${process.pid}`;
  nc.subscribe(silent, { callback: () => {} });
  await nc.flush();
  const t0 = Date.now();
  const te = await rejection(js.publish(silent, "x", { timeout: 200 }));
  expect(te).toBeInstanceOf(TimeoutError);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
});

test("retries: no responders while the stream does not exist yet is retried until it does", async () => {
  const s = uniqueStream("R");
  const js = jetstream(nc);
  const p = js.publish(`${s.subj}.a`, "late", { retries: 20, timeout: 2000 });
  setTimeout(() => void jsm.streams.add({ name: s.stream, subjects: [`${s.subj}.>`] }), 300);
  const pa = await p;
  expect(pa).toEqual({ stream: s.stream, seq: 1, duplicate: false });
});

test("the publish window bounds publishes awaiting acknowledgement and keeps call order", async () => {
  const { stream, subj } = await newStream();
  const js = jetstream(nc, { maxPendingPublishes: 8 }) as JetStreamClientImpl;
  const seen: number[] = [];
  let maxPending = 0;
  const ps = [];
  for (let i = 0; i < 500; i++) {
    ps.push(js.publish(`${subj}.w`, `${i}`).then((pa) => seen.push(pa.seq)));
    maxPending = Math.max(maxPending, js.publisher.pending);
  }
  expect(js.pendingPublishes).toBe(500);
  const sampler = setInterval(() => (maxPending = Math.max(maxPending, js.publisher.pending)), 1);
  await Promise.all(ps);
  clearInterval(sampler);
  expect(maxPending).toBeLessThanOrEqual(8);
  expect(seen).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
  expect((await jsm.streams.info(stream)).state.messages).toBe(500);
  expect((await jsm.streams.getMessage(stream, { seq: 500 }))!.string()).toBe("499");
  // 0: no bound (nats.js's behaviour).
  const free = jetstream(nc, { maxPendingPublishes: 0 }) as JetStreamClientImpl;
  const ps2 = Array.from({ length: 100 }, () => free.publish(`${subj}.w`, "x"));
  expect(free.publisher.pending).toBe(100);
  await Promise.all(ps2);
});

test("a publish that waited its whole timeout in the window fails without being sent", async () => {
  const silent = `silentw.${process.pid}`;
  nc.subscribe(silent, { callback: () => {} });
  await nc.flush();
  const js = jetstream(nc, { maxPendingPublishes: 1, timeout: 150 });
  const a = js.publish(silent, "a");
  const b = js.publish(silent, "b");
  expect(await rejection(a)).toBeInstanceOf(TimeoutError);
  expect(await rejection(b)).toBeInstanceOf(TimeoutError);
});
