/** `req`, `reply` and `rtt` against a real nats-server. */
import { serverPerFile } from "@nats-stack/fixtures/server-per-file";
import { cliPerFile, type CliProcess, lines, prefix, runCli, startCli } from "../helpers/cli";

const cli = cliPerFile();
const srv = serverPerFile();

const listening = (p: CliProcess) => p.stderr.includes("Listening on");

test("reply svc.echo pong / req svc.echo ping: req prints the reply body and its round trip", async () => {
  const p = prefix("req");
  const rep = startCli(cli, ["-s", srv.url, "reply", `${p}.echo`, "pong", "--count", "1"]);
  await rep.waitFor(listening, "the responder");
  const r = await runCli(cli, ["-s", srv.url, "req", `${p}.echo`, "ping"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe("pong\n");
  expect(r.stderr).toMatch(new RegExp(`Sending request on "${p.replace(/\./g, "\\.")}\\.echo"\\n.*Received with rtt \\d`));
  const rr = await rep.exited;
  expect(rr.code).toBe(0);
  expect(rr.stdout).toBe("\nping\n");
  expect(rr.stderr).toContain(`[#1] Received on subject "${p}.echo":`);
});

test("req --json: the reply as JSON with its rtt; reply --echo returns body and headers", async () => {
  const p = prefix("echo");
  const rep = startCli(cli, ["-s", srv.url, "reply", `${p}.svc`, "--echo", "--count", "2"]);
  await rep.waitFor(listening, "the responder");
  const r = await runCli(cli, ["-s", srv.url, "req", `${p}.svc`, "n={{Count}}", "--count", "2", "--json", "-H", "Trace:{{Count}}"]);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe("");
  const replies = lines(r.stdout).map((l) => JSON.parse(l));
  expect(replies.map((x) => [x.data, x.headers.Trace, x.headers["NATS-Reply-Counter"], x.request])).toEqual([
    ["n=1", ["1"], ["1"], 1],
    ["n=2", ["2"], ["2"], 2],
  ]);
  for (const x of replies) expect(typeof x.rtt_ms).toBe("number");
  expect((await rep.exited).code).toBe(0);
});

test("reply --command runs per request with the subject's tokens and the request in its environment", async () => {
  const p = prefix("cmd");
  const rep = startCli(cli, ["-s", srv.url, "reply", `${p}.*`, "--command", `sh -c 'echo "token={{${p.split(".").length}}} body=$NATS_REQUEST_BODY"'`, "--count", "1"]);
  await rep.waitFor(listening, "the responder");
  const r = await runCli(cli, ["-s", srv.url, "req", `${p}.london`, "weather?", "--raw"]);
  expect(r).toMatchObject({ code: 0, stdout: "token=london body=weather?\n" });
  expect((await rep.exited).code).toBe(0);
});

test("req --replies 0 gathers every answer until the timeout (scatter-gather)", async () => {
  const p = prefix("scatter");
  const a = startCli(cli, ["-s", srv.url, "reply", `${p}.quote`, "a", "-q", "ga", "--count", "1"]);
  const b = startCli(cli, ["-s", srv.url, "reply", `${p}.quote`, "b", "-q", "gb", "--count", "1"]);
  await a.waitFor(listening, "responder a");
  await b.waitFor(listening, "responder b");
  const r = await runCli(cli, ["-s", srv.url, "--timeout", "1s", "req", `${p}.quote`, "price?", "--replies", "0", "--raw"]);
  expect(r.code).toBe(0);
  expect(lines(r.stdout).sort()).toEqual(["a", "b"]);
});

test("req with nobody listening: one error line, exit 1, no reply printed", async () => {
  const p = prefix("nobody");
  const r = await runCli(cli, ["-s", srv.url, "req", `${p}.none`, "x", "--raw"]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(lines(r.stderr)).toEqual([`nats-stack: error: no responders on "${p}.none" (is a service listening? try \`nats-stack reply ${p}.none pong\`)`]);
});

test("req that nobody answers in time: one error line naming the timeout", async () => {
  const p = prefix("slow");
  // A subscriber that never replies: the server sees interest, so the request waits for the timeout.
  const silent = startCli(cli, ["-s", srv.url, "sub", `${p}.slow`]);
  await silent.waitFor((x) => x.stderr.includes("Subscribing on"), "the silent subscriber");
  const r = await runCli(cli, ["-s", srv.url, "--timeout", "500ms", "req", `${p}.slow`, "x", "--raw"]);
  silent.child.kill("SIGINT");
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(lines(r.stderr)).toEqual([`nats-stack: error: no reply on "${p}.slow" within 500ms (raise --timeout)`]);
  expect((await silent.exited).code).toBe(0);
});

test("rtt prints each server's round trip; --json is natscli's shape", async () => {
  const r = await runCli(cli, ["-s", srv.url, "rtt", "2"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(new RegExp(`^nats://127\\.0\\.0\\.1:${srv.port}:\\n\\n\\s+nats://127\\.0\\.0\\.1:${srv.port}: [\\d.]+(µs|ms|ns)\\n\\n$`));
  const j = await runCli(cli, ["-s", srv.url, "rtt", "--json"]);
  const parsed = JSON.parse(j.stdout);
  expect(parsed).toEqual([
    { url: srv.url, results: [{ time: expect.any(String), address: srv.url, rtt: expect.any(Number), url: srv.url }] },
  ]);
  expect(parsed[0].results[0].rtt).toBeGreaterThan(0);
});
