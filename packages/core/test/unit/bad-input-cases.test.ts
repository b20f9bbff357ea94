/**
 * The cases core's bad-input property (`bad-input.prop.test.ts`) found wrong once, kept as examples: each
 * title gives the old behaviour.
 */
import fc from "fast-check";
import * as core from "../../src/mod";
import { InvalidArgumentError, connectWith, headers, type Msg, type NatsConnection } from "../../src/mod";
import { memoryFactory, type MemoryServer } from "../helpers/memory-transport";
import { isIP, parseHostPort } from "../../src/resilience/servers";
import { connected, connectionPerFile, property, trackUnhandled } from "../helpers/bad-input";

// `any` for the wrong arguments passed on purpose
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Bad = any;
trackUnhandled();

let nc: NatsConnection;
let srv: MemoryServer;
connectionPerFile((c) => ({ nc, srv } = c));

describe("the cases this property found, kept as examples (old behaviour in each title)", () => {
  const timer = (k: string) => `'${k}' must be a number <= 2147483647 (the longest delay of a timer)`;
  test.each([
    ["timeout", Infinity],
    ["timeout", 2 ** 31],
    ["pingInterval", 2 ** 31],
    ["reconnectTimeWait", Infinity],
    ["lameDuckMoveDelay", 1e300],
  ])("connect %s %p: InvalidArgumentError (was accepted; Node's timers fire such a delay after 1 ms)", async (k, v) => {
    const p = connectWith(memoryFactory().factory, { servers: "127.0.0.1:4222", [k]: v });
    await expect(p).rejects.toThrow(new InvalidArgumentError(timer(k)));
  });

  test("the bound is the public MAX_TIMER_DELAY that streaming and the CLI check against: it is accepted, one more is not", async () => {
    expect(core.MAX_TIMER_DELAY).toBe(2 ** 31 - 1);
    const refused = connectWith(memoryFactory().factory, { servers: "127.0.0.1:4222", timeout: core.MAX_TIMER_DELAY + 1 });
    await expect(refused).rejects.toThrow(new InvalidArgumentError(timer("timeout")));
    const { nc } = await connected();
    expect(() => nc.subscribe("bad.in", { timeout: core.MAX_TIMER_DELAY })).not.toThrow();
    await nc.close();
  });

  test.each([
    ["h:0", "'servers' 'h:0' has an invalid port"], // was dialled (README: a port not 1-65535 is refused)
    ["nats://\u0000", "'servers' 'nats://\\u0000' is not a host:port"], // was a NUL host for the resolver
    ["\uD800", "'servers' '\\ud800' is not a host:port"], // was a lone surrogate host, resolved as U+FFFD
    ["nats://me:secret@h:1x/y", "'servers' 'nats://***@h:1x/y' has an invalid port"], // the password was in the message
    ["tls://tok@h:x", "'servers' 'tls://***@h:x' has an invalid port"], // so was the token
    ["http://u:p@h", "'servers' scheme 'http' is not supported in 'http://***@h'"],
    // Two ports, letters after a second ':', a host with '::': they parsed as an IPv6 host and failed only
    // when dialled, with a ConnectionError. nats.js 3.x (transport-node, run on these inputs) rejects each with
    // a TypeError "Invalid URL"; for `h:` (kept below) it dials h on port 4222.
    ["nats://u:p@h:1:2", "'servers' 'nats://***@h:1:2' is not a host:port (more than one ':', and not an IPv6 address: write one as [::1]:4222)"],
    ["tok@h:1:2", "'servers' '***@h:1:2' is not a host:port (more than one ':', and not an IPv6 address: write one as [::1]:4222)"],
    ["h:1:x", "'servers' 'h:1:x' is not a host:port (more than one ':', and not an IPv6 address: write one as [::1]:4222)"],
    ["h::1", "'servers' 'h::1' is not a host:port (more than one ':', and not an IPv6 address: write one as [::1]:4222)"],
    ["nats://u:p@[h:1]:2", "'servers' 'nats://***@[h:1]:2' has '[h:1]', which is not an IPv6 address"],
    ["nats://u:p@h:", "'servers' 'nats://***@h:' has an invalid port"], // an empty port, refused before too
    ["nats://u:p@h:4x", "'servers' 'nats://***@h:4x' has an invalid port"],
  ])("connect servers %p: InvalidArgumentError %p", async (url, text) => {
    await expect(connectWith(memoryFactory().factory, { servers: url })).rejects.toThrow(new InvalidArgumentError(text));
  });

  test("valid IPv6 forms still parse: [::1]:4222, bare ::1, a zone, an IPv4-mapped address", () => {
    expect(["[::1]:4222", "::1", "nats://u:p@[::1]:4333", "fe80::1%eth0", "::ffff:10.1.2.3", "1:2:3:4:5:6:7:8"].map((s) => parseHostPort(s).listen)).toEqual([
      "[::1]:4222",
      "[::1]:4222",
      "[::1]:4333",
      "[fe80::1%eth0]:4222",
      "10.1.2.3:4222",
      "[1:2:3:4:5:6:7:8]:4222",
    ]);
  });

  test("servers URLs of any shape: an InvalidArgumentError at connect() with no credential in its text, or a host that can be dialled", async () => {
    const part = fc.constantFrom("h", "1", "", "x", "::", "[", "]", "4222", "1.2.3.4", "fe80", "%eth0");
    const url = fc.tuple(fc.constantFrom("", "nats://", "tls://"), fc.constantFrom("", "u:secret@", "secret@"), fc.array(part, { maxLength: 5 }), fc.array(fc.constantFrom(":", "", "::"), { maxLength: 5 }));
    await property(url, async ([scheme, cred, parts, seps]) => {
      const src = scheme + cred + parts.map((p, i) => p + (seps[i] ?? "")).join("");
      let hp: ReturnType<typeof parseHostPort> | undefined;
      try {
        hp = parseHostPort(src);
      } catch (err) {
        if (!(err instanceof InvalidArgumentError)) return `untyped ${String(err)}`;
        if (err.message.includes("secret")) return `credential shown: ${err.message}`;
        // connect() refuses it the same way, at once
        const p = connectWith(memoryFactory().factory, { servers: src });
        return p.then(
          () => "connected",
          (e: unknown) => (e instanceof InvalidArgumentError && (e as Error).message === err.message ? "" : `connect: ${String(e)}`),
        );
      }
      const h = hp.hostname;
      const zoneless = h.split("%")[0]!;
      if (h.includes(":") && !isIP(zoneless)) return `dialled a host that is no IPv6 address: ${h}`;
      if (!(hp.port >= 1 && hp.port <= 65535)) return `port ${hp.port}`;
      return "";
    }, { numRuns: 300 });
  });

  test("request timeout Infinity and requestMany maxWait 2^31: InvalidArgumentError (was a TimeoutError after 1 ms)", async () => {
    await expect(nc.request("bad.in", "", { timeout: Infinity })).rejects.toThrow(new InvalidArgumentError("'timeout' must be at most 2147483647"));
    await expect(nc.requestMany("bad.in", "", { maxWait: 2 ** 31 })).rejects.toThrow(new InvalidArgumentError("'timeout' must be at most 2147483647"));
  });

  test("headers(code, description): a CR/LF in the description or a code that is not 100-999 is an InvalidArgumentError (was written: 'x\\r\\nEvil: 1' injected a header line)", () => {
    expect(() => headers(503, "x\r\nEvil: 1")).toThrow(new InvalidArgumentError("'description' cannot contain \\r or \\n"));
    for (const code of [200.5, 1e10, 42, -5, "abc"]) expect(() => headers(code as Bad, "x")).toThrow(new InvalidArgumentError("'code' must be an integer from 100 to 999"));
    expect(() => headers(503, 7 as Bad)).toThrow(new InvalidArgumentError("'description' must be a string"));
    expect(headers(503, "No Responders").toString()).toBe("NATS/1.0 503 No Responders\r\n\r\n");
  });

  test("requestMany strategy Symbol: InvalidArgumentError (was the TypeError of a Symbol in the error's text)", async () => {
    await expect(nc.requestMany("bad.in", "", { strategy: Symbol("s") as Bad })).rejects.toThrow(
      new InvalidArgumentError("'strategy' 'Symbol(s)' is not one of timer, count, stall, sentinel"),
    );
  });

  test("requestMany stall 'x' with the stall strategy: InvalidArgumentError (was a stall timer of 'x', ending at once)", async () => {
    await expect(nc.requestMany("bad.in", "", { strategy: "stall", stall: "x" as Bad })).rejects.toThrow(
      new InvalidArgumentError("'stall' must be a number from 0 to 2147483647"),
    );
  });

  test("subscribe max 2^53 and timeout 2^31: InvalidArgumentError (was the wire's ValidationError; a subscription timing out after 1 ms)", () => {
    expect(() => nc.subscribe("bad.in", { max: 2 ** 53 })).toThrow(new InvalidArgumentError("'max' must be a non-negative integer"));
    expect(() => nc.subscribe("bad.in", { timeout: 2 ** 31 })).toThrow(new InvalidArgumentError("'timeout' must be at most 2147483647"));
  });

  test.each([1.5, "2", 2 ** 53])("sub.unsubscribe(%p): InvalidArgumentError, the subscription kept (was kept as its max, then the wire's error)", (max) => {
    const sub = nc.subscribe("bad.unsub");
    expect(() => sub.unsubscribe(max as Bad)).toThrow(new InvalidArgumentError("'max' must be a non-negative integer"));
    expect(sub.isClosed()).toBe(false);
    sub.unsubscribe(NaN); // a falsy max is a plain UNSUB, as nats.js's `if (max)`
    expect(sub.isClosed()).toBe(true);
  });

  test("publish and msg.respond with null options publish (was a TypeError reading 'resend'; nats.js publishes)", async () => {
    const seen: Msg[] = [];
    nc.subscribe("bad.null", { callback: (_e, m) => seen.push(m) });
    nc.publish("bad.null", "one", null as Bad);
    await srv.until((ops) => ops.some((o) => o.kind === "PUB" && o.subject === "bad.null"));
    const sid = srv.ops.find((o) => o.kind === "SUB" && o.subject === "bad.null");
    srv.send(`MSG bad.null ${sid?.kind === "SUB" ? sid.sid : 0} bad.null.reply 0\r\n\r\n`);
    while (seen.length === 0) await new Promise((r) => setTimeout(r, 5));
    expect(seen[0]!.respond("two", null as Bad)).toBe(true);
    await srv.until((ops) => ops.some((o) => o.kind === "PUB" && o.subject === "bad.null.reply"));
  });

  test("request with null options uses the defaults (was a synchronous TypeError from a promise API)", async () => {
    let p: Promise<Msg> | undefined;
    expect(() => (p = nc.request("bad.nullreq", "", null as Bad))).not.toThrow();
    await srv.until((ops) => ops.some((o) => o.kind === "PUB" && o.subject === "bad.nullreq"));
    const pub = srv.ops.find((o) => o.kind === "PUB" && o.subject === "bad.nullreq");
    const reply = pub?.kind === "PUB" ? (pub.reply ?? "") : "";
    const sub = srv.ops.find((o) => o.kind === "SUB" && o.subject.endsWith(".*") && reply.startsWith(o.subject.slice(0, -1)));
    srv.send(`MSG ${reply} ${sub?.kind === "SUB" ? sub.sid : 0} 2\r\nok\r\n`);
    await expect(p).resolves.toBeDefined();
  });
});
