// The core + obj bundle-size app: wsconnect, a store, putBlob, a streamed get, the list. Same program as
// nats-js-obj.ts. (It also shows the object store bundles for browsers with no runtime module to resolve.)
import { wsconnect } from "@nats-stack/core/ws";
import { Objm } from "@nats-stack/jetstream/obj";

const nc = await wsconnect({ servers: "wss://nats.example:443" });
const os = await new Objm(nc).create("files");
await os.putBlob({ name: "hello.txt" }, new TextEncoder().encode("hello"));
const r = await os.get("hello.txt");
if (r) for await (const chunk of r.data as unknown as AsyncIterable<Uint8Array>) console.log(chunk.length);
console.log((await os.list()).map((i) => i.name));
await nc.drain();
