/** `pub` and `sub` against a real nats-server, as a user runs them. */
import { connect, type NatsConnection } from "@nats-stack/core";
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { cliPerFile, lines, prefix, runCli, startCli } from "../helpers/cli";
import { waitForInterest as interest } from "../helpers/interest";
import pkg from "../../package.json";

const cli = cliPerFile();
let srv: NatsServer;
let nc: NatsConnection;
const waitForInterest = (subject: string, n = 1) => interest(srv, subject, n);

beforeAll(async () => {
  srv = await startServer({ args: ["-m", "-1"] });
  nc = await connect({ servers: srv.url });
});
afterAll(async () => {
  await nc?.close();
  await srv?.stop();
});

const subscribed = (what: string) => (p: { stderr: string }) => p.stderr.includes(`Subscribing on ${what}`);

test("nats-stack --version prints the package version", async () => {
  const r = await runCli(cli, ["--version"]);
  expect(r).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
});

test("sub 'demo.>' --count 3 receives what pub 'hello {{Count}}' --count 3 sends (Count from 1)", async () => {
  const p = prefix("pubsub");
  const sub = startCli(cli, ["-s", srv.url, "sub", `${p}.>`, "--count", "3"]);
  await sub.waitFor(subscribed(`${p}.>`), "the subscription");
  const pub = await runCli(cli, ["-s", srv.url, "pub", `${p}.x`, "hello {{Count}}", "--count", "3"]);
  expect(pub.code).toBe(0);
  expect(pub.stdout).toBe("");
  expect(lines(pub.stderr).map((l) => l.replace(/^\S+ /, ""))).toEqual([
    `Published 7 bytes to "${p}.x"`,
    `Published 7 bytes to "${p}.x"`,
    `Published 7 bytes to "${p}.x"`,
  ]);
  const r = await sub.exited;
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(
    [1, 2, 3].map((i) => `[#${i}] Received on "${p}.x"\nhello ${i}\n\n`).join(""),
  );
});

test("sub --json prints one parseable object per message, with headers", async () => {
  const p = prefix("json");
  const sub = startCli(cli, ["-s", srv.url, "sub", `${p}.*`, "--count", "2", "--json"]);
  // --json prints no status line; wait until the server knows the subscription.
  await waitForInterest(`${p}.*`);
  const pub = await runCli(cli, ["-s", srv.url, "pub", `${p}.a`, "n={{Count}}", "--count", "2", "-H", "Seq:{{Count}}", "-H", "Kind: test"]);
  expect(pub.code).toBe(0);
  const r = await sub.exited;
  expect(r.code).toBe(0);
  const msgs = lines(r.stdout).map((l) => JSON.parse(l));
  expect(msgs).toEqual([
    { subject: `${p}.a`, size: 3, data: "n=1", headers: { Seq: ["1"], Kind: ["test"] }, seq: 1 },
    { subject: `${p}.a`, size: 3, data: "n=2", headers: { Seq: ["2"], Kind: ["test"] }, seq: 2 },
  ]);
});

test("sub --raw --headers prints headers and bodies only; pub reads the body from stdin", async () => {
  const p = prefix("raw");
  const sub = startCli(cli, ["-s", srv.url, "sub", `${p}.raw`, "--count", "1", "--raw", "--headers"]);
  await waitForInterest(`${p}.raw`);
  const pub = await runCli(cli, ["-s", srv.url, "pub", `${p}.raw`, "-H", "A:1", "-q"], { input: "from stdin" });
  expect(pub).toEqual({ code: 0, stdout: "", stderr: "" });
  const r = await sub.exited;
  expect(r.stdout).toBe("A: 1\nfrom stdin\n");
});

test("sub --queue: members of a group share the messages, none twice", async () => {
  const p = prefix("queue");
  const a = startCli(cli, ["-s", srv.url, "sub", `${p}.q`, "--queue", "g", "--json"]);
  const b = startCli(cli, ["-s", srv.url, "sub", `${p}.q`, "--queue", "g", "--json"]);
  await waitForInterest(`${p}.q`, 2);
  const pub = await runCli(cli, ["-s", srv.url, "pub", `${p}.q`, "{{Count}}", "--count", "20", "-q"]);
  expect(pub.code).toBe(0);
  const count = () => lines(a.stdout).length + lines(b.stdout).length;
  await a.waitFor(() => count() === 20, "20 messages over both members");
  a.child.kill("SIGINT");
  b.child.kill("SIGINT");
  const [ra, rb] = await Promise.all([a.exited, b.exited]);
  expect([ra.code, rb.code]).toEqual([0, 0]);
  const got = [...lines(ra.stdout), ...lines(rb.stdout)].map((l) => JSON.parse(l).data).sort((x, y) => Number(x) - Number(y));
  expect(got).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
});

