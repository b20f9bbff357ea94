// Never silently stalled: kill -9 of a file-store server mid-consume and a restart on the same port and
// store; every stored message is processed (at least once), an ordered consumer is recreated and replays
// in order without gaps; a consume whose connection is gone for good ends with an error, never a hang.
import { connect, type NatsConnection } from "@nats-stack/core";
import { restartServer, startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { AckPolicy, jetstream, jetstreamManager, type ConsumerNotification } from "../../src";
import { rejection, uniqueStream } from "../helpers/js-env";

const servers: NatsServer[] = [];
const conns: NatsConnection[] = [];
afterAll(async () => {
  for (const nc of conns) await nc.close().catch(() => {});
  // The restarted servers first: the first one's stop removes the shared store.
  for (const s of servers.reverse()) await s.stop();
});

async function setup(n: number): Promise<{ srv: NatsServer; nc: NatsConnection; stream: string; subj: string }> {
  const srv = await startServer({ jetstream: true });
  servers.push(srv);
  const nc = await connect({ servers: srv.url, maxReconnectAttempts: -1, reconnectTimeWait: 100, pingInterval: 1000 });
  conns.push(nc);
  const { stream, subj } = uniqueStream("RES");
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: stream, subjects: [`${subj}.>`] });
  const js = jetstream(nc);
  const ps = [];
  for (let i = 1; i <= n; i++) ps.push(js.publish(`${subj}.m`, `${i}`));
  await Promise.all(ps);
  return { srv, nc, stream, subj };
}

async function killAndRestart(srv: NatsServer, downMs: number): Promise<void> {
  srv.signal("SIGKILL");
  await srv.exited();
  await new Promise((r) => setTimeout(r, downMs));
  servers.push(await restartServer(srv));
}

test("durable consume(): kill -9 and restart mid-consume, every stored message is processed", async () => {
  const N = 3000;
  const { srv, nc, stream } = await setup(N);
  const jsm = await jetstreamManager(nc);
  await jsm.consumers.add(stream, { durable_name: "d", ack_policy: AckPolicy.Explicit, ack_wait: 2_000_000_000 });
  const c = await jetstream(nc).consumers.get(stream, "d");
  const msgs = await c.consume({ max_messages: 100, expires: 2000 });
  const notes: ConsumerNotification[] = [];
  void (async () => {
    for await (const x of msgs.status()) notes.push(x);
  })();
  const seen = new Set<number>();
  let deliveries = 0;
  let killed: Promise<void> | undefined;
  for await (const m of msgs) {
    deliveries++;
    seen.add(m.seq);
    m.ack();
    if (seen.size === 1000 && !killed) killed = killAndRestart(srv, 500);
    // Slow down a little right after the kill, so the outage falls in the middle of the stream.
    if (killed && seen.size < 1200) await new Promise((r) => setTimeout(r, 1));
    if (seen.size === N) break;
  }
  await killed;
  expect(seen.size).toBe(N);
  expect(deliveries).toBeGreaterThanOrEqual(N);
  // Nothing is left unacknowledged once the acks of the end are written. Acks the kill swallowed (written
  // to the dying server) come back as redeliveries after ack_wait, possibly after every sequence was seen and
  // the loop above ended: those are acked here, until the ack floor is at the end.
  await nc.flush();
  let ci = await jsm.consumers.info(stream, "d");
  const end = Date.now() + 30_000;
  while (ci.ack_floor.stream_seq < N && Date.now() < end) {
    for await (const m of await c.fetch({ max_messages: 100, expires: 3000 })) m.ack();
    await nc.flush();
    ci = await jsm.consumers.info(stream, "d");
  }
  expect(ci.ack_floor.stream_seq).toBe(N);
}, 90_000);

test("ordered consume(): kill -9 and restart, the consumer is recreated and replays in order", async () => {
  const N = 3000;
  const { srv, nc, stream } = await setup(N);
  const oc = await jetstream(nc).consumers.get(stream);
  const msgs = await oc.consume({ max_messages: 100, expires: 2000 });
  const notes: ConsumerNotification[] = [];
  void (async () => {
    for await (const x of msgs.status()) notes.push(x);
  })();
  const seqs: number[] = [];
  let killed: Promise<void> | undefined;
  for await (const m of msgs) {
    seqs.push(m.seq);
    if (seqs.length === 1000 && !killed) killed = killAndRestart(srv, 500);
    if (killed && seqs.length < 1200) await new Promise((r) => setTimeout(r, 1));
    if (m.seq === N) break;
  }
  await killed;
  expect(seqs).toEqual(Array.from({ length: N }, (_, i) => i + 1));
  expect(notes.some((n) => n.type === "ordered_consumer_recreated")).toBe(true);
}, 90_000);

test("a consume whose connection is gone for good ends with the error, on the iterator and on status()", async () => {
  const { srv, stream } = await setup(10);
  const nc = await connect({ servers: srv.url, maxReconnectAttempts: 2, reconnectTimeWait: 50 });
  conns.push(nc);
  const jsm = await jetstreamManager(nc);
  await jsm.consumers.add(stream, { durable_name: "gone", ack_policy: AckPolicy.Explicit });
  const c = await jetstream(nc).consumers.get(stream, "gone");
  const msgs = await c.consume({ expires: 1000 });
  const notes: ConsumerNotification[] = [];
  const statusEnded = (async () => {
    for await (const x of msgs.status()) notes.push(x);
  })();
  const loop = (async () => {
    let n = 0;
    for await (const m of msgs) {
      m.ack();
      if (++n === 10) srv.signal("SIGKILL");
    }
  })();
  const err = await rejection(loop);
  expect(err.name).toBe("ConnectionError");
  await statusEnded;
  const last = notes[notes.length - 1];
  expect(last?.type).toBe("stopped");
  expect((last as { error: Error }).error).toBe(err);
  expect(await msgs.closed()).toBe(err);
  await srv.exited();
}, 60_000);

test("a fetch whose server vanished ends (heartbeats missed), never hangs", async () => {
  const { srv, nc, stream } = await setup(0);
  const jsm = await jetstreamManager(nc);
  await jsm.consumers.add(stream, { durable_name: "f", ack_policy: AckPolicy.Explicit });
  const c = await jetstream(nc).consumers.get(stream, "f");
  const it = await c.fetch({ max_messages: 10, expires: 2000, idle_heartbeat: 500 });
  setTimeout(() => srv.signal("SIGSTOP"), 100);
  const err = await rejection(
    (async () => {
      for await (const m of it) m.ack();
    })(),
  );
  srv.signal("SIGCONT");
  expect(err.message).toBe("heartbeats missed");
}, 30_000);
