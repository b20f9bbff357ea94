/**
 * The known bugs of node-nats-streaming 0.3.2, each shown fixed against the fake STAN server on a real
 * nats-server. A spy NATS connection watches what actually goes on the wire.
 */
import type { NatsConnection } from "@nats-stack/core";
import { StanError, type Message } from "../../src/index";
import * as pb from "../../src/pb/protocol";
import { once, sleep, spyPerFile, stanEnvPerFile, until } from "../helpers/stan-env";

const env = stanEnvPerFile();
let spy: NatsConnection;
spyPerFile(env, (nc) => (spy = nc));

/** Counts the PUBs the spy sees on `subject` (decoded with `decode`). */
function watch<T>(subject: string, decode: (b: Uint8Array) => T) {
  const seen: Array<{ at: number; value: T }> = [];
  spy.subscribe(subject, { callback: (_e, m) => seen.push({ at: Date.now(), value: decode(m.data) }) });
  return seen;
}

describe("publish over maxPubAcksInflight is never sent", () => {
  test("publish(): the one over the window fails at once with node's text and does not reach the server", async () => {
    env.stan.opts.delays.publish = 150; // PubAcks come late, so the window stays full
    try {
      const sc = await env.client(undefined, { maxPubAcksInflight: 2 });
      const ch = env.id("window");
      const seen = watch(`_STAN.pub.${env.stan.clusterID}.${ch}`, pb.PubMsg.decode);
      await spy.flush();
      const results: Array<Error | undefined> = [];
      const done: Array<Promise<void>> = [];
      for (let i = 0; i < 3; i++) done.push(new Promise((r) => sc.publish(ch, `m${i}`, (err) => (results[i] = err, r()))));
      // node-nats-streaming checked `outstanding > max` (so max + 1 were allowed) and then sent it anyway.
      expect(results[2]).toBeInstanceOf(StanError);
      expect(results[2]!.message).toBe("stan: max in flight reached.");
      expect((results[2] as StanError).code).toBe("STAN_ERR_MAX_IN_FLIGHT");
      expect(() => sc.publish(ch, "no-callback")).toThrow("stan: max in flight reached.");
      await Promise.all(done);
      expect(results.slice(0, 2)).toEqual([undefined, undefined]);
      await spy.flush();
      expect(seen.map((s) => new TextDecoder().decode(s.value.data))).toEqual(["m0", "m1"]);
      await sc.close();
    } finally {
      env.stan.opts.delays.publish = 0;
    }
  });

  test("publishAsync(): waits for a free slot, so at most maxPubAcksInflight are outstanding", async () => {
    env.stan.opts.delays.publish = 30;
    try {
      const sc = await env.client(undefined, { maxPubAcksInflight: 2 });
      const ch = env.id("window-async");
      const pubs = watch(`_STAN.pub.${env.stan.clusterID}.${ch}`, pb.PubMsg.decode);
      await spy.flush();
      const guids = await Promise.all(Array.from({ length: 6 }, (_, i) => sc.publishAsync(ch, `a${i}`)));
      expect(new Set(guids).size).toBe(6);
      expect(pubs).toHaveLength(6);
      // The third publish could only leave after the first PubAck (30 ms later), and so on.
      expect(pubs[2]!.at - pubs[0]!.at).toBeGreaterThanOrEqual(20);
      await sc.close();
    } finally {
      env.stan.opts.delays.publish = 0;
    }
  });
});

describe("auto-ack waits for the message handler", () => {
  test("an async handler: the Ack is sent after its promise settles", async () => {
    const sc = await env.client();
    const ch = env.id("autoack");
    await sc.publishAsync(ch, "x");
    const sub = sc.subscribe(ch, sc.subscriptionOptions().setDeliverAllAvailable());
    let settledAt = 0;
    sub.on("message", async () => {
      await sleep(80);
      settledAt = Date.now();
    });
    await once(sub, "ready");
    const acks = watch(sub.ackInbox!, pb.Ack.decode);
    await until(() => acks.length === 1, 3000, "the ack");
    expect(settledAt).toBeGreaterThan(0);
    expect(acks[0]!.at).toBeGreaterThanOrEqual(settledAt);
    await sc.close();
  });

  test("a handler that rejects (or throws) gets no Ack: the server redelivers, and `error` says why", async () => {
    const sc = await env.client();
    const ch = env.id("autoack-fail");
    await sc.publishAsync(ch, "y");
    // ackWait 1 s is 100 ms on the fake server
    const sub = sc.subscribe(ch, sc.subscriptionOptions().setDeliverAllAvailable().setAckWait(1000));
    const errors: Error[] = [];
    sub.on("error", (e: Error) => errors.push(e));
    const got: Message[] = [];
    sub.on("message", async (m: Message) => {
      got.push(m);
      if (got.length === 1) throw new Error("handler failed");
    });
    await until(() => got.length >= 2, 3000, "the redelivery");
    expect(got[1]!.isRedelivered()).toBe(true);
    expect(errors.map((e) => e.message)).toEqual(["handler failed"]);
    await sc.close();
  });
});

test("setStartTime: the delta is computed when subscribing, not when the option is built", async () => {
  const sc = await env.client();
  const ch = env.id("starttime");
  const reqs = watch(`_STAN.sub.${env.stan.clusterID}`, pb.SubscriptionRequest.decode);
  await spy.flush();
  const start = new Date(Date.now() - 1000);
  const opts = sc.subscriptionOptions().setStartTime(start);
  await sleep(300); // node-nats-streaming would still send the 1000 ms it computed in setStartTime
  const sub = sc.subscribe(ch, opts);
  await once(sub, "ready");
  // The spy is another connection: its copy of the request can arrive after the server's answer.
  await until(() => reqs.some((x) => x.value.subject === ch), 3000, "the spy to see the request");
  const r = reqs.find((x) => x.value.subject === ch)!.value;
  expect(r.startPosition).toBe(pb.StartPosition.TIME_DELTA_START);
  const ms = Number(r.startTimeDelta / 1_000_000n);
  expect(ms).toBeGreaterThanOrEqual(1300);
  expect(ms).toBeLessThan(2500);
  await sc.close();
});

describe("connectTimeout is for the connect request only", () => {
  test("a subscribe answered later than connectTimeout (within requestTimeout) succeeds", async () => {
    env.stan.opts.delays.subscribe = 250;
    try {
      const sc = await env.client(undefined, { connectTimeout: 100, requestTimeout: 2000 });
      const sub = sc.subscribe(env.id("slow"));
      await once(sub, "ready", 3000);
      await sc.close();
    } finally {
      env.stan.opts.delays.subscribe = 0;
    }
  });

  test("each request has its own timeout: a subscribe past requestTimeout emits `timeout` with node's text", async () => {
    env.stan.opts.delays.subscribe = 400;
    try {
      const sc = await env.client(undefined, { connectTimeout: 5000, requestTimeout: 100 });
      const sub = sc.subscribe(env.id("slower"));
      const err = await once<StanError>(sub, "timeout", 3000);
      expect(err.message).toBe("stan: subscribe request timeout");
      expect(err.code).toBe("STAN_ERR_SUBSCRIBE_TIMEOUT");
      expect(sub.isClosed()).toBe(true);
      await sc.close();
    } finally {
      env.stan.opts.delays.subscribe = 0;
    }
  });

  test("close past requestTimeout still closes, and `close` carries the timeout", async () => {
    env.stan.opts.delays.close = 400;
    try {
      const sc = await env.client(undefined, { requestTimeout: 100 });
      const closed = once<Error | null>(sc, "close", 3000);
      await sc.close();
      expect((await closed)?.message).toBe("stan: close request timeout");
    } finally {
      env.stan.opts.delays.close = 0;
    }
  });
});
