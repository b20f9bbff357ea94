/**
 * Junk at every user boundary of core (connect options, publish, subscribe, unsubscribe, request,
 * requestMany, headers, createInbox, msg.respond, flush, drain), over the in-memory transport: wrong types,
 * NaN/Infinity/negative/huge numbers, lone surrogates, control characters, Symbols, BigInts, arrays where
 * strings go, objects with throwing getters, null. The property: a call either works or fails with one of
 * core's typed errors (or the TypeError nats.js itself throws for that case) with a non-empty message, in
 * the shape of its API (sync APIs throw, promise APIs reject and never throw), and nothing ends as an
 * unhandled rejection. The cases found wrong once are kept below as examples, each with its old behaviour.
 */
import fc from "fast-check";
import * as core from "../../src/mod";
import { InvalidArgumentError, connectWith, createInbox, headers, type Msg, type NatsConnection } from "../../src/mod";
import { memoryFactory, type MemoryServer } from "../helpers/memory-transport";
import { isIP, parseHostPort } from "../../src/resilience/servers";

// `any` for the wrong arguments passed on purpose
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Bad = any;

/** Every error class core exports (InvalidArgumentError, InvalidSubjectError, TimeoutError…). */
const coreErrors = (Object.values(core) as unknown[]).filter(
  (v): v is new (...a: never[]) => Error => typeof v === "function" && v.prototype instanceof Error,
);

/** nats.js's own TypeErrors that core keeps on purpose (same class and text as nats.js). */
const natsjsTypeErrors = ["prefix must be a string", "Cannot convert a Symbol value to a number"];

function typedProblem(err: unknown): string {
  if (!(err instanceof Error)) return `not an Error: ${String(err)}`;
  if (err.message === "") return `empty message (${err.name})`;
  if (coreErrors.some((C) => err instanceof C)) return "";
  if (err instanceof TypeError && natsjsTypeErrors.includes(err.message)) return "";
  return `untyped ${err.name}: ${err.message}`;
}

const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
beforeAll(() => process.on("unhandledRejection", onUnhandled));
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
});

/** An object whose every read throws (a user's broken proxy or getter). */
const throwingGetter = new Proxy(
  {},
  {
    get(_t, prop) {
      // fast-check names the value in a failure report through these
      if (prop === fc.toStringMethod) return () => "<object whose getters throw>";
      if (typeof prop === "symbol" || prop === "constructor") return undefined;
      throw new Error("getter");
    },
  },
);

/** Junk for any argument or option. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    undefined,
    null,
    NaN,
    Infinity,
    -Infinity,
    -1,
    0,
    1.5,
    2 ** 31,
    2 ** 53,
    1e300,
    "",
    " ",
    "a b",
    "\uD800",
    "a\uDFFFb",
    "\u0000",
    "\x7f",
    "a\r\nb",
    "a.*",
    "a.>",
    Symbol("s"),
    [],
    ["a"],
    [1],
    {},
    () => 1,
    10n,
    true,
    new Uint8Array(2),
    new ArrayBuffer(2),
  ),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.double(),
  fc.integer(),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
);

/** Junk plus the object whose getters throw: its error is the user's own and may pass through. */
const junkOrThrowing = fc.oneof(junk, fc.constant(throwingGetter));
const isUsersOwn = (err: unknown) => err instanceof Error && err.message === "getter";

type Shape = "sync" | "async";

/**
 * Runs `fn`; returns "" when it behaved, else what went wrong. A sync API may throw, an async one must
 * return a promise that settles (or stays pending for a timer the junk asked for: waited `ms` at most).
 */
async function check(shape: Shape, fn: () => unknown, ms = 200): Promise<string> {
  let r: unknown;
  try {
    r = fn();
  } catch (err) {
    if (shape === "async") return `sync throw from a promise API: ${String((err as Error)?.message ?? err)}`;
    return isUsersOwn(err) ? "" : typedProblem(err);
  }
  if (shape === "sync") return "";
  if (typeof (r as Promise<unknown>)?.then !== "function") return "a promise API returned no promise";
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([r, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    return "";
  } catch (err) {
    return isUsersOwn(err) ? "" : typedProblem(err);
  } finally {
    clearTimeout(timer);
  }
}

async function connected(opts: Record<string, unknown> = {}): Promise<{ nc: NatsConnection; srv: MemoryServer }> {
  const mem = memoryFactory();
  const first = mem.next();
  const p = connectWith(mem.factory, { servers: "127.0.0.1:4222", ...opts });
  const srv = await first;
  await srv.handshake();
  return { nc: await p, srv };
}

let nc: NatsConnection;
let srv: MemoryServer;
beforeAll(async () => {
  ({ nc, srv } = await connected());
});
afterAll(async () => {
  await nc?.close();
});

const runs = { numRuns: 150 };

/** Asserts the property over `fc.asyncProperty` and that nothing was left unhandled. */
async function property<T>(arb: fc.Arbitrary<T>, run: (v: T) => Promise<string>, params = runs): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arb, async (v) => {
      expect(await run(v)).toBe("");
    }),
    params,
  );
  await new Promise((r) => setImmediate(r));
  expect(unhandled).toEqual([]);
}

describe("junk at every boundary gets a typed error", () => {
  const connectKeys = [
    "servers",
    "port",
    "timeout",
    "pingInterval",
    "maxPingOut",
    "reconnectTimeWait",
    "reconnectJitter",
    "reconnectJitterTLS",
    "name",
    "user",
    "pass",
    "token",
    "inboxPrefix",
    "noEcho",
    "verbose",
    "pedantic",
    "headers",
    "noResponders",
    "authenticator",
    "reconnectDelayHandler",
    "tls",
    "ignoreClusterUpdates",
    "reconnectBufSize",
    "lameDuckMoveDelay",
  ];
  test("connect options", async () => {
    await property(
      fc.tuple(fc.constantFrom(...connectKeys), junkOrThrowing, fc.boolean()),
      async ([k, v, inArray]) => {
        const mem = memoryFactory();
        const first = mem.next();
        const opts = { servers: "127.0.0.1:4222", reconnect: false, maxReconnectAttempts: 0, [k]: inArray && k === "servers" ? [v] : v };
        let p: Promise<NatsConnection> | undefined;
        const problem = await check("async", () => {
          p = connectWith(mem.factory, opts as Bad);
          // play the server when the client dials (a junk option may end it before)
          void Promise.race([first, new Promise<undefined>((r) => setTimeout(r, 100))]).then((s) => s?.handshake().catch(() => {}));
          return p;
        }, 500);
        await p?.then((c) => c.close()).catch(() => {});
        return problem;
      },
      { numRuns: 120 },
    );
  }, 60_000);

  test("connect with options that are not an object", async () => {
    const notObjects = fc.constantFrom<unknown>(42, NaN, "nats://a", "", Symbol("s"), 10n, true, () => 1);
    await property(notObjects, (v) => check("async", () => connectWith(memoryFactory().factory, v as Bad)), { numRuns: 30 });
  });

  test("publish: subject, payload, options and each option", async () => {
    await property(fc.tuple(fc.constantFrom("subject", "payload", "options", "reply", "headers", "resend"), junkOrThrowing), ([where, v]) =>
      check("sync", () => {
        if (where === "subject") nc.publish(v as Bad);
        else if (where === "payload") nc.publish("bad.in", v as Bad);
        else if (where === "options") nc.publish("bad.in", "", v as Bad);
        else nc.publish("bad.in", "", { [where]: v } as Bad);
      }),
    );
  });

  test("subscribe: subject, options and each option; unsubscribe(max)", async () => {
    await property(fc.tuple(fc.constantFrom("subject", "options", "queue", "max", "timeout", "callback", "unsubscribe"), junkOrThrowing), ([where, v]) =>
      check("sync", () => {
        const sub =
          where === "subject"
            ? nc.subscribe(v as Bad)
            : where === "options"
              ? nc.subscribe("bad.in", v as Bad)
              : where === "unsubscribe"
                ? nc.subscribe("bad.in")
                : nc.subscribe("bad.in", { [where]: v } as Bad);
        try {
          if (where === "unsubscribe") sub.unsubscribe(v as Bad);
        } finally {
          sub.unsubscribe();
        }
      }),
    );
  });

  test("request and requestMany: subject, payload, options and each option", async () => {
    const keys = ["subject", "payload", "options", "timeout", "headers", "noMux", "reply", "maxWait", "maxMessages", "strategy", "stall"];
    await property(
      fc.tuple(fc.constantFrom(...keys), junkOrThrowing, fc.boolean()),
      ([where, v, many]) =>
        check("async", () => {
          const call = (s: unknown, p: unknown, o: unknown) =>
            many ? nc.requestMany(s as Bad, p as Bad, o as Bad).then(async (it) => { for await (const _ of it) break; }) : nc.request(s as Bad, p as Bad, o as Bad);
          if (where === "subject") return call(v, "", { timeout: 20, maxWait: 20 });
          if (where === "payload") return call("bad.in", v, { timeout: 20, maxWait: 20 });
          if (where === "options") return call("bad.in", "", v);
          return call("bad.in", "", { timeout: 20, maxWait: 20, [where]: v });
        }, 100),
      { numRuns: 200 },
    );
  }, 60_000);

  test("headers(): code and description, and append/set/get/has/values/last/delete with junk keys and values", async () => {
    const ops = ["headers", "append", "set", "get", "has", "values", "last", "delete"] as const;
    await property(fc.tuple(fc.constantFrom(...ops), junkOrThrowing, junkOrThrowing), ([op, a, b]) =>
      check("sync", () => {
        if (op === "headers") return headers(a as Bad, b as Bad);
        const h = headers() as unknown as Record<string, (k: unknown, v?: unknown) => unknown>;
        return op === "append" || op === "set" ? h[op]!(a, b) : h[op]!(a);
      }),
    );
  });

  test("createInbox(prefix) and nuid", async () => {
    await property(junkOrThrowing, (v) => check("sync", () => createInbox(v as Bad)));
    expect(core.nuid.next()).toMatch(/^[0-9A-Za-z]{22}$/);
  });

  test("msg.respond(payload, options) with junk", async () => {
    const got: Msg[] = [];
    nc.subscribe("bad.respond", { callback: (_e, m) => got.push(m) });
    await nc.flush();
    const sub = srv.ops.find((o) => o.kind === "SUB" && o.subject === "bad.respond");
    srv.send(`MSG bad.respond ${sub?.kind === "SUB" ? sub.sid : 0} bad.reply 0\r\n\r\n`);
    while (got.length === 0) await new Promise((r) => setTimeout(r, 5));
    const m = got[0]!;
    await property(fc.tuple(fc.constantFrom("payload", "options", "reply", "headers"), junkOrThrowing), ([where, v]) =>
      check("sync", () => {
        if (where === "payload") return m.respond(v as Bad);
        if (where === "options") return m.respond("", v as Bad);
        return m.respond("", { [where]: v } as Bad);
      }),
    );
  });

  test("flush and drain with junk arguments are promises that settle typed", async () => {
    await property(junk, (v) => check("async", () => (nc.flush as (x: unknown) => Promise<void>)(v)));
    const { nc: other } = await connected();
    expect(await check("async", () => (other.drain as (x: unknown) => Promise<void>)(Symbol("x")))).toBe("");
    expect(await check("async", () => other.drain())).toBe("");
  });
});

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
    ["nats://me:secret@h:1/x", "'servers' 'nats://***@h:1/x' is not a host:port"], // the password was in the message
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
