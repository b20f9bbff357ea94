/**
 * `object …` against a real JetStream server: a file in and out (several chunks, the digest checked against
 * the file's SHA-256), stdin and stdout, natscli's tables and columns, `--json` parsed, questions before
 * replacing or deleting, seal, watch, and bad input (an unknown store, a bad store name, a missing object or
 * file, a corrupt object, no server, no JetStream) as one line with exit status 1 and nothing written.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Objm, type ObjectStore } from "@nats-stack/jetstream/obj";
import { cliEnv, expectOneLineError, lines, runCli, startCli } from "../helpers/cli";
import { jsCliRigPerFile } from "../helpers/js-cli-rig";

let dir: string;

jest.setTimeout(60_000);

const rig = jsCliRigPerFile({ plain: true });
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nats-stack-object-test-"));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[], input?: string) => rig.run(args, input, { cwd: dir });
const store = (name: string): Promise<ObjectStore> => new Objm(rig.nc).create(name);
/** Bytes that do not compress or repeat. */
const randomBytes = (n: number) => {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 2654435761) >>> 24;
  return b;
};
const sha256Hex = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

test("add, put a file in chunks, get it back to a file: the same bytes, and the digest is the file's SHA-256", async () => {
  const add = await run(["object", "add", "FILES"]);
  expect(add.code).toBe(0);
  expect(add.stderr).toMatch(/Object store FILES was created/);
  expect(add.stdout).toMatch(/^Information for Object Store Bucket FILES created \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)\n\nConfiguration:\n\n/);
  expect(add.stdout).toMatch(/\n +Bucket Name: FILES\n +Replicas: 1\n +TTL: unlimited\n +Sealed: false\n/);
  expect(add.stdout).toMatch(/\n +JetStream Stream: OBJ_FILES\n/);

  const data = randomBytes(300_000);
  writeFileSync(join(dir, "photo.raw"), data);
  const put = await run(["object", "put", "FILES", "./photo.raw"]);
  expect(put.code).toBe(0);
  // Off a terminal there is no progress bar.
  expect(put.stderr).toBe("");
  expect(put.stdout).toMatch(/^Object information for FILES > photo\.raw\n/);
  expect(put.stdout).toMatch(/\n +Size: 293\.0 KiB\n/);
  expect(put.stdout).toMatch(/\n +Chunks: 3\n/);
  expect(put.stdout).toContain(`Digest: SHA-256 ${sha256Hex(data)}\n`);

  const get = await run(["object", "get", "FILES", "photo.raw", "-O", "back.raw"]);
  expect(get.code).toBe(0);
  expect(get.stdout).toBe("");
  expect(get.stderr).toMatch(new RegExp(`Wrote: 293\\.0 KiB to ${join(dir, "back.raw").replace(/[.]/g, "\\.")} in `));
  expect(Buffer.compare(readFileSync(join(dir, "back.raw")), data)).toBe(0);
  // natscli's default target: the object's name, in the current folder (here a name with a folder in it).
  writeFileSync(join(dir, "notes.txt"), "remember the milk\n");
  expect((await run(["object", "put", "FILES", "notes.txt", "--name", "docs/notes.txt"])).code).toBe(0);
  rmSync(join(dir, "notes.txt"));
  expect((await run(["object", "get", "FILES", "docs/notes.txt"])).code).toBe(0);
  expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("remember the milk\n");
  expect(readdirSync(dir).filter((f) => f.endsWith(".part"))).toEqual([]);
});

test("on a terminal, put and get show a progress bar (not with --no-progress)", async () => {
  writeFileSync(join(dir, "bar.raw"), randomBytes(100_000));
  // util-linux's script(1) gives the command a terminal; its output is what the terminal showed.
  const onTty = (args: string[]) => {
    const cmd = [process.execPath, rig.cli.bin, "-s", rig.srv.url, ...args].map((a) => `'${a}'`).join(" ");
    const r = spawnSync("script", ["-qec", cmd, "/dev/null"], { cwd: dir, env: cliEnv(), encoding: "utf8", timeout: 30_000 });
    expect(r.status).toBe(0);
    return r.stdout;
  };
  await store("BAR");
  expect(onTty(["object", "put", "BAR", "bar.raw"])).toMatch(/100% \| 97\.7 KiB \/ 97\.7 KiB \|/);
  expect(onTty(["object", "get", "BAR", "bar.raw", "-O", "bar2.raw"])).toMatch(/100% \| 97\.7 KiB \/ 97\.7 KiB \|/);
  expect(onTty(["object", "get", "BAR", "bar.raw", "-O", "bar2.raw", "-f", "--no-progress"])).not.toMatch(/%/);
  expect(Buffer.compare(readFileSync(join(dir, "bar2.raw")), readFileSync(join(dir, "bar.raw")))).toBe(0);
});

test("put from stdin with --name, headers and a description; get to stdout with -O -; --json parsed", async () => {
  await store("STDIO");
  const put = await run(["object", "put", "STDIO", "--name", "greeting.txt", "-H", "Content-Type:text/plain", "--description", "a greeting", "--json"], "hello from stdin\n");
  expect(put.code).toBe(0);
  const oi = JSON.parse(put.stdout);
  expect(oi).toMatchObject({ bucket: "STDIO", name: "greeting.txt", description: "a greeting", size: 17, chunks: 1, deleted: false, headers: { "Content-Type": ["text/plain"] } });
  // nats.js's form: URL-safe base64 with its padding.
  expect(oi.digest).toBe(`SHA-256=${createHash("sha256").update("hello from stdin\n").digest("base64url")}=`);

  const out = await run(["object", "get", "STDIO", "greeting.txt", "-O", "-"]);
  expect(out.code).toBe(0);
  expect(out.stdout).toBe("hello from stdin\n");
  expect(out.stderr).toMatch(/Wrote: 17 B to stdout in /);

  const info = await run(["object", "info", "STDIO", "greeting.txt"]);
  expect(info.stdout).toMatch(/^Object information for STDIO > greeting\.txt\n\n +Description: a greeting\n +Size: 17 B\nModification Time: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\n +Chunks: 1\n +Digest: SHA-256 [0-9a-f]{64}\n +Headers: Content-Type: text\/plain\n$/);
  expect(JSON.parse((await run(["object", "info", "STDIO", "greeting.txt", "--json"])).stdout)).toMatchObject({ name: "greeting.txt", size: 17, revision: expect.any(Number) });
  const st = JSON.parse((await run(["object", "info", "STDIO", "--json"])).stdout);
  expect(st).toMatchObject({ bucket: "STDIO", sealed: false, storage: "file", replicas: 1, stream: "OBJ_STDIO" });
  expect(st.size).toBeGreaterThan(17);
});

test("ls: the stores and a store's objects as natscli's tables, --names and --json", async () => {
  const os = await store("LIST");
  await os.putBlob({ name: "a.txt" }, new TextEncoder().encode("aaa"));
  await os.putBlob({ name: "b.bin" }, randomBytes(2048));
  const stores = await run(["object", "ls"]);
  expect(stores.stdout).toMatch(/│ +Object Store Buckets +│/);
  expect(stores.stdout).toMatch(/│ Bucket +│ Description +│ Created +│ Size +│ Last Update +│/);
  expect(stores.stdout).toMatch(/│ LIST +│ +│ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d │ [\d.]+ (B|KiB) +│/);
  expect(lines((await run(["object", "ls", "--names"])).stdout)).toContain("LIST");
  expect(JSON.parse((await run(["object", "ls", "--json"])).stdout)).toContain("LIST");

  const contents = await run(["object", "ls", "LIST"]);
  expect(contents.stdout).toMatch(/│ +Bucket Contents +│/);
  expect(contents.stdout).toMatch(/│ a\.txt │ 3 B +│ \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ │/);
  expect(contents.stdout).toMatch(/│ b\.bin │ 2\.0 KiB │/);
  expect(await run(["object", "ls", "LIST", "--names"])).toMatchObject({ code: 0, stdout: "a.txt\nb.bin\n" });
  const j = JSON.parse((await run(["object", "ls", "LIST", "--json"])).stdout);
  expect(j.map((o: { name: string; size: number }) => [o.name, o.size])).toEqual([["a.txt", 3], ["b.bin", 2048]]);
  await store("LISTEMPTY");
  expect((await run(["object", "ls", "LISTEMPTY"])).stdout).toBe("No entries found\n");
});

test("put over an existing object and get over an existing file ask first; -f replaces", async () => {
  const os = await store("REPLACE");
  await os.putBlob({ name: "r.txt" }, new TextEncoder().encode("first"));
  writeFileSync(join(dir, "r.txt"), "second");
  const unanswered = await run(["object", "put", "REPLACE", "r.txt"]);
  expectOneLineError(unanswered, 'no answer to "Replace existing file REPLACE > r.txt": stdin ended (give -f to replace without asking)');
  expect(new TextDecoder().decode((await os.getBlob("r.txt"))!)).toBe("first");
  const no = await run(["object", "put", "REPLACE", "r.txt"], "n\n");
  expect(no.code).toBe(0);
  expect(no.stderr).toMatch(/Kept REPLACE > r\.txt/);
  expect(new TextDecoder().decode((await os.getBlob("r.txt"))!)).toBe("first");
  expect((await run(["object", "put", "REPLACE", "r.txt"], "y\n")).code).toBe(0);
  expect(new TextDecoder().decode((await os.getBlob("r.txt"))!)).toBe("second");

  writeFileSync(join(dir, "r.txt"), "local");
  expectOneLineError(await run(["object", "get", "REPLACE", "r.txt"]), `no answer to "Replace existing target file ${join(dir, "r.txt")}": stdin ended (give -f to replace without asking)`);
  expect(readFileSync(join(dir, "r.txt"), "utf8")).toBe("local");
  expect((await run(["object", "get", "REPLACE", "r.txt", "-f"])).code).toBe(0);
  expect(readFileSync(join(dir, "r.txt"), "utf8")).toBe("second");
});

test("del asks first and removes the object; a deleted object is not found, info shows it deleted; rm of the store", async () => {
  const os = await store("DEL");
  await os.putBlob({ name: "d.txt" }, new TextEncoder().encode("bye"));
  const no = await run(["object", "del", "DEL", "d.txt"], "n\n");
  expect(no.stderr).toContain("? Delete 3 B byte file DEL > d.txt? [y/N]");
  expect((await os.info("d.txt"))?.deleted).toBe(false);
  const yes = await run(["object", "rm", "DEL", "d.txt", "-f"]);
  expect(yes.code).toBe(0);
  expect(yes.stderr).toMatch(/Removed DEL > d\.txt/);
  expect(yes.stdout).toMatch(/^Information for Object Store Bucket DEL created/);
  expect((await os.info("d.txt"))?.deleted).toBe(true);

  expect((await run(["object", "info", "DEL", "d.txt"])).stdout).toMatch(/\n +Deleted: true\n/);
  const get = await run(["object", "get", "DEL", "d.txt"]);
  expectOneLineError(get, "object 'd.txt' not found in object store 'DEL': it was deleted (`nats-stack object ls DEL` lists its objects)");
  expect(existsSync(join(dir, "d.txt"))).toBe(false);

  const keep = await run(["object", "rm", "DEL"], "n\n");
  expect(keep.stderr).toContain("? Delete bucket DEL and all its files? [y/N]");
  expect(await rig.streamNames()).toContain("OBJ_DEL");
  expect((await run(["object", "rm", "DEL", "-f"])).stderr).toMatch(/Deleted object store DEL/);
  expect(await rig.streamNames()).not.toContain("OBJ_DEL");
});

test("seal: asked first, then nothing can be put", async () => {
  await store("SEAL");
  expect((await run(["object", "seal", "SEAL"], "n\n")).code).toBe(0);
  expect((await rig.jsm.streams.info("OBJ_SEAL")).config.sealed).toBeFalsy();
  const seal = await run(["object", "seal", "SEAL", "-f"]);
  expect(seal.code).toBe(0);
  expect(seal.stderr).toMatch(/SEAL has been sealed/);
  expect(seal.stdout).toMatch(/\n +Sealed: true\n/);
  const put = await run(["object", "put", "SEAL", "--name", "x.txt"], "x");
  expectOneLineError(put, /^nats-stack: error: could not put stdin as SEAL > x\.txt: .*sealed/);
  expect((await rig.jsm.streams.info("OBJ_SEAL")).state.messages).toBe(0);
});

test("watch prints the objects, then each change as it happens, until Ctrl-C", async () => {
  const os = await store("WATCH");
  await os.putBlob({ name: "one.txt" }, new TextEncoder().encode("1"));
  const w = startCli(rig.cli, ["-s", rig.srv.url, "object", "watch", "WATCH"]);
  try {
    await w.waitFor((p) => /PUT WATCH > one\.txt: 1 B bytes in 1 chunks\n/.test(p.stdout), "the stored object");
    await os.putBlob({ name: "two.txt" }, new TextEncoder().encode("22"));
    await w.waitFor((p) => /PUT WATCH > two\.txt: 2 B bytes in 1 chunks\n/.test(p.stdout), "the new object");
    await os.delete("one.txt");
    await w.waitFor((p) => /DEL WATCH > one\.txt\n/.test(p.stdout), "the delete");
  } finally {
    w.child.kill("SIGINT");
  }
  expect((await w.exited).code).toBe(0);
});

test("a corrupt object fails the read in one line, and neither a new file nor an existing one is written", async () => {
  const os = await store("CORRUPT");
  const oi = await os.putBlob({ name: "doc.txt" }, new TextEncoder().encode("the original text"));
  // Swap the only chunk for other bytes of the same size: the size checks pass, the digest does not.
  await rig.jsm.streams.purge("OBJ_CORRUPT", { filter: `$O.CORRUPT.C.${oi.nuid}` });
  await rig.jsm.jetstream().publish(`$O.CORRUPT.C.${oi.nuid}`, "the tampered text");
  const r = await run(["object", "get", "CORRUPT", "doc.txt", "-O", "doc.txt"]);
  expectOneLineError(r, /^nats-stack: error: could not get CORRUPT > doc\.txt: received a corrupt object, digests do not match expected: SHA-256=\S+ computed: /);
  expect(existsSync(join(dir, "doc.txt"))).toBe(false);
  writeFileSync(join(dir, "doc.txt"), "mine");
  expectOneLineError(await run(["object", "get", "CORRUPT", "doc.txt", "-f"]), /digests do not match/);
  expect(readFileSync(join(dir, "doc.txt"), "utf8")).toBe("mine");
  expect(readdirSync(dir).filter((f) => f.endsWith(".part"))).toEqual([]);
});

describe("bad input: one line, exit 1, nothing written", () => {
  let os: ObjectStore;
  beforeAll(async () => {
    os = await store("SAFE");
    await os.putBlob({ name: "k.txt" }, new TextEncoder().encode("v"));
    writeFileSync(join(dir, "exists.txt"), "data");
  });
  const notFound = "object store 'NOPE' not found (`nats-stack object ls` lists the stores)";
  const badName = (b: string) => `invalid bucket name: ${b} (a store name holds letters, digits, '_' and '-')`;
  const missing = "object 'missing.txt' not found in object store 'SAFE' (`nats-stack object ls SAFE` lists its objects)";
  test.each([
    [["object", "put", "NOPE", "exists.txt"], notFound],
    [["object", "get", "NOPE", "k.txt"], notFound],
    [["object", "info", "NOPE"], notFound],
    [["object", "info", "NOPE", "k.txt", "--json"], notFound],
    [["object", "ls", "NOPE"], notFound],
    [["object", "del", "NOPE", "k.txt", "-f"], notFound],
    [["object", "rm", "NOPE", "-f"], notFound],
    [["object", "seal", "NOPE", "-f"], notFound],
    [["object", "watch", "NOPE"], notFound],
    [["object", "add", "a.b"], badName("a.b")],
    [["object", "put", "a b", "exists.txt"], badName("a b")],
    [["object", "get", "a*", "k.txt"], badName("a*")],
    [["object", "get", "SAFE", "missing.txt"], missing],
    [["object", "info", "SAFE", "missing.txt"], missing],
    [["object", "del", "SAFE", "missing.txt", "-f"], missing],
    [["object", "put", "SAFE", "no-such-file.txt"], "file 'no-such-file.txt' does not exist"],
    [["object", "put", "SAFE", "."], "'.' is not a file"],
    [["object", "put", "SAFE"], "--name is required when reading from stdin"],
    [["object", "put", "SAFE", "exists.txt", "-H", "nocolon"], "invalid header 'nocolon' (use -H key:value)"],
    [["object", "add", "BAD", "--storage", "tape"], "--storage must be one of file, f, memory, m, not 'tape'"],
    [["object", "add", "BAD", "--ttl", "soon"], "invalid --ttl 'soon' (use a number with a unit: 500ms, 5s, 1m30s)"],
    [["object", "add", "BAD", "--metadata", "novalue"], "invalid --metadata 'novalue' (use --metadata key=value)"],
  ])("%j", async (args, text) => {
    const before = await rig.streamNames();
    const state = (await rig.jsm.streams.info("OBJ_SAFE")).state;
    const files = readdirSync(dir).sort();
    expectOneLineError(await run(args as string[]), text as string | RegExp);
    expect(await rig.streamNames()).toEqual(before);
    expect((await rig.jsm.streams.info("OBJ_SAFE")).state).toMatchObject({ messages: state.messages, last_seq: state.last_seq });
    expect(readdirSync(dir).sort()).toEqual(files);
  });

  test("no server listening", async () => {
    for (const args of [["object", "ls"], ["object", "add", "X"], ["object", "put", "X", "exists.txt"], ["object", "get", "X", "y"]]) {
      expectOneLineError(await runCli(rig.cli, ["-s", rig.deadUrl, ...args], { cwd: dir }), /^nats-stack: error: could not connect to nats:\/\/127\.0\.0\.1:\d+: connection refused/);
    }
  });

  test("a server without JetStream", async () => {
    expectOneLineError(
      await runCli(rig.cli, ["-s", rig.plain.url, "object", "ls"]),
      `JetStream is not enabled on ${rig.plain.url}: jetstream is not enabled (start nats-server with -js, or \`nats-stack server run --jetstream\`)`,
    );
  });
});
