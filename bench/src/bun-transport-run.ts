/**
 * One round of the Bun transport benchmark, run under Bun: the same client over `node:net` (Bun's
 * emulation) or over Bun's native sockets. Prints one JSON line: publishes/s and request round trips/s.
 * Usage: bun bun-transport-run.mjs node|native <server url>
 */
import { connectWith, type NatsConnection } from "../../packages/core/src/mod";
import { nodeTransportFactory } from "../../packages/core/src/transports/node";
import { bunTransportFactory } from "../../packages/core/src/transports/bun";

const [which, url] = [process.argv[2], process.argv[3]!];
const factory = which === "native" ? bunTransportFactory : nodeTransportFactory;
const connect = (): Promise<NatsConnection> => connectWith(factory, { servers: url });
const subject = `bench.bun.${process.pid}`;

async function pubOnly(n: number): Promise<number> {
  const nc = await connect();
  const data = new Uint8Array(16).fill(120);
  const t = performance.now();
  for (let i = 0; i < n; i++) nc.publish(subject, data);
  await nc.flush();
  const ms = performance.now() - t;
  await nc.close();
  return n / (ms / 1000);
}

async function requests(n: number): Promise<number> {
  const rc = await connect();
  rc.subscribe(`${subject}.req`, { callback: (_e, m) => m.respond(m.data) });
  await rc.flush();
  const nc = await connect();
  const data = new Uint8Array(16).fill(120);
  for (let i = 0; i < 200; i++) await nc.request(`${subject}.req`, data, { timeout: 5000 });
  const t = performance.now();
  for (let i = 0; i < n; i++) await nc.request(`${subject}.req`, data, { timeout: 5000 });
  const ms = performance.now() - t;
  await nc.close();
  await rc.close();
  return n / (ms / 1000);
}

async function subOnly(n: number): Promise<number> {
  const sc = await connect();
  const pc = await connect();
  let got = 0;
  let done!: () => void;
  const all = new Promise<void>((r) => (done = r));
  sc.subscribe(`${subject}.sub`, { callback: () => ++got === n && done() });
  await sc.flush();
  const data = new Uint8Array(16).fill(120);
  const t = performance.now();
  for (let i = 0; i < n; i++) pc.publish(`${subject}.sub`, data);
  await pc.flush();
  await all;
  const ms = performance.now() - t;
  await pc.close();
  await sc.close();
  return n / (ms / 1000);
}

const out = { pub: await pubOnly(500_000), pubsub: await subOnly(200_000), req: await requests(5_000) };
console.log(JSON.stringify(out));
