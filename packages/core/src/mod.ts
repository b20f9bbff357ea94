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
export {
  credsAuthenticator,
  jwtAuthenticator,
  nkeyAuthenticator,
  tokenAuthenticator,
  usernamePasswordAuthenticator,
  buildAuthenticator,
  nkeys,
} from "./auth/index";
export type { Auth, Authenticator, JwtAuth, NKeyAuth, NoAuth, TokenAuth, UserPass } from "./auth/index";
export { backoff, deadline, deferred, delay, millis, nanos } from "./deferred";
export type { Backoff, Deferred, Delay, Nanos, Timeout } from "./deferred";
export { Nuid, nuid } from "./nuid";
export { createInbox } from "./inbox";
export { Match, MsgHdrsImpl, canonicalMIMEHeaderKey, headers } from "./headers";
export type { MsgHdrs } from "./headers";
export { Empty } from "./payload";
export { syncIterator } from "./sync-iterator";
export type { SyncIterator } from "./sync-iterator";
export type { Msg, ReviverFn } from "./msg";
export type { Payload, PublishOptions, TraceOptions } from "./publish-options";
export type { MsgCallback, SubOpts, Subscription, SubscriptionOptions } from "./subscription-api";
export type { QueuedIterator } from "./queued-iterator";
// Seams for packages built on core (streaming, jetstream): stable public API, documented in the README.
export { QueuedIteratorImpl } from "./queued-iterator";
export { StatusCode, StatusDescription, msgStatus, msgStatusCode, isNoRespondersMsg } from "./msg-status";
export type { MsgStatus } from "./msg-status";
export { checkSubject, subjectProblem, tokenProblem } from "./validation";
export type { CheckSubjectOptions } from "./validation";
export { RequestMux } from "./request-mux";
export type { MuxRequestOptions, ReplyCallback, RequestMuxOptions } from "./request-mux";
export type { NatsConnection } from "./connection";
export type { ConnectionOptions, ReconnectToServerHandler } from "./options";
export type { RequestManyOptions, RequestOptions, RequestStrategy } from "./request";
export type { Server, ServersChanged } from "./servers";
export type { Stats } from "./protocol";
export type { TlsOptions, Transport, TransportFactory, DialOptions } from "./transport";
export type { ServerInfo } from "@nats-stack/wire";
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
} from "./status";
export { connectWith } from "./connect";
export { Bench, Metric, hasWsProtocol } from "./bench";
export type { BenchOpts } from "./bench";
