// What nats.js's own push consumer tests (jetstream/tests/consumers_push_test.ts) assert on the public API, as
// programs of our own run with nats.js's packages and with ours on one real server: ackAck in a loop and in a
// callback, counters, consumer info after, deliver groups, the iterator of a callback consume, wrong kinds.
import { jetStreamServer, same, seen, withStream, type Client } from "./harness";

jest.setTimeout(120_000);

const srv = jetStreamServer();

async function setup(c: Client) {
  const s = await withStream(c, srv.url, "PUSH", { subjects: (p) => [`${p}.*`] });
  await Promise.all([s.js.publish(`${s.p}.a`), s.js.publish(`${s.p}.b`), s.js.publish(`${s.p}.c`)]);
  return s;
}

test("consumers_push_test: ackAck in a loop and in a callback; counters and info after; a callback consume's iterator", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream, p } = await setup(c);
    const cfg = (name: string) => ({
      durable_name: name,
      deliver_subject: `${p}.deliver.${name}`,
      deliver_policy: c.js.DeliverPolicy.All,
      idle_heartbeat: c.core.nanos(5000),
      flow_control: true,
      ack_policy: c.js.AckPolicy.Explicit,
    });
    await jsm.consumers.add(stream, cfg("B"));
    const b = await js.consumers.getPushConsumer(stream, "B");
    log.push(`deliver_group ${(await b.info(true)).config.deliver_group}`);
    const it = await b.consume();
    for await (const m of it) {
      void m.ackAck().then(() => {
        if (m.info.streamSequence === 3) void it.stop();
      });
    }
    log.push(`closed ${await it.closed()} processed ${it.getProcessed()}`);
    let info = await b.info();
    log.push(`info: pending ${info.num_pending} delivered ${info.delivered.stream_seq} ack floor ${info.ack_floor.stream_seq}`);

    await jsm.consumers.add(stream, cfg("C"));
    const cc = await js.consumers.getPushConsumer(stream, "C");
    const ci = await cc.consume({
      callback: (m) => {
        void m.ackAck().then(() => {
          if (m.info.pending === 0) void ci.stop();
        });
      },
    });
    let err: unknown;
    try {
      for await (const _ of ci) break;
    } catch (e) {
      err = e;
    }
    log.push(`iterating a callback push consume: ${seen(err)}`);
    await ci.closed();
    log.push(`callback processed ${ci.getProcessed()}`);
    info = await cc.info();
    log.push(`info: pending ${info.num_pending} delivered ${info.delivered.stream_seq} ack floor ${info.ack_floor.stream_seq}`);

    log.push(`getPushConsumer of a missing one: ${await js.consumers.getPushConsumer(stream, "nope").then(() => "a consumer", (e: unknown) => seen(e))}`);
    await jsm.consumers.add(stream, { durable_name: "pull", ack_policy: c.js.AckPolicy.Explicit });
    log.push(`getPushConsumer of a pull consumer: ${await js.consumers.getPushConsumer(stream, "pull").then(() => "a consumer", (e: unknown) => seen(e))}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});

test("consumers_push_test: a deliver group shared by two consumes of one push consumer", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream, p } = await setup(c);
    await jsm.streams.purge(stream);
    let info = await jsm.consumers.add(stream, {
      durable_name: "B",
      deliver_subject: `${p}here`,
      deliver_group: "q",
      deliver_policy: c.js.DeliverPolicy.All,
      ack_policy: c.js.AckPolicy.Explicit,
    });
    log.push(`config: ${info.config.deliver_subject === `${p}here`} ${info.config.deliver_group}`);
    const c1 = await js.consumers.getPushConsumer(stream, "B");
    const c2 = await js.consumers.getPushConsumer(stream, "B");
    log.push(`groups: ${(await c1.info(true)).config.deliver_group} ${(await c2.info(true)).config.deliver_group}`);
    let n = 0;
    let all!: () => void;
    const done = new Promise<void>((r) => (all = r));
    const its = [await c1.consume(), await c2.consume()];
    for (const it of its) {
      void (async () => {
        for await (const m of it) {
          m.ack();
          if (++n === 1000) all();
        }
      })();
    }
    for (let i = 0; i < 1000; i += 500) await Promise.all(Array.from({ length: 500 }, (_, j) => js.publish(`${p}.${i + j}`)));
    await done;
    log.push(`both processed some: ${its.every((it) => it.getProcessed() > 0)}`);
    info = await c1.info(false);
    log.push(`delivered ${info.delivered.consumer_seq} push_bound ${info.push_bound}`);
    for (const it of its) await it.stop();
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});
