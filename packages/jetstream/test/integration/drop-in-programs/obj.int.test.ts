// @nats-io/obj 3.4.0's README program (Objm create, get of a missing object, watch, put of a ReadableStream in
// 1-byte chunks, get read with a reader, list, status, seal) and the operations users reach for next (putBlob,
// getBlob, info, delete, links, update), run with nats.js and with ours.
import { isPromise, jetStreamServer, outcome, same, shape, unique } from "./harness";
import { until } from "@nats-stack/fixtures/until";

jest.setTimeout(60_000);

const srv = jetStreamServer();

const te = new TextEncoder();
const td = new TextDecoder();

function readableStreamFrom(data: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(data);
      controller.close();
    },
  });
}

async function fromReadableStream(rs: ReadableStream<Uint8Array>, log: unknown[]): Promise<void> {
  let i = 1;
  const reader = rs.getReader();
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value && value.length) log.push(`chunk ${i++}: ${td.decode(value)}`);
  }
}

/** An object info as users read it: the fields, with what changes per run replaced by its type. */
function infoSeen(i: Record<string, unknown> | null | undefined): unknown {
  if (!i) return i;
  const out: Record<string, unknown> = {};
  for (const k of ["name", "description", "size", "chunks", "digest", "deleted", "options", "metadata", "revision"]) out[k] = i[k];
  const h = i.headers as { keys(): string[] } | undefined;
  out.headers = h ? `headers with ${h.keys().length} keys` : String(h);
  for (const k of ["bucket", "nuid", "mtime"]) out[k] = typeof i[k];
  return out;
}

test("README: create, get of nothing, watch, put in 1-byte chunks, read back, list, status, seal", async () => {
  await same(async ({ core: { connect }, obj: { Objm, StorageType } }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const objm = new Objm(nc);
    const name = unique("testing");
    const os = await objm.create(name, { storage: StorageType.File });
    const e = await os.get("hello");
    log.push(`hello entry exists? ${e !== null}`);
    const watch = await os.watch();
    const watched: string[] = [];
    const watching = (async () => {
      for await (const i of watch) {
        if (i === null) {
          watched.push("null");
          continue;
        }
        watched.push(`watch: ${i.name} deleted?: ${i.deleted}`);
      }
    })();
    const info = await os.put(
      { name: "hello", description: "first entry", options: { max_chunk_size: 1 } },
      readableStreamFrom(te.encode("hello world")),
    );
    log.push(`object size: ${info.size} number of chunks: ${info.chunks} deleted: ${info.deleted}`);
    log.push(`put info: ${JSON.stringify(infoSeen(info as never))}`);
    const r = await os.get("hello");
    log.push(`get: ${JSON.stringify(shape({ ...r, data: typeof r?.data, error: isPromise(r?.error) }))}`);
    // on success nats.js's `error` resolves undefined, ours null (packages/jetstream/README.md, "Differences
    // from @nats-io/obj"): both say "no error"
    const errSeen = r!.error.then((err) => `error resolves ${err ?? "no error"}`);
    await fromReadableStream(r!.data, log);
    log.push(await errSeen);
    const list = await os.list();
    list.forEach((i) => log.push(`list: ${i.name}`));
    const status = await os.status();
    log.push(`bucket ok ${status.bucket === name} size in bytes: ${status.size} sealed ${status.sealed} storage ${status.storage} backingStore ${status.backingStore}`);
    log.push(`status: ${JSON.stringify(shape({ ...status, streamInfo: typeof status.streamInfo }))}`);
    await until(() => watched.length >= 1, "the watch");
    log.push(`seal: ${await outcome(() => os.seal(), (s) => (s as { sealed: boolean }).sealed)}`);
    log.push(`put after seal: ${await outcome(() => os.putBlob({ name: "x" }, te.encode("x")), (v) => typeof v)}`);
    watch.stop();
    await watching;
    log.push(...watched);
    log.push(`destroy: ${await outcome(() => os.destroy())}`);
    await nc.close();
    return log;
  });
});

test("putBlob, getBlob, info, delete, links, update, and the mistakes", async () => {
  await same(async ({ core: { connect }, obj: { Objm } }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const objm = new Objm(nc);
    const name = unique("files");
    const os = await objm.create(name);
    const big = new Uint8Array(300_000).map((_, i) => i % 251);
    const pi = await os.putBlob({ name: "report.bin", description: "d", headers: undefined }, big);
    log.push(`putBlob: ${JSON.stringify(infoSeen(pi as never))}`);
    const got = await os.getBlob("report.bin");
    log.push(`getBlob: ${got?.length} same ${got?.every((b, i) => b === big[i])}`);
    log.push(`getBlob of nothing: ${await outcome(() => os.getBlob("none"))}`);
    log.push(`info: ${JSON.stringify(infoSeen((await os.info("report.bin")) as never))}`);
    log.push(`info of nothing: ${await outcome(() => os.info("none"))}`);
    const empty = await os.putBlob({ name: "empty" }, new Uint8Array(0));
    log.push(`empty: size ${empty.size} chunks ${empty.chunks} digest ${empty.digest}`);
    log.push(`getBlob empty: ${await outcome(() => os.getBlob("empty"), (v) => (v as Uint8Array | null)?.length)}`);
    const link = await os.link("alias", (await os.info("report.bin"))!);
    log.push(`link: ${JSON.stringify(infoSeen(link as never)).replaceAll(name, "<store>")}`);
    log.push(`read through the link: ${(await os.getBlob("alias"))?.length}`);
    log.push(`link to a link: ${await outcome(() => os.link("alias2", link as never))}`);
    log.push(`update: ${await outcome(() => os.update("report.bin", { name: "renamed.bin", description: "new" }), (v) => infoSeen(v as never))}`);
    log.push(`renamed: ${(await os.info("renamed.bin"))?.description} old ${await outcome(() => os.info("report.bin"))}`);
    log.push(`update to an existing name: ${await outcome(() => os.update("renamed.bin", { name: "empty" }))}`);
    log.push(`delete: ${await outcome(() => os.delete("empty"), (v) => shape(v))}`);
    log.push(`info of deleted: ${await outcome(() => os.info("empty"), (v) => (v as { deleted: boolean } | null)?.deleted)}`);
    log.push(`get of deleted: ${await outcome(() => os.get("empty"))}`);
    log.push(`delete of nothing: ${await outcome(() => os.delete("none"))}`);
    log.push(`empty name: ${await outcome(() => os.putBlob({ name: "" }, te.encode("x")))}`);
    log.push(`list: ${(await os.list()).map((i) => i.name).sort().join(",")}`);
    log.push(`open missing: ${await outcome(() => objm.open(`${name}_none`), (v) => typeof v)}`);
    const stores: string[] = [];
    for await (const s of objm.list()) if (s.bucket === name) stores.push(`${s.bucket === name} sealed ${s.sealed}`);
    log.push(`Objm list: ${stores.join(",")}`);
    await os.destroy();
    await nc.close();
    return log;
  });
});

test("watch with history (and its null marker), ignoreDeletes; a put whose stream fails; metadata and headers", async () => {
  await same(async ({ core: { connect, headers }, obj: { Objm } }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const os = await new Objm(nc).create(unique("w"));
    await os.putBlob({ name: "a" }, te.encode("1"));
    await os.putBlob({ name: "b" }, te.encode("2"));
    await os.delete("b");
    for (const opts of [{ includeHistory: true }, { includeHistory: true, ignoreDeletes: true }, {}]) {
      // (nats.js writes its defaults into the caller's options object, ours does not: shown as given)
      const given = JSON.stringify(opts);
      const w = await os.watch(opts);
      const got: string[] = [];
      const loop = (async () => {
        for await (const i of w) got.push(i === null ? "null" : `${i.name}${i.deleted ? ":deleted" : ""}`);
      })();
      await os.putBlob({ name: "c" }, te.encode(JSON.stringify(opts)));
      await until(() => got.some((g) => g === "c"), "the new object");
      w.stop();
      await loop;
      log.push(`${given}: ${got.join(",")}`);
    }
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("source broke"));
      },
    });
    log.push(`put of a failing stream: ${await outcome(() => os.put({ name: "broken" }, failing), (v) => typeof v)}`);
    log.push(`broken object: ${await outcome(() => os.info("broken"), (v) => v === null ? null : "exists")}`);
    const h = headers();
    h.set("x-a", "1");
    const withMeta = await os.putBlob({ name: "m", metadata: { k: "v" }, headers: h }, te.encode("m"));
    const back = await os.info("m");
    log.push(`metadata ${JSON.stringify(withMeta.metadata)} ${JSON.stringify(back?.metadata)} headers ${back?.headers?.get("x-a")}`);
    await os.destroy();
    await nc.close();
    return log;
  });
});
