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

/** The URL a WebSocket dials for `o`. */
export function wsUrl(o: DialOptions): string {
  const host = o.hostname.includes(":") ? `[${o.hostname}]` : o.hostname;
  return `${o.scheme === "wss" || o.scheme === "tls" ? "wss" : "ws"}://${host}:${o.port}${o.path}`;
}

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
  onData: (chunk: Uint8Array) => void = () => {};
  onClose: (err?: Error) => void = () => {};

  get isEncrypted(): boolean {
    return this.#encrypted;
  }

  get pendingBytes(): number {
    return this.#socket?.bufferedAmount ?? 0;
  }

  dial(o: DialOptions): Promise<void> {
    const WS = (globalThis as { WebSocket?: W3cWebSocketClass }).WebSocket;
    if (!WS) return Promise.reject(new ConnectionError("WebSocket is not available in this runtime"));
    const url = wsUrl(o);
    return new Promise<void>((resolve, reject) => {
      let opened = false;
      let ws: W3cWebSocket;
      try {
        ws = new WS(url);
      } catch (err) {
        reject(new ConnectionError(`cannot open ${url}: ${(err as Error).message}`, { cause: err }));
        return;
      }
      this.#socket = ws;
      ws.binaryType = "arraybuffer";
      const timer = setTimeout(() => {
        reject(new ConnectionError(`timeout connecting to ${url}`));
        this.close();
      }, o.timeout);
      ws.onopen = () => {
        clearTimeout(timer);
        opened = true;
        this.#encrypted = url.startsWith("wss:");
        if (this.#closed) ws.close(NORMAL_CLOSURE);
        resolve();
      };
      // Each message's ArrayBuffer is fresh: handing a view over needs no copy.
      ws.onmessage = (ev) => {
        const d = ev.data;
        this.onData(typeof d === "string" ? encodeText(d) : new Uint8Array(d as ArrayBufferLike));
      };
      ws.onerror = () => {
        // The browser says no more than "error"; the close event follows with the code.
        this.#lastError ??= new ConnectionError(`websocket error on ${url}`);
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

/** Makes a WebSocket transport per connection attempt; server URLs read as nats.js's `wsconnect` reads them. */
export const wsTransportFactory: TransportFactory = /* @__PURE__ */ Object.assign(() => new WsTransport(), { urls: "websocket" as const });
