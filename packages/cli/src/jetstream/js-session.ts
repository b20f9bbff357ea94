/**
 * A JetStream session for one verb: the NATS connection from the global flags, the manager (which asks the
 * server for the account's JetStream info first, so a server without JetStream fails here, in one line) and
 * the client, closed together.
 */
import type { NatsConnection } from "@nats-stack/core";
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-stack/jetstream";
import { connectNats } from "../connection/connect";
import type { GlobalOptions } from "../connection/global-options";
import { jsCall } from "./js-errors";

/** An open JetStream session. */
export interface JsSession {
  nc: NatsConnection;
  jsm: JetStreamManager;
  js: JetStreamClient;
  /** The server URL(s) the session is on, for messages. */
  server: string;
  close(): Promise<void>;
}

/** Connects with the global flags and checks that JetStream answers. */
export async function openJetStream(g: GlobalOptions): Promise<JsSession> {
  const nc = await connectNats(g);
  try {
    const jsm = await jsCall({ action: "reach JetStream", server: g.server }, () => jetstreamManager(nc, { timeout: g.timeout }));
    const js = jetstream(nc, { timeout: g.timeout });
    return { nc, jsm, js, server: g.server, close: () => nc.close() };
  } catch (e) {
    await nc.close();
    throw e;
  }
}

/** Runs `fn` with a session, closing it afterwards whatever happens. */
export async function withJetStream<T>(g: GlobalOptions, fn: (s: JsSession) => Promise<T>): Promise<T> {
  const s = await openJetStream(g);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}
