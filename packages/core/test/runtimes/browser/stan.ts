/**
 * STAN in the browser: @nats-stack/streaming on a connection made with `wsconnect`, against the fake STAN
 * server the harness runs. Publishes 10 messages, receives them on a subscription, acks them, closes.
 */
import { wsconnect } from "@nats-stack/core/ws";
import { connect, type Message } from "@nats-stack/streaming";

async function run(cfg: { url: string; clusterID: string; channel: string }): Promise<string> {
  const nc = await wsconnect({ servers: cfg.url });
  const sc = connect(cfg.clusterID, `browser-${Date.now()}`, { nc });
  await new Promise<void>((resolve, reject) => {
    sc.on("connect", () => resolve());
    sc.on("error", (e: Error) => reject(e));
  });
  const got: string[] = [];
  const sub = sc.subscribe(cfg.channel, sc.subscriptionOptions().setDeliverAllAvailable());
  const all = new Promise<void>((resolve) =>
    sub.on("message", (m: Message) => {
      got.push(String(m.getData()));
      if (got.length === 10) resolve();
    }),
  );
  await new Promise<void>((resolve) => sub.on("ready", () => resolve()));
  for (let i = 0; i < 10; i++) await sc.publishAsync(cfg.channel, `m${i}`);
  await all;
  await new Promise<void>((resolve) => {
    sc.on("close", () => resolve());
    sc.close();
  });
  await nc.close();
  return got.join(",");
}

const cfg = JSON.parse(new URLSearchParams(location.search).get("cfg")!) as { url: string; clusterID: string; channel: string };
(globalThis as { results?: Promise<unknown> }).results = run(cfg).then(
  (v) => ({ ok: true, value: v }),
  (e: Error) => ({ ok: false, value: `${e?.name}: ${e?.message}` }),
);
