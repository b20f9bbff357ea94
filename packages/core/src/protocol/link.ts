import {
  ServerOpParser,
  encodeConnect,
  encodePing,
  encodePong,
  type ConnectOptions,
  type Frame,
  type ServerInfo,
  type ServerOpSink,
} from "@nats-stack/wire";
import { withUrlCredentials } from "../resilience/url-credentials";
import type { ResolvedOptions } from "../connection/options";
import { ConnectionError, ProtocolError, TimeoutError } from "../errors";
import { Outbound, type ReplySource } from "./outbound";
import type { Batch } from "./write-batch";
import { ResendLedger, type PublishKind, type ReplyReceipt } from "./resend-ledger";
import type { ServerImpl } from "../resilience/servers";
import type { DialOptions, Transport } from "../transports/transport";
import { VERSION } from "../version";
import { render } from "../compat/compat-helpers";
import { mapServerError } from "./server-errors";
import { TransportWriter } from "./transport-writer";
import { deferred, type Deferred } from "../deferred";

/** What a link tells the client about. */
export interface LinkOwner {
  /** A MSG or HMSG arrived (called by the parser directly: no hop through the link). */
  onMsg(frame: Frame): void;
  onInfo(info: ServerInfo, link: Link): void;
  onErr(text: string, link: Link): void;
  onClosed(link: Link, err: Error | undefined): void;
  onStale(link: Link): void;
  onPing(pendingPings: number): void;
}

/**
 * How a link connects and behaves: the client's options, resolved (a link reads them as they are, no copy
 * per link). Written bytes are kept for resending (up to `reconnectBufSize`) only when they would be resent:
 * with `resendUnacked` and `reconnect`.
 */
export type LinkOptions = Pick<
  ResolvedOptions,
  | "name"
  | "verbose"
  | "pedantic"
  | "noEcho"
  | "noResponders"
  | "headers"
  | "timeout"
  | "tls"
  | "pingInterval"
  | "maxPingOut"
  | "resendUnacked"
  | "reconnect"
  | "reconnectBufSize"
  | "debug"
  | "authenticator"
>;

/**
 * Why a PING was sent, so its PONG does the right thing: end the `handshake`, resolve a `flush`, prove a
 * `keepalive`, or acknowledge written batches (`ack`).
 */
type PingKind = "handshake" | "flush" | "keepalive" | "ack";
interface PendingPing {
  kind: PingKind;
  /** Batches written before this PING (its PONG acknowledges them). */
  acks: number;
  done?: (err?: Error) => void;
}

interface Handshake extends Deferred<void> {
  info?: (i: ServerInfo) => void;
  /** The TLS upgrade started when INFO arrived. */
  upgrading?: Promise<void>;
}

const PING = encodePing();
const PONG = encodePong();

/**
 * One connection to one server: the transport, the parser, the handshake, PINGs and what they prove.
 * The client keeps one link (two for a moment while it moves away from a server in lame duck mode).
 */
export class Link {
  declare readonly server: ServerImpl;
  declare readonly transport: Transport;
  /** The server's latest INFO. */
  serverInfo: ServerInfo | undefined;
  connected = false;
  closed = false;
  readonly #outbound: Outbound;
  readonly #writer: TransportWriter;
  readonly #ledger: ResendLedger;
  readonly #owner: LinkOwner;
  readonly #opts: LinkOptions;
  readonly #dial: DialOptions;
  readonly #parser: ServerOpParser;
  readonly #pings: PendingPing[] = [];
  #pingsHead = 0;
  #keepalivesOut = 0;
  #keepaliveTimer: ReturnType<typeof setInterval> | undefined;
  #handshake: Handshake | undefined;

  constructor(server: ServerImpl, transport: Transport, opts: LinkOptions, owner: LinkOwner) {
    this.server = server;
    this.transport = transport;
    this.#opts = opts;
    this.#owner = owner;
    // A malformed header block is one publisher's fault, not the connection's: ProtocolHandler.onMsg drops
    // that message (malformed-headers.ts) instead of the strict parser closing the connection.
    // Messages go from the parser straight to the owner (a bound function: no frame of the link's own per
    // message, and one function less for the engine to optimise with the delivery path inlined); the
    // other ops come here.
    const sink: ServerOpSink = {
      msg: owner.onMsg.bind(owner),
      info: (i) => this.#info(i),
      ping: () => this.#ping(),
      pong: () => this.#pong(),
      // +OK (verbose mode's acknowledgement) carries nothing we need
      ok: () => {},
      err: (t) => this.#err(t),
    };
    this.#parser = new ServerOpParser(sink, { checkHeaderBlock: false });
    this.#outbound = new Outbound(transport.alloc ? (n) => transport.alloc!(n) : undefined);
    this.#ledger = new ResendLedger(opts.resendUnacked && opts.reconnect ? opts.reconnectBufSize : 0);
    this.#writer = new TransportWriter(transport, this.#outbound, (b) => this.#ackPing(b), opts.debug ? server.listen : undefined);
    const u = server.url;
    this.#dial = {
      scheme: u.scheme,
      hostname: u.hostname,
      port: u.port,
      path: u.path,
      tlsName: server.tlsName,
      timeout: opts.timeout,
      tls: u.tls && opts.tls === undefined ? {} : opts.tls,
    };
    transport.onData = (chunk) => this.#onData(chunk);
    transport.onClose = (err) => this.#onTransportClose(err);
  }

  /**
   * Dials, reads INFO, upgrades to TLS when needed, authenticates, and resolves once the server answered the
   * first PING (so an authorization error rejects here). Everything within `timeout`.
   */
  async open(): Promise<void> {
    // The handshake's end: resolved by the first PONG, rejected by a failure on the way or the timeout.
    const hs: Handshake = deferred<void>();
    const timer = setTimeout(() => hs.reject(new TimeoutError()), this.#opts.timeout);
    // Raced against every step, and awaited only by some: never an unhandled rejection.
    hs.catch(() => {});
    const failed = hs.then(() => undefined as never);
    failed.catch(() => {});
    this.#handshake = hs;
    try {
      const infoSeen = new Promise<ServerInfo>((resolve) => (hs.info = resolve));
      await Promise.race([this.transport.dial(this.#dial), hs]);
      const info = await Promise.race([infoSeen, failed]);
      if (hs.upgrading) await Promise.race([hs.upgrading, hs]);
      const encrypted = this.transport.isEncrypted;
      if (this.#dial.tls && !encrypted) throw new ConnectionError("server does not support 'tls'");
      if (info.tls_required && !encrypted) throw new ConnectionError("server requires TLS");
      if (this.#opts.noEcho && (info.proto === undefined || info.proto < 1)) {
        throw new ConnectionError("server does not support 'noEcho'");
      }
      const auth = withUrlCredentials({ ...(await this.#opts.authenticator(info.nonce)) }, this.server.url);
      const connect: ConnectOptions = {
        verbose: this.#opts.verbose,
        pedantic: this.#opts.pedantic,
        tls_required: encrypted,
        lang: "nats-stack",
        version: VERSION,
        protocol: 1,
        echo: !this.#opts.noEcho,
        headers: this.#opts.headers,
        no_responders: this.#opts.noResponders && this.#opts.headers,
        ...auth,
      };
      if (this.#opts.name) connect.name = this.#opts.name;
      this.#pings.push({ kind: "handshake", acks: 0 });
      this.#writer.raw([encodeConnect(connect), PING]);
      await hs;
      this.connected = true;
      this.#outbound.attach(this.#writer);
      this.#startKeepalive();
    } catch (err) {
      this.close(err as Error);
      throw err;
    } finally {
      clearTimeout(timer);
      this.#handshake = undefined;
    }
  }

  // Called from inside the read of the INFO line: the upgrade has to start before the adapter reads again.
  #startTls(info: ServerInfo): Promise<void> | undefined {
    const t = this.transport;
    if (t.isEncrypted || !(info.tls_required || (info.tls_available && this.#dial.tls !== null))) return undefined;
    if (!t.upgrade) {
      if (info.tls_required || this.#dial.tls) throw new ConnectionError("server requires TLS, which this transport cannot start on an open connection");
      return undefined;
    }
    const p = t.upgrade(this.#dial);
    p.catch(() => {});
    return p;
  }

  #onData(chunk: Uint8Array): void {
    if (this.#opts.debug) console.info(`< ${this.server.listen} ${render(chunk)}`);
    try {
      this.#parser.parse(chunk);
    } catch (err) {
      const e = new ProtocolError(`invalid data from ${this.server.listen}: ${(err as Error).message}`, { cause: err });
      if (this.#handshake) this.#handshake.reject(e);
      this.close(e);
    }
  }

  #onTransportClose(err: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.connected = false;
    this.#stopKeepalive();
    this.#writer.stop();
    const e = err ?? new ConnectionError("connection closed");
    if (this.#handshake) this.#handshake.reject(e instanceof ConnectionError ? e : new ConnectionError(e.message, { cause: e }));
    const pending = this.#pings.slice(this.#pingsHead);
    this.#pings.length = 0;
    this.#pingsHead = 0;
    // The owner hears of it first: a waiter that retries (a flush) must find this link gone, not queue its
    // retry here, where no PONG will ever come.
    this.#owner.onClosed(this, err);
    for (const p of pending) p.done?.(new ConnectionError("connection closed"));
  }

  /** Closes the connection now. */
  close(err?: Error): void {
    this.transport.close(err);
  }

  // ---- outgoing -----------------------------------------------------------------------------------------

  /** Queues a publish (subject and reply already valid); a request gets the receipt its reply acknowledges. */
  publish(subject: string, reply: string | undefined, headers: Uint8Array | undefined, data: Uint8Array, kind: PublishKind): ReplyReceipt | undefined {
    this.#outbound.pub(subject, reply, headers, data, kind === "once");
    return this.#ledger.queued(kind);
  }

  /**
   * Queues a publish of `kind` whose control line starts with `head` (`PUB <subject> `), with a small
   * payload and, given as bytes, a reply subject (see {@link Outbound.pubHead}); a request gets the receipt
   * its reply acknowledges.
   */
  publishHead(head: Uint8Array, data: Uint8Array, kind: PublishKind = "publish", reply?: Uint8Array, token?: number): ReplyReceipt | undefined {
    this.#outbound.pubHead(head, data, reply, token);
    return this.#ledger.queued(kind);
  }

  /**
   * Queues a message's reply (see {@link Outbound.pubReply}; false when its subject cannot be copied as it
   * is): a reply needs no acknowledgement, so the ledger has nothing to note.
   */
  publishReply(reply: ReplySource, data: Uint8Array): boolean {
    return this.#outbound.pubReply(reply, data);
  }

  /** Queues an op that is not a publish (SUB, UNSUB), already encoded. */
  control(bytes: Uint8Array): void {
    this.#outbound.control(bytes);
  }

  /** Queues publishes kept from a lost link (already encoded, nothing else in them). */
  resend(batch: Batch): void {
    if (batch.pubs > 0) {
      this.#outbound.publishes(batch.parts, batch.pubs);
      this.#ledger.queued("publish");
    }
  }

  /** Hands what is queued to the transport now (unless it is backed up). */
  flush(): void {
    this.#outbound.flush();
  }

  /** Bytes written that could no longer be kept for resending. */
  get unretainedBytes(): number {
    return this.#ledger.unretainedBytes;
  }

  /**
   * What may not have reached the server, once the link is lost: the batches it never acknowledged and what
   * was still queued, oldest first. Nothing is written on this link afterwards.
   */
  unsent(): Batch[] {
    this.#outbound.detach();
    return [...this.#ledger.take(), ...this.#outbound.takeAll()];
  }

  // Each batch the outbound hands over is written through here: the ledger keeps it until acknowledged and
  // says when a PING must follow it.
  #ackPing(batch: Batch): Uint8Array | undefined {
    if (!this.#ledger.written(batch)) return undefined;
    this.#pings.push({ kind: "ack", acks: this.#ledger.nextBatch(), done: undefined });
    return PING;
  }

  /**
   * Sends a PING after everything queued; `done` runs when its PONG arrives (or with an error if the link
   * closes first).
   */
  sendPing(done?: (err?: Error) => void, kind: PingKind = "flush"): void {
    this.#pings.push({ kind, acks: this.#ledger.nextBatch(), done });
    this.#outbound.control(PING);
  }

  #startKeepalive(): void {
    if (this.#opts.pingInterval <= 0) return;
    this.#keepaliveTimer = setInterval(() => {
      if (!this.connected) return;
      // As nats.js, every tick reports a `ping` with the pings it would then have out, the tick that finds
      // maxPingOut unanswered included (then the connection is stale and no PING is sent).
      this.#owner.onPing(this.#keepalivesOut + 1);
      if (this.#keepalivesOut >= this.#opts.maxPingOut) {
        this.#owner.onStale(this);
        return;
      }
      this.#keepalivesOut++;
      this.sendPing(undefined, "keepalive");
    }, this.#opts.pingInterval);
    // A keepalive must not keep a process alive on its own.
    (this.#keepaliveTimer as { unref?: () => void }).unref?.();
  }

  #stopKeepalive(): void {
    if (this.#keepaliveTimer !== undefined) clearInterval(this.#keepaliveTimer);
    this.#keepaliveTimer = undefined;
  }

  // ---- ops from the parser (other than MSG, see the sink in the constructor) ---------------------------

  #info(info: ServerInfo): void {
    this.serverInfo = info;
    const hs = this.#handshake;
    if (hs?.info) {
      const seen = hs.info;
      hs.info = undefined;
      try {
        hs.upgrading = this.#startTls(info);
      } catch (err) {
        hs.reject(err as Error);
        return;
      }
      seen(info);
      return;
    }
    this.#owner.onInfo(info, this);
  }

  /** The server's PING: answered with a PONG after what is already queued. */
  #ping(): void {
    if (this.connected) this.#outbound.control(PONG);
    else this.#writer.raw([PONG]);
  }

  #pong(): void {
    this.#keepalivesOut = 0;
    this.#writer.released();
    if (this.#pingsHead >= this.#pings.length) return; // an unsolicited PONG proves liveness, nothing more
    const p = this.#pings[this.#pingsHead++]!;
    if (this.#pingsHead > 64 && this.#pingsHead * 2 > this.#pings.length) {
      this.#pings.splice(0, this.#pingsHead);
      this.#pingsHead = 0;
    }
    // Everything written before that PING has been read by the server.
    if (p.acks > 0) this.#ledger.ackThrough(p.acks - 1);
    if (p.kind === "ack" && this.#ledger.ackAnswered() && this.connected) {
      this.#pings.push({ kind: "ack", acks: this.#ledger.nextBatch(), done: undefined });
      this.#writer.raw([PING]);
    }
    if (p.kind === "handshake") this.#handshake?.resolve();
    p.done?.();
  }

  #err(text: string): void {
    if (this.#handshake) {
      this.#handshake.reject(mapServerError(text));
      return;
    }
    this.#owner.onErr(text, this);
  }
}
