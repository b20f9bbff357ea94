import { encodeUnsub, type Frame, type ServerInfo } from "@nats-stack/wire";
import {
  AuthorizationError,
  ClosedConnectionError,
  ConnectionError,
  DrainingConnectionError,
  InvalidArgumentError,
  PermissionViolationError,
  RequestError,
  UserAuthenticationExpiredError,
} from "../errors";
import { deferred, delay, type Deferred, type Delay } from "../deferred";
import { Deadlines } from "../requests/deadlines";
import { InboxMux } from "../requests/inbox-mux";
import { moveAway } from "../resilience/lame-duck";
import { Link, type LinkOptions, type LinkOwner } from "./link";
import { messageBytes } from "./message-bytes";
import { MsgImpl } from "../messages/msg";
import { nuid } from "../nuid";
import type { ResolvedOptions } from "../connection/options";
import { Outbound } from "./outbound";
import { Empty } from "../messages/payload";
import type { Payload, PublishOptions } from "../messages/publish-options";
import { reconnectLoop, type ReconnectHost } from "../resilience/reconnect-loop";
import { ReconnectBuffer } from "../resilience/reconnect-buffer";
import { Servers, type ServerImpl } from "../resilience/servers";
import { StatusHub, type Status } from "../connection/status";
import { SubjectCheck } from "./subject-check";
import { mapServerError, routePermissionError } from "./server-errors";
import type { Stats } from "../connection/stats";
import { SubscriptionImpl, type SubscriptionHost } from "../subscriptions/subscription";
import { Subscriptions, checkSubOptions } from "../subscriptions/subscription-registry";
import type { SubscriptionOptions } from "../subscriptions/subscription-api";
import type { TransportFactory } from "../transports/transport";

export type { Stats } from "../connection/stats";

type State = "connecting" | "connected" | "reconnecting" | "closed";

/** Where a request was written, so its reply can acknowledge that batch. */
export interface RequestAck {
  link: Link;
  batch: number;
}

/**
 * The client engine: the server pool, the current link, subscriptions, the request inbox, the reconnect
 * buffer, status events. Public methods are reached through `NatsConnectionImpl`.
 */
export class ProtocolHandler implements LinkOwner, SubscriptionHost, ReconnectHost {
  readonly options: ResolvedOptions;
  readonly servers: Servers;
  private readonly factory: TransportFactory;
  private link: Link | undefined;
  private state: State = "connecting";
  private draining = false;
  noMorePublishing = false;
  readonly subs = new Subscriptions();
  private mux: InboxMux | undefined;
  /** Publishes made while disconnected (and those recovered from a lost link), bounded by the budget. */
  private readonly pendingOut: ReconnectBuffer;
  private pendingFlushes: Array<(err?: Error) => void> = [];
  private readonly statusHub = new StatusHub();
  private readonly closedPromise: Deferred<void | Error> = deferred<void | Error>();
  private readonly subjects = new SubjectCheck();
  /** Deadlines of muxed requests, on one timer. */
  readonly deadlines = new Deadlines();
  private connectedOnce = false;
  lastAuthError: { server: ServerImpl; text: string } | undefined;
  private reconnectLoopRunning = false;
  private moving = false;
  info: ServerInfo | undefined;
  inBytes = 0;
  outBytes = 0;
  inMsgs = 0;
  outMsgs = 0;
  reconnects = 0;
  droppedMsgs = 0;
  unretainedBytes = 0;

  constructor(options: ResolvedOptions, factory: TransportFactory) {
    this.options = options;
    this.factory = factory;
    this.servers = new Servers(options.servers, !options.noRandomize);
    this.pendingOut = new ReconnectBuffer(options.reconnectBufSize);
  }

  // ---- lifecycle ----------------------------------------------------------------------------------------

  /** Connects to the first server of the pool that accepts; with `waitOnFirstConnect`, keeps trying. */
  async start(): Promise<void> {
    if (this.options.waitOnFirstConnect) {
      this.state = "reconnecting";
      const connected = deferred<void>();
      this.onFirstConnect = connected;
      void this.reconnectLoop();
      return connected;
    }
    let lastErr: Error = new ConnectionError("connection refused");
    for (const server of [...this.servers.all()]) {
      try {
        await this.openLink(server);
        return;
      } catch (err) {
        lastErr = err as Error;
        if (err instanceof AuthorizationError || err instanceof UserAuthenticationExpiredError) break;
      }
    }
    this.state = "closed";
    this.closedPromise.resolve(lastErr);
    throw lastErr;
  }

  private onFirstConnect: Deferred<void> | undefined;

  private linkOptions(): LinkOptions {
    const o = this.options;
    return {
      name: o.name,
      verbose: o.verbose,
      pedantic: o.pedantic,
      noEcho: o.noEcho,
      noResponders: o.noResponders,
      headers: o.headers,
      timeout: o.timeout,
      tls: o.tls,
      pingInterval: o.pingInterval,
      maxPingOut: o.maxPingOut,
      retainUnacked: o.resendUnacked && o.reconnect ? o.reconnectBufSize : 0,
      debug: o.debug,
      authenticate: o.authenticator,
    };
  }

  // Dials one server and, once its handshake is done, makes it the current link.
  async openLink(server: ServerImpl): Promise<void> {
    server.lastConnect = Date.now();
    const link = new Link(server, this.factory(), this.linkOptions(), this);
    await link.open();
    if (this.state === "closed") {
      link.close();
      throw new ClosedConnectionError();
    }
    this.adopt(link);
  }

  // A link finished its handshake: make it current, restore subscriptions, send what waited. A link we
  // moved to out of lame duck mode already has the subscriptions, and nothing waited (we stayed connected).
  private adopt(link: Link, moved = false): void {
    const reconnected = this.connectedOnce && !moved;
    const server = link.server;
    this.link = link;
    this.state = "connected";
    if (!moved) this.lastAuthError = undefined;
    server.didConnect = true;
    server.reconnects = 0;
    server.lameDuck = false;
    this.servers.setCurrent(server);
    this.servers.updateTlsName();
    this.applyInfo(link.serverInfo!, link, false);
    const out = link.outbound;
    if (reconnected) {
      // Subscriptions first (so buffered publishes reach them), then what was published meanwhile.
      this.writeSubs(out);
      for (const part of this.pendingOut.take()) out.raw(part);
      this.reconnects++;
    }
    const flushes = this.pendingFlushes;
    this.pendingFlushes = [];
    for (const f of flushes) link.sendPing(f);
    out.flush();
    if (this.connectedOnce) this.emit({ type: "reconnect", server: server.listen });
    this.connectedOnce = true;
    if (this.onFirstConnect) {
      this.onFirstConnect.resolve();
      this.onFirstConnect = undefined;
    }
  }

  private writeSubs(out: Outbound): void {
    this.subs.writeAll(out);
  }

  onClosed(link: Link, err: Error | undefined): void {
    if (link !== this.link) return; // a link we moved away from, or one that never finished its handshake
    this.link = undefined;
    if (this.state === "closed") return;
    this.unretainedBytes += link.unretainedBytes;
    // A protocol error (garbage from the server) is reported as such, then the disconnect.
    if (err && !(err instanceof ConnectionError)) this.emit({ type: "error", error: err });
    this.emit({ type: "disconnect", server: link.server.listen });
    this.recover(link);
    if (!this.options.reconnect || this.draining) {
      void this.close(err && !(err instanceof ConnectionError) ? err : undefined);
      return;
    }
    this.state = "reconnecting";
    void this.reconnectLoop();
  }

  // Keeps what the lost link may not have delivered: the publishes in batches its server never
  // acknowledged, and those still queued, in order, ahead of anything published from now on.
  private recover(link: Link): void {
    const batches = [...link.unacked(), link.outbound.take()];
    link.outbound.sink = null;
    if (this.options.resendUnacked) this.pendingOut.recover(batches);
  }

  private async reconnectLoop(): Promise<void> {
    if (this.reconnectLoopRunning) return;
    this.reconnectLoopRunning = true;
    try {
      await reconnectLoop(this);
    } finally {
      this.reconnectLoopRunning = false;
    }
  }

  isReconnecting(): boolean {
    return this.state === "reconnecting";
  }

  private sleeper: Delay | undefined;
  sleep(ms: number): Promise<void> {
    this.sleeper = delay(ms);
    return this.sleeper;
  }

  /** Closes the connection: subscriptions end, pending requests fail, `closed()` resolves. Idempotent. */
  async close(err?: Error): Promise<void> {
    if (this.state === "closed") return this.closedPromise.then(() => {});
    this.state = "closed";
    this.sleeper?.cancel();
    const link = this.link;
    this.link = undefined;
    if (link) {
      link.outbound.flush();
      link.close();
    }
    this.mux?.failAll(new RequestError("connection closed", { cause: new ClosedConnectionError() }));
    for (const sub of this.subs.clear()) sub.finish(undefined);
    for (const f of this.pendingFlushes) f(new ClosedConnectionError());
    this.pendingFlushes = [];
    this.pendingOut.take();
    if (this.onFirstConnect) {
      this.onFirstConnect.reject(err ?? new ClosedConnectionError());
      this.onFirstConnect = undefined;
    }
    this.emit({ type: "close" });
    this.statusHub.close();
    this.closedPromise.resolve(err);
  }

  closed(): Promise<void | Error> {
    return this.closedPromise;
  }

  isClosed(): boolean {
    return this.state === "closed";
  }

  isConnected(): boolean {
    return this.state === "connected";
  }

  isDraining(): boolean {
    return this.draining;
  }

  /** Drains every subscription, flushes, then closes. */
  async drain(): Promise<void> {
    if (this.state === "closed") throw new ClosedConnectionError();
    if (this.draining) throw new DrainingConnectionError();
    this.draining = true;
    const subs = [...this.subs.values()];
    await Promise.all(subs.map((s) => s.drain().catch(() => {})));
    try {
      await this.flush();
    } catch {
      // closing anyway
    }
    this.noMorePublishing = true;
    await this.close();
  }

  /** Drops the current connection and reconnects (or closes, when reconnect is off). */
  async reconnect(): Promise<void> {
    if (this.state === "closed") throw new ClosedConnectionError();
    if (this.draining) throw new DrainingConnectionError();
    const link = this.link;
    if (!link || this.state !== "connected") return;
    this.emit({ type: "forceReconnect" });
    link.close(new ConnectionError("reconnect requested"));
  }

  // ---- status -------------------------------------------------------------------------------------------

  emit(s: Status): void {
    if (this.options.debug) console.debug(`nats-stack status: ${s.type}`);
    this.statusHub.emit(s);
  }

  status(): AsyncIterable<Status> {
    return this.statusHub.listen();
  }

  reportError(err: Error): void {
    this.emit({ type: "error", error: err });
  }

  reportSlow(sub: SubscriptionImpl, pending: number): void {
    this.emit({ type: "slowConsumer", sub, pending });
  }

  onPing(pendingPings: number): void {
    this.emit({ type: "ping", pendingPings });
  }

  onStale(link: Link): void {
    this.emit({ type: "staleConnection" });
    link.close(new ConnectionError("stale connection"));
  }

  stats(): Stats {
    const droppedMsgs = this.droppedMsgs + [...this.subs.values()].reduce((n, s) => n + s.getDropped(), 0);
    return {
      inBytes: this.inBytes,
      outBytes: this.outBytes,
      inMsgs: this.inMsgs,
      outMsgs: this.outMsgs,
      reconnects: this.reconnects,
      refusedMsgs: this.pendingOut.refusedMsgs,
      refusedBytes: this.pendingOut.refusedBytes,
      droppedMsgs,
      resentMsgs: this.pendingOut.resentMsgs,
      unretainedBytes: this.unretainedBytes + (this.link?.unretainedBytes ?? 0),
    };
  }

  getServer(): string {
    return this.link?.server.listen ?? "";
  }

  // ---- incoming -----------------------------------------------------------------------------------------

  onMsg(frame: Frame, _link: Link): void {
    this.inMsgs++;
    this.inBytes += frame.size;
    const sub = this.subs.get(frame.sid);
    if (sub === undefined) return; // after an UNSUB, a few may still arrive
    sub.deliver(new MsgImpl(frame, this));
  }

  onInfo(info: ServerInfo, link: Link): void {
    this.applyInfo(info, link, true);
  }

  private applyInfo(info: ServerInfo, link: Link, async: boolean): void {
    if (link !== this.link) return;
    this.info = info;
    if (!this.options.ignoreClusterUpdates && info.connect_urls) {
      const changed = this.servers.update(info.connect_urls);
      if (async && (changed.added.length || changed.deleted.length)) {
        this.emit({ type: "update", added: changed.added, deleted: changed.deleted });
      }
    }
    if (info.ldm) {
      link.server.lameDuck = true;
      this.emit({ type: "ldm", server: link.server.listen });
      if (this.options.lameDuckMove) this.scheduleMove(link);
    }
  }

  mapError(text: string): Error {
    return mapServerError(text);
  }

  onErr(text: string, link: Link): void {
    const err = mapServerError(text);
    if (err instanceof PermissionViolationError) routePermissionError(err, this.subs, this.mux);
    this.emit({ type: "error", error: err });
    if (err instanceof AuthorizationError || err instanceof UserAuthenticationExpiredError) {
      // The server closes the connection after these; the reconnect logic decides what follows.
      this.lastAuthError = { server: link.server, text };
    }
  }

  // ---- lame duck ----------------------------------------------------------------------------------------

  private scheduleMove(link: Link): void {
    if (this.moving) return;
    this.moving = true;
    const delay = Math.floor(Math.random() * (this.options.lameDuckMoveDelay + 1));
    setTimeout(() => {
      void moveAway(
        {
          options: this.options,
          servers: this.servers,
          current: () => this.link,
          isConnected: () => this.state === "connected",
          newLink: (server) => new Link(server, this.factory(), this.linkOptions(), this),
          writeSubs: (out) => this.writeSubs(out),
          detach: () => (this.link = undefined),
          switchTo: (l) => this.adopt(l, true),
        },
        link,
      ).finally(() => (this.moving = false));
    }, delay);
  }

  // ---- outgoing -----------------------------------------------------------------------------------------

  /** Publishes; validates everything before a byte is queued. */
  publish(subject: string, payload: Payload = Empty, opts?: PublishOptions): void {
    this.send(subject, payload, opts, 0, opts?.reply);
  }

  /**
   * Publishes a muxed request. Its reply subject is ours (already valid), so only the subject is checked;
   * the reply will acknowledge the batch it was written in.
   */
  publishRequest(subject: string, payload: Payload | undefined, reply: string, opts: PublishOptions | undefined): RequestAck | undefined {
    return this.send(subject, payload, opts, 1, reply);
  }

  /**
   * The one publish path. `kind` 0 is a plain publish (its batch asks for a PING, so the server's PONG
   * acknowledges it); 1 a muxed request, acknowledged by its reply (the return value says where it was
   * written); 2 a reply to a received message, which needs no acknowledgement (a reply lost with a server
   * is answered again when the requester's client sends the request again).
   */
  send(subject: string, payload: Payload | undefined, opts: PublishOptions | undefined, kind: 0 | 1 | 2, reply: string | undefined): RequestAck | undefined {
    if (this.state === "closed") throw new ClosedConnectionError();
    if (this.noMorePublishing) throw new DrainingConnectionError();
    if (kind === 2) this.subjects.once(subject);
    else this.subjects.literal(subject);
    if (reply !== undefined && kind !== 1) {
      if (reply === "") reply = undefined;
      else this.subjects.once(reply);
    }
    const { data, headers: hdrBytes, size } = messageBytes(payload, opts, this.options.headers, this.info);
    const link = this.link;
    if (link !== undefined && this.state === "connected") {
      this.outBytes += size;
      this.outMsgs++;
      link.outbound.pub(subject, reply, hdrBytes, data);
      if (kind === 1) return { link, batch: link.nextBatch() };
      if (kind === 0) link.ackWanted = true;
      return undefined;
    }
    // Disconnected: keep it within the budget, or refuse it now.
    this.pendingOut.add(subject, reply, hdrBytes, data, size);
    this.outBytes += size;
    this.outMsgs++;
    return undefined;
  }

  /** A reply arrived for a request published with {@link publish}`(…, true)`. */
  replied(ack: RequestAck | undefined): void {
    if (ack && ack.link === this.link) ack.link.ackThrough(ack.batch);
  }

  /** Subscribes; the SUB is written now, or with every other subscription after a reconnect. */
  subscribe(subject: string, opts: SubscriptionOptions = {}): SubscriptionImpl {
    if (this.state === "closed") throw new ClosedConnectionError();
    if (this.draining) throw new DrainingConnectionError();
    this.subjects.subscription(subject);
    checkSubOptions(opts);
    const sub = new SubscriptionImpl(this, this.subs.nextSid(), subject, opts);
    this.subs.add(sub);
    if (this.link && this.state === "connected") Subscriptions.write(this.link.outbound, sub);
    return sub;
  }

  /** SubscriptionHost: UNSUB now (or remember `max`); forget the sid unless more messages are due. */
  unsubscribe(sub: SubscriptionImpl, max?: number): void {
    if (max !== undefined && max < 0) throw InvalidArgumentError.format("max", "must be a positive number");
    if (!this.subs.has(sub)) return;
    const keep = max !== undefined && max > 0 && sub.getReceived() < max;
    if (!keep) this.subs.remove(sub);
    if (this.link && this.state === "connected") this.link.outbound.raw(encodeUnsub(sub.sid, keep ? max : undefined));
  }

  stopInterest(sub: SubscriptionImpl): void {
    if (!this.subs.has(sub)) return;
    if (this.link && this.state === "connected") this.link.outbound.raw(encodeUnsub(sub.sid));
  }

  forget(sub: SubscriptionImpl): void {
    this.subs.remove(sub);
  }

  /** Resolves once the server has processed everything written so far (waits through a reconnect). */
  flush(): Promise<void> {
    if (this.state === "closed") return Promise.reject(new ClosedConnectionError());
    return new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        if (!err) resolve();
        else if (this.state === "closed") reject(new ClosedConnectionError());
        else this.whenConnected(done);
      };
      this.whenConnected(done);
    });
  }

  private whenConnected(done: (err?: Error) => void): void {
    if (this.link && this.state === "connected") this.link.sendPing(done);
    else this.pendingFlushes.push(done);
  }

  /** The shared request inbox, created (and subscribed) on first use. */
  requestMux(): InboxMux {
    if (!this.mux) {
      const mux = new InboxMux(`${this.options.inboxPrefix}.${nuid.next()}.`);
      this.mux = mux;
      const sub = mux.subscribe(this);
      void sub.closed.then(() => {
        if (this.mux === mux) this.mux = undefined;
      });
    }
    return this.mux;
  }
}
