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
 * decodes to the same values. The cases found wrong once are kept below as examples, with the old behaviour
 * and node-nats-streaming's in each title (node-nats-streaming 0.3.2 and its google-protobuf, run here).
 */
import * as core from "@nats-stack/core";
import fc from "fast-check";
import { connect, StanError, StartPosition, SubscriptionOptions, type Stan, type StanOptions, type Subscription } from "../../src/index";
import { natsOptions } from "../../src/nats-options";
import { parseStanOptions } from "../../src/options";
import { SubscriptionRequest } from "../../src/pb/protocol";
import { subscribeArguments } from "../../src/subscription-checks";
import { subscriptionRequest } from "../../src/subscription-request";
import { silentConnection } from "../helpers/silent-connection";
import { STAN_OPTION_KEYS, isUsersOwn, junk, junkOrThrowing, typedProblem } from "../helpers/bad-input";
import { referencePb, referenceStan } from "../helpers/reference-client";

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

/** A client connecting through a NATS connection that never answers. */
function connecting(opts: StanOptions = {}) {
  const silent = silentConnection();
  const sc = connect("test-cluster", "bad-input", { nc: silent.nc, connectTimeout: 60_000, ...opts });
  const errors: unknown[] = [];
  sc.on("error", (e) => errors.push(e));
  return { sc, silent, errors };
}

/** A client whose connection failed at once (an `nc` that is no connection): closed, no network. */
async function closedClient(): Promise<Stan> {
  const sc = connect("test-cluster", "bad-input", { nc: {} as Bad });
  sc.on("error", () => {});
  await new Promise((r) => sc.once("close", r));
  return sc;
}

/** Events a subscription emits within a few ticks. */
async function subEvents(sub: Subscription): Promise<Array<[string, unknown]>> {
  const got: Array<[string, unknown]> = [];
  for (const e of ["error", "timeout", "ready", "unsubscribed", "closed"]) sub.on(e, (x: unknown) => got.push([e, x]));
  await new Promise((r) => setTimeout(r, 5));
  return got;
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
          const ms = v instanceof Date ? v.getTime() : (v as number);
          expect(Number(req.startTimeDelta) / 1e6).toBeGreaterThanOrEqual(Math.max(0, Math.round(now - ms)) - 1);
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

describe("the cases this property found, kept as examples (old behaviour, and node-nats-streaming's, in each title)", () => {
  const badOption = (text: string) => new StanError("STAN_ERR_BAD_OPTION", text);

  test.each([
    ["connectTimeout", Infinity, "stan: option 'connectTimeout' must be a number from 1 up to 2147483647 (milliseconds), got Infinity"],
    ["ackTimeout", 2 ** 31, "stan: option 'ackTimeout' must be a number from 1 up to 2147483647 (milliseconds), got 2147483648"],
    ["requestTimeout", 1e300, "stan: option 'requestTimeout' must be a number from 1 up to 2147483647 (milliseconds), got 1e+300"],
    ["recoverSessionWait", "x", "stan: option 'recoverSessionWait' must be a number from 0 up to 2147483647 (milliseconds), got 'x'"],
    ["stanMaxPingOut", 1.5, "stan: option 'stanMaxPingOut' must be an integer from 1 to 2147483647, got 1.5"],
    ["maxRecoverAttempts", NaN, "stan: option 'maxRecoverAttempts' must be an integer from -1 to 9007199254740991, got NaN"],
    ["port", Symbol("p"), "stan: option 'port' must be an integer from 1 to 65535, got Symbol(p)"],
    ["discoverPrefix", "a b", "stan: option 'discoverPrefix' 'a b' contains a space"],
    ["natsOptions", "servers", "stan: option 'natsOptions' must be an object of @nats-stack/core options, got 'servers'"],
  ])("connect option %s %p: thrown StanError (was accepted: a timer fired after 1 ms, a count was truncated, a Symbol port threw a TypeError, NaN attempts closed at once…; node-nats-streaming accepted them too)", (k, v, text) => {
    expect(() => connect("c", "id", { [k]: v } as StanOptions)).toThrow(badOption(text));
  });

  test("timer options: from 1 ms (as core takes a request's timeout; the text said `greater than 0` and refused 0.5), recoverSessionWait from 0", () => {
    expect(() => parseStanOptions({ connectTimeout: 0.5 })).toThrow(badOption("stan: option 'connectTimeout' must be a number from 1 up to 2147483647 (milliseconds), got 0.5"));
    expect(parseStanOptions({ connectTimeout: 1, stanPingInterval: 1.5 })).toMatchObject({ connectTimeout: 1, stanPingInterval: 1.5 });
    expect(parseStanOptions({ recoverSessionWait: 0 }).recoverSessionWait).toBe(0);
  });

  test("a start time the request can carry, at the edges: 292 years back by delta or by date is sent (as the double of its nanoseconds)", () => {
    const ms = Math.floor(2 ** 63 / 1e6);
    const sent = (o: SubscriptionOptions) => SubscriptionRequest.decode(SubscriptionRequest.encode(subscriptionRequest("c", "ch", undefined, "in", o, 0)).finish()).startTimeDelta;
    expect(sent(new SubscriptionOptions().setStartAtTimeDelta(ms))).toBe(BigInt(ms * 1_000_000));
    // A plain object's startTime (ns) is checked at subscribe() the same way.
    expect(() => subscribeArguments({ startPosition: StartPosition.TIME_DELTA_START, startTime: 2 ** 63 }, undefined)).toThrow(
      badOption("stan: subscription option 'startTime' must be a finite number of milliseconds (less than 292 years), got 9223372036854.775"),
    );
    // A date 292 years back (less a minute, for the time the test takes) is sent as its delta from now.
    const old = new Date(Date.now() - ms + 60_000);
    expect(Number(sent(new SubscriptionOptions().setStartTime(old)) / 1_000_000n)).toBeGreaterThanOrEqual(ms - 60_000);
  });

  test("connect option undefined keeps the default (was the default replaced by undefined: a connect timeout after 1 ms; node-nats-streaming skipped it)", () => {
    expect(parseStanOptions({ connectTimeout: undefined, ackTimeout: undefined }).connectTimeout).toBe(2000);
    expect(parseStanOptions({ connectTimeout: undefined, ackTimeout: undefined }).ackTimeout).toBe(30000);
  });

  test("connect options true or an array: thrown StanError (was ignored, connecting to localhost with the defaults, as node-nats-streaming)", () => {
    expect(() => connect("c", "id", true as Bad)).toThrow(badOption("stan: options must be an object, a URL or a port, got true"));
    expect(() => connect("c", "id", ["nats://h:1"] as Bad)).toThrow(badOption("stan: options must be an object, a URL or a port, got an array"));
  });

  test.each([
    ["a b", "stan: cluster ID 'a b' cannot be used in the discover subject: it contains a space"],
    ["c.*", "stan: cluster ID 'c.*' cannot be used in the discover subject: it has a wildcard '*'"],
    ["c\r\n", "stan: cluster ID 'c\\r\\n' cannot be used in the discover subject: it contains CR"],
  ])("cluster ID %p: thrown at connect() with code STAN_ERR_BAD_CLUSTER_ID (was an InvalidSubjectError `error` event after the NATS connection opened; node-nats-streaming wrote the subject and timed out)", (id, text) => {
    let err: unknown;
    try {
      connect(id, "client", { nc: silentConnection().nc });
    } catch (e) {
      err = e;
    }
    expect(err).toEqual(new StanError("STAN_ERR_BAD_CLUSTER_ID", text));
    expect((err as StanError).code).toBe("STAN_ERR_BAD_CLUSTER_ID");
  });

  test.each([
    ["setStartAtSequence", -1, "stan: subscription option 'startSequence' must be an integer from 0 (a bigint above 2^53), got -1"],
    ["setStartAtSequence", 1.5, "stan: subscription option 'startSequence' must be an integer from 0 (a bigint above 2^53), got 1.5"],
    ["setStartAtSequence", NaN, "stan: subscription option 'startSequence' must be an integer from 0 (a bigint above 2^53), got NaN"],
    ["setStartAtSequence", 2 ** 64, "stan: subscription option 'startSequence' must be an integer from 0 (a bigint above 2^53), got 18446744073709552000"],
    ["setStartTime", new Date("nope"), "stan: subscription option 'startTime' must be a valid Date, got an invalid Date"],
    ["setStartTime", null, "stan: subscription option 'startTime' must be a valid Date, got null"],
    ["setStartAtTimeDelta", Infinity, "stan: subscription option 'startTime' must be a finite number of milliseconds (less than 292 years), got Infinity"],
    // 2^63 ns once multiplied: it passed the check, then the codec threw an untyped `int64 too large` from subscribe()
    ["setStartAtTimeDelta", 2 ** 63 / 1e6, "stan: subscription option 'startTime' must be a finite number of milliseconds (less than 292 years), got 9223372036854.775"],
    // its delta from now is past an int64 of ns: accepted, then the same untyped codec error from subscribe()
    ["setStartTime", new Date(-8.64e15), "stan: subscription option 'startTime' must be a Date less than 292 years ago, got -271821-04-20T00:00:00.000Z"],
    ["setMaxInFlight", 1.5, "stan: subscription option 'maxInFlight' must be an integer (the server wants at least 1), got 1.5"],
    ["setMaxInFlight", 2 ** 40, "stan: subscription option 'maxInFlight' must be an integer (the server wants at least 1), got 1099511627776"],
    ["setAckWait", NaN, "stan: subscription option 'ackWait' must be a finite number of milliseconds (the server wants at least 1 s), got NaN"],
    ["setStartAt", 1.5, "stan: subscription option 'startPosition' must be one of StartPosition's values, got 1.5"],
    ["setDurableName", 5, "stan: subscription option 'durableName' must be a string, got 5"],
    ["setDurableName", "d\uD800", "stan: subscription option 'durableName' must be well-formed text (the codec would send U+FFFD for a lone surrogate), got 'd\\ud800'"],
  ])("%s(%p): thrown StanError (was a RangeError from subscribe(), or an unhandled rejection before connect; node-nats-streaming threw `Assertion failed` from subscribe(), a TypeError for null, and sent a number durable name as none)", (setter, v, text) => {
    const o = new SubscriptionOptions();
    expect(() => (o[setter as keyof SubscriptionOptions] as (x: unknown) => unknown).call(o, v)).toThrow(badOption(text));
  });

  test("node-nats-streaming, run here: its setters take the same values silently, and the request its subscribe() builds throws an untyped `Assertion failed`", () => {
    const refOpts = referenceStan.connect("c", "id", { test_opts: true }).subscriptionOptions();
    expect(() => refOpts.setStartAtSequence(1.5).setMaxInFlight(NaN).setDurableName(5)).not.toThrow();
    // lib/stan.js subscribe(): sr.setStartSequence(opts.startSequence) then serializeBinary().
    const sr = new referencePb.SubscriptionRequest();
    sr.setStartPosition(StartPosition.SEQUENCE_START);
    sr.setStartSequence(refOpts.startSequence);
    expect(() => sr.serializeBinary()).toThrow("Assertion failed");
    // A number durable name is sent as none: the subscription is silently not durable.
    const d = new referencePb.SubscriptionRequest();
    d.setDurableName(5);
    expect(referencePb.SubscriptionRequest.deserializeBinary(d.serializeBinary()).getDurableName()).toBe("");
  });

  test("fields changed after subscribe() to what no request can carry: the subscription emits the StanError when it starts (was an unhandled RangeError before connect)", async () => {
    const { sc, errors } = connecting();
    const opts = sc.subscriptionOptions().setStartAtSequence(3);
    const sub = sc.subscribe("bad.later", opts);
    const got: unknown[] = [];
    sub.on("error", (e) => got.push(e));
    opts.startSequence = NaN;
    // Started as the connection starts it once connected.
    const nc = silentConnection();
    sub.start(nc.nc, { subRequests: "_STAN.sub.x", unsubRequests: "u", subCloseRequests: "c" }, false);
    expect(got).toEqual([badOption("stan: subscription option 'startSequence' must be an integer from 0 (a bigint above 2^53), got NaN")]);
    expect(sub.isClosed()).toBe(true);
    // Nothing written: no SubscriptionRequest, and no SUB of the inbox (it was subscribed, then refused).
    expect(nc.published).toEqual([]);
    expect(nc.subscribed).toEqual([]);
    await sc.close();
    expect(errors).toEqual([]);
  });

  test("subscribe with a number queue group or options: thrown StanError (was silently a plain subscription, as node-nats-streaming)", () => {
    const { sc } = connecting();
    expect(() => sc.subscribe("ch", 5 as Bad)).toThrow(badOption("stan: subscribe's queue group must be a string, got 5"));
    expect(() => sc.subscribe("ch", "q", "opts" as Bad)).toThrow(badOption("stan: subscribe's options must be SubscriptionOptions, got 'opts'"));
    expect(() => sc.subscribe("ch", "q\uDC00")).toThrow(
      badOption("stan: subscription option 'qGroup' must be well-formed text (the codec would send U+FFFD for a lone surrogate), got 'q\\udc00'"),
    );
    return sc.close();
  });

  test("subscribe to a channel with a lone surrogate: `error` stan: invalid subject then `unsubscribed`, nothing sent (was sent as U+FFFD: another channel)", async () => {
    const { sc, silent } = connecting();
    const sub = sc.subscribe("ch.\uD800");
    const events = await subEvents(sub);
    expect(events.map(([e, x]) => [e, x instanceof StanError ? [x.code, x.message] : x])).toEqual([
      ["error", ["STAN_ERR_INVALID_SUBJECT", "stan: invalid subject"]],
      ["unsubscribed", undefined],
    ]);
    expect(silent.subscribed).not.toContain(sub.inbox);
    await sc.close();
  });

  test("a plain object as SubscriptionOptions: missing fields take the defaults (was startTimeDeltaNanos is not a function and an AckWindow of undefined)", () => {
    const req = subscriptionRequest("c", "ch", undefined, "in", { startPosition: StartPosition.TIME_DELTA_START, startTime: 5e6 } as Bad, 0);
    expect([req.maxInFlight, req.ackWaitInSecs, req.startTimeDelta]).toEqual([16384, 30, 5_000_000n]);
  });

  test("publish before connect with a bad channel and no callback: thrown at once (was an unhandled rejection once connected)", () => {
    const { sc } = connecting();
    expect(() => sc.publish("a.*", "x")).toThrow(new StanError("STAN_ERR_INVALID_PUBLISH_REQUEST", "stan: invalid publish request"));
    expect(() => sc.publish("ok", 5 as Bad)).toThrow(badOption("stan: data must be a string or a Uint8Array"));
    const got: unknown[] = [];
    sc.publish("", "x", (e) => got.push(e));
    expect(got).toEqual([StanError.of("BadSubject")]);
    return sc.close();
  });
});
