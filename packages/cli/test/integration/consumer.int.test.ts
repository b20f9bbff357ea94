/**
 * `consumer add|ls|info|next|rm` against a real JetStream server: pull and push consumers, the JSON of every
 * read verb parsed, natscli's questions, acks seen in the consumer's state, and bad input as one line with
 * exit status 1 and nothing created.
 */
import { createInbox } from "@nats-stack/core";
import { AckPolicy } from "@nats-stack/jetstream";
import { expectOneLineError, lines, runCli } from "../helpers/cli";
import { jsCliRigPerFile } from "../helpers/js-cli-rig";

jest.setTimeout(60_000);

const rig = jsCliRigPerFile();
beforeAll(async () => {
  await rig.jsm.streams.add({ name: "ORDERS", subjects: ["ORDERS.*"] });
  const js = rig.jsm.jetstream();
  for (let i = 1; i <= 5; i++) await js.publish("ORDERS.created", JSON.stringify({ id: i }));
  await js.publish("ORDERS.shipped", JSON.stringify({ id: 1 }));
});

const run = (args: string[], input?: string) => rig.run(args, input);
const consumerNames = async (stream = "ORDERS") => {
  const out: string[] = [];
  for await (const ci of rig.jsm.consumers.list(stream)) out.push(ci.name);
  return out.sort();
};

test("add a pull consumer with --defaults; ls and info, pretty and JSON", async () => {
  const add = await run(["consumer", "add", "ORDERS", "REVIEW", "--pull", "--filter", "ORDERS.created", "--defaults"]);
  expect(add.code).toBe(0);
  expect(add.stderr).toMatch(/Consumer ORDERS > REVIEW was created/);
  expect(add.stdout).toMatch(/^Information for Consumer ORDERS > REVIEW created \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\n/);
  expect(add.stdout).toMatch(/\n +Pull Mode: true\n/);
  expect(add.stdout).toMatch(/\n +Filter Subject: ORDERS\.created\n/);
  expect(add.stdout).toMatch(/\n +Ack Policy: Explicit\n/);
  expect(add.stdout).toMatch(/\n +Unprocessed Messages: 5\n/);

  const ls = await run(["consumer", "ls", "ORDERS", "--json"]);
  expect(ls.code).toBe(0);
  expect(JSON.parse(ls.stdout)).toContain("REVIEW");
  const table = await run(["consumer", "ls", "ORDERS"]);
  expect(table.stdout).toMatch(/│ +Consumers +│/);
  expect(table.stdout).toMatch(/│ REVIEW +│ +│ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d │ 0 +│ 5 +│ never +│/);

  const info = await run(["consumer", "info", "ORDERS", "REVIEW", "--json"]);
  expect(info.code).toBe(0);
  const ci = JSON.parse(info.stdout);
  expect(ci).toMatchObject({ stream_name: "ORDERS", name: "REVIEW", num_pending: 5, num_ack_pending: 0 });
  expect(ci.config).toMatchObject({ durable_name: "REVIEW", ack_policy: "explicit", deliver_policy: "all", replay_policy: "instant", filter_subject: "ORDERS.created" });
  expect(ci.type).toBeUndefined();
});

test("next pulls and acknowledges; --json, --no-ack, --count", async () => {
  await rig.jsm.consumers.add("ORDERS", { durable_name: "NEXT", ack_policy: AckPolicy.Explicit, filter_subject: "ORDERS.created" });
  const one = await run(["consumer", "next", "ORDERS", "NEXT"]);
  expect(one.code).toBe(0);
  expect(one.stdout).toMatch(/^\[\d\d:\d\d:\d\d\] subj: ORDERS\.created \/ tries: 1 \/ cons seq: 1 \/ str seq: 1 \/ pending: 4\n\n\{"id":1\}\n$/);
  expect(one.stderr).toMatch(/Acknowledged message/);
  let ci = await rig.jsm.consumers.info("ORDERS", "NEXT");
  expect(ci.ack_floor.stream_seq).toBe(1);

  const two = await run(["consumer", "next", "ORDERS", "NEXT", "--count", "2", "--json"]);
  expect(two.code).toBe(0);
  const msgs = lines(two.stdout).map((l) => JSON.parse(l));
  expect(msgs.map((m) => [m.seq, m.consumer_seq, m.delivered, m.pending, m.data])).toEqual([
    [2, 2, 1, 3, '{"id":2}'],
    [3, 3, 1, 2, '{"id":3}'],
  ]);
  expect(msgs[0]).toMatchObject({ subject: "ORDERS.created", stream: "ORDERS", consumer: "NEXT" });

  const noAck = await run(["consumer", "next", "ORDERS", "NEXT", "--no-ack", "--raw"]);
  expect(noAck).toMatchObject({ code: 0, stdout: '{"id":4}\n' });
  ci = await rig.jsm.consumers.info("ORDERS", "NEXT");
  expect(ci.num_ack_pending).toBe(1);
  expect(ci.ack_floor.stream_seq).toBe(3);
});

test("next on an empty consumer waits --timeout, then fails in one line", async () => {
  await rig.jsm.consumers.add("ORDERS", { durable_name: "EMPTY", ack_policy: AckPolicy.Explicit, filter_subject: "ORDERS.none" });
  const r = await runCli(rig.cli, ["-s", rig.srv.url, "--timeout", "1s", "consumer", "next", "ORDERS", "EMPTY"]);
  expectOneLineError(r, "no message received from consumer ORDERS > EMPTY within 1s (is anything pending? `nats-stack consumer info` shows it)");
});

test("a push consumer: --target, its info, and next refuses it", async () => {
  const target = createInbox();
  const add = await run(["consumer", "add", "ORDERS", "MONITOR", "--target", target, "--defaults", "--json"]);
  expect(add.code).toBe(0);
  const ci = JSON.parse(add.stdout);
  expect(ci.config).toMatchObject({ durable_name: "MONITOR", deliver_subject: target, ack_policy: "none", deliver_policy: "all" });
  const info = await run(["consumer", "info", "ORDERS", "MONITOR"]);
  expect(info.stdout).toMatch(/\n +Delivery Subject: _INBOX\.\w+\n/);
  expect(info.stdout).toMatch(/\n +Active Interest: No interest\n/);
  expectOneLineError(await run(["consumer", "next", "ORDERS", "MONITOR"]), "consumer 'ORDERS > MONITOR' is not a pull consumer");
});

test("consumer add asks natscli's questions; answers come from stdin", async () => {
  // Delivery target (blank: pull), start policy, ack policy, replay, filter, max deliveries, max pending, headers only.
  const answers = ["", "3", "all", "", "ORDERS.created", "5", "10", "n"].join("\n") + "\n";
  const r = await run(["consumer", "add", "ORDERS", "ASKED"], answers);
  expect(r.code).toBe(0);
  const questions = lines(r.stderr).filter((l) => l.startsWith("? ")).map((l) => l.replace(/^\? /, "").replace(/ [[(].*$/, "").replace(/\?$/, ""));
  expect(questions).toEqual([
    "Delivery target",
    "Start policy",
    "Acknowledgment policy",
    "Replay policy",
    "Filter Stream by subjects",
    "Maximum Allowed Deliveries",
    "Maximum Acknowledgments Pending",
    "Deliver headers only without bodies",
  ]);
  const ci = await rig.jsm.consumers.info("ORDERS", "ASKED");
  expect(ci.config).toMatchObject({ deliver_policy: "by_start_sequence", opt_start_seq: 3, ack_policy: "all", replay_policy: "instant", filter_subject: "ORDERS.created", max_deliver: 5, max_ack_pending: 10 });
  expect(ci.config.deliver_subject).toBeUndefined();
  expect(r.stdout).toMatch(/\n +Deliver Policy: From Sequence 3\n/);
});

test("rm asks first; -f deletes at once", async () => {
  await rig.jsm.consumers.add("ORDERS", { durable_name: "GONE", ack_policy: AckPolicy.Explicit });
  const no = await run(["consumer", "rm", "ORDERS", "GONE"], "n\n");
  expect(no.code).toBe(0);
  expect(no.stderr).toMatch(/\? Really delete Consumer ORDERS > GONE\? \[y\/N\]/);
  expect(await consumerNames()).toContain("GONE");
  expectOneLineError(await run(["consumer", "rm", "ORDERS", "GONE"]), 'no answer to "Really delete Consumer ORDERS > GONE": stdin ended (give -f to delete without asking)');
  const yes = await run(["consumer", "rm", "ORDERS", "GONE", "-f"]);
  expect(yes).toMatchObject({ code: 0, stdout: "" });
  expect(yes.stderr).toMatch(/Deleted consumer ORDERS > GONE/);
  expect(await consumerNames()).not.toContain("GONE");
});

describe("bad input: one line, exit 1, nothing created", () => {
  test.each([
    [["consumer", "info", "ORDERS", "NOPE"], "consumer 'ORDERS > NOPE' not found (`nats-stack consumer ls ORDERS` lists its consumers)"],
    [["consumer", "info", "NOSTREAM", "X"], "stream 'NOSTREAM' not found (`nats-stack stream ls` lists the streams)"],
    [["consumer", "next", "ORDERS", "NOPE"], "consumer 'ORDERS > NOPE' not found (`nats-stack consumer ls ORDERS` lists its consumers)"],
    [["consumer", "rm", "ORDERS", "NOPE", "-f"], "consumer 'ORDERS > NOPE' not found (`nats-stack consumer ls ORDERS` lists its consumers)"],
    [["consumer", "ls", "NOSTREAM"], "stream 'NOSTREAM' not found (`nats-stack stream ls` lists the streams)"],
    [["consumer", "add", "NOSTREAM", "C", "--pull", "--defaults"], "stream 'NOSTREAM' not found (`nats-stack stream ls` lists the streams)"],
    [["consumer", "add", "ORDERS", "a.b", "--pull", "--defaults"], "consumer name ('a.b') cannot contain '.'"],
    [["consumer", "info", "ORDERS", "a>b"], "consumer name ('a>b') cannot contain '>'"],
    [["consumer", "add", "ORDERS", "BADFILTER", "--pull", "--filter", "ORDERS..x", "--defaults"], "illegal subject: 'ORDERS..x': subject has an empty token"],
    [["consumer", "add", "ORDERS", "BADTARGET", "--target", "deliver.*", "--defaults"], "illegal subject: 'deliver.*': subject has a wildcard '*'"],
    [["consumer", "add", "ORDERS", "BOTH", "--pull", "--target", "x", "--defaults"], "--pull and --target cannot be combined (--target makes a push consumer)"],
    [["consumer", "add", "ORDERS", "BADACK", "--pull", "--ack", "maybe", "--defaults"], "--ack must be one of none, all, explicit, not 'maybe'"],
    [["consumer", "next", "ORDERS", "NEXT", "--term", "--ack"], "can not both Acknowledge and Terminate message"],
  ])("%j", async (args, text) => {
    const before = await consumerNames();
    expectOneLineError(await run(args as string[]), text as string);
    expect(await consumerNames()).toEqual(before);
  });

  test("no server listening", async () => {
    for (const args of [["consumer", "ls", "ORDERS"], ["consumer", "info", "ORDERS", "X"], ["consumer", "next", "ORDERS", "X"]]) {
      expectOneLineError(await runCli(rig.cli, ["-s", rig.deadUrl, ...args]), /^nats-stack: error: could not connect to nats:\/\/127\.0\.0\.1:\d+: connection refused/);
    }
  });
});
