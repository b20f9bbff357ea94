// The core + jetstream bundle-size app: wsconnect, a stream, a publish, an ordered consumer and a durable
// consumer's fetch. Same program as nats-js-jetstream.ts.
import { wsconnect } from "@nats-stack/core/ws";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-stack/jetstream";

const nc = await wsconnect({ servers: "wss://nats.example:443" });
const jsm = await jetstreamManager(nc);
await jsm.streams.add({ name: "ORDERS", subjects: ["orders.>"] });
await jsm.consumers.add("ORDERS", { durable_name: "review", ack_policy: AckPolicy.Explicit });
const js = jetstream(nc);
const pa = await js.publish("orders.created", JSON.stringify({ id: 1 }));
console.log(pa.seq);
for await (const m of await (await js.consumers.get("ORDERS")).consume()) {
  console.log(m.seq, m.string());
  break;
}
for await (const m of await (await js.consumers.get("ORDERS", "review")).fetch({ max_messages: 10 })) m.ack();
await nc.drain();
