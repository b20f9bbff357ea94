// Push consumers as @nats-io/jetstream 3.4.0 exposes them: `jsm.consumers.add` with a `deliver_subject`,
// `js.consumers.getPushConsumer` (durable, ordered), `getBoundPushConsumer`, `consume()` as an iterator and
// with a callback, and `status()` with `idle_heartbeat` and `flow_control` set; run with nats.js and with ours.
import { infoOnceAcked } from "../../helpers/js-env";
import { isPromise, jetStreamServer, outcome, same, shape, unique } from "./harness";

jest.setTimeout(60_000);

const srv = jetStreamServer();

test("a durable push consumer: add with deliver_subject, getPushConsumer, consume as an iterator with acks", async () => {
  const out = await same(async ({ core: { connect, createInbox }, js: { jetstream, jetstreamManager, AckPolicy, isPushConsumer, isPullConsumer } }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const jsm = await jetstreamManager(nc);
    const stream = unique("push");
    const p = stream.toLowerCase();
    await jsm.streams.add({ name: stream, subjects: [`${p}.*`] });
    const js = jetstream(nc);
    for (let i = 0; i < 10; i++) await js.publish(`${p}.${i % 2 ? "a" : "b"}`, `${i}`);
    const ci = await jsm.consumers.add(stream, { durable_name: "me", ack_policy: AckPolicy.Explicit, deliver_subject: createInbox() });
    log.push(`add: push bound ${ci.push_bound === true} ${JSON.stringify(shape(ci.config))}`);
    const pcP = js.consumers.getPushConsumer(stream, "me");
    log.push(`getPushConsumer returns a promise ${isPromise(pcP)}`);
    const pc = await pcP;
    log.push(`kind: push ${isPushConsumer(pc)} pull ${isPullConsumer(pc)} methods ${pc.isPushConsumer()} ${pc.isPullConsumer()}`);
    const info = await pc.info();
    log.push(`info: ${info.name} pending ${info.num_pending} cached ${(await pc.info(true)).name}`);
    const msgs = await pc.consume();
    const seqs: string[] = [];
    for await (const m of msgs) {
      seqs.push(`${m.seq}:${m.subject.replace(p, "<p>")}:${m.string()}:${m.info.pending}`);
      m.ack();
      if (m.info.pending === 0) break;
    }
    log.push(`consumed ${seqs.join(",")}`);
    log.push(`closed after break: ${await outcome(() => msgs.closed())}`);
    log.push(`processed ${msgs.getProcessed()}`);
    // the acks are written once the loop is left (ours holds them while the loop has a backlog): a flush proves them read
    await nc.flush();
    // the server's consumer applies acks from its own queue, so the flush's PONG can come first (seen once in a
    // loaded full run): asked again until they are counted, for both clients alike
    const after = await infoOnceAcked(() => jsm.consumers.info(stream, "me"));
    log.push(`after: ack floor ${after.ack_floor.stream_seq} pending ${after.num_pending} ack pending ${after.num_ack_pending}`);
    log.push(`delete: ${await pc.delete()}`);
    log.push(`info after delete: ${await outcome(() => pc.info())}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
  expect(out).toContain("after: ack floor 10 pending 0 ack pending 0");
});

test("a push consumer with a callback, idle_heartbeat and flow_control: messages, heartbeats and flow control on status()", async () => {
  await same(async ({ core: { connect, createInbox, nanos }, js: { jetstream, jetstreamManager, AckPolicy } }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const jsm = await jetstreamManager(nc);
    const stream = unique("pushcb");
    const p = stream.toLowerCase();
    await jsm.streams.add({ name: stream, subjects: [`${p}.*`] });
    const js = jetstream(nc);
    // enough bytes (2 MiB) for the server to ask for flow control at least once
    const big = new Uint8Array(64 * 1024);
    for (let i = 0; i < 32; i++) await js.publish(`${p}.x`, big);
    await jsm.consumers.add(stream, {
      durable_name: "hb",
      ack_policy: AckPolicy.None,
      deliver_subject: createInbox(),
      idle_heartbeat: nanos(1000),
      flow_control: true,
    });
    const pc = await js.consumers.getPushConsumer(stream, "hb");
    let got = 0;
    let bytes = 0;
    let allIn!: () => void;
    const all = new Promise<void>((r) => (allIn = r));
    const msgs = await pc.consume({
      callback: (m) => {
        got++;
        bytes += m.data.length;
        if (got === 32) allIn();
      },
    });
    const kinds = new Set<string>();
    let sawHeartbeat!: () => void;
    const heartbeat = new Promise<void>((r) => (sawHeartbeat = r));
    const statusLoop = (async () => {
      for await (const s of msgs.status()) {
        if (s.type === "flow_control" || s.type === "heartbeat") kinds.add(s.type);
        if (s.type === "heartbeat") {
          log.push(`heartbeat: ${JSON.stringify(shape(s))} last stream seq ${s.lastStreamSequence}`);
          sawHeartbeat();
        }
      }
    })();
    await all;
    log.push(`callback got ${got} messages, ${bytes} bytes`);
    // idle: the server sends a heartbeat every second
    await heartbeat;
    log.push(`status kinds seen: ${[...kinds].sort().join(",")}`);
    const st = msgs.stop();
    log.push(`stop returns ${isPromise(st) ? "a promise" : typeof st}`);
    log.push(`closed: ${await outcome(() => msgs.closed())}`);
    await statusLoop;
    log.push("status loop ended");
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});

test("an ordered push consumer (getPushConsumer(stream)) and a bound push consumer", async () => {
  await same(async ({ core: { connect, createInbox }, js: { jetstream, jetstreamManager, AckPolicy, DeliverPolicy } }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const jsm = await jetstreamManager(nc);
    const stream = unique("pushord");
    const p = stream.toLowerCase();
    await jsm.streams.add({ name: stream, subjects: [`${p}.*`] });
    const js = jetstream(nc);
    for (let i = 0; i < 6; i++) await js.publish(`${p}.${i % 2 ? "a" : "b"}`, `${i}`);
    const oc = await js.consumers.getPushConsumer(stream);
    const o = await oc.consume();
    const seqs: string[] = [];
    for await (const m of o) {
      seqs.push(`${m.seq}:${m.string()}:${m.info.pending}`);
      if (m.info.pending === 0) break;
    }
    log.push(`ordered push: ${seqs.join(",")}`);
    const filtered = await js.consumers.getPushConsumer(stream, { filter_subjects: `${p}.a`, deliver_policy: DeliverPolicy.Last });
    const f = await filtered.consume();
    for await (const m of f) {
      log.push(`filtered last: ${m.seq} ${m.subject.replace(p, "<p>")} ${m.string()}`);
      break;
    }
    // a bound push consumer reads the deliver subject of an existing consumer
    const deliver = createInbox();
    await jsm.consumers.add(stream, { durable_name: "bound", ack_policy: AckPolicy.Explicit, deliver_subject: deliver });
    const bc = await js.consumers.getBoundPushConsumer({ deliver_subject: deliver });
    const b = await bc.consume();
    const bs: number[] = [];
    for await (const m of b) {
      bs.push(m.seq);
      m.ack();
      if (bs.length === 6) break;
    }
    log.push(`bound: ${bs.join(",")}`);
    log.push(`ordered push on a missing stream: ${await outcome(() => js.consumers.getPushConsumer(`${stream}_none`))}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});
