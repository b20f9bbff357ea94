// What nats.js's own object store tests (obj/tests/objectstore_test.ts) assert on the public API, as programs of
// our own run with @nats-io/obj and with ours on one real server: status, put infos, seal, get of nothing or of
// a deleted object, chunking, delete markers, names, metadata updates, empty objects, list, watches.
import { jetStreamServer, same, seen, unique, type Client } from "./harness";

jest.setTimeout(120_000);

const srv = jetStreamServer();

function streamOf(data: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(data);
      controller.close();
    },
  });
}

async function read(rs: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const reader = rs.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Bytes that are the same for both clients' runs (so digests compare). */
function data(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
}

const text = (s: string) => new TextEncoder().encode(s);

async function tried(fn: () => unknown, show: (v: unknown) => unknown = (v) => v): Promise<string> {
  try {
    return `resolved ${JSON.stringify(show(await fn()))}`;
  } catch (e) {
    return `rejected ${seen(e)}`;
  }
}

async function setup(c: Client) {
  const nc = await c.core.connect({ servers: srv.url });
  return { nc, jsm: await c.js.jetstreamManager(nc), objm: new c.obj.Objm(nc) };
}

test("objectstore_test: basics, default status, seal, get of nothing, destroy", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, objm } = await setup(c);
    const name = unique("OBJS");
    const os = await objm.create(name, { description: "testing" });
    const st = await os.status();
    log.push(`status: ${st.description} ttl ${st.ttl} replicas ${st.replicas} stream ${st.streamInfo.config.name === `OBJ_${name}`} backingStore ${st.backingStore} bucket ${st.bucket === name} sealed ${st.sealed} storage ${st.storage} size ${st.size}`);
    const blob = data(65536);
    const oi = await os.put({ name: "BLOB", description: "myblob" }, streamOf(blob));
    log.push(`put: bucket ${oi.bucket === name} nuid ${oi.nuid.length} ${oi.name} ${oi.digest} ${oi.description} deleted ${oi.deleted} mtime ${typeof oi.mtime} size ${oi.size} chunks ${oi.chunks} revision ${oi.revision}`);
    const sealed = await os.seal();
    log.push(`seal: sealed ${sealed.sealed} size > blob ${sealed.size > blob.length} storage ${sealed.storage} ${sealed.description}`);
    log.push(`put on sealed: ${await tried(() => os.put({ name: "X" }, streamOf(text("x"))), () => "put")}`);
    log.push(`get foo: ${await os.get("foo")}`);
    const r = await os.get("BLOB");
    const back = await read(r!.data);
    // packages/jetstream/README.md ("Differences from @nats-io/obj"): ours resolves `error` to null on success
    // (nats.js's declared type; nats.js resolves undefined after a non-empty read, null after an empty one)
    log.push(`get BLOB: ${back.length} same ${back.every((b, i) => b === blob[i])} error ${(await r!.error) ?? "none"}`);
    log.push(`destroy: ${await os.destroy()}`);
    log.push(`stream after destroy: ${await tried(() => jsm.streams.info(`OBJ_${name}`), () => "there")}`);
    await nc.close();
    return log;
  });
});

test("objectstore_test: chunks (1 byte, the max payload), delete markers, get of a deleted object, tombstones", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, objm } = await setup(c);
    const os = await objm.create(unique("chunks"), { storage: c.js.StorageType.Memory });
    const a = data(128);
    const ai = await os.put({ name: "a.js", options: { max_chunk_size: 1 } }, streamOf(a));
    const b = text("hello world from object store");
    const bi = await os.put({ name: "b.js", options: { max_chunk_size: nc.info!.max_payload } }, streamOf(b));
    log.push(`a: chunks ${ai.chunks} ${ai.digest}; b: chunks ${bi.chunks} ${bi.digest}`);
    log.push(`read a: ${(await read((await os.get("a.js"))!.data)).length} b: ${new TextDecoder().decode(await read((await os.get("b.js"))!.data))}`);
    const big = data(nc.info!.max_payload! * 3);
    const gi = await os.put({ name: "big", options: { max_chunk_size: nc.info!.max_payload } }, streamOf(big));
    const gr = await os.get("big");
    log.push(`big: chunks ${gi.chunks} digest ${gr!.info.digest === gi.digest} read ${(await read(gr!.data)).length}`);
    await os.put({ name: "d", options: { max_chunk_size: 10 } }, streamOf(data(128)));
    log.push(`delete d: ${JSON.stringify(await os.delete("d"))}`);
    const di = await os.info("d");
    log.push(`info of deleted: deleted ${di?.deleted} size ${di?.size} chunks ${di?.chunks} digest '${di?.digest}'`);
    log.push(`get of deleted: ${await os.get("d")}`);
    log.push(`delete of nothing: ${await tried(() => os.delete("nothing"))}`);
    const before = (await os.status({ subjects_filter: ">" })).streamInfo.state.messages;
    await os.put({ name: "t" }, streamOf(text("b!")));
    await os.delete("t");
    log.push(`tombstone: ${(await os.status({ subjects_filter: ">" })).streamInfo.state.messages - before}`);
    await os.destroy();
    await nc.close();
    return log;
  });
});

test("objectstore_test: object names, metadata updates, empty objects, list", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, objm } = await setup(c);
    const os = await objm.create(unique("names"), { storage: c.js.StorageType.Memory });
    for (const n of ["blob.txt", "foo bar", " ", "*", ">", ""]) {
      log.push(`put '${n}': ${await tried(() => os.put({ name: n }, streamOf(text("A"))), (v) => (v as { name: string }).name)}`);
    }
    log.push(`get '*': ${new TextDecoder().decode(await read((await os.get("*"))!.data))}`);
    await os.put({ name: "a" }, streamOf(text("A")));
    log.push(`rename a to b: ${await tried(() => os.update("a", { name: "b" }), (v) => (v as { name: string }).name)}`);
    log.push(`info a ${await os.info("a")} b ${(await os.info("b"))?.name}`);
    const h = c.core.headers();
    h.set("color", "red");
    await os.update("b", { headers: h } as never);
    log.push(`headers: ${(await os.info("b"))?.headers?.get("color")}`);
    log.push(`rename onto an existing name: ${await tried(() => os.update("b", { name: "*" }))}`);
    log.push(`update of nothing: ${await tried(() => os.update("nothing", { name: "z" }))}`);
    const empty = await objm.create(unique("empty"));
    log.push(`list of nothing: ${(await empty.list()).length}`);
    const ei = await empty.put({ name: "empty" }, streamOf(new Uint8Array(0)));
    log.push(`empty: nuid ${ei.nuid.length} ${ei.name} ${ei.digest} chunks ${ei.chunks} size ${ei.size}`);
    const er = await empty.get("empty");
    log.push(`empty read: error ${await er!.error} length ${(await read(er!.data)).length}`);
    const listed = await empty.list();
    log.push(`list: ${listed.length} ${listed[0]?.name}`);
    await os.destroy();
    await empty.destroy();
    await nc.close();
    return log;
  });
});

test("objectstore_test: watch isUpdate, initially empty with history (and its null), skipping history", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, objm } = await setup(c);
    const os = await objm.create(unique("w1"));
    await os.put({ name: "a" }, streamOf(new Uint8Array(0)));
    const w = await os.watch();
    await os.put({ name: "b" }, streamOf(new Uint8Array(0)));
    const updates: string[] = [];
    for await (const e of w) {
      updates.push(`${e?.name} ${e?.isUpdate}`);
      if (e?.name === "b") break;
    }
    log.push(`isUpdate: ${updates.join(",")}`);

    const os2 = await objm.create(unique("w2"));
    const seen2: string[] = [];
    const it = await os2.watch({ includeHistory: true });
    const done = (async () => {
      for await (const info of it) {
        seen2.push(info === null ? "null" : `${info.name}/${info.size}`);
        if (seen2.filter((s) => s !== "null").length === 3) break;
      }
    })();
    log.push(`list: ${(await os2.list()).length}`);
    await os2.put({ name: "a" }, streamOf(text("a")));
    await os2.put({ name: "a" }, streamOf(text("aa")));
    await os2.put({ name: "b" }, streamOf(text("b")));
    await done;
    log.push(`initially empty with history: ${seen2.join(",")}`);

    const os3 = await objm.create(unique("w3"));
    await os3.put({ name: "a" }, streamOf(text("a")));
    await os3.put({ name: "a" }, streamOf(text("aa")));
    const seen3: string[] = [];
    const it3 = await os3.watch({ includeHistory: false });
    const done3 = (async () => {
      for await (const info of it3) {
        seen3.push(info === null ? "null" : `${info.name}/${info.size}`);
        if (info !== null) break;
      }
    })();
    await os3.put({ name: "c" }, streamOf(text("c")));
    await done3;
    log.push(`skip history: ${seen3.join(",")}`);
    for (const x of [os, os2, os3]) await x.destroy();
    await nc.close();
    return log;
  });
});
