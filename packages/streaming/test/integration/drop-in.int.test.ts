/**
 * node-nats-streaming programs switched to this package. Where it can, each test runs the reference client
 * (node-nats-streaming 0.3.2 on nats@1, from the fixtures) through the same steps against the same fake STAN
 * server first, so the test states the reference's behaviour by showing it, then checks ours.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { connect as natsConnect, nkeys, type NatsConnection } from "@nats-stack/core";
import { freePort, type NatsServer, refusedUrl, restartServer, startServer } from "@nats-stack/fixtures/nats-server";
import { startFakeStan, type FakeStan } from "@nats-stack/fixtures/fake-stan/fake-stan";
import { startRecordingProxy } from "@nats-stack/fixtures/recording-proxy";
import { connect, StanError, type Stan } from "../../src/index";
import { nats1, referenceStan, syncNonceSigner } from "../helpers/reference-client";
import { once, startStanEnv, until, type StanEnv } from "../helpers/stan-env";

const te = new TextDecoder();
let counter = 0;
const id = (p: string) => `${p}-${process.pid}-${++counter}`;

// biome-ignore lint: the reference is untyped
type Ref = any;

/** Events of a connection (ours or the reference's), in order, with the error texts. */
function record(sc: { on(e: string, f: (...a: any[]) => void): unknown }, events = ["connect", "error", "close", "disconnect", "reconnecting", "reconnect"]) {
  const seen: string[] = [];
  for (const e of events) sc.on(e, (x?: unknown) => seen.push(e === "error" ? `error: ${(x as Error)?.message ?? x}` : e));
  return seen;
}

/** The server's view of its client connections (monitoring `connz` with auth), by connection name. */
async function connz(server: NatsServer): Promise<Array<{ name?: string; authorized_user?: string }>> {
  const file = readdirSync(server.dir).find((f) => f.endsWith(".ports"))!;
  const ports = JSON.parse(readFileSync(join(server.dir, file), "utf8")) as { monitoring: string[] };
  const r = await fetch(`${ports.monitoring[0]}/connz?auth=true`);
  return ((await r.json()) as { connections: Array<{ name?: string; authorized_user?: string }> }).connections;
}

async function closeRef(sc: Ref): Promise<void> {
  if (sc.isClosed()) return;
  await new Promise<void>((r) => {
    sc.once("close", () => r());
    sc.close();
  });
}

describe("option aliases, as node-nats-streaming maps them", () => {
  // Two servers: nats@1 refuses user/password when the server sends a nonce, which it does once it has NKey
  // users. On both, the fake STAN server connects without credentials, as `stan`; clients must authenticate.
  let server: NatsServer;
  let fake: FakeStan;
  let nkeyServer: NatsServer;
  let nkeyFake: FakeStan;
  let seed: string;
  let pub: string;
  beforeAll(async () => {
    const kp = await nkeys.createUser();
    seed = te.decode(await kp.getSeed());
    pub = await kp.getPublicKey();
    server = await startServer({
      config: "authorization { users = [ {user: stan, password: stanpw}, {user: alice, password: s3cret} ] }\nno_auth_user: stan\n",
      args: ["-m", "-1"],
    });
    fake = await startFakeStan({ url: server.url, msPerSecond: 100 });
    nkeyServer = await startServer({
      config: `authorization { users = [ {user: stan, password: stanpw}, {nkey: ${pub}} ] }\nno_auth_user: stan\n`,
      args: ["-m", "-1"],
    });
    nkeyFake = await startFakeStan({ url: nkeyServer.url, msPerSecond: 100 });
  });
  afterAll(async () => {
    await fake?.stop(true);
    await server?.stop();
    await nkeyFake?.stop(true);
    await nkeyServer?.stop();
  });

  test("uri (url), password (pass) and client (name): the reference and ours connect with them", async () => {
    const opts = { uri: server.url, user: "alice", password: "s3cret", client: "alias-client", reconnect: false };
    const ref: Ref = referenceStan.connect(fake.clusterID, id("ref"), opts);
    const refEvents = record(ref);
    await until(() => refEvents.length > 0, 5000, "the reference to connect");
    expect(refEvents).toEqual(["connect"]);
    expect([ref.options.url, ref.options.pass, ref.options.name]).toEqual([server.url, "s3cret", "alias-client"]);
    const refSeen = (await connz(server)).filter((c) => c.name === "alias-client");
    await closeRef(ref);

    const sc = connect(fake.clusterID, id("ours"), opts);
    const events = record(sc);
    await until(() => events.length > 0, 5000, "ours to connect");
    expect(events).toEqual(["connect"]);
    expect(sc.options).toMatchObject({ url: server.url, pass: "s3cret", name: "alias-client" });
    expect(sc.options).not.toHaveProperty("uri");
    const seen = (await connz(server)).filter((c) => c.name === "alias-client");
    expect(seen.map((c) => c.authorized_user)).toEqual(["alice"]);
    expect(seen.map((c) => c.authorized_user)).toEqual(refSeen.map((c) => c.authorized_user));
    await sc.close();
  });

  test("urls (servers), nkeys (nkey) and sigCB (nonceSigner): the reference and ours sign the nonce", async () => {
    // nats@1 also tries `url` (its default, nats://localhost:4222, unless given) before `servers`: give both.
    const opts = { urls: [nkeyServer.url], url: nkeyServer.url, nkeys: pub, sigCB: syncNonceSigner(seed), reconnect: false };
    const ref: Ref = referenceStan.connect(nkeyFake.clusterID, id("ref"), { ...opts, name: "nkey-ref" });
    const refEvents = record(ref);
    await until(() => refEvents.length > 0, 5000, "the reference to connect");
    expect(refEvents).toEqual(["connect"]);
    expect((await connz(nkeyServer)).filter((c) => c.name === "nkey-ref").map((c) => c.authorized_user)).toEqual([pub]);
    await closeRef(ref);

    const sc = connect(nkeyFake.clusterID, id("ours"), { ...opts, url: undefined, name: "nkey-ours" });
    const events = record(sc);
    await until(() => events.length > 0, 5000, "ours to connect");
    expect(events).toEqual(["connect"]);
    expect((await connz(nkeyServer)).filter((c) => c.name === "nkey-ours").map((c) => c.authorized_user)).toEqual([pub]);
    await sc.close();
  });

  test("alice without her password is refused: the alias is what carried it", async () => {
    const sc = connect(fake.clusterID, id("none"), { url: server.url, user: "alice", reconnect: false });
    const events = record(sc);
    await until(() => events.includes("close"), 5000, "the refusal");
    expect(events).toEqual(["error: Authorization Violation", "close"]);
  });
});

describe("a NATS connection given as `nc`", () => {
  let env: StanEnv;
  const nats1Conns: Ref[] = [];
  beforeAll(async () => {
    env = await startStanEnv();
  });
  afterAll(async () => {
    for (const c of nats1Conns) c.close();
    await env?.stop();
  });

  function nats1Connect(opts: Record<string, unknown> = {}): Promise<Ref> {
    const nc = nats1.connect({ url: env.server.url, ...opts });
    nats1Conns.push(nc);
    return new Promise((resolve, reject) => {
      nc.once("connect", () => resolve(nc));
      nc.once("error", reject);
    });
  }

  test("a nats@1 connection with its default (utf8) encoding: connect throws the reference's text", async () => {
    const nc = await nats1Connect();
    expect(nc.encoding).toBe("utf8");
    expect(() => referenceStan.connect(env.stan.clusterID, id("ref"), { nc })).toThrow("stan: NATS connection encoding must be 'binary'.");
    let thrown: unknown;
    try {
      connect(env.stan.clusterID, id("ours"), { nc });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(StanError);
    expect((thrown as StanError).message).toBe("stan: NATS connection encoding must be 'binary'.");
    expect((thrown as StanError).code).toBe("STAN_ERR_BINARY_ENCODING_REQUIRED");
  });

  test("a binary nats@1 connection: the reference runs on it; ours refuses it with `error` then `close`", async () => {
    const refNc = await nats1Connect({ encoding: "binary" });
    const ref: Ref = referenceStan.connect(env.stan.clusterID, id("ref"), { nc: refNc });
    const refEvents = record(ref);
    await until(() => refEvents.length > 0, 5000, "the reference to connect");
    expect(refEvents).toEqual(["connect"]);
    await closeRef(ref);

    const nc = await nats1Connect({ encoding: "binary" });
    const sc = connect(env.stan.clusterID, id("ours"), { nc });
    const events = record(sc);
    await until(() => events.includes("close"), 5000, "ours to close");
    expect(events).toEqual([
      "error: stan: option 'nc' must be a @nats-stack/core connection (a nats@1 connection is not supported: open one with @nats-stack/core's connect, or leave out 'nc')",
      "close",
    ]);
    expect(sc.isClosed()).toBe(true);
    // Not ours to close.
    expect(nc.closed).toBeFalsy();
  });

  test("any other value as `nc` is refused the same way", async () => {
    const sc = connect(env.stan.clusterID, id("odd"), { nc: { publish() {} } as unknown as NatsConnection });
    const errors: StanError[] = [];
    sc.on("error", (e: StanError) => errors.push(e));
    await once(sc, "close");
    expect(errors.map((e) => e.code)).toEqual(["STAN_ERR_UNSUPPORTED_CONNECTION"]);
  });
});

describe("the first connection, retried", () => {
  test("waitOnFirstConnect: `reconnecting` before each retry, then `connect` once the server comes (as the reference)", async () => {
    const port = await freePort();
    const url = `nats://127.0.0.1:${port}`;
    const opts = { url, waitOnFirstConnect: true, reconnectTimeWait: 100 };
    const ref: Ref = referenceStan.connect("test-cluster", id("ref"), opts);
    const refEvents = record(ref);
    const sc = connect("test-cluster", id("ours"), opts);
    const events = record(sc);
    await until(() => refEvents.length >= 2 && events.length >= 2, 5000, "two retries of each");
    expect(new Set(refEvents)).toEqual(new Set(["reconnecting"]));
    expect(new Set(events)).toEqual(new Set(["reconnecting"]));

    // The STAN server is ready before the port opens: a NATS connection made before the fake STAN server
    // subscribed fails its ConnectRequest, and both clients give up (it happened under load when the client's
    // retry beat the fake's start). So the server and the fake start elsewhere, then a proxy opens `port`.
    const server = await startServer();
    const fake = await startFakeStan({ url: server.url, msPerSecond: 100 });
    const door = await startRecordingProxy({ target: { port: server.port }, port });
    try {
      await until(() => refEvents.includes("connect") && events.includes("connect"), 10_000, "both to connect");
      expect(refEvents.filter((e) => e !== "reconnecting")).toEqual(["connect"]);
      expect(events.filter((e) => e !== "reconnecting")).toEqual(["connect"]);
      await closeRef(ref);
      await sc.close();
    } finally {
      await door.stop();
      await fake.stop(true);
      await server.stop();
    }
    // its waits add up to 15 s on a loaded machine: jest's default 5 s cut it short once in a full run
  }, 30_000);

  test("without waitOnFirstConnect: `error` then `close`, no retry (as the reference)", async () => {
    const url = await refusedUrl();
    const ref: Ref = referenceStan.connect("test-cluster", id("ref"), { url });
    const refEvents = record(ref);
    const sc = connect("test-cluster", id("ours"), { url });
    const events = record(sc);
    await until(() => refEvents.length >= 1 && events.includes("close"), 5000, "the failures");
    expect(refEvents.map((e) => e.split(":")[0])).toEqual(["error"]);
    expect(events.map((e) => e.split(":")[0])).toEqual(["error", "close"]);
  });

  test("close() while the first connection is retried: `close` only, and the retries stop", async () => {
    const url = await refusedUrl();
    const sc = connect("test-cluster", id("ours"), { url, waitOnFirstConnect: true, reconnectTimeWait: 50 });
    const events = record(sc);
    await until(() => events.length >= 2, 5000, "two retries");
    await sc.close();
    const n = events.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(events.slice(n - 1)).toEqual(["close"]);
    expect(events.filter((e) => e.startsWith("error"))).toEqual([]);
  });
});

describe("after close", () => {
  let env: StanEnv;
  beforeAll(async () => {
    env = await startStanEnv();
  });
  afterAll(async () => {
    await env?.stop();
  });

  test("unsubscribe after the connection closed: `stan: Connection closed`, then `stan: invalid subscription` (as the reference)", async () => {
    const texts = async (sc: Ref, closeIt: () => Promise<void>) => {
      const sub = sc.subscribe(id("ch"));
      await once(sub, "ready");
      await closeIt();
      const errs: string[] = [];
      sub.on("error", (e: Error) => errs.push(e.message));
      sub.unsubscribe();
      sub.unsubscribe();
      await until(() => errs.length === 2, 2000, "two errors");
      return errs;
    };
    const ref: Ref = referenceStan.connect(env.stan.clusterID, id("ref"), { url: env.server.url });
    await once(ref, "connect");
    const refTexts = await texts(ref, () => closeRef(ref));
    expect(refTexts).toEqual(["stan: Connection closed", "stan: invalid subscription"]);

    const sc = await env.client();
    expect(await texts(sc, () => sc.close())).toEqual(refTexts);
  });

  test("the session's read-only properties, as the reference has them", async () => {
    const ref: Ref = referenceStan.connect(env.stan.clusterID, id("ref"), { url: env.server.url });
    expect([ref.pubPrefix, ref.subRequests, ref.unsubRequests, ref.subCloseRequests, ref.closeRequests]).toEqual([null, null, null, null, null]);
    await once(ref, "connect");
    const sc = connect(env.stan.clusterID, id("ours"), { url: env.server.url });
    expect([sc.pubPrefix, sc.subRequests, sc.unsubRequests, sc.subCloseRequests, sc.closeRequests]).toEqual([null, null, null, null, null]);
    await once(sc, "connect");
    const props = (x: Ref) => ({
      clientID: typeof x.clientID,
      pubPrefix: x.pubPrefix,
      subRequests: x.subRequests,
      unsubRequests: x.unsubRequests,
      subCloseRequests: x.subCloseRequests,
      closeRequests: x.closeRequests,
      stanMaxPingOut: x.stanMaxPingOut,
      stanPingInterval: x.stanPingInterval,
      connId: te.decode(x.connId).length,
    });
    expect(props(sc)).toEqual(props(ref));
    expect(props(sc)).toMatchObject({ clientID: "string", stanMaxPingOut: 3, stanPingInterval: 5000, connId: 22 });
    expect(typeof sc.pubPrefix).toBe("string");
    for (const k of ["connId", "clientID", "pubPrefix", "subRequests", "unsubRequests", "subCloseRequests", "closeRequests", "stanMaxPingOut", "stanPingInterval"]) {
      expect(() => {
        (sc as unknown as Record<string, unknown>)[k] = "changed";
      }).toThrow(TypeError);
    }
    await closeRef(ref);
    await sc.close();
    // Kept after close, as the reference's fields.
    expect(sc.pubPrefix).toBe(ref.pubPrefix);
  });
});

describe("close() waiting for its answer", () => {
  let server: NatsServer;
  let fake: FakeStan;
  beforeAll(async () => {
    server = await startServer();
    fake = await startFakeStan({ url: server.url, msPerSecond: 100 });
  });
  afterAll(async () => {
    await fake?.stop(true);
    await server?.stop();
  });

  async function bounce(): Promise<void> {
    await server.stop();
    server = await restartServer(server);
  }

  function natsReconnected(nc: NatsConnection): Promise<boolean> {
    return (async () => {
      for await (const s of nc.status()) if (s.type === "reconnect") return true;
      return false;
    })();
  }

  test("a `reconnect` handler does not fire again while close() waits for the CloseResponse", async () => {
    const sc: Stan = connect(fake.clusterID, id("c"), { url: server.url, reconnectTimeWait: 50, stanPingInterval: 60_000, ackTimeout: 250, requestTimeout: 10_000 });
    await once(sc, "connect");
    let reconnects = 0;
    sc.on("reconnect", () => reconnects++);
    const first = once(sc, "reconnect", 10_000);
    await bounce();
    await first;
    expect(reconnects).toBe(1);

    // The server now holds the CloseRequest for 3 s; meanwhile the NATS connection drops and comes back.
    // The fake server's own NATS connection is back once a publish is acknowledged.
    for (let i = 0; ; i++) {
      const ok = await sc.publishAsync(id("probe"), "x").then(
        () => true,
        () => false,
      );
      if (ok) break;
      if (i > 40) throw new Error("the fake STAN server did not come back");
    }
    fake.opts.delays.close = 3000;
    // A spy sees the CloseRequest reach the server before the server goes down.
    const spy = await natsConnect({ servers: server.url, reconnectTimeWait: 50 });
    const requested = new Promise<void>((resolve) => spy.subscribe(`_STAN.close.${fake.clusterID}`, { callback: () => resolve() }));
    await spy.flush();
    const closed = once<Error | null>(sc, "close", 15_000);
    const seen = natsReconnected(sc.nc!);
    void sc.close();
    await requested;
    await bounce();
    expect(await seen).toBe(true);
    // The CloseResponse comes after the reconnect: close() was still waiting for it.
    expect(await closed).toBeNull();
    expect(reconnects).toBe(1);
    await spy.close();
    fake.opts.delays.close = 0;
  }, 20_000);
});
