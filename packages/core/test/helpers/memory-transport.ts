/**
 * An in-memory transport pair for unit tests (after async-nats's tokio::io::duplex tests): the client side
 * is a real Transport; the test drives the server side, writing exact bytes and reading the client's ops.
 */
import { ClientOpCollector, ClientOpParser, encodeInfo, joinParts, type ClientOp, type ServerInfo } from "@nats-stack/wire";
import { connectWith, type ConnectionOptions, type NatsConnection } from "../../src/mod";
import type { DialOptions, Transport, TransportFactory } from "../../src/transports/transport";

const te = new TextEncoder();

export class MemoryServer {
  readonly ops: ClientOp[] = [];
  private readonly collector = new ClientOpCollector();
  private readonly parser = new ClientOpParser(this.collector);
  private waiters: Array<{ pred: (ops: ClientOp[]) => boolean; resolve: () => void }> = [];
  client: MemoryTransport | undefined;
  dialOptions: DialOptions | undefined;
  /** What the client wrote, raw, in order. */
  readonly written: Uint8Array[] = [];
  /** Answer the client's PINGs after the handshake (flush, keepalive, acknowledgements). */
  autoPong = true;
  private handshakeDone = false;

  /** Sends bytes (or text) to the client as the server. */
  send(data: string | Uint8Array): void {
    const b = typeof data === "string" ? te.encode(data) : data;
    queueMicrotask(() => this.client?.onData(b));
  }

  sendInfo(info: ServerInfo = {}): void {
    this.send(encodeInfo({ server_id: "MEM", version: "2.9.10", proto: 1, headers: true, max_payload: 1048576, ...info }));
  }

  /** Closes the connection from the server side. */
  drop(err?: Error): void {
    this.client?.close(err);
  }

  receive(parts: Uint8Array[]): void {
    for (const p of parts) {
      this.written.push(p);
      this.parser.parse(p);
    }
    const fresh = this.collector.ops.splice(0);
    this.ops.push(...fresh);
    if (this.autoPong && this.handshakeDone) for (const o of fresh) if (o.kind === "PING") this.send("PONG\r\n");
    for (const w of [...this.waiters]) {
      if (w.pred(this.ops)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  /** Resolves when the client has sent ops that satisfy `pred`. */
  until(pred: (ops: ClientOp[]) => boolean, ms = 2000): Promise<void> {
    if (pred(this.ops)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timeout waiting; ops so far: ${JSON.stringify(this.ops.map((o) => o.kind))}`)), ms);
      this.waiters.push({ pred, resolve: () => (clearTimeout(t), resolve()) });
    });
  }

  /** Resolves when the client has sent `n` ops of `kind` in all. */
  untilCount(kind: ClientOp["kind"], n = 1): Promise<void> {
    return this.until((ops) => ops.filter((o) => o.kind === kind).length >= n);
  }

  /** Plays the usual handshake: INFO, then PONG to the client's first PING. */
  async handshake(info: ServerInfo = {}): Promise<void> {
    this.sendInfo(info);
    await this.untilCount("PING", 1);
    this.send("PONG\r\n");
    this.handshakeDone = true;
  }
}

export class MemoryTransport implements Transport {
  readonly server: MemoryServer;
  private closed = false;
  isEncrypted = false;
  pendingBytes = 0;
  onData: (chunk: Uint8Array) => void = () => {};
  onClose: (err?: Error) => void = () => {};

  constructor(server: MemoryServer) {
    this.server = server;
  }

  async dial(opts: DialOptions): Promise<void> {
    this.server.client = this;
    this.server.dialOptions = opts;
  }

  async upgrade(): Promise<void> {
    this.isEncrypted = true;
  }

  /**
   * A socket that does not write at once: while true, writes are kept by reference (not copied) and
   * counted in `pendingBytes` until {@link deliver} copies them to the server, as a backed-up socket keeps
   * the client's arrays until the system took them.
   */
  holding = false;
  private held: Array<{ parts: Uint8Array[]; bytes: number; done?: (err?: Error) => void }> = [];

  write(parts: Uint8Array[], done?: (err?: Error) => void): void {
    if (this.closed) {
      done?.(new Error("closed"));
      return;
    }
    if (this.holding || this.held.length > 0) {
      const bytes = parts.reduce((n, p) => n + p.length, 0);
      this.held.push({ parts, bytes, done });
      this.pendingBytes += bytes;
      return;
    }
    // Copy: the client may hand over buffers it reuses only after `done`, and tests keep what was written.
    this.server.receive(parts.map((p) => p.slice()));
    done?.();
  }

  /** Hands the oldest held writes (whole writes, at least one, up to `max` bytes) to the server, copying them now. */
  deliver(max = Infinity): void {
    let n = 0;
    while (this.held.length > 0 && (n === 0 || n + this.held[0]!.bytes <= max)) {
      const w = this.held.shift()!;
      n += w.bytes;
      this.pendingBytes -= w.bytes;
      this.server.receive(w.parts.map((p) => p.slice()));
      w.done?.();
    }
  }

  close(err?: Error): void {
    if (this.closed) return;
    this.closed = true;
    queueMicrotask(() => this.onClose(err));
  }
}

/** A factory whose every connection goes to a fresh MemoryServer, recorded in `servers`. */
export function memoryFactory(): { factory: TransportFactory; servers: MemoryServer[]; next(): Promise<MemoryServer> } {
  const servers: MemoryServer[] = [];
  let waiting: ((s: MemoryServer) => void) | undefined;
  return {
    servers,
    factory: () => {
      const s = new MemoryServer();
      servers.push(s);
      waiting?.(s);
      waiting = undefined;
      return new MemoryTransport(s);
    },
    next: () =>
      new Promise((resolve) => {
        waiting = resolve;
      }),
  };
}

/** What {@link memoryConnection} gives: the connection, its first server's side, and the factory (for the next). */
export interface MemoryConnection {
  nc: NatsConnection;
  srv: MemoryServer;
  mem: ReturnType<typeof memoryFactory>;
}

/** A connection over the in-memory transport (to `127.0.0.1:4222` unless `opts` say), its handshake done. */
export async function memoryConnection(opts: Partial<ConnectionOptions> = {}): Promise<MemoryConnection> {
  const mem = memoryFactory();
  const first = mem.next();
  const p = connectWith(mem.factory, { servers: "127.0.0.1:4222", ...opts });
  const srv = await first;
  await srv.handshake();
  return { nc: await p, srv, mem };
}

export { joinParts };
