/**
 * A new user's first hour with JetStream, written as for nats.js (`@nats-io/transport-node` +
 * `@nats-io/jetstream`): only the two imports name this project. The tests run it as it is, and once more with
 * the imports pointed at nats.js, to show it runs unchanged on both.
 *
 * - a stream ORDERS on `ORDERS.*`
 * - JSON orders published to `ORDERS.created`, awaiting each acknowledgement, then 10,000 at once
 * - a pull consumer `order-review` that fetches batches of 10, acks each and publishes `ORDERS.approved`
 * - a push consumer `monitor` on `ORDERS.*` with manual acks
 * - an ordered consumer replaying everything from sequence 1
 * - a queue of workers sharing one durable pull consumer `shipping` on the approvals
 *
 *   node --import tsx examples/orders.ts nats://127.0.0.1:4222
 */
import { connect, createInbox } from "@nats-stack/core";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-stack/jetstream";

/** An order as published. */
export interface Order {
  id: number;
  item: string;
  qty: number;
}

/** What the program saw. */
export interface Summary {
  created: number;
  reviewed: number;
  approved: number;
  monitored: number;
  replayed: number;
  shippedPerWorker: number[];
  lastSeq: number;
}

const REVIEWED = 1000;
const WORKERS = 3;

export async function main(servers: string, log: (...a: unknown[]) => void = console.log): Promise<Summary> {
  const nc = await connect({ servers });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: "ORDERS", subjects: ["ORDERS.*"] });
  const js = jetstream(nc);

  // A few orders, each acknowledgement awaited...
  let created = 0;
  for (let i = 1; i <= 10; i++) {
    const pa = await js.publish("ORDERS.created", JSON.stringify({ id: i, item: "book", qty: i } satisfies Order));
    log(`order ${i} stored as ${pa.stream}#${pa.seq}`);
    created++;
  }
  // ...then 10,000 at once.
  const acks = await Promise.all(
    Array.from({ length: 10_000 }, (_, k) => js.publish("ORDERS.created", JSON.stringify({ id: 11 + k, item: "pen", qty: 1 } satisfies Order))),
  );
  created += acks.length;
  log(`${acks.length} more orders stored, last seq ${acks[acks.length - 1]!.seq}`);

  // Someone watches everything on ORDERS.* (push, manual acks).
  await jsm.consumers.add("ORDERS", { durable_name: "monitor", deliver_subject: createInbox(), ack_policy: AckPolicy.Explicit, filter_subject: "ORDERS.*" });
  const monitor = await js.consumers.getPushConsumer("ORDERS", "monitor");
  let monitored = 0;
  const monitoring = await monitor.consume({
    callback: (m) => {
      monitored++;
      m.ack();
    },
  });

  // Reviewers approve orders in batches of 10.
  await jsm.consumers.add("ORDERS", { durable_name: "order-review", ack_policy: AckPolicy.Explicit, filter_subject: "ORDERS.created" });
  const review = await js.consumers.get("ORDERS", "order-review");
  let reviewed = 0;
  let approved = 0;
  while (reviewed < REVIEWED) {
    const batch = await review.fetch({ max_messages: 10, expires: 5000 });
    const approvals = [];
    for await (const m of batch) {
      const o = m.json<Order>();
      approvals.push(js.publish("ORDERS.approved", JSON.stringify({ id: o.id })));
      m.ack();
      reviewed++;
    }
    approved += (await Promise.all(approvals)).length;
  }
  log(`${reviewed} orders reviewed, ${approved} approved`);

  // Workers share the approvals through one durable.
  await jsm.consumers.add("ORDERS", { durable_name: "shipping", ack_policy: AckPolicy.Explicit, filter_subject: "ORDERS.approved" });
  const shippedPerWorker = new Array<number>(WORKERS).fill(0);
  const shipped = new Set<number>();
  await Promise.all(
    shippedPerWorker.map(async (_, w) => {
      const c = await js.consumers.get("ORDERS", "shipping");
      for (;;) {
        const batch = await c.fetch({ max_messages: 25, expires: 1000 });
        let n = 0;
        for await (const m of batch) {
          shipped.add(m.json<{ id: number }>().id);
          shippedPerWorker[w]!++;
          m.ack();
          n++;
        }
        if (n === 0 && shipped.size >= approved) break;
      }
    }),
  );
  log(`shipped ${shipped.size} orders: ${shippedPerWorker.join(" + ")}`);

  // An auditor replays the whole stream, in order, from sequence 1.
  const lastSeq = (await jsm.streams.info("ORDERS")).state.last_seq;
  const audit = await js.consumers.get("ORDERS");
  let replayed = 0;
  let expected = 1;
  for await (const m of await audit.consume()) {
    if (m.seq !== expected++) throw new Error(`replay out of order at ${m.seq}`);
    replayed++;
    if (m.seq === lastSeq) break;
  }
  log(`replayed ${replayed} messages in order`);

  // The monitor saw everything.
  while (monitored < lastSeq) await new Promise((r) => setTimeout(r, 20));
  await monitoring.close();
  await nc.drain();
  return { created, reviewed, approved, monitored, replayed, shippedPerWorker, lastSeq };
}

// Run from the command line.
const argv = (globalThis as { process?: { argv?: string[] } }).process?.argv ?? [];
if (argv[1] && /orders\.(ts|js|cjs|mjs)$/.test(argv[1]) && argv[2]) {
  main(argv[2]).catch((err) => {
    console.error(err);
    (globalThis as { process?: { exitCode?: number } }).process!.exitCode = 1;
  });
}
