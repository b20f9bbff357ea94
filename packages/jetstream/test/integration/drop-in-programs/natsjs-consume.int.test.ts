// What nats.js's own consume tests (jetstream/tests/consume_test.ts) assert on the public API, as programs of our
// own run with nats.js's packages and with ours on one real server: counters, the iterator of a callback
// consume, the notifications of a deleted consumer, drain, abort_on_missing_resource, bind.
import { jetStreamServer, outcome, same, seen, withStream, type Client } from "./harness";

jest.setTimeout(120_000);

const srv = jetStreamServer();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs a `for await` over `it` to its end: the count, or the error it ended with. */
async function loop(it: AsyncIterable<unknown>): Promise<string> {
  let n = 0;
  try {
    for await (const _ of it) n++;
    return `ended after ${n}`;
  } catch (err) {
    return `threw after ${n}: ${seen(err)}`;
  }
}

async function setup(c: Client, tag: string) {
  const cfg = { deliver_policy: c.js.DeliverPolicy.All, ack_policy: c.js.AckPolicy.Explicit };
  return { ...(await withStream(c, srv.url, tag, { jsOpts: { timeout: 30_000 } })), cfg };
}

test("consume_test: 1000 messages through max_messages 10; counters; a callback consume's iterator; sync", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream, p, cfg } = await setup(c, "consume");
    await Promise.all(Array.from({ length: 1000 }, (_, i) => js.publish(`${p}.a`, `${i}`)));
    await jsm.consumers.add(stream, { durable_name: "a", ...cfg });
    const cons = await js.consumers.get(stream, "a");
    log.push(`pending ${(await cons.info()).num_pending}`);
    const iter = await cons.consume({ expires: 2000, max_messages: 10 });
    let last = 0;
    for await (const m of iter) {
      m.ack();
      last = m.seq;
      if (m.info.pending === 0) break;
    }
    log.push(`last ${last} received ${iter.getReceived()} processed ${iter.getProcessed()}`);
    await nc.flush();
    await sleep(100);
    log.push(`pending after ${(await cons.info()).num_pending}`);

    const cb = await cons.consume({ expires: 5000, max_messages: 10_000, callback: (m) => m.ack() });
    let err: unknown;
    try {
      for await (const _ of cb) break;
    } catch (e) {
      err = e;
    }
    log.push(`iterating a callback consume: ${seen(err)} InvalidOperationError ${err instanceof c.core.errors.InvalidOperationError}`);
    log.push(`stop: ${await outcome(() => cb.stop())}`);
    log.push(`closed: ${await outcome(() => cb.closed())}`);

    await js.publish(`${p}.b`);
    await js.publish(`${p}.b`);
    await jsm.consumers.add(stream, { durable_name: "s", ...cfg, filter_subject: `${p}.b`, max_waiting: 500 });
    const sc = await js.consumers.get(stream, "s");
    const si = await sc.consume();
    const sync = c.core.syncIterator(si);
    const x = await sync.next();
    const y = await sync.next();
    log.push(`sync: ${x?.seq} ${y?.seq}`);
    void si.stop();
    const after = await Promise.race([sync.next(), sleep(3000).then(() => "still pending after 3 s")]);
    log.push(`after stop: ${after}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});

test("consume_test: a deleted consumer is reported, then looked for; close() ends it", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream, cfg } = await setup(c, "consdel");
    await jsm.consumers.add(stream, { durable_name: "a", ...cfg });
    const cons = await js.consumers.get(stream, "a");
    const iter = await cons.consume({ expires: 3000 });
    const types: string[] = [];
    let notFound = 0;
    let done!: () => void;
    const twice = new Promise<void>((r) => (done = r));
    void (async () => {
      for await (const s of await iter.status()) {
        if (s.type === "consumer_deleted" || s.type === "consumer_not_found") types.push(s.type);
        if (s.type === "consumer_not_found" && ++notFound > 1) done();
      }
    })();
    const l = loop(iter);
    await sleep(1000);
    await jsm.consumers.delete(stream, "a");
    await twice;
    log.push(`close: ${await outcome(() => iter.close())}`);
    log.push(`loop: ${await l}`);
    log.push(`first notifications: ${types.slice(0, 3).join(",")}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});

test("consume_test: drain of the connection ends a waiting consume", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream, cfg } = await setup(c, "consdrain");
    await jsm.consumers.add(stream, { durable_name: "a", ...cfg });
    const cons = await js.consumers.get(stream, "a");
    const iter = await cons.consume({ expires: 30_000 });
    setTimeout(() => void nc.drain(), 100);
    const t0 = Date.now();
    log.push(`loop: ${await loop(iter)}`);
    log.push(`within a second: ${Date.now() - t0 < 1000}`);
    log.push(`closed: ${await outcome(() => iter.closed())}`);
    await nc.closed();
    const nc2 = await c.core.connect({ servers: srv.url });
    await (await c.js.jetstreamManager(nc2)).streams.delete(stream);
    await nc2.close();
    return log;
  });
});

test("consume_test: abort_on_missing_resource: stream deleted, consumer deleted, consumer not found", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream, cfg } = await setup(c, "consabort");
    await jsm.consumers.add(stream, { durable_name: "a", ...cfg });
    let cons = await js.consumers.get(stream, "a");
    let iter = await cons.consume({ expires: 3000, abort_on_missing_resource: true });
    let l = loop(iter);
    await sleep(500);
    await cons.delete();
    log.push(`consumer deleted: ${await l}`);
    log.push(`closed: ${await outcome(() => iter.closed())}`);

    await jsm.consumers.add(stream, { durable_name: "a", ...cfg });
    cons = await js.consumers.get(stream, "a");
    await cons.delete();
    iter = await cons.consume({ expires: 3000, abort_on_missing_resource: true });
    log.push(`consumer not found: ${await loop(iter)}`);

    await jsm.consumers.add(stream, { durable_name: "a", ...cfg });
    cons = await js.consumers.get(stream, "a");
    iter = await cons.consume({ expires: 3000, abort_on_missing_resource: true });
    l = loop(iter);
    await sleep(500);
    await jsm.streams.delete(stream);
    log.push(`stream deleted: ${await l}`);
    await nc.close();
    return log;
  });
});

test("consume_test: bind to a deleted consumer: heartbeats missed, never looked for", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream, cfg } = await setup(c, "consbind");
    await jsm.consumers.add(stream, { durable_name: "a", ...cfg });
    const cons = await js.consumers.get(stream, "a");
    await cons.delete();
    const infos = nc.subscribe(`$JS.API.CONSUMER.INFO.${stream}.a`, { callback: () => {} });
    const iter = await cons.consume({ expires: 1000, bind: true });
    let hbm = 0;
    let cnf = 0;
    void (async () => {
      for await (const s of await iter.status()) {
        if (s.type === "heartbeats_missed" && ++hbm > 2) void iter.stop();
        if (s.type === "consumer_not_found") cnf++;
      }
    })();
    log.push(`loop: ${await loop(iter)}`);
    await nc.flush();
    log.push(`heartbeats missed > 2: ${hbm > 2}, consumer_not_found ${cnf}, infos ${infos.getProcessed()}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});
