/**
 * Every type nats.js's public entry exports (`@nats-io/nats-core` mod.d.ts `export type {…}`) is exported by
 * ours: the import below is checked by the type-check project (tsconfig.test.json), and the test compares
 * its list with nats.js's, so a type nats.js adds is noticed.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type {
  Auth, Authenticator, Backoff, BenchOpts, ClientPingStatus, CloseStatus, ClusterUpdateStatus, Codec, ConnectionOptions, Deferred, Delay,
  DisconnectStatus, ForceReconnectStatus, JwtAuth, LDMStatus, Msg, MsgCallback, MsgHdrs, Nanos, NatsConnection, NKeyAuth, NoAuth, Payload,
  Perf, Publisher, PublishOptions, QueuedIterator, ReconnectingStatus, ReconnectStatus, ReconnectToServerHandler, RequestManyOptions,
  RequestOptions, RequestStrategy, ReviverFn, Server, ServerErrorStatus, ServerInfo, ServersChanged, SlowConsumerStatus,
  StaleConnectionStatus, Stats, Status, SubOpts, Subscription, SubscriptionOptions, SyncIterator, Timeout, TlsOptions, TokenAuth, UserPass,
  WithRequired, WsConnectionOptions, WsSocketFactory,
} from "@nats-stack/core";

// prettier-ignore
const imported = ["Auth", "Authenticator", "Backoff", "BenchOpts", "ClientPingStatus", "CloseStatus", "ClusterUpdateStatus", "Codec", "ConnectionOptions", "Deferred", "Delay",
  "DisconnectStatus", "ForceReconnectStatus", "JwtAuth", "LDMStatus", "Msg", "MsgCallback", "MsgHdrs", "Nanos", "NatsConnection", "NKeyAuth", "NoAuth", "Payload",
  "Perf", "Publisher", "PublishOptions", "QueuedIterator", "ReconnectingStatus", "ReconnectStatus", "ReconnectToServerHandler", "RequestManyOptions",
  "RequestOptions", "RequestStrategy", "ReviverFn", "Server", "ServerErrorStatus", "ServerInfo", "ServersChanged", "SlowConsumerStatus",
  "StaleConnectionStatus", "Stats", "Status", "SubOpts", "Subscription", "SubscriptionOptions", "SyncIterator", "Timeout", "TlsOptions", "TokenAuth", "UserPass",
  "WithRequired", "WsConnectionOptions", "WsSocketFactory"];

/** Uses each imported type once, so the import is not unused (and each name is a type of ours). */
type Used = [Auth, Authenticator, Backoff, BenchOpts, ClientPingStatus, CloseStatus, ClusterUpdateStatus, Codec<string>, ConnectionOptions, Deferred<void>, Delay,
  DisconnectStatus, ForceReconnectStatus, JwtAuth, LDMStatus, Msg, MsgCallback<Msg>, MsgHdrs, Nanos, NatsConnection, NKeyAuth, NoAuth, Payload,
  Perf, Publisher, PublishOptions, QueuedIterator<Msg>, ReconnectingStatus, ReconnectStatus, ReconnectToServerHandler, RequestManyOptions,
  RequestOptions, RequestStrategy, ReviverFn, Server, ServerErrorStatus, ServerInfo, ServersChanged, SlowConsumerStatus,
  StaleConnectionStatus, Stats, Status, SubOpts<Msg>, Subscription, SubscriptionOptions, SyncIterator<Msg>, Timeout<void>, TlsOptions, TokenAuth, UserPass,
  WithRequired<{ a?: number }, "a">, WsConnectionOptions, WsSocketFactory];

test("every type of nats.js's public entry is exported", () => {
  // @nats-io/nats-core is a dependency of @nats-io/transport-node (fixtures' dev dependency): found from there
  const transport = require.resolve("@nats-io/transport-node", { paths: [join(__dirname, "../../../../fixtures")] });
  const core = require.resolve("@nats-io/nats-core", { paths: [dirname(transport)] });
  const dts = readFileSync(join(dirname(core), "mod.d.ts"), "utf8");
  const theirs = /export type \{([^}]*)\}/.exec(dts)![1]!.split(",").map((s) => s.trim()).filter(Boolean);
  expect([...imported].sort()).toEqual([...theirs].sort());
  const used: Used | undefined = undefined;
  expect(used).toBeUndefined();
});
