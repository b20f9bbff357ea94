/** `bench`: the exact form from the issue, its report (Markdown and SVG), JSON, a temporary server, and --compare. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { cliPerFile, lines, prefix, runCli } from "../helpers/cli";
import { bars, histogramColumns, parseSvg } from "../helpers/svg";

const cli = cliPerFile();
let srv: NatsServer;
let dir: string;

jest.setTimeout(120_000);

beforeAll(async () => {
  srv = await startServer({ config: "max_pending: 512MB\n" });
  dir = mkdtempSync(join(tmpdir(), "nats-stack-bench-test-"));
});
afterAll(async () => {
  await srv?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("nats-stack -s URL bench demo.bench --pub 1 --msgs 10000 --size 16 --report DIR", async () => {
  const out = join(dir, "exact");
  const r = await runCli(cli, ["-s", srv.url, "bench", `${prefix("bench")}.demo`, "--pub", "1", "--msgs", "10000", "--size", "16", "--report", out], { timeout: 60_000 });
  expect(r.code).toBe(0);
  // Not a terminal: no bars, plain lines.
  expect(r.stderr).not.toMatch(/\u001b\[/);
  expect(r.stderr).toMatch(/Starting Core NATS pub\/sub benchmark \[subject=.*, msgs=10,000, msgsize=16 B, pubs=1, subs=0, pubbatch=100\]/);
  expect(r.stdout).toMatch(/│ Client +│ +Msgs │ +Msgs\/s │ MiB\/s │/);
  expect(r.stdout).toMatch(/│ Pub #1 +│ 10,000 │ +[\d,]+ │ +[\d.]+ │/);
  const md = readFileSync(join(out, "bench.md"), "utf8");
  expect(md).toContain("![throughput and latency](bench.svg)");
  expect(md).toMatch(/\| Pub #1 \| 10,000 \| [\d,]+ \| [\d.]+ \| - \| - \| - \| - \|/);
  const doc = parseSvg(readFileSync(join(out, "bench.svg"), "utf8"));
  const b = bars(doc);
  expect(b.map((x) => [x.client, x.lib])).toEqual([["pub-1", "nats-stack"]]);
  expect(b[0]!.value).toBeGreaterThan(0);
  const json = JSON.parse(readFileSync(join(out, "bench.json"), "utf8"));
  expect(json.plan).toMatchObject({ pubs: 1, subs: 0, msgs: 10000, size: 16 });
});

test("pubs and subs: a bar per client, latency percentiles, --json output", async () => {
  const out = join(dir, "pubsub");
  const r = await runCli(cli, ["-s", srv.url, "bench", `${prefix("bench")}.ps`, "--pub", "2", "--sub", "2", "--msgs", "4000", "--size", "64", "--report", out, "--json"], { timeout: 60_000 });
  expect(r.code).toBe(0);
  const rep = JSON.parse(r.stdout);
  const lib = rep.libs[0];
  expect(lib.rows.map((x: { key: string }) => x.key)).toEqual(["pub-1", "pub-2", "pubs", "sub-1", "sub-2", "subs"]);
  expect(lib.rows.find((x: { key: string }) => x.key === "subs").msgs).toBe(8000);
  expect(lib.latency.count).toBeGreaterThan(0);
  expect(lib.latency.p50).toBeLessThanOrEqual(lib.latency.p99);
  const doc = parseSvg(readFileSync(join(out, "bench.svg"), "utf8"));
  expect(bars(doc).map((x) => x.client)).toEqual(["pub-1", "pub-2", "pubs", "sub-1", "sub-2", "subs"]);
  expect(histogramColumns(doc)).toBeGreaterThan(0);
});

test("without -s it starts a temporary nats-server of its own", async () => {
  const r = await runCli(cli, ["bench", "demo.bench", "--pub", "1", "--sub", "1", "--msgs", "2000", "--size", "16"], { timeout: 60_000 });
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/Started a temporary nats-server on nats:\/\/127\.0\.0\.1:\d+/);
  expect(r.stdout).toMatch(/│ Sub #1 +│ +2,000 │/);
});

test("--compare nats.js runs both libraries in their own processes, interleaved, and compares them", async () => {
  const out = join(dir, "compare");
  const r = await runCli(cli, ["-s", srv.url, "bench", `${prefix("bench")}.cmp`, "--pub", "1", "--sub", "1", "--msgs", "3000", "--size", "32", "--compare", "nats.js", "--rounds", "2", "--report", out], { timeout: 120_000 });
  expect(r.code).toBe(0);
  // Round 1: ours first; round 2: nats.js first.
  const order = lines(r.stderr).filter((l) => /round \d\/2/.test(l)).map((l) => /round (\d)\/2 (\S+):/.exec(l)!.slice(1).join(" "));
  expect(order).toEqual(["1 nats-stack", "1 nats.js", "2 nats.js", "2 nats-stack"]);
  expect(r.stdout).toMatch(/│ Client +│ nats-stack │ nats\.js │ nats-stack ÷ nats\.js │/);
  expect(r.stdout).toMatch(/│ Pub #1 +│ +[\d,]+ │ +[\d,]+ │ +[\d.]+× │/);
  const b = bars(parseSvg(readFileSync(join(out, "bench.svg"), "utf8")));
  expect(b.map((x) => `${x.client}/${x.lib}`)).toEqual(["pub-1/nats-stack", "pub-1/nats.js", "sub-1/nats-stack", "sub-1/nats.js"]);
});

test("bad bench input: one line, exit 1", async () => {
  const r = await runCli(cli, ["-s", srv.url, "bench", "demo.*", "--msgs", "10"]);
  expect(r).toEqual({ code: 1, stdout: "", stderr: "nats-stack: error: illegal subject: 'demo.*': subject has a wildcard '*'\n" });
  const r2 = await runCli(cli, ["-s", srv.url, "bench", "demo.x", "--pub", "0"]);
  expect(r2).toEqual({ code: 1, stdout: "", stderr: "nats-stack: error: bench needs at least one publisher (--pub 1)\n" });
  const r3 = await runCli(cli, ["-s", srv.url, "bench", "demo.x", "--compare", "nats.go"]);
  expect(r3.code).toBe(1);
  expect(lines(r3.stderr)).toEqual(["nats-stack: error: option '--compare <client>' argument 'nats.go' is invalid. Allowed choices are nats.js."]);
});
