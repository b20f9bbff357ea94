// What nats.js's own ordered consumer tests (jetstream/tests/consumers_ordered_test.ts) assert on the public API,
// as programs of our own run with nats.js's packages and with ours on one real server: get, fetch in turns, the
// texts refusing concurrent or mixed use and bind, start options, next, consumer info fields, name_prefix,
// deleted consumers and streams, a consumer deleted between next() calls.
import { clients, jetStreamServer, same, seen, withStream, type Client } from "./harness";

jest.setTimeout(120_000);

const srv = jetStreamServer();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A call's outcome, with its sync/async shape. */
async function tried(fn: () => unknown, show: (v: unknown) => unknown = (v) => v): Promise<string> {
  let r: unknown;
  try {
    r = fn();
  } catch (e) {
    return `sync throw ${seen(e)}`;
  }
  try {
    return `async ${JSON.stringify(show(await r))}`;
  } catch (e) {
    return `async reject ${seen(e)}`;
  }
}

/** Loops over `it` to its end: the subjects/seqs seen, or the error it ended with. */
async function loop(it: AsyncIterable<{ seq: number }>, until?: (m: { seq: number }) => boolean): Promise<string> {
  const seqs: number[] = [];
  try {
    for await (const m of it) {
      seqs.push(m.seq);
      if (until?.(m)) break;
    }
    return `seqs ${seqs.join(",")}`;
  } catch (e) {
    return `seqs ${seqs.join(",")} then ${seen(e)}`;
  }
}

const setup = (c: Client, subjects = (p: string) => [`${p}.*`]) => withStream(c, srv.url, "ORD", { subjects });

test("consumers_ordered_test: get, info fields, fetch in turns, next, name_prefix, bind refused", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream, p } = await setup(c);
    log.push(`get of a missing stream: ${await tried(() => js.consumers.get(`${stream}_X`), () => "a consumer")}`);
    const oc = await js.consumers.get(stream);
    log.push(`next on nothing: ${await tried(() => oc.next({ expires: 1000 }))}`);
    for (const s of ["a", "b", "c"]) await js.publish(`${p}.${s}`);
    const ci = await oc.info();
    log.push(`info: pending ${ci.num_pending} max_deliver ${ci.config.max_deliver} mem_storage ${ci.config.mem_storage} ack ${ci.config.ack_policy} headers_only ${ci.config.headers_only} durable ${ci.config.durable_name}`);
    log.push(`fetch 1: ${await loop(await oc.fetch({ max_messages: 1 }))}`);
    log.push(`fetch 1 again: ${await loop(await oc.fetch({ max_messages: 1 }))}`);
    log.push(`next: ${(await oc.next({ expires: 1000 }))?.seq}`);
    log.push(`next on nothing: ${await tried(() => oc.next({ expires: 1000 }))}`);
    const fresh = await js.consumers.get(stream);
    log.push(`next: ${(await fresh.next())?.seq} ${(await fresh.next())?.seq}`);
    const ho = await js.consumers.get(stream, { headers_only: true });
    log.push(`headers_only: ${(await ho.info()).config.headers_only}`);
    const np = await js.consumers.get(stream, { name_prefix: "hello" });
    log.push(`name_prefix: ${(await np.info(true)).name.startsWith("hello")}`);
    log.push(`name_prefix '': ${await tried(() => js.consumers.get(stream, { name_prefix: "" }), () => "a consumer")}`);
    log.push(`name_prefix 'one.two': ${await tried(() => js.consumers.get(stream, { name_prefix: "one.two" }), () => "a consumer")}`);
    const b = await js.consumers.get(stream);
    log.push(`next bind: ${await tried(() => b.next({ bind: true }))}`);
    log.push(`fetch bind: ${await tried(() => b.fetch({ bind: true }), () => "messages")}`);
    log.push(`consume bind: ${await tried(() => b.consume({ bind: true }), () => "messages")}`);
    log.push(`deliver_policy all: ${await tried(() => js.consumers.get(stream, { deliver_policy: c.js.DeliverPolicy.All }), () => "a consumer")}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});

test("consumers_ordered_test: concurrent or mixed fetch and consume are refused with nats.js's texts", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream } = await setup(c);
    const f = await js.consumers.get(stream);
    const it = await f.fetch({ expires: 2000 });
    const fl = loop(it);
    log.push(`second fetch: ${await tried(() => f.fetch(), () => "messages")}`);
    log.push(`consume after fetch: ${await tried(() => f.consume(), () => "messages")}`);
    await it.stop();
    log.push(`first fetch: ${await fl}`);
    const k = await js.consumers.get(stream);
    const ci = await k.consume({ expires: 3000 });
    const cl = loop(ci);
    log.push(`second consume: ${await tried(() => k.consume(), () => "messages")}`);
    log.push(`fetch after consume: ${await tried(() => k.fetch(), () => "messages")}`);
    await ci.stop();
    log.push(`consume: ${await cl}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});

test("consumers_ordered_test: start options (last per subject, start seq, last, new, start time) through fetch and consume", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream, p } = await setup(c);
    await Promise.all([js.publish(`${p}.a`), js.publish(`${p}.a`)]);
    await js.publish(`${p}.b`);
    const DP = c.js.DeliverPolicy;
    // a copy of the options for each get(): nats.js writes its name_prefix into the object it is given, and a
    // second get() with that object makes a consumer of the same name (packages/jetstream/README.md)
    const both = async (name: string, opts: Record<string, unknown>) => {
      let oc = await js.consumers.get(stream, { ...opts });
      const fetched = await loop(await oc.fetch({ max_messages: 1 }));
      oc = await js.consumers.get(stream, { ...opts });
      const consumed = await loop(await oc.consume({ max_messages: 1 }), () => true);
      log.push(`${name}: fetch ${fetched}, consume ${consumed}`);
    };
    await both("last per subject", { deliver_policy: DP.LastPerSubject });
    await both("start seq 2", { opt_start_seq: 2 });
    await both("last", { deliver_policy: DP.Last });
    await sleep(500);
    const date = new Date().toISOString();
    await js.publish(`${p}.c`);
    await both("start time", { deliver_policy: DP.StartTime, opt_start_time: date });
    const oc = await js.consumers.get(stream, { deliver_policy: DP.New });
    const it = await oc.fetch({ max_messages: 1 });
    const l = loop(it);
    await sleep(200);
    await js.publish(`${p}.d`);
    log.push(`new: ${await l}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});

test("consumers_ordered_test: deleted consumer under fetch, next and an abort consume; stream gone; consumer gone between nexts", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream, p } = await setup(c);
    let oc = await js.consumers.get(stream);
    const fl = loop(await oc.fetch({ expires: 3000 }));
    await sleep(1000);
    await oc.delete();
    log.push(`fetch, consumer deleted: ${await fl}`);

    oc = await js.consumers.get(stream);
    const nx = tried(() => oc.next({ expires: 4000 }));
    await sleep(1000);
    await oc.delete();
    log.push(`next, consumer deleted: ${await nx}`);

    oc = await js.consumers.get(stream);
    const cl = loop(await oc.consume({ expires: 3000, abort_on_missing_resource: true }));
    await sleep(1000);
    await oc.delete();
    log.push(`abort consume, consumer deleted: ${await cl}`);

    // a consumer whose first message was read and that was then deleted: the next next() fails once with
    // consumer not found, the one after recreates it where it was
    await js.publish(`${p}.a`, "1");
    await js.publish(`${p}.a`, "2");
    oc = await js.consumers.get(stream);
    log.push(`next: ${(await oc.next({ expires: 1000 }))?.string()}`);
    log.push(`delete: ${await oc.delete()}`);
    log.push(`next after delete: ${await tried(() => oc.next({ expires: 1000 }), (m) => (m as { string(): string } | null)?.string())}`);
    log.push(`next again: ${await tried(() => oc.next({ expires: 1000 }), (m) => (m as { string(): string } | null)?.string())}`);

    oc = await js.consumers.get(stream);
    await jsm.streams.delete(stream);
    log.push(`abort consume, stream gone: ${await loop(await oc.consume({ expires: 3000, abort_on_missing_resource: true }))}`);
    await nc.close();
    return log;
  });
});

test("consumers_ordered_test: fetches in turns across new messages never recreate; a consume drain ends the loop", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, js, stream, p } = await setup(c);
    await js.publish(`${p}.a`, JSON.stringify(1));
    const oc = await js.consumers.get(stream);
    let recreated = 0;
    const count = (it: { status(): unknown }) =>
      void (async () => {
        for await (const s of await (it.status() as AsyncIterable<{ type: string }>)) if (s.type === "ordered_consumer_recreated") recreated++;
      })();
    const seqs: unknown[] = [];
    let it = await oc.fetch({ max_messages: 10, expires: 3000 });
    count(it);
    for await (const m of it) seqs.push(m.json());
    await Promise.all(Array.from({ length: 10 }, (_, i) => js.publish(`${p}.a`, JSON.stringify(i + 2))));
    it = await oc.fetch({ max_messages: 10, expires: 2000 });
    count(it);
    for await (const m of it) seqs.push(m.json());
    log.push(`values ${seqs.join(",")} recreated ${recreated}`);
    const k = await (await js.consumers.get(stream)).consume({ expires: 30_000 });
    setTimeout(() => void nc.drain(), 100);
    const t0 = Date.now();
    log.push(`drained: ${await loop(k)} within a second ${Date.now() - t0 < 1000}`);
    await nc.closed();
    const nc2 = await c.core.connect({ servers: srv.url });
    await (await c.js.jetstreamManager(nc2)).streams.delete(stream);
    await nc2.close();
    return log;
  });
});

test("kept difference: get() leaves the caller's ordered consumer options as they were (nats.js adds name_prefix)", async () => {
  const kept: Record<string, unknown> = {};
  for (const [name, c] of clients) {
    const { nc, jsm, js, stream } = await setup(c);
    const opts = { deliver_policy: c.js.DeliverPolicy.Last };
    await js.consumers.get(stream, opts);
    kept[name] = Object.keys(opts).sort().join(",");
    await jsm.streams.delete(stream);
    await nc.close();
  }
  expect(kept).toEqual({ "nats.js": "deliver_policy,name_prefix", ours: "deliver_policy" });
});
