/**
 * `nats-stack conform`, run from the built bundle in a folder outside the repository (as `npx nats-stack`
 * runs it from the published package): the kit finds the corpus shipped beside the executable, gets its
 * arguments untouched, and its exit status is the command's.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { cliPerFile, lines, runCli, type RunOptions } from "../helpers/cli";

const cli = cliPerFile();
let srv: NatsServer;
let away: string;
const corpus = join(__dirname, "..", "..", "..", "..", "fixtures", "transcripts");

jest.setTimeout(60_000);

beforeAll(async () => {
  srv = await startServer();
  // A working directory with no fixtures folder above it: the kit cannot find the repository's corpus.
  away = mkdtempSync(join(tmpdir(), "nats-stack-conform-cwd-"));
});
afterAll(async () => {
  await srv?.stop();
  rmSync(away, { recursive: true, force: true });
});

const conform = (args: string[], opts: RunOptions = {}) => runCli(cli, ["conform", ...args], { cwd: away, ...opts });

test("list: every scenario of the shipped corpus, pretty and --json", async () => {
  const r = await conform(["list"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^core\/ping-pong {2}\(server suite only; recorded with raw/m);
  expect(r.stdout).toMatch(/^jetstream\/stream-lifecycle /m);
  expect(r.stdout).toMatch(/^stan\/\S+ /m);
  const j = await conform(["list", "--suite", "core", "--json"]);
  expect(j.code).toBe(0);
  const ids = (JSON.parse(j.stdout) as Array<{ id: string }>).map((s) => s.id);
  expect(ids.length).toBeGreaterThanOrEqual(20);
  expect(ids.every((id) => id.startsWith("core/"))).toBe(true);
  expect(ids).toContain("core/ping-pong");
});

test("server <url> --only core/ping-pong: skipped against a URL (it needs its recorded ping settings), run with --launch", async () => {
  const r = await conform(["server", srv.url, "--only", "core/ping-pong"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`Server conformance of ${srv.url}`);
  expect(r.stdout).toMatch(/core\/ping-pong +skip +needs a server started with config "ping_interval/);
  expect(r.stdout).toContain("0 passed, 0 failed, 1 skipped");
  const launched = await conform(["server", "--launch", "--only", "core/ping-pong"]);
  expect(launched.code).toBe(0);
  expect(launched.stdout).toMatch(/core\/ping-pong +pass/);
  expect(launched.stdout).toContain("1 passed, 0 failed, 0 skipped");
});

test("server <url> with the kit's own options (--timeout, --json) after the verb", async () => {
  // -s before the verb is the program's; --timeout after it is the kit's (milliseconds, not a Go duration).
  const r = await runCli(cli, ["-s", "nats://127.0.0.1:1", "conform", "server", srv.url, "--only", "core/pub-sub-plain", "--timeout", "5000", "--json"], { cwd: away });
  expect(r.code).toBe(0);
  const rep = JSON.parse(r.stdout);
  expect(rep).toMatchObject({ mode: "server", target: srv.url, passed: 1, failed: 0 });
  expect(rep.results[0]).toMatchObject({ id: "core/pub-sub-plain", status: "pass" });
  expect(r.stderr).toMatch(/^pass {2}core\/pub-sub-plain$/m);
});

test("diff: 0 for the same exchange, 1 when the recordings differ", async () => {
  const same = await conform(["diff", join(corpus, "core", "ping-pong.jsonl"), join(corpus, "core", "ping-pong.jsonl")]);
  expect(same.code).toBe(0);
  expect(same.stdout).toContain("the same protocol exchange");
  const differ = await conform(["diff", join(corpus, "core", "ping-pong.jsonl"), join(corpus, "core", "pub-sub-plain.jsonl")]);
  expect(differ.code).toBe(1);
  expect(differ.stdout).toContain('header scenario: "ping-pong" → "pub-sub-plain"');
});

test("a usage error is the kit's: its message and exit status 2", async () => {
  const r = await conform(["bogus"]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(lines(r.stderr)).toEqual(["nats-conform: unknown command 'bogus' (use server, client, record, diff, list or help)", "run 'nats-conform help' for the usage"]);
  const help = await conform(["--help"]);
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/^nats-conform: check a NATS server or client/);
});

test("NATS_STACK_FIXTURES points the kit at another corpus", async () => {
  const other = mkdtempSync(join(tmpdir(), "nats-stack-conform-corpus-"));
  try {
    mkdirSync(join(other, "transcripts", "core"), { recursive: true });
    copyFileSync(join(corpus, "core", "ping-pong.jsonl"), join(other, "transcripts", "core", "ping-pong.jsonl"));
    const r = await conform(["list", "--json"], { env: { NATS_STACK_FIXTURES: other } });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Array<{ id: string }>).map((s) => s.id)).toEqual(["core/ping-pong"]);
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});
