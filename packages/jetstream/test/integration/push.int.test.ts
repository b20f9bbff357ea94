// Push consumers against a real server: a durable with manual acks, a deliver group shared by two
// consumers, an ordered push consumer with flow control answered (over 1 MiB pending), idle heartbeats,
// bound push consumers, misuse errors.
import { createInbox, InvalidOperationError, nanos, type NatsConnection } from "@nats-stack/core";
import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerNotification,
  type JetStreamClient,
  type JetStreamManager,
} from "../../src";
import { JsEnv, infoOnceAcked, rejection, uniqueStream, until } from "../helpers/js-env";

const env = new JsEnv();
let nc: NatsConnection;
let jsm: JetStreamManager;
let js: JetStreamClient;

env.clientsPerFile((c) => ({ nc, jsm, js } = c));

async function stream(n: number, size = 8): Promise<{ stream: string; subj: string }> {
  const s = uniqueStream("PUSH");
  await jsm.streams.add({ name: s.stream, subjects: [`${s.subj}.>`] });
  const body = "x".repeat(size);
  const ps = [];
  for (let i = 0; i < n; i++) ps.push(js.publish(`${s.subj}.m`, body));
  await Promise.all(ps);
  return s;
}

test("a durable push consumer with manual acks on ORDERS.*-style subjects", async () => {
  const { stream: name, subj } = await stream(50);
  await jsm.consumers.add(name, {
    durable_name: "monitor",
    deliver_subject: createInbox(),
    ack_policy: AckPolicy.Explicit,
    filter_subject: `${subj}.*`,
  });
  const pc = await js.consumers.getPushConsumer(name, "monitor");
  expect(pc.isPushConsumer()).toBe(true);
  const msgs = await pc.consume();
  expect((await rejection(pc.consume())).message).toBe("consumer already started");
  expect(await rejection(pc.consume())).toBeInstanceOf(InvalidOperationError);
  const seqs: number[] = [];
  for await (const m of msgs) {
    seqs.push(m.seq);
    m.ack();
    if (seqs.length === 50) break;
  }
  expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  await nc.flush();
  const ci = await infoOnceAcked(() => pc.info());
  expect(ci.num_ack_pending).toBe(0);
  // Not a pull consumer, and pull consumers are not push consumers.
  expect((await rejection(js.consumers.get(name, "monitor"))).message).toBe("not a pull consumer");
  await jsm.consumers.add(name, { durable_name: "pull", ack_policy: AckPolicy.Explicit });
  expect((await rejection(js.consumers.getPushConsumer(name, "pull"))).message).toBe("not a push consumer");
});

test("a deliver group: two consumers of one push consumer share the messages", async () => {
  const { stream: name } = await stream(200);
  const deliver = createInbox();
  await jsm.consumers.add(name, { durable_name: "grp", deliver_subject: deliver, deliver_group: "workers", ack_policy: AckPolicy.Explicit });
  const a = await js.consumers.getPushConsumer(name, "grp");
  const b = await js.consumers.getPushConsumer(name, "grp");
  const seen = new Set<number>();
  const counts = [0, 0];
  await Promise.all(
    [a, b].map(async (pc, i) => {
      const msgs = await pc.consume({
        callback: (m) => {
          counts[i]!++;
          seen.add(m.seq);
          m.ack();
          if (seen.size === 200) void msgs.close();
        },
      });
      await until(() => seen.size === 200, "all delivered");
      await msgs.close();
    }),
  );
  expect(seen.size).toBe(200);
  expect(counts[0]! + counts[1]!).toBe(200);
  expect(counts[0]).toBeGreaterThan(0);
  expect(counts[1]).toBeGreaterThan(0);
});

test("an ordered push consumer gets 1100 x 1000 B in order and answers flow control", async () => {
  const { stream: name } = await stream(1100, 1000);
  const pc = await js.consumers.getPushConsumer(name);
  const ci = await pc.info(true);
  expect(ci.config.flow_control).toBe(true);
  expect(ci.config.idle_heartbeat).toBe(nanos(30_000));
  const msgs = await pc.consume();
  const notes: ConsumerNotification[] = [];
  void (async () => {
    for await (const n of msgs.status()) notes.push(n);
  })();
  const seqs: number[] = [];
  for await (const m of msgs) {
    seqs.push(m.seq);
    // Slow at first, so more than 1 MiB is pending on the server and it asks for flow control.
    if (seqs.length === 1) await new Promise((r) => setTimeout(r, 300));
    if (seqs.length === 1100) break;
  }
  expect(seqs).toEqual(Array.from({ length: 1100 }, (_, i) => i + 1));
  expect(notes.some((n) => n.type === "flow_control")).toBe(true);
});

test("idle heartbeats are reported; a bound push consumer reads a deliver subject as configured", async () => {
  const { stream: name } = await stream(3);
  const deliver = createInbox();
  await jsm.consumers.add(name, {
    durable_name: "hb",
    deliver_subject: deliver,
    ack_policy: AckPolicy.Explicit,
    idle_heartbeat: nanos(500),
    flow_control: true,
    deliver_policy: DeliverPolicy.All,
  });
  const bound = await js.consumers.getBoundPushConsumer({ deliver_subject: deliver, idle_heartbeat: nanos(500) });
  expect((await rejection(bound.info())).message).toBe("bound consumers cannot info");
  expect((await rejection(bound.delete())).message).toBe("bound consumers cannot delete");
  const msgs = await bound.consume();
  const notes: ConsumerNotification[] = [];
  void (async () => {
    for await (const n of msgs.status()) notes.push(n);
  })();
  let n = 0;
  for await (const m of msgs) {
    m.ack();
    if (++n === 3) break;
  }
  const msgs2 = await bound.consume();
  const notes2: ConsumerNotification[] = [];
  void (async () => {
    for await (const x of msgs2.status()) notes2.push(x);
  })();
  await until(() => notes2.some((x) => x.type === "heartbeat"), "a heartbeat", 5000);
  const hb = notes2.find((x) => x.type === "heartbeat")!;
  expect(hb).toMatchObject({ type: "heartbeat", lastStreamSequence: 3 });
  await msgs2.close();
  expect((await rejection(js.consumers.getBoundPushConsumer({} as never))).message).toBe("'deliver_subject' is required");
  void notes;
});
