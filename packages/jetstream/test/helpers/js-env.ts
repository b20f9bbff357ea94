/**
 * A JetStream server per test file, connections to it, and names unique to each test (streams and subjects
 * never collide between tests or files).
 */
import { connect, type ConnectionOptions, type NatsConnection } from "@nats-stack/core";
import { startServer, type NatsServer, type ServerOptions } from "@nats-stack/fixtures/nats-server";
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "../../src";

export { until } from "@nats-stack/fixtures/until";

let counter = 0;

/** A stream name and its subject prefix, unique to this process and call. */
export function uniqueStream(tag = "S"): { stream: string; subj: string } {
  counter++;
  const id = `${tag}_${process.pid}_${counter}`.replace(/[^A-Za-z0-9_]/g, "_");
  return { stream: id, subj: id.toLowerCase() };
}

/** A JetStream server for a test file and connections to it, closed by {@link JsEnv.stop}. */
export class JsEnv {
  srv!: NatsServer;
  private readonly conns: NatsConnection[] = [];

  async start(opts: ServerOptions = {}): Promise<this> {
    this.srv = await startServer({ jetstream: true, ...opts });
    return this;
  }

  /**
   * The usual start of a test file: the server, one connection, its JetStream manager and client (closed by
   * {@link JsEnv.stop} with the rest).
   */
  async startClients(): Promise<{ nc: NatsConnection; jsm: JetStreamManager; js: JetStreamClient }> {
    await this.start();
    const nc = await this.connect();
    return { nc, jsm: await jetstreamManager(nc), js: jetstream(nc) };
  }

  /**
   * The hooks of the usual test file (call it at the file's or a describe's top level): {@link startClients}
   * before its tests, handing the clients to `use`, and {@link stop} after them.
   */
  clientsPerFile(use: (c: { nc: NatsConnection; jsm: JetStreamManager; js: JetStreamClient }) => void): this {
    beforeAll(async () => use(await this.startClients()));
    afterAll(() => this.stop());
    return this;
  }

  async connect(opts: ConnectionOptions = {}): Promise<NatsConnection> {
    const nc = await connect({ servers: this.srv.url, ...opts });
    this.conns.push(nc);
    return nc;
  }

  async stop(): Promise<void> {
    for (const nc of this.conns) await nc.close().catch(() => {});
    await this.srv?.stop();
  }
}

/** Everything an async iterable yields, once it ends. */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

/**
 * A consumer's info once the acks already written are counted: the server's consumer applies acks from its own
 * queue, so a flush's PONG (or an info request) can come before them on a loaded machine. Asks again every
 * 20 ms until nothing is ack-pending, `ms` at most, and returns the last answer (the caller asserts on it).
 */
export async function infoOnceAcked<T extends { num_ack_pending: number }>(info: () => Promise<T>, ms = 5000): Promise<T> {
  let ci = await info();
  for (const end = Date.now() + ms; ci.num_ack_pending > 0 && Date.now() < end; ) {
    await new Promise((r) => setTimeout(r, 20));
    ci = await info();
  }
  return ci;
}

/** The error a promise rejects with (fails when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a rejection");
}

/** The error `fn` throws (fails when it does not). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a throw");
}
