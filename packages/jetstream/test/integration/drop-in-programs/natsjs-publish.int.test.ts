// What nats.js's own client tests (jetstream/tests/jetstream_test.ts) assert on the public API, as programs of our
// own run with nats.js's packages and with ours on one real server: client options, publish acks, expectations
// and their texts, headers, JSON, sealed / deny-delete / deny-purge streams, rollups, redelivery, republish,
// detailed API errors, no responders.
import { startServer } from "@nats-stack/fixtures/nats-server";
import { jetStreamServer, same, seen, unique, type Client } from "./harness";

jest.setTimeout(120_000);

const srv = jetStreamServer();

/** A call's outcome; errors with class, text, JetStream code/status, and cause chain (seen). */
async function tried(c: Client, fn: () => unknown, show: (v: unknown) => unknown = (v) => v): Promise<string> {
  const err = (e: unknown) => {
    const isJs = e instanceof c.js.JetStreamError || e instanceof c.js.JetStreamApiError;
    const x = e as { code?: unknown; status?: unknown };
    return `${seen(e)}${isJs ? ` code ${x.code} status ${x.status}` : ""}`;
  };
  let r: unknown;
  try {
    r = fn();
  } catch (e) {
    return `sync throw ${err(e)}`;
  }
  try {
    return `async ${JSON.stringify(show(await r))}`;
  } catch (e) {
    return `async reject ${err(e)}`;
  }
}

async function setup(c: Client) {
  const nc = await c.core.connect({ servers: srv.url });
  const jsm = await c.js.jetstreamManager(nc);
  const stream = unique("PUB");
  const subj = `${stream.toLowerCase()}.a`;
  return { nc, jsm, js: c.js.jetstream(nc), stream, subj };
}

test("jetstream_test: client options: an empty apiPrefix, a trailing dot", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc } = await setup(c);
    log.push(`jetstream apiPrefix '': ${await tried(c, () => c.js.jetstream(nc, { apiPrefix: "" }), () => "a client")}`);
    log.push(`jetstreamManager apiPrefix '': ${await tried(c, () => c.js.jetstreamManager(nc, { apiPrefix: "" }), () => "a manager")}`);
    const prefix = unique("hello");
    const seenSubjects: string[] = [];
    nc.subscribe(`${prefix}.>`, { callback: (_e, m) => seenSubjects.push(m.subject.replace(prefix, "<prefix>")) });
    await nc.flush();
    // the manager asks for the account info on its prefix (nobody answers there: a timeout)
    log.push(`manager on '<prefix>.': ${await tried(c, () => c.js.jetstreamManager(nc, { apiPrefix: `${prefix}.`, timeout: 1000 }), () => "a manager")}`);
    log.push(`asked on: ${seenSubjects.join(",")}`);
    await nc.close();
    return log;
  });
});

test("jetstream_test: publish acks, msgID header, expectations and their texts, duplicates", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream, subj } = await setup(c);
    await jsm.streams.add({ name: stream, subjects: [`${stream.toLowerCase()}.*`] });
    const pa = (v: unknown) => {
      const a = v as { stream: string; seq: number; duplicate: boolean };
      return `${a.stream === stream} ${a.seq} ${a.duplicate}`;
    };
    const Empty = c.core.Empty;
    log.push(`expect lastSequence 0 on an empty stream: ${await tried(c, () => js.publish(subj, Empty, { expect: { lastSequence: 0 } }), pa)}`);
    log.push(`again: ${await tried(c, () => js.publish(subj, Empty, { expect: { lastSequence: 0 } }), pa)}`);
    log.push(`lastSequence 2 (is 1): ${await tried(c, () => js.publish(subj, Empty, { msgID: "b", expect: { lastSequence: 2 } }), pa)}`);
    log.push(`lastSequence 1: ${await tried(c, () => js.publish(subj, Empty, { msgID: "b", expect: { lastSequence: 1 } }), pa)}`);
    log.push(`msgID header: ${(await jsm.streams.getMessage(stream, { seq: 2 }))?.header.get(c.js.PubHeaders.MsgIdHdr)}`);
    log.push(`lastMsgID 'x' (is b): ${await tried(c, () => js.publish(subj, Empty, { msgID: "c", expect: { lastMsgID: "x" } }), pa)}`);
    log.push(`lastMsgID 'b': ${await tried(c, () => js.publish(subj, Empty, { msgID: "c", expect: { lastMsgID: "b" } }), pa)}`);
    log.push(`streamName 'xxx': ${await tried(c, () => js.publish(subj, Empty, { expect: { streamName: "xxx" } }), pa)}`);
    log.push(`duplicate msgID: ${await tried(c, () => js.publish(subj, Empty, { msgID: "c" }), pa)}`);
    const other = `${stream.toLowerCase()}.b`;
    const first = await js.publish(other, Empty);
    for (let i = 0; i < 10; i++) await js.publish(subj, Empty);
    log.push(`lastSubjectSequence right: ${await tried(c, () => js.publish(other, Empty, { expect: { lastSubjectSequence: first.seq } }), pa)}`);
    log.push(`lastSubjectSequence wrong: ${await tried(c, () => js.publish(other, Empty, { expect: { lastSubjectSequence: first.seq } }), pa)}`);
    const h = c.core.headers();
    h.set("a", "b");
    await js.publish(subj, Empty, { headers: h });
    const oc = await js.consumers.get(stream, { deliver_policy: c.js.DeliverPolicy.Last });
    const m = await oc.next();
    log.push(`headers: ${m?.headers?.get("a")}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});

test("jetstream_test: JSON values, string and json() of delivered messages", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream, subj } = await setup(c);
    await jsm.streams.add({ name: stream, subjects: [subj] });
    const values = [null, true, "", ["hello"], { hello: "world" }];
    for (const v of values) await js.publish(subj, JSON.stringify(v));
    await js.publish(subj, "hello");
    await jsm.consumers.add(stream, { durable_name: "me", ack_policy: c.js.AckPolicy.Explicit });
    const cons = await js.consumers.get(stream, "me");
    for (let i = 0; i < values.length; i++) {
      const m = await cons.next();
      m?.ack();
      log.push(`json ${JSON.stringify(m?.json())} string ${m?.string()}`);
    }
    const m = await cons.next();
    log.push(`string ${m?.string()}, json() of text: ${await tried(c, () => m?.json())}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});

test("jetstream_test: sealed, deny_delete, deny_purge, rollups, republish, replicas on one server", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream, subj } = await setup(c);
    const p = stream.toLowerCase();
    await jsm.streams.add({ name: stream, subjects: [`${p}.*`] });
    await js.publish(subj, "hello");
    await js.publish(subj, "second");
    const si = await jsm.streams.info(stream);
    log.push(`defaults: sealed ${si.config.sealed} deny_purge ${si.config.deny_purge} deny_delete ${si.config.deny_delete}`);
    await jsm.streams.deleteMessage(stream, 1);
    si.config.sealed = true;
    log.push(`sealed: ${(await jsm.streams.update(stream, si.config)).config.sealed}`);
    log.push(`delete on sealed: ${await tried(c, () => jsm.streams.deleteMessage(stream, 2))}`);
    log.push(`purge on sealed: ${await tried(c, () => jsm.streams.purge(stream))}`);
    log.push(`publish on sealed: ${await tried(c, () => js.publish(subj, "x"))}`);
    await jsm.streams.delete(stream);

    const dd = unique("DD");
    await jsm.streams.add({ name: dd, subjects: [`${dd}.*`], deny_delete: true, deny_purge: true });
    await js.publish(`${dd}.a`, "hello");
    log.push(`deny_delete: ${await tried(c, () => jsm.streams.deleteMessage(dd, 1))}`);
    log.push(`deny_purge: ${await tried(c, () => jsm.streams.purge(dd))}`);
    await jsm.streams.delete(dd);

    const ru = unique("RU");
    await jsm.streams.add({ name: ru, subjects: [`${ru}.*`], allow_rollup_hdrs: true });
    await Promise.all(Array.from({ length: 10 }, (_, i) => [js.publish(`${ru}.A`, `${i}`), js.publish(`${ru}.B`, `${i}`)]).flat());
    await jsm.consumers.add(ru, { durable_name: "dura", filter_subject: `${ru}.A`, ack_policy: c.js.AckPolicy.Explicit });
    const sub = c.core.headers();
    sub.set(c.js.JsHeaders.RollupHdr, c.js.JsHeaders.RollupValueSubject);
    await js.publish(`${ru}.A`, "0", { headers: sub });
    log.push(`rollup sub: messages ${(await jsm.streams.info(ru)).state.messages} dura pending ${(await jsm.consumers.info(ru, "dura")).num_pending}`);
    const all = c.core.headers();
    all.set(c.js.JsHeaders.RollupHdr, c.js.JsHeaders.RollupValueAll);
    await js.publish(`${ru}.summary`, "42", { headers: all });
    log.push(`rollup all: messages ${(await jsm.streams.info(ru)).state.messages}`);
    await jsm.streams.delete(ru);

    const nr = unique("NR");
    log.push(`no rollup: ${(await jsm.streams.add({ name: nr, subjects: [`${nr}.*`], allow_rollup_hdrs: false })).config.allow_rollup_hdrs}`);
    log.push(`rollup refused: ${await tried(c, () => js.publish(`${nr}.A`, "x", { headers: sub }))}`);
    log.push(`consumer num_replicas 3: ${await tried(c, () => jsm.consumers.add(nr, { name: "r", ack_policy: c.js.AckPolicy.Explicit, num_replicas: 3 }))}`);
    await jsm.consumers.add(nr, { ack_policy: c.js.AckPolicy.Explicit, filter_subject: `${nr}.bar`, durable_name: "a" });
    const ci = await jsm.consumers.info(nr, "a");
    ci.config.filter_subject = `${nr}.baz`;
    log.push(`filter_subject update: ${(await jsm.consumers.update(nr, "a", ci.config)).config.filter_subject === `${nr}.baz`}`);
    await jsm.streams.delete(nr);

    const rp = unique("RP");
    const rsi = await jsm.streams.add({ name: rp, subjects: [`${rp}.foo`], republish: { src: `${rp}.foo`, dest: `${rp}.bar` } });
    log.push(`republish config: ${rsi.config.republish?.src === `${rp}.foo`} ${rsi.config.republish?.dest === `${rp}.bar`}`);
    const got = new Promise<string>((resolve) => {
      nc.subscribe(`${rp}.bar`, {
        max: 1,
        callback: (_e, m) => {
          const H = c.js.RepublishHeaders;
          resolve(`${m.headers?.get(H.Subject) === `${rp}.foo`} ${m.headers?.get(H.Sequence)} ${m.headers?.get(H.Stream) === rp} ${m.headers?.get(H.LastSequence)}`);
        },
      });
    });
    await nc.flush();
    nc.publish(`${rp}.foo`);
    log.push(`republished: ${await got}`);
    await jsm.streams.delete(rp);
    await nc.close();
    return log;
  });
});

test("jetstream_test: redelivery after ack_wait until max_deliver; nak and term counts", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream, subj } = await setup(c);
    await jsm.streams.add({ name: stream, subjects: [subj] });
    const ci = await jsm.consumers.add(stream, { durable_name: "me", ack_policy: c.js.AckPolicy.Explicit, max_deliver: 4, ack_wait: c.core.nanos(1000) });
    log.push(`max_deliver ${ci.config.max_deliver}`);
    await js.publish(subj);
    const cons = await js.consumers.get(stream, "me");
    let redeliveries = 0;
    const counts: number[] = [];
    const it = await cons.consume({
      callback: (m) => {
        if (m.redelivered) redeliveries++;
        counts.push(m.info.deliveryCount);
        if (m.info.deliveryCount === 4) setTimeout(() => void it.stop(), 1500);
      },
    });
    await it.closed();
    log.push(`redeliveries ${redeliveries} counts ${counts.join(",")}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});

test("jetstream_test: publish with no responders: not a JetStream server, no stream for the subject", async () => {
  const plain = await startServer({});
  try {
    await same(async (c) => {
      const log: unknown[] = [];
      const nc = await c.core.connect({ servers: plain.url });
      const err = await c.js.jetstream(nc).publish("hello").catch((e: unknown) => e);
      log.push(`not JetStream: ${seen(err)}`);
      const cause = (err as Error).cause as Error | undefined;
      log.push(`cause RequestError ${cause instanceof c.core.RequestError}, its cause NoRespondersError ${cause?.cause instanceof c.core.NoRespondersError}`);
      await nc.close();
      return log;
    });
  } finally {
    await plain.stop();
  }
});
