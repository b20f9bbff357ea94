// Interop with nats.go 1.22.1 (Debian's, test/go/kvobj): a key-value bucket and an object store written by
// nats.go are read by us and the reverse, in the same bucket and store; nats.go checks our digests when it
// reads, we check its digests.
import { createHash } from "node:crypto";
import type { NatsConnection } from "@nats-stack/core";
import { Kvm, type KV } from "@nats-stack/jetstream/kv";
import { Objm } from "@nats-stack/jetstream/obj";
import { jetstreamManager } from "../../src";
import { collect, JsEnv } from "../helpers/js-env";
import { kvobjBinary, runKvobj } from "../helpers/go-driver";
import { pattern, readAll, readableOf, sameBytes } from "../helpers/streams";

const env = new JsEnv();
let nc: NatsConnection;
let url: string;
beforeAll(async () => {
  // Built before the server starts, so its compile time counts against no test.
  kvobjBinary();
  await env.start();
  nc = await env.connect();
  url = env.srv.url;
}, 180_000);
afterAll(() => env.stop());

type GoEntry = { key: string; value: string; revision: number; op: string };
type GoRead = { keys: string[]; history: GoEntry[]; last: Record<string, GoEntry> };
const goOp: Record<string, string> = { KeyValuePutOp: "PUT", KeyValueDeleteOp: "DEL", KeyValuePurgeOp: "PURGE" };

async function ourView(kv: KV): Promise<{ keys: string[]; history: string[] }> {
  const history = (await collect(await kv.history())).map((e) => `${e.key}@${e.revision}:${e.operation}:${e.string()}`);
  return { keys: (await collect(await kv.keys())).sort(), history };
}

test("a bucket written by us and by nats.go: each reads what the other wrote", async () => {
  const kv = await new Kvm(nc).create("shared", { history: 5 });
  await kv.put("js.a", "1");
  await kv.create("js.b", "2");
  await kv.update("js.a", "3", 1);
  await kv.delete("js.b");
  await kv.put("js.c", "x");
  await kv.purge("js.c");
  const goWrote = await runKvobj<{ createExisting: string }>("kv-write", url, "shared");
  // nats.go's create over an existing key fails as ours does (its text).
  expect(goWrote.createExisting).toContain("wrong last sequence");
  const go = await runKvobj<GoRead>("kv-read", url, "shared");
  const ours = await ourView(kv);
  expect(go.keys.sort()).toEqual(ours.keys);
  expect(ours.keys).toEqual(["go.a", "go.b", "js.a"]);
  expect(go.history.map((e) => `${e.key}@${e.revision}:${goOp[e.op]}:${e.value}`)).toEqual(ours.history);
  for (const [k, e] of Object.entries(go.last)) {
    const mine = (await kv.get(k))!;
    // nats.go's Get says "key not found" for a key whose last entry is a marker; ours returns the marker.
    if (e.op === "nats: key not found") expect(["DEL", "PURGE"]).toContain(mine.operation);
    else expect(`${k}:${mine.revision}:${mine.operation}:${mine.string()}`).toBe(`${k}:${e.revision}:${goOp[e.op]}:${e.value}`);
  }
});

test("a bucket nats.go created is opened and used by us; nats.go's watcher sees our writes", async () => {
  const cfg = await runKvobj<{ name: string; subjects: string[]; max_msgs_per_subject: number; allow_rollup_hdrs: boolean; deny_delete: boolean; discard: string; allow_direct: boolean }>(
    "kv-create",
    url,
    "gobucket",
    "3",
  );
  expect(cfg).toMatchObject({ name: "KV_gobucket", subjects: ["$KV.gobucket.>"], max_msgs_per_subject: 3, allow_rollup_hdrs: true, discard: "new", allow_direct: true });
  // Ours makes the stream nats.js makes, which differs from nats.go's in one flag: nats.go 1.22 sets deny_delete.
  await new Kvm(nc).create("jsbucket", { history: 3 });
  const mine = (await (await jetstreamManager(nc)).streams.info("KV_jsbucket")).config;
  expect({ ...mine, name: "", subjects: [], deny_delete: true }).toMatchObject({ ...(cfg as object), name: "", subjects: [] });
  const kv = await new Kvm(nc).create("gobucket");
  await kv.put("a", "1");
  const watch = runKvobj<GoEntry[]>("kv-watch", url, "gobucket", "3");
  await new Promise((r) => setTimeout(r, 300));
  await kv.put("b", "2");
  await kv.delete("a");
  const seen = await watch;
  expect(seen.map((e) => `${e.key}:${goOp[e.op]}:${e.value}`)).toEqual(["a:PUT:1", "b:PUT:2", "a:DEL:"]);
});

test("an object store written by us and by nats.go: each reads (and checks the digest of) what the other wrote", async () => {
  await runKvobj("obj-create", url, "files");
  const os = await new Objm(nc).open("files");
  const sizes = [0, 1, 128 * 1024, 300_001];
  for (const size of sizes) {
    if (size % 2) await os.putBlob({ name: `js-${size}.bin` }, pattern(size, size));
    else await os.put({ name: `js-${size}.bin`, options: { max_chunk_size: 64 * 1024 } }, readableOf(pattern(size, size)));
    await runKvobj("obj-write", url, "files", `go-${size}.bin`, String(size), size > 100_000 ? "50000" : "0");
  }
  // A name beyond ASCII: UTF-8 in the subject, as nats.go encodes it.
  await os.putBlob({ name: "日本語 ファイル.txt" }, new TextEncoder().encode("héllo"));
  for (const size of sizes) {
    const sha = createHash("sha256").update(pattern(size, size)).digest("hex");
    const g = await runKvobj<{ size: number; sha256: string; info: { digest: string; chunks: number } }>("obj-read", url, "files", `js-${size}.bin`);
    expect([g.size, g.sha256]).toEqual([size, sha]);
    expect(g.info.digest).toBe((await os.info(`js-${size}.bin`))!.digest);
    const info = (await os.info(`go-${size}.bin`))!;
    expect([info.size, info.description, info.headers?.get("X-From")]).toEqual([size, "from go", "go"]);
    expect(sameBytes(await os.getBlob(`go-${size}.bin`), pattern(size, size))).toBe(true);
    const r = (await os.get(`go-${size}.bin`))!;
    expect(sameBytes(await readAll(r.data), pattern(size, size))).toBe(true);
    expect(await r.error).toBeNull();
  }
  const u = await runKvobj<{ size: number; sha256: string }>("obj-read", url, "files", "日本語 ファイル.txt");
  expect(u.sha256).toBe(createHash("sha256").update("héllo").digest("hex"));
  const goNames = await runKvobj<string[]>("obj-list", url, "files");
  expect(goNames.sort()).toEqual((await os.list()).map((i) => i.name).sort());
});
