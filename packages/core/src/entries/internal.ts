/**
 * Lower-level helpers that nats.js exposes from `@nats-io/nats-core/internal` (and so from
 * `@nats-io/transport-node`). Our own packages never import this path.
 */
export { MsgHdrsImpl } from "../headers";
export { QueuedIteratorImpl } from "../queued-iterator";
export { timeout, jitter } from "../deferred";
export { Nuid, nuid } from "../nuid";
export { ServerImpl, Servers, parseHostPort, isIP } from "../servers";
export { defaultOptions, parseOptions, DEFAULT_MAX_RECONNECT_ATTEMPTS, DEFAULT_JITTER, DEFAULT_JITTER_TLS, DEFAULT_PING_INTERVAL, DEFAULT_MAX_PING_OUT, DEFAULT_RECONNECT_TIME_WAIT } from "../options";
export { NatsConnectionImpl } from "../connection";
export { nodeTransportFactory, NodeTransport } from "../transports/node";
export { MsgImpl } from "../msg";
export { ProtocolHandler } from "../protocol";
export { SubscriptionImpl } from "../subscription";
export { InboxMux as MuxSubscription } from "../inbox-mux";
export { msgThroughput, throughput, humanizeBytes } from "../bench";
export { extend, render, collect, SimpleMutex, TD, TE } from "../compat-helpers";
export { parseSemVer, compare } from "../semver";
export type { SemVer } from "../semver";
