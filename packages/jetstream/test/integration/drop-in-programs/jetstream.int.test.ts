// @nats-io/jetstream 3.4.0's README programs (manager, publish with options, consumers: next, fetch,
// consume as iterator and with a callback, ordered consumers, ackAck), run with nats.js and with ours.
import { isPromise, jetStreamServer, outcome, same, seen, shape, unique } from "./harness";

jest.setTimeout(60_000);

const srv = jetStreamServer();

test("README: the manager: list, add, find, info, update, getMessage, deleteMessage, purges, consumers", async () => {
  await same(async ({ core, js: { jetstreamManager, AckPolicy } }) => {
    const log: unknown[] = [];
    const nc = await core.connect({ servers: srv.url });
    const jsmP = jetstreamManager(nc);
    log.push(`jetstreamManager returns a promise ${isPromise(jsmP)}`);
    const jsm = await jsmP;
    const stream = unique("mystream");
    const p = stream.toLowerCase();
    const before: string[] = [];
    for await (const si of jsm.streams.list()) before.push(si.config.name);
    log.push(`listed before: ${before.includes(stream)}`);
    const added = await jsm.streams.add({ name: stream, subjects: [`${p}.*`] });
    log.push(`add: ${JSON.stringify(shape(added))}`);
    for (let i = 0; i < 100; i++) nc.publish(`${p}.a`, core.Empty);
    await nc.flush();
    const name = await jsm.streams.find(`${p}.A`);
    log.push(`find: ${name === stream}`);
    const si = await jsm.streams.info(name);
    log.push(`info: ${si.state.messages} messages, ${JSON.stringify(shape(si))}`);
    si.config.subjects?.push(`${p}x.b`);
    const up = await jsm.streams.update(name, si.config);
    log.push(`update: ${JSON.stringify(up.config.subjects).replaceAll(p, "<p>")}`);
    const sm = await jsm.streams.getMessage(stream, { seq: 1 });
    log.push(`getMessage: seq ${sm?.seq} subject ${sm?.subject.replace(p, "<p>")} data ${sm?.data.length} time ${sm?.time instanceof Date} header ${typeof sm?.header}`);
    log.push(`deleteMessage: ${await jsm.streams.deleteMessage(stream, 5)}`);
    log.push(`getMessage of a deleted seq: ${await outcome(() => jsm.streams.getMessage(stream, { seq: 5 }))}`);
    log.push(`purge: ${JSON.stringify(await jsm.streams.purge(stream))}`);
    for (let i = 0; i < 10; i++) nc.publish(`${p}.c`, `${i}`);
    for (let i = 0; i < 10; i++) nc.publish(`${p}.d`, `${i}`);
    await nc.flush();
    log.push(`purge filter keep: ${JSON.stringify(await jsm.streams.purge(stream, { filter: `${p}.c`, keep: 5 }))}`);
    log.push(`purge seq: ${JSON.stringify(await jsm.streams.purge(stream, { seq: 110 }))}`);
    log.push(`purge filter seq: ${JSON.stringify(await jsm.streams.purge(stream, { filter: `${p}.d`, seq: 200 }))}`);
    log.push(`purge seq and keep: ${await outcome(() => jsm.streams.purge(stream, { seq: 1, keep: 1 } as never))}`);
    const consumers = await jsm.consumers.list(stream).next();
    log.push(`consumers: ${consumers.length}`);
    const ca = await jsm.consumers.add(stream, { durable_name: "me", ack_policy: AckPolicy.Explicit });
    log.push(`consumer add: ${JSON.stringify(shape(ca))}`);
    const ci = await jsm.consumers.info(stream, "me");
    log.push(`consumer info: ${ci.name} ${ci.config.ack_policy} ${ci.num_pending}`);
    log.push(`listed: ${(await jsm.consumers.list(stream).next()).map((c) => c.name).join(",")}`);
    log.push(`consumer delete: ${await jsm.consumers.delete(stream, "me")}`);
    log.push(`info of a deleted consumer: ${await outcome(() => jsm.consumers.info(stream, "me"))}`);
    log.push(`info of a missing stream: ${await outcome(() => jsm.streams.info(`${stream}_none`))}`);
    log.push(`find of a subject no stream has: ${await outcome(() => jsm.streams.find(`${p}none.x.y`))}`);
    log.push(`add with a bad name: ${await outcome(() => jsm.streams.add({ name: "a.b", subjects: ["q"] }))}`);
    log.push(`stream delete: ${await jsm.streams.delete(stream)}`);
    await nc.close();
    return log;
  });
});

test("README: publish with msgID and expectations; the acks and the failures", async () => {
  await same(async ({ core: { connect, Empty }, js: { jetstream, jetstreamManager } }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const jsm = await jetstreamManager(nc);
    const stream = unique("a");
    const p = stream.toLowerCase();
    await jsm.streams.add({ name: stream, subjects: [`${p}.*`] });
    const js = jetstream(nc);
    let pa = await js.publish(`${p}.b`);
    log.push(`first: ${JSON.stringify(pa).replace(stream, "<s>")} stream ${pa.stream === stream} seq ${pa.seq} duplicate ${pa.duplicate}`);
    log.push(`msgID: ${JSON.stringify(await js.publish(`${p}.b`, Empty, { msgID: "a" })).replace(stream, "<s>")}`);
    log.push(`lastMsgID: ${(await js.publish(`${p}.b`, Empty, { expect: { lastMsgID: "a" } })).seq}`);
    log.push(`lastSequence: ${(await js.publish(`${p}.b`, Empty, { expect: { lastSequence: 3 } })).seq}`);
    pa = await js.publish(`${p}.b`, Empty, { expect: { streamName: stream } });
    log.push(`streamName: ${pa.seq}`);
    const buf: Promise<unknown>[] = [];
    for (let i = 0; i < 100; i++) buf.push(js.publish(`${p}.a`, Empty));
    await Promise.all(buf);
    log.push(`lastSubjectSequence: ${(await js.publish(`${p}.b`, Empty, { expect: { lastSubjectSequence: pa.seq } })).seq}`);
    log.push(`duplicate: ${JSON.stringify(await js.publish(`${p}.b`, "again", { msgID: "a" })).replace(stream, "<s>")}`);
    log.push(`wrong lastSubjectSequence: ${await outcome(() => js.publish(`${p}.b`, Empty, { expect: { lastSubjectSequence: pa.seq } }))}`);
    log.push(`wrong lastSequence: ${await outcome(() => js.publish(`${p}.b`, Empty, { expect: { lastSequence: 1 } }))}`);
    log.push(`wrong lastMsgID: ${await outcome(() => js.publish(`${p}.b`, Empty, { expect: { lastMsgID: "zzz" } }))}`);
    log.push(`wrong streamName: ${await outcome(() => js.publish(`${p}.b`, Empty, { expect: { streamName: "other" } }))}`);
    log.push(`no stream: ${(await outcome(() => js.publish(`${p}none.x`, "x", { timeout: 1000 }))).replaceAll(p, "<p>")}`);
    log.push(`publish returns a promise ${isPromise(js.publish(`${p}.z`))}`);
    await nc.flush();
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});

test("README: consumers: next, fetch x3, consume as iterator until pending 0, consume with a callback", async () => {
  await same(async ({ core: { connect }, js: { jetstream, jetstreamManager, AckPolicy } }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const jsm = await jetstreamManager(nc);
    const stream = unique("cons");
    const p = stream.toLowerCase();
    await jsm.streams.add({ name: stream, subjects: [`${p}.*`] });
    await jsm.consumers.add(stream, { durable_name: "a", ack_policy: AckPolicy.Explicit });
    const js = jetstream(nc);
    for (let i = 0; i < 20; i++) await js.publish(`${p}.${["x", "y", "z"][i % 3]}`, `${i}`);
    const c = await js.consumers.get(stream, "a");
    const m = await c.next();
    if (m) {
      log.push(`next: ${m.subject.replace(p, "<p>")} seq ${m.seq} ${m.string()} redelivered ${m.redelivered}`);
      log.push(`info: ${JSON.stringify(shape(m.info))} pending ${m.info.pending} stream ${m.info.stream === stream} consumer ${m.info.consumer}`);
      log.push(`headers ${String(m.headers)}, time ${m.time instanceof Date}, timestampNanos ${typeof m.timestampNanos}`);
      m.ack();
    } else log.push(`didn't get a message`);
    for (let i = 0; i < 3; i++) {
      const messages = await c.fetch({ max_messages: 4, expires: 2000 });
      const seqs: number[] = [];
      for await (const x of messages) {
        seqs.push(x.seq);
        x.ack();
      }
      log.push(`batch completed: ${messages.getProcessed()} msgs processed ${seqs.join(",")}`);
    }
    const messages = await c.consume();
    const data = new Map<string, number>();
    for await (const x of messages) {
      const chunks = x.subject.split(".");
      data.set(chunks[1]!, (data.get(chunks[1]!) || 0) + 1);
      x.ack();
      if (x.info.pending === 0) break;
    }
    log.push(`consumed ${[...data.keys()].sort().map((k) => `${k}: ${data.get(k)}`).join(" ")}`);
    log.push(`consume loop left: ${await outcome(() => messages.closed())}`);
    // the consumer was acked up to the end: an empty next() and fetch
    log.push(`next on nothing: ${await outcome(() => c.next({ expires: 1000 }), (v) => (v === null ? null : "a message"))}`);
    const empty = await c.fetch({ max_messages: 2, expires: 1000 });
    let n = 0;
    for await (const _ of empty) n++;
    log.push(`empty fetch: ${n} ${empty.getProcessed()}`);
    // a callback consumer
    await jsm.consumers.add(stream, { durable_name: "b", ack_policy: AckPolicy.Explicit });
    const cb = await js.consumers.get(stream, "b");
    const seen2: number[] = [];
    let done!: () => void;
    const all = new Promise<void>((r) => (done = r));
    const cm = await cb.consume({
      callback: (x) => {
        seen2.push(x.seq);
        x.ack();
        if (seen2.length === 20) done();
      },
    });
    await all;
    log.push(`callback: ${seen2.join(",")}`);
    const st = cm.stop();
    log.push(`stop returns ${isPromise(st) ? "a promise" : typeof st}`);
    log.push(`closed: ${await outcome(() => cm.closed())}`);
    log.push(`get a missing consumer: ${await outcome(() => js.consumers.get(stream, "nope"))}`);
    log.push(`get of a missing stream: ${await outcome(() => js.consumers.get(`${stream}_none`, "a"))}`);
    log.push(`fetch with both bounds: ${await outcome(() => c.fetch({ max_messages: 1, max_bytes: 100 } as never))}`);
    log.push(`c.info(): ${JSON.stringify(shape(await c.info()))}`);
    log.push(`c.delete(): ${await c.delete()}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});

test("README: ordered consumers (whole stream, filtered), ackAck, nak and term", async () => {
  await same(async ({ core: { connect }, js: { jetstream, jetstreamManager, AckPolicy, DeliverPolicy } }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const jsm = await jetstreamManager(nc);
    const name = unique("ord");
    const p = name.toLowerCase();
    await jsm.streams.add({ name, subjects: [`${p}.*`] });
    const js = jetstream(nc);
    for (let i = 0; i < 10; i++) await js.publish(`${p}.${i % 2 ? "a" : "b"}`, `${i}`);
    const a = await js.consumers.get(name);
    // the README's array form needs a 2.10 server (both clients refuse it on 2.9 with the same text); one subject as a string
    log.push(`array filter on 2.9: ${await outcome(() => js.consumers.get(name, { filter_subjects: [`${p}.a`] }))}`);
    const b = await js.consumers.get(name, { filter_subjects: `${p}.a` });
    const seqs: number[] = [];
    for await (const m of await a.fetch({ max_messages: 10, expires: 2000 })) seqs.push(m.seq);
    log.push(`ordered fetch: ${seqs.join(",")}`);
    const bs: string[] = [];
    const it = await b.consume();
    for await (const m of it) {
      bs.push(`${m.seq}:${m.string()}`);
      if (m.info.pending === 0) break;
    }
    log.push(`ordered filtered consume: ${bs.join(",")}`);
    const last = await js.consumers.get(name, { deliver_policy: DeliverPolicy.Last });
    const lm = await last.next();
    log.push(`ordered last: ${lm?.seq} ${lm?.string()}`);
    log.push(`ordered info: ${JSON.stringify(shape(await a.info(true)))}`);
    log.push(`ack on an ordered message: ${await outcome(() => lm?.ackAck())}`);
    await jsm.consumers.add(name, { durable_name: "w", ack_policy: AckPolicy.Explicit, ack_wait: 2_000_000_000 });
    const c = await js.consumers.get(name, "w");
    const m1 = await c.next();
    log.push(`ackAck: ${await outcome(() => m1!.ackAck())}`);
    log.push(`ackAck again: ${await outcome(() => m1!.ackAck())}`);
    const m2 = await c.next();
    m2!.nak();
    // Whether the nak'ed message or the next one comes first is the server's race (nats-server 2.9 applies
    // acks on the consumer's own queue; nats.js happens to write the pull request in a later write, ours in
    // the same one as the NAK): which two come next, in any order, is compared.
    const [x, y] = [await c.next(), await c.next()];
    const again = [x, y].find((m) => m?.seq === m2?.seq);
    const other = [x, y].find((m) => m?.seq !== m2?.seq);
    log.push(`nak'ed comes again: ${again !== undefined} redelivered ${again?.redelivered} deliveryCount ${again?.info.deliveryCount}, with ${other?.seq} redelivered ${other?.redelivered}`);
    other!.working();
    other!.term();
    again!.ack();
    const m3 = await c.next();
    log.push(`after term and ack: ${m3?.seq}`);
    log.push(`ackAck with timeout: ${await outcome(() => m3!.ackAck({ timeout: 1000 }))}`);
    await jsm.streams.delete(name);
    await nc.close();
    return log;
  });
});

test("JetStream errors seen as the README's users check them", async () => {
  await same(async ({ core: { connect }, js: { jetstream, jetstreamManager, JetStreamApiError, JetStreamError } }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const jsm = await jetstreamManager(nc);
    const js = jetstream(nc);
    for (const [what, fn] of [
      ["stream info", () => jsm.streams.info("nope_" + process.pid)],
      ["consumer info", () => jsm.consumers.info("nope_" + process.pid, "x")],
      ["consumers.get", () => js.consumers.get("nope_" + process.pid, "x")],
      ["getMessage", () => jsm.streams.getMessage("nope_" + process.pid, { seq: 1 })],
    ] as const) {
      try {
        await fn();
        log.push(`${what}: resolved`);
      } catch (err) {
        log.push(`${what}: ${seen(err)} api ${err instanceof JetStreamApiError} js ${err instanceof JetStreamError} code ${(err as { code?: unknown }).code} apiError ${JSON.stringify((err as { apiError?: () => unknown }).apiError?.())}`);
      }
    }
    await nc.close();
    return log;
  });
});

test("the manager's other doors: jsm.jetstream(), account info, names, streams.get, last_by_subj, direct gets, consumer update", async () => {
  await same(async ({ core: { connect, headers }, js: { jetstreamManager, AckPolicy, DeliverPolicy } }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const jsm = await jetstreamManager(nc);
    const ai = await jsm.getAccountInfo();
    log.push(`account info: ${JSON.stringify(shape(ai))}`);
    const name = unique("doors");
    const p = name.toLowerCase();
    await jsm.streams.add({ name, subjects: [`${p}.>`], allow_direct: true, max_msgs_per_subject: 3 });
    const js = jsm.jetstream();
    const h = headers();
    h.set("x-k", "v");
    for (let i = 0; i < 5; i++) await js.publish(`${p}.${i % 2 ? "odd" : "even"}`, `${i}`, { headers: h });
    const names: string[] = [];
    for await (const n of jsm.streams.names()) if (n === name) names.push(n);
    log.push(`names: ${names.length}`);
    const filtered: string[] = [];
    for await (const n of jsm.streams.names(`${p}.odd`)) filtered.push(n === name ? "<s>" : n);
    log.push(`names by subject: ${filtered.join(",")}`);
    const s = await jsm.streams.get(name);
    log.push(`stream: ${s.name === name} info ${(await s.info()).state.messages} cached ${(await s.info(true)).state.messages}`);
    const last = await jsm.streams.getMessage(name, { last_by_subj: `${p}.odd` });
    log.push(`last_by_subj: ${last?.seq} ${last?.string()} header ${last?.header.get("x-k")} json ${JSON.stringify(last?.json())}`);
    log.push(`last_by_subj of nothing: ${await outcome(() => jsm.streams.getMessage(name, { last_by_subj: `${p}.none` }))}`);
    const d = await jsm.direct.getMessage(name, { seq: 2 });
    log.push(`direct seq: ${d?.seq} ${d?.subject.replace(p, "<p>")} ${d?.string()} ${d?.header.get("x-k")} stream ${(d as { stream?: string } | null)?.stream === name} time ${d?.time instanceof Date}`);
    const dn = await jsm.direct.getMessage(name, { next_by_subj: `${p}.even`, seq: 2 });
    log.push(`direct next_by_subj: ${dn?.seq}`);
    log.push(`direct of nothing: ${await outcome(() => jsm.direct.getMessage(name, { seq: 99 }))}`);
    await jsm.consumers.add(name, { durable_name: "u", ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All });
    const up = await jsm.consumers.update(name, "u", { description: "changed", max_deliver: 5 });
    log.push(`consumer update: ${up.config.description} ${up.config.max_deliver}`);
    log.push(`consumer update of a fixed field: ${await outcome(() => jsm.consumers.update(name, "u", { deliver_policy: DeliverPolicy.New } as never))}`);
    const sc = await s.getConsumer("u");
    log.push(`stream.getConsumer: ${(await sc.info(true)).name}`);
    const sm = await s.getMessage({ seq: 1 });
    log.push(`stream.getMessage: ${sm?.seq}`);
    log.push(`stream.deleteMessage: ${await s.deleteMessage(1)}`);
    log.push(`stream.alternates: ${JSON.stringify((await s.alternates()).map((a) => a.name === name))}`);
    log.push(`stream.best: ${(await s.best()).name === name}`);
    log.push(`delete: ${await jsm.streams.delete(name)}`);
    await nc.close();
    return log;
  });
});

test("README: the consume's status() loop; the consumer deleted under it", async () => {
  await same(async ({ core: { connect }, js: { jetstream, jetstreamManager, AckPolicy } }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const jsm = await jetstreamManager(nc);
    const stream = unique("st");
    const p = stream.toLowerCase();
    await jsm.streams.add({ name: stream, subjects: [`${p}.*`] });
    await jsm.consumers.add(stream, { durable_name: "d", ack_policy: AckPolicy.Explicit });
    const js = jetstream(nc);
    await js.publish(`${p}.a`, "1");
    const c = await js.consumers.get(stream, "d");
    const messages = await c.consume({ max_messages: 1 });
    const st = messages.status();
    log.push(`status() returns a promise ${isPromise(st)}`);
    const types: string[] = [];
    void (async () => {
      for await (const s of await st) {
        types.push(s.type);
        if (s.type === "consumer_deleted") setTimeout(() => messages.stop(), 200);
      }
    })();
    const seqs: number[] = [];
    const loop = (async () => {
      for await (const m of messages) {
        seqs.push(m.seq);
        m.ack();
      }
    })().then(
      () => "the loop ended",
      (err) => `the loop threw ${seen(err)}`,
    );
    // deleted while the loop waits for its next message (a pull request is pending in both clients)
    const end = Date.now() + 10_000;
    while (!seqs.length && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 200));
    await jsm.consumers.delete(stream, "d");
    log.push(await loop);
    log.push(`got ${seqs.join(",")}`);
    log.push(`saw consumer_deleted ${types.includes("consumer_deleted")}`);
    log.push(`closed: ${await outcome(() => messages.closed())}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});
