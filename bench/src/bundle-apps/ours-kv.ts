// The core + kv bundle-size app: wsconnect, a bucket, put, get, a watch and the keys. Same program as
// nats-js-kv.ts.
import { wsconnect } from "@nats-stack/core/ws";
import { Kvm } from "@nats-stack/jetstream/kv";

const nc = await wsconnect({ servers: "wss://nats.example:443" });
const kv = await new Kvm(nc).create("config", { history: 5 });
await kv.put("feature.dark-mode", "on");
console.log((await kv.get("feature.dark-mode"))?.string());
for await (const e of await kv.watch({ key: "feature.>" })) {
  console.log(e.key, e.operation, e.string());
  break;
}
for await (const k of await kv.keys()) console.log(k);
await nc.drain();
