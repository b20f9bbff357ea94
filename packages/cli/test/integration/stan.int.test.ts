/** `stan pub` and `stan sub` against the fake STAN server (fixtures) on a real nats-server. */
import { startFakeStan, type FakeStan } from "@nats-stack/fixtures/fake-stan/fake-stan";
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { cliPerFile, lines, runCli, startCli } from "../helpers/cli";

const cli = cliPerFile();
let srv: NatsServer;
let stan: FakeStan;
let n = 0;
const channel = () => `clitest-${process.pid}-${++n}`;

beforeAll(async () => {
  srv = await startServer();
  stan = await startFakeStan({ url: srv.url });
});
afterAll(async () => {
  await stan?.stop();
  await srv?.stop();
});

const base = () => ["-s", srv.url, "stan"];

test("stan pub --count waits for each PubAck; stan sub --all --json replays the channel", async () => {
  const ch = channel();
  const pub = await runCli(cli, [...base(), "pub", ch, "order {{Count}}", "--count", "3"]);
  expect(pub.code).toBe(0);
  expect(lines(pub.stderr).map((l) => l.replace(/^\S+ /, "").replace(/guid \w+/, "guid G"))).toEqual([1, 2, 3].map(() => `Published 7 bytes to channel "${ch}" (guid G)`));
  const sub = await runCli(cli, [...base(), "sub", ch, "--all", "--count", "3", "--json"]);
  expect(sub.code).toBe(0);
  const msgs = lines(sub.stdout).map((l) => JSON.parse(l));
  expect(msgs.map((m) => [m.seq, m.data, m.redelivered, m.subject])).toEqual([
    [1, "order 1", false, ch],
    [2, "order 2", false, ch],
    [3, "order 3", false, ch],
  ]);
});

test("start positions: --seq, --last, and --new (only what comes after)", async () => {
  const ch = channel();
  expect((await runCli(cli, [...base(), "pub", ch, "m{{Count}}", "--count", "4", "-q"])).code).toBe(0);
  const seq = await runCli(cli, [...base(), "sub", ch, "--seq", "3", "--count", "2", "--raw"]);
  expect(seq.stdout).toBe("m3\nm4\n");
  const last = await runCli(cli, [...base(), "sub", ch, "--last", "--count", "1", "--raw"]);
  expect(last.stdout).toBe("m4\n");
  const fresh = startCli(cli, [...base(), "sub", ch, "--count", "1", "--raw"]);
  // --raw prints no status line: wait until the fake server holds the subscription.
  await fresh.waitFor(() => subscribed(ch), "the subscription");
  expect((await runCli(cli, [...base(), "pub", ch, "m5", "-q"])).code).toBe(0);
  expect((await fresh.exited).stdout).toBe("m5\n");
});

test("a durable with --manual-acks resumes where it stopped", async () => {
  const ch = channel();
  expect((await runCli(cli, [...base(), "pub", ch, "d{{Count}}", "--count", "3", "-q"])).code).toBe(0);
  const first = await runCli(cli, [...base(), "--client-id", "dur-client", "sub", ch, "--all", "--durable", "keep", "--manual-acks", "--count", "2", "--raw"]);
  expect(first).toMatchObject({ code: 0, stdout: "d1\nd2\n" });
  const again = await runCli(cli, [...base(), "--client-id", "dur-client", "sub", ch, "--all", "--durable", "keep", "--manual-acks", "--count", "1", "--raw"]);
  expect(again).toMatchObject({ code: 0, stdout: "d3\n" });
});

test("a cluster nobody serves: one error line, exit 1", async () => {
  const r = await runCli(cli, ["-s", srv.url, "--timeout", "1s", "stan", "--cluster-id", "nobody", "pub", "x", "y"]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(lines(r.stderr)).toHaveLength(1);
  expect(r.stderr).toMatch(/^nats-stack: error: could not open a NATS Streaming session on cluster 'nobody': .*\(is a NATS Streaming server serving that cluster id\? \(--cluster-id\)\)\n$/);
});

test("a wildcard channel is refused before connecting", async () => {
  const r = await runCli(cli, [...base(), "sub", "orders.*"]);
  expect(r).toEqual({ code: 1, stdout: "", stderr: "nats-stack: error: illegal subject: 'orders.*': subject has a wildcard '*'\n" });
});

/** Whether the fake server holds a subscription on channel `ch`. */
function subscribed(ch: string): boolean {
  for (const m of stan.byAckInbox.values()) if (m.group.channel.name === ch) return true;
  return false;
}
