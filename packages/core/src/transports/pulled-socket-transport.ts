/**
 * What the transports whose socket is read by awaiting one read at a time share (Deno's `conn.read`, the
 * `ReadableStream` reader of a Workers socket): the read loop that pauses for a STARTTLS upgrade, writes
 * in order through a {@link WriteQueue}, and closing once with the first error. It names no runtime, so
 * each runtime's adapter (and bundle) pulls in only its own socket module.
 */
import { ConnectionError } from "../errors";
import type { DialOptions, Transport } from "./transport";
import { WriteQueue } from "./write-queue";

/** A transport over a socket read by awaiting reads; the adapter supplies dialing, reading and writing. */
export abstract class PulledSocketTransport implements Transport {
  /** True once the connection is encrypted (set by the adapter's dial or upgrade). */
  protected encrypted = false;
  /** True from `close` (or the end of the read loop) on. */
  protected closed = false;
  private reported = false;
  private lastError: Error | undefined;
  /** The TLS upgrade in progress, which the read loop waits for before its next read. */
  protected upgrading: Promise<void> | undefined;
  private readonly writes = new WriteQueue((chunk) => this.writeChunk(chunk));
  onData: (chunk: Uint8Array) => void = () => {};
  onClose: (err?: Error) => void = () => {};

  get isEncrypted(): boolean {
    return this.encrypted;
  }

  get pendingBytes(): number {
    return this.writes.pending;
  }

  abstract dial(o: DialOptions): Promise<void>;

  /**
   * The next chunk read, null at the end of the stream. The chunk goes to the client, which keeps views
   * into it: it must be a buffer the adapter never writes to again.
   */
  protected abstract readChunk(): Promise<Uint8Array | null>;
  /** Writes one chunk completely. */
  protected abstract writeChunk(chunk: Uint8Array): Promise<void>;
  /** True while a socket is open to write to. */
  protected abstract get hasSocket(): boolean;
  /** Closes the socket, ignoring a socket the runtime already closed. */
  protected abstract closeSocket(): void;

  /** Called by the adapter's dial once the socket is open: reads it, or closes it if `close` came first. */
  protected opened(): void {
    if (this.closed) this.closeSocket();
    else void this.readLoop();
  }

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
        const chunk = await this.readChunk();
        if (chunk === null) break;
        this.onData(chunk);
      }
    } catch (err) {
      if (!this.closed) this.lastError ??= new ConnectionError((err as Error).message, { cause: err });
    }
    this.gone();
  }

  write(parts: Uint8Array[], done?: (err?: Error) => void): void {
    if (!this.hasSocket || this.closed) {
      done?.(new ConnectionError("connection closed"));
      return;
    }
    this.writes.write(parts, done);
  }

  close(err?: Error): void {
    if (err && !this.lastError) this.lastError = err;
    if (this.closed) return;
    this.closed = true;
    this.closeSocket();
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
