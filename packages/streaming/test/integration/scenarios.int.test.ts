/**
 * What the transcripts cannot drive, against the fake STAN server: long redelivery chains, many
 * subscribers, queue members leaving, server-side errors, the async iterator with manual acks and
 * backpressure, and a connection given as `nc`.
 */
import { connect as natsConnect } from "@nats-stack/core";
import { connect, connectAsync, StanError, type Message } from "../../src/index";
import { once, sleep, stanEnvPerFile, until } from "../helpers/stan-env";

const env = stanEnvPerFile();

test("a long redelivery chain: never acked, redelivered 8 times with growing counts", async () => {
  const sc = await env.client();
  const ch = env.id("chain");
  await sc.publishAsync(ch, "never-acked");
  const sub = sc.subscribe(ch, sc.subscriptionOptions().setDeliverAllAvailable().setManualAckMode(true).setAckWait(1000));
  const got: Message[] = [];
  sub.on("message", (m: Message) => got.push(m));
  await until(() => got.length >= 9, 4000, "9 deliveries");
  expect(got.slice(0, 9).map((m) => [m.getSequence(), m.isRedelivered(), m.getRedeliveryCount()])).toEqual(
    Array.from({ length: 9 }, (_, i) => [1, i > 0, i]),
  );
  got[got.length - 1]!.ack();
  const n = got.length;
  await sleep(300);
  expect(got.length).toBeLessThanOrEqual(n + 1); // at most one already on its way when the ack went out
  await sc.close();
});

test("many subscribers: 20 plain subscriptions each get all 50 messages, in order", async () => {
  const sc = await env.client();
  const ch = env.id("fanout");
  const seqs: number[][] = [];
  const subs = Array.from({ length: 20 }, (_, i) => {
    const sub = sc.subscribe(ch);
    seqs[i] = [];
    sub.on("message", (m: Message) => seqs[i]!.push(m.getSequence()));
    return sub;
  });
  await Promise.all(subs.map((s) => once(s, "ready")));
  await Promise.all(Array.from({ length: 50 }, (_, i) => sc.publishAsync(ch, `m${i}`)));
  await until(() => seqs.every((s) => s.length === 50), 5000, "all deliveries");
  const want = Array.from({ length: 50 }, (_, i) => i + 1);
  for (const s of seqs) expect(s).toEqual(want);
  await sc.close();
});

test("a queue group of 4 shares 40 messages; a member leaving hands its unacked ones to the others", async () => {
  const ch = env.id("q");
  const clients = await Promise.all([0, 1, 2, 3].map(() => env.client()));
  const got = new Map<number, number>();
  const perMember = [0, 0, 0, 0];
  const subs = clients.map((sc, i) => {
    const sub = sc.subscribe(ch, "workers", sc.subscriptionOptions().setManualAckMode(true).setAckWait(1000));
    sub.on("message", (m: Message) => {
      perMember[i]!++;
      got.set(m.getSequence(), (got.get(m.getSequence()) ?? 0) + 1);
      if (i !== 3) m.ack(); // member 3 never acks, then leaves
    });
    return sub;
  });
  await Promise.all(subs.map((s) => once(s, "ready")));
  for (let i = 0; i < 40; i++) await clients[0]!.publishAsync(ch, `job-${i}`);
  await until(() => perMember[3]! > 0, 3000);
  await clients[3]!.close();
  await until(() => got.size === 40, 5000, "every job");
  expect(perMember.slice(0, 3).every((n) => n > 0)).toBe(true);
  for (const c of clients.slice(0, 3)) await c.close();
});

test("server errors: duplicate durable, clientID already registered, invalid clientID", async () => {
  const sc = await env.client();
  const ch = env.id("dup");
  const opts = () => sc.subscriptionOptions().setDurableName("same");
  const a = sc.subscribe(ch, opts());
  await once(a, "ready");
  const b = sc.subscribe(ch, opts());
  const err = await once<StanError>(b, "error");
  expect([err.message, err.code, err.server]).toEqual(["stan: duplicate durable registration", "STAN_ERR_DUPLICATE_DURABLE", true]);
  expect(b.isClosed()).toBe(true);

  const twin = connect(env.stan.clusterID, sc.clientID, { url: env.server.url });
  const twinClosed = once(twin, "close");
  const e2 = await once<StanError>(twin, "error");
  expect(e2.message).toBe("stan: clientID already registered");
  expect(e2.code).toBe("STAN_ERR_CLIENT_ID_REGISTERED");
  await twinClosed;

  const bad = connect(env.stan.clusterID, "bad id!", { url: env.server.url });
  const e3 = await once<StanError>(bad, "error");
  expect(e3.code).toBe("STAN_ERR_INVALID_CLIENT_ID");
  expect(e3.message).toBe("stan: invalid clientID: only alphanumeric and `-` or `_` characters allowed");
  await sc.close();
});

test("unsubscribe twice: the second says `stan: invalid subscription`", async () => {
  const sc = await env.client();
  const sub = sc.subscribe(env.id("twice"));
  await once(sub, "ready");
  const done = once(sub, "unsubscribed");
  sub.unsubscribe();
  await done;
  const err = once<Error>(sub, "error");
  sub.unsubscribe();
  expect((await err).message).toBe("stan: invalid subscription");
  await sc.close();
});

test("for await with manual acks: the server holds what is not acked (maxInFlight is the backpressure)", async () => {
  const sc = await env.client();
  const ch = env.id("iter");
  for (let i = 1; i <= 10; i++) await sc.publishAsync(ch, `i${i}`);
  const sub = sc.subscribe(ch, sc.subscriptionOptions().setDeliverAllAvailable().setManualAckMode(true).setMaxInFlight(3));
  const seen: number[] = [];
  let maxPending = 0;
  for await (const m of sub) {
    seen.push(m.getSequence());
    await sleep(5);
    maxPending = Math.max(maxPending, sub.window.inFlight);
    m.ack();
    if (seen.length === 10) break;
  }
  expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  expect(maxPending).toBeLessThanOrEqual(3);
  await sc.close();
});

test("for await with auto-ack: a message is acked when the loop takes the next one; close ends the loop", async () => {
  const sc = await env.client();
  const ch = env.id("iter-auto");
  const sub = sc.subscribe(ch, sc.subscriptionOptions().setMaxInFlight(2));
  await once(sub, "ready");
  for (let i = 1; i <= 5; i++) await sc.publishAsync(ch, `a${i}`);
  const seen: string[] = [];
  const loop = (async () => {
    for await (const m of sub) {
      seen.push(m.getData() as string);
      expect(sub.window.inFlight).toBeLessThanOrEqual(2);
      if (seen.length === 5) void sleep(20).then(() => sub.close());
    }
  })();
  await loop;
  expect(seen).toEqual(["a1", "a2", "a3", "a4", "a5"]);
  await sc.close();
});

test("leaving a for-await loop: the messages it did not take wait, unacked, for the next loop; one loop at a time", async () => {
  const sc = await env.client();
  const ch = env.id("iter-leave");
  for (let i = 1; i <= 4; i++) await sc.publishAsync(ch, `l${i}`);
  const sub = sc.subscribe(ch, sc.subscriptionOptions().setDeliverAllAvailable().setManualAckMode(true));
  await once(sub, "ready");
  await until(() => sub.window.inFlight === 4, 3000, "all four delivered");
  const first: number[] = [];
  for await (const m of sub) {
    first.push(m.getSequence());
    m.ack();
    // A second loop while this one runs fails on its first next(), as nats.js's iterators do.
    await expect(sub[Symbol.asyncIterator]().next()).rejects.toThrow("iterator is already yielding");
    if (first.length === 2) break;
  }
  const second: number[] = [];
  for await (const m of sub) {
    second.push(m.getSequence());
    m.ack();
    if (second.length === 2) break;
  }
  expect([first, second]).toEqual([
    [1, 2],
    [3, 4],
  ]);
  expect(sub.window.inFlight).toBe(0);
  await sc.close();
});

test("runs on a NATS connection given as `nc`, which close() leaves open", async () => {
  const nc = await natsConnect({ servers: env.server.url });
  const sc = connect(env.stan.clusterID, env.id("nc"), { nc });
  await once(sc, "connect");
  const ch = env.id("on-nc");
  const sub = sc.subscribe(ch);
  const got = new Promise<Message>((r) => sub.on("message", r));
  await once(sub, "ready");
  await sc.publishAsync(ch, "via nc");
  expect((await got).getData()).toBe("via nc");
  await sc.close();
  expect(nc.isClosed()).toBe(false);
  await nc.close();
});

test("publish and subscribe before `connect` wait for the connection", async () => {
  const sc = connect(env.stan.clusterID, env.id("early"), { url: env.server.url });
  const ch = env.id("early");
  const sub = sc.subscribe(ch);
  const got = new Promise<Message>((r) => sub.on("message", r));
  const ready = once(sub, "ready");
  const acked = new Promise<Error | undefined>((r) => sc.publish(env.id("other"), "early", (err) => r(err)));
  expect(await acked).toBeUndefined();
  await ready;
  await sc.publishAsync(ch, "after ready");
  expect((await got).getData()).toBe("after ready");
  await sc.close();
});

test("no STAN server for the cluster: the connect fails at once with no responders, not after the timeout", async () => {
  const started = Date.now();
  const err = await connectAsync("no-such-cluster", env.id("nobody"), { url: env.server.url, connectTimeout: 4000 }).catch((e: StanError) => e);
  expect(err).toBeInstanceOf(StanError);
  expect((err as StanError).code).toBe("STAN_ERR_NO_RESPONDERS");
  expect(Date.now() - started).toBeLessThan(2000);
});
