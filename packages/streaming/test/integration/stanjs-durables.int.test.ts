/**
 * stan.js `test/basics.js`, continued: durables, subscription close vs unsubscribe, redelivery in a durable
 * queue group, the publish window and the subscribe timeout, each program run on the reference client and
 * on ours against the fake STAN server (see stanjs-basics.int.test.ts).
 */
import { connect as natsConnect, RequestError } from "@nats-stack/core";
import { StanError } from "../../src/index";
import { closed, connected, next, published, record, sideBySide, type AnyClient, type StanLib } from "../helpers/side-by-side";
import { stanEnvPerFile, until } from "../helpers/stan-env";

const env = stanEnvPerFile();

const client = (lib: StanLib, opts: Record<string, unknown> = {}, id = env.id(lib.name)) =>
  connected(lib, env.stan.clusterID, id, { url: env.server.url, ...opts });

// basics.js 'durables should work' (both: the connection closed, and the subscription closed)
test("a durable with manual acks resumes after the connection closes, or the subscription closes, at the first unacked", async () => {
  const { reference, ours } = await sideBySide(async (lib) => {
    const out: Record<string, number[]> = {};
    for (const how of ["connection", "subscription"] as const) {
      const id = env.id(lib.name);
      const ch = env.id("dur");
      let sc = await client(lib, {}, id);
      const opts = sc.subscriptionOptions().setDeliverAllAvailable().setManualAckMode(true).setDurableName("my-durable");
      const sub1 = sc.subscribe(ch, opts);
      const first: number[] = [];
      const left = new Promise<void>((resolve) => {
        sub1.on("message", (m: AnyClient) => {
          const seq = m.getSequence();
          first.push(seq);
          if (seq < 3) m.ack();
          if (seq !== 2) return;
          if (how === "connection") {
            sc.once("close", () => resolve());
            sc.close();
          } else {
            sub1.once("closed", () => resolve());
            sub1.close();
          }
        });
      });
      await next(sub1, "ready");
      for (let i = 0; i < 3; i++) sc.publish(ch);
      await left;
      if (how === "connection") sc = await client(lib, {}, id);
      const sub2 = sc.subscribe(ch, opts);
      const m = await next<AnyClient>(sub2, "message");
      out[how] = [m.getSequence()];
      await closed(sc);
    }
    return out;
  });
  expect(reference).toEqual({ connection: [3], subscription: [3] });
  expect(ours).toEqual(reference);
});

// basics.js 'sub close should stop getting messages', and the older 'durable close should pause messages'
test("sub.close() from the handler stops deliveries; a durable closed keeps its place: the next subscriber gets what came meanwhile", async () => {
  const { reference, ours } = await sideBySide(async (lib) => {
    const sc = await client(lib);
    const out: Record<string, unknown> = {};
    for (const durable of [false, true]) {
      const ch = env.id("close");
      const opts = sc.subscriptionOptions().setDeliverAllAvailable();
      if (durable) opts.setDurableName("dur");
      // An empty queue group with options, as the stan.js case passes them.
      const sub = sc.subscribe(ch, "", opts);
      const events = record(sub, ["ready", "error", "closed", "unsubscribed"]);
      const before: number[] = [];
      sub.on("message", (m: AnyClient) => {
        before.push(m.getSequence());
        m.ack();
        sub.close();
      });
      await next(sub, "ready");
      sc.publish(ch, "one");
      await next(sub, "closed");
      await published(sc, ch, "two");
      // Anything the server sent to the closed subscription has arrived once this PubAck has.
      await published(sc, env.id("barrier"), "x");
      const after: number[] = [];
      if (durable) {
        const again = sc.subscribe(ch, "", opts);
        again.on("message", (m: AnyClient) => after.push(m.getSequence()));
        await next(again, "ready");
        await published(sc, ch, "three");
        await until(() => after.length >= 2, 3000, "two messages");
      }
      out[durable ? "durable" : "plain"] = { events, before, after, qGroup: sub.qGroup };
    }
    await closed(sc);
    return out;
  });
  expect(reference).toEqual({
    plain: { events: ["ready", "closed"], before: [1], after: [], qGroup: "" },
    durable: { events: ["ready", "closed"], before: [1], after: [2, 3], qGroup: "" },
  });
  expect(ours).toEqual(reference);
});

// basics.js 'redelivery count works'
test("a durable queue group member closing unacked: the other member gets the message redelivered, with its count", async () => {
  const { reference, ours } = await sideBySide(async (lib) => {
    const sc = await client(lib);
    const ch = env.id("redeliver");
    const opts = sc.subscriptionOptions().setDeliverAllAvailable().setManualAckMode(true).setDurableName("my-durable");
    const subs = [sc.subscribe(ch, "q", opts), sc.subscribe(ch, "q", opts)];
    const seen: Array<[boolean, number]> = [];
    const bothClosed = Promise.all(subs.map((s) => next(s, "closed")));
    for (const s of subs) {
      s.on("message", (m: AnyClient) => {
        seen.push([m.isRedelivered(), m.getRedeliveryCount()]);
        if (seen.length > 1) m.ack();
        s.close();
      });
    }
    await Promise.all(subs.map((s) => next(s, "ready")));
    sc.publish(ch);
    await bothClosed;
    await closed(sc);
    return seen;
  });
  expect(reference).toEqual([
    [false, 0],
    [true, 1],
  ]);
  expect(ours).toEqual(reference);
});

// basics.js 'maxPubAcksInflight should cb on error', 'maxPubAcksInflight should toss on error'
test("maxPubAcksInflight 3, ten publishes at once: `stan: max in flight reached.` to the callback, or thrown", async () => {
  env.stan.opts.delays.publish = 100; // the PubAcks come after the ten publishes
  try {
    const { reference, ours } = await sideBySide(async (lib) => {
      const sc = await client(lib, { maxPubAcksInflight: 3 });
      const first = { cb: -1, thrown: -1 };
      const texts = new Set<string>();
      let oks = 0;
      // The reference sends all ten (and later calls the refused ones' callbacks again with their PubAck);
      // ours sends the three the window holds.
      const sent = lib.name === "reference" ? 10 : 3;
      for (let i = 0; i < 10; i++) {
        sc.publish(env.id("w"), "bar", (err: Error | undefined) => {
          if (!err) oks++;
          if (err && first.cb < 0) first.cb = i;
          if (err) texts.add(err.message);
        });
      }
      await until(() => oks === sent, 5000, "the PubAcks");
      for (let i = 0; i < 10; i++) {
        try {
          sc.publish(env.id("w"), new Uint8Array([1]));
        } catch (err) {
          if (first.thrown < 0) first.thrown = i;
          texts.add((err as Error).message);
        }
      }
      await closed(sc);
      return { first, texts: [...texts] };
    });
    // node-nats-streaming let one more than the limit through (`>`), and sent the refused ones anyway;
    // ours refuses the fourth and sends nothing (README, bug fix 1).
    expect(reference).toEqual({ first: { cb: 4, thrown: 4 }, texts: ["stan: max in flight reached."] });
    expect(ours).toEqual({ first: { cb: 3, thrown: 3 }, texts: ["stan: max in flight reached."] });
  } finally {
    env.stan.opts.delays.publish = 0;
  }
});

// The fake server's NATS connection is closed, but nats-server drops its interest on its own time: wait until a
// request on `subject` gets "no responders".
async function goneFromServer(subject: string): Promise<void> {
  const nc = await natsConnect({ servers: env.server.url });
  try {
    for (;;) {
      const err = await nc.request(subject, new Uint8Array(0), { timeout: 200 }).then(
        () => undefined,
        (e: Error) => e,
      );
      if (err instanceof RequestError && err.isNoResponders()) return;
    }
  } finally {
    await nc.close();
  }
}

// basics.js 'subscribe emits timeout' (the STAN server gone: here it does not answer, or is not there at all)
describe("a subscribe nobody answers", () => {
  test("an unanswered subscribe: `timeout` with `stan: subscribe request timeout`", async () => {
    env.stan.opts.delays.subscribe = 600;
    try {
      const { reference, ours } = await sideBySide(async (lib) => {
        // The reference times its requests with connectTimeout; ours with requestTimeout (README, bug fix 4).
        const sc = await client(lib, { connectTimeout: 200, requestTimeout: 200 });
        const sub = sc.subscribe(env.id("t"));
        const events = record(sub, ["ready", "error", "timeout"]);
        await next(sub, "timeout");
        await closed(sc);
        return events;
      });
      expect(reference).toEqual(["timeout: stan: subscribe request timeout"]);
      expect(ours).toEqual(reference);
    } finally {
      env.stan.opts.delays.subscribe = 0;
    }
  });

  test("no STAN server at all: subscribe and unsubscribe time out on the reference; ours says so at once, on `timeout` too", async () => {
    const { reference, ours } = await sideBySide(async (lib) => {
      const sc = await client(lib, { connectTimeout: 300 });
      const earlier = sc.subscribe(env.id("t"));
      await next(earlier, "ready");
      await env.stan.stop();
      await goneFromServer(`_STAN.sub.${env.stan.clusterID}`);
      try {
        const sub = sc.subscribe(env.id("t"));
        const events = record(sub, ["ready", "error", "timeout"]);
        const err = await next<Error>(sub, "timeout");
        const unsubEvents = record(earlier, ["error", "timeout", "unsubscribed"]);
        earlier.unsubscribe();
        const unsubErr = await next<Error>(earlier, "timeout");
        return {
          events: [...events, ...unsubEvents].map((e) => e.split(":")[0]),
          codes: [(err as StanError).code, (unsubErr as StanError).code],
        };
      } finally {
        await env.stan.start();
        await closed(sc);
      }
    });
    // The reference's error is nats@1's NatsError, whose code is the text.
    expect(reference).toEqual({ events: ["timeout", "timeout"], codes: ["stan: subscribe request timeout", "stan: unsubscribe request timeout"] });
    expect(ours).toEqual({ events: ["timeout", "timeout"], codes: ["STAN_ERR_NO_RESPONDERS", "STAN_ERR_NO_RESPONDERS"] });
  });
});

// Behind basics.js 'publish cb is error if not connected': a publish still waiting for its PubAck when close()
// is called gets the same error, before `close`.
test("close() with a publish awaiting its PubAck: the callback gets `stan: Connection closed`, then `close`", async () => {
  env.stan.opts.delays.publish = 500;
  try {
    const { reference, ours } = await sideBySide(async (lib) => {
      const sc = await client(lib);
      const events = record(sc, ["error", "close"]);
      sc.publish(env.id("late"), "x", (err: Error | undefined) => events.push(`publish cb: ${err instanceof Error} ${err?.message}`));
      await closed(sc);
      return events;
    });
    expect(reference).toEqual(["publish cb: true stan: Connection closed", "close"]);
    expect(ours).toEqual(reference);
  } finally {
    env.stan.opts.delays.publish = 0;
  }
});
