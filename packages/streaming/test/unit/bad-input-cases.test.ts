/**
 * The cases `bad-input.prop.test.ts` found wrong once at the STAN client's user boundaries, kept as examples:
 * each title says the old behaviour and node-nats-streaming's (node-nats-streaming 0.3.2 and its
 * google-protobuf, run here). No server: a client given a NATS connection that never answers stays connecting.
 */
import { connect, StanError, StartPosition, SubscriptionOptions, type StanOptions } from "../../src/index";
import { parseStanOptions } from "../../src/options";
import { SubscriptionRequest } from "../../src/pb/protocol";
import { subscribeArguments } from "../../src/subscription-checks";
import { subscriptionRequest } from "../../src/subscription-request";
import { silentConnection } from "../helpers/silent-connection";
import { connecting, subEvents } from "../helpers/bad-input";
import { referencePb, referenceStan } from "../helpers/reference-client";

// `any` for the wrong arguments passed on purpose
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Bad = any;

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
