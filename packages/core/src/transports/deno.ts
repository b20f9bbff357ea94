/**
 * Deno transport: `Deno.connect`, upgraded with `Deno.startTls` (or `Deno.connectTls` for
 * `tls.handshakeFirst`). Only Deno's global is touched, and only when a connection is made.
 */
import { ConnectionError } from "../errors";
import { PulledSocketTransport } from "./pulled-socket-transport";
import type { DialOptions, TlsOptions, TransportFactory } from "./transport";

/** The part of a `Deno.Conn` this transport uses. */
interface DenoConn {
  read(p: Uint8Array): Promise<number | null>;
  write(p: Uint8Array): Promise<number>;
  close(): void;
  setNoDelay?(on?: boolean): void;
}
interface DenoApi {
  connect(o: { hostname: string; port: number; transport: "tcp" }): Promise<DenoConn>;
  connectTls(o: { hostname: string; port: number; caCerts?: string[]; cert?: string; key?: string }): Promise<DenoConn>;
  startTls(conn: DenoConn, o: { hostname: string; caCerts?: string[] }): Promise<DenoConn>;
  readTextFile(path: string): Promise<string>;
}

const READ_SIZE = 64 * 1024;

function deno(): DenoApi {
  const d = (globalThis as { Deno?: DenoApi }).Deno;
  if (!d) throw new ConnectionError("the Deno transport needs the Deno runtime");
  return d;
}

async function tlsSettings(t: TlsOptions | null | undefined): Promise<{ caCerts?: string[]; cert?: string; key?: string }> {
  const d = deno();
  const o: { caCerts?: string[]; cert?: string; key?: string } = {};
  if (t?.ca) o.caCerts = [t.ca];
  else if (t?.caFile) o.caCerts = [await d.readTextFile(t.caFile)];
  if (t?.cert) o.cert = t.cert;
  else if (t?.certFile) o.cert = await d.readTextFile(t.certFile);
  if (t?.key) o.key = t.key;
  else if (t?.keyFile) o.key = await d.readTextFile(t.keyFile);
  return o;
}

function describe(err: unknown, o: DialOptions, what: string): ConnectionError {
  const e = err as Error;
  if (e?.name === "ConnectionRefused") return new ConnectionError("connection refused", { cause: e });
  return new ConnectionError(`${what} ${o.hostname}:${o.port}: ${e?.message ?? e}`, { cause: e });
}

function withTimeout<T>(p: Promise<T>, ms: number, text: string, onLate: (v: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new ConnectionError(text));
    }, ms);
    p.then(
      (v) => (late ? onLate(v) : (clearTimeout(timer), resolve(v))),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

/** A NATS connection over Deno's TCP (and TLS) sockets. */
export class DenoTransport extends PulledSocketTransport {
  private conn: DenoConn | undefined;
  private buf: Uint8Array | undefined;

  async dial(o: DialOptions): Promise<void> {
    const d = deno();
    let conn: DenoConn;
    try {
      if (o.tls?.handshakeFirst) {
        const tls = await tlsSettings(o.tls);
        conn = await withTimeout(d.connectTls({ hostname: o.hostname, port: o.port, ...tls }), o.timeout, `timeout connecting to ${o.hostname}:${o.port}`, (c) => c.close());
        this.encrypted = true;
      } else {
        conn = await withTimeout(d.connect({ hostname: o.hostname, port: o.port, transport: "tcp" }), o.timeout, `timeout connecting to ${o.hostname}:${o.port}`, (c) => c.close());
      }
    } catch (err) {
      throw err instanceof ConnectionError ? err : describe(err, o, "cannot connect to");
    }
    conn.setNoDelay?.(true);
    this.conn = conn;
    this.opened();
  }

  upgrade(o: DialOptions): Promise<void> {
    // Called from inside onData: the read loop waits for this before its next read.
    this.upgrading = (async () => {
      const tls = await tlsSettings(o.tls);
      const name = o.tlsName || o.hostname;
      try {
        this.conn = await withTimeout(deno().startTls(this.conn!, { hostname: name, caCerts: tls.caCerts }), o.timeout, `timeout in TLS handshake with ${o.hostname}:${o.port}`, (c) => c.close());
      } catch (err) {
        throw err instanceof ConnectionError ? err : new ConnectionError(`TLS: ${(err as Error).message}`, { cause: err });
      }
      this.encrypted = true;
    })();
    return this.upgrading;
  }

  // A fresh buffer per read, since messages are views into what was read; a short read is copied out so
  // the buffer serves the next read instead of pinning 64 KiB for a few bytes.
  protected async readChunk(): Promise<Uint8Array | null> {
    const buf = (this.buf ??= new Uint8Array(READ_SIZE));
    const n = await this.conn!.read(buf);
    if (n === null) return null;
    if (n < READ_SIZE / 4) return buf.slice(0, n);
    this.buf = undefined;
    return buf.subarray(0, n);
  }

  protected async writeChunk(chunk: Uint8Array): Promise<void> {
    let off = 0;
    while (off < chunk.length) off += await this.conn!.write(off === 0 ? chunk : chunk.subarray(off));
  }

  protected get hasSocket(): boolean {
    return this.conn !== undefined;
  }

  protected closeSocket(): void {
    try {
      this.conn?.close();
    } catch {
      // already closed by the runtime
    }
  }
}

/** Makes a Deno transport per connection attempt. */
export const denoTransportFactory: TransportFactory = () => new DenoTransport();
