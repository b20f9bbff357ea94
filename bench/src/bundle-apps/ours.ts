// The bundle-size app: wsconnect, subscribe, publish, request. Same program as nats-js.ts.
import { wsconnect } from "@nats-stack/core/ws";

const nc = await wsconnect({ servers: "wss://nats.example:443" });
nc.subscribe("orders.>", { callback: (_err, m) => console.log(m.subject, m.string()) });
nc.publish("orders.created", JSON.stringify({ id: 1 }));
const reply = await nc.request("time", "", { timeout: 1000 });
console.log(reply.string());
await nc.drain();
