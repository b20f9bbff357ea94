/**
 * The one interface between the client and a runtime's sockets. Adapters (Node, Deno, Bun, WebSocket,
 * Cloudflare sockets) implement it in thin files; the client picks one by import, never through a global
 * factory.
 *
 * Ownership of bytes:
 * - Read: every chunk given to `onData` belongs to the client from then on. The adapter must hand over a
 *   buffer it will never write to again (a WebSocket's message buffers are fresh; the Node adapter reads
 *   into successive regions of a slab and never reads into a region twice; an adapter that reads into a
 *   reused buffer must copy), because the client's messages are views into these chunks.
 * - Write: the arrays given to `write` belong to the adapter until `done` is called; the client never
 *   changes them. The client may keep them afterwards (to send them again after a reconnect), so an adapter
 *   must not change them either.
 *
 * Back-pressure: the client reads `pendingBytes` before each write. Above its bound it writes nothing more
 * until the `done` callback of its last write runs, so an adapter must count everything accepted and not yet
 * handed to the operating system, and call `done` once those bytes are.
 */
export interface Transport {
  /** Opens the connection (TLS at once for `wss://` or `tls.handshakeFirst`). Rejects with a ConnectionError. */
  dial(opts: DialOptions): Promise<void>;
  /**
   * Optional: upgrades the open connection to TLS after the server's INFO asked for it (STARTTLS). The client
   * calls it synchronously from inside the `onData` call that delivered the INFO line; from then on the
   * adapter must not read from the plain connection (the server's next bytes are TLS). Transports without it
   * (a WebSocket) cannot talk to a server that requires TLS after connecting.
   */
  upgrade?(opts: DialOptions): Promise<void>;
  /** True once the connection is encrypted. */
  readonly isEncrypted: boolean;
  /** Queues bytes for writing, in order. `done` is called once they are written (or failed). */
  write(parts: Uint8Array[], done?: (err?: Error) => void): void;
  /** Bytes queued and not yet written by the adapter. */
  readonly pendingBytes: number;
  /**
   * Optional: makes a write buffer of the runtime's native kind (Node: an unpooled Buffer), so writes need no
   * conversion. Without it the client uses plain Uint8Arrays.
   */
  alloc?(size: number): Uint8Array;
  /**
   * Optional: makes a view of received bytes, over the same memory, of the runtime's native kind. A message's
   * `data` is handed to the program as such a view (Node: a Buffer, as nats.js's Node transport hands it, so
   * `msg.data.toString()` is the text and Buffer methods work). Without it `data` is a plain Uint8Array view.
   */
  readonly bytesView?: BytesView;
  /** Closes at once; `onClose` follows. Idempotent. */
  close(err?: Error): void;
  /** Called with each chunk read. */
  onData: (chunk: Uint8Array) => void;
  /** Called once when the connection is gone, with the error if it failed. */
  onClose: (err?: Error) => void;
}

/** Makes a view of `length` bytes of `buffer` from `byteOffset`, with no copy (see {@link Transport.bytesView}). */
export type BytesView = (buffer: ArrayBufferLike, byteOffset: number, length: number) => Uint8Array;

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

/** URL schemes of NATS servers: TCP (`nats`, `tls`) and WebSocket (`ws`, `wss`). */
export type ServerScheme = "nats" | "tls" | "ws" | "wss";

/** What an adapter needs to dial one server: the server as parsed, and the TLS wish. */
export interface DialOptions {
  /** `nats`/`tls` for TCP adapters, `ws`/`wss` for the WebSocket adapter. */
  scheme: ServerScheme;
  hostname: string;
  port: number;
  /** Path and query of a WebSocket URL (`/nats?x=1`), "" when none. */
  path: string;
  /** Name to check the server's certificate against (SNI), when it differs from `hostname`. */
  tlsName: string;
  /** Milliseconds to wait for the connection (and TLS handshake). */
  timeout: number;
  /**
   * The TLS wish: settings when TLS is wanted (a `tls://` or `wss://` URL gives `{}`), undefined when TLS is
   * used only if the server asks for it, null when the user refused TLS.
   */
  tls: TlsOptions | null | undefined;
}

/** How a transport's server URLs read. */
export type UrlStyle = "tcp" | "websocket";

/**
 * Makes a fresh transport for each connection attempt, given the connection's options with their defaults
 * (what nats.js hands a `wsFactory`; most factories ignore them). A factory for WebSocket servers says so
 * with `urls: "websocket"`: server URLs without a scheme then mean `wss://` on port 443 (as in nats.js's
 * `wsconnect`), and cluster discovery reads INFO's `ws_connect_urls` instead of `connect_urls`.
 */
export type TransportFactory = ((options: object) => Transport) & { readonly urls?: UrlStyle };
