// Key-value store rules that need no server: key and bucket validation (nats.js's lists of good and bad
// names), wildcard detection, the codecs, the stream a bucket is made of for each server version, and the
// status read from a stream info.
import type { NatsConnection } from "@nats-stack/core";
import { Base64KeyCodec, defaultBucketOpts, hasWildcards, KvStatusImpl, NoopKvCodecs, validateBucket, validateKey, validateSearchKey } from "@nats-stack/jetstream/kv";
import { bucketStreamConfig } from "../../src/kv/kv-config";
import type { StreamInfo } from "../../src";
import { thrown } from "../helpers/js-env";

test("keys: nats.js's bad and good keys", () => {
  for (const k of [" x y", "x ", "x!", "xx$", "*", ">", "x.>", "x.*", ".", ".x", ".x.", "x."]) expect(thrown(() => validateKey(k)).message).toBe(`invalid key: ${k}`);
  for (const k of ["foo", "_foo", "-foo", "_kv_foo", "foo123", "123", "a/b/c", "a.b.c", "a=b"]) expect(() => validateKey(k)).not.toThrow();
});

test("search keys allow * and >, not empty tokens; hasWildcards wants > last", () => {
  for (const k of ["a.*", "a.>", ">", "*.b", "a.*.c"]) expect(() => validateSearchKey(k)).not.toThrow();
  for (const k of ["a..b", ".a", "a.", "a b"]) expect(thrown(() => validateSearchKey(k)).message).toBe(`invalid key: ${k}`);
  expect([hasWildcards("a.b"), hasWildcards("a.*"), hasWildcards("a.>"), hasWildcards(">")]).toEqual([false, true, true, true]);
  expect(thrown(() => hasWildcards("a.>.b")).message).toBe("invalid key: a.>.b");
  expect(thrown(() => hasWildcards(".a")).message).toBe("invalid key: .a");
});

test("bucket names: nats.js's bad and good names", () => {
  for (const b of [" B", "!", "x/y", "x>", "x.x", "x.*", "x.>", "x*", "*", ">"]) expect(thrown(() => validateBucket(b)).message).toBe(`invalid bucket name: ${b}`);
  for (const b of ["B", "b", "123", "1_2_3", "1-2-3"]) expect(() => validateBucket(b)).not.toThrow();
});

test("codecs: base64 keys token by token, wildcards kept; the default codecs change nothing", () => {
  const c = Base64KeyCodec();
  expect(c.encode("users.john.profile")).toBe(`${btoa("users")}.${btoa("john")}.${btoa("profile")}`);
  expect(c.encode("users.*.>")).toBe(`${btoa("users")}.*.>`);
  expect(c.decode(c.encode("a.b.c"))).toBe("a.b.c");
  const n = NoopKvCodecs();
  expect(n.key.encode("a.b")).toBe("a.b");
  expect(n.value.encode("é")).toEqual(new TextEncoder().encode("é"));
  const bytes = Uint8Array.of(1, 2);
  expect(n.value.encode(bytes)).toBe(bytes);
  expect(defaultBucketOpts()).toMatchObject({ replicas: 1, history: 1, timeout: 2000, max_bytes: -1, maxValueSize: -1, storage: "file" });
});

const server = (version: string) => ({ info: { version } }) as unknown as NatsConnection;

test("the stream of a bucket, by server version", () => {
  const { config, direct } = bucketStreamConfig(server("2.9.10"), "b", { history: 3, ttl: 1000 });
  expect(direct).toBe(true);
  expect(config).toEqual({
    name: "KV_b",
    retention: "limits",
    max_msgs_per_subject: 3,
    max_bytes: -1,
    max_msg_size: -1,
    storage: "file",
    subjects: ["$KV.b.>"],
    discard: "new",
    allow_direct: true,
    num_replicas: 1,
    max_age: 1e9,
    allow_rollup_hdrs: true,
  });
  // Before 2.7.2 discard old; before 2.9.0 no direct gets (asking for them fails with nats.js's text).
  const old = bucketStreamConfig(server("2.7.1"), "b", {});
  expect([old.config.discard, old.direct]).toEqual(["old", false]);
  expect(thrown(() => bucketStreamConfig(server("2.8.0"), "b", { allow_direct: true })).message).toBe("allow_direct is not available on server version 2.8.0 - requires 2.9.0");
  expect(thrown(() => bucketStreamConfig(server("2.10.0"), "b", { markerTTL: 5 })).message).toBe("kv 'markerTTL' requires server 2.11.0");
  expect(bucketStreamConfig(server("2.11.0"), "b", { markerTTL: 5 }).config).toMatchObject({ allow_msg_ttl: true, subject_delete_marker_ttl: 5e6 });
  expect(bucketStreamConfig(server("2.9.10"), "b", { streamName: "custom", allow_direct: false }).config).toMatchObject({ name: "custom", allow_direct: false });
  expect(bucketStreamConfig(server("2.10.0"), "b", { compression: false }).config.compression).toBe("none");
  const mirror = bucketStreamConfig(server("2.10.0"), "b", { mirror: { name: "KV_a" } }).config;
  expect([mirror.mirror, mirror.mirror_direct, mirror.subjects]).toEqual([{ name: "KV_a" }, true, undefined]);
  const ext = bucketStreamConfig(server("2.10.0"), "b", { sources: [{ name: "a", external: { api: "$JS.x.API", deliver: "" } }] }).config;
  expect(ext.sources).toEqual([{ name: "KV_a", external: { api: "$JS.x.API", deliver: "" } }]);
});

test("status from a stream info", () => {
  const si = {
    config: { name: "KV_b", max_msgs_per_subject: 5, max_age: 2e9, storage: "memory", num_replicas: 3, max_bytes: 10, max_msg_size: 4, compression: "s2", subject_delete_marker_ttl: 3e9 },
    state: { messages: 7, bytes: 99 },
  } as unknown as StreamInfo;
  const st = new KvStatusImpl(si, "c1");
  expect({ ...Object.fromEntries(["bucket", "values", "history", "ttl", "markerTTL", "storage", "backingStore", "replicas", "description", "max_bytes", "maxBucketSize", "maxValueSize", "size", "compression", "bucket_location", "placement", "republish", "metadata"].map((k) => [k, (st as unknown as Record<string, unknown>)[k]])) }).toEqual({
    bucket: "b",
    values: 7,
    history: 5,
    ttl: 2000,
    markerTTL: 3000,
    storage: "memory",
    backingStore: "memory",
    replicas: 3,
    description: "",
    max_bytes: 10,
    maxBucketSize: 10,
    maxValueSize: 4,
    size: 99,
    compression: true,
    bucket_location: "c1",
    placement: { cluster: "", tags: [] },
    republish: { src: "", dest: "" },
    metadata: {},
  });
});
