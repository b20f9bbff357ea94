// Key-value and object store paths of servers newer than the 2.9.10 that runs here, against scripted answers
// (test/helpers/scripted-js.ts): what the 2.9 refusals stop is sent as nats.js sends it to a 2.10/2.11
// server — compression, metadata, sources of another bucket, several key filters, marker TTLs — and a
// marker the server wrote for an expired key reads as a purge.
import { headers, type Msg, type NatsConnection } from "@nats-stack/core";
import { jetstream } from "../../src";
import { Kvm } from "@nats-stack/jetstream/kv";
import { Objm } from "@nats-stack/jetstream/obj";
import { accountInfo, asVersion, consumerInfo, now, scriptedOn, scriptedTrafficPerFile, streamInfo, type Seen } from "../helpers/scripted-js";

let real: NatsConnection;
scriptedTrafficPerFile((nc) => (real = nc));

const notFound = { type: "io.nats.jetstream.api.v1.stream_info_response", error: { code: 404, err_code: 10059, description: "stream not found" } };
const scripted = (subjects: string, answer: (s: Seen, m: Msg) => unknown) => scriptedOn(real, subjects, answer);

/** A JetStream that has no streams yet: creates answer with what was asked. */
function emptyJetStream(extra: (s: Seen, m: Msg) => unknown = () => undefined) {
  return scripted("$JS.API.>", (s, m) => {
    const x = extra(s, m);
    if (x !== undefined) return x;
    if (s.subject === "$JS.API.INFO") return accountInfo;
    if (s.subject.startsWith("$JS.API.STREAM.INFO.")) return notFound;
    if (s.subject.startsWith("$JS.API.STREAM.CREATE.")) return streamInfo(s.body ?? {});
    return undefined;
  });
}

test("2.10: a bucket's compression, metadata and sources of another bucket (with their subject transform) are sent", async () => {
  const js = emptyJetStream();
  try {
    const nc = asVersion(real, "2.10.4");
    await new Kvm(nc).create("x", { compression: true, metadata: { owner: "a" }, sources: [{ name: "src" }, { name: "KV_x" }] });
    const body = js.seen.find((s) => s.subject === "$JS.API.STREAM.CREATE.KV_x")!.body!;
    expect(body).toMatchObject({
      name: "KV_x",
      subjects: ["$KV.x.>"],
      compression: "s2",
      metadata: { owner: "a" },
      sources: [{ name: "KV_src", subject_transforms: [{ src: "$KV.src.>", dest: "$KV.x.>" }] }, { name: "KV_x" }],
    });
    expect((body.sources as object[])[1]).not.toHaveProperty("subject_transforms");
    expect(body).not.toHaveProperty("mirror");
    await new Kvm(nc).create("m", { mirror: { name: "orig" } });
    const mb = js.seen.find((s) => s.subject === "$JS.API.STREAM.CREATE.KV_m")!.body!;
    expect(mb).toMatchObject({ name: "KV_m", mirror: { name: "KV_orig" }, mirror_direct: true });
    expect(mb).not.toHaveProperty("subjects");
  } finally {
    js.stop();
  }
});

test("2.10: watch, keys and history over several keys put filter_subjects in the body", async () => {
  const js = scripted("$JS.API.>", (s) => {
    if (s.subject === "$JS.API.INFO") return accountInfo;
    if (s.subject.startsWith("$JS.API.CONSUMER.CREATE.")) return consumerInfo("KV_x", (s.body?.config ?? {}) as Record<string, unknown>);
    return undefined;
  });
  try {
    const nc = asVersion(real, "2.10.4");
    const kv = await new Kvm(jetstream(nc)).open("x");
    const keys = await kv.keys(["a", "b.*"]);
    for await (const _ of keys) throw new Error("nothing is pending");
    const h = await kv.history({ key: ["a", "b"] });
    for await (const _ of h) throw new Error("nothing is pending");
    const w = await kv.watch({ key: ["a", "c"] });
    w.stop();
    const creates = js.seen.filter((s) => s.subject.startsWith("$JS.API.CONSUMER.CREATE."));
    expect(creates.map((s) => s.subject)).toEqual(["$JS.API.CONSUMER.CREATE.KV_x", "$JS.API.CONSUMER.CREATE.KV_x", "$JS.API.CONSUMER.CREATE.KV_x"]);
    expect(creates.map((s) => (s.body!.config as { filter_subjects: string[] }).filter_subjects)).toEqual([
      ["$KV.x.a", "$KV.x.b.*"],
      ["$KV.x.a", "$KV.x.b"],
      ["$KV.x.a", "$KV.x.c"],
    ]);
    expect(creates.map((s) => (s.body!.config as { deliver_policy: string }).deliver_policy)).toEqual(["last_per_subject", "all", "last_per_subject"]);
  } finally {
    js.stop();
  }
});

test("2.11: markerTTL turns on the stream's marker TTLs; create and purge send Nats-TTL; a MaxAge marker reads as PURGE", async () => {
  const js = emptyJetStream((s, m) => {
    if (!s.subject.startsWith("$JS.API.DIRECT.GET.KV_x.")) return undefined;
    return () => {
      const h = headers();
      h.set("Nats-Stream", "KV_x");
      h.set("Nats-Subject", "$KV.x.gone");
      h.set("Nats-Sequence", "9");
      h.set("Nats-Time-Stamp", now);
      h.set("Nats-Marker-Reason", "MaxAge");
      real.publish(m.reply!, "", { headers: h });
    };
  });
  const pub = scripted("$KV.x.>", () => ({ stream: "KV_x", seq: 1 }));
  try {
    const nc = asVersion(real, "2.11.1");
    const kv = await new Kvm(nc).create("x", { markerTTL: 30_000 });
    expect(js.seen.find((s) => s.subject === "$JS.API.STREAM.CREATE.KV_x")!.body).toMatchObject({ allow_msg_ttl: true, subject_delete_marker_ttl: 30_000 * 1e6 });
    await kv.create("k", "v", "10s");
    await kv.purge("k", { ttl: "5s" });
    expect(pub.seen.map((s) => s.headers)).toEqual([
      { "Nats-Expected-Last-Subject-Sequence": "0", "Nats-TTL": "10s" },
      { "KV-Operation": "PURGE", "Nats-Rollup": "sub", "Nats-TTL": "5s" },
    ]);
    const e = (await kv.get("gone"))!;
    expect([e.key, e.revision, e.operation]).toEqual(["gone", 9, "PURGE"]);
  } finally {
    pub.stop();
    js.stop();
  }
});

test("2.10: an object store's compression and metadata are sent", async () => {
  const js = emptyJetStream();
  try {
    const nc = asVersion(real, "2.10.4");
    await new Objm(nc).create("o", { compression: true, metadata: { k: "v" }, description: "d", ttl: 1e9, replicas: 1 });
    const body = js.seen.find((s) => s.subject === "$JS.API.STREAM.CREATE.OBJ_o")!.body!;
    expect(body).toEqual({
      max_age: 1e9,
      description: "d",
      metadata: { k: "v" },
      name: "OBJ_o",
      allow_direct: true,
      allow_rollup_hdrs: true,
      num_replicas: 1,
      discard: "new",
      subjects: ["$O.o.C.>", "$O.o.M.>"],
      compression: "s2",
    });
  } finally {
    js.stop();
  }
});
