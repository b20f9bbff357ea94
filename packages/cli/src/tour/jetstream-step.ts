/**
 * The JetStream part of the tour, on @nats-stack/jetstream: the ORDERS example of the JetStream docs. A
 * stream keeps what is published on `ORDERS.*`; a push consumer `monitor` sees every message as it is
 * stored; a pull consumer `review` fetches the new orders in a batch, acks each and publishes an approval
 * (which the monitor sees too); the consumer's state then shows nothing left to do.
 */
import { createInbox, type NatsConnection } from "@nats-stack/core";
import { AckPolicy, JetStreamNotEnabled, jetstream, jetstreamManager, type JetStreamManager, type JsMsg } from "@nats-stack/jetstream";
import { Narrator, until } from "./narrator";

/** Names of the step's stream and subjects: `ORDERS` on the tour's own server, unique ones elsewhere. */
export function ordersNames(p: string, ownServer: boolean): { stream: string; subjects: string } {
  return ownServer ? { stream: "ORDERS", subjects: "ORDERS" } : { stream: `ORDERS_${p.replace(/[^\w-]/g, "_")}`, subjects: `${p}.ORDERS` };
}

const ORDERS = [
  { id: 1, item: "coffee", qty: 2 },
  { id: 2, item: "tea", qty: 1 },
  { id: 3, item: "cake", qty: 3 },
];

/** Runs the JetStream step on the tour's connection. */
export async function jetstreamStep(nc: NatsConnection, t: Narrator, p: string, ownServer: boolean): Promise<void> {
  const { stream, subjects } = ordersNames(p, ownServer);
  await t.step(
    "JetStream: messages that are kept",
    `A stream ${stream} stores every message published on '${subjects}.*'. Consumers read it at their own pace:`,
    "a push consumer 'monitor' gets each message as it is stored; a pull consumer 'review' fetches new orders",
    "in a batch and acks each one, so the stream knows what was done.",
  );
  const jsm = await jetStreamOrSkip(nc, t);
  if (!jsm) return;
  const js = jetstream(nc);
  await jsm.streams.add({ name: stream, subjects: [`${subjects}.*`] });
  t.sent("stream", stream, `subjects ${subjects}.*, file storage`);
  try {
    // The monitor: a push consumer delivering to an inbox, every subject, each message acked.
    const monitored: number[] = [];
    await jsm.consumers.add(stream, { durable_name: "monitor", deliver_subject: createInbox(), ack_policy: AckPolicy.Explicit });
    const monitor = await js.consumers.getPushConsumer(stream, "monitor");
    const watching = await monitor.consume({
      callback: (m: JsMsg) => {
        monitored.push(m.seq);
        t.received("monitor", `${m.subject} #${m.seq}`, m.string());
        m.ack();
      },
    });
    t.sent("consumer", "monitor", "push, to an inbox, acks each message");

    const stored: number[] = [];
    for (const o of ORDERS) {
      const body = JSON.stringify(o);
      t.sent("js pub", `${subjects}.created`, body);
      const pa = await js.publish(`${subjects}.created`, body);
      stored.push(pa.seq);
      await until(() => monitored.includes(pa.seq), `the monitor's copy of #${pa.seq}`);
    }
    t.note(`Each publish waited for the stream's acknowledgement (PubAck: stored as ${stored.map((s) => `${stream}#${s}`).join(", ")}).`);

    // The reviewer: a pull consumer on the new orders only, fetching a batch.
    await jsm.consumers.add(stream, { durable_name: "review", ack_policy: AckPolicy.Explicit, filter_subject: `${subjects}.created` });
    t.sent("consumer", "review", `pull, only ${subjects}.created, explicit acks`);
    const review = await js.consumers.get(stream, "review");
    t.sent("fetch", "review", "up to 10 messages");
    const approvals: Array<Promise<unknown>> = [];
    for await (const m of await review.fetch({ max_messages: 10, expires: 5000 })) {
      const o = m.json<{ id: number }>();
      t.received("review", `${m.subject} #${m.seq}`, `${m.string()}  → acked`);
      m.ack();
      const approval = JSON.stringify({ id: o.id, approved: true });
      t.sent("js pub", `${subjects}.approved`, approval);
      approvals.push(js.publish(`${subjects}.approved`, approval));
      // Every order is in; stop at the last one instead of waiting out the batch.
      if (m.info.pending === 0) break;
    }
    const acks = await Promise.all(approvals);
    const last = (acks[acks.length - 1] as { seq: number } | undefined)?.seq ?? 0;
    await until(() => monitored.includes(last), "the monitor's copies of the approvals");

    // The acks have reached the server before its state is read.
    await nc.flush();
    const info = await jsm.streams.info(stream);
    const ci = await jsm.consumers.info(stream, "review");
    t.note(`${stream} keeps ${info.state.messages} messages (${ORDERS.length} orders, ${acks.length} approvals); the monitor saw all ${monitored.length}.`);
    t.note(
      `review has acknowledged up to #${ci.ack_floor.stream_seq}, with ${ci.num_pending} new and ${ci.num_ack_pending} unacknowledged left: a restarted reviewer does no order twice.`,
    );
    await watching.close();
  } finally {
    // Leave someone else's server as it was; the tour's own server goes away anyway.
    if (!ownServer) await jsm.streams.delete(stream).catch(() => false);
  }
}

/**
 * The JetStream manager of the tour's connection, or undefined after a note that the step is skipped when the
 * server has no JetStream (the steps that need it then end quietly).
 */
export async function jetStreamOrSkip(nc: NatsConnection, t: Narrator): Promise<JetStreamManager | undefined> {
  try {
    return await jetstreamManager(nc);
  } catch (e) {
    if (!(e instanceof JetStreamNotEnabled)) throw e;
    t.note("Skipped: JetStream is not enabled on this server (start one with `nats-stack server run --jetstream`).");
    return undefined;
  }
}
