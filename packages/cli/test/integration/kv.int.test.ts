/**
 * `kv …` against a real JetStream server: the exact forms, every verb's happy path with its JSON
 * parsed and its effect checked through the library, natscli's questions, a watch printing changes as they
 * happen, and bad input (an unknown bucket, a bad key, a bad bucket name, bad flags, no server, no JetStream)
 * as one line with exit status 1 and nothing written.
 */
import { Kvm, type KV } from "@nats-stack/jetstream/kv";
import { expectOneLineError, lines, runCli, startCli } from "../helpers/cli";
import { jsCliRigPerFile } from "../helpers/js-cli-rig";

jest.setTimeout(60_000);

const rig = jsCliRigPerFile({ plain: true });

const run = (args: string[], input?: string) => rig.run(args, input);
/** A bucket made through the library, with `entries` put in order. */
async function bucket(name: string, entries: Array<[string, string]> = [], history = 5): Promise<KV> {
  const kv = await new Kvm(rig.nc).create(name, { history });
  for (const [k, v] of entries) await kv.put(k, v);
  return kv;
}

test("the issue's exact forms: kv add cfg, kv put cfg color blue, kv get cfg color --raw", async () => {
  const add = await run(["kv", "add", "cfg"]);
  expect(add.code).toBe(0);
  expect(add.stderr).toMatch(/^\d\d:\d\d:\d\d Bucket cfg was created\n$/);
  expect(add.stdout).toMatch(/^Information for Key-Value Store Bucket cfg created \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)\n\nConfiguration:\n\n/);
  expect(add.stdout).toMatch(/\n +Bucket Name: cfg\n +History Kept: 1\n +Values Stored: 0\n/);
  expect(add.stdout).toMatch(/\n +JetStream Stream: KV_cfg\n +Storage: File\n/);

  expect(await run(["kv", "put", "cfg", "color", "blue"])).toEqual({ code: 0, stdout: "blue\n", stderr: "" });
  expect(await run(["kv", "get", "cfg", "color", "--raw"])).toEqual({ code: 0, stdout: "blue", stderr: "" });
  expect((await (await new Kvm(rig.nc).open("cfg")).get("color"))?.string()).toBe("blue");
});

test("add with natscli's flags makes that bucket; again with the same flags shows it, with others fails", async () => {
  const flags = ["--history", "5", "--ttl", "1h", "--max-value-size", "1KB", "--max-bucket-size", "1MB", "--description", "settings", "--storage", "memory"];
  const add = await run(["kv", "add", "FLAGS", ...flags, "--json"]);
  expect(add.code).toBe(0);
  const st = JSON.parse(add.stdout);
  expect(st).toMatchObject({ bucket: "FLAGS", description: "settings", history: 5, ttl: 3600e9, max_value_size: 1024, max_bytes: 1024 * 1024, storage: "memory", values: 0, stream: "KV_FLAGS" });
  const si = await rig.jsm.streams.info("KV_FLAGS");
  expect(si.config).toMatchObject({ max_msgs_per_subject: 5, max_age: 3600e9, max_msg_size: 1024, max_bytes: 1024 * 1024, storage: "memory", allow_rollup_hdrs: true, subjects: ["$KV.FLAGS.>"] });

  const again = await run(["kv", "add", "FLAGS", ...flags]);
  expect(again.code).toBe(0);
  expect(again.stderr).toBe("");
  expect(again.stdout).toMatch(/\n +History Kept: 5\n/);

  const other = await run(["kv", "add", "FLAGS", "--history", "2", "--storage", "memory"]);
  expectOneLineError(
    other,
    /^nats-stack: error: bucket 'FLAGS' already exists with another configuration: history 5, not 2; ttl 1h0m0s, not unlimited; maximum bucket size 1\.0 MiB, not unlimited; maximum value size 1\.0 KiB, not unlimited; description settings, not none \(/,
  );
  expect((await rig.jsm.streams.info("KV_FLAGS")).config.max_msgs_per_subject).toBe(5);
});

test("put from stdin; get pretty, --json and --revision; create and update compare-and-set", async () => {
  const kv = await bucket("VALUES");
  expect(await run(["kv", "put", "VALUES", "user.name"], "Ada Lovelace")).toEqual({ code: 0, stdout: "", stderr: "" });
  expect((await kv.get("user.name"))?.string()).toBe("Ada Lovelace");
  await kv.put("user.name", "Grace Hopper");

  const pretty = await run(["kv", "get", "VALUES", "user.name"]);
  expect(pretty.code).toBe(0);
  expect(pretty.stdout).toMatch(/^VALUES > user\.name revision: 2 created @ \d\d [A-Z][a-z]{2} \d\d \d\d:\d\d \S+\n\nGrace Hopper\n\n$/);

  const j = JSON.parse((await run(["kv", "get", "VALUES", "user.name", "--json"])).stdout);
  expect(j).toMatchObject({ bucket: "VALUES", key: "user.name", revision: 2, operation: "PUT", length: 12, value: "Grace Hopper" });
  expect(Date.parse(j.created)).toBeGreaterThan(0);
  expect((await run(["kv", "get", "VALUES", "user.name", "--revision", "1", "--raw"])).stdout).toBe("Ada Lovelace");

  expect(await run(["kv", "create", "VALUES", "user.email", "ada@example.com"])).toMatchObject({ code: 0, stdout: "ada@example.com\n" });
  expectOneLineError(await run(["kv", "create", "VALUES", "user.email", "x@example.com"]), /^nats-stack: error: could not create key VALUES > user\.email: wrong last sequence: 3 \(err_code 10071\)$/);
  expect(await run(["kv", "update", "VALUES", "user.email", "grace@example.com", "3"])).toMatchObject({ code: 0, stdout: "grace@example.com\n" });
  expectOneLineError(await run(["kv", "update", "VALUES", "user.email", "y@example.com", "3"]), /^nats-stack: error: could not update key VALUES > user\.email: wrong last sequence: 4 \(err_code 10071\)$/);
  expect((await kv.get("user.email"))?.string()).toBe("grace@example.com");

  // A value that is not text: --raw gives the bytes back, the pretty form base64, --json value_base64.
  const bin = await run(["kv", "put", "VALUES", "bin"], "\u0001\u0002abc");
  expect(bin.code).toBe(0);
  expect((await run(["kv", "get", "VALUES", "bin"])).stdout).toContain("\n\nAQJhYmM=\n\n");
  expect(JSON.parse((await run(["kv", "get", "VALUES", "bin", "--json"])).stdout).value).toBe("\u0001\u0002abc");
});

test("history as natscli's table and as JSON; del and purge ask first; a deleted key is not found", async () => {
  const kv = await bucket("HIST", [["color", "blue"], ["color", "green"], ["size", "10"]]);
  const table = await run(["kv", "history", "HIST", "color"]);
  expect(table.code).toBe(0);
  expect(table.stdout).toMatch(/│ +History for HIST > color +│/);
  expect(table.stdout).toMatch(/│ Key +│ Revision │ Op +│ Created +│ Length │ Value │/);
  expect(table.stdout).toMatch(/│ color │ 1 +│ PUT │ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d │ 4 +│ blue +│/);
  expect(table.stdout).toMatch(/│ color │ 2 +│ PUT │ .* │ 5 +│ green │/);

  const no = await run(["kv", "del", "HIST", "color"], "n\n");
  expect(no.code).toBe(0);
  expect(no.stderr).toContain("? Delete key HIST > color? [y/N]");
  expect(no.stderr).toMatch(/Skipping delete/);
  expect((await kv.get("color"))?.operation).toBe("PUT");
  const unanswered = await run(["kv", "del", "HIST", "color"]);
  expectOneLineError(unanswered, 'no answer to "Delete key HIST > color": stdin ended (give -f to delete without asking)');

  const yes = await run(["kv", "del", "HIST", "color"], "y\n");
  expect(yes.code).toBe(0);
  expect(yes.stderr).toMatch(/Deleted key HIST > color/);
  expect((await kv.get("color"))?.operation).toBe("DEL");
  expectOneLineError(await run(["kv", "get", "HIST", "color"]), /^nats-stack: error: key 'color' not found in bucket 'HIST' \(its last entry is a delete at revision 4; /);

  const hist = JSON.parse((await run(["kv", "history", "HIST", "color", "--json"])).stdout);
  expect(hist.map((e: { revision: number; operation: string }) => [e.revision, e.operation])).toEqual([[1, "PUT"], [2, "PUT"], [4, "DEL"]]);

  expect((await run(["kv", "purge", "HIST", "size", "-f"])).stderr).toMatch(/Purged key HIST > size/);
  const after = JSON.parse((await run(["kv", "history", "HIST", "size", "--json"])).stdout);
  expect(after.map((e: { operation: string }) => e.operation)).toEqual(["PURGE"]);

  const compact = await run(["kv", "compact", "HIST", "-f"]);
  expect(compact.code).toBe(0);
  expect(compact.stderr).toMatch(/Removed \d+ entries of deleted keys from HIST/);
  // Markers younger than 30 minutes stay, alone (as nats.go's PurgeDeletes): the history before them is gone.
  expect(JSON.parse((await run(["kv", "history", "HIST", "color", "--json"])).stdout).map((e: { operation: string }) => e.operation)).toEqual(["DEL"]);
});

test("revert puts an older revision back, asking first unless -f", async () => {
  const kv = await bucket("REV", [["mode", "fast"], ["mode", "safe"]]);
  const asked = await run(["kv", "revert", "REV", "mode", "1"], "y\n");
  expect(asked.code).toBe(0);
  expect(asked.stderr).toContain("Revision: 1\n\nfast\n\n");
  expect(asked.stdout).toMatch(/│ mode │ 3 +│ PUT │ .* │ fast +│/);
  expect((await kv.get("mode"))?.string()).toBe("fast");
  expect((await run(["kv", "revert", "REV", "mode", "2", "-f"])).code).toBe(0);
  expect((await kv.get("mode"))?.string()).toBe("safe");
  expectOneLineError(await run(["kv", "revert", "REV", "mode", "9", "-f"]), /^nats-stack: error: key 'mode' not found in bucket 'REV' \(it has no revision 9; /);
});

test("ls: the buckets as natscli's table, --names and --json; a bucket's keys, --verbose and --json; keys with filters", async () => {
  await bucket("LSA", [["b.two", "2"], ["a.one", "1"], ["gone", "x"]]);
  await (await new Kvm(rig.nc).open("LSA")).delete("gone");
  const table = await run(["kv", "ls"]);
  expect(table.code).toBe(0);
  expect(table.stdout).toMatch(/│ +Key-Value Buckets +│/);
  expect(table.stdout).toMatch(/│ Bucket +│ Description +│ Created +│ Size +│ Values +│ Last Update +│/);
  expect(table.stdout).toMatch(/│ LSA +│ +│ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d │ \d+ B +│ 4 +│/);
  expect(lines((await run(["kv", "ls", "--names"])).stdout)).toContain("LSA");
  const names = JSON.parse((await run(["kv", "ls", "--json"])).stdout);
  expect(names).toContain("LSA");
  expect(names).toEqual([...names].sort());

  expect(await run(["kv", "ls", "LSA"])).toEqual({ code: 0, stdout: "a.one\nb.two\n", stderr: "" });
  expect(JSON.parse((await run(["kv", "ls", "LSA", "--json"])).stdout)).toEqual(["a.one", "b.two"]);
  const verbose = await run(["kv", "ls", "LSA", "--verbose", "--display-value"]);
  expect(verbose.stdout).toMatch(/│ +Contents for bucket 'LSA' +│/);
  expect(verbose.stdout).toMatch(/│ a\.one │ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d │ 0 +│ 2 +│ 1 +│/);
  const vj = JSON.parse((await run(["kv", "ls", "LSA", "--verbose", "--json"])).stdout);
  expect(vj.map((e: { key: string; value: string }) => [e.key, e.value])).toEqual([["a.one", "1"], ["b.two", "2"]]);
  expect(JSON.parse((await run(["kv", "keys", "LSA", "b.*", "--json"])).stdout)).toEqual(["b.two"]);

  await bucket("LSEMPTY");
  expect((await run(["kv", "ls", "LSEMPTY"])).stdout).toBe("No keys found in bucket\n");
});

test("info (and its aliases status and view) shows natscli's columns; --json is the bucket's status with its stream info", async () => {
  await bucket("INFO", [["k", "v"]], 3);
  const info = await run(["kv", "info", "INFO"]);
  expect(info.code).toBe(0);
  expect(info.stdout).toMatch(/\n +History Kept: 3\n +Values Stored: 1\n +Compressed: false\n +Backing Store Kind: JetStream\n/);
  expect((await run(["kv", "status", "INFO"])).stdout).toBe(info.stdout);
  expect((await run(["kv", "view", "INFO"])).stdout).toBe(info.stdout);
  const j = JSON.parse((await run(["kv", "info", "INFO", "--json"])).stdout);
  expect(j).toMatchObject({ bucket: "INFO", history: 3, values: 1, storage: "file", replicas: 1, stream: "KV_INFO" });
  expect(j.stream_info.config.name).toBe("KV_INFO");
});

test("watch prints the last values, then each change as it happens, until Ctrl-C; --json lines", async () => {
  const kv = await bucket("WATCH", [["color", "blue"]]);
  const w = startCli(rig.cli, ["-s", rig.srv.url, "kv", "watch", "WATCH"]);
  try {
    await w.waitFor((p) => /PUT WATCH > color: blue\n/.test(p.stdout), "the stored value");
    await kv.put("color", "green");
    await w.waitFor((p) => /PUT WATCH > color: green\n/.test(p.stdout), "the update");
    await kv.delete("color");
    await w.waitFor((p) => /DELETE WATCH > color\n/.test(p.stdout), "the delete");
  } finally {
    w.child.kill("SIGINT");
  }
  const r = await w.exited;
  expect(r.code).toBe(0);
  expect(lines(r.stdout).map((l) => l.replace(/^\[[^\]]+\] /, ""))).toEqual(["PUT WATCH > color: blue", "PUT WATCH > color: green", "DELETE WATCH > color"]);
  expect(r.stdout).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] PUT/);

  const j = startCli(rig.cli, ["-s", rig.srv.url, "kv", "watch", "WATCH", "size", "--json"]);
  try {
    await kv.put("size", "10");
    await j.waitFor((p) => p.stdout.includes("\n"), "a JSON line");
  } finally {
    j.child.kill("SIGINT");
  }
  const jr = await j.exited;
  expect(jr.code).toBe(0);
  expect(JSON.parse(lines(jr.stdout)[0]!)).toMatchObject({ bucket: "WATCH", key: "size", operation: "PUT", value: "10" });
});

test("del without a key removes the bucket: asked first, then with -f", async () => {
  await bucket("GONE", [["k", "v"]]);
  const no = await run(["kv", "rm", "GONE"], "n\n");
  expect(no.stderr).toContain("? Delete bucket GONE? [y/N]");
  expect(await rig.streamNames()).toContain("KV_GONE");
  const rm = await run(["kv", "rm", "GONE", "-f"]);
  expect(rm).toMatchObject({ code: 0, stdout: "" });
  expect(rm.stderr).toMatch(/Deleted bucket GONE/);
  expect(await rig.streamNames()).not.toContain("KV_GONE");
});

describe("bad input: one line, exit 1, nothing written", () => {
  let kv: KV;
  beforeAll(async () => {
    kv = await bucket("SAFE", [["k", "v"]]);
  });
  const notFound = "bucket 'NOPE' not found (`nats-stack kv ls` lists the buckets)";
  const badKey = (k: string) => `invalid key: ${k} (a key holds letters, digits, '-', '/', '=', '_' and '.', with no '.' at either end)`;
  const badBucket = (b: string) => `invalid bucket name: ${b} (a bucket name holds letters, digits, '_' and '-')`;
  test.each([
    [["kv", "put", "NOPE", "k", "v"], notFound],
    [["kv", "get", "NOPE", "k"], notFound],
    [["kv", "create", "NOPE", "k", "v"], notFound],
    [["kv", "update", "NOPE", "k", "v", "1"], notFound],
    [["kv", "del", "NOPE", "k", "-f"], notFound],
    [["kv", "rm", "NOPE", "-f"], notFound],
    [["kv", "purge", "NOPE", "k", "-f"], notFound],
    [["kv", "history", "NOPE", "k"], notFound],
    [["kv", "watch", "NOPE"], notFound],
    [["kv", "ls", "NOPE"], notFound],
    [["kv", "keys", "NOPE"], notFound],
    [["kv", "info", "NOPE"], notFound],
    [["kv", "info", "NOPE", "--json"], notFound],
    [["kv", "compact", "NOPE", "-f"], notFound],
    [["kv", "put", "SAFE", "a b", "v"], badKey("a b")],
    [["kv", "put", "SAFE", ".k", "v"], badKey(".k")],
    [["kv", "put", "SAFE", "k.*", "v"], badKey("k.*")],
    [["kv", "get", "SAFE", "a..b"], badKey("a..b")],
    [["kv", "del", "SAFE", "k.>", "-f"], badKey("k.>")],
    [["kv", "history", "SAFE", "a b"], /^nats-stack: error: invalid key: a b \(a key or a filter/],
    [["kv", "add", "a.b"], badBucket("a.b")],
    [["kv", "put", "a b", "k", "v"], badBucket("a b")],
    [["kv", "get", "a*", "k"], badBucket("a*")],
    [["kv", "get", "SAFE", "missing"], "key 'missing' not found in bucket 'SAFE'"],
    [["kv", "get", "SAFE", "k", "--revision", "x"], "--revision must be a whole number of at least 1, not 'x'"],
    [["kv", "get", "SAFE", "k", "--raw", "--json"], "--raw and --json cannot be used together"],
    [["kv", "history", "SAFE", "missing"], "key 'missing' not found in bucket 'SAFE'"],
    [["kv", "update", "SAFE", "k", "v", "0"], "the revision must be a whole number of at least 1, not '0'"],
    [["kv", "add", "BAD", "--history", "65"], "--history must be at most 64, not 65"],
    [["kv", "add", "BAD", "--storage", "tape"], "--storage must be one of file, f, memory, m, not 'tape'"],
    [["kv", "add", "BAD", "--ttl", "soon"], "invalid --ttl 'soon' (use a number with a unit: 500ms, 5s, 1m30s)"],
    [["kv", "add", "BAD", "--max-value-size", "big"], "invalid --max-value-size 'big' (use bytes or a unit: 16, 1KB, 1MiB)"],
    [["kv", "add", "BAD", "--republish-destination", "a..b"], "illegal subject: 'a..b': subject has an empty token"],
    [["kv", "watch", "SAFE", "k", "--history", "--updates"], "--history and --updates cannot be used together"],
  ])("%j", async (args, text) => {
    const before = await rig.streamNames();
    const state = (await rig.jsm.streams.info("KV_SAFE")).state;
    expectOneLineError(await run(args as string[]), text as string | RegExp);
    expect(await rig.streamNames()).toEqual(before);
    expect((await rig.jsm.streams.info("KV_SAFE")).state).toMatchObject({ messages: state.messages, last_seq: state.last_seq });
    expect((await kv.get("k"))?.string()).toBe("v");
  });

  test("no server listening", async () => {
    for (const args of [["kv", "ls"], ["kv", "add", "X"], ["kv", "put", "X", "k", "v"], ["kv", "get", "X", "k"], ["kv", "rm", "X", "-f"]]) {
      expectOneLineError(await runCli(rig.cli, ["-s", rig.deadUrl, ...args]), /^nats-stack: error: could not connect to nats:\/\/127\.0\.0\.1:\d+: connection refused/);
    }
  });

  test("a server without JetStream", async () => {
    for (const args of [["kv", "add", "X"], ["kv", "get", "X", "k"]]) {
      expectOneLineError(
        await runCli(rig.cli, ["-s", rig.plain.url, ...args]),
        `JetStream is not enabled on ${rig.plain.url}: jetstream is not enabled (start nats-server with -js, or \`nats-stack server run --jetstream\`)`,
      );
    }
  });
});
