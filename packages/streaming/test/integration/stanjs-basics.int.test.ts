/**
 * What node-nats-streaming's own tests (stan.js `test/basics.js`) check, checked side by side: each case runs
 * the same program on the reference client and on ours against the fake STAN server, and the two must
 * observe the same. The comment on each test names the stan.js case it comes from; the programs are ours.
 * Cases already covered elsewhere are named in the README's list (and not repeated here).
 */
import type { NatsConnection } from "@nats-stack/core";
import { startFakeStan, type FakeStan } from "@nats-stack/fixtures/fake-stan/fake-stan";
import * as pb from "../../src/pb/protocol";
import { closed, connected, next, published, record, sideBySide, type AnyClient, type StanLib } from "../helpers/side-by-side";
import { spyPerFile, stanEnvPerFile, until } from "../helpers/stan-env";

const te = new TextDecoder();
const env = stanEnvPerFile();
let spy: NatsConnection;
spyPerFile(env, (nc) => (spy = nc));

const client = (lib: StanLib, opts: Record<string, unknown> = {}) => connected(lib, env.stan.clusterID, env.id(lib.name), { url: env.server.url, ...opts });

/** Publishes `datas` to `ch` and waits for every PubAck. */
async function fill(sc: AnyClient, ch: string, datas: string[]): Promise<void> {
  for (const d of datas) await published(sc, ch, d);
}

/** The data of the first message a subscription with `configure`d options gets, and its sequence. */
async function firstFrom(sc: AnyClient, ch: string, configure: (o: AnyClient) => void): Promise<[unknown, number]> {
  const opts = sc.subscriptionOptions();
  configure(opts);
  const sub = sc.subscribe(ch, opts);
  sub.on("error", () => {});
  const m = await next<AnyClient>(sub, "message");
  return [m.getData(), m.getSequence()];
}

// basics.js 'should do basic subscribe and unsubscribe', 'subscribe emits ready', 'unsubscribe marks it closed'
test("subscribe then unsubscribe: the subscription's fields at `ready`, closed at once on unsubscribe(), then `unsubscribed`", async () => {
  const { reference, ours } = await sideBySide(async (lib) => {
    const sc = await client(lib);
    const sub = sc.subscribe(env.id("foo"), sc.subscriptionOptions().setStartAt(lib.StartPosition.FIRST));
    const events = record(sub, ["ready", "error", "unsubscribed"]);
    await next(sub, "ready");
    const fields = {
      qGroup: sub.qGroup ?? null,
      inbox: typeof sub.inbox,
      ackInbox: typeof sub.ackInbox,
      inboxSub: sub.inboxSub !== undefined && sub.inboxSub !== null,
      closedBefore: sub.isClosed(),
    };
    sub.unsubscribe();
    const closedAtOnce = sub.isClosed();
    await next(sub, "unsubscribed");
    await closed(sc);
    return { fields, closedAtOnce, events };
  });
  expect(reference).toEqual({
    fields: { qGroup: null, inbox: "string", ackInbox: "string", inboxSub: true, closedBefore: false },
    closedAtOnce: true,
    events: ["ready", "unsubscribed"],
  });
  expect(ours).toEqual(reference);
});

// basics.js 'published messages should have connID and clientID'
test("a PubMsg carries the client id and the connection's connId", async () => {
  const { reference, ours } = await sideBySide(async (lib) => {
    const id = env.id(lib.name);
    const sc = await connected(lib, env.stan.clusterID, id, { url: env.server.url });
    const got = new Promise<pb.PubMsg>((r) => spy.subscribe(`${sc.pubPrefix}.hello`, { max: 1, callback: (_e, m) => r(pb.PubMsg.decode(m.data)) }));
    await spy.flush();
    const [err] = await published(sc, "hello", "world");
    const pm = await got;
    const out = { err: err ?? null, clientID: pm.clientID === id, connID: te.decode(pm.connID) === te.decode(sc.connId), idLength: te.decode(pm.connID).length };
    await closed(sc);
    return out;
  });
  expect(reference).toEqual({ err: null, clientID: true, connID: true, idLength: 22 });
  expect(ours).toEqual(reference);
});

// basics.js 'subscription options should allow chaining'
test("every SubscriptionOptions setter returns the options (chaining), setStartTime taking a Date or a number", async () => {
  const { reference, ours } = await sideBySide(async (lib) => {
    const sc = await client(lib);
    const so = sc.subscriptionOptions();
    const calls: Array<[string, unknown[]]> = [
      ["setStartAt", [lib.StartPosition.FIRST]],
      ["setMaxInFlight", [100]],
      ["setAckWait", [1000]],
      ["setStartAt", [lib.StartPosition.LAST_RECEIVED]],
      ["setStartAtSequence", [103]],
      ["setStartTime", [new Date()]],
      ["setStartTime", [Date.now()]],
      ["setStartAtTimeDelta", [1000]],
      ["setStartWithLastReceived", []],
      ["setDeliverAllAvailable", []],
      ["setManualAckMode", [true]],
      ["setDurableName", ["foo"]],
    ];
    const same = calls.map(([f, args]) => [f, so[f](...args) === so]);
    await closed(sc);
    return same;
  });
  expect(reference.every(([, s]) => s === true)).toBe(true);
  expect(ours).toEqual(reference);
});

// basics.js 'should do publish', 'should do basic publish (only pub)'
test("publish returns the guid its callback gets, with no error", async () => {
  const { reference, ours } = await sideBySide(async (lib) => {
    const sc = await client(lib);
    let returned = "";
    const [err, guid] = await new Promise<[unknown, string]>((r) => {
      returned = sc.publish(env.id("foo"), "bar", (e: unknown, g: string) => r([e, g]));
    });
    await closed(sc);
    return { err: err ?? null, same: guid === returned, type: typeof guid, length: guid.length };
  });
  expect(reference).toEqual({ err: null, same: true, type: "string", length: 22 });
  expect(ours).toEqual(reference);
});

// basics.js 'should fire a callback for subscription', 'subscribe starting on new'
test("NEW_ONLY: a publish after `ready` is delivered, earlier ones are not; unsubscribe from the handler", async () => {
  const { reference, ours } = await sideBySide(async (lib) => {
    const sc = await client(lib);
    const ch = env.id("new");
    await fill(sc, ch, ["first", "second", "third"]);
    const sub = sc.subscribe(ch, sc.subscriptionOptions().setStartAt(lib.StartPosition.NEW_ONLY));
    const events = record(sub, ["ready", "error", "unsubscribed"]);
    const data: unknown[] = [];
    sub.on("ready", () => sc.publish(ch, "fourth"));
    sub.on("message", (m: AnyClient) => {
      data.push(m.getData());
      sub.unsubscribe();
    });
    await next(sub, "unsubscribed");
    await closed(sc);
    return { events, data };
  });
  expect(reference).toEqual({ events: ["ready", "unsubscribed"], data: ["fourth"] });
  expect(ours).toEqual(reference);
});

// basics.js 'duplicate client id should fire error'
test("a second connection with a registered client id: `error` (the server's text) then `close`", async () => {
  const { reference, ours } = await sideBySide(async (lib) => {
    const id = env.id("dup");
    const first = await connected(lib, env.stan.clusterID, id, { url: env.server.url });
    const second = lib.connect(env.stan.clusterID, id, { url: env.server.url });
    const events = record(second, ["connect", "error", "close"]);
    await next(second, "close");
    await closed(first);
    return events;
  });
  // The reference passes the server's text as a plain string (ours: a StanError; README, kept).
  expect(reference).toEqual(["error: stan: clientID already registered (string)", "close"]);
  expect(ours).toEqual(["error: stan: clientID already registered", "close"]);
});

// basics.js 'should include the correct message in the callback', 'json', 'should include the correct reply in the callback'
test("publish without data, JSON text, and two channels at once: each message has its channel and data", async () => {
  const { reference, ours } = await sideBySide(async (lib) => {
    const sc = await client(lib);
    const a = env.id("a");
    const b = env.id("b");
    const seen: unknown[] = [];
    const done = [a, b].map((ch) => {
      const sub = sc.subscribe(ch, sc.subscriptionOptions().setStartAt(lib.StartPosition.FIRST));
      sub.on("message", (m: AnyClient) => {
        seen.push([m.getSubject() === ch, m.getData(), m.getRawData().length]);
        sub.unsubscribe();
      });
      return next(sub, "unsubscribed");
    });
    sc.publish(a);
    sc.publish(b);
    await Promise.all(done);
    const j = env.id("json");
    const sub = sc.subscribe(j, sc.subscriptionOptions().setStartAt(lib.StartPosition.FIRST));
    const m = next<AnyClient>(sub, "message");
    sc.publish(j, JSON.stringify({ a: "b" }));
    const parsed = JSON.parse((await m).getData());
    await closed(sc);
    return { seen, parsed };
  });
  expect(reference).toEqual({ seen: [[true, "", 0], [true, "", 0]], parsed: { a: "b" } });
  expect(ours).toEqual(reference);
});

// basics.js 'should error if unsubscribe after close of connection' (from the `close` handler) and
// 'subscribe requires a connection and emits error otherwise', 'publish cb is error if not connected',
// 'publish throws error if not connected'
test("inside the `close` handler: unsubscribe, subscribe and publish all say `stan: Connection closed`", async () => {
  const { reference, ours } = await sideBySide(async (lib) => {
    const sc = await client(lib);
    const sub = sc.subscribe(env.id("c"));
    await next(sub, "ready");
    const out: string[] = [];
    const all = new Promise<void>((resolve) => {
      sc.on("close", () => {
        sub.on("error", (e: Error) => out.push(`unsubscribe: ${e.message}`));
        sub.unsubscribe();
        const late = sc.subscribe(env.id("late"));
        late.on("error", (e: Error) => {
          out.push(`subscribe: ${e.message}`);
          resolve();
        });
        sc.publish("foo", "bar", (e: Error) => out.push(`publish cb: ${e instanceof Error} ${e.message}`));
        try {
          sc.publish("foo", "bar");
        } catch (e) {
          out.push(`publish throws: ${(e as Error).message}`);
        }
      });
    });
    sc.close();
    await all;
    return out.sort();
  });
  expect(reference).toEqual([
    "publish cb: true stan: Connection closed",
    "publish throws: stan: Connection closed",
    "subscribe: stan: Connection closed",
    "unsubscribe: stan: Connection closed",
  ]);
  expect(ours).toEqual(reference);
});

// basics.js 'should not receive data after unsubscribe call'
test("no message after unsubscribe() is called from the message handler", async () => {
  const { reference, ours } = await sideBySide(async (lib) => {
    const sc = await client(lib);
    const ch = env.id("stop");
    const sub = sc.subscribe(ch, sc.subscriptionOptions().setStartAt(lib.StartPosition.FIRST));
    let count = 0;
    sub.on("message", () => {
      count++;
      sub.unsubscribe();
    });
    await next(sub, "ready");
    sc.publish(ch, "");
    sc.publish(ch, "");
    sc.publish(ch, "");
    await next(sub, "unsubscribed");
    const atUnsubscribed = count;
    // Deliveries the server sent before this PubAck have reached the client by now (one NATS connection each).
    await published(sc, env.id("barrier"), "x");
    await closed(sc);
    return [atUnsubscribed, count];
  });
  expect(reference).toEqual([1, 1]);
  expect(ours).toEqual(reference);
});

// basics.js 'subscribe requires subject and emits error otherwise'
test("subscribe(undefined): the subscription emits `stan: subject must be supplied`, the connection nothing", async () => {
  const { reference, ours } = await sideBySide(async (lib) => {
    const sc = await client(lib);
    const scEvents = record(sc, ["error"]);
    const sub = sc.subscribe(undefined);
    const events = record(sub, ["error", "unsubscribed", "ready"]);
    await until(() => events.length > 0, 2000, "the error");
    await published(sc, env.id("barrier"), "x");
    await closed(sc);
    return { sub: events, sc: scEvents };
  });
  expect(reference).toEqual({ sub: ["error: stan: subject must be supplied"], sc: [] });
  expect(ours).toEqual(reference);
});

// basics.js 'subscribe starting on second', 'subscribe starting on last received', 'subscribe all available'
test("start positions: at sequence 2, with the last received, all available (and the message's getters)", async () => {
  const { reference, ours } = await sideBySide(async (lib) => {
    const sc = await client(lib);
    const ch = env.id("start");
    await fill(sc, ch, ["first", "second", "third"]);
    const atSecond = await firstFrom(sc, ch, (o) => o.setStartAtSequence(2));
    const last = await firstFrom(sc, ch, (o) => o.setStartWithLastReceived());
    const sub = sc.subscribe(ch, sc.subscriptionOptions().setDeliverAllAvailable());
    const m = await next<AnyClient>(sub, "message");
    const getters = {
      data: m.getData(),
      timestamp: m.getTimestamp().getTime() === Number.parseInt(String(m.getTimestampRaw() / 1000000), 10),
      redelivered: m.isRedelivered(),
      count: m.getRedeliveryCount(),
      raw: m.getRawData().length,
    };
    await closed(sc);
    return { atSecond, last, getters };
  });
  expect(reference).toEqual({
    atSecond: ["second", 2],
    last: ["third", 3],
    getters: { data: "first", timestamp: true, redelivered: false, count: 0, raw: 5 },
  });
  expect(ours).toEqual(reference);
});

describe("on a fake server keeping real seconds", () => {
  let realTime: FakeStan;
  beforeAll(async () => {
    realTime = await startFakeStan({ url: env.server.url, clusterID: "real-time", msPerSecond: 1000 });
  });
  afterAll(async () => {
    await realTime?.stop(true);
  });

  // basics.js 'subscribe after 500ms on last received' (setStartAtTimeDelta) and
  // 'subscribe after a specific time on last received' (setStartTime)
  test("start at a time delta of 1 s, and at a time 1 s ago: the messages of the last second only", async () => {
    const { reference, ours } = await sideBySide(async (lib) => {
      const sc = await connected(lib, "real-time", env.id(lib.name), { url: env.server.url });
      const ch = env.id("time");
      await fill(sc, ch, ["first", "second", "third"]);
      // 1.5 s, so that "third" is well out of the last second even on a slow machine.
      await new Promise((r) => setTimeout(r, 1500));
      await fill(sc, ch, ["fourth", "fifth", "sixth"]);
      const delta = await firstFrom(sc, ch, (o) => o.setStartAtTimeDelta(1000));
      const time = await firstFrom(sc, ch, (o) => o.setStartTime(new Date(Date.now() - 1000)));
      await closed(sc);
      return { delta, time };
    });
    expect(reference).toEqual({ delta: ["fourth", 4], time: ["fourth", 4] });
    expect(ours).toEqual(reference);
  }, 15_000);
});

// basics.js 'queues should work'
test("a queue group of two subscriptions on one connection shares 10 messages", async () => {
  const { reference, ours } = await sideBySide(async (lib) => {
    const sc = await client(lib);
    const ch = env.id("q");
    const opts = sc.subscriptionOptions().setDeliverAllAvailable();
    const counts = [0, 0];
    const subs = [sc.subscribe(ch, "queue", opts), sc.subscribe(ch, "queue", opts)];
    subs.forEach((s, i) => s.on("message", () => counts[i]!++));
    await Promise.all(subs.map((s) => next(s, "ready")));
    for (let i = 0; i < 10; i++) sc.publish(ch, `${i}`);
    await until(() => counts[0]! + counts[1]! >= 10, 5000, "10 messages");
    await published(sc, env.id("barrier"), "x");
    await closed(sc);
    return { total: counts[0]! + counts[1]!, both: counts.every((c) => c > 0), qGroup: subs[0].qGroup };
  });
  expect(reference).toEqual({ total: 10, both: true, qGroup: "queue" });
  expect(ours).toEqual(reference);
});
