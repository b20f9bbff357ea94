/**
 * `wsconnect({ wsFactory })` with a scripted W3C socket (no network): what the factory's `encrypted` changes
 * (the CONNECT's `tls_required`, the refusal of a server whose INFO has `tls_required` over a plain socket),
 * the `binaryType` the client sets, sockets handed over already open or already closed, and a socket that
 * arrives after the attempt was given up. The real-server side-by-side runs are ws-factory.int.test.ts.
 */
import { wsconnect, ConnectionError, type ConnectionOptions } from "@nats-stack/core";

/** A W3C-shaped socket playing a nats-server: INFO once open, PONG to each PING; what it was sent is kept. */
class ScriptedSocket {
  binaryType = "blob";
  readyState = 0;
  bufferedAmount = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  readonly sent: string[] = [];
  constructor(readonly info: object) {}
  /** Opens now (events as a browser fires them: open, then the server's INFO). */
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
    this.sendInfo();
  }
  /** The server's INFO, without an open event (for a socket that was open already). */
  sendInfo(): void {
    this.#push(`INFO ${JSON.stringify(this.info)}\r\n`);
  }
  #push(text: string): void {
    this.onmessage?.({ data: new TextEncoder().encode(text).buffer });
  }
  send(data: Uint8Array): void {
    const text = new TextDecoder().decode(data);
    this.sent.push(text);
    for (const _ of text.match(/^PING\r\n/gm) ?? []) setTimeout(() => this.#push("PONG\r\n"), 0);
  }
  close(code = 1000): void {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    setTimeout(() => this.onclose?.({ code, reason: "", wasClean: true }), 0);
  }
  /** The CONNECT the client sent, parsed. */
  connect(): Record<string, unknown> {
    const line = this.sent.join("").split("\r\n").find((l) => l.startsWith("CONNECT "));
    return JSON.parse(line!.slice("CONNECT ".length)) as Record<string, unknown>;
  }
}

const INFO = { server_id: "S", version: "2.9.10", proto: 1, headers: true, max_payload: 1048576 };
type Made = { socket: ScriptedSocket; encrypted: boolean };
const opts = (wsFactory: (u: string) => Promise<Made>, more: ConnectionOptions = {}) =>
  ({ servers: "ws://127.0.0.1:4443", wsFactory, reconnect: false, timeout: 2000, ...more }) as ConnectionOptions;

test("the factory's socket gets binaryType arraybuffer; `encrypted` is the CONNECT's tls_required", async () => {
  for (const encrypted of [false, true]) {
    const socket = new ScriptedSocket(INFO);
    const nc = await wsconnect(opts(async () => (setTimeout(() => socket.open(), 0), { socket, encrypted })));
    expect(socket.binaryType).toBe("arraybuffer");
    expect(socket.connect().tls_required).toBe(encrypted);
    await nc.close();
  }
});

test("a server whose INFO has tls_required is refused over a socket the factory says is not encrypted", async () => {
  const plain = new ScriptedSocket({ ...INFO, tls_required: true });
  const err = await wsconnect(opts(async () => (setTimeout(() => plain.open(), 0), { socket: plain, encrypted: false }))).catch((e: Error) => e);
  expect(err).toBeInstanceOf(ConnectionError);
  expect((err as Error).message).toBe("server requires TLS, which this transport cannot start on an open connection");
  expect(plain.sent.join("")).not.toContain("CONNECT");
  // The same server over a socket the factory vouches for (a wss:// one) is fine.
  const secure = new ScriptedSocket({ ...INFO, tls_required: true });
  const nc = await wsconnect(opts(async () => (setTimeout(() => secure.open(), 0), { socket: secure, encrypted: true })));
  expect(secure.connect().tls_required).toBe(true);
  await nc.close();
});

test("a socket handed over already open is used at once (its open event is gone)", async () => {
  const socket = new ScriptedSocket(INFO);
  socket.readyState = 1;
  const nc = await wsconnect(
    opts(async () => {
      // No open event: the INFO comes once the client listens, as a real socket's next message would.
      setTimeout(() => socket.sendInfo(), 0);
      return { socket, encrypted: false };
    }),
  );
  await nc.flush();
  await nc.close();
});

test("a socket handed over already closed fails the attempt with a ConnectionError", async () => {
  const socket = new ScriptedSocket(INFO);
  socket.readyState = 3;
  const err = await wsconnect(opts(async () => ({ socket, encrypted: false }))).catch((e: Error) => e);
  expect(err).toBeInstanceOf(ConnectionError);
  expect((err as Error).message).toBe("cannot connect to ws://127.0.0.1:4443/ (websocket already closed)");
});

test("a socket that arrives after the connection timeout is closed, not kept", async () => {
  const socket = new ScriptedSocket(INFO);
  let give!: () => void;
  const given = new Promise<void>((r) => (give = r));
  const err = await wsconnect(
    opts(
      async () => {
        await given;
        return { socket, encrypted: false };
      },
      { timeout: 50 },
    ),
  ).catch((e: Error) => e);
  expect((err as Error).name).toBe("TimeoutError");
  give();
  await new Promise((r) => setTimeout(r, 0));
  expect(socket.readyState).toBe(3);
  expect(socket.sent).toEqual([]);
});

test("a factory's result without a usable socket fails the attempt with a ConnectionError", async () => {
  for (const made of [undefined, null, {}, { socket: {} }, { socket: { send() {} } }]) {
    const err = await wsconnect(opts(async () => made as never)).catch((e: Error) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as Error).message).toBe("wsFactory did not give a WebSocket for ws://127.0.0.1:4443/");
  }
});

test("a factory's socket that errors after open (reconnect off): disconnect, then close; closed() resolves once, without an error", async () => {
  const socket = new ScriptedSocket(INFO);
  const nc = await wsconnect(opts(async () => (setTimeout(() => socket.open(), 0), { socket, encrypted: false })));
  const seen: string[] = [];
  const watching = (async () => {
    for await (const s of nc.status()) seen.push(s.type);
  })();
  // As the `ws` package reports a reset peer: an error event with its reason, then an unclean close.
  socket.readyState = 3;
  socket.onerror?.({ message: "read ECONNRESET" });
  socket.onclose?.({ code: 1006, reason: "", wasClean: false });
  socket.onclose?.({ code: 1006, reason: "", wasClean: false }); // a runtime that reports twice changes nothing
  const closed = await nc.closed();
  await watching;
  expect(closed).toBeUndefined(); // a lost connection is no error of the client's (as over TCP)
  expect(nc.isClosed()).toBe(true);
  expect(seen).toContain("disconnect");
  expect(seen[seen.length - 1]).toBe("close");
});
