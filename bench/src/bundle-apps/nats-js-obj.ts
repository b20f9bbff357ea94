// The core + obj bundle-size app on nats.js v3. Same program as ours-obj.ts.
import { wsconnect } from "@nats-io/nats-core";
import { Objm } from "@nats-io/obj";

const nc = await wsconnect({ servers: "wss://nats.example:443" });
const os = await new Objm(nc).create("files");
await os.putBlob({ name: "hello.txt" }, new TextEncoder().encode("hello"));
const r = await os.get("hello.txt");
if (r) for await (const chunk of r.data as unknown as AsyncIterable<Uint8Array>) console.log(chunk.length);
console.log((await os.list()).map((i) => i.name));
await nc.drain();
