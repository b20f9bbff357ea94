// Interop with @nats-io/kv 3.4.0 on one real server: buckets made by either are used by the other, what one
// writes the other reads (get, keys, history, watch), the two make the same stream and store the same bytes,
// and the same mistakes give the same texts.
import * as nkv from "@nats-io/kv";
import type { NatsConnection } from "@nats-stack/core";
import type { JetStreamManager, StreamConfig } from "../../../src";
import * as okv from "@nats-stack/jetstream/kv";
import { interopPerFile, type TheirConnection } from "../../helpers/interop-env";

let nc: NatsConnection;
let theirNc: TheirConnection;
let jsm: JetStreamManager;
interopPerFile((c) => ({ nc, theirNc, jsm } = c));
let n = 0;
const name = () => `io_${process.pid}_${++n}`;

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

type Entry = { key: string; revision: number; operation: string; string(): string };
const show = (e: Entry | null) => (e ? `${e.key}@${e.revision}:${e.operation}:${e.string()}` : null);

/** Every stored message of a stream: subject (without the bucket), headers, data. */
async function stored(stream: string, bucket: string): Promise<string[]> {
  const si = await jsm.streams.info(stream);
  const out: string[] = [];
  for (let seq = si.state.first_seq; seq <= si.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq });
    if (!m) continue;
    const h = [...m.header].map(([k, v]) => `${k}=${v.join(",")}`).join(";");
    out.push(`${m.subject.replace(bucket, "B")}|${h}|${m.string()}`);
  }
  return out;
}

test("the same options make the same stream", async () => {
  const opts = { history: 7, ttl: 90_000, max_bytes: 1 << 20, maxValueSize: 4096, description: "same", replicas: 1 };
  const a = name();
  const b = name();
  await new nkv.Kvm(theirNc).create(a, opts);
  await new okv.Kvm(nc).create(b, opts);
  const strip = (c: StreamConfig, x: string) => JSON.parse(JSON.stringify(c).split(x).join("X"));
  expect(strip((await jsm.streams.info(`KV_${b}`)).config, b)).toEqual(strip((await jsm.streams.info(`KV_${a}`)).config, a));
});

test("the same operations store the same bytes", async () => {
  const run = async (kv: { put: Function; create: Function; update: Function; delete: Function; purge: Function }) => {
    await kv.put("a", "1");
    await kv.create("b", "2");
    await kv.update("a", "3", 1);
    await kv.delete("b");
    await kv.put("c.d", new Uint8Array([0, 1, 2]));
    await kv.purge("c.d");
    await kv.delete("a", { previousSeq: 3 });
  };
  const a = name();
  const b = name();
  await run(await new nkv.Kvm(theirNc).create(a, { history: 10 }));
  await run(await new okv.Kvm(nc).create(b, { history: 10 }));
  expect(await stored(`KV_${b}`, b)).toEqual(await stored(`KV_${a}`, a));
});

test("nats.js writes, we read: get, revisions, keys, history, watch", async () => {
  const b = name();
  const theirs = await new nkv.Kvm(theirNc).create(b, { history: 5 });
  await theirs.put("a", "1");
  await theirs.put("b.c", "2");
  await theirs.put("a", "3");
  await theirs.delete("b.c");
  await theirs.put("d", "4");
  await theirs.purge("d");
  await theirs.put("e", "5");
  const ours = await new okv.Kvm(nc).open(b);
  for (const k of ["a", "b.c", "d", "e", "zz"]) expect(show(await ours.get(k))).toEqual(show(await theirs.get(k)));
  expect(show(await ours.get("a", { revision: 1 }))).toEqual(show(await theirs.get("a", { revision: 1 })));
  expect((await collect(await ours.keys())).sort()).toEqual((await collect(await theirs.keys())).sort());
  expect((await collect(await ours.history())).map(show)).toEqual((await collect(await theirs.history())).map(show));
  const ow = await ours.watch();
  const tw = await theirs.watch();
  const first = async (it: AsyncIterable<Entry & { isUpdate: boolean }>, count: number) => {
    const out: string[] = [];
    for await (const e of it) {
      out.push(`${show(e)}:${e.isUpdate}`);
      if (out.length === count) break;
    }
    return out;
  };
  const [o, t] = await Promise.all([first(ow, 5), first(tw, 5), theirs.put("f", "6")]);
  expect(o).toEqual(t);
});

test("we write, nats.js reads: get, keys, history, watch", async () => {
  const b = name();
  const ours = await new okv.Kvm(nc).create(b, { history: 5 });
  await ours.put("a", "1");
  await ours.create("b.c", "2");
  await ours.update("a", "3", 1);
  await ours.delete("b.c");
  await ours.put("d", "4");
  await ours.purge("d");
  const theirs = await new nkv.Kvm(theirNc).create(b);
  for (const k of ["a", "b.c", "d", "zz"]) expect(show(await theirs.get(k))).toEqual(show(await ours.get(k)));
  expect(await collect(await theirs.keys())).toEqual(["a"]);
  expect((await collect(await theirs.history({ key: "a" }))).map(show)).toEqual(["a@1:PUT:1", "a@3:PUT:3"]);
  // nats.js's create over our delete marker.
  expect(await theirs.create("b.c", "again")).toBe(7);
  expect(show(await ours.get("b.c"))).toBe("b.c@7:PUT:again");
});

test("Base64KeyCodec buckets are shared", async () => {
  const b = name();
  const codec = () => ({ key: nkv.Base64KeyCodec(), value: nkv.NoopKvCodecs().value });
  const theirs = await new nkv.Kvm(theirNc).create(b, { codec: codec() });
  const ours = await new okv.Kvm(nc).create(b, { codec: { key: okv.Base64KeyCodec(), value: okv.NoopKvCodecs().value } });
  await theirs.put("x.y", "theirs");
  await ours.put("p.q", "ours");
  expect((await ours.get("x.y"))!.string()).toBe("theirs");
  expect((await theirs.get("p.q"))!.string()).toBe("ours");
  expect((await collect(await ours.keys())).sort()).toEqual((await collect(await theirs.keys())).sort());
});

test("the same mistakes give the same texts", async () => {
  const b = name();
  const theirs = await new nkv.Kvm(theirNc).create(b);
  const ours = await new okv.Kvm(nc).create(b);
  const err = async (p: () => Promise<unknown>) => {
    try {
      await p();
    } catch (e) {
      return (e as Error).message;
    }
    return "no error";
  };
  const sync = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    return "no error";
  };
  await ours.put("k", "v");
  const cases: [string, (kv: typeof ours) => Promise<unknown>][] = [
    ["create on an existing key", (kv) => kv.create("k", "x")],
    ["update at a wrong revision", (kv) => kv.update("k", "x", 99)],
    ["bad key put", (kv) => kv.put("a b", "x")],
    ["bad key get", (kv) => kv.get(".a")],
    ["wildcard put", (kv) => kv.put("a.*", "x")],
    ["bad watch filter", (kv) => kv.watch({ key: "a..b" })],
    ["delete at a wrong revision", (kv) => kv.delete("k", { previousSeq: 42 })],
  ];
  for (const [what, f] of cases) {
    const mine = await err(() => f(ours));
    expect(mine).not.toBe("no error");
    expect(`${what}: ${mine}`).toBe(`${what}: ${await err(() => f(theirs as unknown as typeof ours))}`);
  }
  expect(sync(() => ours.update("k", "x", 0))).toBe(sync(() => theirs.update("k", "x", 0)));
  expect(await err(() => new okv.Kvm(nc).create("a.b"))).toBe(await err(() => new nkv.Kvm(theirNc).create("a.b")));
  expect(await err(() => new okv.Kvm(nc).create(name(), { compression: true }))).toBe(await err(() => new nkv.Kvm(theirNc).create(name(), { compression: true })));
  expect(await err(() => new okv.Kvm(nc).create(name(), { metadata: { a: "b" } }))).toBe(await err(() => new nkv.Kvm(theirNc).create(name(), { metadata: { a: "b" } })));
  expect(await err(() => ours.keys(["a", "b"]))).toBe(await err(() => theirs.keys(["a", "b"])));
});
