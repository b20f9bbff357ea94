/**
 * The drop-in contract: every value nats.js v3's public entry exports exists in ours, with the same kind,
 * and the error classes keep their names and messages. Checked against the real package (a dev dependency of
 * fixtures), so a new export upstream shows up here.
 */
import { join } from "node:path";
import * as ours from "@nats-stack/core";

const fixtures = join(__dirname, "../../../../fixtures");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const theirs = require(require.resolve("@nats-io/nats-core", { paths: [fixtures] })) as Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const transport = require(require.resolve("@nats-io/transport-node", { paths: [fixtures] })) as Record<string, unknown>;

// Names we do not offer yet, each with the reason.
const pending: Record<string, string> = {};

test("every value of @nats-io/nats-core's public entry is exported, with the same kind", () => {
  const missing: string[] = [];
  for (const name of Object.keys(theirs)) {
    if (name in pending) continue;
    const mine = (ours as Record<string, unknown>)[name];
    if (mine === undefined) missing.push(name);
    else expect([name, typeof mine]).toEqual([name, typeof theirs[name]]);
  }
  expect(missing).toEqual([]);
  expect(typeof ours.connect).toBe(typeof transport.connect);
});

test("every entry exports the same names: what differs is the transport behind connect", async () => {
  const names = (m: object) => Object.keys(m).sort();
  const node = names(ours);
  for (const entry of ["deno", "bun", "ws", "cloudflare"]) {
    // cloudflare:sockets exists only inside workerd; the names are what is compared here.
    if (entry === "cloudflare") jest.doMock("cloudflare:sockets", () => ({ connect: () => undefined }), { virtual: true });
    expect([entry, names(await import(`@nats-stack/core/${entry}`))]).toEqual([entry, node]);
  }
});

test("a TCP entry refuses WebSocket URLs with nats.js's text", async () => {
  const mine = await ours.connect({ servers: "ws://127.0.0.1:1" }).catch((e: Error) => e);
  const theirs = await (transport.connect as (o: object) => Promise<unknown>)({ servers: "ws://127.0.0.1:1" }).catch((e: Error) => e);
  expect([(mine as Error).name, (mine as Error).message]).toEqual([(theirs as Error).name, (theirs as Error).message]);
  const deno = await (await import("@nats-stack/core/deno")).connect({ servers: ["nats://a:1", "wss://h/x"] }).catch((e: Error) => e);
  expect((deno as Error).message).toBe("'servers' deno client doesn't support websockets, use the 'wsconnect' function instead");
});

test("wsconnect refuses tls options as nats.js does", async () => {
  const mine = await ours.wsconnect({ servers: "wss://127.0.0.1:1", tls: {} }).catch((e: Error) => e);
  const other = await (theirs.wsconnect as (o: object) => Promise<unknown>)({ servers: "wss://127.0.0.1:1", tls: {} }).catch((e: Error) => e);
  expect([(mine as Error).name, (mine as Error).message]).toEqual([(other as Error).name, (other as Error).message]);
});

test("wsconnect refuses a wsFactory that is not a function, before any dial (nats.js would call it and never settle)", async () => {
  for (const wsFactory of [42, "ws", {}, true]) {
    const err = await ours.wsconnect({ servers: "ws://127.0.0.1:1", wsFactory } as never).catch((e: Error) => e);
    expect(err).toBeInstanceOf(ours.InvalidArgumentError);
    expect((err as Error).message).toBe("'wsFactory' must be a function");
  }
});

test("wsconnect takes an absent wsFactory (undefined or null) as none: the runtime's WebSocket", async () => {
  for (const wsFactory of [undefined, null]) {
    const err = await ours.wsconnect({ servers: "ws://127.0.0.1:1", wsFactory, reconnect: false, timeout: 1000 } as never).catch((e: Error) => e);
    // Node 20 has no global WebSocket: the dial, not the options check, is what fails.
    expect(err).not.toBeInstanceOf(ours.InvalidArgumentError);
    expect(err).toBeInstanceOf(Error);
  }
});

test("wsconnect checks tls before wsFactory, as nats.js refuses tls first", async () => {
  const err = await ours.wsconnect({ servers: "ws://127.0.0.1:1", tls: {}, wsFactory: 1 } as never).catch((e: Error) => e);
  expect((err as Error).message).toBe("'tls' is not configurable on w3c websocket connections");
});

test("error classes keep nats.js's names and messages", () => {
  const pairs: Array<[Error, Error]> = [
    [new ours.ClosedConnectionError(), new (theirs.ClosedConnectionError as new () => Error)()],
    [new ours.DrainingConnectionError(), new (theirs.DrainingConnectionError as new () => Error)()],
    [new ours.TimeoutError(), new (theirs.TimeoutError as new () => Error)()],
    [new ours.NoRespondersError("x"), new (theirs.NoRespondersError as new (s: string) => Error)("x")],
    [new ours.InvalidSubjectError("a b"), new (theirs.InvalidSubjectError as new (s: string) => Error)("a b")],
    [ours.InvalidArgumentError.format("max", "is bad"), (theirs.InvalidArgumentError as { format(a: string, b: string): Error }).format("max", "is bad")],
  ];
  for (const [a, b] of pairs) expect([a.name, a.message]).toEqual([b.name, b.message]);
  for (const name of Object.keys(theirs.errors as object)) expect(name in ours.errors).toBe(true);
});

test("Match values and header behaviour match nats.js", () => {
  expect(ours.Match).toEqual(theirs.Match);
  const a = ours.headers();
  const b = (theirs.headers as () => { append(k: string, v: string): void; set(k: string, v: string, m?: string): void; toString(): string })();
  for (const h of [a, b]) {
    h.append("X-A", "1");
    h.append("X-A", "2");
    h.set("content-type", "t", "canonical");
  }
  expect(new TextDecoder().decode((a as unknown as { encode(): Uint8Array }).encode())).toBe(b.toString());
});
