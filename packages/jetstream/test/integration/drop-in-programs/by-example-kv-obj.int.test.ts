// The key-value and object store programs of "NATS by Example" (repository ConnectEverything/nats-by-example,
// examples/kv/intro and examples/os/intro), rewritten as a user of @nats-io/kv and @nats-io/obj 3.4.0 would write
// them (the examples use the v2 `nats` API's js.views, nats.go or jnats) and run once with nats.js's packages and
// once with ours on one real server: revisions, compare-and-set, the bucket's stream read as a stream, delete
// markers, watchers, history, keys; objects put and read as blobs and as streams, chunking, metadata updates,
// watches, links, deletes.
import { clients, jetStreamServer, outcome, same, seen, shape, unique, type Client } from "./harness";
import { until } from "@nats-stack/fixtures/until";

jest.setTimeout(120_000);

const srv = jetStreamServer();

/** How the examples print an entry. */
function line(e: { key: string; revision: number; string(): string } | null): string {
  return e ? `${e.key} @ ${e.revision} -> ${e.string()}` : "null";
}

test("kv/intro (deno/main.js): revisions, update with a stale revision, the bucket's stream, a delete's header, a watch", async () => {
  await same(async ({ core: { connect }, js: { jetstream }, kv: { Kvm } }: Client) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const js = jetstream(nc);
    const bucket = unique("profiles");
    const kv = await new Kvm(js).create(bucket);
    log.push(`put: ${await kv.put("sue.color", "blue")}`);
    log.push(line(await kv.get("sue.color")));
    await kv.put("sue.color", "green");
    log.push(line(await kv.get("sue.color")));
    let err: unknown;
    await kv.update("sue.color", "red", 1).then(
      () => log.push("adding at version 1 should have failed!"),
      (e: unknown) => (err = e),
    );
    log.push(`update at 1: ${seen(err)} code ${(err as { code?: unknown }).code} api ${JSON.stringify((err as { apiError?: () => unknown }).apiError?.())}`);
    log.push(line(await kv.get("sue.color")));
    const status = await kv.status();
    log.push(`KV stream name ${status.streamInfo.config.name === `KV_${bucket}`} bucket ${status.bucket === bucket} values ${status.values} history ${status.history}`);
    const c = await js.consumers.get(`KV_${bucket}`);
    const raw = (m: { subject: string; info: { streamSequence: number }; string(): string } | null) =>
      m ? `${m.subject.replace(bucket, "<b>")} @ ${m.info.streamSequence} -> '${m.string()}'` : "null";
    let m = await c.next();
    log.push(raw(m));
    await kv.put("sue.color", "yellow");
    m = await c.next();
    log.push(raw(m));
    await kv.delete("sue.color");
    m = await c.next();
    log.push(raw(m));
    log.push(`kv operation: ${m?.headers?.get("KV-Operation")}`);
    const watched: string[] = [];
    const iter = await kv.watch({ key: "sue.*" });
    const watching = (async () => {
      for await (const e of iter) watched.push(`${e.isUpdate ? "Updated" : "History"} ${e.key} @ ${e.revision} -> ${e.string()} (${e.operation})`);
    })();
    await until(() => watched.length === 1, "the watch's history");
    await kv.put("sue.food", "pizza");
    await until(() => watched.length === 2, "the watch's update");
    iter.stop();
    await watching;
    log.push(...watched);
    await kv.destroy();
    await nc.close();
    return log;
  });
});

test("kv/intro (go/main.go): update at the right revision, a watcher opened after a delete, then compare-and-set, history, keys, purge", async () => {
  await same(async ({ core: { connect }, kv: { Kvm } }: Client) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const kvm = new Kvm(nc);
    const bucket = unique("profiles");
    const kv = await kvm.create(bucket, { history: 5 });
    await kv.put("sue.color", "blue");
    await kv.put("sue.color", "green");
    log.push(`expected error: ${await outcome(() => kv.update("sue.color", "red", 1))}`);
    log.push(`update at 2: ${await outcome(() => kv.update("sue.color", "red", 2))}`);
    log.push(line(await kv.get("sue.color")));
    const names: string[] = [];
    for await (const s of await kvm.list()) if (s.bucket === bucket) names.push(`${s.bucket === bucket} ${s.streamInfo.config.name === `KV_${bucket}`}`);
    log.push(`listed: ${names.join(",")}`);
    await kv.delete("sue.color");
    const watched: string[] = [];
    const w = await kv.watch({ key: "sue.*" });
    const watching = (async () => {
      for await (const e of w) watched.push(`${e.key} @ ${e.revision} -> ${JSON.stringify(e.string())} (op: ${e.operation}) update ${e.isUpdate}`);
    })();
    await until(() => watched.length === 1, "the delete marker");
    await kv.put("sue.color", "purple");
    await kv.put("sue.food", "pizza");
    await until(() => watched.length === 3, "the two puts");
    w.stop();
    await watching;
    log.push(...watched);
    // compare-and-set on creation
    log.push(`create of a key with a value: ${await outcome(() => kv.create("sue.color", "black"))}`);
    log.push(`create of a new key: ${await outcome(() => kv.create("bob.color", "black"))}`);
    await kv.delete("bob.color");
    log.push(`create over a delete: ${await outcome(() => kv.create("bob.color", "white"))}`);
    log.push(`update of a missing key: ${await outcome(() => kv.update("nobody.color", "x", 1))}`);
    log.push(`update at 0: ${await outcome(() => kv.update("sue.color", "x", 0))}`);
    const hist: string[] = [];
    for await (const e of await kv.history({ key: "sue.color" })) hist.push(`${e.revision}:${e.operation}:${e.string()}`);
    log.push(`history: ${hist.join(" ")}`);
    const e2 = await kv.get("sue.color", { revision: 2 });
    const fields = e2 && { bucket: e2.bucket, key: e2.key, value: e2.value, created: e2.created, revision: e2.revision, delta: e2.delta, operation: e2.operation, length: e2.length, rawKey: (e2 as { rawKey?: unknown }).rawKey };
    log.push(`get of revision 2: ${line(e2)} fields ${JSON.stringify(shape(fields))} delta ${e2?.delta} length ${e2?.length}`);
    log.push(`status shape: ${JSON.stringify(shape(await kv.status(), 1))}`);
    log.push(`get of another key's revision: ${await outcome(() => kv.get("sue.color", { revision: 8 }), (v) => line(v as never))}`);
    const keys: string[] = [];
    for await (const k of await kv.keys()) keys.push(k);
    log.push(`keys: ${keys.sort().join(",")}`);
    const some: string[] = [];
    for await (const k of await kv.keys("sue.*")) some.push(k);
    log.push(`keys sue.*: ${some.sort().join(",")}`);
    log.push(`purge: ${await outcome(() => kv.purge("sue.color"))}`);
    const after: string[] = [];
    for await (const e of await kv.history({ key: "sue.color" })) after.push(`${e.operation}`);
    log.push(`history after purge: ${after.join(",")} get ${(await kv.get("sue.color"))?.operation}`);
    const st = await kv.status();
    log.push(`status: values ${st.values} history ${st.history} size>0 ${st.size > 0} storage ${st.storage} backingStore ${(st as unknown as { backingStore: string }).backingStore}`);
    await kv.destroy();
    log.push(`open after destroy: ${await outcome(() => kvm.open(bucket).then((k) => k.get("sue.food")), (v) => line(v as never))}`);
    await nc.close();
    return log;
  });
});

/** The same bytes for both clients' runs. */
function bytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + (i >> 8)) & 0xff;
  return b;
}

test("os/intro (deno/main.js): a 10 MB blob in chunks, a metadata update, list, a watch, a put and get as streams, destroy", async () => {
  await same(async ({ core: { connect }, js: { jetstream }, obj: { Objm } }: Client) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const store = unique("configs");
    const os = await new Objm(jetstream(nc)).create(store);
    let status = await os.status();
    log.push(`the object store has ${status.size} bytes; bucket ${status.bucket === store} sealed ${status.sealed}`);
    const data = bytes(10_000_000);
    let info = await os.putBlob({ name: "a", description: "large data" }, data);
    log.push(`added entry ${info.name} (${info.size} bytes) - '${info.description}' chunks ${info.chunks} digest ${info.digest} revision ${info.revision}`);
    log.push(`update: ${await outcome(() => os.update("a", { description: "still large data" }), (v) => JSON.stringify(v === undefined ? v : Object.keys(v as object).sort()))}`);
    const entries = await os.list();
    log.push(`the object store contains ${entries.length} entries: ${entries.map((e) => `${e.name} '${e.description}'`).join(",")}`);
    const got = await os.getBlob("a");
    log.push(`data has ${got?.length} bytes, the same ${Buffer.compare(Buffer.from(got!), Buffer.from(data)) === 0}`);
    log.push(`getBlob of a missing one: ${await outcome(() => os.getBlob("none"))}`);
    log.push(`client has a max payload of ${nc.info?.max_payload} bytes`);
    const seen: string[] = [];
    const iter = await os.watch({ includeHistory: false });
    const watching = (async () => {
      for await (const s of iter) seen.push(s === null ? "null" : `${s.bucket === store} changed - ${s.name} ${s.deleted ? "was deleted" : "was updated"}`);
    })();
    log.push(`delete: ${await outcome(() => os.delete("a"), (v) => JSON.stringify(v))}`);
    await until(() => seen.some((s) => s.includes("deleted")), "the delete in the watch");
    const rs = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(data);
        controller.close();
      },
    });
    info = await os.put({ name: "b", description: "set with a readable stream" }, rs);
    log.push(`added entry ${info.name} (${info.size} bytes) - '${info.description}' chunks ${info.chunks} digest ${info.digest}`);
    await until(() => seen.some((s) => s.includes(" b ")), "the put in the watch");
    iter.stop();
    await watching;
    log.push(...seen);
    const result = await os.get("b");
    log.push(`${result?.info.name} has ${result?.info.size} bytes`);
    const reader = result!.data.getReader();
    const sizes = new Map<number, number>();
    let total = 0;
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      sizes.set(value.length, (sizes.get(value.length) ?? 0) + 1);
      total += value.length;
    }
    log.push(`read ${total} bytes as ${JSON.stringify([...sizes])}`);
    const rerr = await result!.error;
    // nats.js resolves undefined, ours null (README, "Differences from @nats-io/obj"): the example tests `if (err)`
    log.push(rerr ? `there was an error reading the ReadableStream: ${rerr.message}` : "done reading");
    await os.destroy();
    log.push("deleted object store");
    log.push(`status after destroy: ${await outcome(() => os.status())}`);
    await nc.close();
    return log;
  });
});

test("os/intro (java Main.java): memory storage, 32 KiB chunks, digests, watches with and without history, links, deletes", async () => {
  await same(async ({ core: { connect }, obj: { Objm, StorageType } }: Client) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const objm = new Objm(nc);
    const store = unique("my_bucket");
    const os = await objm.create(store, { description: "bucket with my stuff in it", storage: StorageType.Memory });
    let st = await os.status();
    log.push(`before put: ${st.size} bytes, description '${st.description}' storage ${st.storage}`);
    const data = bytes(1_000_000);
    let info = await os.putBlob({ name: "my-object", description: "My Object Description", options: { max_chunk_size: 32 * 1024 } }, data);
    log.push(`put '${info.name}' ('${info.description}') in ${info.bucket === store}: ${info.size} bytes in ${info.chunks} chunks, ${info.digest}, chunk size ${info.options?.max_chunk_size}`);
    st = await os.status();
    log.push(`after put: ${st.size} bytes`);
    log.push(`putBlob's info: ${JSON.stringify(shape(info))}`);
    info = (await os.info("my-object"))!;
    log.push(`info: ${info.size} ${info.chunks} ${info.digest} deleted ${info.deleted} mtime ${typeof info.mtime}`);
    log.push(`info's shape: ${JSON.stringify(shape(info))} isLink ${await outcome(() => (info as unknown as { isLink(): boolean }).isLink())}`);
    log.push(`list's entry: ${JSON.stringify(shape((await os.list())[0]))}`);
    log.push(`status: ${JSON.stringify(shape(st))}`);
    const out = await os.getBlob("my-object");
    log.push(`received ${out?.length} bytes, the same ${Buffer.compare(Buffer.from(out!), Buffer.from(data)) === 0}`);
    const watches: Record<string, string[]> = { updates: [], history: [] };
    const watch = async (name: string, includeHistory: boolean) => {
      const it = await os.watch({ includeHistory });
      return {
        it,
        done: (async () => {
          for await (const o of it) watches[name]!.push(o === null ? "null" : `${o.name}${o.deleted ? " (deleted)" : ""}`);
        })(),
      };
    };
    const u = await watch("updates", false);
    await os.putBlob({ name: "simple object" }, bytes(100_000));
    await until(() => watches.updates!.includes("simple object"), "the updates-only watch");
    const h = await watch("history", true);
    await until(() => watches.history!.length >= 2, "the history watch");
    const link = await os.link("my-link", info);
    log.push(`link's shape: ${JSON.stringify(shape(link))}`);
    log.push(`link: ${link.name} to ${link.options?.link?.name} in ${link.options?.link?.bucket === store} size ${link.size} chunks ${link.chunks} digest ${link.digest}`);
    const viaLink = await os.getBlob("my-link");
    log.push(`read through the link: ${viaLink?.length} bytes`);
    log.push(`a link to a link: ${await outcome(() => os.link("l2", link))}`);
    log.push(`delete: ${JSON.stringify(await os.delete("simple object"))}`);
    await os.delete("my-object");
    log.push(`read through a link to a deleted object: ${await outcome(() => os.getBlob("my-link"))}`);
    await until(() => watches.history!.filter((s) => s.includes("deleted")).length === 2, "the deletes in the watch");
    u.it.stop();
    h.it.stop();
    await Promise.all([u.done, h.done]);
    log.push(`updates only: ${watches.updates!.join(", ")}`);
    log.push(`with history: ${watches.history!.join(", ")}`);
    st = await os.status();
    log.push(`after deletes: ${st.size} bytes`);
    const listed: string[] = [];
    for await (const s of await objm.list()) if (s.bucket === store) listed.push(`${s.bucket === store} '${s.description}'`);
    log.push(`stores: ${listed.join(",")}`);
    await os.destroy();
    await nc.close();
    return log;
  });
});

test("kv/intro (deno/main.js), kept difference: watch({ initializedFn }), the example's v2 option, is called by ours only", async () => {
  const printed: Record<string, string[]> = {};
  for (const [name, { core: { connect }, kv: { Kvm } }] of clients) {
    const nc = await connect({ servers: srv.url });
    const kv = await new Kvm(nc).create(unique("profiles"));
    await kv.put("sue.color", "blue");
    await kv.delete("sue.color");
    const lines: string[] = [];
    let history = true;
    const iter = await kv.watch({ key: "sue.*", initializedFn: () => (history = false) } as never);
    const watching = (async () => {
      for await (const e of iter) lines.push(`${history ? "History" : "Updated"} ${e.key} @ ${e.revision} -> ${e.string()}`);
    })();
    await until(() => lines.length === 1, "the history");
    await kv.put("sue.food", "pizza");
    await until(() => lines.length === 2, "the update");
    iter.stop();
    await watching;
    printed[name] = lines;
    await kv.destroy();
    await nc.close();
  }
  // README, "Differences from @nats-io/kv": nats.js 3.4.0 dropped the option and never calls it, so the
  // example (written for nats.js v2) labels every entry "History" there; v3's own way is the entry's isUpdate
  expect(printed).toEqual({
    "nats.js": ["History sue.color @ 2 -> ", "History sue.food @ 3 -> pizza"],
    ours: ["History sue.color @ 2 -> ", "Updated sue.food @ 3 -> pizza"],
  });
});
