/**
 * Cloudflare Workers transport: `connect` of `cloudflare:sockets`, upgraded with `startTls()`. A Worker's
 * sockets belong to the request that opened them, so a connection lives within one request (or a Durable
 * Object).
 */
import { connect as cfConnect, type Socket } from "cloudflare:sockets";
import { ConnectionError } from "../errors";
import type { DialOptions, Transport, TransportFactory } from "./transport";
import { WriteQueue } from "./write-queue";

/** A NATS connection over a Workers TCP socket. */
export class CloudflareTransport implements Transport {
  private socket: Socket | undefined;
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
  private encrypted = false;
  private closed = false;
  private reported = false;
  private lastError: Error | undefined;
  private upgrading: Promise<void> | undefined;
  private readonly writes = new WriteQueue((chunk) => this.writer!.write(chunk));
  onData: (chunk: Uint8Array) => void = () => {};
  onClose: (err?: Error) => void = () => {};

  get isEncrypted(): boolean {
    return this.encrypted;
  }

  get pendingBytes(): number {
    return this.writes.pending;
  }

  async dial(o: DialOptions): Promise<void> {
    const first = o.tls?.handshakeFirst === true;
    // "starttls" keeps the upgrade possible for when the server's INFO asks for TLS.
    const secureTransport = first ? "on" : o.tls === null ? "off" : "starttls";
    let socket: Socket;
    try {
      socket = cfConnect({ hostname: o.hostname, port: o.port }, { secureTransport, allowHalfOpen: false });
    } catch (err) {
      throw new ConnectionError(`cannot connect to ${o.hostname}:${o.port}: ${(err as Error).message}`, { cause: err });
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        socket.opened,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new ConnectionError(`timeout connecting to ${o.hostname}:${o.port}`)), o.timeout);
        }),
      ]);
    } catch (err) {
      void socket.close().catch(() => {});
      if (err instanceof ConnectionError) throw err;
      const text = (err as Error).message ?? String(err);
      throw new ConnectionError(/refused/i.test(text) ? "connection refused" : `cannot connect to ${o.hostname}:${o.port}: ${text}`, { cause: err });
    } finally {
      clearTimeout(timer);
    }
    this.encrypted = first;
    this.use(socket);
    if (this.closed) void socket.close().catch(() => {});
    else void this.readLoop();
  }

  private use(socket: Socket): void {
    this.socket = socket;
    this.reader = socket.readable.getReader();
    this.writer = socket.writable.getWriter();
  }

  upgrade(o: DialOptions): Promise<void> {
    // Called from inside onData, so no read is pending: the streams can be handed back for startTls.
    this.upgrading = (async () => {
      this.reader!.releaseLock();
      this.writer!.releaseLock();
      const tls = this.socket!.startTls({ expectedServerHostname: o.tlsName || o.hostname });
      this.use(tls);
      await tls.opened;
      this.encrypted = true;
    })();
    return this.upgrading;
  }

  // Each chunk a stream hands out is fresh: no copy is needed to give the client views into it.
  private async readLoop(): Promise<void> {
    try {
      while (!this.closed) {
        if (this.upgrading) {
          try {
            await this.upgrading;
          } finally {
            this.upgrading = undefined;
          }
          if (this.closed) break;
        }
        const r = await this.reader!.read();
        if (r.done) break;
        this.onData(r.value);
      }
    } catch (err) {
      if (!this.closed) this.lastError ??= new ConnectionError((err as Error).message, { cause: err });
    }
    this.gone();
  }

  write(parts: Uint8Array[], done?: (err?: Error) => void): void {
    if (!this.writer || this.closed) {
      done?.(new ConnectionError("connection closed"));
      return;
    }
    this.writes.write(parts, done);
  }

  close(err?: Error): void {
    if (err && !this.lastError) this.lastError = err;
    if (this.closed) return;
    this.closed = true;
    void this.socket?.close().catch(() => {});
    this.gone();
  }

  private gone(): void {
    this.closed = true;
    this.writes.fail(new ConnectionError("connection closed"));
    if (this.reported) return;
    this.reported = true;
    this.onClose(this.lastError);
  }
}

/** Makes a Cloudflare sockets transport per connection attempt. */
export const cloudflareTransportFactory: TransportFactory = () => new CloudflareTransport();
