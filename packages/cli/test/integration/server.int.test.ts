/** `server check connection` and `server run`. */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "@nats-stack/core";
import { refusedUrl } from "@nats-stack/fixtures/nats-server";
import { serverPerFile } from "@nats-stack/fixtures/server-per-file";
import { cliPerFile, lines, runCli, startCli } from "../helpers/cli";

const cli = cliPerFile();
const srv = serverPerFile();

test("server check connection: natscli's Nagios line and exit 0", async () => {
  const r = await runCli(cli, ["-s", srv.url, "server", "check", "connection"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(
    new RegExp(
      `^OK Connection OK:connected to nats://127\\.0\\.0\\.1:${srv.port} in [\\d.]+ms OK:rtt time \\d+µs OK:round trip took [\\d.]+s \\| connect_time=[\\d.]+s;0\\.5000;1\\.0000 rtt=[\\d.]+s;0\\.5000;1\\.0000 request_time=[\\d.]+s;0\\.5000;1\\.0000\\n$`,
    ),
  );
});

test("server check --format json parses; thresholds decide the status", async () => {
  const r = await runCli(cli, ["-s", srv.url, "server", "check", "--format", "json", "conn", "--connect-warn", "0s", "--connect-critical", "1h"]);
  expect(r.code).toBe(1);
  const j = JSON.parse(r.stdout);
  expect(j).toMatchObject({ status: "WARNING", check_suite: "connection", check_name: "Connection" });
  expect(j.warning[0]).toMatch(/connect time exceeded 0/);
  expect(j.perf_data.map((p: { name: string }) => p.name)).toEqual(["connect_time", "rtt", "request_time"]);
});

test("server check connection with no server: CRITICAL and exit 2 (Nagios), on one line", async () => {
  const url = await refusedUrl();
  const r = await runCli(cli, ["-s", url, "server", "check", "connection"]);
  expect(r.code).toBe(2);
  expect(lines(r.stdout)).toEqual([`CRITICAL Connection Crit:connection failed: could not connect to ${url}: connection refused`]);
});

test("server run --jetstream --port 0: prints its URL, serves, keeps a given --store, stops on Ctrl-C", async () => {
  const store = mkdtempSync(join(tmpdir(), "nats-stack-store-"));
  const run = startCli(cli, ["server", "run", "--jetstream", "--port", "0", "--store", store]);
  try {
    await run.waitFor((p) => p.stderr.includes("press Ctrl-C") && p.stdout.includes("\n"), "the server to be ready");
    const url = lines(run.stdout)[0]!;
    expect(url).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
    const nc = await connect({ servers: url });
    expect(nc.info?.jetstream).toBe(true);
    await nc.close();
    run.child.kill("SIGINT");
    const r = await run.exited;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Stopping nats-server");
    expect(readdirSync(store)).toContain("jetstream");
  } finally {
    run.child.kill("SIGKILL");
    rmSync(store, { recursive: true, force: true });
  }
});

test("server run on a port in use: one line with the server's own reason", async () => {
  const r = await runCli(cli, ["server", "run", "--port", String(srv.port)]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(lines(r.stderr)).toHaveLength(1);
  expect(lines(r.stderr)[0]).toMatch(/^nats-stack: error: nats-server did not start: .*address already in use/);
});

test("server run without nats-server installed: one line with the install hint", async () => {
  const r = await runCli(cli, ["server", "run"], { env: { NATS_SERVER: "/nonexistent/nats-server" } });
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(lines(r.stderr)).toEqual([
    "nats-stack: error: NATS_SERVER=/nonexistent/nats-server is not an executable nats-server (install it with `sudo apt-get install nats-server` (Debian/Ubuntu), `brew install nats-server` (macOS), or from https://github.com/nats-io/nats-server/releases)",
  ]);
  expect(existsSync("/nonexistent")).toBe(false);
});
