/**
 * Node.js TCP/TLS transport. The only file of the client that imports `node:*`.
 */
import { readFile } from "node:fs/promises";
import * as net from "node:net";
import * as tls from "node:tls";
import { ConnectionError } from "../errors";
import type { DialOptions, TlsOptions, Transport } from "./transport";

function describe(err: Error & { code?: string }, o: DialOptions): ConnectionError {
  if (err.code === "ECONNREFUSED") return new ConnectionError("connection refused", { cause: err });
  if (err.code === "ENOTFOUND" || err.code === "EAI_AGAIN") {
    return new ConnectionError(`cannot resolve host '${o.hostname}'`, { cause: err });
  }
  return new ConnectionError(err.message, { cause: err });
}

// Turns our TlsOptions (file names or PEM text) into node's tls.connect options. Extra keys pass through,
// so users of nats.js can keep giving node options such as rejectUnauthorized.
async function tlsConnectOptions(o: DialOptions): Promise<tls.ConnectionOptions> {
  const t: TlsOptions = o.tls ?? {};
  const { handshakeFirst: _hf, certFile, caFile, keyFile, ...rest } = t;
  const out: tls.ConnectionOptions = { ...(rest as tls.ConnectionOptions) };
  if (certFile) out.cert = await readFile(certFile);
  if (keyFile) out.key = await readFile(keyFile);
  if (caFile) out.ca = [await readFile(caFile)];
  if (typeof t.ca === "string") out.ca = [t.ca];
  const servername = o.tlsName || o.hostname;
  if (!net.isIP(servername)) out.servername = servername;
  return out;
}

/** A NATS connection over node:net, upgraded with node:tls when asked. */
export class NodeTransport implements Transport {
  private socket: net.Socket | undefined;
  private closed = false;
  private lastError: Error | undefined;
  onData: (chunk: Uint8Array) => void = () => {};
  onClose: (err?: Error) => void = () => {};

  get isEncrypted(): boolean {
    return this.socket instanceof tls.TLSSocket;
  }

  alloc(size: number): Uint8Array {
    return Buffer.allocUnsafe(size);
  }

  get pendingBytes(): number {
    return this.socket?.writableLength ?? 0;
  }

  async dial(o: DialOptions): Promise<void> {
    const socket = o.tls?.handshakeFirst
      ? await this.connectTls(o, undefined)
      : await new Promise<net.Socket>((resolve, reject) => {
          const s = net.connect({ host: o.hostname, port: o.port });
          const timer = setTimeout(() => {
            s.destroy();
            reject(new ConnectionError(`timeout connecting to ${o.hostname}:${o.port}`));
          }, o.timeout);
          s.once("connect", () => {
            clearTimeout(timer);
            s.removeAllListeners("error");
            resolve(s);
          });
          s.once("error", (err) => {
            clearTimeout(timer);
            reject(describe(err, o));
          });
        });
    this.attach(socket);
  }

  async upgrade(o: DialOptions): Promise<void> {
    const plain = this.socket;
    if (!plain) throw new ConnectionError("not connected");
    plain.removeAllListeners("data");
    plain.removeAllListeners("close");
    plain.removeAllListeners("error");
    this.attach(await this.connectTls(o, plain));
  }

  private async connectTls(o: DialOptions, socket: net.Socket | undefined): Promise<tls.TLSSocket> {
    const opts = await tlsConnectOptions(o);
    return new Promise<tls.TLSSocket>((resolve, reject) => {
      const s = socket ? tls.connect({ ...opts, socket }) : tls.connect({ ...opts, host: o.hostname, port: o.port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new ConnectionError(`timeout in TLS handshake with ${o.hostname}:${o.port}`));
      }, o.timeout);
      s.once("secureConnect", () => {
        clearTimeout(timer);
        s.removeAllListeners("error");
        if (!s.authorized && opts.rejectUnauthorized !== false) {
          s.destroy();
          reject(new ConnectionError(`TLS: server certificate not trusted (${s.authorizationError})`, { cause: s.authorizationError }));
          return;
        }
        resolve(s);
      });
      s.once("error", (err: Error & { code?: string }) => {
        clearTimeout(timer);
        s.destroy();
        reject(new ConnectionError(`TLS: ${err.message}`, { cause: err }));
      });
    });
  }

  private attach(socket: net.Socket): void {
    this.socket = socket;
    socket.setNoDelay(true);
    // A plain Uint8Array view of the same memory: Buffer's own subarray and indexOf (used per message by the
    // parser) are several times slower than the typed-array ones.
    socket.on("data", (chunk: Buffer) => this.onData(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    socket.on("error", (err) => {
      this.lastError = err;
    });
    socket.on("close", () => {
      if (this.closed) return;
      this.closed = true;
      this.onClose(this.lastError);
    });
    if (this.closed) socket.destroy();
  }

  write(parts: Uint8Array[], done?: (err?: Error) => void): void {
    const s = this.socket;
    if (!s || this.closed || s.destroyed) {
      done?.(new ConnectionError("connection closed"));
      return;
    }
    const cb = done ? (err?: Error | null) => done(err ?? undefined) : undefined;
    if (parts.length === 1) {
      s.write(parts[0]!, cb);
      return;
    }
    // Corked writes leave node as one writev.
    s.cork();
    for (let i = 0; i < parts.length - 1; i++) s.write(parts[i]!);
    s.write(parts[parts.length - 1]!, cb);
    s.uncork();
  }

  close(err?: Error): void {
    if (err && !this.lastError) this.lastError = err;
    if (!this.socket) {
      if (!this.closed) {
        this.closed = true;
        this.onClose(this.lastError);
      }
      return;
    }
    this.socket.destroy();
  }
}

/** Makes a Node transport per connection attempt. */
export function nodeTransportFactory(): Transport {
  return new NodeTransport();
}
