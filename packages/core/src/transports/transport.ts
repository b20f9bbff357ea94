/**
 * The one interface between the client and a runtime's sockets. Adapters (Node TCP/TLS here; Deno, Bun,
 * WebSocket, edge sockets later) implement it in thin files; the client picks one by import, never through a
 * global factory.
 *
 * Ownership of bytes:
 * - Read: every chunk given to `onData` belongs to the client from then on. The adapter must hand over a
 *   buffer it will never write to again (Node's socket chunks are fresh; an adapter that reads into a reused
 *   buffer must copy), because the client's messages are views into these chunks.
 * - Write: the arrays given to `write` belong to the adapter until written; the client never changes them
 *   afterwards.
 */
export interface Transport {
  /** Opens the connection (TCP, or TLS at once when `tls.handshakeFirst`). Rejects with a ConnectionError. */
  dial(opts: DialOptions): Promise<void>;
  /** Upgrades the open connection to TLS (after the server's INFO asked for it). */
  upgrade(opts: DialOptions): Promise<void>;
  /** True once the connection is encrypted. */
  readonly isEncrypted: boolean;
  /** Queues bytes for writing, in order. `done` is called once they are written (or failed). */
  write(parts: Uint8Array[], done?: (err?: Error) => void): void;
  /** Bytes queued and not yet written by the adapter. */
  readonly pendingBytes: number;
  /**
   * Optional: makes a write buffer of the runtime's native kind (Node: an unpooled-zeroing Buffer), so
   * writes need no conversion. Without it the client uses plain Uint8Arrays.
   */
  alloc?(size: number): Uint8Array;
  /** Closes at once; `onClose` follows. Idempotent. */
  close(err?: Error): void;
  /** Called with each chunk read. */
  onData: (chunk: Uint8Array) => void;
  /** Called once when the connection is gone, with the error if it failed. */
  onClose: (err?: Error) => void;
}

/** TLS settings, as nats.js's `TlsOptions`; adapters may accept more (Node: any `tls.connect` option). */
export interface TlsOptions {
  /** Start TLS before the server's INFO (the server must be configured with `handshake_first`). */
  handshakeFirst?: boolean;
  certFile?: string;
  cert?: string;
  caFile?: string;
  ca?: string;
  keyFile?: string;
  key?: string;
  [option: string]: unknown;
}

/** What an adapter needs to dial one server. */
export interface DialOptions {
  hostname: string;
  port: number;
  /** Name to check the server's certificate against (SNI), when it differs from `hostname`. */
  tlsName: string;
  /** Milliseconds to wait for the connection (and TLS handshake). */
  timeout: number;
  /** TLS settings; undefined when none were given; null when TLS was refused by the user. */
  tls: TlsOptions | null | undefined;
}

/** Makes a fresh transport for each connection attempt. */
export type TransportFactory = () => Transport;
