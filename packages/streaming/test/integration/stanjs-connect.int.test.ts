/**
 * What stan.js `test/connect.js`, `test/stan_connect.js` and `test/stan_connection_lost.js` check, side by side:
 * each program runs on the reference client and on ours, against the fake STAN server on a real nats-server
 * (see stanjs-basics.int.test.ts). The stan.js case each test comes from is named above it.
 */
import { connect as natsConnect } from "@nats-stack/core";
import { refusedUrl, startServer } from "@nats-stack/fixtures/nats-server";
import { startFakeStan, type FakeStan } from "@nats-stack/fixtures/fake-stan/fake-stan";
import * as ours from "../../src/index";
import { nats1 } from "../helpers/reference-client";
import { closed, connected, next, published, record, REFERENCE, OURS, sideBySide, type AnyClient, type StanLib } from "../helpers/side-by-side";
import { stanEnvPerFile, until } from "../helpers/stan-env";

const env = stanEnvPerFile();

/** The thrown error's message, or "no throw". */
function thrown(f: () => unknown): string {
  try {
    const sc = f() as AnyClient;
    void closed(sc);
    return "no throw";
  } catch (err) {
    return (err as Error).message;
  }
}

// connect.js 'should perform basic connect with port', '... with uri', '... with options arg';
// stan_connect.js 'connect with hostport'
test("the server given as a port, a URL, a host:port and `{ uri }`: `connect`, then `close` with null", async () => {
  const port = env.server.port;
  const forms: Array<[string, unknown]> = [
    ["port", port],
    ["url", `nats://localhost:${port}`],
    ["hostport", `localhost:${port}`],
    ["uri option", { uri: `nats://127.0.0.1:${port}` }],
  ];
  const { reference, ours: got } = await sideBySide(async (lib) => {
    const out: Record<string, unknown> = {};
    for (const [name, opts] of forms) {
      const sc = lib.connect(env.stan.clusterID, env.id(lib.name), opts);
      const events = record(sc, ["connect", "error", "close"]);
      await until(() => events.length > 0, 5000, `${lib.name} to connect with ${name}`);
      const url = sc.options.url;
      await closed(sc);
      out[name] = { events, url };
    }
    return out;
  });
  expect(reference).toEqual({
    port: { events: ["connect", "close"], url: `nats://localhost:${port}` },
    url: { events: ["connect", "close"], url: `nats://localhost:${port}` },
    hostport: { events: ["connect", "close"], url: `nats://localhost:${port}` },
    "uri option": { events: ["connect", "close"], url: `nats://127.0.0.1:${port}` },
  });
  expect(got).toEqual(reference);
});

// stan_connect.js 'should fail without a clusterId', 'should fail without a clientId',
// 'non-binary encoding connection should fail', 'default connection should have a NATS url'
test("connect throws without a cluster id or a client id, or with a NATS encoding that is not binary; the default url", async () => {
  const { reference, ours: got } = await sideBySide(async (lib) => {
    const sc = lib.connect("c", env.id(lib.name));
    const url = sc.options.url;
    sc.on("error", () => {});
    await closed(sc);
    return {
      cluster: thrown(() => lib.connect(undefined as unknown as string, "id", env.server.port)),
      client: thrown(() => lib.connect("c", undefined as unknown as string, env.server.port)),
      encoding: thrown(() => lib.connect("c", "id", { encoding: "utf8", port: env.server.port })),
      url,
    };
  });
  expect(reference).toEqual({
    cluster: "stan: cluster ID must be supplied",
    client: "stan: client ID must be supplied",
    encoding: "stan: NATS connection encoding must be 'binary'.",
    url: "nats://localhost:4222",
  });
  expect(got).toEqual(reference);
});

// stan_connect.js 'should emit close', 'should ignore multi close'
test("close() again inside the `close` handler is ignored: one `close`, with null, and no error", async () => {
  const { reference, ours: got } = await sideBySide(async (lib) => {
    const sc = await connected(lib, env.stan.clusterID, env.id(lib.name), { url: env.server.url });
    const args: unknown[] = [];
    const events = record(sc, ["error", "close"]);
    sc.on("close", (e: unknown) => {
      args.push(e);
      const again = sc.close();
      if (again && typeof again.then === "function") again.then(undefined, (err: Error) => args.push(`rejected: ${err.message}`));
    });
    sc.close();
    await until(() => events.length > 0, 3000, "close");
    // A second `close` or a rejection would come within this round trip on another client.
    const other = await connected(lib, env.stan.clusterID, env.id(lib.name), { url: env.server.url });
    await closed(other);
    return { events, args };
  });
  expect(reference).toEqual({ events: ["close"], args: [null] });
  expect(got).toEqual(reference);
});

// connect.js 'should still receive publish when some servers are invalid' (and with noRandomize). Ours only:
// the reference also tries `url` (localhost:4222 unless given) before `servers` (README, "servers alone").
test("servers with unreachable ones among them: ours connects through the good one, publishes and receives", async () => {
  // two addresses where nothing listens (a port just freed could be given to another test's server meanwhile)
  const bad = [await refusedUrl()];
  while (bad.length < 2) {
    const url = await refusedUrl();
    if (url !== bad[0]) bad.push(url);
  }
  const servers = [bad[0], env.server.url, bad[1]];
  for (const noRandomize of [false, true]) {
    const ua = await connected(OURS, env.stan.clusterID, env.id("ua"), { servers, noRandomize });
    const ub = await connected(OURS, env.stan.clusterID, env.id("ub"), { servers, noRandomize });
    const ch = env.id("servers");
    const sub = ub.subscribe(ch, ub.subscriptionOptions().setStartAt(ours.StartPosition.FIRST));
    const got = next<AnyClient>(sub, "message");
    const [err, guid] = await published(ua, ch, "bar");
    expect([err ?? null, typeof guid]).toEqual([null, "string"]);
    const m = await got;
    expect([m.getSubject(), m.getData()]).toEqual([ch, "bar"]);
    await closed(ua);
    await closed(ub);
  }
});

// stan_connect.js 'closing nats should emit close': a NATS connection given as `nc` closes for good under
// the client (the server went away and reconnecting gave up). The reference's nc is nats@1's, ours core's.
test("the given NATS connection closing for good: the STAN connection emits `close`", async () => {
  const run = async (lib: StanLib) => {
    const server = await startServer();
    const fake = await startFakeStan({ url: server.url, msPerSecond: 100 });
    const nc =
      lib === REFERENCE
        ? nats1.connect({ url: server.url, encoding: "binary", reconnectTimeWait: 50, maxReconnectAttempts: 2 })
        : await natsConnect({ servers: server.url, reconnectTimeWait: 50, maxReconnectAttempts: 2 });
    const sc = lib.connect(fake.clusterID, env.id(lib.name), { nc });
    const events = record(sc, ["connect", "error", "close", "disconnect", "reconnect", "connection_lost"]);
    await until(() => events.includes("connect"), 5000, "connect");
    await fake.stop(true);
    await server.stop();
    await until(() => events.includes("close"), 10_000, `${lib.name}'s close`);
    return [...new Set(events)];
  };
  const reference = await run(REFERENCE);
  const got = await run(OURS);
  expect(reference).toEqual(["connect", "disconnect", "close"]);
  expect(got).toEqual(reference);
}, 30_000);

describe("connection_lost", () => {
  let fake: FakeStan;
  beforeAll(async () => {
    fake = await startFakeStan({ url: env.server.url, clusterID: "lost", msPerSecond: 100 });
  });
  afterAll(async () => {
    await fake?.stop(true);
  });

  // stan_connection_lost.js 'should get a "connection_lost" event if the server goes away'
  test("pings unanswered: `connection_lost` after (stanMaxPingOut + 1) intervals, then `close`", async () => {
    const { reference, ours: got } = await sideBySide(async (lib) => {
      const sc = await connected(lib, "lost", env.id(lib.name), { url: env.server.url, stanPingInterval: 1000, stanMaxPingOut: 2 });
      const events = record(sc, ["error", "connection_lost", "close"]);
      const lost = next(sc, "connection_lost");
      const from = Date.now();
      fake.opts.ignorePings = true;
      try {
        await lost;
      } finally {
        fake.opts.ignorePings = false;
      }
      const took = Date.now() - from;
      await until(() => events.includes("close"), 3000, "close");
      // From the last answered ping, up to a whole interval before `from`.
      return { events, soonest: took >= (sc.stanMaxPingOut + 1) * sc.stanPingInterval - sc.stanPingInterval, interval: sc.stanPingInterval };
    });
    expect(reference).toEqual({ events: ["connection_lost: stan: connection lost due to PING failure", "close"], soonest: true, interval: 1000 });
    expect(got).toEqual(reference);
  }, 20_000);

  // stan_connection_lost.js 'should get a "connection_lost" event if the server cycles and looses state',
  // 'should get a "connection_lost" when replaced' (a publish waiting for its PubAck then fails with the loss)
  test("the server forgot the client: a waiting publish fails, then `connection_lost` (the server's text), then `close`", async () => {
    const { reference, ours: got } = await sideBySide(async (lib) => {
      const id = env.id(lib.name);
      const sc = await connected(lib, "lost", id, { url: env.server.url, stanPingInterval: 1000, stanMaxPingOut: 10 });
      const events = record(sc, ["error", "connection_lost", "close"]);
      fake.opts.delays.publish = 2500;
      try {
        sc.publish("hello", "world", (err: unknown) => events.push(`publish cb: ${typeof err === "string" ? `${err} (string)` : (err as Error)?.message}`));
        fake.forgetClient(id);
        await until(() => events.includes("close"), 5000, "close");
      } finally {
        fake.opts.delays.publish = 0;
      }
      return events;
    });
    // The reference hands the server's text over as a plain string (ours: a StanError; README, kept).
    expect(reference).toEqual([
      "publish cb: client has been replaced or is no longer registered (string)",
      "connection_lost: client has been replaced or is no longer registered (string)",
      "close",
    ]);
    expect(got).toEqual(["publish cb: client has been replaced or is no longer registered", "connection_lost: client has been replaced or is no longer registered", "close"]);
  }, 20_000);
});
