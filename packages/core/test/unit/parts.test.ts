import { Deadlines, type Expiring } from "../../src/requests/deadlines";
import { InvalidArgumentError } from "../../src/errors";
import { createInbox } from "../../src/requests/inbox";
import { Nuid } from "../../src/nuid";
import { defaultOptions, parseOptions } from "../../src/connection/options";
import { QueuedIteratorImpl } from "../../src/subscriptions/queued-iterator";
import { parseHostPort, Servers } from "../../src/resilience/servers";
import { backoff, deadline, delay, millis, nanos } from "../../src/deferred";
import { PermissionViolationError, AuthorizationError, UserAuthenticationExpiredError, InvalidArgumentError as IAE } from "../../src/errors";

describe("parseHostPort", () => {
  test.each([
    ["nats://demo.nats.io:4443", "demo.nats.io", 4443, false],
    ["tls://10.0.0.1:4222", "10.0.0.1", 4222, true],
    ["127.0.0.1:5000", "127.0.0.1", 5000, false],
    ["localhost", "localhost", 4222, false],
    ["4333", "127.0.0.1", 4333, false],
    ["[::1]:4222", "::1", 4222, false],
    ["::1", "::1", 4222, false],
    ["nats://[::ffff:10.1.2.3]:4222", "10.1.2.3", 4222, false],
    ["ws://h:8080", "h", 8080, false],
    ["wss://h", "h", 443, true],
  ])("%s", (src, hostname, port, tls) => {
    expect(parseHostPort(src)).toMatchObject({ hostname, port, tls });
  });
  test("credentials in the URL", () => {
    expect(parseHostPort("nats://bob:p%40ss@h:1")).toMatchObject({ user: "bob", pass: "p@ss", hostname: "h" });
    expect(parseHostPort("nats://tok@h:1")).toMatchObject({ user: "tok", hostname: "h" });
  });
  test("a malformed percent escape in the credentials is a typed error that does not repeat them", () => {
    for (const src of ["nats://bob:p%ZZ@h:1", "nats://%E0%A4%A@h:1", "tok%@h"]) {
      let err: unknown;
      try {
        parseHostPort(src);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as Error).message).toMatch(/malformed percent escape/);
      expect((err as Error).message).not.toContain("%");
    }
  });
  test("WebSocket URLs keep their path; wsconnect's style maps schemes and default ports as nats.js does", () => {
    expect(parseHostPort("wss://h.example/nats?x=1")).toMatchObject({ scheme: "wss", hostname: "h.example", port: 443, path: "/nats?x=1", tls: true });
    expect(parseHostPort("ws://[::1]:8080/a/b")).toMatchObject({ scheme: "ws", hostname: "::1", port: 8080, path: "/a/b", listen: "[::1]:8080" });
    expect(parseHostPort("h:9", "websocket")).toMatchObject({ scheme: "wss", port: 9, tls: true });
    expect(parseHostPort("h", "websocket")).toMatchObject({ scheme: "wss", port: 443 });
    expect(parseHostPort("nats://h", "websocket")).toMatchObject({ scheme: "ws", port: 80, tls: false });
    expect(parseHostPort("tls://h", "websocket")).toMatchObject({ scheme: "wss", port: 443 });
    expect(parseHostPort("h:9", "websocket", "ws")).toMatchObject({ scheme: "ws", tls: false });
    expect(parseHostPort("nats://h:4222/")).toMatchObject({ path: "" });
  });
  test("a WebSocket pool learns ws_connect_urls with the current server's scheme", () => {
    const p = new Servers(["ws://a:80/nats"], false, "websocket");
    p.setCurrent(p.all()[0]!);
    p.update(["b:8080", "wss://c:443"]);
    expect(p.all().map((s) => [s.listen, s.url.scheme])).toEqual([["a:80", "ws"], ["b:8080", "ws"], ["c:443", "wss"]]);
  });
  test("a TCP entry's path is ignored, as nats.js and nats.go parse it as a URL and ignore it", () => {
    expect(parseHostPort("h:1/path")).toMatchObject({ listen: "h:1", path: "" });
    expect(parseHostPort("nats://h:1/path")).toMatchObject({ listen: "h:1", path: "" });
    expect(parseHostPort("localhost/foo")).toMatchObject({ listen: "localhost:4222", path: "" });
  });
  test.each(["", "http://h:1", "h:99999", "h:abc", "[::1", "h:1:2", "nats://u:p@h:1:2", "h:", "h::1", "1:2:3", "[h]:1"])("refuses %j", (src) => {
    expect(() => parseHostPort(src)).toThrow(InvalidArgumentError);
  });
});

describe("Servers pool", () => {
  test("rotation skips servers in lame duck mode while others exist", () => {
    const p = new Servers(["a:1", "b:2", "c:3"], false);
    p.setCurrent(p.all()[0]!);
    p.all()[1]!.lameDuck = true;
    expect(p.next()!.listen).toBe("c:3");
    p.all()[2]!.lameDuck = true;
    p.all()[0]!.lameDuck = true;
    expect(p.next()!.listen).toBe("b:2");
  });
  test("setServers keeps history of known servers and dedupes", () => {
    const p = new Servers(["a:1", "b:2"], false);
    p.all()[0]!.reconnects = 3;
    p.setServers(["a:1", "a:1", "c:3"]);
    expect(p.all().map((s) => s.listen)).toEqual(["a:1", "c:3"]);
    expect(p.all()[0]!.reconnects).toBe(3);
    expect(() => p.setServers([])).toThrow(InvalidArgumentError);
  });
});

describe("options", () => {
  test("nats.js defaults", () => {
    const o = parseOptions({});
    expect(o).toMatchObject({
      servers: ["127.0.0.1:4222"],
      maxPingOut: 2,
      maxReconnectAttempts: 10,
      pingInterval: 120000,
      reconnect: true,
      reconnectJitter: 100,
      reconnectJitterTLS: 1000,
      reconnectTimeWait: 2000,
      timeout: 20000,
      verbose: false,
      pedantic: false,
      noEcho: false,
      inboxPrefix: "_INBOX",
      reconnectBufSize: 8 * 1024 * 1024,
    });
    expect(defaultOptions()).toMatchObject({ maxPingOut: 2, reconnect: true });
    const d = o.reconnectDelayHandler();
    expect(d).toBeGreaterThanOrEqual(2000);
    expect(d).toBeLessThanOrEqual(2100);
    expect(parseOptions({ port: 4333 }).servers).toEqual(["127.0.0.1:4333"]);
  });
  test("bad options are typed errors", () => {
    expect(() => parseOptions({ servers: "a", port: 1 })).toThrow("'servers','port' are mutually exclusive");
    expect(() => parseOptions({ maxPingOut: -1 })).toThrow(InvalidArgumentError);
    expect(() => parseOptions({ timeout: "1" as unknown as number })).toThrow(InvalidArgumentError);
    expect(() => parseOptions({ reconnect: 1 as unknown as boolean })).toThrow(InvalidArgumentError);
    expect(() => parseOptions({ inboxPrefix: "a.*" })).toThrow(InvalidArgumentError);
    expect(() => parseOptions({ name: 5 as unknown as string })).toThrow(InvalidArgumentError);
    expect(() => parseOptions({ authenticator: "x" as never })).toThrow(InvalidArgumentError);
  });
});

describe("Deadlines", () => {
  test("entries expire in deadline order; cancelled ones never fire", async () => {
    const d = new Deadlines();
    const fired: string[] = [];
    const mk = (name: string, ms: number): Expiring => ({ deadline: performance.now() + ms, done: false, expire: () => fired.push(name) });
    const a = mk("a", 30);
    const b = mk("b", 10);
    const c = mk("c", 20);
    d.add(a);
    d.add(b);
    d.add(c);
    c.done = true;
    d.cancelled();
    await new Promise((r) => setTimeout(r, 60));
    expect(fired).toEqual(["b", "a"]);
    expect(d.size).toBe(0);
  });
  test("many completed entries do not pile up", () => {
    const d = new Deadlines();
    for (let i = 0; i < 5000; i++) {
      const e: Expiring = { deadline: performance.now() + 60_000, done: false, expire: () => {} };
      d.add(e);
      e.done = true;
      d.cancelled();
    }
    expect(d.size).toBe(0);
    expect((d as unknown as { heap: unknown[] }).heap.length).toBeLessThan(2100);
  });
  test("a completed entry at the top leaves at once: what a settled request held is not kept until its timeout", () => {
    const d = new Deadlines();
    const heap = () => (d as unknown as { heap: Expiring[] }).heap;
    const mk = (ms: number): Expiring => ({ deadline: performance.now() + ms, done: false, expire: () => {} });
    // Sequential requests: each completes before the next is made.
    for (let i = 0; i < 100; i++) {
      const e = mk(5000);
      d.add(e);
      e.done = true;
      d.cancelled();
      expect(heap()).toHaveLength(0);
    }
    // Out of order: the later one waits below the earlier one, and both leave when the earlier completes.
    const a = mk(1000);
    const b = mk(2000);
    d.add(a);
    d.add(b);
    b.done = true;
    d.cancelled();
    expect(heap()).toEqual([a, b]);
    a.done = true;
    d.cancelled();
    expect(heap()).toHaveLength(0);
    expect(d.size).toBe(0);
  });
});

describe("QueuedIteratorImpl", () => {
  test("yields pushed items in order, counts them, ends after stop with what was queued", async () => {
    const q = new QueuedIteratorImpl<number>();
    q.push(1);
    q.push(2);
    q.stop();
    q.push(3);
    const got: number[] = [];
    for await (const v of q) got.push(v);
    expect(got).toEqual([1, 2]);
    expect([q.getReceived(), q.getProcessed(), q.getPending()]).toEqual([2, 2, 0]);
  });
  test("stop(err) makes the loop throw after the queued items; a second iteration is refused", async () => {
    const q = new QueuedIteratorImpl<number>();
    q.push(1);
    q.stop(new Error("boom"));
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const v of q) got.push(v);
      })(),
    ).rejects.toThrow("boom");
    expect(got).toEqual([1]);
    await expect(q[Symbol.asyncIterator]().next()).rejects.toThrow("iterator is already yielding");
  });
});

describe("small helpers", () => {
  test("nuid: 22 base-62 characters, unique", () => {
    const n = new Nuid();
    const ids = new Set(Array.from({ length: 20000 }, () => n.next()));
    expect(ids.size).toBe(20000);
    for (const id of [...ids].slice(0, 10)) expect(id).toMatch(/^[0-9A-Za-z]{22}$/);
  });
  test("createInbox", () => {
    expect(createInbox()).toMatch(/^_INBOX\.[0-9A-Za-z]{22}$/);
    expect(createInbox("my.box")).toMatch(/^my\.box\.[0-9A-Za-z]{22}$/);
    expect(() => createInbox("bad.>")).toThrow(IAE);
  });
  test("nanos, millis, backoff, delay, deadline", async () => {
    expect(nanos(1500)).toBe(1_500_000_000);
    expect(millis(2_500_000)).toBe(2);
    const b = backoff([0, 100, 1000]);
    expect(b.backoff(0)).toBe(0);
    expect(b.backoff(1)).toBeGreaterThanOrEqual(50);
    expect(b.backoff(99)).toBeLessThanOrEqual(1500);
    const d = delay(10_000);
    d.cancel();
    await d;
    await expect(deadline(new Promise(() => {}), 10)).rejects.toMatchObject({ name: "TimeoutError" });
  });
  test("server error texts map to nats.js's classes", () => {
    const p = PermissionViolationError.parse('Permissions Violation for Subscription to "a.b" using queue "q"');
    expect(p).toMatchObject({ operation: "subscription", subject: "a.b", queue: "q" });
    expect(PermissionViolationError.parse('Permissions Violation for Publish to "x"')).toMatchObject({ operation: "publish", subject: "x" });
    expect(AuthorizationError.parse("Authorization Violation")).toBeInstanceOf(AuthorizationError);
    expect(AuthorizationError.parse("Authentication Timeout")).toBeInstanceOf(AuthorizationError);
    expect(UserAuthenticationExpiredError.parse("User Authentication Expired")).toBeInstanceOf(UserAuthenticationExpiredError);
    expect(AuthorizationError.parse("Stale Connection")).toBeNull();
    expect(IAE.format(["a", "b"], "are bad").message).toBe("'a','b' are bad");
  });
});
