/**
 * `stream add|ls|info|rm|purge|get|view` against a real JetStream server: the exact forms, the JSON
 * of every read verb parsed, natscli's questions answered (or not) on stdin, and bad input as one line with
 * exit status 1 and nothing created.
 */
import { expectOneLineError, lines, runCli } from "../helpers/cli";
import { jsCliRigPerFile } from "../helpers/js-cli-rig";

jest.setTimeout(60_000);

const rig = jsCliRigPerFile({ plain: true });

const run = (args: string[], input?: string) => rig.run(args, input);
const publish = async (subject: string, n: number) => {
  const js = rig.jsm.jetstream();
  for (let i = 1; i <= n; i++) await js.publish(subject, `${subject} #${i}`);
};

test("the issue's exact forms: add with --defaults, ls --json, info --json, rm -f", async () => {
  const add = await run(["stream", "add", "ORDERS", "--subjects", "ORDERS.*", "--storage", "file", "--defaults"]);
  expect(add.code).toBe(0);
  expect(add.stderr).toMatch(/^\d\d:\d\d:\d\d Stream ORDERS was created\n$/);
  expect(add.stdout).toMatch(/^Information for Stream ORDERS created \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\n/);
  expect(add.stdout).toMatch(/\n +Subjects: ORDERS\.\*\n/);
  expect(add.stdout).toMatch(/\n +Storage: File\n/);
  expect(add.stdout).toContain("\nOptions:\n");
  expect(add.stdout).toMatch(/\n +Duplicate Window: 2m0s\n/);
  expect(add.stdout).toMatch(/\n +Maximum Messages: unlimited\n/);

  const ls = await run(["stream", "ls", "--json"]);
  expect(ls.code).toBe(0);
  expect(JSON.parse(ls.stdout)).toContain("ORDERS");

  await publish("ORDERS.created", 2);
  const info = await run(["stream", "info", "ORDERS", "--json"]);
  expect(info.code).toBe(0);
  const si = JSON.parse(info.stdout);
  expect(si.config).toMatchObject({ name: "ORDERS", subjects: ["ORDERS.*"], storage: "file", retention: "limits", discard: "old", max_msgs: -1, duplicate_window: 120e9 });
  expect(si.state).toMatchObject({ messages: 2, first_seq: 1, last_seq: 2 });
  expect(typeof si.created).toBe("string");
  expect(si.type).toBeUndefined();

  const rm = await run(["stream", "rm", "ORDERS", "-f"]);
  expect(rm).toMatchObject({ code: 0, stdout: "" });
  expect(rm.stderr).toMatch(/Deleted stream ORDERS/);
  expect(await rig.streamNames()).not.toContain("ORDERS");
});

test("stream add asks natscli's questions; answers come from stdin", async () => {
  // Storage, replicas, retention, discard, msgs, per subject, bytes, age, msg size, dupe window, rollups, deletes, purges.
  const answers = ["memory", "", "work queue", "new", "100", "", "1MB", "1h", "", "30s", "y", "n", ""].join("\n") + "\n";
  const r = await run(["stream", "add", "ASKED", "--subjects", "asked.>"], answers);
  expect(r.code).toBe(0);
  const questions = lines(r.stderr).filter((l) => l.startsWith("? ")).map((l) => l.replace(/^\? /, "").replace(/ [[(].*$/, "").replace(/\?$/, ""));
  expect(questions).toEqual([
    "Storage",
    "Replication",
    "Retention Policy",
    "Discard Policy",
    "Stream Messages Limit",
    "Per Subject Messages Limit",
    "Total Stream Size",
    "Message TTL",
    "Max Message Size",
    "Duplicate tracking time window",
    "Allow message Roll-ups",
    "Allow message deletion",
    "Allow purging subjects or the entire stream",
  ]);
  const cfg = (await rig.jsm.streams.info("ASKED")).config;
  expect(cfg).toMatchObject({
    storage: "memory",
    num_replicas: 1,
    retention: "workqueue",
    discard: "new",
    max_msgs: 100,
    max_msgs_per_subject: -1,
    max_bytes: 1024 * 1024,
    max_age: 3600e9,
    max_msg_size: -1,
    duplicate_window: 30e9,
    allow_rollup_hdrs: true,
    deny_delete: true,
    deny_purge: false,
  });
  expect(r.stdout).toMatch(/\n +Retention: WorkQueue\n/);
  expect(r.stdout).toMatch(/\n +Maximum Bytes: 1\.0 MiB\n/);
  expect(r.stdout).toMatch(/\n +Maximum Age: 1h0m0s\n/);
});

test("a question nobody answers is one line naming the flag, and nothing is created", async () => {
  const r = await run(["stream", "add", "UNANSWERED", "--subjects", "unanswered.*"]);
  expectOneLineError(r, 'no answer to "Storage": stdin ended (give --storage)');
  const bad = await run(["stream", "add", "BADANSWER", "--subjects", "badanswer.*"], "tape\n");
  expectOneLineError(bad, `invalid answer 'tape' to "Storage": choose one of file, memory (give --storage)`);
  expect(await rig.streamNames()).not.toEqual(expect.arrayContaining(["UNANSWERED"]));
  expect(await rig.streamNames()).not.toContain("BADANSWER");
});

test("ls: natscli's table, names only, and a subject filter", async () => {
  await rig.jsm.streams.add({ name: "LSA", subjects: ["lsa.*"] });
  await rig.jsm.streams.add({ name: "LSB", subjects: ["lsb.*"], description: "the second" });
  await publish("lsb.x", 3);
  const t = await run(["stream", "ls"]);
  expect(t.code).toBe(0);
  expect(t.stdout).toMatch(/│ +Streams +│/);
  expect(t.stdout).toMatch(/│ Name +│ Description +│ Created +│ Messages │ Size +│ Last Message │/);
  expect(t.stdout).toMatch(/│ LSB +│ the second +│ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d │ 3 +│ \d+ B +│ [\d.]+m?s +│/);
  // Smallest first, as natscli sorts.
  expect(t.stdout.indexOf("│ LSA ")).toBeLessThan(t.stdout.indexOf("│ LSB "));
  const n = await run(["stream", "ls", "-n"]);
  expect(lines(n.stdout)).toEqual(expect.arrayContaining(["LSA", "LSB"]));
  const f = await run(["stream", "ls", "--subject", "lsb.x", "--json"]);
  expect(JSON.parse(f.stdout)).toEqual(["LSB"]);
});

test("info shows natscli's columns with the state", async () => {
  await rig.jsm.streams.add({ name: "INFO", subjects: ["info.*"], max_age: 86_400e9 });
  await publish("info.a", 4);
  const r = await run(["stream", "info", "INFO"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^Information for Stream INFO created /);
  for (const section of ["Options:", "Limits:", "State:"]) expect(r.stdout).toContain(`\n${section}\n`);
  expect(r.stdout).toMatch(/\n +Maximum Age: 24h0m0s\n/);
  expect(r.stdout).toMatch(/\n +Messages: 4\n/);
  expect(r.stdout).toMatch(/\n +First Sequence: 1 @ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\n/);
  expect(r.stdout).toMatch(/\n +Last Sequence: 4 @ /);
  // Labels are right-aligned to one column.
  const colons = lines(r.stdout).filter((l) => /^ *[A-Z][\w -]*: /.test(l)).map((l) => l.indexOf(": "));
  expect(new Set(colons).size).toBe(1);
});

test("purge asks first; -f, --subject and --keep", async () => {
  await rig.jsm.streams.add({ name: "PURGE", subjects: ["purge.*"] });
  await publish("purge.a", 3);
  await publish("purge.b", 3);
  const no = await run(["stream", "purge", "PURGE"], "n\n");
  expect(no.code).toBe(0);
  expect(no.stderr).toMatch(/\? Really purge Stream PURGE\? \[y\/N\]/);
  expect(no.stderr).toContain("Stream PURGE was not purged");
  expect((await rig.jsm.streams.info("PURGE")).state.messages).toBe(6);
  const subj = await run(["stream", "purge", "PURGE", "--subject", "purge.a"], "y\n");
  expect(subj.code).toBe(0);
  expect(subj.stderr).toContain("Purged 3 messages from PURGE");
  expect(subj.stdout).toMatch(/^State for Stream PURGE created /);
  expect(subj.stdout).toMatch(/\n +Messages: 3\n/);
  const keep = await run(["stream", "purge", "PURGE", "-f", "--keep", "1", "--json"]);
  expect(keep.code).toBe(0);
  expect(JSON.parse(keep.stdout)).toEqual({ success: true, purged: 2 });
  expectOneLineError(await run(["stream", "purge", "PURGE", "-f", "--seq", "2", "--keep", "1"]), "--seq and --keep cannot be combined when purging");
});

test("get by sequence and --last-for, pretty and JSON", async () => {
  await rig.jsm.streams.add({ name: "GET", subjects: ["get.*"] });
  await publish("get.a", 2);
  await publish("get.b", 1);
  const r = await run(["stream", "get", "GET", "2"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^Item: GET#2 received \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(.+ ago\) on Subject get\.a\n\nget\.a #2\n$/);
  const j = await run(["stream", "get", "GET", "--last-for", "get.a", "--json"]);
  expect(j.code).toBe(0);
  expect(JSON.parse(j.stdout)).toMatchObject({ subject: "get.a", stream: "GET", seq: 2, data: "get.a #2", size: 8 });
  const asked = await run(["stream", "get", "GET"], "-1\nget.b\n");
  expect(asked.stdout).toMatch(/^Item: GET#3 .* on Subject get\.b\n/);
  expectOneLineError(await run(["stream", "get", "GET", "99"]), "stream GET has no message 99");
});

test("view pages through everything off a terminal: pretty, --raw, --json, --id, --subject", async () => {
  await rig.jsm.streams.add({ name: "VIEW", subjects: ["view.*"] });
  await publish("view.a", 3);
  await publish("view.b", 2);
  const pretty = await run(["stream", "view", "VIEW", "2"]);
  expect(pretty.code).toBe(0);
  expect(pretty.stdout.match(/^\[\d\] Subject: view\.\w Received: /gm)).toHaveLength(5);
  expect(pretty.stderr).toContain("Reached apparent end of data");
  const raw = await run(["stream", "view", "VIEW", "--raw", "--id", "4"]);
  expect(lines(raw.stdout)).toEqual(["view.b #1", "view.b #2"]);
  const json = await run(["stream", "view", "VIEW", "--json", "--subject", "view.a"]);
  const msgs = lines(json.stdout).map((l) => JSON.parse(l));
  expect(msgs.map((m) => [m.seq, m.subject, m.data])).toEqual([
    [1, "view.a", "view.a #1"],
    [2, "view.a", "view.a #2"],
    [3, "view.a", "view.a #3"],
  ]);
  // The ordered consumers it used are gone.
  const left = [];
  for await (const ci of rig.jsm.consumers.list("VIEW")) left.push(ci.name);
  expect(left).toEqual([]);
});

test("rm asks first and keeps the stream on no", async () => {
  await rig.jsm.streams.add({ name: "RMME", subjects: ["rmme.*"] });
  const no = await run(["stream", "rm", "RMME"], "n\n");
  expect(no.code).toBe(0);
  expect(await rig.streamNames()).toContain("RMME");
  const unanswered = await run(["stream", "rm", "RMME"]);
  expectOneLineError(unanswered, 'no answer to "Really delete Stream RMME": stdin ended (give -f to delete without asking)');
  expect(await rig.streamNames()).toContain("RMME");
  const yes = await run(["stream", "rm", "RMME"], "yes\n");
  expect(yes.code).toBe(0);
  expect(await rig.streamNames()).not.toContain("RMME");
});

describe("bad input: one line, exit 1, nothing created", () => {
  const notFound = "stream 'NOPE' not found (`nats-stack stream ls` lists the streams)";
  test.each([
    [["stream", "info", "NOPE"], notFound],
    [["stream", "info", "NOPE", "--json"], notFound],
    [["stream", "rm", "NOPE", "-f"], notFound],
    [["stream", "rm", "NOPE"], notFound],
    [["stream", "purge", "NOPE", "-f"], notFound],
    [["stream", "get", "NOPE", "1"], notFound],
    [["stream", "view", "NOPE"], notFound],
    [["stream", "add", "BADSUBJ", "--subjects", "a..b", "--defaults"], "illegal subject: 'a..b': subject has an empty token"],
    [["stream", "add", "BADSUBJ", "--subjects", "a b", "--subjects", "c. d", "--defaults"], /^nats-stack: error: illegal subject: 'c\.'/],
    [["stream", "add", "a.b", "--subjects", "ab.*", "--defaults"], "stream name ('a.b') cannot contain '.'"],
    [["stream", "add", "a*b", "--subjects", "ab.*", "--defaults"], "stream name ('a*b') cannot contain '*'"],
    [["stream", "info", "a.b"], "stream name ('a.b') cannot contain '.'"],
    [["stream", "add", "ALL", "--subjects", ">", "--defaults"], /^nats-stack: error: subjects cannot be '>' when acknowledgements are enabled/],
    [["stream", "add", "STORE", "--subjects", "store.*", "--storage", "tape", "--defaults"], "--storage must be one of file, f, memory, m, not 'tape'"],
    [["stream", "add", "MAXAGE", "--subjects", "maxage.*", "--max-age", "soon", "--defaults"], "invalid --max-age 'soon' (use a number with a unit: 500ms, 5s, 1m30s)"],
    [["stream", "ls", "--subject", "x..y"], "illegal subject: 'x..y': subject has an empty token"],
  ])("%j", async (args, text) => {
    const before = await rig.streamNames();
    expectOneLineError(await run(args as string[]), text as string | RegExp);
    expect(await rig.streamNames()).toEqual(before);
  });

  test("a stream whose subjects overlap another's: the server's reason and err_code", async () => {
    await rig.jsm.streams.add({ name: "OVERLAPA", subjects: ["overlap.>"] });
    const r = await run(["stream", "add", "OVERLAPB", "--subjects", "overlap.x", "--defaults"]);
    expectOneLineError(r, /^nats-stack: error: could not create stream 'OVERLAPB': subjects overlap with an existing stream \(err_code 10065\)$/);
  });

  test("no server listening", async () => {
    for (const args of [["stream", "ls"], ["stream", "info", "X"], ["stream", "add", "X", "--subjects", "x", "--defaults"], ["stream", "rm", "X", "-f"]]) {
      expectOneLineError(await runCli(rig.cli, ["-s", rig.deadUrl, ...args]), /^nats-stack: error: could not connect to nats:\/\/127\.0\.0\.1:\d+: connection refused/);
    }
  });

  test("a server without JetStream", async () => {
    expectOneLineError(
      await runCli(rig.cli, ["-s", rig.plain.url, "stream", "ls"]),
      `JetStream is not enabled on ${rig.plain.url}: jetstream is not enabled (start nats-server with -js, or \`nats-stack server run --jetstream\`)`,
    );
  });
});
