/**
 * Cluster behaviour against real nats-server processes joined by routes on loopback: discovery through
 * async INFO, failover when the client's node dies, lame duck mode, and stale connection detection.
 */
import { restartServer, startCluster, startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { connect } from "@nats-stack/core";
import { statuses, until } from "../helpers/status";

jest.setTimeout(60_000);

const fast = { reconnectTimeWait: 100, reconnectJitter: 0, maxReconnectAttempts: -1 };

describe("a 3-node cluster", () => {
  let nodes: NatsServer[] = [];
  beforeAll(async () => {
    nodes = await startCluster(3);
  });
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  test("discovery: the pool learns the other nodes from INFO connect_urls; ignoreClusterUpdates keeps it as given", async () => {
    const nc = await connect({ servers: nodes[0]!.url });
    await until(() => nc.getServers().length === 3, 5000, "3 servers in the pool");
    const listens = nc.getServers().map((s) => s.listen).sort();
    expect(listens).toEqual(nodes.map((n) => n.hostport).sort());
    expect(nc.getServers().filter((s) => s.gossiped)).toHaveLength(2);
    await nc.close();
    const fixed = await connect({ servers: nodes[0]!.url, ignoreClusterUpdates: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(fixed.getServers()).toHaveLength(1);
    await fixed.close();
  });

  test("kill the node the client is on: it fails over, resubscribes, request/reply keeps working; then the node comes back", async () => {
    const nc = await connect({ servers: nodes.map((n) => n.url), noRandomize: true, ...fast });
    const events = statuses(nc);
    expect(nc.getServer()).toBe(nodes[0]!.hostport);
    const helper = await connect({ servers: nodes[2]!.url, ...fast });
    // A service on another node, and a subscription of the client itself.
    helper.subscribe("svc.echo", { callback: (_e, m) => m.respond(`echo:${m.string()}`) });
    await helper.flush();
    const got: string[] = [];
    nc.subscribe("cluster.feed", { callback: (_e, m) => got.push(m.string()) });
    await nc.flush();
    expect((await nc.request("svc.echo", "before", { timeout: 2000 })).string()).toBe("echo:before");
    await until(() => {
      helper.publish("cluster.feed", "probe");
      return got.includes("probe");
    }, 5000, "interest to reach the helper's node");

    nodes[0]!.signal("SIGKILL");
    await nodes[0]!.exited();
    await until(() => events.some((e) => e.type === "reconnect"), 10_000, "reconnect");
    expect(nc.getServer()).not.toBe(nodes[0]!.hostport);
    expect(events.find((e) => e.type === "disconnect")).toMatchObject({ server: nodes[0]!.hostport });

    // Request/reply and the re-sent subscription work through the new node.
    expect((await nc.request("svc.echo", "after", { timeout: 3000 })).string()).toBe("echo:after");
    await until(() => {
      helper.publish("cluster.feed", "after-failover");
      return got.includes("after-failover");
    }, 5000, "the subscription on the new node");

    nodes[0] = await restartServer(nodes[0]!);
    const back = await connect({ servers: nodes[0]!.url });
    await until(() => back.getServers().length === 3, 10_000, "the node to rejoin the cluster");
    expect((await back.request("svc.echo", "rejoined", { timeout: 3000 })).string()).toBe("echo:rejoined");
    console.log(`failover: events ${events.map((e) => e.type).join(",")}; now on ${nc.getServer()}`);
    await back.close();
    await helper.close();
    await nc.close();
  });
});

test("lame duck mode: the client moves to another node with zero lost publishes from a steady publisher", async () => {
  const nodes = await startCluster(2);
  try {
    const pub = await connect({ servers: nodes[0]!.url, noRandomize: true, ...fast, lameDuckMoveDelay: 200 });
    const sub = await connect({ servers: nodes[1]!.url, ...fast });
    const events = statuses(pub);
    await until(() => pub.getServers().length === 2, 5000, "discovery");
    const received: number[] = [];
    sub.subscribe("ldm.feed", { callback: (_e, m) => received.push(Number(m.string())) });
    await sub.flush();
    await until(() => {
      pub.publish("ldm.probe");
      return true;
    });
    // Interest on node 1 must be known to node 0 before counting.
    const probe = sub.subscribe("ldm.ready", { max: 1 });
    await sub.flush();
    await until(() => {
      pub.publish("ldm.ready");
      return probe.getReceived() === 1;
    }, 5000, "route interest");
    let published = 0;
    let refused = 0;
    let stop = false;
    const publishing = (async () => {
      while (!stop) {
        try {
          pub.publish("ldm.feed", String(published));
          published++;
        } catch {
          refused++;
        }
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    nodes[0]!.control("ldm");
    await until(() => events.some((e) => e.type === "ldm"), 10_000, "the ldm status");
    await until(() => pub.getServer() === nodes[1]!.hostport, 10_000, "the move");
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await publishing;
    await pub.flush();
    await until(() => received.length >= published, 10_000, "every message");
    const unique = new Set(received);
    const missing = [...Array(published).keys()].filter((i) => !unique.has(i));
    console.log(
      `lame duck: published ${published}, received ${received.length}, refused ${refused}, missing ${missing.length}, ` +
        `duplicates ${received.length - unique.size}; events ${events.map((e) => e.type).join(",")}`,
    );
    expect(missing).toEqual([]);
    expect(refused).toBe(0);
    expect(events.map((e) => e.type)).toContain("ldm");
    expect(events.map((e) => e.type)).not.toContain("disconnect");
    await pub.close();
    await sub.close();
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
  }
});

test("a server that stops answering PINGs (SIGSTOP) is detected within pingInterval * (maxPingOut + 1)", async () => {
  const srv = await startServer();
  try {
    const pingInterval = 200;
    const maxPingOut = 2;
    const nc = await connect({ servers: srv.url, pingInterval, maxPingOut, reconnect: false });
    const events = statuses(nc);
    srv.signal("SIGSTOP");
    const t0 = Date.now();
    const err = await nc.closed();
    const took = Date.now() - t0;
    srv.signal("SIGCONT");
    await new Promise((r) => setTimeout(r, 20)); // let the status listener take the last events
    console.log(`stale: detected after ${took} ms (bound ${pingInterval * (maxPingOut + 1)} ms)`);
    // The rule itself, independent of how late a loaded machine fires timers: one PING per tick while
    // answers are missing, counted 1..maxPingOut, and the next tick (reported as ping maxPingOut + 1, as
    // nats.js reports it) declares the connection stale.
    const kinds = events.map((e) => (e.type === "ping" ? `ping ${e.pendingPings}` : e.type));
    const pings = Array.from({ length: maxPingOut + 1 }, (_, i) => `ping ${i + 1}`);
    expect(kinds).toEqual([...pings, "staleConnection", "disconnect", "close"]);
    // maxPingOut + 1 ticks cannot take less than that many intervals; the upper bound only catches
    // a detection that did not come from the ping timer (timers run late under load, never early).
    expect(took).toBeGreaterThanOrEqual(pingInterval * (maxPingOut + 1) - 20);
    expect(took).toBeLessThanOrEqual(pingInterval * (maxPingOut + 1) * 3);
    expect(err).toBeUndefined();
  } finally {
    srv.signal("SIGCONT");
    await srv.stop();
  }
});

test("stale detection leads to a clean reconnect when the server resumes", async () => {
  const srv = await startServer();
  try {
    const nc = await connect({ servers: srv.url, pingInterval: 150, maxPingOut: 2, ...fast });
    const events = statuses(nc);
    const got: string[] = [];
    nc.subscribe("stale.feed", { callback: (_e, m) => got.push(m.string()) });
    await nc.flush();
    srv.signal("SIGSTOP");
    await until(() => events.some((e) => e.type === "staleConnection"), 5000, "stale detection");
    nc.publish("stale.feed", "buffered");
    srv.signal("SIGCONT");
    await until(() => events.some((e) => e.type === "reconnect"), 10_000, "reconnect");
    await until(() => got.includes("buffered"), 5000, "the buffered message");
    await nc.close();
  } finally {
    srv.signal("SIGCONT");
    await srv.stop();
  }
});

test("the server's Slow Consumer disconnect leads to a clean reconnect", async () => {
  const srv = await startServer({ config: "max_payload: 65536\nmax_pending: 65536\nwrite_deadline: \"200ms\"\n" });
  try {
    const slow = await connect({ servers: srv.url, ...fast });
    const events = statuses(slow);
    let block = true;
    // A subscriber whose process does not read: pause its socket by blocking the event loop in bursts.
    slow.subscribe("sc.flood", {
      callback: () => {
        if (block) {
          const t = Date.now();
          while (Date.now() - t < 300) {
            /* keep the read loop busy so the server's buffer for us fills up */
          }
          block = false;
        }
      },
    });
    await slow.flush();
    const flood = await connect({ servers: srv.url });
    const big = new Uint8Array(60_000);
    for (let i = 0; i < 200; i++) flood.publish("sc.flood", big);
    await flood.flush();
    await until(() => events.some((e) => e.type === "reconnect"), 10_000, "reconnect after the slow consumer disconnect");
    const errs = events.filter((e) => e.type === "error").map((e) => (e as { error: Error }).error.message);
    console.log(`slow consumer: events ${events.map((e) => e.type).join(",")}; errors ${errs.join(" | ")}`);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["disconnect", "reconnect"]));
    // Still usable afterwards. While the flood drains the server may cut the client off again (64 KiB of
    // pending allowed, 60 KB messages), and a probe published in such a gap is dropped by the server, so
    // the probe is repeated until one arrives.
    const after: string[] = [];
    slow.subscribe("sc.after", { callback: (_e, m) => after.push(m.string()) });
    await slow.flush();
    await until(() => {
      flood.publish("sc.after", "ok");
      return after.length > 0;
    }, 20_000, "a message after the reconnects");
    expect(after[0]).toBe("ok");
    await flood.close();
    await slow.close();
  } finally {
    await srv.stop();
  }
});
