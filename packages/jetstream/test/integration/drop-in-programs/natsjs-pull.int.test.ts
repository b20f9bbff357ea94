// What nats.js's own pull tests (jetstream/tests/fetch_test.ts, next_test.ts, jetstream409_test.ts) assert on
// the public API, as programs of our own run with nats.js's packages and with ours on one real server: results,
// counters, errors' classes, texts and codes, and the notifications a user's status() loop waits for.
import { jetStreamServer, outcome, same, seen, withStream, type Client } from "./harness";

jest.setTimeout(120_000);

const srv = jetStreamServer();

/** What a user checks of a JetStream error: class and text (seen), `code`, and the classes it is an instance of. */
function jsErr(c: Client, err: unknown): string {
  const e = err as { code?: unknown };
  // nats.js's root has these two (JetStreamStatusError is in its internal jserrors: the class name shows it)
  const kinds = ["JetStreamError", "JetStreamApiError"].filter(
    (k) => err instanceof (c.js as unknown as Record<string, new () => unknown>)[k],
  );
  return `${seen(err)} code ${e?.code} is ${kinds.join("+")}`;
}

/** Runs a `for await` over `it` to its end: the count, or the error it ended with. */
async function loop(c: Client, it: AsyncIterable<{ ack(): void }>): Promise<string> {
  let n = 0;
  try {
    for await (const m of it) {
      n++;
      m.ack();
    }
    return `ended after ${n}`;
  } catch (err) {
    return `threw after ${n}: ${jsErr(c, err)}`;
  }
}

/** A stream on `<p>.>` and a manager, client and connection for one program. */
const setup = (c: Client, tag: string) => withStream(c, srv.url, tag);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("fetch_test: no messages, fewer messages, exactly max_messages; received and processed counts", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream, p } = await setup(c, "fetchcounts");
    await jsm.consumers.add(stream, { durable_name: "b", ack_policy: c.js.AckPolicy.Explicit });
    const cons = await js.consumers.get(stream, "b");
    let it = await cons.fetch({ max_messages: 100, expires: 1000 });
    log.push(`none: ${await loop(c, it)} received ${it.getReceived()} processed ${it.getProcessed()}`);
    await js.publish(`${p}.a`);
    log.push(`info(true) pending ${(await cons.info(true)).num_pending}`);
    it = await cons.fetch({ max_messages: 10, expires: 1000 });
    log.push(`fewer: ${await loop(c, it)} received ${it.getReceived()} processed ${it.getProcessed()}`);
    await Promise.all(Array.from({ length: 200 }, (_, i) => js.publish(`${p}.a`, `${i}`)));
    it = await cons.fetch({ max_messages: 100, expires: 5000 });
    log.push(`exactly: ${await loop(c, it)} received ${it.getReceived()} processed ${it.getProcessed()}`);
    // fetch_test "fetch - sync": core's syncIterator over a fetch gives the messages, then null
    it = await cons.fetch({ max_messages: 2 });
    const sync = c.core.syncIterator(it);
    const a = await sync.next();
    const b = await sync.next();
    log.push(`sync: ${a?.seq} ${b?.seq} ${await sync.next()}`);
    a?.ack();
    b?.ack();
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});

test("fetch_test: consumer deleted before the fetch, during the fetch, the stream deleted; bind", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream, p } = await setup(c, "fetchgone");
    const cfg = { deliver_policy: c.js.DeliverPolicy.All, ack_policy: c.js.AckPolicy.Explicit };
    await jsm.consumers.add(stream, { durable_name: "a", ...cfg });
    let cons = await js.consumers.get(stream, "a");
    await cons.delete();
    log.push(`deleted before: ${await loop(c, await cons.fetch({ expires: 3000 }))}`);

    await jsm.consumers.add(stream, { durable_name: "a", ...cfg });
    cons = await js.consumers.get(stream, "a");
    const during = loop(c, await cons.fetch({ expires: 3000 }));
    await sleep(500);
    await cons.delete();
    log.push(`deleted during: ${await during}`);

    // bind: no consumer info is asked for (nats.js's test watches the INFO subject)
    await js.publish(`${p}.a`);
    await jsm.consumers.add(stream, { durable_name: "a", ...cfg });
    cons = await js.consumers.get(stream, "a");
    await cons.delete();
    const infos = nc.subscribe(`$JS.API.CONSUMER.INFO.${stream}.a`, { callback: () => {} });
    log.push(`bind to a deleted consumer: ${await loop(c, await cons.fetch({ expires: 1000, bind: true }))}`);
    await nc.flush();
    log.push(`consumer infos asked: ${infos.getProcessed()}`);
    infos.unsubscribe();

    await jsm.consumers.add(stream, { durable_name: "a", ...cfg });
    cons = await js.consumers.get(stream, "a");
    // nats.js writes a fetch's pull request when the loop first asks for a message (ours: when fetch() is
    // called): the loop runs before the stream goes
    const gone = loop(c, await cons.fetch({ idle_heartbeat: 1000 }));
    await sleep(500);
    await jsm.streams.delete(stream);
    log.push(`stream deleted: ${await gone}`);
    await nc.close();
    return log;
  });
});

test("fetch_test: max_messages above the consumer's max_batch fails with the server's text", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream } = await setup(c, "fetchbatch");
    await jsm.consumers.add(stream, { durable_name: "a", max_batch: 100, ack_policy: c.js.AckPolicy.Explicit });
    const cons = await js.consumers.get(stream, "a");
    log.push(`fetch 1000: ${await loop(c, await cons.fetch({ max_messages: 1000 }))}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});

test("next_test: basics, a consumer deleted while next() waits, bind", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream, p } = await setup(c, "next");
    await jsm.consumers.add(stream, { durable_name: stream, ack_policy: c.js.AckPolicy.Explicit });
    let cons = await js.consumers.get(stream, stream);
    log.push(`pending ${(await cons.info(true)).num_pending}`);
    log.push(`next on nothing: ${await outcome(() => cons.next({ expires: 1000 }), (m) => m)}`);
    await Promise.all([js.publish(`${p}.a`), js.publish(`${p}.a`)]);
    log.push(`pending ${(await cons.info()).num_pending}`);
    let m = await cons.next();
    log.push(`next: ${m?.seq}`);
    await m?.ackAck();
    log.push(`pending ${(await cons.info()).num_pending}`);
    m = await cons.next();
    log.push(`next: ${m?.seq}`);
    m?.ack();

    const waiting = cons.next({ expires: 4000 }).then(
      (v) => `resolved ${v}`,
      (err) => `rejected ${jsErr(c, err)}`,
    );
    await sleep(1000);
    await cons.delete();
    log.push(`deleted while waiting: ${await waiting}`);

    await jsm.consumers.add(stream, { durable_name: "b", ack_policy: c.js.AckPolicy.None, deliver_policy: c.js.DeliverPolicy.Last });
    cons = await js.consumers.get(stream, "b");
    const infos = nc.subscribe(`$JS.API.CONSUMER.INFO.${stream}.b`, { callback: () => {} });
    log.push(`bind next: ${(await cons.next({ expires: 1000, bind: true }))?.seq}`);
    log.push(`bind next on nothing: ${await cons.next({ expires: 1000, bind: true })}`);
    await cons.delete();
    log.push(`bind next on a deleted consumer: ${await outcome(() => cons.next({ expires: 1000, bind: true }), (v) => v)}`);
    log.push(`(as a JetStream error: ${await cons.next({ expires: 1000, bind: true }).catch((err: unknown) => jsErr(c, err))})`);
    await nc.flush();
    log.push(`consumer infos asked: ${infos.getProcessed()}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});

test("jetstream409_test: max expires, max message size, max batch, max waiting", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream, p } = await setup(c, "s409");
    const ack_policy = c.js.AckPolicy.Explicit;
    // max_expires of 1 s: a longer request is refused
    await jsm.consumers.add(stream, { durable_name: "exp", ack_policy, max_expires: c.core.nanos(1000) });
    let cons = await js.consumers.get(stream, "exp");
    log.push(`next expires 30s: ${await cons.next({ expires: 30_000 }).catch((err: unknown) => jsErr(c, err))}`);
    log.push(`fetch expires 30s: ${await loop(c, await cons.fetch({ expires: 30_000 }))}`);
    log.push(`consume expires 2s: ${await limits(await cons.consume({ expires: 2000, callback: () => {} }), "maxrequestexpires")}`);

    // a message larger than the byte budget
    await js.publish(`${p}.a`, new Uint8Array(1024));
    await jsm.consumers.add(stream, { durable_name: "size", ack_policy });
    cons = await js.consumers.get(stream, "size");
    const msgs = await cons.fetch({ max_bytes: 10 });
    const discards: string[] = [];
    void (async () => {
      for await (const s of msgs.status()) if (s.type === "discard") discards.push(`${s.messagesLeft}/${s.bytesLeft}`);
    })();
    log.push(`fetch max_bytes 10: ${await loop(c, msgs)}`);
    log.push(`discard notifications: ${discards.join(",")}`);

    await jsm.consumers.add(stream, { durable_name: "batch", ack_policy, max_batch: 10 });
    cons = await js.consumers.get(stream, "batch");
    log.push(`fetch 100 of max_batch 10: ${await loop(c, await cons.fetch({ max_messages: 100, expires: 1000 }))}`);
    log.push(`consume 100 of max_batch 10: ${await limits(await cons.consume({ max_messages: 100, expires: 2000, callback: () => {} }), "maxrequestbatch")}`);

    await jsm.consumers.add(stream, { durable_name: "wait", ack_policy, max_waiting: 1 });
    cons = await js.consumers.get(stream, "wait");
    await jsm.streams.purge(stream);
    const blocking = await cons.consume({ callback: () => {} });
    await nc.flush();
    await sleep(200);
    log.push(`next beside a consume, max_waiting 1: ${await cons.next({ expires: 1000 }).catch((err: unknown) => jsErr(c, err))}`);
    log.push(`fetch beside it: ${await loop(c, await cons.fetch({ expires: 1000 }))}`);
    log.push(`consume beside it: ${await limits(await cons.consume({ expires: 1000, callback: () => {} }), "maxwaiting")}`);
    await blocking.stop();
    log.push(`blocking closed: ${await outcome(() => blocking.closed())}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});

/** Waits for two `exceeded_limits` notifications naming `what`, stops the consume, and says what was seen. */
async function limits(
  it: { status(): AsyncIterable<{ type: string; description?: string; code?: number }> | Promise<AsyncIterable<{ type: string; description?: string; code?: number }>>; stop(): unknown; closed(): Promise<unknown> },
  what: string,
): Promise<string> {
  const seenNotes: string[] = [];
  let count = 0;
  for await (const s of await it.status()) {
    if (s.type === "exceeded_limits" && s.description?.includes(what)) {
      seenNotes.push(`${s.type} ${s.code} ${s.description}`);
      if (++count === 2) void it.stop();
    }
  }
  const closed = await it.closed().then(
    (v) => `closed ${v}`,
    (err) => `closed rejected ${seen(err)}`,
  );
  return `${[...new Set(seenNotes)].join(" | ")} x${count}; ${closed}`;
}

test("jetstream409_test: a consume whose byte budget is smaller than the message", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream, p } = await setup(c, "s409b");
    await js.publish(`${p}.a`, new Uint8Array(1024));
    await jsm.consumers.add(stream, { durable_name: "size", ack_policy: c.js.AckPolicy.Explicit });
    const cons = await js.consumers.get(stream, "size");
    let called = 0;
    const it = await cons.consume({ expires: 5000, max_bytes: 10, callback: () => void called++ });
    const types: string[] = [];
    const watching = (async () => {
      for await (const s of await it.status()) {
        if (!types.includes(s.type)) types.push(s.type);
        if (s.type === "heartbeats_missed") void it.close();
      }
    })();
    // nats.js's test: the 409 is reported and the client backs off until missed heartbeats make it pull again
    const ended = await Promise.race([watching.then(() => "ended"), sleep(20_000).then(() => "still running after 20 s")]);
    if (ended !== "ended") await it.close();
    log.push(`closed: ${await it.closed().then((v) => `${v}`, (e: unknown) => seen(e))}`);
    log.push(`callback called ${called}; saw ${types.filter((t) => t !== "next").join(",")}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});
