import { serverPerFile } from "@nats-stack/fixtures/server-per-file";
import { connect, createInbox, headers, NoRespondersError, RequestError, TimeoutError, type Msg, type NatsConnection } from "@nats-stack/core";
import { connectPerFile } from "../helpers/connect-per-file";

const srv = serverPerFile();
let nc: NatsConnection;
connectPerFile(srv, (c) => (nc = c));
let n = 0;
const subj = () => `req.${++n}`;

function echo(s: string, opts: { delay?: number; count?: number; sentinel?: boolean } = {}) {
  return nc.subscribe(s, {
    callback: async (_e, m) => {
      if (opts.delay) await new Promise((r) => setTimeout(r, opts.delay));
      for (let i = 0; i < (opts.count ?? 1); i++) m.respond(`${m.string()}:${i}`, { headers: m.headers });
      if (opts.sentinel) m.respond();
    },
  });
}

test("muxed requests share one inbox subscription; concurrent requests each get their reply", async () => {
  const s = subj();
  echo(s);
  const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => nc.request(s, String(i), { timeout: 2000 })));
  expect(replies.map((m) => m.string())).toEqual(Array.from({ length: 50 }, (_, i) => `${i}:0`));
  const inboxes = new Set(replies.map((m) => m.subject.split(".").slice(0, 2).join(".")));
  expect(inboxes.size).toBe(1);
});

test("headers travel with requests and replies", async () => {
  const s = subj();
  echo(s);
  const h = headers();
  h.set("X-Req", "42");
  const r = await nc.request(s, "h", { timeout: 1000, headers: h });
  expect(r.headers?.get("X-Req")).toBe("42");
});

test("noMux with its own inbox, and with a given reply subject", async () => {
  const s = subj();
  echo(s);
  const r = await nc.request(s, "a", { timeout: 1000, noMux: true });
  expect(r.string()).toBe("a:0");
  const inbox = createInbox("custom");
  const r2 = await nc.request(s, "b", { timeout: 1000, noMux: true, reply: inbox });
  expect(r2.subject).toBe(inbox);
  await expect(nc.request(s, "c", { timeout: 1000, reply: inbox })).rejects.toMatchObject({ name: "InvalidArgumentError" });
});

test("timeout rejects with TimeoutError ('timeout'), and a late reply is ignored", async () => {
  const s = subj();
  echo(s, { delay: 200 });
  const t0 = Date.now();
  const err = await nc.request(s, "slow", { timeout: 50 }).catch((e) => e);
  expect(err).toBeInstanceOf(TimeoutError);
  expect(err.message).toBe("timeout");
  expect(Date.now() - t0).toBeLessThan(180);
  await new Promise((r) => setTimeout(r, 250));
  const ok = await nc.request(s, "next", { timeout: 1000 });
  expect(ok.string()).toBe("next:0");
});

test("no responders: RequestError whose cause is NoRespondersError, with nats.js's message", async () => {
  for (const noMux of [false, true]) {
    const err = await nc.request("nobody.home", "x", { timeout: 1000, noMux }).catch((e) => e);
    expect(err).toBeInstanceOf(RequestError);
    expect(err.isNoResponders()).toBe(true);
    expect(err.message).toBe("no responders: 'nobody.home'");
    expect(err.cause).toBeInstanceOf(NoRespondersError);
    expect(err.cause.name).toBe("NoResponders");
    expect(err.cause.subject).toBe("nobody.home");
  }
});

test("bad timeouts are refused; 0 means the default (1000 ms), as nats.js's `timeout || 1000`", async () => {
  await expect(nc.request("x", "", { timeout: -1 })).rejects.toMatchObject({ name: "InvalidArgumentError", message: "'timeout' must be greater than 0" });
  await expect(nc.request("x", "", { timeout: "x" as never })).rejects.toMatchObject({ name: "InvalidArgumentError" });
  await expect(nc.requestMany("x", "", { maxWait: -1 })).rejects.toMatchObject({ name: "InvalidArgumentError" });
  // 0: a real request with the default timeout (here answered by the server's no responders)
  await expect(nc.request("nobody.zero", "", { timeout: 0 })).rejects.toMatchObject({ name: "RequestError", message: "no responders: 'nobody.zero'" });
  const s = subj();
  nc.subscribe(s, { callback: (_e, m) => m.respond("zero") });
  expect((await nc.request(s, "", { timeout: 0 })).string()).toBe("zero");
  expect(await all(await nc.requestMany(s, "", { maxWait: 0, strategy: "count", maxMessages: 1 }))).toEqual(["zero"]);
  await expect(nc.request("a b", "", { timeout: 10 })).rejects.toMatchObject({ name: "InvalidSubjectError" });
});

async function all(it: AsyncIterable<Msg>): Promise<string[]> {
  const out: string[] = [];
  for await (const m of it) out.push(m.string());
  return out;
}

test("requestMany strategies: count, timer, stall, sentinel", async () => {
  const s = subj();
  nc.subscribe(s, { queue: "a", callback: (_e, m) => m.respond("a") });
  nc.subscribe(s, { callback: (_e, m) => m.respond("b") });
  nc.subscribe(s, { callback: (_e, m) => m.respond("c") });
  await nc.flush();
  expect((await all(await nc.requestMany(s, "", { strategy: "count", maxMessages: 2, maxWait: 2000 }))).length).toBe(2);
  const t0 = Date.now();
  expect((await all(await nc.requestMany(s, "", { strategy: "timer", maxWait: 150 }))).sort()).toEqual(["a", "b", "c"]);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  const t1 = Date.now();
  expect((await all(await nc.requestMany(s, "", { strategy: "stall", stall: 50, maxWait: 5000 }))).length).toBe(3);
  expect(Date.now() - t1).toBeLessThan(2000);
  const s2 = subj();
  echo(s2, { count: 3, sentinel: true });
  expect(await all(await nc.requestMany(s2, "q", { strategy: "sentinel", maxWait: 5000 }))).toEqual(["q:0", "q:1", "q:2", ""]);
  for (const noMux of [true]) {
    expect((await all(await nc.requestMany(s, "", { strategy: "count", maxMessages: 3, maxWait: 2000, noMux }))).length).toBe(3);
  }
});

test("requestMany with no responders throws from the iterator", async () => {
  const it = await nc.requestMany("nobody.many", "", { strategy: "timer", maxWait: 500 });
  // As nats.js: the iterator ends with the NoRespondersError itself (request() wraps it in a RequestError).
  await expect(all(it)).rejects.toMatchObject({ name: "NoResponders", message: "no responders: 'nobody.many'" });
});

test("closing the connection fails pending requests with a RequestError", async () => {
  const c = await connect({ servers: srv.url });
  const s = subj();
  const p = c.request(s + ".never", "x", { timeout: 5000 }).catch((e) => e);
  nc.subscribe(s + ".never", { callback: () => {} });
  await nc.flush();
  const p2 = c.request(s + ".never", "y", { timeout: 5000 }).catch((e) => e);
  await new Promise((r) => setTimeout(r, 20));
  await c.close();
  const [e1, e2] = await Promise.all([p, p2]);
  for (const e of [e1, e2]) expect(e).toBeInstanceOf(Error);
  expect(e2).toMatchObject({ name: "RequestError", message: "connection closed" });
});
