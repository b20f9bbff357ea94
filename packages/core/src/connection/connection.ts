// `Symbol.asyncDispose` (`await using`): the lib that declares it, so the declarations name it for programs whose
// `lib` lacks it and that have no @types/node (a browser build), instead of failing to compile there.
/// <reference lib="esnext.disposable" preserve="true" />
import { ClosedConnectionError, DrainingConnectionError, RequestError } from "../errors";
import type { Msg } from "../messages/msg";
import type { ConnectionOptions, ResolvedOptions } from "./options";
import { ProtocolHandler, type Stats } from "../protocol/protocol-handler";
import type { Payload, PublishOptions } from "../messages/publish-options";
import { request, requestMany, type RequestManyOptions, type RequestOptions } from "../requests/request";
import type { Server } from "../resilience/servers";
import type { Status } from "./status";
import type { Subscription, SubscriptionOptions } from "../subscriptions/subscription-api";
import type { ServerInfo } from "./server-info";
import { USER_INFO_SUBJECT, type Context } from "./context";

/** A connection to a NATS system, as nats.js's `NatsConnection`. */
export interface NatsConnection {
  /** INFO of the current server; undefined once closed. */
  info?: ServerInfo;
  /**
   * The options the connection was made with, every default applied (nats.js's `NatsConnectionImpl`
   * has it too): packages built on core read `options.inboxPrefix` here. Optional in this interface
   * because other implementations may not have it; a connection of this client always does. Read only.
   */
  readonly options?: Readonly<ConnectionOptions>;
  closed(): Promise<void | Error>;
  close(): Promise<void>;
  publish(subject: string, payload?: Payload, options?: PublishOptions): void;
  publishMessage(msg: Msg): void;
  respondMessage(msg: Msg): boolean;
  subscribe(subject: string, opts?: SubscriptionOptions): Subscription;
  request(subject: string, payload?: Payload, opts?: Partial<RequestOptions>): Promise<Msg>;
  requestMany(subject: string, payload?: Payload, opts?: Partial<RequestManyOptions>): Promise<AsyncIterable<Msg>>;
  flush(): Promise<void>;
  drain(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
  isClosed(): boolean;
  isDraining(): boolean;
  getServer(): string;
  status(): AsyncIterable<Status>;
  stats(): Stats;
  rtt(): Promise<number>;
  reconnect(): Promise<void>;
  setServers(servers: string[]): void;
  getServers(): ReadonlyArray<Server>;
}

/** The public face of a connection; the work is done by {@link ProtocolHandler}. */
export class NatsConnectionImpl implements NatsConnection {
  declare readonly protocol: ProtocolHandler;
  readonly options: ResolvedOptions;

  constructor(protocol: ProtocolHandler) {
    this.protocol = protocol;
    this.options = protocol.options;
  }

  get info(): ServerInfo | undefined {
    return this.protocol.isClosed() ? undefined : (this.protocol.info as ServerInfo | undefined);
  }

  closed(): Promise<void | Error> {
    return this.protocol.closed();
  }

  close(): Promise<void> {
    return this.protocol.close();
  }

  publish(subject: string, payload?: Payload, options?: PublishOptions | null): void {
    // null options are none, as nats.js's `options || {}` (the publish path reads them only when defined)
    this.protocol.publish(subject, payload, options ?? undefined);
  }

  publishMessage(msg: Msg): void {
    this.protocol.publish(msg.subject, msg.data, { reply: msg.reply, headers: msg.headers });
  }

  respondMessage(msg: Msg): boolean {
    if (!msg.reply) return false;
    this.protocol.publish(msg.reply, msg.data, { headers: msg.headers });
    return true;
  }

  subscribe(subject: string, opts?: SubscriptionOptions): Subscription {
    return this.protocol.subscribe(subject, opts);
  }

  request(subject: string, payload?: Payload, opts?: Partial<RequestOptions>): Promise<Msg> {
    return this.#open(() => request(this.protocol, subject, payload, opts));
  }

  requestMany(subject: string, payload?: Payload, opts?: Partial<RequestManyOptions>): Promise<AsyncIterable<Msg>> {
    return this.#open(() => requestMany(this.protocol, subject, payload, opts));
  }

  /**
   * Runs `work` unless the connection is closed or draining (rejected as nats.js does, in that order). A
   * promise API rejects, never throws: a user's options object whose getter throws included.
   */
  #open<T>(work: () => Promise<T>): Promise<T> {
    if (this.protocol.isClosed()) return Promise.reject(new ClosedConnectionError());
    if (this.protocol.isDraining()) return Promise.reject(new DrainingConnectionError());
    try {
      return work();
    } catch (err) {
      return Promise.reject(err);
    }
  }

  flush(): Promise<void> {
    return this.protocol.flush();
  }

  drain(): Promise<void> {
    // ProtocolHandler.drain refuses a closed or draining connection itself (it is async: a rejection)
    return this.protocol.drain();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.protocol.isClosed()) return;
    if (this.protocol.isDraining()) {
      await this.protocol.closed();
      return;
    }
    await this.protocol.drain();
  }

  isClosed(): boolean {
    return this.protocol.isClosed();
  }

  isDraining(): boolean {
    return this.protocol.isDraining();
  }

  getServer(): string {
    return this.protocol.getServer();
  }

  status(): AsyncIterable<Status> {
    return this.protocol.status();
  }

  stats(): Stats {
    return this.protocol.stats();
  }

  async rtt(): Promise<number> {
    if (this.protocol.isClosed()) throw new ClosedConnectionError();
    if (!this.protocol.isConnected()) throw new RequestError("connection disconnected");
    const start = performance.now();
    await this.protocol.flush();
    return performance.now() - start;
  }

  reconnect(): Promise<void> {
    return this.protocol.reconnect();
  }

  /**
   * Who this connection is, as the server sees it: nats.js's `NatsConnectionImpl.context()` (not on its
   * `NatsConnection` interface, but a program calls it on what `connect` returns). A request on
   * `$SYS.REQ.USER.INFO` with the default timeout, whose `time` fields become Dates; it rejects as any
   * request does (a server that does not answer it: no responders).
   */
  async context(): Promise<Context> {
    const r = await this.request(USER_INFO_SUBJECT);
    return r.json<Context>((key, value) => (key === "time" ? new Date(Date.parse(value as string)) : value));
  }

  setServers(servers: string[]): void {
    this.protocol.servers.setServers(servers);
  }

  getServers(): ReadonlyArray<Server> {
    return this.protocol.servers.snapshot();
  }
}
