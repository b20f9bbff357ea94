// Bad input at the JetStream boundaries, thrown at the client with no server: a scripted connection answers
// every API request and publish. Whatever junk a user passes (wrong types, NaN and huge numbers, lone
// surrogates, control characters, dots/wildcards/spaces in names, null, arrays for strings, throwing getters)
// and whatever junk a server answers, every failure is a typed error with a message (nats.js's class and text
// where it has one; never a TypeError or RangeError from inside the client), in the call's own shape (a
// promise API rejects, never throws), and nothing escapes as an unhandled rejection (the test environment
// fails the file on one).
import fc from "fast-check";
import { checkSubject, headers, InvalidArgumentError, type Msg, type NatsConnection, type Subscription } from "@nats-stack/core";
import { JetStreamError, jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "../../src";
import { Kvm, type KV } from "../../src/kv";
import { Objm, type ObjectStore } from "../../src/obj";
import { JsMsgImpl } from "../../src/internal";
import { DirectAcks } from "../../src/jsmsg/ack-sender";
import { ackSubject, fakeMsg, recordingConnection } from "../helpers/fake-msg";
import { consumerInfo, streamInfo } from "../helpers/scripted-js";

type Answer = (subject: string, body: Record<string, unknown> | undefined) => unknown;

/** The answers of a healthy server: infos echo the asked config, deletes and purges succeed, gets find nothing. */
const healthy: Answer = (subject, body) => {
  const t = subject.split(".");
  if (subject.includes(".STREAM.MSG.GET.") || subject.includes(".DIRECT.GET."))
    return { type: "io.nats.jetstream.api.v1.stream_msg_get_response", error: { code: 404, err_code: 10037, description: "no message found" } };
  if (subject.includes(".STREAM.PURGE.")) return { success: true, purged: 0 };
  if (subject.includes(".DELETE.")) return { success: true };
  if (subject.includes(".STREAM.")) return streamInfo({ name: t[t.length - 1], subjects: [`${t[t.length - 1]}.>`], ...((body as { name?: string }) ?? {}) });
  if (subject.includes(".CONSUMER.")) {
    const cfg = ((body?.config as Record<string, unknown>) ?? {}) as Record<string, unknown>;
    return consumerInfo(String(body?.stream_name ?? t[4] ?? "S"), { name: t[t.length - 1], ...cfg });
  }
  if (subject.endsWith(".INFO")) return { type: "io.nats.jetstream.api.v1.account_info_response", memory: 0, storage: 0, streams: 0, consumers: 0, limits: {}, api: { level: 1 } };
  if (!subject.startsWith("$JS.")) return { stream: "S", seq: 1 };
  return { error: { code: 400, err_code: 10000, description: `scripted: no answer for ${subject}` } };
};

/** A connection with no server: requests answered by `answer`, publishes with a reply answered with a PubAck. */
function scriptedConnection(answer: () => Answer): NatsConnection {
  const subs: { subject: string; cb: (e: Error | null, m: Msg) => void }[] = [];
  const matches = (pattern: string, s: string) => (pattern.endsWith("*") ? s.startsWith(pattern.slice(0, -1)) : pattern === s);
  const toText = (d: unknown) => (typeof d === "string" ? d : d instanceof Uint8Array ? new TextDecoder().decode(d) : "");
  const bodyOf = (d: unknown) => {
    try {
      return JSON.parse(toText(d)) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  };
  const reply = (subject: string, body: unknown): Msg => {
    const a = answer()(subject, bodyOf(body));
    return fakeMsg({ subject, data: typeof a === "string" ? a : JSON.stringify(a) });
  };
  const nc = {
    info: { version: "2.11.0", headers: true, max_payload: 1024 * 1024, jetstream: true, proto: 1 },
    options: {},
    // As core's request: the subject is checked before anything is sent.
    request: (subject: string, data?: unknown) => Promise.resolve().then(() => reply(checkSubject(subject), data)),
    subscribe: (subject: string, opts?: { callback?: (e: Error | null, m: Msg) => void }) => {
      const s = { subject, cb: opts?.callback ?? (() => {}) };
      subs.push(s);
      const sub = {
        unsubscribe: () => void subs.splice(subs.indexOf(s), 1),
        drain: () => Promise.resolve(),
        isClosed: () => false,
        getSubject: () => subject,
        closed: Promise.resolve(),
        getID: () => 1,
        [Symbol.asyncIterator]: async function* () {},
      };
      return sub as unknown as Subscription;
    },
    publish: (subject: string, data?: unknown, opts?: { reply?: string }) => {
      const r = opts?.reply;
      if (!r || subject.includes(".CONSUMER.MSG.NEXT.")) return;
      queueMicrotask(() => {
        for (const s of subs) if (matches(s.subject, r)) s.cb(null, fakeMsg({ subject: r, data: JSON.stringify({ stream: "S", seq: 1 }) }));
      });
      void data;
    },
    flush: () => Promise.resolve(),
    isClosed: () => false,
    isDraining: () => false,
    closed: () => new Promise(() => {}),
    status: () => ({ [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => {}), return: () => Promise.resolve({ done: true, value: undefined }) }) }),
    getServer: () => "127.0.0.1:4222",
    features: undefined,
  };
  return nc as unknown as NatsConnection;
}

let script: Answer = healthy;
const nc = scriptedConnection(() => script);
let jsm: JetStreamManager;
let js: JetStreamClient;
let kv: KV;
let os: ObjectStore;

beforeAll(async () => {
  jsm = await jetstreamManager(nc, { checkAPI: false });
  js = jetstream(nc);
  kv = await new Kvm(js).open("B");
  os = await new Objm(js).open("O", false);
});
afterEach(() => {
  script = healthy;
});

const errorClassesOfTheClient = new Set([TypeError, RangeError, SyntaxError, URIError, ReferenceError]);

/** How a call ended: it returned (or resolved), it threw, or its promise rejected. */
type Outcome = { shape: "returned" | "threw" | "rejected"; error?: unknown; value?: unknown };

async function outcome(fn: () => unknown): Promise<Outcome> {
  let v: unknown;
  try {
    v = fn();
  } catch (error) {
    return { shape: "threw", error };
  }
  if (v instanceof Promise) {
    try {
      const r = await Promise.race([v, new Promise((res) => setTimeout(() => res("pending"), 200))]);
      stop(r);
      return { shape: "returned", value: r };
    } catch (error) {
      return { shape: "rejected", error };
    }
  }
  stop(v);
  return { shape: "returned", value: v };
}

function stop(v: unknown): void {
  const x = v as { stop?: () => void; close?: () => Promise<void> } | null;
  try {
    x?.stop?.();
    void x?.close?.()?.catch?.(() => {});
  } catch {
    // an iterator that is already done
  }
}

/** A failure of the client: an Error that is not one of JavaScript's own (a TypeError from inside), with a message. */
function expectTyped(o: Outcome, what: string): void {
  if (o.shape === "returned") return;
  const e = o.error as Error;
  const detail = `${what}: ${String((e as Error)?.name)} ${String((e as Error)?.message)}`;
  expect({ what, isError: e instanceof Error }).toEqual({ what, isError: true });
  for (const c of errorClassesOfTheClient) if (e.constructor === c) throw new Error(`untyped error from ${detail}`);
  expect(e.message.length).toBeGreaterThan(0);
}

// Junk where a string, a number or an options object goes.
const junkString = fc.oneof(
  fc.string(),
  fc.constantFrom("", " ", "a.b", "a b", "*", ">", "a.*", "a..b", "a\ud800", "\udc00b", "a\r\nb", "a\x00", "a\tb", "$JS.API"),
  fc.constant(undefined),
  fc.constant(null),
  fc.integer(),
  fc.constant(["a", "b c"]),
  fc.constant({}),
);
const junkNumber = fc.oneof(
  fc.constantFrom(Number.NaN, -1, -0, Infinity, -Infinity, 1e300, Number.MAX_SAFE_INTEGER + 2, 0.5),
  fc.integer({ min: -1000, max: 1_000_000 }),
  fc.constant(undefined),
  fc.constant(null),
  fc.constantFrom("x", "5000", [1], {}),
);
const throwing = (): Record<string, unknown> =>
  new Proxy(
    {},
    {
      get(_t, p) {
        if (p === "then" || typeof p === "symbol") return undefined;
        throw new Error(`getter ${String(p)} throws`);
      },
    },
  );
const junkOptions = (fields: string[]) =>
  fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.constant("opts"),
    fc.constant(throwing()),
    fc.record(Object.fromEntries(fields.map((f) => [f, fc.oneof(junkNumber, junkString)])), { requiredKeys: [] }),
  );

/** The calls of the promise APIs: each must reject (never throw) with a typed error, or resolve. */
const asyncCalls: Record<string, fc.Arbitrary<() => unknown>> = {
  "jetstreamManager(nc, opts)": junkOptions(["apiPrefix", "domain", "timeout"]).map((o) => () => jetstreamManager(nc, { ...(o as object), checkAPI: false })),
  "streams.add(config)": fc.oneof(junkOptions(["name", "subjects", "max_msgs", "max_age"]), junkString).map((c) => () => jsm.streams.add(c as never)),
  "streams.update(name, config)": fc.tuple(junkString, junkOptions(["subjects", "max_msgs"])).map(([n, c]) => () => jsm.streams.update(n as never, c as never)),
  "streams.info(name)": junkString.map((n) => () => jsm.streams.info(n as never)),
  "streams.delete(name)": junkString.map((n) => () => jsm.streams.delete(n as never)),
  "streams.purge(name, opts)": fc.tuple(junkString, junkOptions(["seq", "keep", "filter"])).map(([n, o]) => () => jsm.streams.purge(n as never, o as never)),
  "consumers.add(stream, config)": fc.tuple(junkString, junkOptions(["name", "durable_name", "filter_subject", "ack_wait"])).map(([s, c]) => () => jsm.consumers.add(s as never, c as never)),
  "consumers.info(stream, name)": fc.tuple(junkString, junkString).map(([s, n]) => () => jsm.consumers.info(s as never, n as never)),
  "js.publish(subject, data, opts)": fc
    .tuple(junkString, fc.oneof(junkString, fc.constant(new Uint8Array(2))), junkOptions(["msgID", "timeout", "retries"]), junkOptions(["lastSequence", "streamName", "lastMsgID", "lastSubjectSequence"]))
    .map(([s, d, o, e]) => () => js.publish(s as never, d as never, o && typeof o === "object" && !("then" in o) ? { ...o, expect: e as never } : (o as never))),
  "js.consumers.get(stream, name)": fc.tuple(junkString, fc.oneof(junkString, junkNumber)).map(([s, n]) => () => js.consumers.get(s as never, n as never)),
  "consumer.fetch(opts)": junkOptions(["max_messages", "max_bytes", "expires", "idle_heartbeat"]).map((o) => async () => (await js.consumers.get("S", "C")).fetch(o as never)),
  "consumer.consume(opts)": junkOptions(["max_messages", "max_bytes", "expires", "idle_heartbeat", "threshold_messages", "threshold_bytes"]).map(
    (o) => async () => (await js.consumers.get("S", "C")).consume(o as never),
  ),
  "Kvm.create(bucket, opts)": fc.tuple(junkString, junkOptions(["history", "ttl", "max_bytes", "replicas"])).map(([b, o]) => () => new Kvm(js).create(b as never, o as never)),
  "Kvm.open(bucket, opts)": fc.tuple(junkString, fc.oneof(fc.constant(null), fc.constant(undefined), fc.constant({}))).map(([b, o]) => () => new Kvm(js).open(b as never, o as never)),
  "kv.put(key, value, opts)": fc.tuple(junkString, fc.oneof(junkString, fc.constant(new Uint8Array(1))), junkOptions(["previousSeq", "timeout"])).map(([k, v, o]) => () => kv.put(k as never, v as never, o as never)),
  "kv.get(key, opts)": fc.tuple(junkString, junkOptions(["revision"])).map(([k, o]) => () => kv.get(k as never, o as never)),
  "kv.delete/purge(key, opts)": fc.tuple(junkString, junkOptions(["previousSeq"]), fc.boolean()).map(([k, o, p]) => () => (p ? kv.purge(k as never, o as never) : kv.delete(k as never, o as never))),
  "kv.watch/history(opts)": fc.tuple(junkOptions(["key", "include"]), fc.boolean()).map(([o, h]) => () => (h ? kv.history(o as never) : kv.watch(o as never))),
  "kv.keys(filter)": junkString.map((k) => () => kv.keys(k as never)),
  "Objm.create(name, opts)": fc.tuple(junkString, junkOptions(["ttl", "max_bytes"])).map(([n, o]) => () => new Objm(js).create(n as never, o as never)),
  "os.putBlob(meta, data)": fc
    .tuple(fc.oneof(junkOptions(["name", "description"]), fc.record({ name: junkString, headers: fc.oneof(junkString, fc.constant(headers())) })), fc.oneof(junkString, fc.constant(new Uint8Array(3))))
    .map(([m, d]) => () => os.putBlob(m as never, d as never)),
  "os.get/info/delete(name)": fc.tuple(junkString, fc.constantFrom("get", "info", "delete", "getBlob")).map(([n, f]) => () => (os as unknown as Record<string, (n: unknown) => unknown>)[f]!(n)),
  "os.link(name, info)": fc.tuple(junkString, fc.oneof(junkOptions(["name", "bucket", "deleted"]), junkString)).map(([n, i]) => () => os.link(n as never, i as never)),
};

for (const [name, call] of Object.entries(asyncCalls)) {
  test(`${name}: junk rejects with a typed error, never throws`, async () => {
    await fc.assert(
      fc.asyncProperty(call, async (fn) => {
        const o = await outcome(fn);
        // Kvm.create/open read the options synchronously, as nats.js does: a user's own throwing getter
        // throws there in both clients (only that error, never one of ours).
        const ownGetter = o.shape === "threw" && name.startsWith("Kvm.") && /^getter /.test((o.error as Error).message);
        if (o.shape === "threw" && !ownGetter) throw new Error(`${name} threw synchronously: ${String((o.error as Error)?.message)}`);
        if (!ownGetter) expectTyped(o, name);
      }),
      { numRuns: 60 },
    );
  });
}

test("jetstream(nc, opts): junk options throw a typed error synchronously, as nats.js's option checks do", () => {
  fc.assert(
    fc.property(junkOptions(["apiPrefix", "domain", "timeout", "maxPendingPublishes", "watcherPrefix"]), (o) => {
      let r: Outcome;
      try {
        r = { shape: "returned", value: jetstream(nc, o as never) };
      } catch (error) {
        r = { shape: "threw", error };
      }
      expectTyped(r, "jetstream()");
    }),
  );
});

// The cases found by the properties above, kept as examples (old behaviour in the comment).
describe("found cases", () => {
  test("a non-string apiPrefix is an InvalidArgumentError (was a TypeError: prefix.endsWith is not a function)", async () => {
    expect(() => jetstream(nc, { apiPrefix: 1 as never })).toThrow(InvalidArgumentError);
    await expect(jetstreamManager(nc, { apiPrefix: 1 as never, checkAPI: false })).rejects.toBeInstanceOf(InvalidArgumentError);
    // and a non-string watcherPrefix (core's createInbox TypeError before)
    expect(() => jetstream(nc, { watcherPrefix: 5 as never })).toThrow("'watcherPrefix' must be a string");
  });

  test("js.publish(subject, data, null) is a publish without options (was a TypeError reading 'cancelSchedule')", async () => {
    await expect(js.publish("S.a", "x", null as never)).resolves.toMatchObject({ stream: "S", seq: 1 });
  });

  test("null options of Kvm.create/open, kv.put/watch/history and Objm.create are the defaults (were TypeErrors)", async () => {
    await expect(new Kvm(js).open("B2", null as never)).resolves.toBeDefined();
    await expect(kv.put("k", "v", null as never)).resolves.toBe(1);
    const w = await kv.watch(null as never);
    w.stop();
    const h = await kv.history(null as never);
    h.stop();
    await expect(new Objm(js).create("O2", null as never)).resolves.toBeDefined();
  });

  test("os.putBlob with data that is not bytes, or headers not made by headers(), rejects before writing", async () => {
    await expect(os.putBlob({ name: "n" }, "abc" as never)).rejects.toThrow("'data' must be a Uint8Array or null");
    await expect(os.putBlob({ name: "n", headers: { a: "b" } as never }, new Uint8Array(1))).rejects.toThrow("'headers' must be made with headers()");
  });

  test("os.link with no object info rejects with an InvalidArgumentError (was a TypeError reading 'deleted')", async () => {
    await expect(os.link("l", null as never)).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  test("streams.update(name, null) rejects with an InvalidArgumentError (was a TypeError reading 'metadata')", async () => {
    await expect(jsm.streams.update("S", null as never)).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

// Junk a server (or something posing as one) may answer: not JSON, JSON that is not an object, objects of
// the wrong shape, error objects with fields missing or of the wrong type.
const junkAnswer: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom("not json", "{", "", "null", "42", '"s"', "[]", "true"),
  fc.constantFrom({}, { error: {} }, { error: null }, { error: "bad" }, { error: { code: "x" } }, { error: { description: 5, err_code: "y" } }, { error: [] }),
  fc.constantFrom({ config: null }, { config: "x", state: 1 }, { streams: "x" }, { streams: [null] }, { total: "x", streams: null }, { consumers: {} }, { name: 5, config: { name: 5 } }),
  fc.constantFrom({ success: "no" }, { purged: "x" }, { message: null }, { message: { data: 5, seq: "x" } }, { stream: 5, seq: "x" }, { api: null }, { type: 5 }),
  fc.dictionary(fc.constantFrom("config", "state", "error", "streams", "consumers", "cluster", "created", "message", "limits"), fc.jsonValue(), { maxKeys: 4 }),
);

const serverCalls: Record<string, () => Promise<unknown>> = {
  "jsm.getAccountInfo()": () => jsm.getAccountInfo(),
  "streams.info": () => jsm.streams.info("S"),
  "streams.add": () => jsm.streams.add({ name: "S", subjects: ["S.>"] }),
  "streams.update": () => jsm.streams.update("S", { max_msgs: 5 }),
  "streams.delete": () => jsm.streams.delete("S"),
  "streams.purge": () => jsm.streams.purge("S"),
  "streams.getMessage": () => jsm.streams.getMessage("S", { seq: 1 }),
  "streams.list().next()": () => jsm.streams.list().next(),
  "streams.names().next()": () => jsm.streams.names().next(),
  "consumers.info": () => jsm.consumers.info("S", "C"),
  "consumers.add": () => jsm.consumers.add("S", { durable_name: "C", ack_policy: "explicit" as never }),
  "consumers.list().next()": () => jsm.consumers.list("S").next(),
  "js.consumers.get": () => js.consumers.get("S", "C"),
  "js.publish": () => js.publish("S.a", "x"),
  "Kvm.create": () => new Kvm(js).create("B"),
  "kv.get": () => kv.get("k"),
  "kv.put": () => kv.put("k", "v"),
  "kv.status": () => kv.status(),
  "Objm.open": () => new Objm(js).open("O"),
  "os.info": () => os.info("x"),
  "os.putBlob": () => os.putBlob({ name: "x" }, new Uint8Array(4)),
};

test("junk server answers: every call rejects with a typed error with a message, or resolves", async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...Object.keys(serverCalls)), junkAnswer, async (name, a) => {
      script = () => a;
      try {
        const o = await outcome(serverCalls[name]!);
        if (o.shape === "threw") throw new Error(`${name} threw synchronously`);
        expectTyped(o, `${name} answered ${JSON.stringify(a)}`);
      } finally {
        script = healthy;
      }
    }),
    { numRuns: 300 },
  );
});


describe("found cases: server answers", () => {
  test("a stream info without config/state is a JetStreamError (was a TypeError reading 'subjects' or 'sealed')", async () => {
    for (const a of [{}, { config: null }, { config: "x", state: 1 }, "[]"]) {
      script = () => a;
      await expect(jsm.streams.info("S")).rejects.toThrow("invalid stream info in JetStream API response: 'config' and 'state' must be objects");
      await expect(jsm.streams.add({ name: "S", subjects: ["S.>"] })).rejects.toBeInstanceOf(JetStreamError);
      await expect(new Kvm(js).create("B")).rejects.toBeInstanceOf(JetStreamError);
    }
  });

  test("a stream list page whose 'streams' is not an array is a JetStreamError; null is an empty page", async () => {
    script = () => ({ type: "io.nats.jetstream.api.v1.stream_list_response", total: 1, offset: 0, limit: 256, streams: "x" });
    await expect(jsm.streams.list().next()).rejects.toThrow("'streams' must be an array");
    script = () => ({ type: "io.nats.jetstream.api.v1.stream_list_response", total: 0, offset: 0, limit: 256, streams: null });
    await expect(jsm.streams.list().next()).resolves.toEqual([]);
  });

  test("a consumer info without a config is a JetStreamError (was a TypeError reading 'deliver_subject')", async () => {
    script = () => ({ type: "io.nats.jetstream.api.v1.consumer_info_response" });
    await expect(js.consumers.get("S", "C")).rejects.toThrow("invalid consumer info in JetStream API response: 'config' must be an object");
    await expect(jsm.consumers.add("S", { durable_name: "C" })).rejects.toBeInstanceOf(JetStreamError);
  });

  test("an API error object without a description has a message naming its codes (was an empty message)", async () => {
    script = () => ({ error: { code: 503 } });
    await expect(jsm.streams.delete("S")).rejects.toThrow("JetStream API error without a description (code 503, err_code undefined)");
  });
});

test("JsMsg.nak(delay)/term(reason)/working() with junk never throw and send one well-formed ack", () => {
  fc.assert(
    fc.property(junkNumber, junkString, fc.constantFrom("nak", "term", "working"), (delay, reason, kind) => {
      const rc = recordingConnection();
      const reply = ackSubject({ sseq: 5, dseq: 2, delivered: 1, pending: 3 });
      const dec = new TextDecoder();
      const m = new JsMsgImpl(
        fakeMsg({ subject: "S.a", reply, data: "x", onRespond: (d) => rc.published.push({ subject: reply, data: dec.decode(d ?? new Uint8Array(0)) }) }),
        5000,
        new DirectAcks(rc),
      );
      if (kind === "nak") m.nak(delay as never);
      else if (kind === "term") m.term(reason as never);
      else m.working();
      const sent = rc.published.map((p) => p.data);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatch(/^(-NAK( \{"delay":(-?[\d.]+(e[+-]\d+)?|null)\})?|\+TERM( [\s\S]*)?|\+WPI)$/);
    }),
  );
});

test("js.consumers.get(stream, 1) rejects with an InvalidArgumentError (it made an ordered consumer; nats.js: a TypeError)", async () => {
  await expect(js.consumers.get("S", 1 as never)).rejects.toThrow("'name' must be a consumer name or ordered consumer options");
  await expect(js.consumers.getPushConsumer("S", true as never)).rejects.toBeInstanceOf(InvalidArgumentError);
  await expect(js.consumers.get("S", "C")).resolves.toBeDefined();
});

test("new Kvm(null) / new Objm(undefined) throw an InvalidArgumentError (was a TypeError reading 'publisher')", () => {
  expect(() => new Kvm(null as never)).toThrow("'nc' must be a JetStreamClient or a NatsConnection");
  expect(() => new Objm(undefined as never)).toThrow(InvalidArgumentError);
});
