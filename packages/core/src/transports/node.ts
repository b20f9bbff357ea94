/**
 * Node.js TCP/TLS transport. The only file of the client that imports `node:*`.
 */
import { readFile } from "node:fs/promises";
import * as net from "node:net";
import * as tls from "node:tls";
import { ConnectionError } from "../errors";
import { DirectWriter, type Writev } from "./node-direct-writer";
import type { BytesView, DialOptions, TlsOptions, Transport } from "./transport";

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

/** Bytes of the first slab a plain connection reads into (see NodeTransport.reader). */
const FIRST_SLAB = 4 * 1024;
/** Bytes of its slabs once a read filled all the room it was given; a slab with less than a quarter of its
 * bytes unused is replaced by a fresh one before the next read. */
const READ_SLAB = 256 * 1024;
/** A read shorter than this ends a burst: the next slab is FIRST_SLAB bytes again and the big one is left to
 * the messages already read into it, so messages kept from quiet traffic pin a few KiB, not a big slab. */
const QUIET_READ = FIRST_SLAB;

// fs.writevSync, for the direct write path; loaded on first dial (undefined until then, null where the
// runtime has no node:fs).
let writev: Writev | null | undefined;
async function loadWritev(): Promise<Writev | null> {
  if (writev === undefined) {
    try {
      writev = (await import("node:fs")).writevSync ?? null;
    } catch {
      writev = null;
    }
  }
  return writev;
}

type BytesClass = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => Uint8Array;
let nodeBytes: BytesClass | undefined;

// A typed array whose prototype chain holds Buffer.prototype is a Buffer in every way a program can tell
// (Buffer.isBuffer, instanceof, its methods, `constructor`, how util.inspect shows it, subarray's species),
// as Node's own FastBuffer is; constructing one is a plain typed-array construction, cheaper than
// Buffer.from(arrayBuffer, byteOffset, length), which checks its arguments first (16 B messages parsed and
// their data read, one process per variant, shared machine: 120 ns a message against 141; with the plain
// subarray of before, 107-114). Made on first use.
function makeNodeBytes(): BytesClass {
  class NodeBytes extends Uint8Array {}
  Object.setPrototypeOf(NodeBytes.prototype, Buffer.prototype);
  // so `constructor` is Buffer's, as on Node's own Buffers
  delete (NodeBytes.prototype as { constructor?: unknown }).constructor;
  return NodeBytes;
}

/** A Buffer over the same memory, nothing copied. */
function nodeBytesView(buffer: ArrayBufferLike, byteOffset: number, length: number): Uint8Array {
  return new (nodeBytes ??= makeNodeBytes())(buffer, byteOffset, length);
}

/** A NATS connection over node:net, upgraded with node:tls when asked. */
export class NodeTransport implements Transport {
  private socket: net.Socket | undefined;
  private closed = false;
  private lastError: Error | undefined;
  // The write path of a plain socket (node-direct-writer.ts); undefined for TLS, whose bytes only node
  // may write.
  private direct: DirectWriter | undefined = undefined;
  onData: (chunk: Uint8Array) => void = () => {};
  onClose: (err?: Error) => void = () => {};

  get isEncrypted(): boolean {
    return this.socket instanceof tls.TLSSocket;
  }

  alloc(size: number): Uint8Array {
    return Buffer.allocUnsafe(size);
  }

  // nats.js's Node transport hands out message data as Buffers (views of its socket chunks): programs print
  // `${msg.data}` and call `msg.data.toString()`. The parser keeps working on plain Uint8Array views (faster
  // subarray and indexOf); only the payload given to the program is a Buffer, made over the same memory.
  readonly bytesView: BytesView = nodeBytesView;

  get pendingBytes(): number {
    if (this.direct !== undefined) return this.direct.pendingBytes;
    return this.socket?.writableLength ?? 0;
  }

  async dial(o: DialOptions): Promise<void> {
    await loadWritev();
    const socket = o.tls?.handshakeFirst
      ? await this.connectTls(o, undefined)
      : await new Promise<net.Socket>((resolve, reject) => {
          const s = net.connect({ host: o.hostname, port: o.port, onread: this.reader() });
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
    this.direct = undefined;
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

  // Plain connections read into slabs (node's `onread`), each read into the unused rest of the current slab:
  // one read syscall takes everything the kernel holds, up to the rest of the slab, where node's default
  // reads at most 64 KiB and allocates each chunk on its own. A subscriber that could not read for a while
  // (its program publishing in a synchronous loop) otherwise empties the receive buffer 64 KiB at a time
  // while the server waits on the receive window. Slabs start small (a connection that only exchanges
  // small messages stays small) and are READ_SLAB bytes from the first read that fills what it was offered
  // until a read shorter than QUIET_READ shows the burst is over.
  // Every chunk handed to onData is a region of a slab that is never written again, as the Transport
  // contract requires; a message kept by the program keeps its slab alive.
  private slab: Uint8Array | undefined = undefined;
  private slabUsed = 0;
  private slabSize = FIRST_SLAB;
  private reader(): net.OnReadOpts {
    return {
      buffer: () => {
        const slab = this.slab;
        if (slab !== undefined && slab.length === this.slabSize && slab.length - this.slabUsed >= slab.length / 4) {
          return slab.subarray(this.slabUsed);
        }
        // Not zero-filled: only the pages a read writes to become resident, and only bytes read are handed on.
        const b = Buffer.allocUnsafeSlow(this.slabSize);
        this.slabUsed = 0;
        return (this.slab = new Uint8Array(b.buffer, b.byteOffset, this.slabSize));
      },
      callback: (n: number, buf: Uint8Array): boolean => {
        if (n === buf.length) this.slabSize = READ_SLAB;
        else if (n < QUIET_READ) this.slabSize = FIRST_SLAB;
        this.slabUsed += n;
        this.onData(buf.subarray(0, n));
        return true;
      },
    };
  }

  private attach(socket: net.Socket): void {
    this.socket = socket;
    socket.setNoDelay(true);
    const fd = socket instanceof tls.TLSSocket || !writev ? -1 : DirectWriter.fdOf(socket);
    this.direct = fd >= 0 && writev ? new DirectWriter(socket, fd, writev) : undefined;
    // A plain Uint8Array view of the same memory: Buffer's own subarray and indexOf (used per message by the
    // parser) are several times slower than the typed-array ones. (Plain sockets read through `reader`; a
    // TLS socket emits data events.)
    socket.on("data", (chunk: Buffer) => this.onData(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    socket.on("error", (err) => {
      this.lastError = err;
    });
    socket.on("close", () => {
      this.direct?.fail(new ConnectionError("connection closed"));
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
    if (this.direct !== undefined) {
      this.direct.write(parts, done);
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
