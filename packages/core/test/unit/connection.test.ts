import { ClosedConnectionError, InvalidArgumentError, InvalidSubjectError, ProtocolError, connectWith, headers, type Msg } from "../../src/mod";
import { memoryConnection, memoryFactory } from "../helpers/memory-transport";
import { statuses, until } from "../helpers/status";

const connected = (opts = {}) => memoryConnection(opts);

describe("handshake and CONNECT", () => {
  test("CONNECT carries the options, then PING; connect resolves on PONG", async () => {
    const { nc, srv } = await connected({ name: "unit", verbose: true, pedantic: true, noEcho: true, user: "u", pass: "p" });
    const c = srv.ops[0]!;
    expect(c.kind).toBe("CONNECT");
    expect(c.kind === "CONNECT" && c.options).toMatchObject({
      name: "unit",
      verbose: true,
      pedantic: true,
      echo: false,
      user: "u",
      pass: "p",
      protocol: 1,
      headers: true,
      no_responders: true,
      lang: "nats-stack",
    });
    expect(srv.ops[1]).toEqual({ kind: "PING" });
    await nc.close();
  });
  test("token and authenticator nonce", async () => {
    const nonces: Array<string | undefined> = [];
    const mem = memoryFactory();
    const first = mem.next();
    const p = connectWith(mem.factory, {
      authenticator: (nonce?: string) => {
        nonces.push(nonce);
        return { auth_token: "secret" };
      },
    });
    const srv = await first;
    srv.sendInfo({ nonce: "abc", auth_required: true });
    await srv.untilCount("PING");
    srv.send("PONG\r\n");
    const nc = await p;
    expect(nonces).toEqual(["abc"]);
    expect(srv.ops[0]).toMatchObject({ kind: "CONNECT", options: { auth_token: "secret" } });
    await nc.close();
  });
  test("an -ERR during the handshake fails connect with the mapped error", async () => {
    const mem = memoryFactory();
    const first = mem.next();
    const p = connectWith(mem.factory, { servers: "127.0.0.1:1", reconnect: false });
    const srv = await first;
    srv.sendInfo();
    await srv.untilCount("PING");
    srv.send("-ERR 'Authorization Violation'\r\n");
    await expect(p).rejects.toMatchObject({ name: "AuthorizationError", message: "Authorization Violation" });
  });
  test("a server that answers nothing times out", async () => {
    const mem = memoryFactory();
    const p = connectWith(mem.factory, { timeout: 50, reconnect: false });
    await expect(p).rejects.toMatchObject({ name: "TimeoutError", message: "timeout" });
  });
});

describe("bad input is refused before a byte is written", () => {
  test("subjects, queues, headers, payload size, max", async () => {
    const { nc, srv } = await connected();
    await nc.flush();
    const before = srv.written.length;
    expect(() => nc.publish("a b", "x")).toThrow(InvalidSubjectError);
    expect(() => nc.publish("a b", "x")).toThrow("illegal subject: 'a b'");
    expect(() => nc.publish("foo\r\nPUB evil 0", "x")).toThrow(InvalidSubjectError);
    expect(() => nc.publish("", "x")).toThrow(InvalidSubjectError);
    expect(() => nc.publish("a..b", "x")).toThrow(InvalidSubjectError);
    expect(() => nc.publish("a.*", "x")).toThrow(InvalidSubjectError);
    expect(() => nc.publish(42 as unknown as string, "x")).toThrow(InvalidSubjectError);
    expect(() => nc.publish("ok", "x", { reply: "bad reply" })).toThrow(InvalidSubjectError);
    expect(() => nc.publish("ok", 5 as unknown as string)).toThrow(InvalidArgumentError);
    expect(() => nc.subscribe("a.>.b")).toThrow(InvalidSubjectError);
    expect(() => nc.subscribe("a", { queue: "q q" })).toThrow(InvalidArgumentError);
    expect(() => nc.subscribe("a", { max: -1 })).toThrow(InvalidArgumentError);
    expect(() => headers().set("bad key", "v")).toThrow(InvalidArgumentError);
    expect(() => headers().set("k", "v\r\nX: y")).toThrow(InvalidArgumentError);
    expect(() => nc.publish("big", new Uint8Array(1048577))).toThrow("payload size exceeded");
    await nc.flush();
    const kinds = srv.ops.slice(2).map((o) => o.kind);
    expect(kinds.every((k) => k === "PING")).toBe(true);
    expect(srv.written.length).toBeGreaterThan(before);
    await nc.close();
  });
});

describe("plain publishes (bytes, no options: the hot path)", () => {
  test("are checked as every publish and written as exact bytes", async () => {
    const mem = memoryFactory();
    const first = mem.next();
    const p = connectWith(mem.factory, { servers: "127.0.0.1:4222" });
    const srv = await first;
    await srv.handshake({ max_payload: 100 });
    const nc = await p;
    await nc.flush();
    const from = srv.written.length;
    const bytes = new TextEncoder().encode("hi");
    for (const bad of ["a b", "foo\r\nPUB evil 0", "", "a..b", "a.*", "a.>", 42 as unknown as string]) {
      expect(() => nc.publish(bad, bytes)).toThrow(InvalidSubjectError);
    }
    expect(() => nc.publish("big", new Uint8Array(101))).toThrow("max_payload size exceeded");
    nc.publish("a.b", bytes);
    nc.publish("a.b", new Uint8Array(0));
    nc.publish("\u00e9t\u00e9", bytes);
    nc.publish("a.b", new Uint8Array(100).fill(65));
    await nc.flush();
    // The flush's PING, then the one that acknowledges the batch for resendUnacked.
    const text = new TextDecoder().decode(Buffer.concat(srv.written.slice(from)));
    expect(text).toBe(`PUB a.b 2\r\nhi\r\nPUB a.b 0\r\n\r\nPUB \u00e9t\u00e9 2\r\nhi\r\nPUB a.b 100\r\n${"A".repeat(100)}\r\nPING\r\nPING\r\n`);
    expect(nc.stats()).toMatchObject({ outMsgs: 4, outBytes: 104 });
    await nc.close();
    expect(() => nc.publish("a.b", bytes)).toThrow(ClosedConnectionError);
  });
});

describe("respond()", () => {
  test("writes the reply subject as the server sent it; a subject that could break a line takes the checked path", async () => {
    const { nc, srv } = await connected();
    const got: Msg[] = [];
    nc.subscribe("svc.>", { callback: (_e, m) => got.push(m) });
    await nc.flush();
    const from = srv.written.length;
    srv.send("MSG svc.a 1 $JS.ACK.s.c.1.2.3.\u00e9 1\r\na\r\nMSG svc.b 1 1\r\nb\r\nMSG svc.c 1 r\x01x 1\r\nc\r\nMSG svc.d 1 _INBOX.x 1\r\nd\r\n");
    await until(() => got.length === 4, 2000, "four messages");
    expect(got[0]!.respond(new TextEncoder().encode("+ACK"))).toBe(true);
    expect(got[1]!.respond("x")).toBe(false);
    expect(() => got[2]!.respond("x")).toThrow(InvalidSubjectError);
    expect(got[3]!.respond("hdr", { headers: headers() })).toBe(true);
    expect(got[3]!.respond()).toBe(true);
    expect(got[3]!.respond("yo")).toBe(true);
    expect(() => got[0]!.respond(5 as unknown as string)).toThrow(InvalidArgumentError);
    await nc.flush();
    const text = new TextDecoder().decode(Buffer.concat(srv.written.slice(from)));
    expect(text).toBe(
      "PUB $JS.ACK.s.c.1.2.3.\u00e9 4\r\n+ACK\r\nHPUB _INBOX.x 12 15\r\nNATS/1.0\r\n\r\nhdr\r\nPUB _INBOX.x 0\r\n\r\nPUB _INBOX.x 2\r\nyo\r\nPING\r\n",
    );
    expect(nc.stats().outMsgs).toBe(4);
    await nc.close();
  });
});

describe("old-style request (noMux)", () => {
  test("writes SUB, UNSUB <sid> 1 and PUB, and nothing after the reply (as nats.go)", async () => {
    const { nc, srv } = await connected();
    await nc.flush();
    const from = srv.written.length;
    const p = nc.request("svc.echo", "ping", { noMux: true, timeout: 2000 });
    await srv.untilCount("PUB");
    const pub = srv.ops.find((o) => o.kind === "PUB");
    const inbox = pub && pub.kind === "PUB" ? pub.reply! : "";
    expect(inbox).toMatch(/^_INBOX\.[A-Za-z0-9]+$/);
    srv.send(`MSG ${inbox} 1 4\r\npong\r\n`);
    const m = await p;
    expect(m.string()).toBe("pong");
    await nc.flush();
    const text = new TextDecoder().decode(Buffer.concat(srv.written.slice(from)));
    expect(text).toBe(`SUB ${inbox} 1\r\nUNSUB 1 1\r\nPUB svc.echo ${inbox} 4\r\nping\r\nPING\r\n`);
    // A subscription with max sends UNSUB <sid> once it is reached, as nats.js does (core/unsubscribe).
    const sub = nc.subscribe("two.only", { max: 2, callback: () => {} });
    await nc.flush();
    const at = srv.written.length;
    srv.send("MSG two.only 2 1\r\na\r\nMSG two.only 2 1\r\nb\r\n");
    await sub.closed;
    await nc.flush();
    expect(new TextDecoder().decode(Buffer.concat(srv.written.slice(at)))).toBe("UNSUB 2\r\nPING\r\n");
    await nc.close();
  });
});

describe("server errors and garbage", () => {
  test("garbage from the server closes the connection with a ProtocolError on closed() and status()", async () => {
    const { nc, srv } = await connected({ reconnect: false });
    const events = statuses(nc);
    srv.send("MSG foo 1 notanumber\r\n");
    const err = await nc.closed();
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as Error).message).toContain("size 'notanumber' is not a decimal number");
    await new Promise((r) => setTimeout(r, 10));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["error", "disconnect", "close"]));
    expect(() => nc.publish("x")).toThrow(ClosedConnectionError);
  });
  test("a permissions violation fails the subscription, reaches status(), and the connection stays up", async () => {
    const { nc, srv } = await connected();
    const events = statuses(nc);
    const sub = nc.subscribe("secret.>");
    await srv.untilCount("SUB");
    srv.send(`-ERR 'Permissions Violation for Subscription to "secret.>"'\r\n`);
    const err = await sub.closed;
    expect(err).toMatchObject({ name: "PermissionViolationError", operation: "subscription", subject: "secret.>" });
    expect(nc.isClosed()).toBe(false);
    await new Promise((r) => setTimeout(r, 10));
    expect(events.find((e) => e.type === "error")).toBeTruthy();
    const p = nc.request("locked", "x", { timeout: 1000 });
    await srv.untilCount("PUB");
    srv.send(`-ERR 'Permissions Violation for Publish to "locked"'\r\n`);
    await expect(p).rejects.toMatchObject({ name: "RequestError", cause: { name: "PermissionViolationError", subject: "locked" } });
    await nc.close();
  });
  test("the server's PING is answered", async () => {
    const { nc, srv } = await connected();
    srv.send("PING\r\n");
    await srv.untilCount("PONG");
    await nc.close();
  });
});

describe("callbacks never break the read loop", () => {
  test("a throwing callback and a rejecting async callback become error statuses; later messages still arrive", async () => {
    const { nc, srv } = await connected();
    const events = statuses(nc);
    const seen: string[] = [];
    nc.subscribe("t", {
      callback: (_e, m) => {
        seen.push(m.string());
        if (m.string() === "1") throw new Error("sync boom");
        if (m.string() === "2") return Promise.reject(new Error("async boom"));
      },
    });
    await srv.untilCount("SUB");
    srv.send("MSG t 1 1\r\n1\r\nMSG t 1 1\r\n2\r\nMSG t 1 1\r\n3\r\n");
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(["1", "2", "3"]);
    const errors = events.filter((e) => e.type === "error").map((e) => (e as { error: Error }).error.message);
    expect(errors).toEqual(["sync boom", "async boom"]);
    expect(nc.isClosed()).toBe(false);
    await nc.close();
  });
});

test("debug prints the protocol exchanged", async () => {
  const lines: string[] = [];
  const spy = jest.spyOn(console, "info").mockImplementation((s: string) => void lines.push(s));
  try {
    const { nc } = await connected({ debug: true });
    nc.publish("dbg", "x");
    await nc.flush();
    await nc.close();
  } finally {
    spy.mockRestore();
  }
  expect(lines.some((l) => l.startsWith("> 127.0.0.1:4222 CONNECT {"))).toBe(true);
  expect(lines.some((l) => l.includes("PUB dbg 1␍␊x␍␊"))).toBe(true);
  expect(lines.some((l) => l.startsWith("< 127.0.0.1:4222 INFO"))).toBe(true);
});
