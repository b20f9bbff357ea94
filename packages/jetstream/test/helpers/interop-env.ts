/**
 * The start of an interop test file (ours and nats.js's kv/obj on one real server): a JetStream server, a
 * connection of ours with its JetStream manager, and one of nats.js (`@nats-io/transport-node` 3.4.0).
 */
import { connect as theirConnect } from "@nats-io/transport-node";
import type { NatsConnection } from "@nats-stack/core";
import { jetstreamManager, type JetStreamManager } from "../../src";
import { JsEnv } from "./js-env";

/** nats.js's connection. */
export type TheirConnection = Awaited<ReturnType<typeof theirConnect>>;

/**
 * Registers the hooks (call it at the file's top level): the server and both connections before the tests,
 * handed to `use`; everything closed after them.
 */
export function interopPerFile(use: (c: { nc: NatsConnection; theirNc: TheirConnection; jsm: JetStreamManager }) => void): JsEnv {
  const env = new JsEnv();
  let theirNc: TheirConnection | undefined;
  beforeAll(async () => {
    await env.start();
    const nc = await env.connect();
    theirNc = await theirConnect({ servers: env.srv.url });
    use({ nc, theirNc, jsm: await jetstreamManager(nc) });
  });
  afterAll(async () => {
    await theirNc?.close();
    await env.stop();
  });
  return env;
}
