// The object store against nats-server 2.9.10: nats.js's own test scenarios (basics, chunking, max chunk =
// max payload, partial chunks, empty objects, delete markers, names, metadata updates, links, watch, list,
// seal, previous revisions, purge of old chunks) and the errors, with nats.js's texts.
import { createHash } from "node:crypto";
import { headers, nanos, type NatsConnection, type Msg } from "@nats-stack/core";
import { jetstreamManager, StorageType } from "../../../src";
import { Base64UrlPaddedCodec, Objm, type ObjectInfo, type ObjectStoreMeta, type ObjectWatchInfo } from "@nats-stack/jetstream/obj";
import { startServer } from "@nats-stack/fixtures/nats-server";
import { connect } from "@nats-stack/core";
import { JsEnv, rejection } from "../../helpers/js-env";
import { pattern, readAll, readableOf, sameBytes } from "../../helpers/streams";

const env = new JsEnv();
let nc: NatsConnection;
let n = 0;
const name = () => `os_${process.pid}_${++n}`;
beforeAll(async () => {
  await env.start();
  nc = await env.connect();
});
afterAll(() => env.stop());

const digest = (d: Uint8Array) => `SHA-256=${createHash("sha256").update(d).digest("base64url")}=`;
const te = new TextEncoder();
// Go's base64.URLEncoding: URL-safe alphabet, padded.
const goB64 = (s: string) => Buffer.from(s).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");

test("basics: put, info, status, seal, get, destroy (nats.js's test)", async () => {
  const b = name();
  const os = await new Objm(nc).create(b, { description: "testing" });
  const st = await os.status();
  expect(st).toMatchObject({ bucket: b, description: "testing", ttl: 0, replicas: 1, storage: StorageType.File, sealed: false, backingStore: "JetStream", compression: false });
  expect(st.streamInfo.config).toMatchObject({ name: `OBJ_${b}`, subjects: [`$O.${b}.C.>`, `$O.${b}.M.>`], allow_direct: true, allow_rollup_hdrs: true, discard: "new", max_age: 0 });
  const blob = pattern(65536);
  const oi = await os.put({ name: "BLOB", description: "myblob" }, readableOf(blob));
  expect(oi).toMatchObject({ bucket: b, name: "BLOB", description: "myblob", deleted: false, size: 65536, chunks: 1, digest: digest(blob) });
  expect(oi.nuid).toHaveLength(22);
  expect(typeof oi.mtime).toBe("string");
  expect(oi.options?.max_chunk_size).toBe(128 * 1024);
  const sealed = await os.seal();
  expect(sealed.sealed).toBe(true);
  expect(sealed.size).toBeGreaterThan(blob.length);
  expect(await os.get("foo")).toBeNull();
  const r = (await os.get("BLOB"))!;
  expect(sameBytes(await readAll(r.data), blob)).toBe(true);
  expect(await r.error).toBeNull();
  await expect(os.put({ name: "x" }, readableOf(blob))).rejects.toThrow();
  expect(await os.destroy()).toBe(true);
  await expect((await jetstreamManager(nc)).streams.info(`OBJ_${b}`)).rejects.toThrow("stream not found");
});

test("chunks: max_chunk_size, partial last chunk, chunks as the stream's pieces on read (nats.js's partials)", async () => {
  const os = await new Objm(nc).create(name(), { storage: StorageType.Memory });
  const data = te.encode("aaaaaaa");
  const info = await os.put({ name: "test", options: { max_chunk_size: 2 } }, readableOf(data, 3));
  expect(info.chunks).toBe(4);
  expect(info.digest).toBe(digest(data));
  const reader = (await os.get("test"))!.data.getReader();
  const sizes: number[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    sizes.push(value.length);
  }
  expect(sizes).toEqual([2, 2, 2, 1]);
  const big = pattern(1024 * 1024 * 3);
  const bi = await os.put({ name: "big", options: { max_chunk_size: 1024 * 1024 } }, readableOf(big, 100_000));
  expect([bi.chunks, bi.size]).toEqual([3, big.length]);
  expect(sameBytes(await os.getBlob("big"), big)).toBe(true);
  const one = await os.put({ name: "ones", options: { max_chunk_size: 1 } }, readableOf(pattern(128), 128));
  expect(one.chunks).toBe(128);
  expect(sameBytes(await os.getBlob("ones"), pattern(128))).toBe(true);
});

test("the chunk size is at most the server's max payload; the default is 128 KiB", async () => {
  const srv = await startServer({ jetstream: true, config: "max_payload: 8192\n" });
  const small = await connect({ servers: srv.url });
  try {
    const os = await new Objm(small).create("t");
    const info = await os.put({ name: "t" }, readableOf(pattern(32 * 1024)));
    expect([info.size, info.chunks, info.options?.max_chunk_size]).toEqual([32 * 1024, 4, 8 * 1024]);
  } finally {
    await small.close();
    await srv.stop();
  }
  const os = await new Objm(nc).create(name());
  const info = await os.putBlob({ name: "t" }, pattern(129 * 1024));
  expect([info.chunks, info.options?.max_chunk_size]).toEqual([2, 128 * 1024]);
});

test("empty objects: no chunk, the digest of nothing, an empty read", async () => {
  const os = await new Objm(nc).create(name());
  const oi = await os.put({ name: "empty" }, readableOf(new Uint8Array(0)));
  expect([oi.chunks, oi.size, oi.digest]).toEqual([0, 0, digest(new Uint8Array(0))]);
  const r = (await os.get("empty"))!;
  expect(await r.error).toBeNull();
  expect((await readAll(r.data)).length).toBe(0);
  expect((await os.getBlob("empty"))!.length).toBe(0);
  const nb = await os.putBlob({ name: "null" }, null);
  expect(nb.size).toBe(0);
});

test("delete: chunks purged, a deleted info stays, get says null; deleting nothing", async () => {
  const os = await new Objm(nc).create(name(), { storage: StorageType.Memory });
  await os.put({ name: "a", options: { max_chunk_size: 10 } }, readableOf(pattern(128)));
  const p = await os.delete("a");
  expect(p.purged).toBe(13);
  const info = (await os.info("a"))!;
  expect([info.deleted, info.size, info.chunks, info.digest]).toEqual([true, 0, 0, ""]);
  expect(await os.get("a")).toBeNull();
  expect(await os.getBlob("a")).toBeNull();
  expect(await os.delete("foo")).toEqual({ purged: 0, success: false });
});

test("names: any text, base64url (padded) in the subject; an empty name is refused", async () => {
  const b = name();
  const os = await new Objm(nc).create(b, { storage: StorageType.Memory });
  for (const nm of ["blob.txt", "foo bar", " ", "*", ">", "has.dots.here", "日本語/ファイル", "café"]) await os.put({ name: nm }, readableOf(te.encode(nm)));
  const st = await os.status({ subjects_filter: ">" });
  const subjects = st.streamInfo.state.subjects ?? {};
  expect(subjects[`$O.${b}.M.${goB64("has.dots.here")}`]).toBe(1);
  expect(subjects[`$O.${b}.M.${Base64UrlPaddedCodec.encode("foo bar")}`]).toBe(1);
  // UTF-8 bytes, as nats.go encodes them.
  expect(subjects[`$O.${b}.M.${goB64("日本語/ファイル")}`]).toBe(1);
  expect(new TextDecoder().decode((await os.getBlob("日本語/ファイル"))!)).toBe("日本語/ファイル");
  expect((await rejection(os.put({ name: "" }, readableOf(te.encode("A"))))).message).toBe("name cannot be empty");
  expect((await rejection(os.info(""))).message).toBe("name cannot be empty");
});

test("update: rename, headers, description; the errors of nats.js's meta update", async () => {
  const os = await new Objm(nc).create(name(), { storage: StorageType.Memory });
  await os.put({ name: "a" }, readableOf(te.encode("A")));
  await os.update("a", { name: "b" } as ObjectStoreMeta);
  expect((await os.info("b"))!.name).toBe("b");
  expect(await os.info("a")).toBeNull();
  const h = headers();
  h.set("color", "red");
  await os.update("b", { headers: h, description: "now red" } as ObjectStoreMeta);
  const info = (await os.info("b"))!;
  expect(info.headers?.get("color")).toBe("red");
  expect(info.description).toBe("now red");
  expect(new TextDecoder().decode((await os.getBlob("b"))!)).toBe("A");
  expect((await rejection(os.update("A", { name: "B" }))).message).toBe("object not found");
  await os.put({ name: "D" }, readableOf(pattern(1)));
  await os.delete("D");
  expect((await rejection(os.update("D", { name: "DD" }))).message).toBe("cannot update meta for a deleted object");
  await os.put({ name: "E" }, readableOf(pattern(1)));
  expect((await rejection(os.update("E", { name: "b" }))).message).toBe("an object already exists with that name");
});

test("links: to an object in the same store and in another, to a store; links of links and deleted sources refused", async () => {
  const objm = new Objm(nc);
  const b = name();
  const os = await objm.create(b);
  const src = await os.put({ name: "a" }, readableOf(te.encode("a")));
  const oi = await os.link("ref", src);
  expect(oi.options?.link).toEqual({ bucket: b, name: "a" });
  expect((await os.list()).map((x) => x.name)).toEqual(["a", "ref"]);
  expect(new TextDecoder().decode((await os.getBlob("ref"))!)).toBe("a");
  expect(new TextDecoder().decode(await readAll((await os.get("ref"))!.data))).toBe("a");
  expect((await rejection(os.link("ref2", oi))).message).toBe("src object is a link");
  expect((await rejection(os.link("ref", src))).message).toBe("an object already exists with that name");
  const other = await objm.create(name());
  const io = await other.link("ref", src);
  expect(io.options?.link).toEqual({ bucket: b, name: "a" });
  expect(new TextDecoder().decode((await other.getBlob("ref"))!)).toBe("a");
  const si = await other.linkStore("src", os);
  expect(si.options?.link?.bucket).toBe(b);
  expect((await rejection(other.get("src"))).message).toBe("link is a bucket");
  await os.delete("a");
  const deleted = (await os.info("a"))!;
  expect((await rejection(os.link("x", deleted))).message).toBe("src object is deleted");
  expect((await rejection(os.put({ name: "ref", options: { link: { bucket: b, name: "a" } } }, readableOf(te.encode("a"))))).message).toBe(
    "link cannot be set when putting the object in bucket",
  );
  expect((await rejection(os.linkStore("x", {} as never))).message).toBe("bucket required");
});

test("watch: history or not, isUpdate, ignoreDeletes; list()", async () => {
  const os = await new Objm(nc).create(name());
  expect(await os.list()).toEqual([]);
  await os.put({ name: "a" }, readableOf(te.encode("a")));
  await os.put({ name: "a" }, readableOf(te.encode("aa")));
  const take = async (it: AsyncIterable<ObjectWatchInfo>, count: number, after: () => Promise<unknown>) => {
    const out: string[] = [];
    const p = (async () => {
      for await (const e of it) {
        out.push(`${e.name}:${e.size}:${e.isUpdate}:${e.deleted}`);
        if (out.length === count) break;
      }
    })();
    await after();
    await p;
    return out;
  };
  expect(await take(await os.watch({ includeHistory: true }), 2, () => os.put({ name: "c" }, readableOf(te.encode("c"))))).toEqual(["a:2:true:false", "c:1:true:false"]);
  expect(await take(await os.watch(), 1, () => os.put({ name: "d" }, readableOf(te.encode("d"))))).toEqual(["d:1:true:false"]);
  expect(await take(await os.watch({ ignoreDeletes: true }), 1, async () => {
    await os.delete("d");
    await os.put({ name: "e" }, readableOf(te.encode("e")));
  })).toEqual(["e:1:true:false"]);
  expect((await os.list()).map((x: ObjectInfo) => x.name)).toEqual(["a", "c", "e"]);
});

test("put replaces: the old chunks are purged; previousRevision guards the info (nats.js's sequences)", async () => {
  const os = await new Objm(nc).create(name());
  const t = async (first: number, last: number) => {
    const si = (await os.status()).streamInfo;
    expect([si.state.first_seq, si.state.last_seq]).toEqual([first, last]);
  };
  let oi = await os.put({ name: "BLOB", options: { max_chunk_size: 1 } }, readableOf(pattern(9)));
  expect(oi.revision).toBe(10);
  await t(1, 10);
  oi = await os.put({ name: "BLOB", options: { max_chunk_size: 1 } }, readableOf(pattern(9, 3)));
  expect(oi.revision).toBe(20);
  await t(11, 20);
  const o2 = await new Objm(nc).create(name());
  expect((await o2.put({ name: "A", options: { max_chunk_size: 1 } }, readableOf(pattern(9)), { previousRevision: 0 })).revision).toBe(10);
  expect((await o2.put({ name: "B", options: { max_chunk_size: 1 } }, readableOf(pattern(3)), { previousRevision: 0 })).revision).toBe(14);
  expect((await o2.put({ name: "A", options: { max_chunk_size: 1 } }, readableOf(pattern(3)), { previousRevision: 10 })).revision).toBe(18);
  const err = await rejection(o2.put({ name: "A", options: { max_chunk_size: 1 } }, readableOf(pattern(3)), { previousRevision: 10 }));
  expect(err.message).toBe("wrong last sequence: 18");
  // The chunks of the refused put do not stay behind.
  const si = await o2.status({ subjects_filter: ">" });
  expect(Object.keys(si.streamInfo.state.subjects ?? {}).length).toBe(4);
});

test("putBlob/getBlob; ttl; metadata refused on 2.9; open with and without check", async () => {
  const objm = new Objm(nc);
  const b = name();
  const os = await objm.create(b, { ttl: nanos(60_000) });
  expect((await os.status()).ttl).toBe(nanos(60_000));
  const payload = pattern(9);
  await os.putBlob({ name: "B", options: { max_chunk_size: 1 } }, payload);
  expect(sameBytes(await os.getBlob("B"), payload)).toBe(true);
  expect((await rejection(objm.create(name(), { metadata: { a: "b" } }))).message).toBe("stream 'metadata' requires server 2.10.0");
  expect((await rejection(objm.create(name(), { compression: true }))).message).toBe("stream 'compression' requires server 2.10.0");
  expect(sameBytes(await (await objm.open(b)).getBlob("B"), payload)).toBe(true);
  expect((await rejection(objm.open("missing"))).message).toBe("object store not found");
  const unchecked = await objm.open("missing", false);
  expect((await rejection(unchecked.status())).message).toBe("object store not found");
  expect((await rejection(unchecked.get("x"))).message).toBe("stream not found");
  expect((await rejection(objm.open(b, { check: true, allowBatched: true } as never))).message).toBe("server does not support batched publishes");
  expect((await rejection(objm.create("bad.name"))).message).toBe("invalid bucket name: bad.name");
});

test("no store: seal, status and put fail with nats.js's texts", async () => {
  const objm = new Objm(nc);
  const b = name();
  const os = await objm.create(b);
  await os.put({ name: "test" }, readableOf(new Uint8Array(0)));
  await os.delete("test");
  const oi = (await os.info("test"))!;
  await (await jetstreamManager(nc)).streams.delete(`OBJ_${b}`);
  expect((await rejection(os.seal())).message).toBe("object store not found");
  expect((await rejection(os.status())).message).toBe("object store not found");
  expect((await rejection(os.put({ name: "foo" }, readableOf(new Uint8Array(0))))).message).toBe("stream not found");
  expect(oi.deleted).toBe(true);
});

test("Objm.list() lists stores only", async () => {
  const b = name();
  await new Objm(nc).create(b);
  const all: string[] = [];
  for await (const s of new Objm(nc).list()) all.push(s.bucket);
  expect(all).toContain(b);
  expect(all.some((x) => x.startsWith("kv_"))).toBe(false);
});

test("what a put writes: chunks on $O.<bucket>.C.<nuid>, the info JSON with Nats-Rollup on $O.<bucket>.M.<name>", async () => {
  const b = name();
  const os = await new Objm(nc).create(b);
  const seen: Msg[] = [];
  const sub = nc.subscribe(`$O.${b}.>`, { callback: (_e, m) => seen.push(m) });
  await nc.flush();
  const h = headers();
  h.set("x-a", "1");
  const oi = await os.put({ name: "n", description: "d", headers: h, metadata: { k: "v" }, options: { max_chunk_size: 4 } }, readableOf(te.encode("hello")));
  await nc.flush();
  sub.unsubscribe();
  expect(seen.map((m) => m.subject)).toEqual([`$O.${b}.C.${oi.nuid}`, `$O.${b}.C.${oi.nuid}`, `$O.${b}.M.bg==`]);
  expect(seen.map((m) => m.string()).slice(0, 2)).toEqual(["hell", "o"]);
  const meta = seen[2]!;
  expect(meta.headers?.get("Nats-Rollup")).toBe("sub");
  // nats.js's field order.
  expect(meta.string()).toBe(
    JSON.stringify({
      bucket: b,
      nuid: oi.nuid,
      size: 5,
      chunks: 2,
      name: "n",
      description: "d",
      options: { max_chunk_size: 4 },
      metadata: { k: "v" },
      headers: { "x-a": ["1"] },
      mtime: oi.mtime,
      digest: digest(te.encode("hello")),
      deleted: false,
    }),
  );
});

test("without the runtime's incremental SHA-256 (as in a browser), WebCrypto hashes blobs and the kept bytes of streams", async () => {
  const p = process as unknown as { getBuiltinModule?: unknown };
  const saved = p.getBuiltinModule;
  p.getBuiltinModule = undefined;
  const subtle = jest.spyOn(globalThis.crypto.subtle, "digest");
  try {
    const os = await new Objm(nc).create(name());
    const data = pattern(300_001);
    expect((await os.putBlob({ name: "b" }, data)).digest).toBe(digest(data));
    expect((await os.put({ name: "s" }, readableOf(data))).digest).toBe(digest(data));
    expect(sameBytes(await os.getBlob("s"), data)).toBe(true);
    const r = (await os.get("b"))!;
    expect(sameBytes(await readAll(r.data), data)).toBe(true);
    expect(await r.error).toBeNull();
    // putBlob, put (the kept bytes), getBlob, get: each hashed by WebCrypto.
    expect(subtle).toHaveBeenCalledTimes(4);
  } finally {
    subtle.mockRestore();
    p.getBuiltinModule = saved;
  }
});
