/**
 * Junk at every user boundary of the STAN client, with no server: `connect()` and each of its options,
 * every SubscriptionOptions setter and field, `subscribe()`'s arguments, `publish()`/`publishAsync()` on a
 * client still connecting (its NATS connection records and never answers) and on a closed one, and the
 * subscription's `unsubscribe()`/`close()` after the connection closed. Junk: wrong types, NaN/±Infinity,
 * huge, negative and fractional numbers, BigInts, Symbols, lone surrogates, control characters and CR/LF,
 * null, objects whose getters throw.
 *
 * The property: a call works, or fails with a StanError (or one of @nats-stack/core's errors for a NATS
 * option core judges) with a clear `stan: …` message, in node-nats-streaming's shape (connect() and the
 * option setters throw; publish() calls its callback synchronously or throws; publishAsync() rejects;
 * subscribe() throws for arguments no request can carry and emits `error` for a missing channel), never a
 * TypeError or RangeError from inside the client, never an unhandled rejection (the test environment fails
 * the file on one). What is accepted is what is sent: a SubscriptionRequest built from accepted options
 * decodes to the same values. The cases found wrong once are kept as examples in `bad-input-cases.test.ts`.
 */
import * as core from "@nats-stack/core";
import fc from "fast-check";
import { connect, StanError, SubscriptionOptions, type Stan, type StanOptions, type Subscription } from "../../src/index";
import { natsOptions } from "../../src/nats-options";
import { parseStanOptions } from "../../src/options";
import { SubscriptionRequest } from "../../src/pb/protocol";
import { subscribeArguments } from "../../src/subscription-checks";
import { subscriptionRequest } from "../../src/subscription-request";
import { silentConnection } from "../helpers/silent-connection";
import { STAN_OPTION_KEYS, connecting, isUsersOwn, junk, junkOrThrowing, subEvents, typedProblem } from "../helpers/bad-input";

// `any` for the wrong arguments passed on purpose
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Bad = any;

const runs = { numRuns: 200 };

/** Runs `fn`: "" when it returned or threw a typed error, else the problem. */
function syncProblem(fn: () => unknown, allowCore = true): string {
  try {
    fn();
    return "";
  } catch (err) {
    return typedProblem(err, allowCore);
  }
}

/** A client whose connection failed at once (an `nc` that is no connection): closed, no network. */
async function closedClient(): Promise<Stan> {
  const sc = connect("test-cluster", "bad-input", { nc: {} as Bad });
  sc.on("error", () => {});
  await new Promise((r) => sc.once("close", r));
  return sc;
}

describe("junk at every boundary gets a StanError, in node-nats-streaming's shape", () => {
  const setters = [
    "setMaxInFlight",
    "setAckWait",
    "setStartAt",
    "setStartAtSequence",
    "setStartTime",
    "setStartAtTimeDelta",
    "setDurableName",
    "setManualAckMode",
  ] as const;

  test("every SubscriptionOptions setter: throws a StanError, or what it accepted is what the request carries", () => {
    fc.assert(
      fc.property(fc.constantFrom(...setters), junkOrThrowing, (setter, v) => {
        const o = new SubscriptionOptions();
        let threw: unknown;
        try {
          expect((o[setter] as (x: unknown) => SubscriptionOptions)(v)).toBe(o);
        } catch (err) {
          threw = err;
        }
        if (threw !== undefined) {
          expect(typedProblem(threw, false)).toBe("");
          if (!isUsersOwn(threw)) expect((threw as StanError).code).toBe("STAN_ERR_BAD_OPTION");
          return;
        }
        // Accepted: the request encodes, and decodes to what was given (nothing silently changed).
        const now = Date.now();
        const req = SubscriptionRequest.decode(SubscriptionRequest.encode(subscriptionRequest("c", "ch", undefined, "in", o, 0)).finish());
        if (setter === "setMaxInFlight") expect(req.maxInFlight).toBe((v as number) + 0); // -0 is 0
        if (setter === "setAckWait") expect(req.ackWaitInSecs).toBe(Math.ceil((v as number) / 1000) + 0);
        if (setter === "setStartAt") expect(req.startPosition).toBe((v as number) + 0);
        if (setter === "setStartAtSequence") expect(req.startSequence).toBe(BigInt(v as number));
        if (setter === "setStartAtTimeDelta") expect(req.startTimeDelta).toBe(BigInt(Math.round((v as number) * 1_000_000)));
        if (setter === "setStartTime") {
          // The instant a Date of `v` stands for (a Date drops the fraction of a ms: -0.5 is the epoch), and the
          // delta in whole ms by bigint division (Number() of ~1.8e18 ns is off by a few hundred ns).
          const ms = new Date(v instanceof Date ? v.getTime() : (v as number)).getTime();
          expect(Number(req.startTimeDelta / 1_000_000n)).toBeGreaterThanOrEqual(Math.max(0, Math.round(now - ms)) - 1);
        }
        if (setter === "setDurableName") expect(req.durableName).toBe(v ?? "");
      }),
      runs,
    );
  });

  test("subscribe()'s queue group and options, also plain objects and constructor arguments: a StanError, or a request that encodes", () => {
    const fields = ["durableName", "maxInFlight", "ackWait", "startPosition", "startSequence", "startTime", "startDate", "manualAcks"];
    fc.assert(
      fc.property(fc.constantFrom("qGroup", "opts", "plain", "ctor"), fc.constantFrom(...fields), junkOrThrowing, fc.constantFrom(2, 3, 0), (where, field, v, pos) => {
        let args: [unknown, unknown];
        if (where === "qGroup") args = [v, undefined];
        else if (where === "opts") args = ["q", v];
        else if (where === "plain") args = [{ startPosition: pos, [field]: v }, undefined];
        else args = [new (SubscriptionOptions as Bad)(...fields.slice(0, 7).map((f) => (f === field ? v : f === "startPosition" ? pos : undefined))), undefined];
        let got: ReturnType<typeof subscribeArguments> | undefined;
        const problem = syncProblem(() => (got = subscribeArguments(...args)), false);
        expect(problem).toBe("");
        if (got) {
          const o = (got.options ?? new SubscriptionOptions()) as SubscriptionOptions;
          expect(() => SubscriptionRequest.encode(subscriptionRequest("c", "ch", got!.group, "in", o, 0)).finish()).not.toThrow();
        }
      }),
      runs,
    );
  });

  test("connect(clusterID, clientID): a StanError with node-nats-streaming's code, thrown", () => {
    fc.assert(
      fc.property(junkOrThrowing, junkOrThrowing, (cluster, client) => {
        const silent = silentConnection();
        let sc: Stan | undefined;
        const problem = syncProblem(() => (sc = connect(cluster as Bad, client as Bad, { nc: silent.nc, connectTimeout: 60_000 })), false);
        expect(problem).toBe("");
        if (sc) {
          sc.on("error", () => {});
          void sc.close();
          // Accepted: the discover subject it asked on is a subject the NATS server takes.
          expect(core.subjectProblem(`_STAN.discover.${String(cluster)}`, false)).toBe("");
        }
      }),
      runs,
    );
  });

  const optionKeys = STAN_OPTION_KEYS;

  test("every connect option and alias: connect() throws a StanError, or the options it keeps become core options without a throw", () => {
    fc.assert(
      fc.property(fc.constantFrom(...optionKeys), junkOrThrowing, (k, v) => {
        let parsed: ReturnType<typeof parseStanOptions> | undefined;
        expect(syncProblem(() => (parsed = parseStanOptions({ [k]: v } as StanOptions)), false)).toBe("");
        // What core is given, core judges when connecting (the integration file connects with them).
        if (parsed) expect(syncProblem(() => natsOptions(parsed!), false)).toBe("");
      }),
      { numRuns: 400 },
    );
  });

  test("connect()'s options argument of any type: the options, a URL, a port, or a StanError", () => {
    fc.assert(
      fc.property(junkOrThrowing, (v) => {
        expect(syncProblem(() => parseStanOptions(v as Bad), false)).toBe("");
      }),
      runs,
    );
  });

  test("publish and publishAsync while connecting: the callback gets a StanError synchronously, or it is thrown, or the promise rejects; valid ones wait", async () => {
    const { sc, errors } = connecting();
    const results: Array<Promise<unknown>> = [];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("subject", "data", "cb"), junkOrThrowing, fc.constantFrom("cb", "none", "async"), async (where, v, how) => {
        const subject = where === "subject" ? v : "bad.in";
        const data = where === "data" ? v : "x";
        const calls: unknown[] = [];
        const cb = where === "cb" ? v : how === "cb" ? (e: unknown) => calls.push(e) : undefined;
        if (how === "async") {
          const p = sc.publishAsync(subject as Bad, data as Bad);
          const settled = await Promise.race([p.then(() => "resolved", (e: unknown) => typedProblem(e, false) || ""), new Promise((r) => setTimeout(() => r("pending"), 2))]);
          expect(settled === "" || settled === "pending").toBe(true);
          results.push(p.catch(() => {}));
          return;
        }
        let guid: unknown;
        expect(syncProblem(() => (guid = sc.publish(subject as Bad, data as Bad, cb as Bad)), false)).toBe("");
        if (guid !== undefined) expect(guid).toMatch(/^[0-9A-Za-z]{22}$/);
        for (const e of calls) expect(typedProblem(e, false)).toBe("");
      }),
      runs,
    );
    await sc.close();
    await Promise.all(results);
    expect(errors).toEqual([]);
  });

  test("subscribe while connecting: throws a StanError, or the subscription waits (or emits a typed error)", async () => {
    const { sc, silent, errors } = connecting();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("subject", "qGroup", "opts"), junkOrThrowing, async (where, v) => {
        let sub: Subscription | undefined;
        const problem = syncProblem(() => {
          if (where === "subject") sub = sc.subscribe(v as Bad);
          else if (where === "qGroup") sub = sc.subscribe("bad.in", v as Bad, undefined);
          else sub = sc.subscribe("bad.in", "q", v as Bad);
        }, false);
        expect(problem).toBe("");
        if (!sub) return;
        for (const [event, e] of await subEvents(sub)) {
          expect(event).toMatch(/^(error|unsubscribed)$/);
          if (event === "error") expect(typedProblem(e, false)).toBe("");
        }
      }),
      runs,
    );
    // Before connect nothing but the session's own requests went out: no subscription request yet.
    expect(silent.published.map((p) => p.subject)).toEqual(["_STAN.discover.test-cluster"]);
    await sc.close();
    expect(errors).toEqual([]);
  });

  test("on a closed client: publish fails with `stan: Connection closed` (callback or throw), subscribe emits it, unsubscribe/close say it once then `invalid subscription`", async () => {
    const sc = await closedClient();
    await fc.assert(
      fc.asyncProperty(junk, junk, fc.boolean(), async (subject, data, withCb) => {
        const got: unknown[] = [];
        try {
          sc.publish(subject as Bad, data as Bad, withCb ? (e) => got.push(e) : undefined);
        } catch (err) {
          got.push(err);
        }
        expect(got).toHaveLength(1);
        expect(typedProblem(got[0], false)).toBe("");
        await expect(sc.publishAsync(subject as Bad, data as Bad)).rejects.toBeInstanceOf(StanError);
      }),
      { numRuns: 50 },
    );
    const sub = sc.subscribe("bad.closed");
    const events = await subEvents(sub);
    expect(events.map(([e, x]) => [e, (x as Error).message])).toEqual([["error", "stan: Connection closed"]]);
    const after: string[] = [];
    sub.on("error", (e: Error) => after.push(e.message));
    sub.unsubscribe();
    sub.close();
    // As node-nats-streaming: the first says the connection closed, a later one that the subscription is gone.
    expect(after).toEqual(["stan: Connection closed", "stan: invalid subscription"]);
    await sc.close();
    await sc.close();
  });
});
