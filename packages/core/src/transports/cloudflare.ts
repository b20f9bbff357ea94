/**
 * Cloudflare Workers transport: `connect` of `cloudflare:sockets`, upgraded with `startTls()`. A Worker's
 * sockets belong to the request that opened them, so a connection lives within one request (or a Durable
 * Object).
 */
import { connect as cfConnect, type Socket } from "cloudflare:sockets";
import { ConnectionError } from "../errors";
import { PulledSocketTransport } from "./pulled-socket-transport";
import type { DialOptions, TransportFactory } from "./transport";

/** A NATS connection over a Workers TCP socket. */
export class CloudflareTransport extends PulledSocketTransport {
  private socket: Socket | undefined;
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private writer: WritableStreamDefaultWriter<Uint8Array> | undefined;

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
    this.opened();
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
  protected async readChunk(): Promise<Uint8Array | null> {
    const r = await this.reader!.read();
    return r.done ? null : r.value;
  }

  protected writeChunk(chunk: Uint8Array): Promise<void> {
    return this.writer!.write(chunk);
  }

  protected get hasSocket(): boolean {
    return this.writer !== undefined;
  }

  protected closeSocket(): void {
    void this.socket?.close().catch(() => {});
  }
}

/** Makes a Cloudflare sockets transport per connection attempt. */
export const cloudflareTransportFactory: TransportFactory = () => new CloudflareTransport();
