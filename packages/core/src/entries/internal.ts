/**
 * Lower-level helpers that nats.js exposes from `@nats-io/nats-core/internal` (and so from
 * `@nats-io/transport-node`). Our own packages never import this path.
 */
export { MsgHdrsImpl } from "../messages/headers";
export { QueuedIteratorImpl } from "../subscriptions/queued-iterator";
export { timeout, jitter } from "../deferred";
export { Nuid, nuid } from "../nuid";
export { ServerImpl, Servers, parseHostPort, isIP } from "../resilience/servers";
export { defaultOptions, parseOptions, DEFAULT_MAX_RECONNECT_ATTEMPTS, DEFAULT_JITTER, DEFAULT_JITTER_TLS, DEFAULT_PING_INTERVAL, DEFAULT_MAX_PING_OUT, DEFAULT_RECONNECT_TIME_WAIT } from "../connection/options";
export { NatsConnectionImpl } from "../connection/connection";
export { nodeTransportFactory, NodeTransport } from "../transports/node";
export { MsgImpl } from "../messages/msg";
export { ProtocolHandler } from "../protocol/protocol-handler";
export { SubscriptionImpl } from "../subscriptions/subscription";
export { InboxMux as MuxSubscription } from "../requests/inbox-mux";
export { msgThroughput, throughput, humanizeBytes } from "../compat/bench";
export { extend, render, collect, SimpleMutex, TD, TE } from "../compat/compat-helpers";
export { parseSemVer, compare } from "../compat/semver";
export type { SemVer } from "../compat/semver";
export type { Context, ContextServer, ContextUser, ContextPermission, ContextResponsePermission } from "../connection/context";
