// The key-value store against nats-server 2.9.10: nats.js's own test scenarios (crud, create/update/delete
// with revisions, wildcard deletes, keys and history, the watch modes, codecs, direct and message gets,
// purgeDeletes, status, list, open without a lookup) and the errors, with nats.js's classes and texts.
import { Empty, type NatsConnection, type Msg } from "@nats-stack/core";
import { DiscardPolicy, JetStreamApiError, jetstream, jetstreamManager, StorageType } from "../../../src";
import { Base64KeyCodec, Kvm, KvWatchInclude, NoopKvCodecs, type KvWatchEntry } from "@nats-stack/jetstream/kv";
import type { Bucket } from "../../../src/kv/kv-bucket";
import { collect, JsEnv, rejection, thrown } from "../../helpers/js-env";

const env = new JsEnv();
let nc: NatsConnection;
let n = 0;
const name = () => `kv_${process.pid}_${++n}`;
beforeAll(async () => {
  await env.start();
  nc = await env.connect();
});
afterAll(() => env.stop());

/** Every subject published on `subjects` while `fn` runs (to check what reached the wire). */
async function spy(subjects: string, fn: () => Promise<unknown>): Promise<Msg[]> {
  const seen: Msg[] = [];
  const sub = nc.subscribe(subjects, { callback: (_e, m) => seen.push(m) });
  await nc.flush();
  try {
    await fn().catch(() => {});
    await nc.flush();
  } finally {
    sub.unsubscribe();
  }
  return seen;
}

test("create makes KV_<bucket> as nats.js does; status reads it back", async () => {
  const b = name();
  const kv = await new Kvm(nc).create(b, { history: 10, ttl: 60_000, description: "d", max_bytes: 1 << 20, maxValueSize: 1024 });
  const si = await (await jetstreamManager(nc)).streams.info(`KV_${b}`);
  expect(si.config).toMatchObject({
    name: `KV_${b}`,
    subjects: [`$KV.${b}.>`],
    retention: "limits",
    max_msgs_per_subject: 10,
    max_bytes: 1 << 20,
    max_msg_size: 1024,
    storage: "file",
    discard: DiscardPolicy.New,
    allow_direct: true,
    allow_rollup_hdrs: true,
    num_replicas: 1,
    max_age: 60_000 * 1e6,
    description: "d",
  });
  const st = await kv.status();
  expect(st).toMatchObject({ bucket: b, values: 0, history: 10, ttl: 60_000, replicas: 1, description: "d", max_bytes: 1 << 20, maxValueSize: 1024, storage: StorageType.File, size: 0, compression: false, markerTTL: 0 });
  expect(st.streamInfo.config.name).toBe(`KV_${b}`);
  expect((kv as Bucket).direct).toBe(true);
});

test("crud, history and purgeBucket (nats.js's crud)", async () => {
  const kv = (await new Kvm(jetstream(nc)).create(name(), { history: 10 })) as Bucket;
  expect(await kv.put("k", "hello")).toBe(1);
  expect((await kv.get("k"))!.string()).toBe("hello");
  await kv.put("k", "bye");
  expect((await kv.get("k"))!.string()).toBe("bye");
  await kv.delete("k");
  const d = await kv.get("k");
  expect(d!.operation).toBe("DEL");
  expect(d!.length).toBe(0);
  const values = await kv.history();
  const buf = (await collect(values)).map((e) => e.string());
  expect(buf).toEqual(["hello", "bye", ""]);
  expect(values.getProcessed()).toBe(3);
  const pr = await kv.purgeBucket();
  expect(pr).toMatchObject({ success: true, purged: 3 });
  expect(await kv.destroy()).toBe(true);
});

test("entries: bucket, key, revision, delta, created, operation, json and string", async () => {
  const kv = await new Kvm(nc).create(name(), { history: 3 });
  const before = Date.now();
  await kv.put("a", JSON.stringify({ x: 1 }));
  const e = (await kv.get("a"))!;
  expect(e).toMatchObject({ key: "a", rawKey: "a", revision: 1, delta: 0, operation: "PUT", length: 7 });
  expect(e.json()).toEqual({ x: 1 });
  expect(e.created.getTime()).toBeGreaterThanOrEqual(before - 1000);
  await kv.put("a", "2");
  await kv.put("b", "3");
  // A revision of another key is not an entry of this key.
  expect(await kv.get("a", { revision: 3 })).toBeNull();
  expect((await kv.get("a", { revision: 1 }))!.string()).toBe('{"x":1}');
  expect(await kv.get("nope")).toBeNull();
});

test("create fails on an existing key with 'wrong last sequence', and succeeds over a delete or a purge", async () => {
  const kv = await new Kvm(nc).create(name());
  await kv.create("a", Empty);
  const err = await rejection(kv.create("a", "a"));
  expect(err).toBeInstanceOf(JetStreamApiError);
  expect(err.message).toBe("wrong last sequence: 1");
  await kv.delete("a");
  expect(await kv.create("a", "again")).toBe(3);
  await kv.purge("a");
  expect(await kv.create("a", "once more")).toBe(5);
  expect((await kv.get("a"))!.string()).toBe("once more");
});

test("update is compare-and-set on the revision; a version <= 0 throws synchronously, as nats.js's", async () => {
  const kv = await new Kvm(nc).create(name());
  const seq = await kv.create("a", Empty);
  expect((await rejection(kv.update("a", "a", 100))).message).toBe("wrong last sequence: 1");
  expect(await kv.update("a", "b", seq)).toBe(2);
  expect(thrown(() => kv.update("a", "c", 0)).message).toBe("version must be greater than 0");
  // put with previousSeq, as nats.js's "previous sequence" test.
  const k2 = await new Kvm(nc).create(name());
  expect(await k2.put("A", Empty, { previousSeq: 0 })).toBe(1);
  expect(await k2.put("B", Empty, { previousSeq: 0 })).toBe(2);
  expect(await k2.put("A", Empty, { previousSeq: 1 })).toBe(3);
  await expect(k2.put("A", Empty, { previousSeq: 1 })).rejects.toThrow("wrong last sequence: 3");
});

test("delete and purge with previousSeq; purge leaves only its marker", async () => {
  const kv = await new Kvm(nc).create(name(), { history: 10 });
  const seq = await kv.create("a", Empty);
  expect((await rejection(kv.delete("a", { previousSeq: 100 }))).message).toBe("wrong last sequence: 1");
  await kv.delete("a", { previousSeq: seq });
  await kv.put("b", "1");
  await kv.put("b", "2");
  expect((await rejection(kv.purge("b", { previousSeq: 2 }))).message).toBe("wrong last sequence: 4");
  await kv.purge("b", { previousSeq: 4 });
  const e = (await kv.get("b"))!;
  expect(e.operation).toBe("PURGE");
  expect((await collect(await kv.history({ key: "b" }))).map((x) => x.operation)).toEqual(["PURGE"]);
});

test("the markers are nats.js's and nats.go's bytes: KV-Operation, Nats-Rollup, Nats-Expected-Last-Subject-Sequence", async () => {
  const b = name();
  const kv = await new Kvm(nc).create(b);
  await kv.put("a", "1");
  const seen = await spy(`$KV.${b}.>`, async () => {
    await kv.delete("a");
    await kv.purge("a");
    await kv.update("a", "2", 3);
  });
  expect(seen.map((m) => [m.subject, m.headers ? [...m.headers].map(([k, v]) => `${k}: ${v.join(",")}`) : [], m.string()])).toEqual([
    [`$KV.${b}.a`, ["KV-Operation: DEL"], ""],
    [`$KV.${b}.a`, ["KV-Operation: PURGE", "Nats-Rollup: sub"], ""],
    [`$KV.${b}.a`, ["Nats-Expected-Last-Subject-Sequence: 3"], "2"],
  ]);
});

test("wildcard delete deletes every matching key (tombstones for each)", async () => {
  const kv = await new Kvm(nc).create(name(), { history: 10 });
  for (const k of ["a", "a.a", "a.b", "a.b.c"]) await kv.put(k, Empty);
  expect((await collect(await kv.keys())).sort()).toEqual(["a", "a.a", "a.b", "a.b.c"]);
  await kv.delete("a.*");
  expect((await collect(await kv.keys())).sort()).toEqual(["a", "a.b.c"]);
  const dels = (await collect(await kv.history())).filter((e) => e.operation === "DEL").map((e) => e.key);
  expect(dels.sort()).toEqual(["a.a", "a.b"]);
});

test("keys: all, a filter, several filters refused on 2.9 with nats.js's text; deleted and purged keys are left out", async () => {
  const kv = await new Kvm(nc).create(name());
  await Promise.all([kv.put("A", "a"), kv.put("B", "b"), kv.put("C", "c"), kv.put("c.c.c", "3")]);
  await kv.delete("c.c.c");
  await kv.put("x", Empty);
  await kv.purge("x");
  expect((await collect(await kv.keys())).sort()).toEqual(["A", "B", "C"]);
  expect(await collect(await kv.keys("A"))).toEqual(["A"]);
  expect(await collect(await kv.keys("c.>"))).toEqual([]);
  await expect(kv.keys(["A", "C"])).rejects.toThrow("'filter_subjects' requires server 2.10.0");
  const empty = await new Kvm(nc).create(name());
  const it = await empty.keys();
  expect(await collect(it)).toEqual([]);
  expect(it.getReceived()).toBe(0);
});

test("history: all keys or one, delta counts down to 0, headers only", async () => {
  const kv = await new Kvm(nc).create(name(), { history: 5 });
  for (const k of ["a", "a.a", "a.b", "a.b.c"]) await kv.put(k, "xyz");
  const h = await collect(await kv.history());
  expect(h.map((e) => [e.revision, e.delta, e.isUpdate])).toEqual([
    [1, 3, false],
    [2, 2, false],
    [3, 1, false],
    [4, 0, false],
  ]);
  const ho = await collect(await kv.history({ key: "a.b", headers_only: true } as { key: string }));
  expect(ho.map((e) => [e.key, e.value.length, e.length])).toEqual([["a.b", 0, 3]]);
  const ended = await kv.history({ key: "none" });
  expect(await collect(ended)).toEqual([]);
});

test("watch: last values then updates, isUpdate as nats.js counts it, iterator bookkeeping", async () => {
  const kv = await new Kvm(nc).create(name(), { history: 10 });
  await kv.put("a", "1");
  await kv.put("b", "2");
  const iter = await kv.watch();
  const got: string[] = [];
  const done = (async () => {
    for await (const e of iter) {
      got.push(`${e.key}=${e.string()}:${e.operation}:${e.isUpdate}`);
      if (e.key === "x") break;
    }
  })();
  await kv.put("a", "3");
  await kv.delete("b");
  await kv.put("x", Empty);
  await done;
  expect(got).toEqual(["a=1:PUT:false", "b=2:PUT:true", "a=3:PUT:true", "b=:DEL:true", "x=:PUT:true"]);
  expect(iter.getProcessed()).toBe(5);
});

test("watch: key filters, updates only, all history, ignoreDeletes, resumeFromRevision, headers only", async () => {
  const kv = await new Kvm(nc).create(name(), { history: 10 });
  await kv.put("a.b", "1");
  await kv.put("b.b", "2");
  await kv.put("a.b", "2");
  await kv.delete("a.b");
  const take = async (it: AsyncIterable<KvWatchEntry>, count: number, after?: () => Promise<unknown>) => {
    const out: string[] = [];
    const p = (async () => {
      for await (const e of it) {
        out.push(`${e.revision}:${e.key}:${e.operation}:${e.string()}`);
        if (out.length === count) break;
      }
    })();
    await after?.();
    await p;
    return out;
  };
  expect(await take(await kv.watch({ key: "a.>" }), 1)).toEqual(["4:a.b:DEL:"]);
  expect(await take(await kv.watch({ include: KvWatchInclude.AllHistory }), 4)).toEqual(["1:a.b:PUT:1", "2:b.b:PUT:2", "3:a.b:PUT:2", "4:a.b:DEL:"]);
  expect(await take(await kv.watch({ include: KvWatchInclude.AllHistory, ignoreDeletes: true }), 3)).toEqual(["1:a.b:PUT:1", "2:b.b:PUT:2", "3:a.b:PUT:2"]);
  expect(await take(await kv.watch({ include: KvWatchInclude.UpdatesOnly }), 1, () => kv.put("c", "new"))).toEqual(["5:c:PUT:new"]);
  expect(await take(await kv.watch({ resumeFromRevision: 2 }), 2)).toEqual(["2:b.b:PUT:2", "3:a.b:PUT:2"]);
  const ho = await kv.watch({ key: "c", headers_only: true });
  for await (const e of ho) {
    expect([e.value.length, e.length]).toEqual([0, 3]);
    break;
  }
});

test("watch: stop() ends a waiting loop; an empty bucket yields nothing; the consumer goes with the watcher", async () => {
  const b = name();
  const kv = await new Kvm(nc).create(b);
  const iter = await kv.watch();
  const done = collect(iter);
  await new Promise((r) => setTimeout(r, 100));
  expect(iter.getReceived()).toBe(0);
  iter.stop();
  expect(await done).toEqual([]);
  const jsm = await jetstreamManager(nc);
  const left = async () => (await collect(jsm.consumers.list(`KV_${b}`))).length;
  const end = Date.now() + 5000;
  while ((await left()) > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  expect(await left()).toBe(0);
});

test("codecs: Base64KeyCodec keys are stored encoded, read, watched and listed decoded", async () => {
  const b = name();
  const kv = await new Kvm(nc).create(b, { history: 10, codec: { key: Base64KeyCodec(), value: NoopKvCodecs().value } });
  const seen = await spy(`$KV.${b}.>`, () => kv.put("a.b", "1"));
  expect(seen[0]!.subject).toBe(`$KV.${b}.${btoa("a")}.${btoa("b")}`);
  await kv.put("a.c", "2");
  await kv.put("b.b", "3");
  expect((await kv.get("a.b"))!.key).toBe("a.b");
  expect((await collect(await kv.keys())).sort()).toEqual(["a.b", "a.c", "b.b"]);
  const it = await kv.watch({ key: "a.>" });
  const keys: string[] = [];
  for await (const e of it) {
    keys.push(e.key);
    if (keys.length === 2) break;
  }
  expect(keys).toEqual(["a.b", "a.c"]);
});

test("a value codec transforms what is stored", async () => {
  const xor = (d: Uint8Array) => d.map((v) => v ^ 0x55);
  const kv = await new Kvm(nc).create(name(), {
    codec: { key: NoopKvCodecs().key, value: { encode: (v) => xor(typeof v === "string" ? new TextEncoder().encode(v) : v), decode: xor } },
  });
  await kv.put("k", "secret");
  const e = (await kv.get("k"))!;
  expect(e.string()).toBe("secret");
  const raw = await (await jetstreamManager(nc)).streams.getMessage((kv as Bucket).stream, { last_by_subj: `$KV.${(kv as Bucket).bucket}.k` });
  expect(raw!.string()).not.toBe("secret");
});

test("keys are validated before anything is sent, with nats.js's texts", async () => {
  const b = name();
  const kv = await new Kvm(nc).create(b);
  const seen = await spy(">", async () => {
    for (const k of [" x y", "x!", "*", ">", "x.>", ".x", "x.", "a..b"]) {
      expect((await rejection(kv.put(k, "v"))).message).toBe(`invalid key: ${k}`);
      expect((await rejection(kv.get(k))).message).toBe(`invalid key: ${k}`);
    }
    expect((await rejection(kv.delete(".x"))).message).toBe("invalid key: .x");
    expect((await rejection(kv.watch({ key: "a..b" }))).message).toBe("invalid key: a..b");
    expect((await rejection(kv.keys("a.>.b"))).message).toBe("invalid key: a.>.b");
  });
  // Whatever these calls could send names the bucket ($KV.<b>.<key>, $JS.API.*.KV_<b>…); the spy on `>` may
  // also catch a late cleanup of an earlier test (a stopped watcher's consumer delete and its advisory).
  expect(seen.map((m) => m.subject).filter((s) => s.includes(b))).toEqual([]);
  for (const bad of [" B", "!", "x/y", "x.x", "x*", ">"]) {
    expect((await rejection(new Kvm(nc).create(bad))).message).toBe(`invalid bucket name: ${bad}`);
  }
});

test("direct and message gets: allow_direct false uses STREAM.MSG.GET; open() without allow_direct too (as nats.js)", async () => {
  const b = name();
  const kv = (await new Kvm(nc).create(b, { allow_direct: false })) as Bucket;
  expect(kv.direct).toBe(false);
  await kv.put("a", "1");
  let seen = await spy("$JS.API.>", () => kv.get("a"));
  expect(seen.map((m) => m.subject)).toEqual([`$JS.API.STREAM.MSG.GET.KV_${b}`]);
  const d = (await new Kvm(nc).create(name())) as Bucket;
  await d.put("a", "1");
  seen = await spy("$JS.API.>", () => d.get("a"));
  expect(seen.map((m) => m.subject)).toEqual([`$JS.API.DIRECT.GET.KV_${d.bucket}.$KV.${d.bucket}.a`]);
  // A bucket created without direct stays so for a client asking for it.
  const y = (await new Kvm(nc).create(b, { allow_direct: true })) as Bucket;
  expect(y.direct).toBe(false);
  // open() sends nothing and reads with message gets unless allow_direct is given.
  seen = await spy("$JS.API.>", async () => {
    const o = (await new Kvm(jetstream(nc)).open(d.bucket)) as Bucket;
    expect(o.direct).toBe(false);
  });
  expect(seen).toEqual([]);
  const o = (await new Kvm(nc).open(d.bucket, { allow_direct: true })) as Bucket;
  expect((await o.get("a"))!.string()).toBe("1");
});

test("purgeDeletes: markers older than the limit go with their history, younger ones keep the marker; a marker followed by a value is left alone", async () => {
  const kv = (await new Kvm(nc).create(name(), { history: 10 })) as Bucket;
  await kv.put("a", Empty);
  await kv.put("b", Empty);
  await kv.put("c", Empty);
  await kv.put("d", "1");
  await kv.delete("a");
  await kv.delete("c");
  await kv.delete("d");
  await kv.put("d", "2");
  await new Promise((r) => setTimeout(r, 1000));
  await kv.delete("b");
  const pr = await kv.purgeDeletes(700);
  expect(pr).toEqual({ success: true, purged: 5 });
  expect(await kv.get("a")).toBeNull();
  expect(await kv.get("c")).toBeNull();
  expect((await kv.get("b"))!.operation).toBe("DEL");
  expect((await kv.get("d"))!.string()).toBe("2");
});

test("Kvm.list() lists buckets only; remove() purges; close() resolves", async () => {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: `NOTKV_${process.pid}`, subjects: [`notkv.${process.pid}`] });
  const b = name();
  const kv = (await new Kvm(nc).create(b)) as Bucket;
  const all = await collect(new Kvm(nc).list());
  expect(all.map((s) => s.bucket)).toContain(b);
  expect(all.every((s) => s.streamInfo.config.name.startsWith("KV_"))).toBe(true);
  await kv.put("x", "1");
  await kv.remove("x");
  expect((await kv.get("x"))!.operation).toBe("PURGE");
  await expect(kv.close()).resolves.toBeUndefined();
});

test("mem and file storage; republish; sourcing another bucket needs 2.10", async () => {
  const m = await new Kvm(nc).create(name(), { storage: StorageType.Memory });
  expect((await m.status()).storage).toBe(StorageType.Memory);
  const b = name();
  const kv = (await new Kvm(nc).create(b, { republish: { src: ">", dest: `rp.${b}.>` } })) as Bucket;
  const sub = nc.subscribe(`rp.${b}.>`, { max: 1 });
  const got = (async () => {
    for await (const msg of sub) return msg;
  })();
  await kv.put("hello", "world");
  const msg = (await got)!;
  expect(msg.subject).toBe(`rp.${b}.$KV.${b}.hello`);
  expect(msg.string()).toBe("world");
  // Sourcing another bucket maps its subjects (a subject transform): 2.10+, refused here as nats.js refuses it.
  const src = await new Kvm(nc).create(name());
  const err = await rejection(new Kvm(nc).create(name(), { sources: [{ name: (src as Bucket).bucket }] }));
  expect(err.message).toBe("stream sources 'subject_transforms' requires server 2.10.0");
});

test("2.10+ options are refused on 2.9 with nats.js's texts, before the stream is created", async () => {
  const b = name();
  expect((await rejection(new Kvm(nc).create(b, { compression: true }))).message).toBe("stream 'compression' requires server 2.10.0");
  // nats.js sends compression "none" for false, and refuses it as well.
  expect((await rejection(new Kvm(nc).create(b, { compression: false }))).message).toBe("stream 'compression' requires server 2.10.0");
  expect((await rejection(new Kvm(nc).create(b, { metadata: { a: "b" } }))).message).toBe("stream 'metadata' requires server 2.10.0");
  // Ours: nats.js sends these and the 2.9 server ignores them.
  expect((await rejection(new Kvm(nc).create(b, { markerTTL: 1000 }))).message).toBe("kv 'markerTTL' requires server 2.11.0");
  const kv = await new Kvm(nc).create(b);
  expect((await rejection(kv.create("k", "v", "10s"))).message).toBe("create 'markerTTL' requires server 2.11.0");
  expect((await rejection(kv.purge("k", { ttl: "10s" }))).message).toBe("purge 'ttl' requires server 2.11.0");
  await expect(kv.watch({ key: ["a", "b"] })).rejects.toThrow("'filter_subjects' requires server 2.10.0");
});

test("put and update time out with the context's or the given timeout", async () => {
  // Nobody stores $KV.T.>: a responder that never answers makes the publish wait.
  const sub = nc.subscribe("$KV.T.>", { callback: () => {} });
  const kv = await new Kvm(jetstream(nc, { timeout: 500 })).open("T");
  const t0 = Date.now();
  const err = await rejection(kv.put("A", "hello", { timeout: 300 }));
  expect(err.name).toBe("TimeoutError");
  expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  expect((await rejection(kv.update("A", "x", 1, 300))).name).toBe("TimeoutError");
  expect((await rejection(kv.put("A", "a"))).name).toBe("TimeoutError");
  sub.unsubscribe();
});

test("kv is refused by servers older than 2.6.2 (nats.js's text)", async () => {
  const old = new Proxy(nc, {
    get(t, p) {
      if (p === "info") return { ...t.info!, version: "2.6.1" };
      const v = Reflect.get(t, p, t);
      return typeof v === "function" ? v.bind(t) : v;
    },
  });
  expect((await rejection(new Kvm(old).create(name()))).message).toBe("kv is only supported on servers 2.6.2 or better");
});

test("initializedFn (nats.js v2's option): called once the stored entries are handed out, at once for none", async () => {
  const kv = await new Kvm(nc).create(name());
  const events: string[] = [];
  const empty = await kv.watch({ initializedFn: () => events.push("init-empty") });
  expect(events).toEqual(["init-empty"]);
  empty.stop();
  await kv.put("a", "1");
  await kv.put("b", "2");
  const w = await kv.watch({ initializedFn: () => events.push("init") });
  const done = (async () => {
    for await (const e of w) {
      events.push(e.key);
      if (e.key === "c") break;
    }
  })();
  await new Promise((r) => setTimeout(r, 50));
  await kv.put("c", "3");
  await done;
  expect(events).toEqual(["init-empty", "a", "b", "init", "c"]);
});

test("a watch has one reader: a second loop fails with nats.js's text", async () => {
  const kv = await new Kvm(nc).create(name());
  await kv.put("a", "1");
  const w = await kv.watch();
  for await (const e of w) {
    expect(e.key).toBe("a");
    break;
  }
  const second = async () => {
    for await (const _ of w) return;
  };
  await expect(second()).rejects.toThrow("iterator is already yielding");
});
