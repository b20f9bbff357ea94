/**
 * The STAN connection: node-nats-streaming's `Stan` (events `connect`, `close`, `error`, `disconnect`,
 * `reconnecting`, `reconnect`, `connection_lost`, `permission_error`, and ours, `reconnected`), built on a
 * @nats-stack/core connection through its public API only.
 */
import {
  connect as natsConnect,
  createInbox,
  nuid,
  type Delay,
  type Msg,
  type NatsConnection,
  type Subscription as NatsSubscription,
} from "@nats-stack/core";
import { StanError } from "./errors";
import { firstConnect } from "./first-connect";
import { forwardNatsEvents, type ForwardingState } from "./nats-events";
import { isNatsConnection } from "./given-connection";
import { natsOptions } from "./nats-options";
import { checkClusterID } from "./option-checks";
import { requestClose } from "./close-request";
import { parseStanOptions, DEFAULT_ACK_PREFIX, type ResolvedStanOptions, type StanOptions } from "./options";
import { Publisher, publishError, type AckHandlerCallback } from "./publish";
import { publishWhenReady } from "./publish-when-ready";
import { openSession, type Session } from "./session";
import { SessionProperties } from "./session-properties";
import { stanRequest } from "./stan-request";
import { Subscription, type SessionSubjects, type SubscriptionHost } from "./subscription";
import { subscribeArguments } from "./subscription-checks";
import { refuseSubscription } from "./subscription-refusal";
import { SubscriptionOptions } from "./subscription-options";

type State = ForwardingState;

/** A connection to a NATS Streaming server. */
export class Stan extends SessionProperties implements SubscriptionHost {
  readonly clusterID: string;
  private readonly id: string;
  /** The options given, with node-nats-streaming's defaults (and ours) filled in. */
  readonly options: ResolvedStanOptions;
  /** The NATS connection (yours when given as `nc`). */
  nc: NatsConnection | undefined;
  /** Subject of this connection's PubAcks. */
  readonly ackSubject: string;
  private ncOwned = false;
  private state: State = "connecting";
  private session: Session | undefined;
  private firstConnectWait: Delay | undefined;
  private ackSub: NatsSubscription | undefined;
  private readonly subs = new Map<string, Subscription>();
  private readonly publisher: Publisher;
  private readyWaiters: Array<(err?: Error) => void> = [];
  private closeDone: Promise<void> | undefined;

  /** @internal Use {@link connect}. */
  constructor(clusterID: string, clientID: string, opts?: StanOptions | string | number) {
    super();
    if (typeof clusterID !== "string" || clusterID.length < 1) throw StanError.of("BadClusterId");
    if (typeof clientID !== "string" || clientID.length < 1) throw StanError.of("BadClientId");
    this.clusterID = clusterID;
    this.id = clientID;
    this.options = parseStanOptions(opts);
    checkClusterID(clusterID, this.options.discoverPrefix);
    this.ackSubject = `${DEFAULT_ACK_PREFIX}.${nuid.next()}`;
    this.publisher = new Publisher(this.publishSession(), this.options.maxPubAcksInflight, this.options.ackTimeout);
    void this.start();
  }

  /** The client id given to `connect` (read-only, as programs read it). */
  get clientID(): string {
    return this.id;
  }

  // ---- SubscriptionHost ------------------------------------------------------------------------------------

  /** @internal */
  get encoding(): string {
    return this.options.stanEncoding;
  }
  /** @internal */
  get requestTimeout(): number {
    return this.options.requestTimeout;
  }
  /** @internal */
  nats(): NatsConnection | undefined {
    return this.state === "closed" ? undefined : this.nc;
  }
  /** @internal */
  subjects(): SessionSubjects | undefined {
    return this.session;
  }
  /** @internal */
  send(subject: string, payload: Uint8Array, timeout: number, onTimeout: () => StanError, done: (err: Error | null, m?: Msg) => void): void {
    if (!this.session) done(StanError.of("ConnectionClosed"));
    else stanRequest(this.session.mux, subject, payload, timeout, onTimeout, done);
  }
  /** @internal */
  forget(sub: Subscription): void {
    if (this.subs.get(sub.inbox) === sub) this.subs.delete(sub.inbox);
  }

  // ---- lifecycle ---------------------------------------------------------------------------------------------

  /** True once closed (node-nats-streaming's `isClosed`). */
  isClosed(): boolean {
    return this.state === "closed" || this.state === "closing";
  }

  /** Ours: resolves once connected (at once if connected), rejects if the connection fails or closes first. */
  ready(): Promise<this> {
    if (this.state === "connected") return Promise.resolve(this);
    if (this.isClosed()) return Promise.reject(StanError.of("ConnectionClosed"));
    return new Promise((resolve, reject) => this.readyWaiters.push((err) => (err ? reject(err) : resolve(this))));
  }

  private settleReady(err?: Error): void {
    for (const w of this.readyWaiters.splice(0)) w(err);
  }

  private async start(): Promise<void> {
    try {
      this.nc = await this.openNats();
    } catch (err) {
      // Closed meanwhile: close() has reported it.
      if (this.isClosed()) return;
      this.state = "closed";
      this.settleReady(err as Error);
      this.publisher.failAll(err as Error, true);
      this.raise("error", err);
      this.raise("close");
      return;
    }
    const nc = this.nc;
    void forwardNatsEvents(nc, this, () => this.state);
    void nc.closed().then((err) => this.onNatsClosed(err instanceof Error ? err : undefined));
    if (this.isClosed()) {
      // close() was called while the NATS connection was opening.
      if (this.ncOwned) void nc.close();
      return;
    }
    try {
      await this.open(nc);
    } catch (err) {
      if (this.state === "connecting") this.closeWithError("error", err as Error);
      return;
    }
    if (this.state !== "connecting") return;
    this.state = "connected";
    for (const s of this.subs.values()) s.start(nc, this.session!, false);
    this.settleReady();
    this.raise("connect", this);
  }

  // The connection given as `nc`, or a new one (retried as `waitOnFirstConnect` asks).
  private async openNats(): Promise<NatsConnection> {
    const o = this.options;
    if (o.nc !== undefined && o.nc !== null) {
      if (!isNatsConnection(o.nc)) throw StanError.of("UnsupportedConnection");
      return o.nc;
    }
    const opts = natsOptions(o);
    const base = o.reconnectTimeWait ?? o.natsOptions?.reconnectTimeWait ?? 2000;
    const jitter = o.natsOptions?.reconnectJitter ?? 100;
    const nc = await firstConnect(
      natsConnect,
      opts,
      { retry: o.waitOnFirstConnect === true, maxRetries: o.maxReconnectAttempts, wait: () => base + Math.floor(Math.random() * (jitter + 1)) },
      {
        stopped: () => this.isClosed(),
        retrying: () => this.raise("reconnecting"),
        waiting: (d) => (this.firstConnectWait = d),
      },
    );
    this.ncOwned = true;
    return nc;
  }

  private async open(nc: NatsConnection): Promise<void> {
    const o = this.options;
    const session = await openSession(nc, {
      clusterID: this.clusterID,
      clientID: this.clientID,
      discoverPrefix: o.discoverPrefix,
      connectTimeout: o.connectTimeout,
      stanPingInterval: o.stanPingInterval,
      stanMaxPingOut: o.stanMaxPingOut,
      beforeRequest: () => {
        if (!this.ackSub || this.ackSub.isClosed()) {
          this.ackSub = nc.subscribe(this.ackSubject, { callback: (err, m) => (err ? undefined : this.publisher.onAck(m)) });
        }
      },
      lost: (err) => this.lost(session, err),
    });
    if (this.isClosed()) {
      session.dispose(StanError.of("ConnectionClosed"), true);
      return;
    }
    this.session = session;
    this.lastSession = session;
    this.publisher.setSession(this.publishSession());
  }

  private publishSession() {
    return {
      clientID: this.clientID,
      connID: this.session?.connID ?? new Uint8Array(0),
      pubPrefix: this.session?.pubPrefix ?? "",
      ackSubject: this.ackSubject,
      publish: (subject: string, payload: Uint8Array, reply: string) => {
        if (!this.nc) throw StanError.of("ConnectionClosed");
        this.nc.publish(subject, payload, { reply });
      },
    };
  }

  // The pings say the session is gone: recover it when asked to, else close as node-nats-streaming does.
  private lost(session: Session, err: StanError): void {
    if (this.session !== session || this.state !== "connected") return;
    if (!this.options.recoverSession) {
      this.closeWithError("connection_lost", err);
      return;
    }
    this.state = "recovering";
    this.session = undefined;
    session.dispose(err, true);
    this.publisher.failAll(err, false);
    for (const s of this.subs.values()) s.suspend();
    this.raise("connection_lost", err);
    void this.recover(err);
  }

  private async recover(first: Error): Promise<void> {
    const o = this.options;
    let last: Error = first;
    for (let attempt = 1; o.maxRecoverAttempts < 0 || attempt <= o.maxRecoverAttempts; attempt++) {
      await new Promise((r) => setTimeout(r, o.recoverSessionWait));
      const nc = this.nc;
      if (this.state !== "recovering" || !nc || nc.isClosed()) return;
      try {
        await this.open(nc);
      } catch (err) {
        last = err as Error;
        continue;
      }
      if (this.state !== "recovering") return;
      this.state = "connected";
      for (const s of this.subs.values()) s.start(nc, this.session!, true);
      this.settleReady();
      this.raise("reconnected", this);
      return;
    }
    this.closeWithError("error", last);
  }

  private onNatsClosed(err: Error | undefined): void {
    if (this.state === "closed") return;
    const e = err ?? StanError.of("ConnectionClosed");
    this.cleanup(e);
    this.state = "closed";
    this.raise("close");
  }

  private cleanup(err: Error): void {
    this.settleReady(err);
    this.publisher.failAll(err, true);
    for (const s of this.subs.values()) s.connectionClosed(err);
    this.subs.clear();
    this.session?.dispose(err, !this.ncOwned);
  }

  // node-nats-streaming's closeWithError: clean up, close the NATS connection if ours, then `event`, `close`.
  private closeWithError(event: string, err: Error): void {
    if (this.state === "closed") return;
    this.state = "closed";
    // Our NATS connection closes first, so what the cleanup ends sends nothing more (no UNSUBs, as
    // node-nats-streaming).
    this.releaseNats();
    this.cleanup(err);
    this.session = undefined;
    this.raise(event, err);
    this.raise("close");
  }

  private releaseNats(): void {
    const nc = this.nc;
    if (!nc || nc.isClosed()) return;
    if (this.ncOwned) void nc.close();
    else this.ackSub?.unsubscribe();
  }

  /**
   * Closes the session (CloseRequest) and the NATS connection if it is ours. Emits `close` with the close
   * error, or null. Ours: resolves when closed.
   */
  close(): Promise<void> {
    if (this.closeDone) return this.closeDone;
    if (this.state === "closed") return Promise.resolve();
    this.closeDone = new Promise<void>((resolve) => {
      const closeErr = StanError.of("ConnectionClosed");
      const session = this.session;
      const finish = (closeError: Error | null): void => {
        this.state = "closed";
        this.releaseNats();
        session?.dispose(closeErr, !this.ncOwned);
        this.session = undefined;
        this.raise("close", closeError);
        resolve();
      };
      const wasConnected = this.state === "connected" && session !== undefined;
      this.state = "closing";
      this.firstConnectWait?.cancel();
      this.settleReady(closeErr);
      this.publisher.failAll(closeErr, true);
      for (const s of this.subs.values()) s.connectionClosed();
      this.subs.clear();
      session?.pinger?.stop();
      if (!wasConnected || !session.closeRequests || !this.nc || this.nc.isClosed()) {
        finish(null);
        return;
      }
      requestClose(session, session.closeRequests, this.clientID, this.options.requestTimeout, finish);
    });
    return this.closeDone;
  }

  // ---- publish -----------------------------------------------------------------------------------------------

  /**
   * Publishes `data` to channel `subject`; `cb(err, guid)` tells whether the server stored it. Returns the
   * guid. Past `maxPubAcksInflight` publishes awaiting their PubAck, the message is not sent and `cb` gets
   * `stan: max in flight reached.` (thrown without `cb`); use {@link publishAsync} to wait for room instead.
   * Before `connect`, the publish waits for the connection.
   */
  publish(subject: string, data?: Uint8Array | string, cb?: AckHandlerCallback): string {
    if (this.state === "connecting" || this.state === "recovering") {
      return publishWhenReady(() => this.ready(), this.publisher, subject, data, cb, (err) => this.raise("error", err));
    }
    return this.publisher.publish(subject, data, cb);
  }

  /**
   * Ours: publishes and resolves with the guid once the server stored the message; rejects with a
   * StanError (the server's text, or the ack timeout). Waits while `maxPubAcksInflight` publishes are
   * awaiting their PubAck, and while the connection is being established.
   */
  async publishAsync(subject: string, data?: Uint8Array | string): Promise<string> {
    if (this.state === "connecting" || this.state === "recovering") {
      const bad = publishError(subject, data);
      if (bad) throw bad;
      await this.ready();
    }
    return this.publisher.publishAsync(subject, data);
  }

  // ---- subscribe ---------------------------------------------------------------------------------------------

  /** Subscribes to channel `subject`, optionally in queue group `qGroup`. */
  subscribe(subject: string, opts?: SubscriptionOptions): Subscription;
  subscribe(subject: string, qGroup: string | undefined, opts?: SubscriptionOptions): Subscription;
  subscribe(subject: string, qGroup?: string | SubscriptionOptions, opts?: SubscriptionOptions): Subscription {
    // What a SubscriptionRequest cannot carry is refused before anything is subscribed.
    const { group, options } = subscribeArguments(qGroup, opts);
    // A plain object may stand for SubscriptionOptions, as node-nats-streaming allowed (missing fields default).
    const sub = new Subscription(this, subject, group, createInbox(), (options as SubscriptionOptions | undefined) ?? new SubscriptionOptions());
    // node-nats-streaming reports a bad channel or a closed connection on the subscription, afterwards.
    if (refuseSubscription(sub, subject, this.isClosed())) return sub;
    this.subs.set(sub.inbox, sub);
    // Before `connect` (or during a recovery) the subscription is started with the session.
    if (this.state === "connected" && this.nc && this.session) sub.start(this.nc, this.session, false);
    return sub;
  }

  /** node-nats-streaming's `subscriptionOptions()`: a new SubscriptionOptions with the defaults. */
  subscriptionOptions(): SubscriptionOptions {
    return new SubscriptionOptions();
  }
}
