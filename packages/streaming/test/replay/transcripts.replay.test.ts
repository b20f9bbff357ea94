/**
 * Every STAN transcript (recorded from node-nats-streaming 0.3.2 against nats-streaming-server 0.25.3) is
 * replayed by the replay server to OUR client doing the same scenario: the replay checks our requests op by
 * op (protobuf decoded, per-run names renamed), and the test checks we see the same outcome (sequences,
 * payloads, redelivery flags, errors). Recorded timing is scaled by 0.1 where only the server's pace is
 * concerned.
 */
import type { ClientOpEvent } from "@nats-stack/fixtures/op-timeline";
import { connectAsync, StanError, type Message, type Stan, type StanOptions, type Subscription } from "../../src/index";
import { replayStan, stanTranscript, withoutEvents } from "../helpers/stan-replay";

const CLUSTER = "test-cluster";

function client(url: string, clientID: string, opts: StanOptions = {}): Promise<Stan> {
  return connectAsync(CLUSTER, clientID, { url, reconnect: false, ...opts });
}

/** Collects messages of a subscription; `until(n)` resolves once n arrived. */
function collect(sub: Subscription) {
  const got: Message[] = [];
  const waiters: Array<[number, () => void]> = [];
  sub.on("message", (m: Message) => {
    got.push(m);
    for (const w of waiters.filter(([n]) => got.length >= n)) w[1]();
  });
  sub.on("error", (err: Error) => {
    throw err;
  });
  return {
    got,
    until(n: number, ms = 5000): Promise<Message[]> {
      if (got.length >= n) return Promise.resolve(got);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`got ${got.length} of ${n} messages`)), ms);
        waiters.push([n, () => (clearTimeout(t), resolve(got))]);
      });
    },
    seqs: () => got.map((m) => m.getSequence()),
    data: () => got.map((m) => m.getData()),
  };
}

const ready = (sub: Subscription) =>
  new Promise<void>((resolve, reject) => {
    sub.once("ready", () => resolve());
    sub.once("error", reject);
  });
const closedEv = (sub: Subscription, ev: "closed" | "unsubscribed") => new Promise<void>((resolve) => sub.once(ev, () => resolve()));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

test("01 connect-close: ConnectRequest, CloseRequest, then the socket closes", async () => {
  await replayStan(stanTranscript("01-connect-close.jsonl"), async (url) => {
    const sc = await client(url, "client-01");
    await sc.close();
  });
});

test("02 publish-acks: ten publishes, each awaiting its PubAck", async () => {
  await replayStan(stanTranscript("02-publish-acks.jsonl"), async (url) => {
    const sc = await client(url, "client-02");
    const guids: string[] = [];
    for (let i = 1; i <= 10; i++) guids.push(await sc.publishAsync("orders", `order-${i}`));
    expect(new Set(guids).size).toBe(10);
    await sc.close();
  });
});

test("03 publish-async-burst: 200 publishes without waiting, then all 200 PubAcks", async () => {
  await replayStan(stanTranscript("03-publish-async-burst.jsonl"), async (url) => {
    const sc = await client(url, "client-03");
    const acks: Array<Promise<string>> = [];
    for (let i = 0; i < 200; i++) {
      acks.push(new Promise((resolve, reject) => sc.publish("burst", `burst-${String(i).padStart(3, "0")}`, (err, guid) => (err ? reject(err) : resolve(guid)))));
    }
    expect((await Promise.all(acks)).length).toBe(200);
    await sc.close();
  });
});

test("04 subscribe-deliver-all: sequences 1..5, auto-acked", async () => {
  await replayStan(stanTranscript("04-subscribe-deliver-all.jsonl"), async (url) => {
    const sc = await client(url, "client-04");
    for (let i = 1; i <= 5; i++) await sc.publishAsync("deliver.all", `msg-${i}`);
    const sub = sc.subscribe("deliver.all", sc.subscriptionOptions().setDeliverAllAvailable());
    const c = collect(sub);
    await c.until(5);
    expect(c.seqs()).toEqual([1, 2, 3, 4, 5]);
    expect(c.data()).toEqual(["msg-1", "msg-2", "msg-3", "msg-4", "msg-5"]);
    expect(c.got.every((m) => !m.isRedelivered())).toBe(true);
    await sleep(10);
    await sc.close();
  });
});

test("05 subscribe-start-at-sequence: 3..5", async () => {
  await replayStan(stanTranscript("05-subscribe-start-at-sequence.jsonl"), async (url) => {
    const sc = await client(url, "client-05");
    for (let i = 1; i <= 5; i++) await sc.publishAsync("start.seq", `seq-msg-${i}`);
    const c = collect(sc.subscribe("start.seq", sc.subscriptionOptions().setStartAtSequence(3)));
    await c.until(3);
    expect(c.seqs()).toEqual([3, 4, 5]);
    expect(c.data()).toEqual(["seq-msg-3", "seq-msg-4", "seq-msg-5"]);
    await sleep(10);
    await sc.close();
  });
});

test("06 subscribe-start-with-last-received: 5, then 6", async () => {
  await replayStan(stanTranscript("06-subscribe-start-with-last-received.jsonl"), async (url) => {
    const sc = await client(url, "client-06");
    for (let i = 1; i <= 5; i++) await sc.publishAsync("start.last", `last-${i}`);
    const c = collect(sc.subscribe("start.last", sc.subscriptionOptions().setStartWithLastReceived()));
    await c.until(1);
    await sc.publishAsync("start.last", "last-6");
    await c.until(2);
    expect(c.seqs()).toEqual([5, 6]);
    expect(c.data()).toEqual(["last-5", "last-6"]);
    await sleep(10);
    await sc.close();
  });
});

test("07 subscribe-start-at-time-delta: 60 s gets 1..5, 1.5 s gets 4..5", async () => {
  await replayStan(stanTranscript("07-subscribe-start-at-time-delta.jsonl"), async (url) => {
    const sc = await client(url, "client-07");
    for (let i = 1; i <= 3; i++) await sc.publishAsync("start.time", `old-${i}`);
    // The recording waited 3 s here; the scripted server's answers do not depend on it.
    for (let i = 1; i <= 2; i++) await sc.publishAsync("start.time", `new-${i}`);
    const a = collect(sc.subscribe("start.time", sc.subscriptionOptions().setStartAtTimeDelta(60_000)));
    await a.until(5);
    const b = collect(sc.subscribe("start.time", sc.subscriptionOptions().setStartAtTimeDelta(1500)));
    await b.until(2);
    expect(a.seqs()).toEqual([1, 2, 3, 4, 5]);
    expect(b.seqs()).toEqual([4, 5]);
    expect(b.data()).toEqual(["new-1", "new-2"]);
    await sleep(30);
    await sc.close();
  });
});

test("08 subscribe-new-only: only 4 and 5", async () => {
  await replayStan(stanTranscript("08-subscribe-new-only.jsonl"), async (url) => {
    const sc = await client(url, "client-08");
    for (let i = 1; i <= 3; i++) await sc.publishAsync("new.only", `before-${i}`);
    const sub = sc.subscribe("new.only");
    const c = collect(sub);
    await ready(sub);
    await sleep(30);
    expect(c.got).toHaveLength(0);
    await sc.publishAsync("new.only", "after-1");
    await c.until(1);
    await sc.publishAsync("new.only", "after-2");
    await c.until(2);
    expect(c.seqs()).toEqual([4, 5]);
    await sleep(10);
    await sc.close();
  });
});

test("09 manual-ack-and-redelivery: not acked, redelivered with redelivered=true and count 1, then acked", async () => {
  await replayStan(stanTranscript("09-manual-ack-and-redelivery.jsonl"), async (url) => {
    const sc = await client(url, "client-09");
    await sc.publishAsync("redeliver", "please-ack-me");
    const opts = sc.subscriptionOptions().setDeliverAllAvailable().setManualAckMode(true).setAckWait(1000);
    const sub = sc.subscribe("redeliver", opts);
    const c = collect(sub);
    await c.until(2);
    const [first, again] = c.got;
    expect([first!.getSequence(), first!.isRedelivered(), first!.getRedeliveryCount()]).toEqual([1, false, 0]);
    expect([again!.getSequence(), again!.isRedelivered(), again!.getRedeliveryCount()]).toEqual([1, true, 1]);
    again!.ack();
    await sleep(250);
    expect(c.got).toHaveLength(2);
    await sc.close();
  });
});

test("10 max-in-flight: two at a time, each acked a little after receipt", async () => {
  await replayStan(stanTranscript("10-max-in-flight.jsonl"), async (url) => {
    const sc = await client(url, "client-10");
    for (let i = 1; i <= 6; i++) await sc.publishAsync("inflight", `inflight-${i}`);
    const sub = sc.subscribe("inflight", sc.subscriptionOptions().setDeliverAllAvailable().setMaxInFlight(2).setManualAckMode(true));
    const c = collect(sub);
    sub.on("message", (m: Message) => void setTimeout(() => m.ack(), 15));
    await c.until(6);
    expect(c.seqs()).toEqual([1, 2, 3, 4, 5, 6]);
    await sleep(40);
    await sc.close();
  });
});

test("11 durable-resume: 1..3, close, another client publishes 4..6, the durable resumes at 4", async () => {
  await replayStan(stanTranscript("11-durable-resume.jsonl"), async (url) => {
    const opts = () => new (require("../../src/index").SubscriptionOptions)().setDurableName("dur1").setDeliverAllAvailable();
    const sc = await client(url, "client-11");
    const sub = sc.subscribe("durable.resume", opts());
    const c = collect(sub);
    await ready(sub);
    for (let i = 1; i <= 3; i++) {
      await sc.publishAsync("durable.resume", `d-${i}`);
      await c.until(i);
    }
    await sleep(10);
    await sc.close();
    const pub = await client(url, "client-11-pub");
    for (let i = 4; i <= 6; i++) await pub.publishAsync("durable.resume", `d-${i}`);
    await pub.close();
    const sc2 = await client(url, "client-11");
    const c2 = collect(sc2.subscribe("durable.resume", opts()));
    await c2.until(3);
    expect(c.seqs()).toEqual([1, 2, 3]);
    expect(c2.seqs()).toEqual([4, 5, 6]);
    await sleep(10);
    await sc2.close();
  });
});

test("12 durable-unsubscribe: unsubscribe removes the durable; the next one starts over", async () => {
  await replayStan(stanTranscript("12-durable-unsubscribe.jsonl"), async (url) => {
    for (const round of [0, 1]) {
      const sc = await client(url, "client-12");
      const sub = sc.subscribe("durable.unsub", sc.subscriptionOptions().setDurableName("dur2").setDeliverAllAvailable());
      const c = collect(sub);
      await ready(sub);
      if (round === 0) {
        for (let i = 1; i <= 2; i++) {
          await sc.publishAsync("durable.unsub", `u-${i}`);
          await c.until(i);
        }
      } else {
        await c.until(2);
      }
      expect(c.seqs()).toEqual([1, 2]);
      await sleep(10);
      const done = closedEv(sub, "unsubscribed");
      sub.unsubscribe();
      await done;
      await sc.close();
    }
  });
});

test("13 queue-group: two members alternate", async () => {
  await replayStan(stanTranscript("13-queue-group.jsonl"), async (url) => {
    const a = await client(url, "client-13a");
    const b = await client(url, "client-13b");
    const sa = a.subscribe("jobs", "workers");
    const ca = collect(sa);
    await ready(sa);
    const sb = b.subscribe("jobs", "workers");
    const cb = collect(sb);
    await ready(sb);
    for (let i = 1; i <= 10; i++) await a.publishAsync("jobs", `job-${i}`);
    await ca.until(5);
    await cb.until(5);
    expect(ca.seqs()).toEqual([1, 3, 5, 7, 9]);
    expect(cb.seqs()).toEqual([2, 4, 6, 8, 10]);
    await sleep(10);
    await b.close();
    await a.close();
  });
});

test("14 durable-queue-group: split 1,3 / 2,4; the group survives both closes; a member rejoins for 5,6", async () => {
  await replayStan(stanTranscript("14-durable-queue-group.jsonl"), async (url) => {
    const opts = (sc: Stan) => sc.subscriptionOptions().setDurableName("dq").setDeliverAllAvailable();
    const a = await client(url, "client-14a");
    const b = await client(url, "client-14b");
    const sa = a.subscribe("dq.jobs", "workers", opts(a));
    const ca = collect(sa);
    await ready(sa);
    const sb = b.subscribe("dq.jobs", "workers", opts(b));
    const cb = collect(sb);
    await ready(sb);
    for (let i = 1; i <= 4; i++) await a.publishAsync("dq.jobs", `q-${i}`);
    await ca.until(2);
    await cb.until(2);
    expect(ca.seqs()).toEqual([1, 3]);
    expect(cb.seqs()).toEqual([2, 4]);
    await sleep(10);
    await a.close();
    await b.close();
    const pub = await client(url, "client-14-pub");
    for (let i = 5; i <= 6; i++) await pub.publishAsync("dq.jobs", `q-${i}`);
    await pub.close();
    const a2 = await client(url, "client-14a");
    const s2 = a2.subscribe("dq.jobs", "workers", opts(a2));
    const c2 = collect(s2);
    await c2.until(2);
    expect(c2.seqs()).toEqual([5, 6]);
    await sleep(10);
    const done = closedEv(s2, "unsubscribed");
    s2.unsubscribe();
    await done;
    await a2.close();
  });
});

test("16 publish-to-invalid-channel: server error for foo.*, no send for the empty channel, then foo.ok", async () => {
  // Our NATS client refuses to publish to a subject with a wildcard or an empty token, so our STAN client
  // answers for the server (same text) without sending, and refuses the empty channel at once instead of
  // timing out. The two PUBs (and the PubAck answering the first) are taken out of the recording.
  const t = withoutEvents(stanTranscript("16-publish-to-invalid-channel.jsonl"), (ev) => {
    if (ev.type !== "op") return false;
    const op = ev.op as ClientOpEvent["op"] | { kind: string; subject?: string; payload?: Uint8Array };
    if (ev.dir === "c2s") return op.kind === "PUB" && (op.subject === "_STAN.pub.test-cluster.foo.*" || op.subject === "_STAN.pub.test-cluster.");
    return op.kind === "MSG" && (op.payload as Uint8Array).length === 55; // the PubAck with the error
  });
  await replayStan(t, async (url) => {
    const sc = await client(url, "client-16", { ackTimeout: 3000 });
    const bad = await sc.publishAsync("foo.*", "bad-1").catch((e: StanError) => e);
    expect(bad).toBeInstanceOf(StanError);
    expect((bad as StanError).message).toBe("stan: invalid publish request");
    const empty = await new Promise<Error | undefined>((resolve) => sc.publish("", "bad-2", (err) => resolve(err)));
    expect(empty?.message).toBe("stan: subject must be supplied");
    await sc.publishAsync("foo.ok", "good-1");
    await sc.close();
  });
});

test("17 connection-pings: STAN pings answered while idle", async () => {
  await replayStan(stanTranscript("17-connection-pings.jsonl"), async (url) => {
    // The ConnectRequest says 1 s (whole seconds, as recorded); the server echoes it, and we ping every
    // 300 ms, so the three recorded pings come in about a second.
    const sc = await client(url, "client-17", { stanPingInterval: 300, pingInterval: 450 });
    // Close as the third answer arrives, as in the recording: in the answer's own callback, since the fourth
    // ping goes out 300 ms after the third whatever the test does (a loop polling for the count, then waiting
    // 50 ms, let it out first on a loaded machine).
    type Pinger = { sent: number; answered: number; onResponse(m: unknown): void };
    const pinger = (sc as unknown as { session: { pinger: Pinger } }).session.pinger;
    let sentAtThird = -1;
    const closed = new Promise<void>((resolve) => {
      const answer = pinger.onResponse.bind(pinger);
      pinger.onResponse = (m) => {
        answer(m);
        if (pinger.answered === 3 && sentAtThird < 0) {
          sentAtThird = pinger.sent;
          resolve(sc.close());
        }
      };
    });
    await closed;
    expect(sentAtThird).toBe(3);
  });
});

test("18 subscribe-close-vs-unsubscribe: close keeps the durable, unsubscribe drops it", async () => {
  await replayStan(stanTranscript("18-subscribe-close-vs-unsubscribe.jsonl"), async (url) => {
    const sc = await client(url, "client-18");
    const opts = () => sc.subscriptionOptions().setDurableName("dur3").setDeliverAllAvailable();
    const s1 = sc.subscribe("durable.close", opts());
    const c1 = collect(s1);
    await ready(s1);
    for (let i = 1; i <= 2; i++) {
      await sc.publishAsync("durable.close", `c-${i}`);
      await c1.until(i);
    }
    await sleep(10);
    let done = closedEv(s1, "closed");
    s1.close();
    await done;
    await sc.publishAsync("durable.close", "c-3");
    const s2 = sc.subscribe("durable.close", opts());
    const c2 = collect(s2);
    await c2.until(1);
    await sleep(10);
    done = closedEv(s2, "unsubscribed");
    s2.unsubscribe();
    await done;
    const s3 = sc.subscribe("durable.close", opts());
    const c3 = collect(s3);
    await c3.until(3);
    expect(c1.seqs()).toEqual([1, 2]);
    expect(c2.seqs()).toEqual([3]);
    expect(c3.seqs()).toEqual([1, 2, 3]);
    await sleep(10);
    done = closedEv(s3, "closed");
    s3.close();
    await done;
    await sc.close();
  });
});

test("19 large-payload: 512 KiB round trip intact", async () => {
  await replayStan(stanTranscript("19-large-payload.jsonl"), async (url) => {
    const sc = await client(url, "client-19", { stanEncoding: "binary" });
    const sub = sc.subscribe("large");
    const c = collect(sub);
    await ready(sub);
    const data = new Uint8Array(524288);
    for (let i = 0; i < data.length; i++) data[i] = i % 251;
    await sc.publishAsync("large", data);
    await c.until(1);
    const got = c.got[0]!.getData() as Uint8Array;
    expect(got.length).toBe(data.length);
    expect(Buffer.compare(got, data)).toBe(0);
    await sleep(10);
    await sc.close();
  });
});
