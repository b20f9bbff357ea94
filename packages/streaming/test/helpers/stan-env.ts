/**
 * A nats-server with the fake STAN server on it, for integration tests; and small waiting helpers.
 */
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { startFakeStan, type FakeStan, type FakeStanOptions } from "@nats-stack/fixtures/fake-stan/fake-stan";
import { connect as natsConnect, type NatsConnection } from "@nats-stack/core";
import { connect, type Stan, type StanOptions } from "../../src/index";

export interface StanEnv {
  server: NatsServer;
  stan: FakeStan;
  /** A client id unique in this process. */
  id(prefix: string): string;
  /** Connects a client and waits for `connect`. */
  client(clientID?: string, opts?: StanOptions): Promise<Stan>;
  stop(): Promise<void>;
}

let counter = 0;

/** Starts nats-server and a fake STAN server (with fast ack waits: 1 protocol second = 100 ms by default). */
export async function startStanEnv(fake: Partial<FakeStanOptions> = {}): Promise<StanEnv> {
  const server = await startServer();
  const stan = await startFakeStan({ url: server.url, msPerSecond: 100, ...fake });
  const clients: Stan[] = [];
  const id = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;
  return {
    server,
    stan,
    id,
    async client(clientID = id("c"), opts: StanOptions = {}) {
      const sc = connect(stan.clusterID, clientID, { url: server.url, ...opts });
      clients.push(sc);
      await new Promise<void>((resolve, reject) => {
        sc.once("connect", () => resolve());
        sc.once("error", reject);
      });
      return sc;
    },
    async stop() {
      for (const c of clients) if (!c.isClosed()) await c.close().catch(() => {});
      await stan.stop(true);
      await server.stop();
    },
  };
}

/**
 * The env of the calling test file (call it at the file's top level): started before its tests, stopped after
 * them. Its fields are read once it runs, inside tests and hooks.
 */
export function stanEnvPerFile(fake: Partial<FakeStanOptions> = {}): StanEnv {
  let env: StanEnv | undefined;
  beforeAll(async () => {
    env = await startStanEnv(fake);
  });
  afterAll(async () => {
    await env?.stop();
  });
  const ready = (): StanEnv => {
    if (!env) throw new Error("the test file's STAN env is not started yet");
    return env;
  };
  return {
    get server() {
      return ready().server;
    },
    get stan() {
      return ready().stan;
    },
    id: (prefix) => ready().id(prefix),
    client: (clientID, opts) => ready().client(clientID, opts),
    stop: () => ready().stop(),
  };
}

/**
 * A plain NATS connection to the env's server that watches what goes on the wire (a spy), for the calling test
 * file: made before its tests (after the env's start) and handed to `use`, closed after them.
 */
export function spyPerFile(env: StanEnv, use: (spy: NatsConnection) => void): void {
  let spy: NatsConnection | undefined;
  beforeAll(async () => {
    spy = await natsConnect({ servers: env.server.url });
    use(spy);
  });
  afterAll(async () => {
    await spy?.close();
  });
}

/** Resolves with the first emission of `event` (its first argument); rejects after `ms`. */
export function once<T = unknown>(em: { once(e: string, f: (...a: any[]) => void): unknown }, event: string, ms = 5000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no '${event}' within ${ms} ms`)), ms);
    em.once(event, (v: T) => {
      clearTimeout(t);
      resolve(v);
    });
  });
}

/** Waits until `cond()` holds, polling; rejects after `ms`. */
export async function until(cond: () => boolean, ms = 5000, what = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
