import { serverPerFile } from "@nats-stack/fixtures/server-per-file";
import { connect, headers, Match, createInbox, type Msg, type NatsConnection } from "@nats-stack/core";
import { connectPerFile } from "../helpers/connect-per-file";

const srv = serverPerFile();
let nc: NatsConnection;
connectPerFile(srv, (c) => (nc = c));
let n = 0;
const subj = (s = "") => `pubsub.${++n}${s}`;

async function take(sub: AsyncIterable<Msg>, count: number): Promise<Msg[]> {
  const out: Msg[] = [];
  if (count === 0) return out;
  for await (const m of sub) {
    out.push(m);
    if (out.length === count) break;
  }
  return out;
}

test("server formats: nats://, host:port, bare port, list", async () => {
  for (const servers of [srv.url, srv.hostport, String(srv.port), [`nats://127.0.0.1:1`, srv.hostport]]) {
    const c = await connect({ servers, noRandomize: true });
    expect(c.getServer()).toBe(srv.hostport);
    await c.close();
  }
});

test("connection refused is a ConnectionError with nats.js's message", async () => {
  await expect(connect({ servers: "127.0.0.1:1", reconnect: false })).rejects.toMatchObject({
    name: "ConnectionError",
    message: "connection refused",
  });
});

test("plain, * and > subscriptions; payload as bytes or string; empty payload", async () => {
  const base = subj();
  const exact = nc.subscribe(`${base}.a.b`);
  const star = nc.subscribe(`${base}.*.b`);
  const gt = nc.subscribe(`${base}.>`);
  nc.publish(`${base}.a.b`, "one");
  nc.publish(`${base}.x.b`, new Uint8Array([1, 2, 3]));
  nc.publish(`${base}.x.y.z`);
  const [e, s, g] = await Promise.all([take(exact, 1), take(star, 2), take(gt, 3)]);
  expect(e.map((m) => m.string())).toEqual(["one"]);
  expect(s.map((m) => m.subject)).toEqual([`${base}.a.b`, `${base}.x.b`]);
  expect(Array.from(s[1]!.data)).toEqual([1, 2, 3]);
  expect(g.map((m) => m.data.length)).toEqual([3, 3, 0]);
});

test("queue groups share messages", async () => {
  const s = subj();
  const a = nc.subscribe(s, { queue: "workers" });
  const b = nc.subscribe(s, { queue: "workers" });
  for (let i = 0; i < 100; i++) nc.publish(s, String(i));
  await nc.flush();
  await new Promise((r) => setTimeout(r, 50));
  expect(a.getReceived() + b.getReceived()).toBe(100);
  expect(a.getReceived()).toBeGreaterThan(0);
  expect(b.getReceived()).toBeGreaterThan(0);
  a.unsubscribe();
  b.unsubscribe();
});

test("max, unsubscribe(max), closed, getProcessed/getPending", async () => {
  const s = subj();
  const sub = nc.subscribe(s, { max: 3 });
  for (let i = 0; i < 5; i++) nc.publish(s, String(i));
  const got = await take(sub, 3);
  expect(got.map((m) => m.string())).toEqual(["0", "1", "2"]);
  await sub.closed;
  expect(sub.isClosed()).toBe(true);
  expect(sub.getReceived()).toBe(3);

  const s2 = subj();
  const sub2 = nc.subscribe(s2);
  sub2.unsubscribe(2);
  for (let i = 0; i < 4; i++) nc.publish(s2, String(i));
  await nc.flush();
  await new Promise((r) => setTimeout(r, 20));
  expect(sub2.getPending()).toBe(2);
  // Both messages arrived, so the max was reached: as in nats.js, the subscription forgot it.
  expect(sub2.getMax()).toBeUndefined();
  const it = await take(sub2, 2);
  expect(it.map((m) => m.string())).toEqual(["0", "1"]);
  await sub2.closed;
  expect(sub2.getProcessed()).toBe(2);
});

test("breaking out of the iterator unsubscribes", async () => {
  const s = subj();
  const sub = nc.subscribe(s);
  nc.publish(s, "a");
  nc.publish(s, "b");
  for await (const _ of sub) break;
  expect(sub.isClosed()).toBe(true);
  await sub.closed;
});

test("subscription timeout fails the iterator with a TimeoutError", async () => {
  const sub = nc.subscribe(subj(), { timeout: 50 });
  await expect(take(sub, 1)).rejects.toMatchObject({ name: "TimeoutError" });
  expect(await sub.closed).toMatchObject({ name: "TimeoutError" });
});

test("headers: multi-valued keys, case kept, status, empty body; Match lookups", async () => {
  const s = subj();
  const sub = nc.subscribe(s);
  const h = headers();
  h.append("X-Trace", "1");
  h.append("X-Trace", "2");
  h.set("content-type", "text/plain");
  nc.publish(s, undefined, { headers: h });
  const [m] = await take(sub, 1);
  expect(m!.data.length).toBe(0);
  expect(m!.headers!.values("X-Trace")).toEqual(["1", "2"]);
  expect(m!.headers!.get("Content-Type")).toBe("");
  expect(m!.headers!.get("CONTENT-TYPE", Match.IgnoreCase)).toBe("text/plain");
  expect(m!.headers!.keys()).toEqual(["X-Trace", "content-type"]);
});

test("respond, json, publishMessage and respondMessage", async () => {
  const s = subj();
  nc.subscribe(s, { callback: (_e, m) => m.respond(JSON.stringify({ echo: m.string() })) });
  const r = await nc.request(s, "hi");
  expect(r.json()).toEqual({ echo: "hi" });
  const inbox = createInbox();
  const isub = nc.subscribe(inbox, { max: 2 });
  const h = headers();
  h.set("A", "b");
  nc.publishMessage({ subject: inbox, data: new TextEncoder().encode("pm"), headers: h } as unknown as Msg);
  expect(nc.respondMessage({ reply: inbox, data: new TextEncoder().encode("rm") } as unknown as Msg)).toBe(true);
  expect(nc.respondMessage({ data: new Uint8Array() } as unknown as Msg)).toBe(false);
  const got = await take(isub, 2);
  expect(got.map((m) => m.string())).toEqual(["pm", "rm"]);
  expect(got[0]!.headers!.get("A")).toBe("b");
});

test("noEcho: a connection does not see its own messages", async () => {
  const quiet = await connect({ servers: srv.url, noEcho: true });
  const s = subj();
  const own = quiet.subscribe(s);
  const other = nc.subscribe(s);
  await quiet.flush();
  await nc.flush();
  quiet.publish(s, "x");
  await take(other, 1);
  await quiet.flush();
  expect(own.getReceived()).toBe(0);
  await quiet.close();
});

test("verbose and pedantic connections work (the server's +OK are ignored)", async () => {
  const v = await connect({ servers: srv.url, verbose: true, pedantic: true });
  const s = subj();
  const sub = v.subscribe(s);
  v.publish(s, "v");
  expect((await take(sub, 1))[0]!.string()).toBe("v");
  await v.close();
});

test("large payloads (700 KiB) round-trip intact", async () => {
  const s = subj();
  const sub = nc.subscribe(s);
  const big = new Uint8Array(700 * 1024).map((_, i) => i % 251);
  nc.publish(s, big);
  const [m] = await take(sub, 1);
  expect(m!.data.length).toBe(big.length);
  expect(Buffer.compare(Buffer.from(m!.data), Buffer.from(big))).toBe(0);
});

test("stats, rtt, info, getServer, getServers", async () => {
  const c = await connect({ servers: srv.url });
  const s = subj();
  const sub = c.subscribe(s);
  c.publish(s, "12345");
  await take(sub, 1);
  const st = c.stats();
  expect(st).toMatchObject({ outMsgs: 1, outBytes: 5, inMsgs: 1, inBytes: 5 });
  expect(await c.rtt()).toBeGreaterThan(0);
  expect(c.info?.server_id).toBeTruthy();
  expect(c.getServer()).toBe(srv.hostport);
  expect(c.getServers().map((x) => x.listen)).toContain(srv.hostport);
  await c.close();
  expect(c.info).toBeUndefined();
});

test("close is idempotent; closed() resolves; operations then fail with ClosedConnectionError", async () => {
  const c = await connect({ servers: srv.url });
  await Promise.all([c.close(), c.close()]);
  await c.close();
  expect(await c.closed()).toBeUndefined();
  expect(c.isClosed()).toBe(true);
  expect(() => c.publish("x")).toThrow("closed connection");
  expect(() => c.subscribe("x")).toThrow("closed connection");
  await expect(c.flush()).rejects.toThrow("closed connection");
  await expect(c.request("x")).rejects.toThrow("closed connection");
  await expect(c.drain()).rejects.toThrow("closed connection");
});

test("Bench (nats.js's load generator) runs pub/sub and req/rep", async () => {
  const { Bench, Metric } = await import("@nats-stack/core");
  const c = await connect({ servers: srv.url });
  const m = await new Bench(c, { msgs: 2000, size: 8, pub: true, sub: true }).run();
  expect(m.map((x) => x.name)).toEqual(["pubsub"]);
  expect(m[0]!.msgs).toBe(4000);
  const r = await new Bench(c, { msgs: 200, size: 8, req: true, rep: true, subject: subj() }).run();
  expect(r.map((x) => x.name).sort()).toEqual(["rep", "req"]);
  expect(r[0]!.toString()).toMatch(/msgs\/sec/);
  expect(Metric.header()).toContain("Test,Date");
  await c.close();
});

test("messages kept by the program keep their bytes while later reads arrive (read slabs are never rewritten)", async () => {
  const s = subj();
  const sub = nc.subscribe(s);
  const pub = await connect({ servers: srv.url });
  // 3,000 messages of 1..~1.5 KiB, each filled with its own index: several slabs' worth of reads, with
  // frames that span reads; every message is kept and checked once all have arrived.
  const count = 3000;
  const sizeOf = (i: number) => 1 + ((i * 37) % 1500);
  for (let i = 0; i < count; i++) pub.publish(s, new Uint8Array(sizeOf(i)).fill(i & 0xff));
  await pub.flush();
  const got = await take(sub, count);
  const bad = got.findIndex((m, i) => m.data.length !== sizeOf(i) || m.data.some((b) => b !== (i & 0xff)));
  expect(bad).toBe(-1);
  await pub.close();
});

test("after a burst, messages of light traffic are read into small slabs, so keeping one pins a few KiB", async () => {
  const s = subj();
  const got: Msg[] = [];
  let wake: (() => void) | undefined;
  nc.subscribe(s, { callback: (_err, m) => { got.push(m); wake?.(); } });
  const until = (count: number) => new Promise<void>((resolve) => {
    wake = () => { if (got.length >= count) resolve(); };
    wake();
  });
  await nc.flush();
  const pub = await connect({ servers: srv.url });
  // A burst that fills the first slab and makes the reader take big slabs...
  for (let i = 0; i < 2000; i++) pub.publish(s, new Uint8Array(1024).fill(1));
  await pub.flush();
  await until(2000);
  // ...then messages one at a time: the first short read ends the burst, the reads after it get small slabs.
  for (let i = 0; i < 5; i++) {
    pub.publish(s, new Uint8Array([i]));
    await pub.flush();
    await until(2001 + i);
  }
  const kept = got.slice(2000);
  expect(kept.map((m) => m.data[0])).toEqual([0, 1, 2, 3, 4]);
  expect(got.slice(0, 2000).some((m) => m.data.buffer.byteLength > 64 * 1024)).toBe(true);
  for (const m of kept.slice(2)) expect(m.data.buffer.byteLength).toBeLessThanOrEqual(4096);
  await pub.close();
});
