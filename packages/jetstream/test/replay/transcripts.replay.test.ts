// Our client against the JetStream transcripts recorded with it from a real nats-server 2.9.10
// (fixtures/transcripts/jetstream/ours-*.jsonl): the replay server plays the server's side byte for byte, at
// the recorded pace, and checks every operation the client sends. Each client program checks what it got
// (errors, statuses, sequences, notifications), so a passing replay shows the client still does exactly
// what it did against the real server, statuses included. Altered clients are caught at the right place.
import { loadTranscript } from "@nats-stack/fixtures/corpus";
import { formatReport, startReplay, type ReplayReport } from "@nats-stack/fixtures/replay-server";
import { connect } from "@nats-stack/core";
import { jetstream, jetstreamManager, AckPolicy } from "../../src";
import { jetstreamOursScenarios } from "../../../../fixtures/recorder/scenarios/jetstream-ours";
import type { Scenario, ScenarioContext } from "../../../../fixtures/recorder/scenario";

async function replay(s: Scenario, run: (ctx: ScenarioContext) => Promise<void> = s.run): Promise<{ report: ReplayReport; clientError?: Error }> {
  const replayServer = await startReplay(loadTranscript("jetstream", s.name), s.replay ?? {});
  let clientError: Error | undefined;
  try {
    await run({ url: replayServer.url, mode: "replay", onServer: async () => {}, log: () => {} });
  } catch (err) {
    clientError = err as Error;
  }
  return { report: await replayServer.finish(s.replay?.timeout ?? 20_000), clientError };
}

test("there are at least 15 scenarios recorded with our client", () => {
  expect(jetstreamOursScenarios.length).toBeGreaterThanOrEqual(15);
});

for (const s of jetstreamOursScenarios) {
  test(`${s.name} replays`, async () => {
    const r = await replay(s);
    if (!r.report.ok || r.clientError) throw new Error(`${formatReport(r.report)}${r.clientError ? `\nclient error: ${r.clientError.stack}` : ""}`);
  }, 60_000);
}

const byName = (n: string) => jetstreamOursScenarios.find((s) => s.name === n)!;

test("a client that asks for a different batch diverges at that request", async () => {
  const s = byName("ours-pull-statuses");
  const r = await replay(s, async (ctx) => {
    const nc = await connect({ servers: ctx.url, reconnect: false });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "PST", subjects: ["pst.>"] });
    const js = jetstream(nc);
    for (let i = 1; i <= 3; i++) await js.publish("pst.a", `m${i}`);
    await jsm.consumers.add("PST", { durable_name: "w", ack_policy: AckPolicy.Explicit, max_batch: 5 });
    const c = await js.consumers.get("PST", "w");
    // Recorded: max_messages 10.
    await c.fetch({ max_messages: 9, expires: 1000 });
    await nc.close();
  });
  expect(r.report.ok).toBe(false);
  expect(r.report.divergence?.reason).toMatch(/payload/);
  expect(formatReport(r.report)).toContain("CONSUMER.MSG.NEXT.PST.w");
}, 60_000);

test("a client that would publish without the recorded expectation diverges on the headers", async () => {
  const s = byName("ours-publish-expectations");
  const r = await replay(s, async (ctx) => {
    const nc = await connect({ servers: ctx.url, reconnect: false });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "EXP", subjects: ["exp.>"] });
    const js = jetstream(nc);
    await js.publish("exp.a", "1", { msgID: "id-1" });
    // Recorded: with expect { streamName, lastSequence, lastMsgID }.
    await js.publish("exp.b", "2", { expect: { streamName: "EXP" } }).catch(() => {});
    await nc.close();
  });
  expect(r.report.ok).toBe(false);
  expect(r.report.divergence?.expected).toContain("exp.b");
}, 60_000);

test("a skipped delivery sequence in the recorded traffic makes the ordered consumer recreate itself there", async () => {
  const s = byName("ours-ordered-replay");
  const replayServer = await startReplay(loadTranscript("jetstream", s.name), {
    // Message 150 arrives as if the server had delivered another one before it (delivery sequence 151).
    rewriteServerOp: (op) => {
      if ((op.kind === "MSG" || op.kind === "HMSG") && op.reply && /^\$JS\.ACK\.ORD\.[^.]+\.1\.150\.150\./.test(op.reply)) {
        return { ...op, reply: op.reply.replace(".1.150.150.", ".1.150.151.") };
      }
      return op;
    },
  });
  const seen: number[] = [];
  const nc = await connect({ servers: replayServer.url, reconnect: false });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "ORD", subjects: ["ord.>"] });
    const js = jetstream(nc);
    await Promise.all(Array.from({ length: 300 }, (_, i) => js.publish(`ord.${i % 3}`, `${i}`)));
    const oc = await js.consumers.get("ORD");
    for await (const m of await oc.consume({ max_messages: 100 })) {
      seen.push(m.seq);
      if (m.seq === 300) break;
    }
  } catch {
    // The replay drops the connection at the divergence.
  }
  const report = await replayServer.finish(20_000);
  await nc.close().catch(() => {});
  expect(seen).toEqual(Array.from({ length: 149 }, (_, i) => i + 1));
  expect(report.ok).toBe(false);
  expect(report.divergence?.received).toMatch(/\$JS\.API\.CONSUMER\.DELETE\.ORD\./);
}, 60_000);
