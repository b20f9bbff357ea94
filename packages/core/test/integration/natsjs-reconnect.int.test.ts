/**
 * What nats.js's own `core/tests/reconnect_test.ts` and `servers_test.ts` assert on the public API (the
 * reconnect events and their counts, what a closed client ends with, the delay handler, close during
 * reconnects, the server list), run side by side on `@nats-io/transport-node` 3.4.0 and on this client
 * against real nats-servers (test/helpers/side-by-side.ts). The programs are ours; comments name the
 * nats.js test of each case. `Servers` itself is internal in both clients and not compared.
 */
import { restartServer, startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import type { NatsConnection } from "@nats-stack/core";
import { outcome, same, seen, until } from "../helpers/side-by-side";

jest.setTimeout(60_000);

/** Counts `nc`'s status events by type. */
function counter(nc: NatsConnection): Record<string, number> {
  const n: Record<string, number> = {};
  void (async () => {
    for await (const s of nc.status()) n[s.type] = (n[s.type] ?? 0) + 1;
  })();
  return n;
}

test("reconnect: attempts counted as `reconnecting` events until the client gives up; none without reconnect", async () => {
  await same(async ({ connect }) => {
    const log: unknown[] = [];
    // "reconnect - events"
    const a = await startServer();
    const nc = await connect({ port: a.port, waitOnFirstConnect: true, reconnectTimeWait: 100, maxReconnectAttempts: 10, timeout: 1000 });
    const n = counter(nc);
    await a.stop();
    const port = (t: string) => t.replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>");
    log.push(`closed: ${port(seen(await nc.closed()))}`);
    log.push(`disconnect ${n.disconnect}, reconnecting ${n.reconnecting}, reconnect ${n.reconnect ?? 0}`);
    // "reconnect - reconnect not emitted if suppressed"
    const b = await startServer();
    const nc2 = await connect({ port: b.port, reconnect: false });
    const n2 = counter(nc2);
    await b.stop();
    log.push(`reconnect false: closed ${String(await nc2.closed())}, disconnect ${n2.disconnect}, reconnecting ${n2.reconnecting ?? 0}`);
    // "reconnect - jitter": the delay handler is asked
    const c = await startServer();
    let asked = 0;
    const nc3 = await connect({ port: c.port, maxReconnectAttempts: 1, reconnectDelayHandler: () => (asked++, 15) });
    await c.stop();
    log.push(`delay handler: closed ${port(seen(await nc3.closed()))}, asked ${asked > 0}`);
    return log;
  });
});

test("reconnect: indefinite attempts until the server is back; close() from the reconnect event", async () => {
  let srv = await startServer();
  try {
    await same(async ({ connect }) => {
      const log: unknown[] = [];
      // "reconnect - indefinite reconnects"
      const nc = await connect({ port: srv.port, reconnectTimeWait: 100, maxReconnectAttempts: -1 });
      const n: Record<string, number> = {};
      void (async () => {
        for await (const s of nc.status()) {
          n[s.type] = (n[s.type] ?? 0) + 1;
          if (s.type === "reconnect") void nc.close();
        }
      })();
      await srv.stop();
      await until(() => (n.reconnecting ?? 0) >= 5, "five attempts");
      srv = await restartServer(srv);
      log.push(`closed: ${String(await nc.closed())}`);
      log.push(`disconnect ${n.disconnect}, reconnect ${n.reconnect}, at least 5 attempts ${n.reconnecting >= 5}`);
      return log;
    });
  } finally {
    await srv.stop();
  }
});

test("reconnect: close() while reconnecting ends the attempts at once", async () => {
  await same(async ({ connect }) => {
    const log: unknown[] = [];
    // "reconnect - close stops reconnects"
    const ns = await startServer();
    const nc = await connect({ port: ns.port, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
    const n = counter(nc);
    await ns.stop();
    await until(() => (n.reconnecting ?? 0) >= 2, "two attempts");
    const start = Date.now();
    log.push(`close: ${await outcome(() => nc.close())}, within 5 s ${Date.now() - start < 5000}`);
    log.push(`closed: ${String(await nc.closed())}, isClosed ${nc.isClosed()}`);
    return log;
  });
});

test("servers: the forms of a server URL and the order of the pool", async () => {
  const ns: NatsServer = await startServer();
  try {
    await same(async ({ connect }) => {
      const log: unknown[] = [];
      // "servers - single", "servers - multiples", "servers - port 80", "servers - randomize=false preserves order"
      // (a server listed twice is one entry here, two in nats.js: kept-on-purpose test 6)
      const forms = ["localhost:80", "localhost:443", "localhost", "example.invalid/foo", "localhost:2342/foo", "[2001:db8:4006:812::200e]:8080", "::1"];
      const nc = await connect({ servers: [ns.hostport, ...forms], noRandomize: true });
      log.push(`pool: ${nc.getServers().map((s) => s.listen).join(" ")}`.replace(ns.hostport, "<srv>"));
      log.push(`current: ${nc.getServer() === ns.hostport}`);
      await nc.close();
      // "basics - ipv4 mapped to ipv6"
      const mapped = await connect({ servers: [`[::ffff:127.0.0.1]:${ns.port}`] });
      log.push(`ipv4 mapped to ipv6: ${typeof (await mapped.rtt())}`);
      await mapped.close();
      return log;
    });
  } finally {
    await ns.stop();
  }
});

test("heartbeats: `ping` statuses while healthy; a server that stops answering is stale, then disconnected", async () => {
  await same(async ({ connect }, name) => {
    const log: unknown[] = [];
    const ns = await startServer();
    try {
      // heartbeats_test "timers fire", "errors fire on missed maxOut" (nats.js tests its Heartbeat class; here
      // the same through a connection's status())
      const nc = await connect({ port: ns.port, pingInterval: 100, maxPingOut: 3, maxReconnectAttempts: 1, reconnectTimeWait: 100, timeout: 500 });
      const events: string[] = [];
      void (async () => {
        for await (const s of nc.status()) events.push(s.type === "ping" ? `ping ${s.pendingPings}` : s.type);
      })();
      await until(() => events.length >= 3, "three pings");
      log.push(`healthy: ${events.slice(0, 3).join(", ")}`);
      events.length = 0;
      ns.signal("SIGSTOP");
      log.push(`closed: ${seen(await nc.closed())}`);
      await until(() => events.includes("close"), `${name}'s close status (${events.join(",")})`, 3000);
      // repeated pings shown once each; a tick between clearing the list and the stop taking effect (its PONG
      // still came) reports `ping 1` under load, so where the unanswered pings start is not compared
      const after = events.filter((e, i) => e !== events[i - 1]);
      while (after[0] === "ping 1") after.shift();
      log.push(`stopped server: ${after.join(", ")}`);
    } finally {
      ns.signal("SIGCONT");
      await ns.stop();
    }
    return log;
  });
});
