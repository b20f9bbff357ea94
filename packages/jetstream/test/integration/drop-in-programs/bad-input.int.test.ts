// Programs that pass wrong things to the JetStream, KV and object store APIs (names with dots, spaces or
// wildcards, bad keys, bad fetch/consume bounds, bad publish options), run with nats.js's packages and with ours.
// Each call's outcome (sync result or throw, async value or rejection, with the error's class, name, text and
// cause) must be the same, except the differences packages/jetstream/README.md and packages/core/README.md list,
// which are asserted for both clients side by side. No call may leave an unhandled rejection (the test
// environment fails the file on one).
import { outcomeWithin } from "@nats-stack/fixtures/bad-input";
import { clients, jetStreamServer, seen, type Client, unique } from "./harness";

jest.setTimeout(120_000);

const srv = jetStreamServer();

/** A call's outcome; a promise still pending after 2.5 s is reported as such (nats.js hangs on some inputs). */
const outcome = (fn: () => unknown) => outcomeWithin(fn, seen);

type Ctx = { c: Client; stream: string; p: string } & Record<"nc" | "jsm" | "js" | "cons" | "kvm" | "kv" | "os", any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function drain(it: AsyncIterable<{ nak(): void }>): Promise<string> {
  let n = 0;
  for await (const m of it) {
    n++;
    m.nak();
  }
  return `got ${n}`;
}

const cases: Record<string, (x: Ctx) => unknown> = {
  "jetstreamManager timeout 0 (the default)": ({ c, nc }) => c.js.jetstreamManager(nc, { timeout: 0 }),
  "jetstreamManager timeout -1": ({ c, nc }) => c.js.jetstreamManager(nc, { timeout: -1 }),
  "jetstream timeout -1, then publish": ({ c, nc, p }) => c.js.jetstream(nc, { timeout: -1 }).publish(`${p}.x`),
  "stream add name 'a.b'": ({ jsm }) => jsm.streams.add({ name: "a.b", subjects: ["bi1"] }),
  "stream add name 'a b'": ({ jsm }) => jsm.streams.add({ name: "a b", subjects: ["bi2"] }),
  "stream add name 'a*'": ({ jsm }) => jsm.streams.add({ name: "a*", subjects: ["bi3"] }),
  "stream add name ''": ({ jsm }) => jsm.streams.add({ name: "", subjects: ["bi4"] }),
  "stream add without a name": ({ jsm }) => jsm.streams.add({ subjects: ["bi5"] }),
  "stream add subject 'a b'": ({ jsm }) => jsm.streams.add({ name: unique("S"), subjects: ["a b"] }),
  "stream add subject 'a..b'": ({ jsm }) => jsm.streams.add({ name: unique("S"), subjects: ["bi6..b"] }),
  "stream info 'a.b'": ({ jsm }) => jsm.streams.info("a.b"),
  "stream info 42": ({ jsm }) => jsm.streams.info(42),
  "stream delete 'a b'": ({ jsm }) => jsm.streams.delete("a b"),
  "consumer add name 'a.b'": ({ jsm, stream, c }) => jsm.consumers.add(stream, { name: "a.b", ack_policy: c.js.AckPolicy.Explicit }),
  "consumer add name 'a b'": ({ jsm, stream, c }) => jsm.consumers.add(stream, { name: "a b", ack_policy: c.js.AckPolicy.Explicit }),
  "consumer add durable 'a*'": ({ jsm, stream, c }) => jsm.consumers.add(stream, { durable_name: "a*", ack_policy: c.js.AckPolicy.Explicit }),
  "consumer add durable 'a>'": ({ jsm, stream, c }) => jsm.consumers.add(stream, { durable_name: "a>", ack_policy: c.js.AckPolicy.Explicit }),
  "consumer add on stream 'a.b'": ({ jsm, c }) => jsm.consumers.add("a.b", { durable_name: "x", ack_policy: c.js.AckPolicy.Explicit }),
  "consumer info 'a*'": ({ jsm, stream }) => jsm.consumers.info(stream, "a*"),
  "push consumer add deliver_subject 'a b'": ({ jsm, stream, c }) =>
    jsm.consumers.add(stream, { durable_name: "pb1", ack_policy: c.js.AckPolicy.Explicit, deliver_subject: "a b" }),
  "push consumer add deliver_subject 'a.*'": ({ jsm, stream, c }) =>
    jsm.consumers.add(stream, { durable_name: "pb2", ack_policy: c.js.AckPolicy.Explicit, deliver_subject: "a.*" }),
  "push consumer add flow_control without idle_heartbeat": ({ jsm, stream, p, c }) =>
    jsm.consumers.add(stream, { durable_name: "pb3", ack_policy: c.js.AckPolicy.Explicit, deliver_subject: `dl.${p}`, flow_control: true }),
  "consumers.get name 'a.b'": ({ js, stream }) => js.consumers.get(stream, "a.b"),
  "consumers.get stream 'a.b'": ({ js }) => js.consumers.get("a.b", "x"),
  "getPushConsumer of a pull consumer": ({ js, stream }) => js.consumers.getPushConsumer(stream, "d"),
  "getPushConsumer of a missing consumer": ({ js, stream }) => js.consumers.getPushConsumer(stream, "none"),
  "getPushConsumer name 'a.b'": ({ js, stream }) => js.consumers.getPushConsumer(stream, "a.b"),
  "getPushConsumer stream 'a.b'": ({ js }) => js.consumers.getPushConsumer("a.b", "x"),
  "getPushConsumer ordered on stream 'a b'": ({ js }) => js.consumers.getPushConsumer("a b"),
  "getPushConsumer ordered, deliver_prefix 'a b'": ({ js, stream }) => js.consumers.getPushConsumer(stream, { deliver_prefix: "a b" }),
  "getPushConsumer ordered, deliver_prefix 'a.*'": ({ js, stream }) => js.consumers.getPushConsumer(stream, { deliver_prefix: "a.*" }),
  "getBoundPushConsumer deliver_subject 'a b'": ({ js }) => js.consumers.getBoundPushConsumer({ deliver_subject: "a b" }),
  "getBoundPushConsumer deliver_subject 'a.*'": ({ js }) => js.consumers.getBoundPushConsumer({ deliver_subject: "a.*" }),
  "getBoundPushConsumer without deliver_subject": ({ js }) => js.consumers.getBoundPushConsumer({}),
  "push consume callback 1": ({ js, stream }) =>
    js.consumers.getPushConsumer(stream, "push").then((pc: { consume(o: unknown): Promise<{ close(): Promise<void> }> }) => pc.consume({ callback: 1 }).then((it) => it.close())),
  "obj put name ''": ({ os }) => os.putBlob({ name: "" }, new Uint8Array(1)),
  "obj put name 42": ({ os }) => os.putBlob({ name: 42 }, new Uint8Array(1)),
  "obj put data 42": ({ os }) => os.putBlob({ name: "n" }, 42),
  "obj get ''": ({ os }) => os.get(""),
  "obj getBlob 'a b' (missing)": ({ os }) => os.getBlob("a b"),
  "obj info 42": ({ os }) => os.info(42),
  "obj put max_chunk_size -1": ({ os }) => os.putBlob({ name: "mc", options: { max_chunk_size: -1 } }, new Uint8Array(3)),
  "kv watch include 'x'": ({ kv }) => kv.watch({ key: "a", include: "x" }).then((w: { stop(): void }) => w.stop()),
  "fetch max_messages 0 (the default)": ({ cons }) => cons.fetch({ max_messages: 0, expires: 1000 }).then(drain),
  "fetch max_messages -1": ({ cons }) => cons.fetch({ max_messages: -1, expires: 1000 }).then(drain),
  "fetch max_messages 1.5": ({ cons }) => cons.fetch({ max_messages: 1.5, expires: 1000 }).then(drain),
  "fetch max_bytes -1": ({ cons }) => cons.fetch({ max_bytes: -1, expires: 1000 }).then(drain),
  "fetch expires 500": ({ cons }) => cons.fetch({ max_messages: 1, expires: 500 }).then(drain),
  "fetch expires -1": ({ cons }) => cons.fetch({ max_messages: 1, expires: -1 }).then(drain),
  "fetch idle_heartbeat above expires": ({ cons }) => cons.fetch({ max_messages: 1, expires: 1000, idle_heartbeat: 5000 }).then(drain),
  "next expires 500": ({ cons }) => cons.next({ expires: 500 }),
  "next expires -1": ({ cons }) => cons.next({ expires: -1 }),
  "consume max_messages -1": ({ cons }) => cons.consume({ max_messages: -1 }).then((it: { close(): Promise<void> }) => it.close()),
  "consume expires 500": ({ cons }) => cons.consume({ expires: 500 }).then((it: { close(): Promise<void> }) => it.close()),
  "js.publish 'a b'": ({ js }) => js.publish("a b"),
  "js.publish ''": ({ js }) => js.publish(""),
  "js.publish to a wildcard": ({ js, p }) => js.publish(`${p}.*`),
  "js.publish 42": ({ js }) => js.publish(42),
  "js.publish a payload 42": ({ js, p }) => js.publish(`${p}.x`, 42),
  "js.publish timeout 0 (the default)": ({ js, p }) => js.publish(`${p}.x`, "", { timeout: 0 }),
  "js.publish timeout -1": ({ js, p }) => js.publish(`${p}.x`, "", { timeout: -1 }),
  "js.publish msgID 42": ({ js, p }) => js.publish(`${p}.x`, "", { msgID: 42 }),
  "js.publish retries -1": ({ js, p }) => js.publish(`${p}.x`, "", { retries: -1 }),
  "kvm create 'a.b'": ({ kvm }) => kvm.create("a.b"),
  "kvm create 'a b'": ({ kvm }) => kvm.create("a b"),
  "kvm create ''": ({ kvm }) => kvm.create(""),
  "kvm open 'a*'": ({ kvm }) => kvm.open("a*"),
  "kv put 'a b'": ({ kv }) => kv.put("a b", "v"),
  "kv put '.a'": ({ kv }) => kv.put(".a", "v"),
  "kv put 'a.*'": ({ kv }) => kv.put("a.*", "v"),
  "kv put ''": ({ kv }) => kv.put("", "v"),
  "kv put 42": ({ kv }) => kv.put(42, "v"),
  "kv put a payload 42": ({ kv }) => kv.put("k1", 42),
  "kv put timeout -1": ({ kv }) => kv.put("k1", "v", { timeout: -1 }),
  "kv get 'a b'": ({ kv }) => kv.get("a b"),
  "kv get 'a.>'": ({ kv }) => kv.get("a.>"),
  "kv delete 'a b'": ({ kv }) => kv.delete("a b"),
  "kv create 'a b'": ({ kv }) => kv.create("a b", "v"),
  "kv update version 0": ({ kv }) => kv.update("k2", "v", 0),
  "kv update version -1": ({ kv }) => kv.update("k2", "v", -1),
  "kv watch key 'a b'": ({ kv }) => kv.watch({ key: "a b" }),
  "kv keys 'a b'": ({ kv }) => kv.keys("a b"),
  "kv history key 'a b'": ({ kv }) => kv.history({ key: "a b" }),
  "objm create 'a.b'": ({ nc, c }) => new c.obj.Objm(nc).create("a.b"),
  "objm create 'a b'": ({ nc, c }) => new c.obj.Objm(nc).create("a b"),
  // found by test/unit/bad-input.prop.test.ts
  "js.publish options null": ({ js, p }) => js.publish(`${p}.x`, "x", null),
  "jetstream apiPrefix 42": ({ c, nc }) => c.js.jetstream(nc, { apiPrefix: 42 as never }),
  "stream update config null": ({ jsm, stream }) => jsm.streams.update(stream, null),
  "consumers.get name 42": ({ js, stream }) => js.consumers.get(stream, 42),
  "kvm create options null": ({ kvm }) => kvm.create(unique("kvn"), null),
  "kv put options null": ({ kv }) => kv.put("k3", "v", null),
  "kv watch options null": ({ kv }) => kv.watch(null).then((w: { stop(): void }) => (w.stop(), "watching")),
  "new Kvm(null)": ({ c }) => new c.kv.Kvm(null as never),
  "obj put data 'abc'": ({ os }) => os.putBlob({ name: "s" }, "abc"),
  "obj put headers {}": ({ os }) => os.putBlob({ name: "h", headers: { a: "b" } }, new Uint8Array(1)),
  "obj info name []": ({ os }) => os.info(["a", "b"]),
  "obj link info null": ({ os }) => os.link("l", null),
};

/** The README-listed differences: what each client does, by case. */
const differs: Record<string, { "nats.js": string | RegExp; ours: string | RegExp }> = {
  // names and subjects that are not strings: a typed error (nats.js: a TypeError from inside, or a request)
  "stream info 42": { "nats.js": "async reject TypeError/TypeError: name.indexOf is not a function", ours: "async reject InvalidNameError/InvalidNameError: stream name must be a string" },
  "js.publish 42": {
    "nats.js": /^async reject JetStreamNotEnabled\/JetStreamNotEnabled: jetstream is not enabled/,
    ours: "async reject InvalidSubjectError/InvalidSubjectError: illegal subject: '42' cause InvalidArgumentError/InvalidArgumentError: subject must be a string",
  },
  "kv put 42": { "nats.js": /^async reject TypeError\/TypeError: key.split is not a function/, ours: "async reject Error/Error: invalid key: 42" },
  // our subject checks add the reason as a cause
  "js.publish 'a b'": {
    "nats.js": "async reject InvalidSubjectError/InvalidSubjectError: illegal subject: 'a b'",
    ours: "async reject InvalidSubjectError/InvalidSubjectError: illegal subject: 'a b' cause InvalidArgumentError/InvalidArgumentError: subject contains a space",
  },
  "js.publish ''": {
    "nats.js": "async reject InvalidSubjectError/InvalidSubjectError: illegal subject: ''",
    ours: "async reject InvalidSubjectError/InvalidSubjectError: illegal subject: '' cause InvalidArgumentError/InvalidArgumentError: subject is empty",
  },
  // wildcards only in subscriptions (core): nats.js stores a message on the literal subject `<p>.*`
  "js.publish to a wildcard": { "nats.js": "async Object", ours: /^async reject InvalidSubjectError\/InvalidSubjectError: illegal subject: '.*\.\*' cause .*has a wildcard '\*'$/ },
  // a payload of a wrong type: InvalidArgumentError (nats.js: TypeError)
  "js.publish a payload 42": {
    "nats.js": "async reject TypeError/TypeError: payload types can be strings or Uint8Array",
    ours: "async reject InvalidArgumentError/InvalidArgumentError: 'payload' must be a Uint8Array or a string",
  },
  "kv put a payload 42": {
    "nats.js": "async reject TypeError/TypeError: payload types can be strings or Uint8Array",
    ours: "async reject InvalidArgumentError/InvalidArgumentError: 'payload' must be a Uint8Array or a string",
  },
  // header values are checked: InvalidArgumentError (nats.js: a TypeError from inside)
  "js.publish msgID 42": { "nats.js": "async reject TypeError/TypeError: k.trim is not a function", ours: `async reject InvalidArgumentError/InvalidArgumentError: 'header' header value "42" must be a string` },
  // retries below 1 mean one attempt (nats.js makes none and fails reading its missing answer)
  "js.publish retries -1": { "nats.js": /^async reject TypeError\/TypeError: Cannot read properties of null/, ours: "async Object" },
  // a negative batch is refused (nats.js: its fetch ends with `heartbeats missed`, its consume never starts)
  "fetch max_messages -1": { "nats.js": "async reject JetStreamError/JetStreamError: heartbeats missed", ours: "async reject InvalidArgumentError/InvalidArgumentError: 'max_messages' must be greater than 0" },
  "fetch max_bytes -1": { "nats.js": /^(async reject JetStreamError\/JetStreamError: heartbeats missed|async got 0)$/, ours: "async reject InvalidArgumentError/InvalidArgumentError: 'max_bytes' must be greater than 0" },
  "consume max_messages -1": { "nats.js": "pending", ours: "async reject InvalidArgumentError/InvalidArgumentError: 'max_messages' must be greater than 0" },
  // an object name that is not a string: both make the meta subject `$O.<bucket>.M.`, which core refuses (an empty
  // token) where nats.js publishes it and reads the no responders as `jetstream is not enabled`
  "obj put name 42": {
    "nats.js": /^async reject JetStreamNotEnabled\/JetStreamNotEnabled: jetstream is not enabled cause RequestError\/RequestError: no responders: '\$O\.osb_\w+\.M\.'/,
    ours: /^async reject InvalidSubjectError\/InvalidSubjectError: illegal subject: '\$O\.osb_\w+\.M\.' cause InvalidArgumentError\/InvalidArgumentError: subject has an empty token$/,
  },
  // a negative chunk size cuts no bytes: nats.js sends empty chunks until the connection closes
  "obj put max_chunk_size -1": { "nats.js": "pending", ours: "async reject InvalidArgumentError/InvalidArgumentError: 'max_chunk_size' must be a positive integer" },
  // the options of jetstream() are checked when it is made
  "jetstream timeout -1, then publish": {
    "nats.js": "async reject InvalidArgumentError/InvalidArgumentError: 'timeout' must be greater than 0",
    ours: "sync throw InvalidArgumentError/InvalidArgumentError: 'timeout' must be greater than 0",
  },
  // found by test/unit/bad-input.prop.test.ts: typed errors where nats.js fails from inside, null options as none
  "jetstream apiPrefix 42": { "nats.js": "sync JetStreamClientImpl", ours: "sync throw InvalidArgumentError/InvalidArgumentError: 'prefix' must be a string" },
  "stream update config null": {
    "nats.js": "async reject TypeError/TypeError: Cannot read properties of null (reading 'metadata')",
    ours: "async reject InvalidArgumentError/InvalidArgumentError: 'config' must be an object",
  },
  "consumers.get name 42": {
    "nats.js": "async reject TypeError/TypeError: Cannot create property 'name_prefix' on number '42'",
    ours: "async reject InvalidArgumentError/InvalidArgumentError: 'name' must be a consumer name or ordered consumer options",
  },
  "kvm create options null": { "nats.js": "sync throw TypeError/TypeError: Cannot read properties of null (reading 'bindOnly')", ours: "async Bucket" },
  "kv put options null": { "nats.js": "async reject TypeError/TypeError: Cannot read properties of null (reading 'previousSeq')", ours: "async 1" },
  "kv watch options null": { "nats.js": "async reject TypeError/TypeError: Cannot read properties of null (reading 'key')", ours: "async watching" },
  "new Kvm(null)": {
    "nats.js": "sync throw TypeError/TypeError: Cannot read properties of null (reading 'nc')",
    ours: "sync throw InvalidArgumentError/InvalidArgumentError: 'nc' must be a JetStreamClient or a NatsConnection",
  },
  "obj put data 'abc'": { "nats.js": "async reject TypeError/TypeError: v.subarray is not a function", ours: "async reject InvalidArgumentError/InvalidArgumentError: 'data' must be a Uint8Array or null" },
  "obj put headers {}": {
    "nats.js": "async reject TypeError/TypeError: mhi.toRecord is not a function",
    ours: "async reject InvalidArgumentError/InvalidArgumentError: 'headers' must be made with headers()",
  },
  "obj info name []": { "nats.js": "async null", ours: "async reject InvalidArgumentError/InvalidArgumentError: 'name' must be a string" },
  "obj link info null": {
    "nats.js": "async reject TypeError/TypeError: Cannot read properties of null (reading 'deleted')",
    ours: "async reject InvalidArgumentError/InvalidArgumentError: 'info' must be an object info",
  },
  // consume() with bad options rejects its promise (nats.js throws from the promise-returning call)
  "consume expires 500": { "nats.js": "sync throw InvalidArgumentError/InvalidArgumentError: 'expires' must be at least 1000ms", ours: "async reject InvalidArgumentError/InvalidArgumentError: 'expires' must be at least 1000ms" },
};

test("wrong names, keys, bounds and options: the same outcome on both clients, or the README's difference", async () => {
  const got: Record<string, Record<string, string>> = {};
  for (const [name, c] of clients) {
    const r: Record<string, string> = (got[name] = {});
    const nc = await c.core.connect({ servers: srv.url });
    const jsm = await c.js.jetstreamManager(nc);
    const js = c.js.jetstream(nc);
    const stream = unique("BAD");
    const p = stream.toLowerCase();
    await jsm.streams.add({ name: stream, subjects: [`${p}.>`] });
    await jsm.consumers.add(stream, { durable_name: "d", ack_policy: c.js.AckPolicy.Explicit });
    for (let i = 0; i < 3; i++) await js.publish(`${p}.x`, `${i}`);
    const cons = await js.consumers.get(stream, "d");
    const kvm = new c.kv.Kvm(nc);
    const kv = await kvm.create(unique("kvb"));
    await jsm.consumers.add(stream, { durable_name: "push", ack_policy: c.js.AckPolicy.Explicit, deliver_subject: c.core.createInbox() });
    const os = await new c.obj.Objm(nc).create(unique("osb"));
    const ctx: Ctx = { c, stream, p, nc, jsm, js, cons, kvm, kv, os };
    for (const [k, fn] of Object.entries(cases)) r[k] = await outcome(() => fn(ctx));
    await jsm.streams.delete(stream);
    await kv.destroy();
    await os.destroy();
    await nc.close();
  }
  const natsjs = got["nats.js"]!;
  const ours = got.ours!;
  // DROP_IN_PRINT=1 shows both transcripts
  if (process.env.DROP_IN_PRINT) console.log(JSON.stringify(got, null, 1));
  for (const k of Object.keys(cases)) {
    const d = differs[k];
    if (d) {
      expect({ k, natsjs: natsjs[k] }).toEqual({ k, natsjs: expect.stringMatching(d["nats.js"] instanceof RegExp ? d["nats.js"] : `^${escape(d["nats.js"])}$`) });
      expect({ k, ours: ours[k] }).toEqual({ k, ours: expect.stringMatching(d.ours instanceof RegExp ? d.ours : `^${escape(d.ours)}$`) });
    } else {
      expect({ k, ours: ours[k] }).toEqual({ k, ours: natsjs[k] });
    }
  }
  // the fixed ones (each was a difference): a bad publish timeout is a mistake, not a lost acknowledgement
  expect(ours["js.publish timeout -1"]).toBe("async reject InvalidArgumentError/InvalidArgumentError: 'timeout' must be greater than 0");
  expect(ours["kv put timeout -1"]).toBe("async reject InvalidArgumentError/InvalidArgumentError: 'timeout' must be greater than 0");
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
