/**
 * The runtime-neutral public surface of @nats-stack/core: nats.js v3's names, nothing else. Runtime entry
 * points add `connect` bound to their transport.
 */
export {
  AuthorizationError,
  ClosedConnectionError,
  ConnectionError,
  DrainingConnectionError,
  ErrorCode,
  InvalidArgumentError,
  InvalidOperationError,
  InvalidSubjectError,
  NoRespondersError,
  PermissionViolationError,
  ProtocolError,
  RequestError,
  TimeoutError,
  UserAuthenticationExpiredError,
  errors,
} from "./errors";
// The auth names nats.js exports, listed once, in auth/index.ts.
export * from "./auth/index";
export { MAX_TIMER_DELAY, backoff, deadline, deferred, delay, millis, nanos } from "./deferred";
export type { Backoff, Deferred, Delay, Nanos, Timeout } from "./deferred";
export { Nuid, nuid } from "./nuid";
export { createInbox } from "./requests/inbox";
export { Match, MsgHdrsImpl, canonicalMIMEHeaderKey, headers } from "./messages/headers";
export type { MsgHdrs } from "./messages/headers";
export { Empty } from "./messages/payload";
export { syncIterator } from "./subscriptions/sync-iterator";
export type { SyncIterator } from "./subscriptions/sync-iterator";
export type { Msg, ReviverFn } from "./messages/msg";
export type { Payload, PublishOptions, Publisher, TraceOptions } from "./messages/publish-options";
export type { Codec } from "./messages/payload";
export type { WithRequired } from "./compat/compat-helpers";
export type { MsgCallback, SubOpts, Subscription, SubscriptionOptions } from "./subscriptions/subscription-api";
export type { QueuedIterator } from "./subscriptions/queued-iterator";
// Seams for packages built on core (streaming, jetstream): stable public API, documented in the README.
export { QueuedIteratorImpl } from "./subscriptions/queued-iterator";
export { StatusCode, StatusDescription, msgStatus, msgStatusCode, isNoRespondersMsg } from "./messages/msg-status";
export type { MsgStatus } from "./messages/msg-status";
export { checkSubject, subjectProblem, tokenProblem } from "./validation";
export type { CheckSubjectOptions } from "./validation";
export { RequestMux } from "./requests/request-mux";
export { msgSize } from "./messages/msg";
export { encodePayload } from "./messages/payload";
export { parseSemVer, compare } from "./compat/semver";
export type { SemVer } from "./compat/semver";
export type { MuxRequestOptions, ReplyCallback, RequestMuxOptions } from "./requests/request-mux";
export type { NatsConnection } from "./connection/connection";
export type { ConnectionOptions, ReconnectToServerHandler } from "./connection/options";
export type { WsConnectionOptions, WsSocketFactory } from "./connection/wsconnect";
export type { RequestManyOptions, RequestOptions, RequestStrategy } from "./requests/request";
export type { Server, ServersChanged } from "./resilience/servers";
export type { Stats } from "./protocol/protocol-handler";
export type { TlsOptions, Transport, TransportFactory, DialOptions } from "./transports/transport";
export type { ServerInfo } from "./connection/server-info";
export type {
  ClientPingStatus,
  CloseStatus,
  ClusterUpdateStatus,
  DisconnectStatus,
  ForceReconnectStatus,
  LDMStatus,
  ReconnectStatus,
  ReconnectingStatus,
  ServerErrorStatus,
  SlowConsumerStatus,
  StaleConnectionStatus,
  Status,
} from "./connection/status";
export { connectWith } from "./connection/connect-with";
export { Bench, Metric } from "./compat/bench";
export { hasWsProtocol } from "./resilience/servers";
export type { BenchOpts, Perf } from "./compat/bench";
