/**
 * The NATS Streaming part of the tour, on @nats-stack/streaming against the project's fake STAN server
 * (fixtures; no real STAN server exists here): publishes acknowledged by the server, a durable subscription
 * that replays the channel, acks by hand, and picks up where it left off after closing.
 */
import type { NatsConnection } from "@nats-stack/core";
import { connectAsync, type Message, type Stan, type Subscription } from "@nats-stack/streaming";
import { startFakeStan } from "@nats-stack/fixtures/fake-stan/fake-stan";
import { Narrator, until } from "./narrator";

/** A durable subscription that records what it got (and acks it). */
function durable(sc: Stan, channel: string, t: Narrator, got: number[]): Promise<Subscription> {
  const opts = sc.subscriptionOptions().setDeliverAllAvailable().setDurableName("tour-reader").setManualAckMode(true);
  const sub = sc.subscribe(channel, opts);
  sub.on("message", (m: Message) => {
    got.push(m.getSequence());
    t.received("durable", `${channel} #${m.getSequence()}`, String(m.getData()));
    m.ack();
  });
  return new Promise((resolve, reject) => {
    sub.once("ready", () => resolve(sub));
    sub.once("error", reject);
  });
}

function closed(sub: Subscription): Promise<void> {
  return new Promise((resolve) => {
    sub.once("closed", () => resolve());
    sub.once("error", () => resolve());
    sub.close();
  });
}

/** Runs the streaming step on the tour's NATS connection. */
export async function streamingStep(nc: NatsConnection, url: string, t: Narrator, p: string): Promise<void> {
  await t.step(
    "NATS Streaming (STAN): messages that wait for you",
    "A STAN server keeps each channel's messages. A durable subscription replays them, acks each one,",
    "and after it closes, resumes where it stopped. (This runs against the project's fake STAN server.)",
  );
  const stan = await startFakeStan({ url, clusterID: "tour-cluster" });
  const sc = await connectAsync("tour-cluster", `tour-${process.pid}`, { nc });
  const channel = `${p}-orders`;
  try {
    for (let i = 1; i <= 3; i++) {
      const guid = await sc.publishAsync(channel, `order ${i}`);
      t.sent("stan pub", channel, `order ${i}  (acked by the server, guid …${guid.slice(-6)})`);
    }
    const got: number[] = [];
    let sub = await durable(sc, channel, t, got);
    await until(() => got.length === 3, "the 3 stored messages");
    await closed(sub);
    t.note("Closed the durable subscription (its position is kept). Two more orders arrive meanwhile:");
    for (let i = 4; i <= 5; i++) {
      await sc.publishAsync(channel, `order ${i}`);
      t.sent("stan pub", channel, `order ${i}`);
    }
    sub = await durable(sc, channel, t, got);
    await until(() => got.length === 5, "the 2 new messages");
    t.note(`Reopened: it resumed after #3 and got only #4 and #5 (${got.join(", ")} in all, none twice).`);
    await closed(sub);
  } finally {
    await sc.close().catch(() => {});
    await stan.stop();
  }
}
