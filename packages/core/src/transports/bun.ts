/**
 * Bun's native sockets (`Bun.connect`), measured against `node:net` under Bun in
 * bench/bun-transport.bench.ts. Only Bun's global is touched, and only when a connection is made.
 */
import { ConnectionError } from "../errors";
import type { BytesView, DialOptions, TlsOptions, Transport, TransportFactory } from "./transport";

/** The part of a Bun socket this transport uses. */
interface BunSocket {
  write(data: Uint8Array, byteOffset?: number, byteLength?: number): number;
  end(): void;
  terminate?(): void;
  setNoDelay?(on: boolean): void;
  upgradeTLS?(o: { tls: Record<string, unknown>; socket: BunHandlers }): [BunSocket, BunSocket];
}
interface BunHandlers {
  open?(s: BunSocket): void;
  data(s: BunSocket, data: Uint8Array): unknown;
  drain(s: BunSocket): unknown;
  close(s: BunSocket, err?: Error): void;
  error(s: BunSocket, err: Error): void;
  connectError?(s: BunSocket, err: Error): void;
  handshake?(s: BunSocket, success: boolean, authorizationError: Error | null): void;
}
interface BunApi {
  connect(o: { hostname: string; port: number; tls?: Record<string, unknown>; socket: BunHandlers }): Promise<BunSocket>;
  file(path: string): { text(): Promise<string> };
}

function bun(): BunApi {
  const b = (globalThis as { Bun?: BunApi }).Bun;
  if (!b) throw new ConnectionError("the Bun transport needs the Bun runtime");
  return b;
}

async function tlsSettings(o: DialOptions): Promise<Record<string, unknown>> {
  const t: TlsOptions = o.tls ?? {};
  const { handshakeFirst: _hf, caFile, certFile, keyFile, ...rest } = t;
  const out: Record<string, unknown> = { ...rest };
  const b = bun();
  if (caFile) out.ca = await b.file(caFile).text();
  if (certFile) out.cert = await b.file(certFile).text();
  if (keyFile) out.key = await b.file(keyFile).text();
  out.serverName = o.tlsName || o.hostname;
  return out;
}

/** A Buffer over the same memory, nothing copied. */
function bunBytesView(buffer: ArrayBufferLike, byteOffset: number, length: number): Uint8Array {
  return Buffer.from(buffer as ArrayBuffer, byteOffset, length);
}

/** A NATS connection over Bun's TCP (and TLS) sockets. */
export class BunTransport implements Transport {
  private socket: BunSocket | undefined;
  private encrypted = false;
  private closed = false;
  private reported = false;
  private lastError: Error | undefined;
  // Bytes the socket did not take yet (Bun's write() takes what fits and returns the count), with the
  // `done` callbacks of the writes they belong to.
  private backlog: Uint8Array[] = [];
  private backlogBytes = 0;
  private waiting: Array<{ mark: number; done: (err?: Error) => void }> = [];
  private accepted = 0;
  private flushed = 0;
  onData: (chunk: Uint8Array) => void = () => {};
  onClose: (err?: Error) => void = () => {};
  // nats.js runs on Bun through its Node transport, whose message data are Buffers (Bun's node:net reads):
  // ours are too, made over the bytes read (Bun's Buffer.from of an ArrayBuffer copies nothing).
  readonly bytesView: BytesView = bunBytesView;

  get isEncrypted(): boolean {
    return this.encrypted;
  }

  get pendingBytes(): number {
    return this.backlogBytes;
  }

  // Events of a socket we no longer use (the plain one after a TLS upgrade, which still sees the encrypted
  // bytes) are ignored; before dial resolves, `socket` is not set yet and every event is ours.
  private current(s: BunSocket): boolean {
    return this.socket === undefined || s === this.socket;
  }

  private handlers(): BunHandlers {
    return {
      // Bun hands out a fresh Buffer per read; a plain Uint8Array view of it keeps the parser on typed-array
      // methods.
      data: (s, d) => this.current(s) && this.onData(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)),
      drain: (s) => this.current(s) && this.pump(),
      close: (s, err) => {
        if (!this.current(s)) return;
        if (err) this.lastError ??= new ConnectionError(err.message, { cause: err });
        this.gone();
      },
      error: (s, err) => {
        if (this.current(s)) this.lastError ??= new ConnectionError(err.message, { cause: err });
      },
    };
  }

  async dial(o: DialOptions): Promise<void> {
    const tls = o.tls?.handshakeFirst ? await tlsSettings(o) : undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const socket = await Promise.race([
        bun().connect({ hostname: o.hostname, port: o.port, ...(tls ? { tls } : {}), socket: this.handlers() }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new ConnectionError(`timeout connecting to ${o.hostname}:${o.port}`)), o.timeout);
        }),
      ]);
      this.socket = socket;
      socket.setNoDelay?.(true);
      this.encrypted = tls !== undefined;
      if (this.closed) socket.end();
    } catch (err) {
      if (err instanceof ConnectionError) throw err;
      const e = err as Error & { code?: string };
      throw new ConnectionError(e.code === "ECONNREFUSED" ? "connection refused" : `cannot connect to ${o.hostname}:${o.port}: ${e.message}`, { cause: e });
    } finally {
      clearTimeout(timer);
    }
  }

  async upgrade(o: DialOptions): Promise<void> {
    const plain = this.socket;
    if (!plain?.upgradeTLS) throw new ConnectionError("this Bun cannot upgrade a socket to TLS");
    const tls = await tlsSettings(o);
    await new Promise<void>((resolve, reject) => {
      const h = this.handlers();
      h.handshake = (_s, ok, authErr) => {
        if (ok && (!authErr || tls.rejectUnauthorized === false)) resolve();
        else reject(new ConnectionError(`TLS: server certificate not trusted (${authErr?.message ?? "handshake failed"})`, { cause: authErr }));
      };
      const [, secure] = plain.upgradeTLS!({ tls, socket: h });
      this.socket = secure;
    });
    this.encrypted = true;
  }

  write(parts: Uint8Array[], done?: (err?: Error) => void): void {
    if (!this.socket || this.closed) {
      done?.(new ConnectionError("connection closed"));
      return;
    }
    for (const p of parts) {
      this.accepted += p.length;
      if (this.backlogBytes > 0) {
        this.backlog.push(p);
        this.backlogBytes += p.length;
        continue;
      }
      const n = this.socket.write(p);
      const wrote = n > 0 ? n : 0;
      this.flushed += wrote;
      if (wrote < p.length) {
        this.backlog.push(p.subarray(wrote));
        this.backlogBytes += p.length - wrote;
      }
    }
    if (!done) return;
    if (this.flushed >= this.accepted) done();
    else this.waiting.push({ mark: this.accepted, done });
  }

  // The socket can take more: write what waits, then call the `done` of the writes now fully taken.
  private pump(): void {
    const s = this.socket;
    while (s && this.backlog.length > 0) {
      const p = this.backlog[0]!;
      const n = s.write(p);
      const wrote = n > 0 ? n : 0;
      this.flushed += wrote;
      this.backlogBytes -= wrote;
      if (wrote < p.length) {
        this.backlog[0] = p.subarray(wrote);
        break;
      }
      this.backlog.shift();
    }
    while (this.waiting.length > 0 && this.waiting[0]!.mark <= this.flushed) this.waiting.shift()!.done();
  }

  close(err?: Error): void {
    if (err && !this.lastError) this.lastError = err;
    if (this.closed) return;
    this.closed = true;
    const s = this.socket;
    if (s) {
      if (s.terminate) s.terminate();
      else s.end();
    }
    this.gone();
  }

  private gone(): void {
    this.closed = true;
    this.backlog = [];
    this.backlogBytes = 0;
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) w.done(new ConnectionError("connection closed"));
    if (this.reported) return;
    this.reported = true;
    this.onClose(this.lastError);
  }
}

/** Makes a Bun transport per connection attempt. */
export const bunTransportFactory: TransportFactory = () => new BunTransport();
