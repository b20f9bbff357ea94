/**
 * @nats-stack/streaming: a NATS Streaming (STAN) client on @nats-stack/core, a drop-in for
 * node-nats-streaming 0.3.2 (same names, options, defaults and events) with its known bugs fixed, a
 * promise/iterator face, and optional session recovery. See the package README for every difference.
 * @packageDocumentation
 */
import { Stan } from "./connection";
import type { StanOptions } from "./options";
import { VERSION } from "./version";

export { Stan } from "./connection";
export { Subscription } from "./subscription";
export { Message } from "./message";
export { SubscriptionOptions, StartPosition, NewSubscriptionOptions, DEFAULT_ACK_WAIT, DEFAULT_MAX_IN_FLIGHT } from "./subscription-options";
export { StanError, StanErrorCode, StanErrorText } from "./errors";
export { Emitter } from "./emitter";
export type { Listener } from "./emitter";
export type { StanOptions, ResolvedStanOptions } from "./options";
export type { StanOptionAliases } from "./option-aliases";
export type { AckHandlerCallback } from "./publish";

/** The library version, as node-nats-streaming's `version`. */
export const version: string = VERSION;

/**
 * Connects to a NATS Streaming server, as node-nats-streaming's `connect`: returns the connection at once;
 * it emits `connect` when ready, or `error` then `close`. `opts` may also be a port or a URL.
 */
export function connect(clusterID: string, clientID: string, opts?: StanOptions | string | number): Stan {
  return new Stan(clusterID, clientID, opts);
}

/** Ours: connects and resolves once connected; rejects with the connect error (a StanError or a core error). */
export function connectAsync(clusterID: string, clientID: string, opts?: StanOptions | string | number): Promise<Stan> {
  const sc = new Stan(clusterID, clientID, opts);
  // The rejection carries the error; the `error` event must not also crash the caller meanwhile.
  const swallow = (): void => {};
  sc.on("error", swallow);
  return sc.ready().finally(() => sc.off("error", swallow));
}
