// Paths for servers newer than the 2.9.10 that runs here, against scripted answers: a real nats-server
// without JetStream carries the traffic, the connection reports a newer version, and a responder on
// `$JS.API.>` (and on the publish subjects) answers as a 2.10+/2.11+/2.12+ server does, checking what the client
// sent. What is checked: the fields the 2.9 refusals stop are sent as asked; the API forms that depend on the
// version; batched direct gets, priority groups, message TTLs and schedules, atomic batches, pause/unpin/reset.
import { headers, type Msg, type NatsConnection } from "@nats-stack/core";
import { AckPolicy, jetstream, jetstreamManager, type ConsumerNotification } from "../../src";
import { accountInfo, asVersion, consumerInfo, now, scriptedOn, scriptedTrafficPerFile, streamInfo, type Seen } from "../helpers/scripted-js";

let real: NatsConnection;
scriptedTrafficPerFile((nc) => (real = nc));

const scripted = (subjects: string, answer: (s: Seen, m: Msg) => unknown) => scriptedOn(real, subjects, answer);


test("2.10: stream metadata, first_seq, compression, subject_transform, consumer_limits and source transforms are sent", async () => {
  const js = scripted("$JS.API.>", (s) => (s.subject === "$JS.API.INFO" ? accountInfo : streamInfo(s.body ?? {})));
  try {
    const jsm = await jetstreamManager(asVersion(real, "2.10.4"));
    const cfg = {
      name: "NEW",
      subjects: ["new.>"],
      metadata: { owner: "team-a" },
      first_seq: 100,
      compression: "s2" as const,
      subject_transform: { src: "new.>", dest: "moved.>" },
      consumer_limits: { max_ack_pending: 10 },
      sources: [{ name: "OLD", subject_transforms: [{ src: "old.>", dest: "new.>" }] }],
    };
    const si = await jsm.streams.add(cfg);
    expect(si.config.metadata).toEqual({ owner: "team-a" });
    const sent = js.seen.find((x) => x.subject === "$JS.API.STREAM.CREATE.NEW")!;
    expect(sent.body).toMatchObject(cfg);
  } finally {
    js.stop();
  }
});

test("2.10: filter_subjects go in the body with the create subject that takes no filter; consumer metadata; ordered consumers with several filters", async () => {
  const js = scripted("$JS.API.>", (s) => {
    if (s.subject === "$JS.API.INFO") return accountInfo;
    if (s.subject.startsWith("$JS.API.STREAM.INFO.")) return streamInfo({ name: "NEW", subjects: ["new.>"] });
    return consumerInfo("NEW", (s.body?.config ?? {}) as Record<string, unknown>);
  });
  try {
    const nc = asVersion(real, "2.10.4");
    const jsm = await jetstreamManager(nc);
    await jsm.consumers.add("NEW", { name: "multi", filter_subjects: ["new.a", "new.b"], metadata: { k: "v" }, ack_policy: AckPolicy.Explicit });
    const create = js.seen.find((x) => x.body?.config && (x.body.config as { name?: string }).name === "multi")!;
    expect(create.subject).toBe("$JS.API.CONSUMER.CREATE.NEW");
    expect(create.body).toMatchObject({ stream_name: "NEW", action: "create", config: { filter_subjects: ["new.a", "new.b"], metadata: { k: "v" } } });
    await jsm.consumers.add("NEW", { name: "one", filter_subject: "new.a", ack_policy: AckPolicy.Explicit });
    expect(js.seen.some((x) => x.subject === "$JS.API.CONSUMER.CREATE.NEW.one.new.a")).toBe(true);
    const oc = await jetstream(nc).consumers.get("NEW", { filter_subjects: ["new.a", "new.b"], name_prefix: "ord" });
    expect((await oc.info(true)).config.filter_subjects).toEqual(["new.a", "new.b"]);
    expect(js.seen.find((x) => x.body && (x.body.config as { name?: string })?.name === "ord_1")!.subject).toBe("$JS.API.CONSUMER.CREATE.NEW");
  } finally {
    js.stop();
  }
});

test("2.11: pause and resume, unpin, and priority-group pull requests with their options", async () => {
  const js = scripted("$JS.API.>", (s, m) => {
    if (s.subject === "$JS.API.INFO") return accountInfo;
    if (s.subject.startsWith("$JS.API.CONSUMER.PAUSE.")) return { paused: s.body?.pause_until !== new Date(0).toISOString(), pause_until: s.body?.pause_until };
    if (s.subject.startsWith("$JS.API.CONSUMER.UNPIN.")) return { type: "unpin" };
    if (s.subject.startsWith("$JS.API.CONSUMER.INFO.")) return consumerInfo("NEW", { name: "pg", priority_groups: ["jobs"], priority_policy: "overflow" });
    if (s.subject.startsWith("$JS.API.CONSUMER.MSG.NEXT.")) {
      // One message, then the request is over. (A server drops client messages whose reply subject is a
      // JetStream ack subject, so this one has none.)
      return () => {
        real.publish(m.reply!, "job");
        real.publish(m.reply!, "", { headers: headers(408, "Request Timeout") });
      };
    }
    return consumerInfo("NEW", (s.body?.config ?? {}) as Record<string, unknown>);
  });
  try {
    const nc = asVersion(real, "2.11.1");
    const jsm = await jetstreamManager(nc);
    const until = new Date(Date.now() + 60_000);
    expect(await jsm.consumers.pause("NEW", "pg", until)).toEqual({ paused: true, pause_until: until.toISOString() });
    expect((await jsm.consumers.resume("NEW", "pg")).paused).toBe(false);
    await jsm.consumers.unpin("NEW", "pg", "jobs");
    expect(js.seen.find((x) => x.subject === "$JS.API.CONSUMER.UNPIN.NEW.pg")!.body).toEqual({ group: "jobs" });
    await jsm.consumers.add("NEW", { name: "pg", priority_groups: ["jobs"], priority_policy: "overflow", ack_policy: AckPolicy.Explicit });
    const c = await jetstream(nc).consumers.get("NEW", "pg");
    const it = await c.fetch({ max_messages: 5, expires: 1000, group: "jobs", min_pending: 10 });
    const got: string[] = [];
    for await (const m of it) got.push(m.string());
    expect(got).toEqual(["job"]);
    const pull = js.seen.find((x) => x.subject === "$JS.API.CONSUMER.MSG.NEXT.NEW.pg")!;
    expect(pull.body).toMatchObject({ batch: 5, group: "jobs", min_pending: 10 });
    // On 2.9 the same options are refused.
    const old = await jetstream(asVersion(real, "2.9.10")).consumers.get("NEW", "pg");
    await expect(old.fetch({ group: "jobs", min_pending: 1 })).rejects.toThrow("priority_groups require server 2.11.0");
  } finally {
    js.stop();
  }
});

test("2.11: batched direct get and last messages for subjects, ending at the end-of-batch status", async () => {
  const js = scripted("$JS.API.DIRECT.GET.>", (s, m) => () => {
    const n = (s.body?.batch as number) ?? 3;
    for (let i = 1; i <= Math.min(n, 3); i++) {
      const h = headers();
      h.set("Nats-Stream", "NEW");
      h.set("Nats-Sequence", String(i));
      h.set("Nats-Subject", `new.${i}`);
      h.set("Nats-Time-Stamp", now);
      h.set("Nats-Num-Pending", String(3 - i));
      h.set("Nats-Last-Sequence", String(i - 1));
      real.publish(m.reply!, `v${i}`, { headers: h });
    }
    real.publish(m.reply!, "", { headers: headers(204, "EOB") });
  });
  try {
    const jsm = await jetstreamManager(asVersion(real, "2.11.1"), { checkAPI: false });
    const got: string[] = [];
    for await (const sm of await jsm.direct.getBatch("NEW", { seq: 1, batch: 3 })) got.push(`${sm.seq}:${sm.subject}:${sm.string()}:${sm.pending}`);
    expect(got).toEqual(["1:new.1:v1:2", "2:new.2:v2:1", "3:new.3:v3:0"]);
    expect(js.seen[0]!.body).toEqual({ seq: 1, batch: 3 });
    const last: number[] = [];
    for await (const sm of await jsm.direct.getLastMessagesFor("NEW", { multi_last: ["new.*"] })) last.push(sm.seq);
    expect(last).toEqual([1, 2, 3]);
    expect(js.seen[1]!.body).toEqual({ multi_last: ["new.*"] });
  } finally {
    js.stop();
  }
});

test("2.11/2.12: message TTL and subject-scoped expectations as headers; an atomic batch", async () => {
  let count = 0;
  const js = scripted("batch.>", (s) => {
    if (s.headers["Nats-Batch-Id"] && !s.headers["Nats-Batch-Commit"]) return () => undefined;
    count++;
    return s.headers["Nats-Batch-Commit"]
      ? { stream: "NEW", seq: 10 + count, batch: s.headers["Nats-Batch-Id"], count: Number(s.headers["Nats-Batch-Sequence"]) }
      : { stream: "NEW", seq: count };
  });
  const empty = real.subscribe("batch.first", { callback: (_e, m) => m.respond() });
  try {
    const c = jetstream(asVersion(real, "2.12.0"));
    await c.publish("batch.x", "a", { ttl: "5s", expect: { lastSubjectSequence: 1, lastSubjectSequenceSubject: "batch.*" } });
    expect(js.seen[0]!.headers).toMatchObject({ "Nats-TTL": "5s", "Nats-Expected-Last-Subject-Sequence": "1", "Nats-Expected-Last-Subject-Sequence-Subject": "batch.*" });
    const b = await c.startBatch("batch.first", "1");
    b.add("batch.x", "2");
    b.add("batch.x", "3");
    const ack = await b.commit("batch.x", "4");
    expect(ack).toMatchObject({ stream: "NEW", batch: b.id, count: 4 });
    const ids = new Set(js.seen.filter((x) => x.headers["Nats-Batch-Id"]).map((x) => x.headers["Nats-Batch-Id"]));
    expect(ids).toEqual(new Set([b.id]));
    expect(js.seen.filter((x) => x.headers["Nats-Batch-Id"]).map((x) => x.headers["Nats-Batch-Sequence"])).toEqual(["1", "2", "3", "4"]);
  } finally {
    js.stop();
    empty.unsubscribe();
  }
});

test("2.14: consumer reset with a sequence", async () => {
  const js = scripted("$JS.API.>", (s) => (s.subject === "$JS.API.INFO" ? accountInfo : { ...consumerInfo("NEW", { name: "r" }), reset_seq: s.body?.seq ?? 0 }));
  try {
    const jsm = await jetstreamManager(asVersion(real, "2.14.0"));
    expect((await jsm.consumers.reset("NEW", "r", 42)).reset_seq).toBe(42);
    expect(js.seen.find((x) => x.subject === "$JS.API.CONSUMER.RESET.NEW.r")!.body).toEqual({ seq: 42 });
    await expect(jsm.consumers.reset("NEW", "r", -1)).rejects.toThrow("'seq' must be a non-negative integer");
  } finally {
    js.stop();
  }
});

test("a pull status the client does not know is reported as debug; 423 unpins", async () => {
  const js = scripted("$JS.API.>", (s, m) => {
    if (s.subject.startsWith("$JS.API.CONSUMER.INFO.")) return consumerInfo("NEW", { name: "st" });
    if (s.subject.startsWith("$JS.API.CONSUMER.MSG.NEXT.")) {
      return () => {
        real.publish(m.reply!, "", { headers: headers(423, "Nats-Pin-Id mismatch") });
        real.publish(m.reply!, "", { headers: headers(418, "Teapot") });
      };
    }
    return undefined;
  });
  try {
    const c = await jetstream(asVersion(real, "2.11.1")).consumers.get("NEW", "st");
    const msgs = await c.consume({ expires: 1000 });
    const notes: ConsumerNotification[] = [];
    void (async () => {
      for await (const n of msgs.status()) notes.push(n);
    })();
    const deadline = Date.now() + 5000;
    while (!notes.some((n) => n.type === "debug") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(notes).toContainEqual({ type: "consumer_unpinned" });
    expect(notes).toContainEqual({ type: "debug", code: 418, description: "teapot" });
    await msgs.close();
  } finally {
    js.stop();
  }
});
