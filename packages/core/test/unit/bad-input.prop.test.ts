/**
 * Junk at every user boundary of core (connect options, publish, subscribe, unsubscribe, request,
 * requestMany, headers, createInbox, msg.respond, flush, drain), over the in-memory transport: wrong types,
 * NaN/Infinity/negative/huge numbers, lone surrogates, control characters, Symbols, BigInts, arrays where
 * strings go, objects with throwing getters, null. The property: a call either works or fails with one of
 * core's typed errors (or the TypeError nats.js itself throws for that case) with a non-empty message, in
 * the shape of its API (sync APIs throw, promise APIs reject and never throw), and nothing ends as an
 * unhandled rejection. The cases found wrong once are kept as examples in `bad-input-cases.test.ts`.
 */
import fc from "fast-check";
import * as core from "../../src/mod";
import { connectWith, createInbox, headers, type Msg, type NatsConnection } from "../../src/mod";
import { memoryFactory, type MemoryServer } from "../helpers/memory-transport";

import { check, connected, connectionPerFile, junk, junkOrThrowing, property, trackUnhandled } from "../helpers/bad-input";

// `any` for the wrong arguments passed on purpose
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Bad = any;
trackUnhandled();

let nc: NatsConnection;
let srv: MemoryServer;
connectionPerFile((c) => ({ nc, srv } = c));

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
