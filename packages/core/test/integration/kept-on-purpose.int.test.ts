/**
 * Differences from nats.js 3.4 we keep on purpose (packages/core/README.md), each shown side by side with
 * nats.js itself in the same scenario:
 * 1. a publish made while disconnected is delivered after the reconnect (nats.js resets its outbound buffer
 *    on every dial, protocol.js `prepare()`, so it is lost);
 * 2. no Error object (and no stack trace) is made for a request that succeeds (nats.js makes a
 *    `RequestError` per request, request.js `BaseRequest`, and a `TimeoutError` per timer);
 * 3. strict parsing of what the server sends: a control line ended by a bare LF is a `ProtocolError`
 *    (reported, then the connection is replaced), where nats.js's parser skips to the LF and delivers.
 * 4. an iterator subscription is closed as soon as it accepts no more messages (nats.js: once its consumer
 *    has read what was queued), and `getPending()` counts messages only (nats.js counts its close marker);
 * 5. a reconnect attempt refused at the handshake is reported as its error only (nats.js also reports an
 *    `update` for the refused server's INFO and a `disconnect` from a connection that never was);
 * 6. a server listed twice is one entry of the pool (nats.js keeps both and dials it twice per round);
 * 7. a request's `TimeoutError` carries the stack of the timer (nats.js's names the caller: it makes the
 *    error when the request starts, which is test 2's cost).
 * 8. an empty `headers()` given to publish or respond arrives as (empty) headers; nats.js writes a
 *    zero-length header section, which the server turns into a plain MSG, so its receiver gets none;
 * 9. on Node, a message's `data` is a Buffer whatever the reads it arrived in; nats.js's is a Buffer for a
 *    message inside one socket read and a plain Uint8Array for one it concatenated from several.
 * 10. the text of a received status block with no description (the server's `NATS/1.0 503` of no
 *    responders) is the block as it arrived; nats.js's `toString()` drops the code (`NATS/1.0`).
 * Found by running nats.js's own core tests side by side (natsjs-*.int.test.ts), and 8-10 by its example
 * programs (natsjs-example-*.int.test.ts).
 */
import { join } from "node:path";
import { createServer, type Server as NetServer, type Socket } from "node:net";
import { restartServer, startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { ProtocolError, connect, createInbox, headers, type Msg, type NatsConnection } from "@nats-stack/core";
import { statuses, until } from "../helpers/status";

const fixtures = join(__dirname, "../../../../fixtures");
type Connect = typeof connect;
const natsjsPath = require.resolve("@nats-io/transport-node", { paths: [fixtures] });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const natsjs = require(natsjsPath) as { connect: Connect; headers: typeof headers; createInbox: typeof createInbox };
const both: [string, Connect][] = [
  ["nats.js", natsjs.connect],
  ["ours", connect],
];

jest.setTimeout(30_000);

// Subscribes, loses the server, publishes while it is down, gets it back, publishes a marker: which arrive.
async function publishWhileDown(connectFn: Connect, srv: NatsServer, subject: string): Promise<{ got: string[]; srv: NatsServer }> {
  const nc = await connectFn({ servers: srv.url, reconnectTimeWait: 50, reconnectJitter: 0, maxReconnectAttempts: -1 });
  const got: string[] = [];
  nc.subscribe(subject, { callback: (_e, m) => got.push(m.string()) });
  await nc.flush();
  let disconnected = false;
  let reconnected = false;
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === "disconnect") disconnected = true;
      if (s.type === "reconnect") reconnected = true;
    }
  })();
  await srv.stop();
  await until(() => disconnected, 10_000, "disconnect");
  nc.publish(subject, "while-down");
  const back = await restartServer(srv);
  await until(() => reconnected, 20_000, "reconnect");
  nc.publish(subject, "after");
  await nc.flush();
  await until(() => got.includes("after"), 10_000, "the marker");
  await nc.close();
  return { got, srv: back };
}

test("1. a publish made while disconnected is delivered after the reconnect; nats.js loses it", async () => {
  let srv = await startServer();
  try {
    const ours = await publishWhileDown(connect, srv, "kept.buffer.ours");
    srv = ours.srv;
    expect(ours.got).toEqual(["while-down", "after"]);
    const theirs = await publishWhileDown(natsjs.connect, srv, "kept.buffer.theirs");
    srv = theirs.srv;
    expect(theirs.got).toEqual(["after"]);
  } finally {
    await srv.stop();
  }
});

test("2. no Error is constructed for a request that succeeds; nats.js makes at least one per request", async () => {
  const srv = await startServer();
  const Original = globalThis.Error;
  let made = 0;
  try {
    // Count every construction of Error or a subclass in modules loaded from here on (a class that
    // `extends Error` constructs through this proxy).
    globalThis.Error = new Proxy(Original, {
      construct(target, args, newTarget) {
        made++;
        return Reflect.construct(target, args, newTarget);
      },
    });
    const counted: Record<string, number> = {};
    for (const [name, load] of [
      ["ours", () => require("@nats-stack/core") as { connect: Connect }],
      ["theirs", () => require(natsjsPath) as { connect: Connect }],
    ] as const) {
      let mod: { connect: Connect } | undefined;
      jest.isolateModules(() => {
        mod = load();
      });
      const nc: NatsConnection = await mod!.connect({ servers: srv.url });
      nc.subscribe("kept.req", { callback: (_e: Error | null, m: Msg) => m.respond("ok") });
      await nc.request("kept.req"); // warm up: the mux subscription
      made = 0;
      for (let i = 0; i < 50; i++) await nc.request("kept.req", "q", { timeout: 5000 });
      counted[name] = made;
      await nc.close();
    }
    expect(counted.ours).toBe(0);
    expect(counted.theirs).toBeGreaterThanOrEqual(50);
  } finally {
    globalThis.Error = Original;
    await srv.stop();
  }
});

// A scripted server: INFO, PONG to every PING, and after the first SUB one MSG whose control line ends
// with a bare LF.
async function lenientLineServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets: Socket[] = [];
  const server: NetServer = createServer((sock) => {
    sockets.push(sock);
    let sent = false;
    let buf = "";
    sock.write(`INFO {"server_id":"SCRIPTED","version":"2.9.10","proto":1,"headers":true,"max_payload":1048576}\r\n`);
    sock.on("data", (d) => {
      buf += d.toString("latin1");
      const pings = buf.split("PING\r\n").length - 1;
      buf = buf.replace(/PING\r\n/g, "");
      for (let i = 0; i < pings; i++) sock.write("PONG\r\n");
      const m = /SUB (\S+) (\d+)\r\n/.exec(buf);
      if (m && !sent) {
        sent = true;
        sock.write(`MSG ${m[1]} ${m[2]} 2\nhi\r\n`);
      }
    });
    sock.on("error", () => {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    port: (server.address() as { port: number }).port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

test("3. a control line ended by a bare LF is a ProtocolError here; nats.js delivers the message", async () => {
  const fake = await lenientLineServer();
  try {
    const theirs = await natsjs.connect({ servers: `127.0.0.1:${fake.port}`, reconnect: false });
    const theirGot: string[] = [];
    theirs.subscribe("kept.lf", { callback: (_e, m) => theirGot.push(m.string()) });
    await until(() => theirGot.length === 1, 5000, "nats.js's message");
    expect(theirGot).toEqual(["hi"]);
    await theirs.close();

    const nc = await connect({ servers: `127.0.0.1:${fake.port}`, reconnect: false });
    const events = statuses(nc);
    const got: string[] = [];
    nc.subscribe("kept.lf", { callback: (_e, m) => got.push(m.string()) });
    const err = await nc.closed();
    expect(err).toBeInstanceOf(ProtocolError);
    expect(events.some((e) => e.type === "error" && e.error instanceof ProtocolError)).toBe(true);
    expect(got).toEqual([]);
  } finally {
    await fake.close();
  }
});

test("4. an iterator subscription is closed once it accepts no more messages; nats.js once they were read", async () => {
  const srv = await startServer();
  try {
    const seen: Record<string, string[]> = {};
    for (const [name, connectFn] of both) {
      const log: string[] = (seen[name] = []);
      const nc = await connectFn({ servers: srv.url });
      // autounsub_test "max option": max reached, nothing read yet
      const sub = nc.subscribe("kept.max", { max: 2 });
      for (let i = 0; i < 3; i++) nc.publish("kept.max");
      await nc.flush();
      log.push(`max reached, unread: received ${sub.getReceived()} closed ${sub.isClosed()}`);
      let n = 0;
      for await (const _m of sub) n++;
      log.push(`read ${n}: closed ${sub.isClosed()} pending ${sub.getPending()} closed promise ${String(await sub.closed)}`);
      // an unsubscribe() with nothing queued
      const other = nc.subscribe("kept.unsub");
      other.unsubscribe();
      log.push(`unsubscribed: closed ${other.isClosed()}`);
      await nc.close();
    }
    expect(seen.ours).toEqual(["max reached, unread: received 2 closed true", "read 2: closed true pending 0 closed promise undefined", "unsubscribed: closed true"]);
    expect(seen["nats.js"]).toEqual(["max reached, unread: received 2 closed false", "read 2: closed true pending 1 closed promise undefined", "unsubscribed: closed false"]);
  } finally {
    await srv.stop();
  }
});

test("5. a reconnect refused at the handshake is reported as its error; nats.js adds update and disconnect", async () => {
  let srv = await startServer({ config: `authorization { user: u, password: p }\n` });
  try {
    const seen: Record<string, string[]> = {};
    for (const [name, connectFn] of both) {
      // auth_test "bad auth is notified": an authenticator that works once
      let count = 0;
      const nc = await connectFn({ port: srv.port, reconnectTimeWait: 100, authenticator: () => ({ user: "u", pass: count++ === 0 ? "p" : "bad" }) });
      const events = statuses(nc);
      await srv.stop();
      srv = await restartServer(srv);
      await nc.closed();
      await until(() => events.some((e) => e.type === "close"), 5000, "the close status");
      seen[name] = events.filter((e) => e.type !== "reconnecting" && e.type !== "ping").map((e) => e.type);
    }
    expect(seen.ours).toEqual(["disconnect", "error", "error", "close"]);
    expect(seen["nats.js"]).toEqual(["disconnect", "update", "error", "disconnect", "update", "error", "disconnect", "close"]);
  } finally {
    await srv.stop();
  }
});

test("6. a server listed twice is one entry of the pool; nats.js keeps both", async () => {
  const srv = await startServer();
  try {
    const pools: Record<string, string[]> = {};
    for (const [name, connectFn] of both) {
      // servers_test "port 80": `localhost` and `localhost/foo` are both localhost:4222
      const nc = await connectFn({ servers: [srv.hostport, "localhost", "localhost/foo", "nats://localhost:4222"], noRandomize: true });
      pools[name] = nc.getServers().map((s) => s.listen.replace(srv.hostport, "<srv>"));
      await nc.close();
    }
    expect(pools.ours).toEqual(["<srv>", "localhost:4222"]);
    expect(pools["nats.js"]).toEqual(["<srv>", "localhost:4222", "localhost:4222", "localhost:4222"]);
  } finally {
    await srv.stop();
  }
});

test("7. a request's TimeoutError carries the timer's stack; nats.js's names the caller", async () => {
  const srv = await startServer();
  try {
    const stacks: Record<string, string> = {};
    for (const [name, connectFn] of both) {
      const nc = await connectFn({ servers: srv.url });
      nc.subscribe("kept.mute", { callback: () => {} });
      // timeout_test "request stack is useful"
      const err = (await nc.request("kept.mute", "", { timeout: 100 }).catch((e: unknown) => e)) as Error;
      expect(err.name).toBe("TimeoutError");
      stacks[name] = err.stack ?? "";
      await nc.close();
    }
    expect(stacks["nats.js"]).toContain("kept-on-purpose.int.test");
    expect(stacks.ours).toMatch(/^TimeoutError: timeout/);
    expect(stacks.ours).not.toContain("kept-on-purpose.int.test");
  } finally {
    await srv.stop();
  }
});

test("8. an empty headers() arrives as empty headers; nats.js's receiver gets none (examples/docs request-reply-headers)", async () => {
  const srv = await startServer();
  try {
    const seen: Record<string, string[]> = {};
    for (const [name, connectFn, h] of [
      ["nats.js", natsjs.connect, natsjs.headers],
      ["ours", connect, headers],
    ] as const) {
      const nc = await connectFn({ servers: srv.url });
      // the example's service answers with the headers it built, here none of them set
      nc.subscribe("kept.hdr", { callback: (_e, m) => m.respond(m.data, { headers: h() }) });
      const r = await nc.request("kept.hdr", "x");
      const got: string[] = [];
      nc.subscribe("kept.hdr.pub", { callback: (_e, m) => got.push(`publish: headers ${m.headers === undefined ? "undefined" : `with ${[...m.headers.keys()].length} keys`}`) });
      nc.publish("kept.hdr.pub", "y", { headers: h() });
      await nc.flush();
      seen[name] = [`reply: headers ${r.headers === undefined ? "undefined" : `with ${[...r.headers.keys()].length} keys`}`, ...got];
      await nc.close();
    }
    expect(seen.ours).toEqual(["reply: headers with 0 keys", "publish: headers with 0 keys"]);
    expect(seen["nats.js"]).toEqual(["reply: headers undefined", "publish: headers undefined"]);
  } finally {
    await srv.stop();
  }
});

test("9. on Node every message's data is a Buffer; nats.js's is a plain Uint8Array for a message spanning reads", async () => {
  const srv = await startServer();
  try {
    const seen: Record<string, string[]> = {};
    for (const [name, connectFn] of both) {
      const nc = await connectFn({ servers: srv.url });
      const kinds: string[] = [];
      nc.subscribe("kept.data.>", { callback: (_e, m) => kinds.push(`${m.subject.slice(10)} ${Buffer.isBuffer(m.data) ? "Buffer" : m.data.constructor.name} ${m.data.toString().slice(0, 6)}`) });
      await nc.flush();
      nc.publish("kept.data.small", "hi");
      // 1 MiB cannot arrive in one socket read
      nc.publish("kept.data.big", new Uint8Array(1024 * 1024).fill(65));
      await nc.flush();
      await until(() => kinds.length === 2, 5000, "both messages");
      seen[name] = kinds;
      await nc.close();
    }
    expect(seen.ours).toEqual(["small Buffer hi", "big Buffer AAAAAA"]);
    expect(seen["nats.js"]).toEqual(["small Buffer hi", "big Uint8Array 65,65,"]);
  } finally {
    await srv.stop();
  }
});

test("10. a received no-responders status prints as it arrived (`NATS/1.0 503`); nats.js's toString() drops the code", async () => {
  const srv = await startServer();
  try {
    const seen: Record<string, string> = {};
    for (const [name, connectFn, inboxOf] of [
      ["nats.js", natsjs.connect, natsjs.createInbox],
      ["ours", connect, createInbox],
    ] as const) {
      const nc = await connectFn({ servers: srv.url });
      // a plain subscription on the reply subject of a publish nobody listens to (not a request)
      const inbox = inboxOf();
      const sub = nc.subscribe(inbox, { max: 1 });
      nc.publish("kept.nobody.listens", "q", { reply: inbox });
      for await (const m of sub) seen[name] = `code ${m.headers?.code} hasError ${m.headers?.hasError} text ${JSON.stringify(String(m.headers))}`;
      await nc.close();
    }
    expect(seen.ours).toBe('code 503 hasError true text "NATS/1.0 503\\r\\n\\r\\n"');
    expect(seen["nats.js"]).toBe('code 503 hasError true text "NATS/1.0\\r\\n\\r\\n"');
  } finally {
    await srv.stop();
  }
});
