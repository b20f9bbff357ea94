import type { Frame, ServerInfo } from "@nats-stack/wire";
import { ClosedConnectionError, ConnectionError, DrainingConnectionError, RequestError } from "../errors";
import { deferred, delay, type Deferred, type Delay } from "../deferred";
import { Deadlines } from "../requests/deadlines";
import { InboxMux } from "../requests/inbox-mux";
import { LameDuckMover } from "../resilience/lame-duck";
import { Link, type LinkOwner } from "./link";
import { headerBlockProblem } from "./malformed-headers";
import { MsgImpl } from "../messages/msg";
import { nuid } from "../nuid";
import type { ResolvedOptions } from "../connection/options";
import { Empty } from "../messages/payload";
import type { Payload, PublishOptions } from "../messages/publish-options";
import type { PublishKind, ReplyReceipt } from "./resend-ledger";
import { connectFirst, reconnectLoop, type ReconnectHost } from "../resilience/reconnect-loop";
import { PLAIN_LIMIT, Publisher } from "./publisher";
import { FlushWaiters } from "./flush-waiters";
import type { ReplySource } from "./outbound";
import { Servers, type ServerImpl } from "../resilience/servers";
import { StatusHub, type Status } from "../connection/status";
import { applyServerError, applyServerInfo, type NoticeHost } from "./server-notices";
import type { Stats } from "../connection/stats";
import type { SubscriptionImpl, SubscriptionHost } from "../subscriptions/subscription";
import { SubscriptionRegistry } from "../subscriptions/subscription-registry";
import type { SubscriptionOptions } from "../subscriptions/subscription-api";
import type { BytesView, TransportFactory } from "../transports/transport";

export type { Stats } from "../connection/stats";

type State = "connecting" | "connected" | "reconnecting" | "closed";

/**
 * The client engine: the server pool, the current link, subscriptions, the request inbox, the reconnect
 * buffer, status events. Public methods are reached through `NatsConnectionImpl`.
 */
export class ProtocolHandler implements LinkOwner, SubscriptionHost, ReconnectHost, NoticeHost {
  declare readonly options: ResolvedOptions;
  declare readonly servers: Servers;
  readonly #factory: TransportFactory;
  #link: Link | undefined;
  #state: State = "connecting";
  #draining = false;
  noMorePublishing = false;
  readonly subs = new SubscriptionRegistry();
  #mux: InboxMux | undefined;
  readonly #out: Publisher;
  readonly #flushes = new FlushWaiters();
  readonly #statusHub: StatusHub;
  readonly #closedPromise: Deferred<void | Error> = deferred<void | Error>();
  readonly #lameDuck: LameDuckMover;
  /** Deadlines of muxed requests, on one timer. */
  readonly deadlines = new Deadlines();
  /** A connection was established once (reconnect attempts count only from then on). */
  connectedOnce = false;
  #onFirstConnect: Deferred<void> | undefined;
  lastAuthError: { server: ServerImpl; text: string } | undefined;
  lastServerError: { link: Link; err: Error } | undefined;
  #reconnectLoopRunning = false;
  #sleeper: Delay | undefined;
  info: ServerInfo | undefined;
  /** Payload bytes (headers included) and messages received, as nats.js counts them. */
  inBytes = 0;
  inMsgs = 0;
  reconnects = 0;
  unretainedBytes = 0;
  /** The current transport's kind of view for messages' data (see Transport.bytesView). */
  bytesView: BytesView | undefined = undefined;

  constructor(options: ResolvedOptions, factory: TransportFactory) {
    this.options = options;
    this.#factory = factory;
    this.servers = new Servers(options.servers, !options.noRandomize, factory.urls ?? "tcp");
    this.#out = new Publisher(options.reconnectBufSize, options.headers);
    this.#statusHub = new StatusHub(options.debug);
    this.#lameDuck = new LameDuckMover({
      options,
      servers: this.servers,
      current: () => this.#link,
      isConnected: () => this.#state === "connected",
      newLink: (server) => new Link(server, this.#factory(this.options), this.options, this),
      writeSubs: (link) => this.subs.writeAll(link),
      detach: () => (this.#link = undefined),
      switchTo: (l) => this.#adopt(l, true),
    });
  }

  // ---- lifecycle ----------------------------------------------------------------------------------------

  /** Connects to the first server of the pool that accepts; with `waitOnFirstConnect`, keeps trying. */
  async start(): Promise<void> {
    if (this.options.waitOnFirstConnect) {
      this.#state = "reconnecting";
      const connected = deferred<void>();
      this.#onFirstConnect = connected;
      void this.#reconnectLoop();
      return connected;
    }
    const err = await connectFirst(this);
    if (!err) return;
    this.#state = "closed";
    this.#closedPromise.resolve(err);
    throw err;
  }

  /** Dials one server and, once its handshake is done, makes it the current link. */
  async openLink(server: ServerImpl): Promise<void> {
    server.lastConnect = Date.now();
    const link = new Link(server, this.#factory(this.options), this.options, this);
    await link.open();
    if (this.#state === "closed") {
      link.close();
      throw new ClosedConnectionError();
    }
    this.#adopt(link);
  }

  // A link finished its handshake: make it current, restore subscriptions, send what waited. A link we
  // moved to out of lame duck mode already has the subscriptions, and nothing waited (we stayed connected).
  #adopt(link: Link, moved = false): void {
    const reconnected = this.connectedOnce && !moved;
    const server = link.server;
    this.#link = link;
    this.bytesView = link.transport.bytesView;
    this.#state = "connected";
    if (!moved) this.lastAuthError = undefined;
    server.didConnect = true;
    server.reconnects = 0;
    server.lameDuck = false;
    this.servers.setCurrent(server);
    this.servers.updateTlsName();
    applyServerInfo(this, link.serverInfo!, link, this.#lameDuck);
    if (reconnected) {
      // Subscriptions first (so buffered publishes reach them), then what was published meanwhile.
      this.subs.writeAll(link);
      link.resend(this.#out.held.take());
      this.reconnects++;
    }
    this.#flushes.connected(link);
    link.flush();
    if (this.connectedOnce) this.emit({ type: "reconnect", server: server.listen });
    this.connectedOnce = true;
    this.#onFirstConnect?.resolve();
    this.#onFirstConnect = undefined;
  }

  onClosed(link: Link, err: Error | undefined): void {
    if (link !== this.#link) return; // a link we moved away from, or one that never finished its handshake
    this.#link = undefined;
    if (this.#state === "closed") return;
    this.unretainedBytes += link.unretainedBytes;
    // A protocol error (garbage from the server) is reported as such, then the disconnect.
    if (err && !(err instanceof ConnectionError)) this.emit({ type: "error", error: err });
    this.emit({ type: "disconnect", server: link.server.listen });
    // What the lost server may not have read goes first, ahead of anything published from now on.
    const unsent = link.unsent();
    if (this.options.resendUnacked) this.#out.held.recover(unsent);
    if (!this.options.reconnect || this.#draining) {
      // What ends the connection: a protocol error of ours, else the server's -ERR that made it hang up
      // (nats.js resolves closed() with its lastError); a plain hang-up is no error.
      const serverErr = this.lastServerError?.link === link ? this.lastServerError.err : undefined;
      void this.close(err && !(err instanceof ConnectionError) ? err : serverErr);
      return;
    }
    this.#state = "reconnecting";
    void this.#reconnectLoop();
  }

  async #reconnectLoop(): Promise<void> {
    if (this.#reconnectLoopRunning) return;
    this.#reconnectLoopRunning = true;
    await reconnectLoop(this).finally(() => (this.#reconnectLoopRunning = false));
  }

  isReconnecting(): boolean {
    return this.#state === "reconnecting";
  }

  sleep(ms: number): Promise<void> {
    this.#sleeper = delay(ms);
    return this.#sleeper;
  }

  /** Closes the connection: subscriptions end, pending requests fail, `closed()` resolves. Idempotent. */
  async close(err?: Error): Promise<void> {
    if (this.#state === "closed") return this.#closedPromise.then(() => {});
    this.#state = "closed";
    this.#sleeper?.cancel();
    const link = this.#link;
    this.#link = undefined;
    if (link) {
      link.flush();
      link.close();
    }
    this.#mux?.failAll(new RequestError("connection closed", { cause: new ClosedConnectionError() }));
    for (const sub of this.subs.clear()) sub.finish(undefined);
    this.#flushes.fail(new ClosedConnectionError());
    this.#out.held.take();
    this.#onFirstConnect?.reject(err ?? new ClosedConnectionError());
    this.#onFirstConnect = undefined;
    this.emit({ type: "close" });
    this.#statusHub.close();
    // nats.js resolves closed() (and so close() and drain()) only after it stopped its status iterators and
    // subscriptions and then closed its transport, turns later: a program's `for await` loop over
    // nc.status() or a subscription has ended by then (nats.deno's nats-events.ts prints its loop's end
    // before "closed"). One timer turn lets every such loop read its last events and end, whatever its body
    // awaits short of I/O or a timer of its own.
    await delay(0);
    this.#closedPromise.resolve(err);
  }

  closed(): Promise<void | Error> {
    return this.#closedPromise;
  }

  isClosed(): boolean {
    return this.#state === "closed";
  }

  isConnected(): boolean {
    return this.#state === "connected";
  }

  isDraining(): boolean {
    return this.#draining;
  }

  /** Drains every subscription, flushes, then closes. */
  async drain(): Promise<void> {
    if (this.#state === "closed") throw new ClosedConnectionError();
    if (this.#draining) throw new DrainingConnectionError();
    this.#draining = true;
    await Promise.all([...this.subs.values()].map((s) => s.drain().catch(() => {})));
    await this.flush().catch(() => {}); // closing anyway
    this.noMorePublishing = true;
    await this.close();
  }

  /** Drops the current connection and reconnects (or closes, when reconnect is off). */
  async reconnect(): Promise<void> {
    if (this.#state === "closed") throw new ClosedConnectionError();
    if (this.#draining) throw new DrainingConnectionError();
    const link = this.#link;
    if (!link || this.#state !== "connected") return;
    this.emit({ type: "forceReconnect" });
    link.close(new ConnectionError("reconnect requested"));
  }

  // ---- status -------------------------------------------------------------------------------------------

  emit(s: Status): void {
    this.#statusHub.emit(s);
  }

  status(): AsyncIterable<Status> {
    return this.#statusHub.listen();
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
    const { outBytes, ...out } = this.#out.stats();
    return {
      inBytes: this.inBytes,
      outBytes, // nats.js's order: in and out bytes, then messages
      inMsgs: this.inMsgs,
      ...out,
      reconnects: this.reconnects,
      droppedMsgs: this.subs.dropped(),
      unretainedBytes: this.unretainedBytes + (this.#link?.unretainedBytes ?? 0),
    };
  }

  getServer(): string {
    return this.#link?.server.listen ?? "";
  }

  // ---- incoming -----------------------------------------------------------------------------------------

  onMsg(frame: Frame): void {
    this.inMsgs++;
    this.inBytes += frame.size;
    const sub = this.subs.get(frame.sid);
    if (sub === undefined) return; // after an UNSUB, a few may still arrive
    const bad = headerBlockProblem(frame);
    if (bad) {
      this.subs.countDropped(); // one publisher's bad block: drop this message, keep the connection
      return this.emit({ type: "error", error: bad });
    }
    sub.deliver(new MsgImpl(frame, this));
  }

  onInfo(info: ServerInfo, link: Link): void {
    if (link === this.#link) applyServerInfo(this, info, link, this.#lameDuck);
  }

  onErr(text: string, link: Link): void {
    applyServerError(this, text, link, this.#mux);
  }

  // The current link while connected (writes go there), else undefined (they wait or are not needed).
  #live(): Link | undefined {
    return this.#state === "connected" ? this.#link : undefined;
  }

  // The link a publish without options may take a fast path to: connected, and publishing allowed.
  #fast(opts: PublishOptions | undefined): Link | undefined {
    return opts === undefined && !this.noMorePublishing ? this.#live() : undefined;
  }

  // ---- outgoing -----------------------------------------------------------------------------------------

  /** Publishes; validates everything before a byte is queued. */
  publish(subject: string, payload: Payload = Empty, opts?: PublishOptions): void {
    const link = this.#fast(opts);
    // The common case, bytes and nothing else on a live connection, skips building the message's parts.
    if (link !== undefined && payload instanceof Uint8Array && payload.length <= PLAIN_LIMIT) {
      this.#out.plain(link, this.info, subject, payload);
      return;
    }
    this.send(subject, payload, opts, "publish", opts?.reply);
  }

  /**
   * The one publish path (see {@link Publisher.send}). `replyValid`: the reply subject is one of ours,
   * already valid (a request's inbox).
   */
  send(
    subject: string,
    payload: Payload | undefined,
    opts: PublishOptions | undefined,
    kind: PublishKind,
    reply: string | undefined,
    replyValid = kind === "request",
  ): ReplyReceipt | undefined {
    if (this.#state === "closed") throw new ClosedConnectionError();
    if (this.noMorePublishing) throw new DrainingConnectionError();
    return this.#out.send(this.#live(), this.info, subject, payload, opts, kind, reply, replyValid);
  }

  /**
   * A muxed request's publish, its reply subject our own `<base><token in base 36>`: written from `baseBytes`
   * on the fast path (see {@link Publisher.request}), else built as a string for {@link send}. `kind`: what
   * proves it read (see {@link PublishKind}).
   */
  request(subject: string, payload: Payload | undefined, opts: PublishOptions | undefined, base: string, baseBytes: Uint8Array, token: number, kind: PublishKind = "request"): ReplyReceipt | undefined {
    const link = this.#fast(opts);
    if (link) {
      const r = this.#out.request(link, this.info, subject, payload, baseBytes, token, kind);
      if (r !== null) return r;
    }
    return this.send(subject, payload, opts, kind, base + token.toString(36), true);
  }

  /** A message's `respond()`: the reply subject's bytes as the server sent them when possible (see {@link Publisher.respondTo}). */
  respond(m: MsgImpl, reply: ReplySource, payload: Payload | undefined, opts: PublishOptions | undefined): void {
    const link = this.#fast(opts);
    if (link && this.#out.respondTo(link, this.info, reply, payload)) return;
    this.send(m.reply, payload, opts, "reply", opts?.reply);
  }

  /** Subscribes; the SUB is written now, or with every other subscription after a reconnect. */
  subscribe(subject: string, opts: SubscriptionOptions = {}): SubscriptionImpl {
    if (this.#state === "closed") throw new ClosedConnectionError();
    if (this.#draining) throw new DrainingConnectionError();
    this.#out.checkSubscription(subject);
    return this.subs.subscribe(this, subject, opts, this.#live());
  }

  /** SubscriptionHost: UNSUB now (or remember `max`); forget the sid unless more messages are due. */
  unsubscribe(sub: SubscriptionImpl, max?: number): void {
    this.subs.unsubscribe(sub, max, this.#live());
  }

  stopInterest(sub: SubscriptionImpl): void {
    this.subs.stopInterest(sub, this.#live());
  }

  forget(sub: SubscriptionImpl): void {
    this.subs.remove(sub);
  }

  /** Resolves once the server has processed everything written so far (waits through a reconnect). */
  flush(): Promise<void> {
    if (this.#state === "closed") return Promise.reject(new ClosedConnectionError());
    return this.#flushes.flush(() => this.#live(), () => this.#state === "closed");
  }

  /** The shared request inbox, created (and subscribed) on first use; forgotten if its subscription ends. */
  requestMux(): InboxMux {
    return (this.#mux ??= InboxMux.open(this, `${this.options.inboxPrefix}.${nuid.next()}.`, (m) => this.#mux === m && (this.#mux = undefined)));
  }
}
