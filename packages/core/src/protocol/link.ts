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
import type { Auth } from "../auth/auth-types";
import { ConnectionError, ProtocolError, TimeoutError } from "../errors";
import { Outbound } from "./outbound";
import type { ServerImpl } from "../resilience/servers";
import type { DialOptions, TlsOptions, Transport } from "../transports/transport";
import { VERSION } from "../version";
import { render } from "../compat/compat-helpers";

/** What a link tells the client about. */
export interface LinkOwner {
  onMsg(frame: Frame, link: Link): void;
  onInfo(info: ServerInfo, link: Link): void;
  onErr(text: string, link: Link): void;
  onClosed(link: Link, err: Error | undefined): void;
  onStale(link: Link): void;
  onPing(pendingPings: number): void;
  /** The typed error for a server's `-ERR` text. */
  mapError(text: string): Error;
}

/** How a link connects and behaves; the client's options, resolved. */
export interface LinkOptions {
  name?: string;
  verbose: boolean;
  pedantic: boolean;
  noEcho: boolean;
  noResponders: boolean;
  headers: boolean;
  timeout: number;
  tls: TlsOptions | null | undefined;
  pingInterval: number;
  maxPingOut: number;
  /** Keep written bytes until a PONG proves the server read them, up to this many bytes (0: off). */
  retainUnacked: number;
  /** Print every chunk read and written (nats.js's `debug`). */
  debug?: boolean;
  authenticate(nonce?: string): Auth | Promise<Auth>;
}

type PingKind = 0 /* handshake */ | 1 /* flush */ | 2 /* keepalive */ | 3 /* ack */;
interface PendingPing {
  kind: PingKind;
  /** Retained batches written before this PING: a PONG acknowledges them. */
  acks: number;
  done?: (err?: Error) => void;
}

const PING = encodePing();
const PONG = encodePong();

/**
 * One connection to one server: the transport, the parser, the handshake, PINGs and what they prove.
 * The client keeps one link (two for a moment while it moves away from a server in lame duck mode).
 */
export class Link implements ServerOpSink {
  readonly server: ServerImpl;
  readonly transport: Transport;
  /** The server's latest INFO. */
  serverInfo: ServerInfo | undefined;
  readonly outbound: Outbound;
  connected = false;
  closed = false;
  /** Bytes read and written on this link. */
  inBytes = 0;
  outBytes = 0;
  private readonly owner: LinkOwner;
  private readonly opts: LinkOptions;
  private readonly parser: ServerOpParser;
  private readonly pings: PendingPing[] = [];
  private pingsHead = 0;
  private keepalivesOut = 0;
  private keepaliveTimer: ReturnType<typeof setInterval> | undefined;
  private ackOutstanding = false;
  /** A publish that only a PONG can acknowledge was queued since the last flush. */
  ackWanted = false;
  // Batches written and not yet acknowledged by a PONG; `retainedBase` counts those already dropped.
  private retained: Uint8Array[][] = [];
  private retainedBase = 0;
  private retainedBytes = 0;
  /** Bytes that were no longer retained (over the limit) when they might still have been lost. */
  unretainedBytes = 0;
  private handshake: { resolve: () => void; reject: (e: Error) => void; info?: (i: ServerInfo) => void } | undefined;

  constructor(server: ServerImpl, transport: Transport, opts: LinkOptions, owner: LinkOwner) {
    this.server = server;
    this.transport = transport;
    this.opts = opts;
    this.owner = owner;
    this.parser = new ServerOpParser(this);
    this.outbound = new Outbound(null, transport.alloc ? (n) => transport.alloc!(n) : undefined);
    transport.onData = (chunk) => this.onData(chunk);
    transport.onClose = (err) => this.onTransportClose(err);
  }

  private dialOptions(): DialOptions {
    return {
      hostname: this.server.hostname,
      port: this.server.port,
      tlsName: this.server.tlsName,
      timeout: this.opts.timeout,
      tls: this.server.url.tls && this.opts.tls === undefined ? {} : this.opts.tls,
    };
  }

  /**
   * Dials, reads INFO, upgrades to TLS when needed, authenticates, and resolves once the server answered the
   * first PING (so an authorization error rejects here). Everything within `timeout`.
   */
  async open(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = new Promise<void>((resolve, reject) => {
      this.handshake = { resolve, reject };
      timer = setTimeout(() => reject(new TimeoutError()), this.opts.timeout);
    });
    done.catch(() => {});
    try {
      const infoSeen = new Promise<ServerInfo>((resolve) => (this.handshake!.info = resolve));
      const dial = this.dialOptions();
      await Promise.race([this.transport.dial(dial), done]);
      const info = await Promise.race([infoSeen, done.then(() => undefined as never)]);
      const wantTls = dial.tls !== undefined && dial.tls !== null;
      if (!this.transport.isEncrypted && (info.tls_required || (info.tls_available && dial.tls !== null))) {
        await Promise.race([this.transport.upgrade(dial), done]);
      }
      if (wantTls && !this.transport.isEncrypted) throw new ConnectionError("server does not support 'tls'");
      if (info.tls_required && !this.transport.isEncrypted) throw new ConnectionError("server requires TLS");
      if (this.opts.noEcho && (info.proto === undefined || info.proto < 1)) {
        throw new ConnectionError("server does not support 'noEcho'");
      }
      const auth = (await this.opts.authenticate(info.nonce)) ?? {};
      const connect: ConnectOptions = {
        verbose: this.opts.verbose,
        pedantic: this.opts.pedantic,
        tls_required: this.transport.isEncrypted,
        lang: "nats-stack",
        version: VERSION,
        protocol: 1,
        echo: !this.opts.noEcho,
        headers: this.opts.headers,
        no_responders: this.opts.noResponders && this.opts.headers,
        ...(auth as Record<string, unknown>),
      };
      if (this.opts.name) connect.name = this.opts.name;
      this.pings.push({ kind: 0, acks: 0 });
      this.write([encodeConnect(connect), PING]);
      await done;
      this.connected = true;
      this.outbound.sink = (parts) => this.flushed(parts);
      this.outbound.flush();
      this.startKeepalive();
    } catch (err) {
      this.close(err as Error);
      throw err;
    } finally {
      clearTimeout(timer);
      this.handshake = undefined;
    }
  }

  private onData(chunk: Uint8Array): void {
    this.inBytes += chunk.length;
    if (this.opts.debug) console.info(`< ${this.server.listen} ${render(chunk)}`);
    try {
      this.parser.parse(chunk);
    } catch (err) {
      const e = new ProtocolError(`invalid data from ${this.server.listen}: ${(err as Error).message}`, { cause: err });
      if (this.handshake) this.handshake.reject(e);
      this.close(e);
    }
  }

  private onTransportClose(err: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.connected = false;
    this.stopKeepalive();
    const e = err ?? new ConnectionError("connection closed");
    if (this.handshake) this.handshake.reject(e instanceof ConnectionError ? e : new ConnectionError(e.message, { cause: e }));
    const pending = this.pings.slice(this.pingsHead);
    this.pings.length = 0;
    this.pingsHead = 0;
    // The owner hears of it first: a waiter that retries (a flush) must find this link gone, not queue its
    // retry here, where no PONG will ever come.
    this.owner.onClosed(this, err);
    for (const p of pending) p.done?.(new ConnectionError("connection closed"));
  }

  /** Closes the connection now. */
  close(err?: Error): void {
    this.transport.close(err);
  }

  private write(parts: Uint8Array[]): void {
    for (const p of parts) this.outBytes += p.length;
    if (this.opts.debug) for (const p of parts) console.info(`> ${this.server.listen} ${render(p)}`);
    this.transport.write(parts);
  }

  // Outbound flushes land here once connected: keep the batch until a PONG acknowledges it, and make sure
  // a PING follows it so that one will.
  private flushed(parts: Uint8Array[]): void {
    if (this.opts.retainUnacked > 0) {
      let n = 0;
      for (const p of parts) n += p.length;
      this.retained.push(parts);
      this.retainedBytes += n;
      while (this.retainedBytes > this.opts.retainUnacked && this.retained.length > 1) {
        const old = this.retained.shift()!;
        this.retainedBase++;
        for (const p of old) {
          this.retainedBytes -= p.length;
          this.unretainedBytes += p.length;
        }
      }
      // Only plain publishes need a PING: a request is acknowledged by its reply.
      if (this.ackWanted && !this.ackOutstanding) {
        this.ackWanted = false;
        this.ackOutstanding = true;
        this.pings.push({ kind: 3, acks: this.nextBatch() });
        parts = [...parts, PING];
      }
    }
    this.write(parts);
  }

  /**
   * Sends a PING after everything queued; `done` runs when its PONG arrives (or with an error if the link
   * closes first).
   */
  sendPing(done?: (err?: Error) => void, kind: PingKind = 1): void {
    this.pings.push({ kind, acks: this.nextBatch(), done });
    this.outbound.raw(PING);
  }

  /** Index the batch now being queued will have once flushed; pass it to {@link ackThrough} later. */
  nextBatch(): number {
    return this.retainedBase + this.retained.length;
  }

  /**
   * The server has processed batch `index` and all before it (a reply to a request written in it arrived:
   * the server reads a connection's ops in order).
   */
  ackThrough(index: number): void {
    const drop = index + 1 - this.retainedBase;
    if (drop <= 0) return;
    for (const batch of this.retained.splice(0, Math.min(drop, this.retained.length))) {
      for (const b of batch) this.retainedBytes -= b.length;
    }
    this.retainedBase = Math.max(this.retainedBase, index + 1);
  }

  /** Batches written but not acknowledged yet, oldest first (what may not have reached the server). */
  unacked(): Uint8Array[][] {
    return this.retained;
  }

  private startKeepalive(): void {
    if (this.opts.pingInterval <= 0) return;
    this.keepaliveTimer = setInterval(() => {
      if (!this.connected) return;
      if (this.keepalivesOut >= this.opts.maxPingOut) {
        this.owner.onStale(this);
        return;
      }
      this.keepalivesOut++;
      this.owner.onPing(this.keepalivesOut);
      this.sendPing(undefined, 2);
    }, this.opts.pingInterval);
    // A keepalive must not keep a process alive on its own.
    (this.keepaliveTimer as { unref?: () => void }).unref?.();
  }

  private stopKeepalive(): void {
    if (this.keepaliveTimer !== undefined) clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = undefined;
  }

  // ServerOpSink

  msg(m: Frame): void {
    this.owner.onMsg(m, this);
  }

  info(info: ServerInfo): void {
    this.serverInfo = info;
    if (this.handshake?.info) {
      const f = this.handshake.info;
      this.handshake.info = undefined;
      f(info);
      return;
    }
    this.owner.onInfo(info, this);
  }

  /** The server's PING: answered with a PONG after what is already queued. */
  ping(): void {
    if (this.connected) this.outbound.raw(PONG);
    else this.write([PONG]);
  }

  pong(): void {
    this.keepalivesOut = 0;
    if (this.pingsHead >= this.pings.length) return; // an unsolicited PONG proves liveness, nothing more
    const p = this.pings[this.pingsHead++]!;
    if (this.pingsHead > 64 && this.pingsHead * 2 > this.pings.length) {
      this.pings.splice(0, this.pingsHead);
      this.pingsHead = 0;
    }
    // Everything written before that PING has been read by the server.
    if (p.acks > 0) this.ackThrough(p.acks - 1);
    if (p.kind === 3) {
      this.ackOutstanding = false;
      // Batches written while this ack was out still need one.
      // Written straight to the transport: it acknowledges only batches already written, and must not
      // itself become a retained batch that needs acknowledging.
      if (this.retained.length > 0 && this.connected) {
        this.ackOutstanding = true;
        this.pings.push({ kind: 3, acks: this.nextBatch() });
        this.write([PING]);
      }
    }
    if (p.kind === 0) this.handshake?.resolve();
    p.done?.();
  }

  ok(): void {
    // verbose mode acknowledgements carry nothing we need
  }

  err(text: string): void {
    if (this.handshake) {
      this.handshake.reject(this.owner.mapError(text));
      return;
    }
    this.owner.onErr(text, this);
  }
}
