// What nats.js's own key-value tests (kv/tests/kv_test.ts) assert on the public API, as programs of our own run
// with @nats-io/kv and with ours on one real server: key and bucket validation, crud and status, history limits
// and keys, watches (whole bucket, a key filter, a codec), keys, create/update errors, wildcard deletes, deltas,
// headers only, storage, revisions, iterator counters.
import * as theirKvInternal from "@nats-io/kv/internal";
import { collect } from "../../helpers/js-env";
import { clients, jetStreamServer, outcome, same, unique, type Client } from "./harness";

jest.setTimeout(120_000);

const srv = jetStreamServer();

async function setup(c: Client) {
  const nc = await c.core.connect({ servers: srv.url });
  const js = c.js.jetstream(nc);
  return { nc, js, jsm: await c.js.jetstreamManager(nc), kvm: new c.kv.Kvm(js) };
}

test("kv_test: key and bucket name validation", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    // nats.js has them on @nats-io/kv/internal, ours on the root of ./kv as well
    const { validateKey, validateBucket } = c === clients[0]![1] ? theirKvInternal : c.kv;
    for (const k of [" x y", "x ", "x!", "xx$", "*", ">", "x.>", "x.*", ".", ".x", ".x.", "x.", "foo", "_foo", "-foo", "_kv_foo", "foo123", "123", "a/b/c", "a.b.c", "a=b"]) {
      log.push(`key '${k}': ${await outcome(() => validateKey(k))}`);
    }
    for (const b of [" B", "!", "x/y", "x>", "x.x", "x.*", "x.>", "x*", "*", ">", "B", "b", "123", "1_2_3", "1-2-3"]) {
      log.push(`bucket '${b}': ${await outcome(() => validateBucket(b))}`);
    }
    return log;
  });
});

test("kv_test: crud with and without a key codec; status; history limits; history of several keys; an empty bucket", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, kvm } = await setup(c);
    for (const codec of [undefined, { key: c.kv.Base64KeyCodec(), value: c.kv.NoopKvCodecs().value }]) {
      const name = unique("crud");
      const b = await kvm.create(name, { history: 10, ...(codec ? { codec } : {}) });
      const st = await b.status();
      log.push(`status: values ${st.values} history ${st.history} bucket ${st.bucket === name} ttl ${st.ttl} stream ${st.streamInfo.config.name === `KV_${name}`} storage ${st.storage} backingStore ${(st as unknown as { backingStore: string }).backingStore} replicas ${st.replicas} size ${st.size}`);
      await b.put("k", "hello");
      log.push(`get: ${(await b.get("k"))?.string()}`);
      await b.put("k", "bye");
      log.push(`get: ${(await b.get("k"))?.string()}`);
      await b.delete("k");
      const d = await b.get("k");
      log.push(`after delete: ${d?.operation} '${d?.string()}' revision ${d?.revision}`);
      const h = await b.history();
      const values = (await collect(h)).map((e) => e.string());
      log.push(`history: ${JSON.stringify(values)} processed ${h.getProcessed()}`);
      // purgeBucket and bucket are on the Bucket class, not the KV type, in both
      log.push(`purgeBucket: ${JSON.stringify(await (b as unknown as { purgeBucket(): Promise<unknown> }).purgeBucket())}`);
      log.push(`destroy: ${await b.destroy()}`);
      log.push(`stream gone: ${await outcome(() => jsm.streams.info(`KV_${name}`), () => "there")}`);
    }
    const h2 = await kvm.create(unique("hist"), { history: 2 });
    for (let i = 0; i < 4; i++) await h2.put("A", c.core.Empty);
    log.push(`history 2 keeps ${(await h2.status()).values}`);
    for (const k of ["B", "C", "D"]) await h2.put(k, c.core.Empty);
    log.push(`history of A and D (several keys need 2.10): ${await outcome(async () => (await collect(await h2.history({ key: ["A", "D"] }))).map((e) => e.key))}`);
    const empty = await kvm.create(unique("empty"));
    log.push(`get of nothing: ${await empty.get("x")}`);
    const eh = await empty.history();
    log.push(`history of nothing: received ${eh.getReceived()} ${(await collect(eh)).length}`);
    log.push(`keys of nothing: ${(await collect(await empty.keys())).length}`);
    await h2.destroy();
    await empty.destroy();
    await nc.close();
    return log;
  });
});

test("kv_test: bucket watch, key watch (also with a key codec), keys, complex keys", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, kvm } = await setup(c);
    const b = await kvm.create(unique("watch"), { history: 10 });
    const m = new Map<string, string>();
    const iter = await b.watch();
    const done = (async () => {
      for await (const r of iter) {
        if (r.operation === "DEL") m.delete(r.key);
        else m.set(r.key, r.string());
        if (r.key === "x") break;
      }
    })();
    for (const [k, v] of [["a", "1"], ["b", "2"], ["c", "3"], ["a", "2"], ["b", "3"]]) await b.put(k!, v!);
    await b.delete("c");
    await b.put("x", c.core.Empty);
    await done;
    log.push(`bucket watch: processed ${iter.getProcessed()} ${JSON.stringify([...m.entries()].sort())}`);
    for (const codec of [undefined, { key: c.kv.Base64KeyCodec(), value: c.kv.NoopKvCodecs().value }]) {
      const kb = await kvm.create(unique("kw"), { history: 10, ...(codec ? { codec } : {}) });
      const km = new Map<string, string>();
      const ki = await kb.watch({ key: "a.>" });
      const kd = (async () => {
        for await (const r of ki) {
          if (r.operation === "DEL") km.delete(r.key);
          else km.set(r.key, r.string());
          if (r.key === "a.x") break;
        }
      })();
      for (const [k, v] of [["a.b", "1"], ["b.b", "2"], ["c.b", "3"], ["a.b", "2"], ["b.b", "3"]]) await kb.put(k!, v!);
      await kb.delete("c.b");
      await kb.put("a.x", c.core.Empty);
      await kd;
      log.push(`key watch${codec ? " (codec)" : ""}: processed ${ki.getProcessed()} ${JSON.stringify([...km.entries()].sort())}`);
      for (const [k, v] of [["a", "1"], ["b", "2"], ["c.c.c", "3"], ["a", "2"], ["b", "3"]]) await kb.put(k!, v!);
      await kb.delete("c.c.c");
      await kb.put("x", c.core.Empty);
      log.push(`keys${codec ? " (codec)" : ""}: ${(await collect(await kb.keys())).sort().join(",")}`);
      await kb.destroy();
    }
    await b.put("x.y.z", "hello");
    log.push(`complex key get: ${(await b.get("x.y.z"))?.string()}`);
    for await (const e of await b.watch({ key: "x.y.>" })) {
      log.push(`complex key watch: ${e.key} ${e.string()}`);
      break;
    }
    for await (const e of await b.history({ key: "x.y.>" })) {
      log.push(`complex key history: ${e.key} ${e.string()}`);
      break;
    }
    await b.destroy();
    await nc.close();
    return log;
  });
});

test("kv_test: purge, wildcard deletes, create and update errors, deltas, headers only, storage, revisions", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, kvm } = await setup(c);
    const Empty = c.core.Empty;
    const b = await kvm.create(unique("ops"), { history: 10 });
    await b.put("a.b", "ab");
    await b.purge("a.b");
    const pv = await b.get("a.b");
    log.push(`purged: ${pv?.operation} values ${(await b.status()).values}`);
    for (const k of ["a", "a.a", "a.b", "a.b.c"]) await b.put(k, Empty);
    log.push(`keys: ${(await collect(await b.keys())).sort().join(",")}`);
    log.push(`delete a.*: ${await outcome(() => b.delete("a.*"))}`);
    log.push(`keys after: ${(await collect(await b.keys())).sort().join(",")}`);
    let deleted = 0;
    for await (const e of await b.watch()) {
      if (e.operation === "DEL") deleted++;
      if (e.delta === 0) break;
    }
    log.push(`tombstones: ${deleted}`);
    log.push(`create a new key: ${await outcome(() => b.create("n", Empty))}`);
    log.push(`create it again: ${await outcome(() => b.create("n", "a"))}`);
    const seq = await b.create("u", Empty);
    log.push(`update with a wrong version: ${await outcome(() => b.update("u", "a", 100))}`);
    log.push(`update with the version: ${await outcome(() => b.update("u", "b", seq))}`);
    log.push(`update with version 0: ${await outcome(() => b.update("u", "b", 0))}`);
    log.push(`delete with a wrong previousSeq: ${await outcome(() => b.delete("u", { previousSeq: 1 }))}`);
    log.push(`purge with a wrong previousSeq: ${await outcome(() => b.purge("u", { previousSeq: 1 }))}`);
    log.push(`put with a wrong previousSeq: ${await outcome(() => b.put("u", "c", { previousSeq: 1 }))}`);

    const dl = await kvm.create(unique("delta"));
    for (const k of ["a", "a.a", "a.b", "a.b.c"]) await dl.put(k, Empty);
    const deltas: string[] = [];
    for await (const e of await dl.history()) {
      deltas.push(`${e.revision}/${e.delta}`);
      if (e.delta === 0) break;
    }
    log.push(`deltas: ${deltas.join(",")}`);
    await dl.put("key1", "aaa");
    for (const how of ["watch", "history"] as const) {
      for await (const e of await dl[how]({ key: "key1", headers_only: true })) {
        log.push(`${how} headers only: ${e.key} value ${e.value.length} length ${e.length}`);
        break;
      }
    }
    const mem = await kvm.create(unique("mem"), { storage: c.js.StorageType.Memory });
    const file = await kvm.create(unique("file"), { storage: c.js.StorageType.File });
    log.push(`storage: default ${(await dl.status()).storage} file ${(await file.status()).storage} mem ${(await mem.status()).storage}`);
    const ttl = await kvm.create(unique("ttl"), { ttl: 1000 });
    log.push(`ttl: max_age ${(await ttl.status()).streamInfo.config.max_age} ttl ${(await ttl.status()).ttl}`);
    log.push(`discard: ${(await ttl.status()).streamInfo.config.discard}`);
    const rv = await kvm.create(unique("rev"), { history: 3 });
    for (const v of ["a", "b", "c"]) await rv.put("A", v);
    const get = async (k: string, revision?: number) => (await rv.get(k, revision === undefined ? undefined : { revision }))?.string() ?? null;
    log.push(`revisions: B@1 ${await get("B", 1)} A ${await get("A")} A@1 ${await get("A", 1)} A@2 ${await get("A", 2)}`);
    await rv.put("A", "d");
    log.push(`after a fourth: A ${await get("A")} A@1 ${await get("A", 1)}`);
    const w = await mem.watch();
    const wl = (async () => {
      for await (const _ of w) {
        // nothing comes
      }
    })();
    await new Promise((r) => setTimeout(r, 250));
    log.push(`empty watch received ${w.getReceived()}`);
    w.stop();
    await wl;
    log.push(`stopped`);
    for (const x of [b, dl, mem, file, ttl, rv]) await x.destroy();
    void jsm;
    await nc.close();
    return log;
  });
});

test("kv_test: purgeDeletes of older markers, allow_direct choices, direct entries, previousSeq, payloads, size", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, kvm } = await setup(c);
    const Empty = c.core.Empty;
    const pd = await kvm.create(unique("pd"));
    for (const k of ["a", "b", "c"]) await pd.put(k, Empty);
    await pd.delete("a");
    await pd.delete("c");
    await new Promise((r) => setTimeout(r, 1000));
    await pd.delete("b");
    const pr = await (pd as unknown as { purgeDeletes(ms: number): Promise<{ purged: number }> }).purgeDeletes(700);
    log.push(`purgeDeletes(700): purged ${pr.purged} a ${await pd.get("a")} c ${await pd.get("c")} b ${(await pd.get("b"))?.operation}`);
    const direct = async (name: string, opts: Record<string, unknown>) => {
      const kv = await kvm.create(name, opts);
      return `direct ${(kv as unknown as { direct: boolean }).direct} allow_direct ${(await jsm.streams.info(`KV_${name}`)).config.allow_direct}`;
    };
    log.push(`default: ${await direct(unique("d1"), { history: 1 })}`);
    log.push(`opted out: ${await direct(unique("d2"), { history: 1, allow_direct: false })}`);
    log.push(`opted in: ${await direct(unique("d3"), { history: 1, allow_direct: true })}`);
    const x = unique("X");
    log.push(`X: ${await direct(x, {})}, a client opting out: ${await direct(x, { allow_direct: false })}`);
    const y = unique("Y");
    log.push(`Y made without: ${await direct(y, { allow_direct: false })}, a client wanting it: ${await direct(y, { allow_direct: true })}`);
    const dm = unique("dm");
    const kv = await kvm.create(dm, { allow_direct: true, history: 3 });
    log.push(`get of nothing: ${await kv.get("a")}`);
    await kv.put("a", "hello");
    const m = await kv.get("a");
    log.push(`entry: ${m?.key} delta ${m?.delta} revision ${m?.revision} ${m?.operation} bucket ${m?.bucket === dm} created ${m?.created instanceof Date} length ${m?.length}`);
    await kv.delete("a");
    const d = await kv.get("a");
    log.push(`deleted entry: ${d?.key} delta ${d?.delta} revision ${d?.revision} ${d?.operation} length ${d?.length}`);
    await kv.put("c", "hi");
    await kv.put("c", "hello");
    log.push(`c@3: ${(await kv.get("c", { revision: 3 }))?.revision} c@1 (a's): ${await kv.get("c", { revision: 1 })}`);
    const nd = await kvm.create(unique("nd"), { allow_direct: false });
    log.push(`non-direct get of nothing: ${await nd.get("hello")}`);
    const ps = await kvm.create(unique("ps"));
    const puts: string[] = [];
    for (const [k, prev] of [["A", 0], ["B", 0], ["A", 1], ["A", 3], ["A", 1], ["B", 2]] as const) puts.push(await outcome(() => ps.put(k, Empty, { previousSeq: prev })));
    log.push(`previousSeq: ${puts.join(" | ")}`);
    await ps.put("s", "hello");
    await ps.put("j", JSON.stringify(["hello", 5]));
    log.push(`payloads: ${(await ps.get("s"))?.string()} ${JSON.stringify((await ps.get("j"))?.json())}`);
    log.push(`create after delete and purge: ${await outcome(() => ps.create("s", Empty))} ${await ps.delete("s")} ${await outcome(() => ps.create("s", Empty))} ${await ps.purge("s")} ${await outcome(() => ps.create("s", Empty))}`);
    const sz = await kvm.create(unique("sz"), { ttl: 1000 });
    let st = await sz.status();
    log.push(`size ${st.size} = bytes ${st.size === st.streamInfo.state.bytes} ttl ${st.ttl}`);
    await sz.put("a", "hello");
    st = await sz.status();
    log.push(`size > 0 ${st.size > 0} = bytes ${st.size === st.streamInfo.state.bytes}`);
    await nc.close();
    return log;
  });
});

test("kv_test: watch updates only, several keys, all history with and without deletes, republish", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, kvm } = await setup(c);
    const { KvWatchInclude } = c.kv;
    const wu = unique("wu");
    const kv = await kvm.create(wu, { history: 10 });
    await kv.put("a", "a");
    await kv.put("b", "b");
    const uo = await kv.watch({ include: KvWatchInclude.UpdatesOnly });
    const got: string[] = [];
    const uod = (async () => {
      for await (const e of uo) {
        got.push(`${e.key} ${e.isUpdate}`);
        if (e.isUpdate) break;
      }
    })();
    await nc.flush();
    await kv.put("c", "c");
    await uod;
    log.push(`updates only: ${got.join(",")}`);
    log.push(`several keys: ${await outcome(() => kv.watch({ key: ["a", "c"] }), () => "a watch")}`);
    const hk = await kvm.create(unique("wh"), { history: 10 });
    for (const v of ["a", "aa", "aaa"]) await hk.put("a", v);
    await hk.delete("a");
    for (const ignoreDeletes of [false, true]) {
      const it = await hk.watch({ include: KvWatchInclude.AllHistory, ignoreDeletes });
      const seenEntries: string[] = [];
      const done = (async () => {
        for await (const e of it) {
          seenEntries.push(e.operation === "DEL" ? `${e.key}=del` : `${e.key}=${e.string()}`);
          if (e.key === "z") break;
        }
      })();
      await hk.put(`c${ignoreDeletes ? 2 : 1}`, "c");
      await hk.delete(`c${ignoreDeletes ? 2 : 1}`);
      await hk.put("z", "z");
      await done;
      log.push(`all history${ignoreDeletes ? ", no deletes" : ""}: ${seenEntries.join(",")}`);
    }
    const rpName = unique("rp");
    const rp = await kvm.create(rpName, { republish: { src: ">", dest: `${wu}-republished.>` } });
    const republished = new Promise<string>((resolve) =>
      nc.subscribe(`${wu}-republished.>`, {
        max: 1,
        callback: (_e, m) => resolve(`${m.subject === `${wu}-republished.$KV.${rpName}.hello`} ${m.string()} ${m.headers?.get(c.js.DirectMsgHeaders.Stream) === `KV_${rpName}`}`),
      }),
    );
    await nc.flush();
    await rp.put("hello", "world");
    log.push(`republished: ${await republished}`);
    // a stream republishing into a bucket's subjects: the bucket reads those entries, direct or not
    const n = unique("rh");
    await jsm.streams.add({ name: n, subjects: [`${n}.>`], storage: c.js.StorageType.Memory, republish: { src: ">", dest: `$KV.${n}.>` } });
    const rk = await kvm.create(n);
    nc.publish(`${n}.orange`, "hey");
    await js.publish(`${n}.tomato`, "hello");
    await rk.put(`${n}.potato`, "yo");
    for (const allow_direct of [false, true]) {
      const B = await kvm.create(n, { allow_direct });
      const vals: string[] = [];
      for (const k of ["orange", "tomato", "potato"]) vals.push(`${(await B.get(`${n}.${k}`))?.string()}`);
      log.push(`republished into a bucket, direct ${allow_direct}: ${vals.join(",")}`);
    }
    await nc.close();
    return log;
  });
});
