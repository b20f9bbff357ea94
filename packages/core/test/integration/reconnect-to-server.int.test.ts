/**
 * `reconnectToServer`, as nats.js 3.4 defines it (core.d.ts `ReconnectToServerHandler`, protocol.js
 * `dodialLoop`, and its reconnect_test.ts "reconnectToServer - …" cases): the handler is called before every
 * dial, the first connection included, with the server the client would pick at index 0 and the last INFO
 * (null before the first); a throw or a server outside the pool rejects `connect()` (or closes the
 * connection on a reconnect) with `ConnectionError("client option reconnectToServer handler failed: …")`.
 * Never an unhandled rejection: the test environment fails any test that leaves one.
 */
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { ConnectionError, connect, deferred, type Server } from "@nats-stack/core";

let ns0: NatsServer;
let ns1: NatsServer;

beforeAll(async () => {
  [ns0, ns1] = await Promise.all([startServer(), startServer()]);
});
afterAll(async () => {
  await Promise.all([ns0?.stop(), ns1?.stop()]);
});

const fake: Server = {
  hostname: "9.9.9.9",
  port: 9999,
  listen: "9.9.9.9:9999",
  src: "9.9.9.9:9999",
  tlsName: "",
  reconnects: 0,
  lastConnect: 0,
  gossiped: false,
  didConnect: false,
};

test("the handler is called once before the first connection, with the pool and a null INFO", async () => {
  const calls: Array<{ pool: ReadonlyArray<Server>; info: unknown }> = [];
  const nc = await connect({
    servers: ns0.url,
    reconnectToServer: (pool, info) => {
      calls.push({ pool, info });
      return pool[0]!;
    },
  });
  expect(calls).toHaveLength(1);
  expect(calls[0]!.pool.map((s) => s.listen)).toEqual([ns0.hostport]);
  expect(calls[0]!.info).toBeNull();
  expect(nc.getServer()).toBe(ns0.hostport);
  await nc.close();
});

test("null keeps the default choice; the proposed server is at index 0 and the pick is dialled", async () => {
  const nc = await connect({ servers: ns0.url, reconnectToServer: () => null });
  expect(nc.getServer()).toBe(ns0.hostport);
  await nc.close();
  const seen: string[][] = [];
  const nc2 = await connect({
    servers: [ns0.hostport, ns1.hostport],
    noRandomize: true,
    reconnectToServer: (pool) => {
      seen.push(pool.map((s) => s.listen));
      return pool.find((s) => s.port === ns1.port)!;
    },
  });
  expect(seen[0]).toEqual([ns0.hostport, ns1.hostport]);
  expect(nc2.getServer()).toBe(ns1.hostport);
  await nc2.close();
});

test("a handler that throws makes connect() reject with nats.js's ConnectionError", async () => {
  const boom = new Error("boom");
  const err = await connect({
    servers: ns0.url,
    reconnectToServer: () => {
      throw boom;
    },
  }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConnectionError);
  expect((err as Error).message).toBe("client option reconnectToServer handler failed: boom");
  expect((err as Error).cause).toBe(boom);
});

test("a server outside the pool makes connect() reject with nats.js's text", async () => {
  const err = await connect({ servers: ns0.url, reconnectToServer: () => fake }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConnectionError);
  expect((err as Error).message).toBe("client option reconnectToServer handler failed: returned server is not in the pool");
});

test("a handler that throws during a reconnect closes the connection with that error", async () => {
  const ns = await startServer();
  try {
    let calls = 0;
    const nc = await connect({
      servers: ns.url,
      reconnectTimeWait: 50,
      maxReconnectAttempts: -1,
      reconnectToServer: (pool) => {
        if (++calls === 1) return pool[0]!;
        throw new Error("boom-reconnect");
      },
    });
    await ns.stop();
    const err = await nc.closed();
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as Error).message).toBe("client option reconnectToServer handler failed: boom-reconnect");
    expect(calls).toBe(2);
  } finally {
    await ns.stop();
  }
});

test("on a reconnect the handler sees the last INFO and its pick is dialled", async () => {
  const ns = await startServer();
  let infoSeen: unknown = "not called";
  let first = true;
  const nc = await connect({
    servers: [ns.hostport, ns1.hostport],
    noRandomize: true,
    reconnectTimeWait: 50,
    maxReconnectAttempts: -1,
    reconnectToServer: (pool, info) => {
      if (first) {
        first = false;
        return pool[0]!;
      }
      infoSeen = info;
      return pool.find((s) => s.port === ns1.port)!;
    },
  });
  try {
    expect(nc.getServer()).toBe(ns.hostport);
    const reconnected = deferred<void>();
    void (async () => {
      for await (const s of nc.status()) if (s.type === "reconnect") reconnected.resolve();
    })();
    await ns.stop();
    await reconnected;
    expect(nc.getServer()).toBe(ns1.hostport);
    expect(infoSeen).toMatchObject({ port: ns.port });
  } finally {
    await nc.close();
    await ns.stop();
  }
});

test("{ server, delay } waits before the dial", async () => {
  const t0 = Date.now();
  let calledAt = -1;
  const nc = await connect({
    servers: ns0.url,
    reconnectToServer: (pool) => {
      calledAt = Date.now() - t0;
      return { server: pool[0]!, delay: 300 };
    },
  });
  expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
  expect(calledAt).toBeLessThan(300);
  await nc.close();
});

test("a reconnectDelayHandler that throws closes the connection with its error (nats.js's dial loop does too)", async () => {
  const ns = await startServer();
  const boom = new Error("delay-boom");
  const nc = await connect({
    servers: ns.url,
    maxReconnectAttempts: -1,
    reconnectDelayHandler: () => {
      throw boom;
    },
  });
  try {
    await ns.stop();
    expect(await nc.closed()).toBe(boom);
  } finally {
    await nc.close();
    await ns.stop();
  }
});
