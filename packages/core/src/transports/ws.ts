/**
 * WebSocket transport, on the runtime's own `WebSocket` (browsers, Deno, Bun, Node 22+, Cloudflare Workers).
 * nats-server's websocket listener carries the same protocol in binary frames.
 */
import { encodeText } from "@nats-stack/wire";
import { ConnectionError } from "../errors";
import type { DialOptions, Transport, TransportFactory } from "./transport";

/** The part of the W3C WebSocket this transport uses. */
interface W3cWebSocket {
  binaryType: string;
  readonly bufferedAmount: number;
  /** Absent on some stand-ins; a factory's socket may already be open (1) or closing/closed (2, 3). */
  readonly readyState?: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason: string; wasClean: boolean }) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}
type W3cWebSocketClass = new (url: string) => W3cWebSocket;

/** Normal closure: nats-server 2.9.10 answers a close frame without a code with the reserved 1005. */
const NORMAL_CLOSURE = 1000;
/** How often to look at `bufferedAmount` while a write waits to be sent (a WebSocket has no drain event). */
const DRAIN_POLL_MS = 5;

/**
 * The URL a WebSocket dials for `o`, as nats.js builds it (`ws://host:port/path?query`, the path at least
 * "/"): the URL a `wsFactory` is handed.
 */
export function wsUrl(o: DialOptions): string {
  const host = o.hostname.includes(":") ? `[${o.hostname}]` : o.hostname;
  return `${o.scheme === "wss" || o.scheme === "tls" ? "wss" : "ws"}://${host}:${o.port}${o.path || "/"}`;
}

/**
 * Makes the socket of one connection attempt (nats.js's `wsFactory`, bound to the connection's options):
 * any W3C-compatible WebSocket (the `ws` package on Node 20, a socket with custom headers), and whether it
 * is encrypted.
 */
export type WsSocketMaker = (url: string) => Promise<{ socket: unknown; encrypted: boolean }>;

/** readyState of an open W3C WebSocket (a factory may hand over one already open). */
const OPEN = 1;

/** A NATS connection over a WebSocket. */
export class WsTransport implements Transport {
  #socket: W3cWebSocket | undefined;
  #closed = false;
  #encrypted = false;
  #lastError: Error | undefined;
  // Bytes handed to send() in all, and the writes waiting for theirs to leave bufferedAmount.
  #sent = 0;
  #waiting: Array<{ mark: number; done: (err?: Error) => void }> = [];
  #poll: ReturnType<typeof setTimeout> | undefined;
  readonly #make: WsSocketMaker | undefined;
  onData: (chunk: Uint8Array) => void = () => {};
  onClose: (err?: Error) => void = () => {};

  /** Without `make`, sockets are the runtime's global `WebSocket`. */
  constructor(make?: WsSocketMaker) {
    this.#make = make;
  }

  get isEncrypted(): boolean {
    return this.#encrypted;
  }

  get pendingBytes(): number {
    return this.#socket?.bufferedAmount ?? 0;
  }

  async dial(o: DialOptions): Promise<void> {
    const url = wsUrl(o);
    const make = this.#make;
    let ws: W3cWebSocket;
    let encrypted = url.startsWith("wss:");
    if (make) {
      // The program's own code: whatever it throws, rejects or returns becomes a ConnectionError of this
      // dial (the reconnect policy decides what follows), never an unhandled rejection.
      let made: { socket: unknown; encrypted: boolean };
      try {
        made = await make(url);
      } catch (err) {
        throw new ConnectionError(`wsFactory failed for ${url}: ${(err as Error)?.message ?? err}`, { cause: err });
      }
      const s = made?.socket as W3cWebSocket | undefined;
      if (typeof s?.send !== "function" || typeof s.close !== "function") {
        throw new ConnectionError(`wsFactory did not give a WebSocket for ${url}`);
      }
      // Given up meanwhile (the connection timeout, a close): the late socket is not kept.
      if (this.#closed) {
        // A Node socket (the `ws` package) closed while connecting emits an error event, which is thrown
        // when nothing listens.
        s.onerror = () => {};
        s.close(NORMAL_CLOSURE);
        throw new ConnectionError("connection closed");
      }
      ws = s;
      encrypted = made.encrypted === true;
    } else {
      const WS = (globalThis as { WebSocket?: W3cWebSocketClass }).WebSocket;
      if (!WS) throw new ConnectionError("WebSocket is not available in this runtime");
      try {
        ws = new WS(url);
      } catch (err) {
        throw new ConnectionError(`cannot open ${url}: ${(err as Error).message}`, { cause: err });
      }
    }
    return this.#attach(ws, url, encrypted, o.timeout);
  }

  #attach(ws: W3cWebSocket, url: string, encrypted: boolean, timeout: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let opened = false;
      this.#socket = ws;
      ws.binaryType = "arraybuffer";
      const open = () => {
        clearTimeout(timer);
        opened = true;
        this.#encrypted = encrypted;
        if (this.#closed) ws.close(NORMAL_CLOSURE);
        resolve();
      };
      const timer = setTimeout(() => {
        reject(new ConnectionError(`timeout connecting to ${url}`));
        this.close();
      }, timeout);
      ws.onopen = open;
      // Each message's ArrayBuffer is fresh: handing a view over needs no copy.
      ws.onmessage = (ev) => {
        const d = ev.data;
        this.onData(typeof d === "string" ? encodeText(d) : new Uint8Array(d as ArrayBufferLike));
      };
      ws.onerror = (ev) => {
        // A browser says no more than "error" (the close event follows with the code); a Node socket (the
        // `ws` package, Node 22's) says why, and a refused connection reads as on the TCP transports.
        const why = (ev as { message?: unknown } | undefined)?.message;
        this.#lastError ??= new ConnectionError(
          typeof why === "string" && why ? (/ECONNREFUSED/.test(why) ? "connection refused" : `websocket error on ${url}: ${why}`) : `websocket error on ${url}`,
        );
      };
      ws.onclose = (ev) => {
        clearTimeout(timer);
        if (!opened) {
          reject(new ConnectionError(`cannot connect to ${url} (websocket closed with ${ev.code}${ev.reason ? `: ${ev.reason}` : ""})`));
        } else if (!ev.wasClean && !this.#lastError) {
          this.#lastError = new ConnectionError(`websocket closed with ${ev.code}${ev.reason ? `: ${ev.reason}` : ""}`);
        }
        this.#gone();
      };
      // A factory's socket may be open already (its open event gone by); one closing or closed never opens
      // and reports its close, if at all, before these handlers were set.
      const state = ws.readyState;
      if (state === OPEN) open();
      else if (state !== undefined && state > OPEN) {
        clearTimeout(timer);
        // The link hears of it through onClose: the same error both ways.
        reject((this.#lastError ??= new ConnectionError(`cannot connect to ${url} (websocket already closed)`)));
        this.#gone();
      }
    });
  }

  write(parts: Uint8Array[], done?: (err?: Error) => void): void {
    const ws = this.#socket;
    if (!ws || this.#closed) {
      done?.(new ConnectionError("connection closed"));
      return;
    }
    // One frame per write: the server reads frames as one byte stream.
    let data: Uint8Array;
    if (parts.length === 1) data = parts[0]!;
    else {
      let n = 0;
      for (const p of parts) n += p.length;
      data = new Uint8Array(n);
      let o = 0;
      for (const p of parts) {
        data.set(p, o);
        o += p.length;
      }
    }
    ws.send(data);
    this.#sent += data.length;
    if (!done) return;
    this.#waiting.push({ mark: this.#sent, done });
    this.#checkDrain();
  }

  // Calls `done` of the writes whose bytes have left bufferedAmount; polls while some have not.
  #checkDrain(): void {
    const left = this.#socket?.bufferedAmount ?? 0;
    const out = this.#sent - left;
    while (this.#waiting.length > 0 && this.#waiting[0]!.mark <= out) this.#waiting.shift()!.done();
    if (this.#waiting.length > 0 && this.#poll === undefined && !this.#closed) {
      this.#poll = setTimeout(() => {
        this.#poll = undefined;
        this.#checkDrain();
      }, DRAIN_POLL_MS);
    }
  }

  close(err?: Error): void {
    if (err && !this.#lastError) this.#lastError = err;
    if (this.#closed) return;
    this.#closed = true;
    const ws = this.#socket;
    if (!ws) {
      this.#gone();
      return;
    }
    try {
      ws.close(NORMAL_CLOSURE);
    } catch {
      // still connecting in some runtimes: onopen closes it
    }
    // A socket that never opened, or a runtime slow to report the close, must still end the link now.
    this.#gone();
  }

  #reported = false;
  #gone(): void {
    this.#closed = true;
    if (this.#poll !== undefined) clearTimeout(this.#poll);
    this.#poll = undefined;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const w of waiting) w.done(new ConnectionError("connection closed"));
    if (this.#reported) return;
    this.#reported = true;
    this.onClose(this.#lastError);
  }
}

/**
 * Makes a WebSocket transport per connection attempt, on `make`'s sockets or the runtime's `WebSocket`;
 * server URLs read as nats.js's `wsconnect` reads them.
 */
export function wsTransports(make?: (url: string, options: object) => ReturnType<WsSocketMaker>): TransportFactory {
  return Object.assign((options: object) => new WsTransport(make && ((u: string) => make(u, options))), { urls: "websocket" as const });
}
