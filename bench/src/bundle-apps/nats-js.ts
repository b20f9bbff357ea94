// The bundle-size app on nats.js v3: wsconnect, subscribe, publish, request. Same program as ours.ts.
import { wsconnect } from "@nats-io/nats-core";

const nc = await wsconnect({ servers: "wss://nats.example:443" });
nc.subscribe("orders.>", { callback: (_err, m) => console.log(m.subject, m.string()) });
nc.publish("orders.created", JSON.stringify({ id: 1 }));
const reply = await nc.request("time", "", { timeout: 1000 });
console.log(reply.string());
await nc.drain();
