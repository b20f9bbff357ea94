// Interop with @nats-io/jetstream 3.4.0 on one real server: streams and consumers made by either are used by
// the other, messages published by either are consumed and acked by the other with their headers, and the
// same mistakes give the same error classes and texts on both.
import { connect as ncConnect, headers as ncHeaders } from "@nats-io/transport-node";
import * as njs from "@nats-io/jetstream";
import { headers, type NatsConnection } from "@nats-stack/core";
import * as ours from "../../src";
import { JsEnv, infoOnceAcked, uniqueStream } from "../helpers/js-env";

const env = new JsEnv();
let nc: NatsConnection;
let theirNc: Awaited<ReturnType<typeof ncConnect>>;

beforeAll(async () => {
  await env.start();
  nc = await env.connect();
  theirNc = await ncConnect({ servers: env.srv.url });
});
afterAll(async () => {
  await theirNc?.close();
  await env.stop();
});

test("a stream and a durable made by nats.js: we publish with headers and expectations, fetch and ack", async () => {
  const { stream, subj } = uniqueStream("IOA");
  const tjsm = await njs.jetstreamManager(theirNc);
  await tjsm.streams.add({ name: stream, subjects: [`${subj}.*`] });
  await tjsm.consumers.add(stream, { durable_name: "theirs", ack_policy: njs.AckPolicy.Explicit });
  const js = ours.jetstream(nc);
  const h = headers();
  h.set("x-from", "ours");
  expect(await js.publish(`${subj}.a`, "one", { msgID: "o-1", headers: h })).toEqual({ stream, seq: 1, duplicate: false });
  expect((await js.publish(`${subj}.a`, "two", { msgID: "o-2", expect: { lastMsgID: "o-1", lastSequence: 1, streamName: stream } })).seq).toBe(2);
  const c = await js.consumers.get(stream, "theirs");
  const got: string[] = [];
  for await (const m of await c.fetch({ max_messages: 2, expires: 2000 })) {
    got.push(`${m.string()}:${m.headers?.get("Nats-Msg-Id")}`);
    m.ack();
  }
  expect(got).toEqual(["one:o-1", "two:o-2"]);
  await nc.flush();
  const ci = await infoOnceAcked(() => tjsm.consumers.info(stream, "theirs"));
  expect(ci.num_ack_pending).toBe(0);
  expect(ci.ack_floor.stream_seq).toBe(2);
  const sm = await tjsm.streams.getMessage(stream, { seq: 1 });
  expect(sm!.header.get("x-from")).toBe("ours");
  expect(sm!.header.get("Nats-Msg-Id")).toBe("o-1");
  await tjsm.streams.delete(stream);
});

test("a stream and a durable made by us: nats.js publishes with headers and expectations, consumes and acks", async () => {
  const { stream, subj } = uniqueStream("IOB");
  const jsm = await ours.jetstreamManager(nc);
  await jsm.streams.add({ name: stream, subjects: [`${subj}.*`] });
  await jsm.consumers.add(stream, { durable_name: "ours", ack_policy: ours.AckPolicy.Explicit });
  const tjs = njs.jetstream(theirNc);
  const h = ncHeaders();
  h.set("x-from", "theirs");
  await tjs.publish(`${subj}.a`, "one", { msgID: "t-1", headers: h });
  await tjs.publish(`${subj}.a`, "two", { msgID: "t-2", expect: { lastMsgID: "t-1", streamName: stream, lastSubjectSequence: 1 } });
  const dup = await tjs.publish(`${subj}.a`, "two", { msgID: "t-2" });
  expect(dup.duplicate).toBe(true);
  const c = await tjs.consumers.get(stream, "ours");
  const got: string[] = [];
  const iter = await c.consume({ max_messages: 10 });
  for await (const m of iter) {
    got.push(`${m.string()}:${m.headers?.get("Nats-Msg-Id")}:${m.headers?.get("x-from")}`);
    m.ack();
    if (got.length === 2) break;
  }
  expect(got).toEqual(["one:t-1:theirs", "two:t-2:"]);
  await theirNc.flush();
  const ci = await infoOnceAcked(() => jsm.consumers.info(stream, "ours"));
  expect(ci.num_ack_pending).toBe(0);
  await jsm.streams.delete(stream);
});

test("both ordered consumers replay what both published, and the same stream info", async () => {
  const { stream, subj } = uniqueStream("IOC");
  const jsm = await ours.jetstreamManager(nc);
  await jsm.streams.add({ name: stream, subjects: [`${subj}.*`] });
  const js = ours.jetstream(nc);
  const tjs = njs.jetstream(theirNc);
  for (let i = 0; i < 50; i++) {
    await js.publish(`${subj}.x`, `o${i}`);
    await tjs.publish(`${subj}.x`, `t${i}`);
  }
  const read = async (it: AsyncIterable<{ string(): string; seq: number }>) => {
    const out: string[] = [];
    for await (const m of it) {
      out.push(m.string());
      if (m.seq === 100) break;
    }
    return out;
  };
  const mine = await read(await (await js.consumers.get(stream)).consume());
  const theirs = await read(await (await tjs.consumers.get(stream)).consume());
  expect(mine).toEqual(theirs);
  expect(mine.length).toBe(100);
  const tjsm = await njs.jetstreamManager(theirNc);
  const a = await jsm.streams.info(stream);
  const b = await tjsm.streams.info(stream);
  expect(a.config).toEqual(b.config);
  expect(a.state.messages).toBe(b.state.messages);
  await jsm.streams.delete(stream);
});

// The same mistake on both clients: same error class name and text.
async function outcome(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
    return "ok";
  } catch (err) {
    const e = err as Error & { code?: unknown };
    return `${e.name}: ${e.message}${typeof e.code === "number" ? ` (${e.code})` : ""}`;
  }
}

test("the same mistakes give the same errors on both clients", async () => {
  const { stream, subj } = uniqueStream("IOE");
  const jsm = await ours.jetstreamManager(nc);
  const tjsm = await njs.jetstreamManager(theirNc);
  await jsm.streams.add({ name: stream, subjects: [`${subj}.*`] });
  await jsm.consumers.add(stream, { durable_name: "d", ack_policy: ours.AckPolicy.Explicit, max_batch: 2 });
  const js = ours.jetstream(nc);
  const tjs = njs.jetstream(theirNc);
  await js.publish(`${subj}.a`, "1");
  type Api = { jsm: typeof jsm; js: typeof js };
  const cases: Array<[string, (a: Api) => Promise<unknown>]> = [
    ["stream info missing", (a) => a.jsm.streams.info(`NO_${stream}`)],
    ["consumer info missing", (a) => a.jsm.consumers.info(stream, "nobody")],
    ["stream name with a dot", (a) => a.jsm.streams.add({ name: "a.b", subjects: ["q"] })],
    ["empty stream name", (a) => a.jsm.streams.info("")],
    ["durable with a space", (a) => a.jsm.consumers.add(stream, { durable_name: "a b", ack_policy: ours.AckPolicy.Explicit })],
    ["consumer name with a dot", (a) => a.jsm.consumers.add(stream, { name: "a.b", ack_policy: ours.AckPolicy.Explicit })],
    ["stream name in use", (a) => a.jsm.streams.add({ name: stream, subjects: ["zzz.other"] })],
    ["purge seq and keep", (a) => a.jsm.streams.purge(stream, { seq: 2, keep: 1 } as never)],
    ["metadata on 2.9", (a) => a.jsm.streams.add({ name: `${stream}M`, subjects: ["mm.q"], metadata: { a: "1" } })],
    ["filter_subjects on 2.9", (a) => a.jsm.consumers.add(stream, { name: "f", filter_subjects: [`${subj}.a`, `${subj}.b`], ack_policy: ours.AckPolicy.Explicit })],
    ["wrong last sequence", (a) => a.js.publish(`${subj}.a`, "x", { expect: { lastSequence: 99 } })],
    ["wrong last msg id", (a) => a.js.publish(`${subj}.a`, "x", { expect: { lastMsgID: "nope" } })],
    ["wrong stream", (a) => a.js.publish(`${subj}.a`, "x", { expect: { streamName: "OTHER" } })],
    ["no stream for the subject", (a) => a.js.publish(`nowhere.${process.pid}`, "x")],
    ["fetch max_messages and max_bytes", async (a) => (await a.js.consumers.get(stream, "d")).fetch({ max_messages: 1, max_bytes: 1 } as never)],
    ["fetch expires too small", async (a) => (await a.js.consumers.get(stream, "d")).fetch({ expires: 10 })],
    [
      "fetch beyond max_batch",
      async (a) => {
        for await (const m of await (await a.js.consumers.get(stream, "d")).fetch({ max_messages: 5, expires: 1000 })) m.ack();
      },
    ],
    ["missing consumer get", (a) => a.js.consumers.get(stream, "nobody")],
    ["ordered on a missing stream", (a) => a.js.consumers.get(`NO_${stream}`)],
    ["find a subject nobody stores", (a) => a.jsm.streams.find(`nothing.${process.pid}`)],
    ["bound push without deliver subject", (a) => a.js.consumers.getBoundPushConsumer({} as never)],
  ];
  const diffs: string[] = [];
  for (const [name, fn] of cases) {
    const a = await outcome(() => fn({ jsm, js }));
    const b = await outcome(() => fn({ jsm: tjsm as unknown as typeof jsm, js: tjs as unknown as typeof js }));
    if (a !== b) diffs.push(`${name}\n  ours:    ${a}\n  nats.js: ${b}`);
    expect(a).not.toBe("ok");
  }
  expect(diffs.join("\n")).toBe("");
  await jsm.streams.delete(stream);
});
