/** The tour runs to the end against a server it starts, showing every step, and against servers given with -s. */
import { connect } from "@nats-stack/core";
import { jetstreamManager } from "@nats-stack/jetstream";
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { cliPerFile, runCli } from "../helpers/cli";

const cli = cliPerFile();
let jsServer: NatsServer;
let plain: NatsServer;
beforeAll(async () => {
  jsServer = await startServer({ jetstream: true });
  plain = await startServer();
});
afterAll(async () => {
  await jsServer?.stop();
  await plain?.stop();
});

test("nats-stack tour runs to the end and shows what it sends and receives", async () => {
  const r = await runCli(cli, ["tour"], { timeout: 90_000 });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const out = r.stdout;
  expect(out).toMatch(/Started nats-server v2\.\d+\.\d+ on nats:\/\/127\.0\.0\.1:\d+ for this tour/);
  for (const step of [
    "1/9  Publish and subscribe, with wildcards",
    "2/9  Queue groups share the work",
    "3/9  Request and reply",
    "4/9  Scatter-gather",
    "5/9  Headers",
    "6/9  JetStream: messages that are kept",
    "7/9  Key-value: the latest value of every key",
    "8/9  Object store: files of any size",
    "9/9  NATS Streaming (STAN): messages that wait for you",
  ]) {
    expect(out).toContain(step);
  }
  // Wildcards: the orders reached both subscriptions, the inventory message only '>'.
  expect(out.match(/← orders\.\*\s+tour\.orders\.\w+/g)).toHaveLength(2);
  expect(out.match(/← >\s+tour\.\S+/g)).toHaveLength(3);
  // Queue group: six jobs, each to one worker.
  expect(out.match(/← worker-\d\s+tour\.jobs  job \d/g)).toHaveLength(6);
  expect(out).toContain("(6 in all, none twice); the auditor saw all 6.");
  expect(out).toMatch(/3 answers; the best price is 3\.95 from south\./);
  expect(out).toContain("[Order-Id: 1, Priority: high]");
  expect(out).toContain("NATS/1.0 503 → no responders: 'tour.nobody'");
  // JetStream: the ORDERS stream, the push monitor seeing all six messages, the pull reviewer acking three.
  expect(out).toContain("→ stream    ORDERS  subjects ORDERS.*, file storage");
  expect(out.match(/→ js pub +ORDERS\.created  \{"id":\d,/g)).toHaveLength(3);
  expect(out.match(/← monitor +ORDERS\.created #[1-3]  \{"id":\d,/g)).toHaveLength(3);
  expect(out.match(/← review +ORDERS\.created #[1-3]  \{"id":\d,.*→ acked/g)).toHaveLength(3);
  expect(out.match(/← monitor +ORDERS\.approved #[4-6]  \{"id":\d,"approved":true\}/g)).toHaveLength(3);
  expect(out).toContain("PubAck: stored as ORDERS#1, ORDERS#2, ORDERS#3");
  expect(out).toContain("ORDERS keeps 6 messages (3 orders, 3 approvals); the monitor saw all 6.");
  expect(out).toContain("review has acknowledged up to #3, with 0 new and 0 unacknowledged left");
  // Key-value: the watcher printed each change as it happened, the gets read the latest and an older revision,
  // the stale compare-and-set was refused.
  expect(out).toContain("→ kv add    settings  history 5, file storage");
  expect(out.match(/← watch +ui\.\w+ #\d  /g)).toHaveLength(5);
  expect(out).toMatch(/→ put +ui\.color  green\n  ← watch +ui\.color #3  green\n/);
  expect(out).toContain("← get       ui.color #3  green");
  expect(out).toContain("← get       ui.color #1  blue");
  expect(out).toContain("← watch     ui.font #4  (deleted)");
  expect(out).toContain("Refused: wrong last sequence: 5 (someone changed ui.color since #3).");
  expect(out).toContain("the watcher saw all 5 changes as they happened.");
  // Object store: a 3-chunk blob read back whole, its digest shown and matching the data's SHA-256.
  expect(out).toContain("Stored photo.raw in 3 chunks.");
  expect(out).toContain("← get       photo.raw  293.0 KiB, the same bytes");
  expect(out).toMatch(/← info +photo\.raw  300000 bytes, 3 chunks, digest SHA-256 [0-9a-f]{64}\n/);
  expect(out).toContain(": it matches.");
  expect(out).toContain("files lists hello.txt (68 B), photo.raw (293.0 KiB).");
  expect(out).toContain("Reopened: it resumed after #3 and got only #4 and #5 (1, 2, 3, 4, 5 in all, none twice).");
  expect(out).toContain("That was the tour.");
});

test("on a JetStream server given with -s, the tour's stream, bucket and store have unique names and are removed afterwards", async () => {
  const r = await runCli(cli, ["-s", jsServer.url, "tour"], { timeout: 90_000 });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const stream = /→ stream +(ORDERS_tour-\w+)  subjects (tour-\w+)\.ORDERS\.\*/.exec(r.stdout);
  expect(stream).not.toBeNull();
  expect(r.stdout).toContain(`${stream![1]} keeps 6 messages`);
  const bucket = /→ kv add +(settings-tour-\w+)  /.exec(r.stdout);
  const store = /→ obj add +(files-tour-\w+)\n/.exec(r.stdout);
  expect(bucket).not.toBeNull();
  expect(store).not.toBeNull();
  expect(r.stdout).toContain("Refused: wrong last sequence: 5");
  expect(r.stdout).toContain(": it matches.");
  const nc = await connect({ servers: jsServer.url });
  try {
    const names: string[] = [];
    for await (const n of (await jetstreamManager(nc)).streams.names()) names.push(n);
    expect(names).not.toContain(stream![1]);
    expect(names).not.toContain(`KV_${bucket![1]}`);
    expect(names).not.toContain(`OBJ_${store![1]}`);
    expect(names).toEqual([]);
  } finally {
    await nc.close();
  }
});

test("on a server without JetStream, the JetStream, key-value and object steps say so and the tour goes on", async () => {
  const r = await runCli(cli, ["-s", plain.url, "tour"], { timeout: 90_000 });
  expect(r.code).toBe(0);
  expect(r.stdout.match(/Skipped: JetStream is not enabled on this server/g)).toHaveLength(3);
  expect(r.stdout).toContain("9/9  NATS Streaming (STAN)");
  expect(r.stdout).toContain("That was the tour.");
});
