import { serverPerFile } from "@nats-stack/fixtures/server-per-file";
import { connect, type NatsConnection } from "@nats-stack/core";
import { statuses } from "../helpers/status";
import { connectPerFile } from "../helpers/connect-per-file";

const srv = serverPerFile();
let nc: NatsConnection;
connectPerFile(srv, (c) => (nc = c));
let n = 0;
const subj = () => `flow.${++n}`;

test("slow consumer: an iterator's queue is bounded, extras are dropped and counted, one status per episode", async () => {
  const c = await connect({ servers: srv.url });
  const events = statuses(c);
  const s = subj();
  const sub = c.subscribe(s, { pendingMsgsLimit: 100 });
  for (let i = 0; i < 250; i++) c.publish(s, String(i));
  await c.flush();
  await new Promise((r) => setTimeout(r, 50));
  expect(sub.getPending()).toBe(100);
  expect(sub.getDropped()).toBe(150);
  expect(sub.getReceived()).toBe(250);
  expect(c.stats().droppedMsgs).toBe(150);
  const slow = events.filter((e) => e.type === "slowConsumer");
  expect(slow).toHaveLength(1);
  expect(slow[0]).toMatchObject({ pending: 100 });
  // Reading the backlog ends the episode; the first 100 messages are intact and in order.
  const got: string[] = [];
  for await (const m of sub) {
    got.push(m.string());
    if (got.length === 100) break;
  }
  expect(got).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
  await c.close();
});

test("slow consumer by bytes", async () => {
  const s = subj();
  const sub = nc.subscribe(s, { pendingBytesLimit: 10_000 });
  for (let i = 0; i < 20; i++) nc.publish(s, new Uint8Array(1000));
  await nc.flush();
  await new Promise((r) => setTimeout(r, 30));
  expect(sub.getPending()).toBe(10);
  expect(sub.getDropped()).toBe(10);
  sub.unsubscribe();
});

test("maxInFlight caps concurrent async callbacks and applies backpressure through the pending queue", async () => {
  const s = subj();
  let inFlight = 0;
  let peak = 0;
  const done: number[] = [];
  const sub = nc.subscribe(s, {
    maxInFlight: 3,
    callback: async (_e, m) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      done.push(Number(m.string()));
      inFlight--;
    },
  });
  for (let i = 0; i < 30; i++) nc.publish(s, String(i));
  await nc.flush();
  await new Promise((r) => setTimeout(r, 10));
  expect(sub.getPending()).toBeGreaterThan(0);
  await sub.drain();
  expect(peak).toBe(3);
  expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  expect(sub.getProcessed()).toBe(30);
});

test("subscription drain: everything in flight is processed, nothing new is accepted", async () => {
  const s = subj();
  const seen: string[] = [];
  const sub = nc.subscribe(s, {
    callback: async (_e, m) => {
      await new Promise((r) => setTimeout(r, 2));
      seen.push(m.string());
    },
  });
  for (let i = 0; i < 20; i++) nc.publish(s, String(i));
  await nc.flush();
  await sub.drain();
  expect(seen).toHaveLength(20);
  expect(sub.isClosed()).toBe(true);
  nc.publish(s, "late");
  await nc.flush();
  expect(seen).toHaveLength(20);
  await expect(sub.drain()).rejects.toThrow("subscription is already closed");
});

test("iterator drain waits for the consumer to finish what was queued", async () => {
  const s = subj();
  const sub = nc.subscribe(s);
  const seen: string[] = [];
  const consumer = (async () => {
    for await (const m of sub) {
      await new Promise((r) => setTimeout(r, 1));
      seen.push(m.string());
    }
  })();
  for (let i = 0; i < 10; i++) nc.publish(s, String(i));
  await nc.flush();
  await sub.drain();
  expect(seen).toHaveLength(10);
  await consumer;
});

test("connection drain: subscriptions drained, pending publishes flushed, then closed", async () => {
  const pub = await connect({ servers: srv.url });
  const c = await connect({ servers: srv.url });
  const s = subj();
  const seen: string[] = [];
  c.subscribe(s, {
    callback: async (_e, m) => {
      await new Promise((r) => setTimeout(r, 1));
      seen.push(m.string());
    },
  });
  await c.flush();
  const check = pub.subscribe(`${s}.out`);
  await pub.flush();
  for (let i = 0; i < 50; i++) pub.publish(s, String(i));
  await pub.flush();
  for (let i = 0; i < 5; i++) c.publish(`${s}.out`, String(i));
  const drained = c.drain();
  expect(c.isDraining()).toBe(true);
  expect(() => c.subscribe("x")).toThrow("connection draining");
  await drained;
  expect(c.isClosed()).toBe(true);
  expect(seen).toHaveLength(50);
  await pub.flush();
  expect(check.getReceived()).toBe(5);
  await pub.close();
});

test("status(): each listener gets events; breaking out stops it", async () => {
  const c = await connect({ servers: srv.url, pingInterval: 20 });
  const got: string[] = [];
  for await (const s of c.status()) {
    got.push(s.type);
    if (got.length === 2) break;
  }
  expect(got).toEqual(["ping", "ping"]);
  await c.close();
});
