/**
 * The key-value and object store pieces that need no server: flags to bucket and store options, the check of
 * an existing bucket's settings, key and name rules, natscli's value, digest and time forms, and how the
 * stores' plain errors become one line.
 */
import { StreamNotFoundError } from "@nats-stack/jetstream";
import { checkBucketName, checkKey, checkKeyFilter } from "../../src/kv/kv-args";
import { checkSameBucket, kvOptions, type KvAddFlags } from "../../src/kv/kv-config-input";
import { checkStoreName } from "../../src/obj/obj-session";
import { objOptions } from "../../src/obj/obj-config-input";
import { digestText } from "../../src/obj/obj-view";
import { CliError } from "../../src/output/cli-error";
import { rfc3339Local, rfc822 } from "../../src/output/time-text";
import { base64IfNotPrintable, shortValue, valueJson } from "../../src/output/value-text";
import { storeFailure } from "../../src/jetstream/store-errors";
import type { StreamConfig } from "@nats-stack/jetstream";

const kvFlags = (f: Partial<KvAddFlags> = {}): KvAddFlags => ({ history: "1", replicas: "1", ...f });

test("kv add's flags become the bucket options, with natscli's defaults", () => {
  expect(kvOptions(kvFlags())).toEqual({ history: 1, replicas: 1, storage: "file" });
  expect(
    kvOptions(kvFlags({ history: "10", ttl: "1h", maxValueSize: "1KB", maxBucketSize: "-1", description: "d", storage: "m", compress: true, tags: ["ssd"], cluster: "east" })),
  ).toEqual({ history: 10, replicas: 1, storage: "memory", ttl: 3_600_000, maxValueSize: 1024, max_bytes: -1, description: "d", compression: true, placement: { cluster: "east", tags: ["ssd"] } });
  expect(kvOptions(kvFlags({ republishDestination: "changes.>" })).republish).toEqual({ src: ">", dest: "changes.>", headers_only: false });
  expect(kvOptions(kvFlags({ mirror: "origin", mirrorDomain: "hub" })).mirror).toEqual({ name: "origin", domain: "hub" });
  expect(kvOptions(kvFlags({ source: ["a", "KV_b"] })).sources).toEqual([{ name: "a" }, { name: "KV_b" }]);
});

test.each([
  [{ history: "0" }, "--history must be a whole number of at least 1, not '0'"],
  [{ history: "65" }, "--history must be at most 64, not 65"],
  [{ replicas: "x" }, "--replicas must be a whole number of at least 1, not 'x'"],
  [{ maxValueSize: "3GB" }, "--max-value-size 3GB is too big, the maximum is 2,147,483,647 bytes"],
  [{ republishSource: "a.>" }, "--republish-source needs --republish-destination"],
  [{ mirrorDomain: "hub" }, "--mirror-domain needs --mirror"],
  [{ mirror: "a", source: ["b"] }, "a bucket is a --mirror or has --source buckets, not both"],
  [{ source: ["a.b"] }, "invalid bucket name: a.b"],
])("kv add %j is refused before connecting", (f, text) => {
  expect(() => kvOptions(kvFlags(f as Partial<KvAddFlags>))).toThrow(text);
});

test("an existing bucket with the asked settings passes; each difference is named", () => {
  const cfg = { name: "KV_x", max_msgs_per_subject: 1, max_age: 0, max_bytes: -1, max_msg_size: -1, storage: "file", num_replicas: 1 } as unknown as StreamConfig;
  expect(() => checkSameBucket("x", cfg, kvOptions(kvFlags()))).not.toThrow();
  expect(() => checkSameBucket("x", cfg, kvOptions(kvFlags({ history: "3", ttl: "2m", maxBucketSize: "1KB" })))).toThrow(
    "bucket 'x' already exists with another configuration: history 1, not 3; ttl unlimited, not 2m0s; maximum bucket size unlimited, not 1.0 KiB",
  );
});

test("object add's flags become the store options", () => {
  expect(objOptions({ replicas: "1", storage: "file" })).toEqual({ replicas: 1, storage: "file" });
  expect(objOptions({ replicas: "3", storage: "memory", ttl: "1d", maxBucketSize: "1GB", description: "d", metadata: ["team=core", "a=b=c"], compress: true })).toEqual({
    replicas: 3,
    storage: "memory",
    ttl: 86_400e9,
    max_bytes: 1024 ** 3,
    description: "d",
    metadata: { team: "core", a: "b=c" },
    compression: true,
  });
  expect(() => objOptions({ replicas: "1", storage: "file", metadata: ["=x"] })).toThrow("invalid --metadata '=x'");
});

test("keys, filters and names follow the stores' rules, in their words", () => {
  expect(checkKey("user.name")).toBe("user.name");
  expect(checkKey("a/b=c_d-e")).toBe("a/b=c_d-e");
  for (const k of ["a b", ".a", "a.", "a..b", "a.*", "a.>", ""]) expect(() => checkKey(k)).toThrow(`invalid key: ${k}`);
  expect(checkKeyFilter("user.*")).toBe("user.*");
  expect(checkKeyFilter(">")).toBe(">");
  expect(() => checkKeyFilter("a..b")).toThrow("invalid key: a..b");
  expect(checkBucketName("cfg-1_x")).toBe("cfg-1_x");
  for (const b of ["a.b", "a b", "a*", ""]) {
    expect(() => checkBucketName(b)).toThrow(`invalid bucket name: ${b}`);
    expect(() => checkStoreName(b)).toThrow(`invalid bucket name: ${b}`);
  }
});

test("values: text when printable, base64 otherwise; cut in the middle for tables; JSON keeps any UTF-8", () => {
  const enc = new TextEncoder();
  expect(base64IfNotPrintable(enc.encode("blue\n"))).toBe("blue\n");
  expect(base64IfNotPrintable(new Uint8Array([1, 2, 0x61]))).toBe("AQJh");
  expect(base64IfNotPrintable(new Uint8Array([0xff, 0xfe]))).toBe("//4=");
  expect(shortValue(enc.encode("x".repeat(40)))).toBe("x".repeat(40));
  expect(shortValue(enc.encode("a".repeat(15) + "-".repeat(20) + "b".repeat(15)))).toBe(`${"a".repeat(15)}...${"b".repeat(15)}`);
  expect(valueJson(new Uint8Array([1, 0x61]))).toEqual({ value: "\u0001a" });
  expect(valueJson(new Uint8Array([0xff]))).toEqual({ value_base64: "/w==" });
});

test("a digest as natscli prints it: SHA-256 and the hex of the URL-safe base64", () => {
  expect(digestText("SHA-256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU=")).toBe("SHA-256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
});

test("Go's RFC822 and RFC3339 layouts in local time", () => {
  const d = new Date(2024, 0, 5, 9, 7, 3);
  expect(rfc822(d)).toMatch(/^05 Jan 24 09:07 \S+$/);
  expect(rfc3339Local(d)).toMatch(/^2024-01-05T09:07:03(Z|[+-]\d\d:\d\d)$/);
});

test("the stores' plain errors become one line with the action; a missing bucket names it; bugs keep their name", () => {
  const ctx = { kind: "kv" as const, bucket: "cfg", action: "put key cfg > a" };
  expect(storeFailure(new Error("stream is sealed"), ctx)).toMatchObject({ message: "could not put key cfg > a: stream is sealed" });
  expect(storeFailure(new StreamNotFoundError({ code: 404, err_code: 10059, description: "stream not found" }), ctx)).toMatchObject({
    message: "bucket 'cfg' not found",
    hint: "`nats-stack kv ls` lists the buckets",
  });
  expect(storeFailure(new Error("object store not found"), { kind: "object", bucket: "files", action: "x" })).toMatchObject({ message: "object store 'files' not found" });
  const bug = new TypeError("x is not a function");
  expect(storeFailure(bug, ctx)).toBe(bug);
  expect(storeFailure(new CliError("CLI_ERR_USAGE", "as is"), ctx)).toMatchObject({ message: "as is" });
});
