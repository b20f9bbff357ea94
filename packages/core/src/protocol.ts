import {
  ClientOpParser,
  encodeSub,
  encodeUnsub,
  subjectProblem,
  validateQueue,
  type ClientPub,
  type Frame,
  type ServerInfo,
} from "@nats-stack/wire";
import {
  AuthorizationError,
  ClosedConnectionError,
  ConnectionError,
  DrainingConnectionError,
  ErrorCode,
  InvalidArgumentError,
  InvalidSubjectError,
  PermissionViolationError,
  ProtocolError,
  RequestError,
  UserAuthenticationExpiredError,
} from "./errors";
import { deferred, type Deferred } from "./deferred";
import type { MsgHdrs } from "./headers";
import { MsgHdrsImpl } from "./headers";
import { Deadlines } from "./deadlines";
import { InboxMux } from "./inbox-mux";
import { Link, type LinkOptions, type LinkOwner } from "./link";
import { MsgImpl } from "./msg";
import { nuid } from "./nuid";
import type { ResolvedOptions } from "./options";
import { Outbound } from "./outbound";
import { Empty, encodeUtf8 } from "./payload";
import type { Payload, PublishOptions } from "./publish-options";
import { Servers, type ServerImpl } from "./servers";
import { StatusHub, type Status } from "./status";
import { SubscriptionImpl, type SubscriptionHost } from "./subscription";
import type { SubscriptionOptions } from "./subscription-api";
import type { TransportFactory } from "./transport";

type State = "connecting" | "connected" | "reconnecting" | "closed";

/** Where a request was written, so its reply can acknowledge that batch. */
export interface RequestAck {
  link: Link;
  batch: number;
}

/** Counters of a connection (nats.js's four, and ours). */
export interface Stats {
  inBytes: number;
  outBytes: number;
  inMsgs: number;
  outMsgs: number;
  /** Ours: successful reconnects. */
  reconnects?: number;
  /** Ours: publishes refused because the reconnect buffer was full. */
  refusedMsgs?: number;
  refusedBytes?: number;
  /** Ours: messages dropped by subscriptions past their pending limits. */
  droppedMsgs?: number;
  /** Ours: unacknowledged publishes sent again after a reconnect. */
  resentMsgs?: number;
  /** Ours: bytes written before a disconnect that could no longer be kept for resending. */
  unretainedBytes?: number;
}

/** Subjects validated recently, to skip validating the same subject on every publish. */
const SUBJECT_CACHE = 128;

/**
 * The client engine: the server pool, the current link, subscriptions, the request inbox, the reconnect
 * buffer, status events. Public methods are reached through `NatsConnectionImpl`.
 */
export class ProtocolHandler implements LinkOwner, SubscriptionHost {
  readonly options: ResolvedOptions;
  readonly servers: Servers;
  private readonly factory: TransportFactory;
  private link: Link | undefined;
  private state: State = "connecting";
  private draining = false;
  noMorePublishing = false;
  readonly subs = new Map<number, SubscriptionImpl>();
  private sidCounter = 0;
  private mux: InboxMux | undefined;
  private muxSub: SubscriptionImpl | undefined;
  /** Publishes made while disconnected (and those recovered from a lost link), bounded by the budget. */
  private readonly pendingOut = new Outbound(null);
  private pendingFlushes: Array<(err?: Error) => void> = [];
  private readonly statusHub = new StatusHub();
  private readonly closedPromise: Deferred<void | Error> = deferred<void | Error>();
  private readonly validSubjects = new Set<string>();
  /** Deadlines of muxed requests, on one timer. */
  readonly deadlines = new Deadlines();
  private connectedOnce = false;
  private lastAuthError: { server: ServerImpl; text: string } | undefined;
  private reconnectLoopRunning = false;
  private moving = false;
  info: ServerInfo | undefined;
  inBytes = 0;
  outBytes = 0;
  inMsgs = 0;
  outMsgs = 0;
  reconnects = 0;
  refusedMsgs = 0;
  refusedBytes = 0;
  droppedMsgs = 0;
  resentMsgs = 0;
  unretainedBytes = 0;

  constructor(options: ResolvedOptions, factory: TransportFactory) {
    this.options = options;
    this.factory = factory;
    this.servers = new Servers(options.servers, !options.noRandomize);
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
  private async openLink(server: ServerImpl): Promise<void> {
    server.lastConnect = Date.now();
    const link = new Link(server, this.factory(), this.linkOptions(), this);
    await link.open();
    if (this.state === "closed") {
      link.close();
      throw new ClosedConnectionError();
    }
    this.adopt(link);
  }

  // A link finished its handshake: make it current, restore subscriptions, send what waited.
  private adopt(link: Link): void {
    const wasReconnect = this.connectedOnce;
    const server = link.server;
    this.link = link;
    this.state = "connected";
    this.connectedOnce = true;
    this.lastAuthError = undefined;
    server.didConnect = true;
    server.reconnects = 0;
    server.lameDuck = false;
    this.servers.setCurrent(server);
    this.servers.updateTlsName();
    this.applyInfo(link.serverInfo!, link, false);
    const out = link.outbound;
    if (wasReconnect) {
      // Subscriptions first (so buffered publishes reach them), then what was published meanwhile.
      for (const sub of this.subs.values()) if (!sub.isDraining()) this.writeSub(out, sub);
      for (const part of this.pendingOut.take()) out.raw(part);
      this.mux?.ackAll();
    }
    const flushes = this.pendingFlushes;
    this.pendingFlushes = [];
    for (const f of flushes) link.sendPing(f);
    out.flush();
    if (wasReconnect) {
      this.reconnects++;
      this.emit({ type: "reconnect", server: server.listen });
    }
    if (this.onFirstConnect) {
      this.onFirstConnect.resolve();
      this.onFirstConnect = undefined;
    }
  }

  private writeSub(out: Outbound, sub: SubscriptionImpl): void {
    out.raw(encodeSub(sub.subject, sub.sid, sub.queue));
    const remaining = sub.remaining();
    if (remaining !== undefined) out.raw(encodeUnsub(sub.sid, remaining));
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
    const frames: ClientPub[] = [];
    const parser = new ClientOpParser(
      {
        connect() {},
        pub: (m) => frames.push(m),
        sub() {},
        unsub() {},
        ping() {},
        pong() {},
      },
      { checkHeaderBlock: false },
    );
    try {
      for (const batch of batches) for (const part of batch) parser.parse(part);
    } catch {
      // Our own bytes always parse; if they did not, resending is not safe.
      return;
    }
    if (!this.options.resendUnacked) return;
    const budget = this.options.reconnectBufSize;
    for (const f of frames) {
      const size = f.size + 64;
      if (this.pendingOut.pending + size > budget) {
        this.refusedMsgs++;
        this.refusedBytes += f.size;
        continue;
      }
      this.pendingOut.pub(f.subject, f.reply, f.headers, f.payload);
      this.resentMsgs++;
    }
  }

  private async reconnectLoop(): Promise<void> {
    if (this.reconnectLoopRunning) return;
    this.reconnectLoopRunning = true;
    try {
      const max = this.options.maxReconnectAttempts;
      while (this.state === "reconnecting") {
        let server = this.servers.next();
        if (this.options.reconnectToServer && server) {
          const pick = this.options.reconnectToServer(this.servers.snapshot(), this.info ?? null);
          if (pick) {
            const chosen = "server" in pick && typeof (pick as { delay?: number }).delay === "number" ? (pick as { server: { listen: string }; delay: number }) : undefined;
            const target = chosen ? chosen.server : (pick as { listen: string });
            const found = this.servers.all().find((s) => s.listen === target.listen);
            if (!found) {
              await this.close(new ConnectionError(`reconnectToServer returned a server not in the pool: ${target.listen}`));
              return;
            }
            server = found;
            if (chosen && chosen.delay > 0) await this.sleep(chosen.delay);
          }
        }
        if (!server) {
          await this.close(new ConnectionError("no servers left to connect to"));
          return;
        }
        // Wait before trying a server again, as nats.js: only after a full round of the pool.
        const since = Date.now() - server.lastConnect;
        const wait = this.options.reconnectDelayHandler();
        if (server.lastConnect > 0 && since < wait) await this.sleep(wait - since);
        if (this.state !== "reconnecting") return;
        this.emit({ type: "reconnecting" });
        server.reconnects++;
        this.servers.setCurrent(server);
        try {
          await this.openLink(server);
          return;
        } catch (err) {
          if (this.state !== "reconnecting") return;
          const e = err as Error;
          if (e instanceof AuthorizationError || e instanceof UserAuthenticationExpiredError) {
            this.emit({ type: "error", error: e });
            const again = this.lastAuthError && this.lastAuthError.server === server && this.lastAuthError.text === e.message;
            if (again && !this.options.ignoreAuthErrorAbort) {
              await this.close(e);
              return;
            }
            this.lastAuthError = { server, text: e.message };
          }
          if (max !== -1 && server.reconnects >= max) this.servers.remove(server);
        }
      }
    } finally {
      this.reconnectLoopRunning = false;
    }
  }

  private sleeper: { timer: ReturnType<typeof setTimeout>; done: () => void } | undefined;
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleeper = undefined;
        resolve();
      }, ms);
      this.sleeper = { timer, done: resolve };
    });
  }

  /** Closes the connection: subscriptions end, pending requests fail, `closed()` resolves. Idempotent. */
  async close(err?: Error): Promise<void> {
    if (this.state === "closed") return this.closedPromise.then(() => {});
    this.state = "closed";
    if (this.sleeper) {
      clearTimeout(this.sleeper.timer);
      this.sleeper.done();
    }
    const link = this.link;
    this.link = undefined;
    if (link) {
      link.outbound.flush();
      link.close();
    }
    this.mux?.failAll(new RequestError("connection closed", { cause: new ClosedConnectionError() }));
    for (const sub of this.subs.values()) sub.finish(undefined);
    this.subs.clear();
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
      refusedMsgs: this.refusedMsgs,
      refusedBytes: this.refusedBytes,
      droppedMsgs,
      resentMsgs: this.resentMsgs,
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
    return (
      AuthorizationError.parse(text) ??
      UserAuthenticationExpiredError.parse(text) ??
      PermissionViolationError.parse(text) ??
      new ProtocolError(text)
    );
  }

  onErr(text: string, link: Link): void {
    const err = this.mapError(text);
    if (err instanceof PermissionViolationError) {
      // The connection stays up: the affected subscription (or request) fails, and status() hears of it.
      if (err.operation === "subscription") {
        for (const sub of [...this.subs.values()]) {
          if (sub.subject === err.subject && (err.queue === undefined || sub.queue === err.queue)) sub.fail(err);
        }
      } else if (this.mux) {
        this.mux.failSubject(err.subject, err);
      }
      for (const sub of [...this.subs.values()]) {
        if (sub.requestSubject === err.subject && err.operation === "publish") sub.fail(new RequestError(err.message, { cause: err }));
      }
      this.emit({ type: "error", error: err });
      return;
    }
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
      void this.moveFrom(link).finally(() => (this.moving = false));
    }, delay);
  }

  // Make before break: connect to another server and subscribe there, switch publishing over, then let the
  // old server acknowledge everything it got before closing it. Nothing published is lost; a message
  // published during the switch may reach a subscriber through both servers.
  private async moveFrom(old: Link): Promise<void> {
    for (let tries = 0; tries < this.servers.length; tries++) {
      if (this.link !== old || this.state !== "connected") return;
      const target = this.servers.next();
      if (!target || target === old.server || target.lameDuck) return;
      target.lastConnect = Date.now();
      const fresh = new Link(target, this.factory(), this.linkOptions(), this);
      try {
        await fresh.open();
      } catch {
        this.servers.setCurrent(target);
        continue;
      }
      if (this.link !== old || this.state !== "connected") {
        fresh.close();
        return;
      }
      for (const sub of this.subs.values()) if (!sub.isDraining()) this.writeSub(fresh.outbound, sub);
      const subscribed = new Promise<void>((resolve) => fresh.sendPing(() => resolve()));
      fresh.outbound.flush();
      await subscribed;
      if (this.link !== old || this.state !== "connected") {
        fresh.close();
        return;
      }
      // Switch: from here every write goes to the new server.
      const oldOut = old.outbound;
      this.link = undefined;
      this.adoptMoved(fresh);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const acked = new Promise<void>((resolve) => {
        old.sendPing(() => resolve());
        timer = setTimeout(resolve, this.options.timeout);
      });
      oldOut.flush();
      await acked;
      clearTimeout(timer);
      old.close();
      return;
    }
  }

  private adoptMoved(link: Link): void {
    const flushes = this.pendingFlushes;
    this.pendingFlushes = [];
    this.link = link;
    this.servers.setCurrent(link.server);
    link.server.didConnect = true;
    this.applyInfo(link.serverInfo!, link, false);
    for (const f of flushes) link.sendPing(f);
    link.outbound.flush();
    this.emit({ type: "reconnect", server: link.server.listen });
  }

  // ---- outgoing -----------------------------------------------------------------------------------------

  // Validates a literal subject that is unlikely to repeat (a reply subject) without caching it.
  private checkOnce(subject: unknown): void {
    if (typeof subject === "string" && this.validSubjects.has(subject)) return;
    const why = typeof subject === "string" ? subjectProblem(subject, false) : "must be a string";
    if (why) throw new InvalidSubjectError(String(subject), { cause: new InvalidArgumentError(`subject ${why}`) });
  }

  private checkSubject(subject: unknown, wildcards = false): string {
    if (typeof subject === "string" && !wildcards && this.validSubjects.has(subject)) return subject;
    const why = typeof subject === "string" ? subjectProblem(subject, wildcards) : "must be a string";
    if (why) {
      throw new InvalidSubjectError(String(subject), { cause: new InvalidArgumentError(`subject ${why}`) });
    }
    if (!wildcards) {
      if (this.validSubjects.size >= SUBJECT_CACHE) this.validSubjects.clear();
      this.validSubjects.add(subject as string);
    }
    return subject as string;
  }

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
    if (kind === 2) this.checkOnce(subject);
    else this.checkSubject(subject);
    if (reply !== undefined && kind !== 1) {
      if (reply === "") reply = undefined;
      else this.checkOnce(reply);
    }
    let hdrs: MsgHdrs | undefined;
    if (opts) {
      hdrs = opts.headers;
      if (opts.traceDestination !== undefined || opts.traceOnly !== undefined) {
        hdrs = hdrs ?? new MsgHdrsImpl();
        if (typeof opts.traceDestination === "string") hdrs.set("Nats-Trace-Dest", opts.traceDestination);
        if (opts.traceOnly === true) hdrs.set("Nats-Trace-Only", "true");
      }
    }
    let data: Uint8Array;
    if (payload instanceof Uint8Array) data = payload;
    else if (typeof payload === "string") data = encodeUtf8(payload);
    else if (payload === undefined || payload === null) data = Empty;
    else throw InvalidArgumentError.format("payload", "must be a Uint8Array or a string");
    let hdrBytes: Uint8Array | undefined;
    if (hdrs) {
      if (!this.options.headers) throw InvalidArgumentError.format("headers", "are disabled by the 'headers' option");
      if (this.info && this.info.headers === false) throw InvalidArgumentError.format("headers", "are not available on this server");
      if (!(hdrs instanceof MsgHdrsImpl)) throw InvalidArgumentError.format("headers", "must be made with headers()");
      hdrBytes = hdrs.encode();
    }
    const size = data.length + (hdrBytes ? hdrBytes.length : 0);
    const max = this.info?.max_payload;
    if (max !== undefined && size > max) throw InvalidArgumentError.format("payload", "max_payload size exceeded");
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
    const frameBytes = size + subject.length + (reply ? reply.length : 0) + 48;
    if (this.pendingOut.pending + frameBytes > this.options.reconnectBufSize) {
      this.refusedMsgs++;
      this.refusedBytes += size;
      const e = new ConnectionError(
        `reconnect buffer full: ${this.pendingOut.pending} of ${this.options.reconnectBufSize} bytes held while disconnected`,
      );
      (e as { code: string }).code = ErrorCode.ReconnectBufferFull;
      throw e;
    }
    this.outBytes += size;
    this.outMsgs++;
    this.pendingOut.pub(subject, reply, hdrBytes, data);
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
    this.checkSubject(subject, true);
    if (typeof opts !== "object" || opts === null) throw InvalidArgumentError.format("options", "must be an object");
    if (opts.queue !== undefined) {
      try {
        validateQueue(opts.queue);
      } catch (err) {
        throw InvalidArgumentError.format("queue", `is not valid: ${(err as Error).message}`, { cause: err });
      }
    }
    for (const k of ["max", "timeout", "maxInFlight"] as const) {
      const v = opts[k];
      if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < 0)) {
        throw InvalidArgumentError.format(k, "must be a non-negative integer");
      }
    }
    if (opts.callback !== undefined && typeof opts.callback !== "function") {
      throw InvalidArgumentError.format("callback", "must be a function");
    }
    const sub = new SubscriptionImpl(this, ++this.sidCounter, subject, opts);
    this.subs.set(sub.sid, sub);
    if (this.link && this.state === "connected") this.writeSub(this.link.outbound, sub);
    return sub;
  }

  /** SubscriptionHost: UNSUB now (or remember `max`); forget the sid unless more messages are due. */
  unsubscribe(sub: SubscriptionImpl, max?: number): void {
    if (max !== undefined && max < 0) throw InvalidArgumentError.format("max", "must be a positive number");
    if (this.subs.get(sub.sid) !== sub) return;
    const keep = max !== undefined && max > 0 && sub.getReceived() < max;
    if (!keep) this.subs.delete(sub.sid);
    if (this.link && this.state === "connected") this.link.outbound.raw(encodeUnsub(sub.sid, keep ? max : undefined));
  }

  stopInterest(sub: SubscriptionImpl): void {
    if (this.subs.get(sub.sid) !== sub) return;
    if (this.link && this.state === "connected") this.link.outbound.raw(encodeUnsub(sub.sid));
  }

  forget(sub: SubscriptionImpl): void {
    if (this.subs.get(sub.sid) === sub) this.subs.delete(sub.sid);
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
      const base = `${this.options.inboxPrefix}.${nuid.next()}.`;
      const mux = new InboxMux(base);
      this.mux = mux;
      this.muxSub = this.subscribe(`${base}*`, {
        callback: (err, m) => {
          if (err) mux.failAll(new RequestError(err.message, { cause: err }));
          else mux.dispatch(m as MsgImpl);
        },
        pendingMsgsLimit: -1,
        pendingBytesLimit: -1,
      });
      void this.muxSub.closed.then(() => {
        if (this.mux === mux) {
          this.mux = undefined;
          this.muxSub = undefined;
        }
      });
    }
    return this.mux;
  }
}
