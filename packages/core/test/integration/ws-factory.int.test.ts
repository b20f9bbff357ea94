/**
 * `wsconnect({ wsFactory })`: the program's own WebSocket (here the `ws` package, since Node 20 has no global
 * `WebSocket`), run side by side on nats.js 3.4.0's `wsconnect` and ours against a real nats-server's
 * websocket listener (test/helpers/side-by-side.ts). Where nats.js never settles (a factory that throws or
 * rejects: its connect waits forever for a socket that was never made), ours fails the attempt with a
 * ConnectionError carrying the factory's error; both outcomes are asserted, per client.
 */
import { restartServer, startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import WebSocket from "ws";
import type { ConnectionOptions, WsConnectionOptions, WsSocketFactory } from "@nats-stack/core";
import { clients, outcome, prefix, same, seen, until, type Client } from "../helpers/side-by-side";

jest.setTimeout(60_000);

let srv: NatsServer;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  srv = await startServer({ websocket: true });
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await srv?.stop();
});
afterEach(() => expect(unhandled.map(seen)).toEqual([]));

/** The `ws` package's socket as the W3C `WebSocket` the factory type names (it has the same surface). */
const wsSocket = (url: string) => new WebSocket(url) as unknown as globalThis.WebSocket;
const ported = (t: string) => t.replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>");
type Wsconnect = (o: ConnectionOptions & { wsFactory?: unknown }) => ReturnType<Client["wsconnect"]>;
const wsconnectOf = (c: Client) => c.wsconnect as Wsconnect;

test("a factory's ws socket carries the connection: called once per dial with nats.js's URL and the options", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const calls: Array<[string, ConnectionOptions]> = [];
    const wsFactory: WsSocketFactory = async (u, opts) => {
      calls.push([u, opts]);
      return { socket: wsSocket(u), encrypted: false };
    };
    for (const servers of [srv.wsUrl!, `ws://127.0.0.1:${srv.wsPort}/nats/path?x=1`, `nats://127.0.0.1:${srv.wsPort}`]) {
      const nc = await wsconnectOf(c)({ servers, wsFactory, name: "wsf" });
      const subj = prefix("wsf");
      const sub = nc.subscribe(subj, { callback: (_e, m) => m.respond(`echo ${m.string()}`) });
      const reply = await nc.request(subj, "hi", { timeout: 5000 });
      log.push(`${servers.replace(/:\d+/, ":<port>")}: reply "${reply.string()}"`);
      sub.unsubscribe();
      await nc.close();
      log.push(`closed ${String(await nc.closed())}`);
    }
    for (const [u, o] of calls.splice(0)) {
      // The options as the connection resolved them: the user's and the defaults.
      log.push(`factory ${ported(u)}: wsFactory ${(o as WsConnectionOptions).wsFactory === wsFactory}, name ${o.name}, maxReconnectAttempts ${o.maxReconnectAttempts}, pingInterval ${o.pingInterval}`);
    }
    return log;
  });
});

test("the factory's `encrypted` is the client's word (nats-server's ws listener without TLS accepts either)", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    for (const encrypted of [true, false]) {
      const nc = await wsconnectOf(c)({ servers: srv.wsUrl!, wsFactory: async (u: string) => ({ socket: wsSocket(u), encrypted }) });
      await nc.flush();
      log.push(`encrypted ${encrypted}: connected, server tls_required ${nc.info?.tls_required ?? false}`);
      await nc.close();
    }
    return log;
  });
});

test("a socket that fails to open (refused): the connect rejects with the same ConnectionError in both clients", async () => {
  const got: Record<string, string> = {};
  for (const [name, c] of clients) {
    // Nothing listens on port 1 (below the ports handed out to test servers).
    const wsFactory = async () => ({ socket: wsSocket("ws://127.0.0.1:1"), encrypted: false });
    got[name] = await outcome(() => wsconnectOf(c)({ servers: srv.wsUrl!, wsFactory, reconnect: false, timeout: 2000 }), 10_000);
  }
  expect(got.ours).toBe(got["nats.js"]);
  expect(got.ours).toBe("rejects ConnectionError/ConnectionError: connection refused");
});

test("a factory that throws or rejects: ours fails the attempt with a typed error; nats.js never settles", async () => {
  const got: Record<string, string[]> = {};
  for (const [name, c] of clients) {
    got[name] = [];
    const cases: Array<[string, () => Promise<{ socket: unknown; encrypted: boolean }>]> = [
      ["throws", () => { throw new Error("no socket today"); }],
      ["rejects", () => Promise.reject(new TypeError("refused by the program"))],
      ["resolves no socket", () => Promise.resolve({} as { socket: unknown; encrypted: boolean })],
    ];
    for (const [what, wsFactory] of cases) {
      const o = await outcome(() => wsconnectOf(c)({ servers: srv.wsUrl!, wsFactory, reconnect: false, timeout: 1000 }), 1500);
      got[name]!.push(`${what}: ${ported(o)}`);
    }
  }
  expect(got["nats.js"]).toEqual([
    "throws: still pending after 1500 ms",
    "rejects: still pending after 1500 ms",
    "resolves no socket: still pending after 1500 ms",
  ]);
  expect(got.ours).toEqual([
    "throws: rejects ConnectionError/ConnectionError: wsFactory failed for ws://127.0.0.1:<port>/: no socket today cause Error/Error: no socket today",
    "rejects: rejects ConnectionError/ConnectionError: wsFactory failed for ws://127.0.0.1:<port>/: refused by the program cause TypeError/TypeError: refused by the program",
    "resolves no socket: rejects ConnectionError/ConnectionError: wsFactory did not give a WebSocket for ws://127.0.0.1:<port>/",
  ]);
});

test("ours: a factory failing on the first server, the next server is dialled (the attempt failed, not the client)", async () => {
  const { wsconnect } = clients.find(([n]) => n === "ours")![1];
  const urls: string[] = [];
  const nc = await wsconnect({
    servers: [`ws://127.0.0.1:1/first`, srv.wsUrl!],
    noRandomize: true,
    wsFactory: async (u: string) => {
      urls.push(ported(u));
      if (u.endsWith("/first")) throw new Error("not this one");
      return { socket: wsSocket(u), encrypted: false };
    },
  } as ConnectionOptions);
  await nc.flush();
  expect(urls).toEqual(["ws://127.0.0.1:<port>/first", "ws://127.0.0.1:<port>/"]);
  await nc.close();
});

test("ours: a ws socket that arrives after the connection timeout is closed quietly (no stray error event)", async () => {
  const { wsconnect } = clients.find(([n]) => n === "ours")![1];
  let made: WebSocket | undefined;
  let give!: () => void;
  const given = new Promise<void>((r) => (give = r));
  const err = await wsconnect({
    servers: srv.wsUrl!,
    reconnect: false,
    timeout: 100,
    wsFactory: async (u: string) => {
      await given;
      made = new WebSocket(u);
      return { socket: made as unknown as globalThis.WebSocket, encrypted: false };
    },
  } as ConnectionOptions).catch((e: Error) => e);
  expect(seen(err)).toBe("TimeoutError/TimeoutError: timeout");
  give();
  await until(() => made?.readyState === WebSocket.CLOSED, "the late socket closed");
});

test("reconnect after a server restart calls the factory again, with the same URL", async () => {
  let s = await startServer({ websocket: true });
  try {
    await same(async (c) => {
      const log: unknown[] = [];
      const urls: string[] = [];
      const nc = await wsconnectOf(c)({
        servers: s.wsUrl!,
        reconnectTimeWait: 100,
        maxReconnectAttempts: -1,
        wsFactory: async (u: string) => {
          urls.push(ported(u));
          return { socket: wsSocket(u), encrypted: false };
        },
      });
      const types: string[] = [];
      void (async () => {
        for await (const st of nc.status()) if (st.type === "disconnect" || st.type === "reconnect") types.push(st.type);
      })();
      const subj = prefix("wsr");
      nc.subscribe(subj, { callback: (_e, m) => m.respond("pong") });
      await nc.flush();
      await s.stop();
      await until(() => types.includes("disconnect"), "the disconnect");
      s = await restartServer(s);
      await until(() => types.includes("reconnect"), "the reconnect");
      const r = await nc.request(subj, "ping", { timeout: 5000 });
      log.push(`after reconnect: ${r.string()}`);
      log.push(`status ${types.join(",")}`);
      log.push(`factory called ${urls.length >= 2 ? "again" : "once"}, every time with ${[...new Set(urls)].join(" ")}`);
      await nc.close();
      return log;
    });
  } finally {
    await s.stop();
  }
});
