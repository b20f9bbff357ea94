/**
 * Bad input ends as one readable line on stderr and exit status 1, with nothing on stdout and nothing sent:
 * a spy subscribed to every subject on the server checks that no message left the CLI.
 */
import { connect, type Msg, type NatsConnection } from "@nats-stack/core";
import { refusedUrl, startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { cliPerFile, type CliResult, lines, runCli } from "../helpers/cli";

const cli = cliPerFile();
let srv: NatsServer;
let authSrv: NatsServer;
let deadUrl: string;
let spy: NatsConnection;
const seen: Msg[] = [];

beforeAll(async () => {
  srv = await startServer();
  authSrv = await startServer({ config: "authorization { user: alice, password: s3cret }\n" });
  deadUrl = await refusedUrl();
  spy = await connect({ servers: srv.url });
  spy.subscribe(">", { callback: (_e, m) => seen.push(m) });
  await spy.flush();
});
afterAll(async () => {
  await spy?.close();
  await srv?.stop();
  await authSrv?.stop();
});

function oneLineError(r: CliResult, text: string | RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  const l = lines(r.stderr);
  expect(l).toHaveLength(1);
  expect(l[0]).toMatch(/^nats-stack: error: /);
  if (typeof text === "string") expect(l[0]).toBe(`nats-stack: error: ${text}`);
  else expect(l[0]).toMatch(text);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

async function nothingSent(): Promise<void> {
  await spy.flush();
  expect(seen.map((m) => m.subject)).toEqual([]);
}

describe("a bad subject", () => {
  test.each([
    [["pub", "demo..x", "hi"], "illegal subject: 'demo..x': subject has an empty token"],
    [["pub", "demo.*", "hi"], "illegal subject: 'demo.*': subject has a wildcard '*'"],
    [["pub", "demo x", "hi"], "illegal subject: 'demo x': subject contains a space"],
    [["sub", "demo..x", "--count", "1"], "illegal subject: 'demo..x': subject has an empty token"],
    [["req", "demo.>", "hi"], /^nats-stack: error: illegal subject: 'demo\.>'/],
    [["reply", "a..b", "x"], /^nats-stack: error: illegal subject: 'a\.\.b'/],
    [["pub", "ok.subject", "hi", "--reply", "bad reply"], /^nats-stack: error: illegal subject: 'bad reply'/],
  ])("%j", async (args, text) => {
    oneLineError(await runCli(cli, ["-s", srv.url, ...args]), text as string | RegExp);
    await nothingSent();
  });
});

test("a wrong password", async () => {
  const r = await runCli(cli, ["-s", authSrv.url, "--user", "alice", "--password", "wrong", "pub", "demo.x", "hi"]);
  oneLineError(r, `${authSrv.url} refused the credentials: Authorization Violation (check --user/--password, --creds or --nkey)`);
});

test("the right password works (and NATS_USER/NATS_PASSWORD are read as natscli reads them)", async () => {
  const r = await runCli(cli, ["-s", authSrv.url, "pub", "demo.x", "hi", "-q"], { env: { NATS_USER: "alice", NATS_PASSWORD: "s3cret" } });
  expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
});

test("no server listening", async () => {
  const url = deadUrl;
  for (const args of [["pub", "demo.x", "hi"], ["sub", "demo.x"], ["req", "demo.x", "hi"], ["reply", "demo.x", "hi"], ["rtt"]]) {
    oneLineError(await runCli(cli, ["-s", url, ...args]), `could not connect to ${url}: connection refused (is a server running there? \`nats-stack server run\` starts one)`);
  }
});

test("NATS_URL is the default server, as in natscli", async () => {
  const url = deadUrl;
  oneLineError(await runCli(cli, ["pub", "demo.x", "hi"], { env: { NATS_URL: url } }), /could not connect to nats:\/\/127\.0\.0\.1:\d+: connection refused/);
});

test.each([
  [["--bogus"], "unknown option '--bogus'"],
  [["pub"], "missing required argument 'subject'"],
  [["pub", "demo.x", "hi", "--count", "many"], "--count must be a whole number of at least 1, not 'many'"],
  [["pub", "demo.x", "{{Nope}}"], /function "Nope" not defined/],
  [["pub", "demo.x", "hi", "-H", "novalue"], "invalid header 'novalue' (use -H key:value)"],
  [["--timeout", "5", "pub", "demo.x", "hi"], "invalid --timeout '5' (use a number with a unit: 500ms, 5s, 1m30s)"],
  [["--creds", "/nonexistent/user.creds", "pub", "demo.x", "hi"], "--creds file '/nonexistent/user.creds' does not exist"],
  [["sub", "demo.x", "--raw", "--json"], "--raw and --json cannot be used together"],
  [["nosuchverb"], /unknown command 'nosuchverb'/],
  // Junk numbers, each once accepted or reported late (bad-flags.prop.test.ts has the parsers' property):
  [["pub", "demo.x", "hi", "--count", "1e3"], "--count must be a whole number of at least 1, not '1e3'"], // was 1000 messages
  [["pub", "demo.x", "hi", "--count", "-5"], "--count must be a whole number of at least 1, not '-5'"],
  [["pub", "demo.x", "hi", "--count", "99999999999999999999"], "--count must be a whole number of at least 1, not '99999999999999999999'"],
  [["sub", "demo.x", "--count", "1", "--wait", "1000000h"], "--wait '1000000h' is longer than a timer can wait (at most 24d20h31m23s)"], // was a 1 ms wait, exit 0
  [["pub", "demo.x", "hi", "--count", "2", "--sleep", "1000000h"], "--sleep '1000000h' is longer than a timer can wait (at most 24d20h31m23s)"], // was no sleep
  [["--timeout", "1000000h", "req", "demo.x", "hi"], "--timeout '1000000h' is longer than a timer can wait (at most 24d20h31m23s)"], // was "invalid --server …: 'timeout' must be…"
  [["server", "run", "--port", "99999"], "--port must be at most 65535, not '99999'"], // was nats-server's own error after starting it
  [["stan", "sub", "ch", "--max-inflight", "99999999999"], "--max-inflight must be at most 2147483647, not '99999999999'"],
  [["stan", "sub", "ch", "--ack-wait", "1000000000h"], "--ack-wait '1000000000h' is too long (at most 292y)"],
  [["bench", "demo.b", "--msgs", "10", "--size", "99999999999GB"], "--size '99999999999GB' is too large (at most 8PiB)"],
  [["bench", "demo.b", "--msgs", "10", "--pub", "-1"], "--pub must be a whole number, not '-1'"],
  // Checked before connecting; each used to reach the server, which answered "invalid JSON (err_code 10025)".
  [["stream", "add", "BADS", "--subjects", "bads.>", "--defaults", "--max-age", "99999999999999999999y"], "--max-age '99999999999999999999y' is too long (at most 292y)"],
  [["stream", "add", "BADS", "--subjects", "bads.>", "--defaults", "--max-bytes", "99999999999999GB"], "--max-bytes '99999999999999GB' is too large (at most 8PiB)"],
  [["stream", "add", "BADS", "--subjects", "bads.>", "--defaults", "--replicas", "-1"], "--replicas must be a whole number of at least 1, not '-1'"], // offered -1 as "unlimited"
  [["consumer", "add", "S", "C", "--pull", "--defaults", "--deliver", "99999999999999999999"], "a start sequence must be at most 9007199254740991, not '99999999999999999999'"],
])("usage error %j", async (args, text) => {
  oneLineError(await runCli(cli, ["-s", srv.url, ...(args as string[])]), text as string | RegExp);
  await nothingSent();
});
