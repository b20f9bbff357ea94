import { TimeoutError, connectWith } from "../../src/mod";
import { memoryConnection, memoryFactory, type MemoryServer } from "../helpers/memory-transport";
import { statuses } from "../helpers/status";

const fast = { reconnectTimeWait: 5, reconnectJitter: 0, maxReconnectAttempts: -1 };

const start = (opts = {}) => memoryConnection({ servers: ["a:1", "b:2"], noRandomize: true, ...fast, ...opts });

test("after a reconnect: CONNECT with fresh auth, subscriptions with their remaining max, then buffered publishes in order", async () => {
  let auths = 0;
  const { nc, srv, mem } = await start({ authenticator: () => ({ auth_token: `t${++auths}` }) });
  const events = statuses(nc);
  const sub = nc.subscribe("feed", { max: 5 });
  nc.subscribe("other", { queue: "q" });
  await nc.flush();
  srv.send("MSG feed 1 1\r\na\r\nMSG feed 1 1\r\nb\r\n");
  await new Promise((r) => setTimeout(r, 5));
  expect(sub.getReceived()).toBe(2);
  const next = mem.next();
  srv.drop();
  await new Promise((r) => setTimeout(r, 1));
  nc.publish("x", "1");
  nc.publish("x", "2", { reply: "r" });
  const s2 = await next;
  await s2.handshake();
  await s2.untilCount("PUB", 2);
  const kinds = s2.ops.map((o) => (o.kind === "SUB" ? `SUB ${o.subject}${o.queue ? " " + o.queue : ""}` : o.kind === "UNSUB" ? `UNSUB ${o.sid} ${o.max}` : o.kind === "PUB" ? `PUB ${o.subject}` : o.kind));
  expect(kinds.slice(0, 6)).toEqual(["CONNECT", "PING", "SUB feed", "UNSUB 1 3", "SUB other q", "PUB x"]);
  expect(s2.ops[0]).toMatchObject({ options: { auth_token: "t2" } });
  await new Promise((r) => setTimeout(r, 5));
  expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["disconnect", "reconnecting", "reconnect"]));
  expect(nc.stats().reconnects).toBe(1);
  await nc.close();
});

test("publishes the lost server never acknowledged are sent again after the reconnect; acknowledged ones are not", async () => {
  const { nc, srv, mem } = await start();
  srv.autoPong = false;
  nc.publish("acked", "1");
  await srv.untilCount("PING", 2); // the handshake PING and the acknowledgement PING after the batch
  srv.send("PONG\r\n");
  await new Promise((r) => setTimeout(r, 5));
  nc.publish("unacked", "2");
  nc.publish("unacked", "3");
  await srv.untilCount("PUB", 3);
  const next = mem.next();
  srv.drop();
  const s2 = await next;
  await s2.handshake();
  await s2.untilCount("PUB", 2);
  await new Promise((r) => setTimeout(r, 5));
  const pubs = s2.ops.filter((o) => o.kind === "PUB").map((o) => (o.kind === "PUB" ? new TextDecoder().decode(o.payload) : ""));
  expect(pubs).toEqual(["2", "3"]);
  expect(nc.stats().resentMsgs).toBe(2);
  await nc.close();
});

test("resendUnacked: false sends nothing again", async () => {
  const { nc, srv, mem } = await start({ resendUnacked: false });
  srv.autoPong = false;
  nc.publish("unacked", "2");
  await srv.untilCount("PUB", 1);
  const next = mem.next();
  srv.drop();
  const s2 = await next;
  await s2.handshake();
  await nc.flush();
  expect(s2.ops.filter((o) => o.kind === "PUB")).toHaveLength(0);
  await nc.close();
});

test("a request answered proves its batch was read: no PING is needed for it, and it is not resent", async () => {
  const { nc, srv, mem } = await start();
  srv.autoPong = false;
  const p = nc.request("svc", "q", { timeout: 1000 });
  await srv.untilCount("PUB", 1);
  const pub = srv.ops.find((o) => o.kind === "PUB");
  expect(srv.ops.filter((o) => o.kind === "PING")).toHaveLength(1); // only the handshake's
  srv.send(`MSG ${pub?.kind === "PUB" ? pub.reply : ""} 1 1\r\nA\r\n`);
  expect((await p).string()).toBe("A");
  const next = mem.next();
  srv.drop();
  const s2 = await next;
  await s2.handshake();
  await nc.flush();
  expect(s2.ops.filter((o) => o.kind === "PUB")).toHaveLength(0);
  await nc.close();
});

test("flush() issued while disconnected resolves after the reconnect", async () => {
  const { nc, srv, mem } = await start();
  const next = mem.next();
  srv.drop();
  await new Promise((r) => setTimeout(r, 1));
  let done = false;
  const f = nc.flush().then(() => (done = true));
  await new Promise((r) => setTimeout(r, 10));
  expect(done).toBe(false);
  const s2 = await next;
  await s2.handshake();
  await f;
  expect(done).toBe(true);
  await nc.close();
});

test("servers are tried in order (noRandomize) and a server that keeps failing is dropped after maxReconnectAttempts", async () => {
  const mem = memoryFactory();
  const first = mem.next();
  const p = connectWith(mem.factory, { servers: ["a:1", "b:2"], noRandomize: true, reconnectTimeWait: 1, reconnectJitter: 0, maxReconnectAttempts: 2, timeout: 30 });
  const s1 = await first;
  await s1.handshake();
  const nc = await p;
  expect(s1.dialOptions?.hostname).toBe("a");
  srv_drop(s1);
  // Nobody answers: every attempt times out; after 2 rounds both servers are gone and the connection closes.
  const err = await nc.closed();
  // closed with the last attempt's error (here the connect timeout), as nats.js's dial loop throws its lastError
  expect(err).toBeInstanceOf(TimeoutError);
  expect((err as Error).message).toBe("timeout");
  const hosts = mem.servers.slice(1).map((s) => s.dialOptions?.hostname);
  expect(hosts.slice(0, 4)).toEqual(["b", "a", "b", "a"]);
});
function srv_drop(s: MemoryServer) {
  s.drop();
}

test("reconnect: false closes on disconnect", async () => {
  const { nc, srv } = await start({ reconnect: false });
  srv.drop();
  expect(await nc.closed()).toBeUndefined();
  expect(nc.isClosed()).toBe(true);
});

test("reconnect() forces a new connection and emits forceReconnect", async () => {
  const { nc, mem } = await start();
  const events = statuses(nc);
  const next = mem.next();
  await nc.reconnect();
  const s2 = await next;
  await s2.handshake();
  await nc.flush();
  expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["forceReconnect", "disconnect", "reconnect"]));
  await nc.close();
});

test("waitOnFirstConnect keeps trying until a server answers", async () => {
  const mem = memoryFactory();
  const p = connectWith(mem.factory, { servers: "a:1", waitOnFirstConnect: true, reconnectTimeWait: 5, reconnectJitter: 0, timeout: 20, maxReconnectAttempts: -1 });
  await new Promise((r) => setTimeout(r, 80));
  expect(mem.servers.length).toBeGreaterThan(1);
  const s = await mem.next();
  await s.handshake();
  const nc = await p;
  expect(nc.isClosed()).toBe(false);
  await nc.close();
});

test("reconnectDelayHandler decides the wait between rounds", async () => {
  const waits: number[] = [];
  const { nc, srv, mem } = await start({
    servers: "a:1",
    timeout: 20,
    reconnectDelayHandler: () => {
      waits.push(1);
      return 30;
    },
  });
  const t0 = Date.now();
  srv.drop();
  await mem.next(); // first attempt at once
  const s3 = await mem.next(); // the next after the wait
  expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
  await s3.handshake();
  await nc.flush();
  expect(waits.length).toBeGreaterThan(0);
  await nc.close();
});

test("an authorization error twice in a row on the same server closes the connection", async () => {
  const { nc, srv, mem } = await start({ servers: "a:1" });
  srv.drop();
  for (let i = 0; i < 2; i++) {
    const s = await mem.next();
    s.sendInfo();
    await s.untilCount("PING");
    s.send("-ERR 'Authorization Violation'\r\n");
  }
  const err = await nc.closed();
  expect(err).toMatchObject({ name: "AuthorizationError" });
});

test("cluster updates add and remove gossiped servers and emit update; ldm moves to another server", async () => {
  const { nc, srv, mem } = await start({ servers: "a:1", lameDuckMoveDelay: 0 });
  const events = statuses(nc);
  srv.sendInfo({ connect_urls: ["b:2", "c:3"] });
  await new Promise((r) => setTimeout(r, 5));
  expect(nc.getServers().map((s) => s.listen).sort()).toEqual(["a:1", "b:2", "c:3"]);
  srv.sendInfo({ connect_urls: ["b:2"] });
  await new Promise((r) => setTimeout(r, 5));
  expect(nc.getServers().map((s) => s.listen).sort()).toEqual(["a:1", "b:2"]);
  const updates = events.filter((e) => e.type === "update");
  expect(updates).toEqual([
    { type: "update", added: ["b:2", "c:3"], deleted: [] },
    { type: "update", added: [], deleted: ["c:3"] },
  ]);
  const sub = nc.subscribe("keep");
  nc.publish("before", "1");
  await nc.flush();
  const next = mem.next();
  srv.sendInfo({ connect_urls: ["b:2"], ldm: true });
  const s2 = await next;
  expect(s2.dialOptions?.hostname).toBe("b");
  await s2.handshake();
  await s2.untilCount("SUB");
  expect(s2.ops.find((o) => o.kind === "SUB")).toMatchObject({ subject: "keep", sid: sub.getID() });
  await new Promise((r) => setTimeout(r, 10));
  nc.publish("after", "2");
  await s2.untilCount("PUB");
  expect(nc.getServer()).toBe("b:2");
  expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["ldm", "reconnect"]));
  expect(events.map((e) => e.type)).not.toContain("disconnect");
  await nc.close();
});

test("the server's -ERR 'Stale Connection' and its close lead to a clean reconnect", async () => {
  const { nc, srv, mem } = await start();
  const events = statuses(nc);
  nc.subscribe("keep");
  await nc.flush();
  const next = mem.next();
  srv.send("-ERR 'Stale Connection'\r\n");
  await new Promise((r) => setTimeout(r, 2));
  srv.drop();
  const s2 = await next;
  await s2.handshake();
  await s2.untilCount("SUB");
  await new Promise((r) => setTimeout(r, 5));
  const types = events.map((e) => e.type);
  expect(types).toEqual(expect.arrayContaining(["error", "disconnect", "reconnect"]));
  expect((events.find((e) => e.type === "error") as { error: Error }).error.message).toBe("Stale Connection");
  await nc.close();
});

test("a -ERR of an earlier link is not what closed() reports when a later link is lost while draining", async () => {
  const { nc, srv, mem } = await start();
  nc.subscribe("keep");
  await nc.flush();
  const next = mem.next();
  srv.send("-ERR 'Stale Connection'\r\n");
  await new Promise((r) => setTimeout(r, 1)); // memory delivery is microtasks: a timer runs after the -ERR is read
  srv.drop();
  const s2 = await next;
  await s2.handshake();
  await s2.untilCount("SUB");
  s2.autoPong = false;
  const draining = nc.drain().catch(() => {});
  await s2.untilCount("PING", 2); // the drain's flush, never answered: the server hangs up instead
  s2.drop();
  await draining;
  expect(await nc.closed()).toBeUndefined();
});

test("a flush whose PONG is lost with the link is answered by the next server", async () => {
  const { nc, srv, mem } = await start();
  srv.autoPong = false;
  let done = false;
  const f = nc.flush().then(() => (done = true));
  await srv.untilCount("PING", 2);
  const next = mem.next();
  srv.drop();
  const s2 = await next;
  await s2.handshake();
  await Promise.race([f, new Promise((r) => setTimeout(r, 500))]);
  expect(done).toBe(true);
  await nc.close();
});

test("resend: false publishes ask for no PING and are never sent again; others in the same batch are", async () => {
  const { nc, srv, mem } = await start();
  srv.autoPong = false;
  nc.publish("pull.next", "1", { reply: "in.1", resend: false });
  await srv.untilCount("PUB", 1);
  await new Promise((r) => setTimeout(r, 5));
  expect(srv.ops.filter((o) => o.kind === "PING")).toHaveLength(1); // only the handshake's
  nc.publish("once", "2", { resend: false });
  nc.publish("kept", "3");
  nc.publish("once", "4", { resend: false, headers: undefined });
  await srv.untilCount("PUB", 4);
  const next = mem.next();
  srv.drop();
  const s2 = await next;
  await s2.handshake();
  await s2.untilCount("PUB", 1);
  await nc.flush();
  const pubs = s2.ops.filter((o) => o.kind === "PUB").map((o) => (o.kind === "PUB" ? o.subject : ""));
  expect(pubs).toEqual(["kept"]);
  expect(nc.stats().resentMsgs).toBe(1);
  await nc.close();
});
