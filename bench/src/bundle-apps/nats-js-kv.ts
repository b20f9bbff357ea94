// The core + kv bundle-size app on nats.js v3. Same program as ours-kv.ts.
import { wsconnect } from "@nats-io/nats-core";
import { Kvm } from "@nats-io/kv";

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
