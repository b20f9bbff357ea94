/**
 * `bench --js`: natscli's JetStream shapes (acknowledged publishes, ordered consumers, a shared durable pull
 * or push consumer, consume-only runs of what is stored), the report, `--compare nats.js` on
 * @nats-io/jetstream in its own processes, and bad input as one line.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type NatsConnection } from "@nats-stack/core";
import { jetstreamManager, type JetStreamManager } from "@nats-stack/jetstream";
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { cliPerFile, expectOneLineError, lines, runCli } from "../helpers/cli";
import { bars, histogramColumns, parseSvg } from "../helpers/svg";

const cli = cliPerFile();
let srv: NatsServer;
let plain: NatsServer;
let nc: NatsConnection;
let jsm: JetStreamManager;
let dir: string;

// One subject for the defined benchstream (natscli defines it on the subject of the first run).
const SUBJECT = "clitest.jsbench";

jest.setTimeout(120_000);

beforeAll(async () => {
  srv = await startServer({ jetstream: true, config: "max_pending: 512MB\n" });
  plain = await startServer();
  nc = await connect({ servers: srv.url });
  jsm = await jetstreamManager(nc);
  dir = mkdtempSync(join(tmpdir(), "nats-stack-bench-js-test-"));
});
afterAll(async () => {
  await nc?.close();
  await srv?.stop();
  await plain?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const bench = (args: string[], timeout = 90_000) => runCli(cli, ["-s", srv.url, "bench", SUBJECT, "--js", ...args], { timeout });

test("publish and consume through ordered consumers, with latency and the report", async () => {
  const out = join(dir, "ordered");
  const r = await bench(["--pub", "1", "--sub", "2", "--msgs", "3000", "--size", "16", "--report", out]);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(
    /Starting JetStream benchmark \[subject=clitest\.jsbench, msgs=3,000, msgsize=16 B, pubs=1, subs=2, stream=benchstream, storage=file, syncpub=false, pubbatch=100, pull=false, push=false, consumerbatch=100, purge=false\]/,
  );
  expect(r.stdout).toMatch(/│ Pub #1 +│ +3,000 │ +[\d,]+ │/);
  expect(r.stdout).toMatch(/│ Sub #2 +│ +3,000 │ +[\d,]+ │/);
  expect(r.stdout).toMatch(/│ All subscribers │ +6,000 │ +[\d,]+ │ +[\d.]+ │ +[\d.]+[µm]?s │/);
  const si = await jsm.streams.info("benchstream");
  expect(si.config).toMatchObject({ subjects: [SUBJECT], storage: "file", discard: "new", max_bytes: 1024 ** 3 });
  expect(si.state.messages).toBe(3000);
  const md = readFileSync(join(out, "bench.md"), "utf8");
  expect(md).toMatch(/^# nats-stack bench --js\n/);
  expect(md).toContain("JetStream, stream `benchstream`, subject `clitest.jsbench`, 1 publisher, 2 subscribers (ordered consumers), 3,000 messages of 16 B");
  expect(md).toContain("JetStream: stream benchstream (file storage, 1 replica); publishes await their acknowledgements in batches of 100; subscribers: an ephemeral ordered consumer each");
  const doc = parseSvg(readFileSync(join(out, "bench.svg"), "utf8"));
  expect(bars(doc).map((b) => b.client)).toEqual(["pub-1", "sub-1", "sub-2", "subs"]);
  expect(histogramColumns(doc)).toBeGreaterThan(0);
});

test("consume only: every ordered consumer reads what is stored; a shared durable pull consumer splits it", async () => {
  // The previous test left 3,000 messages; publishing runs purge first, consume-only runs read them.
  await bench(["--pub", "1", "--msgs", "3000", "--size", "16"]);
  const ordered = await bench(["--sub", "2", "--msgs", "3000", "--json"]);
  expect(ordered.code).toBe(0);
  const rows = JSON.parse(ordered.stdout).libs[0].rows as Array<{ key: string; msgs: number }>;
  expect(rows.map((x) => [x.key, x.msgs])).toEqual([
    ["sub-1", 3000],
    ["sub-2", 3000],
    ["subs", 6000],
  ]);
  expect(JSON.parse(ordered.stdout).libs[0].latency).toBeUndefined();

  const pull = await bench(["--sub", "3", "--pull", "--msgs", "3000", "--consumerbatch", "50", "--json"]);
  expect(pull.code).toBe(0);
  const prow = JSON.parse(pull.stdout).libs[0].rows as Array<{ key: string; msgs: number }>;
  expect(prow.find((x) => x.key === "subs")!.msgs).toBe(3000);
  expect(prow.filter((x) => x.key.startsWith("sub-")).reduce((a, x) => a + x.msgs, 0)).toBe(3000);
  // The durable was removed after the run.
  const left: string[] = [];
  for await (const ci of jsm.consumers.list("benchstream")) left.push(ci.name);
  expect(left).not.toContain("nats-stack-bench");
});

test("a shared durable push consumer in a deliver group, with --syncpub", async () => {
  const r = await bench(["--pub", "1", "--sub", "2", "--push", "--syncpub", "--msgs", "400", "--size", "32"]);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/syncpub=true, pubbatch=100, pull=false, push=true/);
  expect(r.stdout).toMatch(/│ All subscribers │ +400 │/);
});

test("--compare nats.js runs @nats-io/jetstream in its own processes, interleaved", async () => {
  const out = join(dir, "compare");
  const r = await bench(["--pub", "1", "--sub", "1", "--msgs", "2000", "--size", "16", "--compare", "nats.js", "--rounds", "2", "--report", out]);
  expect(r.code).toBe(0);
  const order = lines(r.stderr).filter((l) => /round \d\/2/.test(l)).map((l) => /round (\d)\/2 (\S+):/.exec(l)!.slice(1).join(" "));
  expect(order).toEqual(["1 nats-stack", "1 nats.js", "2 nats.js", "2 nats-stack"]);
  expect(r.stdout).toMatch(/│ Sub #1 +│ +[\d,]+ │ +[\d,]+ │ +[\d.]+× │/);
  const b = bars(parseSvg(readFileSync(join(out, "bench.svg"), "utf8")));
  expect(b.map((x) => `${x.client}/${x.lib}`)).toEqual(["pub-1/nats-stack", "pub-1/nats.js", "sub-1/nats-stack", "sub-1/nats.js"]);
  expect(b.every((x) => x.value > 0)).toBe(true);
});

test("without -s it starts a temporary server with JetStream", async () => {
  const r = await runCli(cli, ["bench", "demo.js", "--js", "--pub", "1", "--sub", "1", "--msgs", "1000", "--size", "16"], { timeout: 60_000 });
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/Started a temporary nats-server on nats:\/\/127\.0\.0\.1:\d+/);
  expect(r.stdout).toMatch(/│ Sub #1 +│ +1,000 │/);
});

describe("bad input: one line, exit 1", () => {
  test.each([
    [["bench", SUBJECT, "--pull"], "--pull needs --js"],
    [["bench", SUBJECT, "--js", "--sub", "1", "--pull", "--push"], "the durable consumer must be either --pull or --push, not both"],
    [["bench", SUBJECT, "--js", "--storage", "tape"], "--storage must be file or memory, not 'tape'"],
    [["bench", SUBJECT, "--js", "--stream", "a.b"], "stream name ('a.b') cannot contain '.'"],
    [["bench", SUBJECT, "--js", "--pub", "0", "--sub", "0"], "bench --js needs at least one publisher or subscriber (--pub 1 and/or --sub 1)"],
    [["bench", "clitest.*", "--js"], "illegal subject: 'clitest.*': subject has a wildcard '*'"],
    [["bench", SUBJECT, "--js", "--sub", "1", "--msgs", "999999"], /^nats-stack: error: stream benchstream holds [\d,]+ messages, fewer than --msgs 999,999 \(publish them first: nats-stack bench clitest\.jsbench --js --pub 1 --msgs 999999\)$/],
    [["bench", "clitest.other", "--js", "--msgs", "10"], /^nats-stack: error: could not define stream 'benchstream': .* \(err_code 10058\) \(`nats-stack stream rm benchstream -f` removes the old one, or give --stream NAME\)$/],
    [["bench", SUBJECT, "--js", "--stream", "NOSUCH", "--msgs", "10"], "stream 'NOSUCH' not found (`nats-stack stream ls` lists the streams)"],
  ])("%j", async (args, text) => {
    expectOneLineError(await runCli(cli, ["-s", srv.url, ...(args as string[])]), text as string | RegExp);
  });

  test("a server without JetStream", async () => {
    expectOneLineError(
      await runCli(cli, ["-s", plain.url, "bench", SUBJECT, "--js", "--msgs", "10"]),
      `JetStream is not enabled on ${plain.url}: jetstream is not enabled (start nats-server with -js, or \`nats-stack server run --jetstream\`)`,
    );
  });
});
