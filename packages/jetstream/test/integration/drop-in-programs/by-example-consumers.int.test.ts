// The consumer programs of "NATS by Example" (repository ConnectEverything/nats-by-example, examples/jetstream/*),
// rewritten as a user of @nats-io/jetstream 3.4.0 would write them (the examples use the v2 `nats` API or nats.go)
// and run once with nats.js's packages and once with ours on one real server: pull consumers (ephemeral, durable,
// ordered), ack and ackAck with the consumer's counters, a pull consumer's limits, push consumers and their
// redeliveries, deliver groups, and the new API of the api-migration example.
import { jetStreamServer, outcome, same, seen, unique, withStream, type Client } from "./harness";
import { until } from "@nats-stack/fixtures/until";

jest.setTimeout(120_000);

const srv = jetStreamServer();

/** The counters ack-ack prints. */
function counts(ci: { num_pending: number; num_ack_pending: number; num_redelivered: number }): string {
  return `pending ${ci.num_pending}, ack pending ${ci.num_ack_pending}, redelivered ${ci.num_redelivered}`;
}

test("pull-consumer (deno/main.js): an ephemeral consumer's next(), a durable's fetch(), an ordered consume()", async () => {
  await same(async (c: Client) => {
    const { AckPolicy } = c.js;
    const log: unknown[] = [];
    const { nc, jsm, js, stream, p } = await withStream(c, srv.url, "EVENTS");
    const acks = await Promise.all([js.publish(`${p}.1`), js.publish(`${p}.2`), js.publish(`${p}.3`)]);
    log.push(`published ${acks.map((a) => a.seq).join(",")}`);
    const ci = await jsm.consumers.add(stream, { ack_policy: AckPolicy.None });
    log.push(`ephemeral: named by the server ${ci.name.length > 0 && ci.name === ci.config.name} durable ${ci.config.durable_name}`);
    const e = await js.consumers.get(stream, ci.name);
    log.push(`ephemeral consumer will live until inactivity of ${c.core.millis((await e.info(true)).config.inactive_threshold!)} millis`);
    for (let i = 0; i < 3; i++) {
      const m = await e.next();
      log.push(`next: ${m?.subject.slice(p.length)} seq ${m?.seq} pending ${m?.info.pending}`);
    }
    log.push(`next when none is left: ${await outcome(() => e.next({ expires: 1000 }))}`);
    await jsm.consumers.add(stream, { ack_policy: AckPolicy.Explicit, durable_name: "A" });
    const d = await js.consumers.get(stream, "A");
    for await (const m of await d.fetch({ max_messages: 3 })) {
      log.push(`fetch: ${m.subject.slice(p.length)} redelivered ${m.redelivered}`);
      m.ack();
    }
    log.push(`delete: ${await d.delete()}`);
    log.push(`info of the deleted one: ${await outcome(() => d.info())}`);
    log.push(`get of the deleted one: ${await outcome(() => js.consumers.get(stream, "A"))}`);
    const o = await js.consumers.get(stream);
    const iter = await o.consume({ max_messages: 3 });
    for await (const m of iter) {
      log.push(`ordered: ${m.subject.slice(p.length)} pending ${m.info.pending} consumer seq ${m.info.deliverySequence}`);
      if (m.info.pending === 0) break;
    }
    log.push(`ordered closed: ${await iter.closed()} processed ${iter.getProcessed()}`);
    await jsm.streams.delete(stream);
    await nc.drain();
    return log;
  });
});

test("ack-ack (deno/main.js, go/main.go): the consumer's counters after next(), ack() and ackAck()", async () => {
  await same(async (c: Client) => {
    const { AckPolicy, StorageType } = c.js;
    const log: unknown[] = [];
    const nc = await c.core.connect({ servers: srv.url });
    const jsm = await c.js.jetstreamManager(nc);
    const js = c.js.jetstream(nc);
    const stream = unique("ACKACK");
    const p = stream.toLowerCase();
    log.push(`delete first: ${await outcome(() => jsm.streams.delete(stream))}`);
    const si = await jsm.streams.add({ name: stream, subjects: [p], storage: StorageType.Memory });
    log.push(`storage ${si.config.storage}`);
    log.push(`changing it: ${await outcome(() => jsm.streams.update(stream, { storage: StorageType.File } as never))}`);
    await js.publish(p);
    await js.publish(p);
    for (const [name, how] of [["consumer1", "ack"], ["consumer2", "ackAck"]] as const) {
      const ci = await jsm.consumers.add(stream, { name, filter_subject: p, ack_policy: AckPolicy.Explicit });
      log.push(`${name} start: ${counts(ci)}`);
      const consumer = await js.consumers.get(stream, name);
      const m = await consumer.next();
      if (!m) {
        log.push(`${name}: no message`);
        continue;
      }
      log.push(`${name} received, before the ack: ${counts(await consumer.info(false))}`);
      if (how === "ack") {
        log.push(`ack returns ${String(m.ack())}`);
        // a plain ack is not confirmed: nats-server 2.9 applies it on its own time
        await until(async () => (await consumer.info(false)).num_ack_pending === 0, "the ack to be applied");
      } else log.push(`ackAck resolves to ${await m.ackAck()}`);
      log.push(`${name} after the ack: ${counts(await consumer.info(false))}`);
      log.push(`a second ackAck: ${await outcome(() => m.ackAck())}`);
      const cached = await consumer.info(true);
      log.push(`cached info ${cached.name === name}`);
    }
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});

test("pull-consumer-limits (go/main.go): max_ack_pending, max_batch, max_waiting, max_expires as a fetch meets them", async () => {
  await same(async (c: Client) => {
    const { AckPolicy, JetStreamError } = c.js;
    const { nanos } = c.core;
    const log: unknown[] = [];
    const { nc, jsm, js, stream, p } = await withStream(c, srv.url, "LIMITS");
    const base = { durable_name: "processor", ack_policy: AckPolicy.Explicit, ack_wait: nanos(10_000) };
    await jsm.consumers.add(stream, { ...base, max_waiting: 1 });
    const pc = await js.consumers.get(stream, "processor");
    const fetch = async (max_messages: number, expires = 1000) => {
      const got: { ack(): void; seq: number }[] = [];
      try {
        for await (const m of await pc.fetch({ max_messages, expires })) got.push(m);
        return { got, said: `got ${got.map((m) => m.seq).join(",") || "nothing"}` };
      } catch (err) {
        // JetStreamStatusError is on nats.js's internal entry (jserrors) only: its code is the status
        const code = (err as { code?: unknown }).code;
        return { got, said: `got ${got.length} then ${seen(err)} js ${err instanceof JetStreamError} code ${code}` };
      }
    };

    log.push("--- max in-flight messages (n=1) ---");
    const up = await jsm.consumers.update(stream, "processor", { ...base, max_ack_pending: 1 });
    log.push(`updated: max_ack_pending ${up.config.max_ack_pending} max_waiting ${up.config.max_waiting}`);
    await js.publish(`${p}.1`);
    await js.publish(`${p}.2`);
    let r = await fetch(3);
    log.push(`requested 3: ${r.said}`);
    log.push(`requested 1 more: ${(await fetch(1)).said}`);
    r.got[0]?.ack();
    r = await fetch(1);
    log.push(`after the ack, requested 1: ${r.said}`);
    r.got[0]?.ack();

    log.push("--- max fetch batch size (n=2) ---");
    const ub = await jsm.consumers.update(stream, "processor", { ...base, max_batch: 2, max_ack_pending: 1000 });
    log.push(`updated: max_batch ${ub.config.max_batch} max_ack_pending ${ub.config.max_ack_pending}`);
    await js.publish(`${p}.1`);
    await js.publish(`${p}.2`);
    log.push(`requested 10: ${(await fetch(10)).said}`);
    r = await fetch(2);
    log.push(`requested 2: ${r.said}`);
    r.got.forEach((m) => m.ack());

    log.push("--- max waiting requests (n=1) ---");
    await jsm.consumers.update(stream, "processor", { ...base, max_waiting: 1 });
    const three = await Promise.all([fetch(1), fetch(1), fetch(1)]);
    log.push(`three at once: ${three.map((x) => x.said).sort().join(" | ")}`);

    log.push("--- max fetch timeout (d=1s) ---");
    await jsm.consumers.update(stream, "processor", { ...base, max_expires: nanos(1000) });
    log.push(`expires 1s: ${(await fetch(1, 1000)).said}`);
    log.push(`expires 5s: ${(await fetch(1, 5000)).said}`);
    const ci = await jsm.consumers.info(stream, "processor");
    log.push(`info: ${counts(ci)} max_expires ${ci.config.max_expires} waiting ${ci.num_waiting}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});

test("push-consumer (go/main.go): a durable push consumer, its redeliveries after ack_wait, one consume at a time", async () => {
  await same(async (c: Client) => {
    const { AckPolicy } = c.js;
    const { nanos } = c.core;
    const log: unknown[] = [];
    const { nc, jsm, js, stream, p } = await withStream(c, srv.url, "PUSH");
    for (const [n, d] of [["1", "changed"], ["2", "fixed"], ["3", "updated"]]) await js.publish(`${p}.${n}`, d);
    const ci = await jsm.consumers.add(stream, { durable_name: "event-handler-2", deliver_subject: `${p}-handler-2`, ack_policy: AckPolicy.Explicit, ack_wait: nanos(500) });
    log.push(`added: push_bound ${ci.push_bound} ack_wait ${ci.config.ack_wait}`);
    const pc = await js.consumers.getPushConsumer(stream, "event-handler-2");
    let iter = await pc.consume();
    // push_bound is set by the server on its own time after the SUB (see README, "Smaller ones")
    await until(async () => (await jsm.consumers.info(stream, "event-handler-2")).push_bound === true, "push_bound");
    log.push(`push_bound once consuming: ${(await jsm.consumers.info(stream, "event-handler-2")).push_bound}`);
    log.push(`a second consume: ${await outcome(() => pc.consume(), () => "started")}`);
    const other = await js.consumers.getPushConsumer(stream, "event-handler-2");
    log.push(`another consumer object: ${await outcome(async () => {
      const it = await other.consume();
      await it.stop();
      return it.getProcessed();
    })}`);
    for await (const m of iter) {
      log.push(`received ${m.subject.slice(p.length)} ${m.string()} redelivered ${m.redelivered} delivery ${m.info.deliveryCount}`);
      m.ack();
      break;
    }
    log.push(`closed ${await iter.closed()}`);
    // the two messages pushed and not acked come back once ack_wait has passed
    iter = await pc.consume();
    const again: string[] = [];
    for await (const m of iter) {
      again.push(`${m.subject.slice(p.length)} ${m.redelivered} ${m.info.deliveryCount}`);
      m.ack();
      if (again.length === 2) break;
    }
    log.push(`after ack_wait: ${again.sort().join(" | ")}`);
    await until(async () => (await jsm.consumers.info(stream, "event-handler-2")).num_ack_pending === 0, "the acks");
    const info = await jsm.consumers.info(stream, "event-handler-2");
    log.push(`info: ${counts(info)} delivered ${info.delivered.stream_seq} ack floor ${info.ack_floor.stream_seq}`);
    log.push(`a pull consumer get of a push consumer: ${await outcome(() => js.consumers.get(stream, "event-handler-2"))}`);
    log.push(`getPushConsumer of a pull consumer: ${await outcome(async () => {
      await jsm.consumers.add(stream, { durable_name: "pull", ack_policy: AckPolicy.Explicit });
      return js.consumers.getPushConsumer(stream, "pull");
    })}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});

test("queue-push-consumer (go/main.go): a deliver group shares the messages between its consumers", async () => {
  await same(async (c: Client) => {
    const { AckPolicy } = c.js;
    const log: unknown[] = [];
    const { nc, jsm, js, stream, p } = await withStream(c, srv.url, "QPUSH");
    const ci = await jsm.consumers.add(stream, { durable_name: "event-processor", deliver_subject: `${p}-my-subject`, deliver_group: "event-processor", ack_policy: AckPolicy.Explicit });
    log.push(`deliver group: ${ci.config.deliver_group} subject ${ci.config.deliver_subject?.slice(p.length)}`);
    const got: string[][] = [[], [], []];
    const stops: Promise<unknown>[] = [];
    let total = 0;
    const all = new Promise<void>((resolve) => {
      for (let i = 0; i < 3; i++) {
        stops.push((async () => {
          const pc = await js.consumers.getPushConsumer(stream, "event-processor");
          const iter = await pc.consume({
            callback: (m) => {
              got[i]!.push(m.subject.slice(p.length));
              m.ack();
              if (++total === 6) resolve();
            },
          });
          await all;
          await iter.stop();
          return iter.closed();
        })());
      }
    });
    await nc.flush();
    for (let i = 1; i <= 6; i++) await js.publish(`${p}.${i}`);
    await all;
    log.push(`stopped: ${(await Promise.all(stops)).join(",")}`);
    log.push(`received ${got.flat().sort().join(" ")} once each, by ${got.filter((g) => g.length > 0).length > 0}`);
    await until(async () => (await jsm.consumers.info(stream, "event-processor")).num_ack_pending === 0, "the acks");
    log.push(`info: ${counts(await jsm.consumers.info(stream, "event-processor"))}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});

test("api-migration (node/main.js, deno/main.ts): the new API: consume until pending 0, next, fetch", async () => {
  await same(async (c: Client) => {
    const { AckPolicy } = c.js;
    const log: unknown[] = [];
    const { nc, jsm, js, stream, p } = await withStream(c, srv.url, "MIGRATE");
    await Promise.all(Array.from({ length: 20 }, (_, i) => js.publish(`${p}.${i}`)));
    await jsm.consumers.add(stream, { name: "my-ephemeral", ack_policy: AckPolicy.Explicit });
    const a = await js.consumers.get(stream, "my-ephemeral");
    const seqs: number[] = [];
    const messages = await a.consume({ max_messages: 5000 });
    for await (const m of messages) {
      seqs.push(m.seq);
      m.ack();
      if (m.info.pending === 0) break;
    }
    log.push(`consume received ${seqs.length}: ${seqs.join(",")}`);
    log.push(`consumer delete: ${await a.delete()}`);
    await jsm.consumers.add(stream, { durable_name: "my-durable", ack_policy: AckPolicy.Explicit });
    const b = await js.consumers.get(stream, "my-durable");
    // as both examples write it: next() is not awaited, a fetch() follows at once on the same consumer
    // (which one got which message follows the order of their pull requests; how their lines interleave
    // depends on how the messages were split over socket reads, so they are kept apart)
    const lines: string[] = [];
    const nextDone = b.next().then((m) => {
      if (m === null) return "consumer next - no messages available";
      m.ack();
      return `consumer next - ${m.subject.slice(p.length)}`;
    });
    for await (const m of await b.fetch({ max_messages: 3, expires: 5000 })) {
      lines.push(`consumer fetch: ${m.subject.slice(p.length)}`);
      m.ack();
    }
    log.push(await nextDone, ...lines);
    const got: string[] = [];
    for await (const m of await b.fetch({ max_messages: 3, expires: 5000 })) {
      got.push(m.subject.slice(p.length));
      m.ack();
    }
    log.push(`fetch: ${got.join(" ")}`);
    await jsm.streams.delete(stream);
    await nc.drain();
    return log;
  });
});

test("pull-consumer (go/main.go): a consumer of no options, a callback consume stopped after 3, fetches that end by count and by expiry", async () => {
  await same(async (c: Client) => {
    const { AckPolicy, JetStreamApiError } = c.js;
    const log: unknown[] = [];
    const { nc, jsm, js, stream, p } = await withStream(c, srv.url, "EVENTS");
    for (const n of [1, 2, 3]) await js.publish(`${p}.${n}`);
    const ci = await jsm.consumers.add(stream, {});
    log.push(`no options: ack ${ci.config.ack_policy} deliver ${ci.config.deliver_policy} durable ${ci.config.durable_name} inactive ${ci.config.inactive_threshold}`);
    const cons = await js.consumers.get(stream, ci.name);
    const received: string[] = [];
    const cc = await cons.consume({
      callback: (m) => {
        m.ack();
        received.push(`received msg on ${m.subject.slice(p.length)}`);
      },
    });
    await until(() => received.length === 3, "three messages");
    await cc.stop();
    const stopped = await cc.closed();
    log.push(...received, `stopped: ${stopped}`);
    for (const n of [1, 2, 3]) await js.publish(`${p}.${n}`);
    const count = async (max_messages: number, expires?: number) => {
      let i = 0;
      const start = Date.now();
      const iter = await cons.fetch({ max_messages, expires });
      const events: string[] = [];
      const listening = (async () => {
        // (how many heartbeats come before the expiry depends on timing: one line for a run of them)
        for await (const s of iter.status()) if (events.at(-1) !== s.type) events.push(s.type);
      })();
      for await (const m of iter) {
        m.ack();
        i++;
      }
      await Promise.race([listening, new Promise((r) => setTimeout(r, 100))]);
      return { i, ms: Date.now() - start, events: events.join(",") };
    };
    const two = await count(2);
    log.push(`fetch 2: got ${two.i} messages, status ${two.events}`);
    const hundred = await count(100, 1000);
    log.push(`fetch 100, expires 1 s: got ${hundred.i} messages, status ${hundred.events}`);
    const last = await count(1, 1000);
    log.push(`at the end, fetch 1, expires 1 s: got ${last.i} messages, after the expiry ${last.ms >= 900}, status ${last.events}`);
    await jsm.consumers.add(stream, { durable_name: "processor", ack_policy: AckPolicy.Explicit });
    const dur = await js.consumers.get(stream, "processor");
    for await (const m of await dur.fetch({ max_messages: 1 })) log.push(`received ${m.subject.slice(p.length)} from the durable consumer`);
    log.push(`delete: ${await jsm.consumers.delete(stream, "processor")}`);
    let err: unknown;
    await js.consumers.get(stream, "processor").catch((e: unknown) => (err = e));
    // nats.js's root has no ConsumerNotFoundError (its internal entry's jserrors has): its subclass of JetStreamApiError
    log.push(`consumer deleted: ${err instanceof JetStreamApiError} ${seen(err)}`);
    await jsm.streams.delete(stream);
    await nc.drain();
    return log;
  });
});

test("push-consumer (go/main.go): its ephemeral subscription as a v3 ordered push consumer", async () => {
  await same(async (c: Client) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream, p } = await withStream(c, srv.url, "OPUSH");
    for (const [n, d] of [["1", "changed"], ["2", "fixed"], ["3", "updated"]]) await js.publish(`${p}.${n}`, d);
    const oc = await js.consumers.getPushConsumer(stream);
    const cfg = (await oc.info(true)).config as unknown as Record<string, unknown>;
    const { name, deliver_subject, ...rest } = cfg;
    log.push(`ordered push: name ${typeof name} deliver_subject ${typeof deliver_subject} ${JSON.stringify(Object.fromEntries(Object.entries(rest).sort()))}`);
    const it = await oc.consume();
    const got: string[] = [];
    for await (const m of it) {
      // (the pending count of those published while the consumer runs depends on when the server delivers them)
      const pending = got.length < 3 ? ` pending ${m.info.pending}` : "";
      got.push(`${m.subject.slice(p.length)} ${m.string()}${pending} redelivered ${m.redelivered} seq ${m.seq}`);
      if (got.length === 3) for (const [n, d] of [["4", "handled"], ["5", "received"], ["6", "clicked"]]) await js.publish(`${p}.${n}`, d);
      if (got.length === 6) break;
    }
    log.push(...got, `closed ${await it.closed()}`);
    const names: string[] = [];
    for await (const page of jsm.consumers.list(stream)) names.push(page.name);
    log.push(`consumers after the loop: ${names.length}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});
