/**
 * Junk at the STAN client's boundaries with a server behind it (nats-server and the fake STAN server): every
 * connect option and alias when the client really dials, publish/publishAsync, subscribe and the
 * subscription options on a connected client, the message's ack() twice and after close, close() twice. The
 * property, as in `test/unit/bad-input.prop.test.ts`: a call works, or fails with a StanError (or one of
 * @nats-stack/core's errors for a NATS option core judges) in node-nats-streaming's shape, never a TypeError
 * from inside the client, never an unhandled rejection (the environment fails the file on one); and nothing
 * accepted is lost (every publish that returned a guid without an error is stored and acked), nothing the
 * server cannot read is sent. Where it helps, the reference client runs the same step first.
 */
import fc from "fast-check";
import { connect, StanError, type Message, type Stan, type StanOptions, type Subscription } from "../../src/index";
import { referenceStan } from "../helpers/reference-client";
import { STAN_OPTION_KEYS, junkOrThrowing, typedProblem } from "../helpers/bad-input";
import { once, stanEnvPerFile, until } from "../helpers/stan-env";

// `any` for the wrong arguments passed on purpose
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Bad = any;

const env = stanEnvPerFile();

describe("junk against a server", () => {
  // Options that read files (credentials), keep retrying (reconnect, waitOnFirstConnect, session recovery) or
  // change the request style would make each dialled case slow or not end; the unit property covers them.
  const slowToDial = /creds|usercreds|credentials|^reconnect$|waitOnFirstConnect|useOldRequestStyle|recover/i;
  const optionKeys = STAN_OPTION_KEYS.filter((k) => !slowToDial.test(k));

  test("every connect option and alias, dialled: a thrown StanError, or `error` (typed) then `close`, or `connect`", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...optionKeys), junkOrThrowing, async (k, v) => {
        const opts = { url: env.server.url, reconnect: false, maxReconnectAttempts: 0, connectTimeout: 2000, [k]: v } as StanOptions;
        let sc: Stan | undefined;
        try {
          sc = connect(env.stan.clusterID, env.id("junk"), opts);
        } catch (err) {
          expect(typedProblem(err)).toBe("");
          return;
        }
        const events: Array<[string, unknown]> = [];
        for (const e of ["connect", "error", "close"]) sc.on(e, (x: unknown) => events.push([e, x]));
        await until(() => events.some(([e]) => e === "connect" || e === "close"), 8000, `connect or close with ${k}`);
        // Judged up to the first `connect` or `close`: what follows depends on timing (a valid `pingInterval`
        // of 1 ms lets the NATS connection go stale, so `close` may follow `connect` before the next poll).
        const settled = events.slice(0, events.findIndex(([e]) => e === "connect" || e === "close") + 1);
        if (settled[0]![0] === "error") {
          expect(typedProblem(settled[0]![1])).toBe("");
          expect(settled.map(([e]) => e)).toEqual(["error", "close"]);
        } else if (settled[0]![0] === "close") {
          // The NATS connection ended by itself before the session opened (that 1 ms ping interval, under
          // load): a bare `close`, as node-nats-streaming emits when its NATS connection closes.
          expect(sc.nc?.isClosed()).toBe(true);
        } else {
          expect(settled.map(([e]) => e)).toEqual(["connect"]);
        }
        await sc.close();
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  test("publish and publishAsync on a connected client: typed failures in their shape; every accepted publish is stored and acked", async () => {
    const sc = await env.client(env.id("pub"));
    const channel = env.id("bad.pub").replace(/-/g, "_");
    const acked: string[] = [];
    // Accepted publishes by channel (a junk subject may be a valid channel of its own, e.g. "a.b").
    const accepted = new Map<string, number>();
    let expectedAcks = 0;
    const accept = (s: unknown) => accepted.set(String(s), (accepted.get(String(s)) ?? 0) + 1);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("subject", "data", "cb"), junkOrThrowing, fc.constantFrom("cb", "none", "async"), async (where, v, how) => {
        const subject = where === "subject" ? v : channel;
        const data = where === "data" ? v : "x";
        if (how === "async") {
          try {
            const guid = await sc.publishAsync(subject as Bad, data as Bad);
            accept(subject);
            expectedAcks++;
            acked.push(guid);
          } catch (err) {
            expect(typedProblem(err)).toBe("");
          }
          return;
        }
        const cbErrors: unknown[] = [];
        const cb =
          where === "cb"
            ? v
            : how === "cb"
              ? (err: Error | undefined, guid: string) => (err ? cbErrors.push(err) : acked.push(guid))
              : undefined;
        let guid: string | undefined;
        try {
          guid = sc.publish(subject as Bad, data as Bad, cb as Bad);
        } catch (err) {
          expect(typedProblem(err)).toBe("");
          return;
        }
        // A failure known before sending reached the callback synchronously; otherwise the publish is out.
        for (const e of cbErrors) expect(typedProblem(e)).toBe("");
        if (cbErrors.length === 0 && guid) {
          accept(subject);
          if (how === "cb" && where !== "cb") expectedAcks++;
        }
      }),
      { numRuns: 200 },
    );
    // Everything accepted reached the server and was stored (acks with a callback were counted).
    const stored = () => new Map([...accepted.keys()].map((ch) => [ch, env.stan.channels.get(ch)?.msgs.length ?? 0]));
    await until(() => [...accepted].every(([ch, n]) => stored().get(ch) === n), 5000, "every accepted publish stored");
    expect(stored()).toEqual(accepted);
    expect(accepted.get(channel)).toBeGreaterThan(0);
    await until(() => acked.length === expectedAcks, 5000, "every callback's ack");
    await sc.close();
  }, 60_000);

  test("subscribe with junk: thrown StanError, or typed `error`, or `ready`; subscription option setters the same", async () => {
    const sc = await env.client(env.id("sub"));
    const setters = ["setMaxInFlight", "setAckWait", "setStartAt", "setStartAtSequence", "setStartTime", "setStartAtTimeDelta", "setDurableName", "setManualAckMode"];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("subject", "qGroup", "opts", ...setters), junkOrThrowing, async (where, v) => {
        let sub: Subscription | undefined;
        try {
          if (where === "subject") sub = sc.subscribe(v as Bad);
          else if (where === "qGroup") sub = sc.subscribe("bad.q", v as Bad, undefined);
          else if (where === "opts") sub = sc.subscribe("bad.o", "q", v as Bad);
          else {
            const o = sc.subscriptionOptions() as unknown as Record<string, (x: unknown) => unknown>;
            o[where]!(v);
            sub = sc.subscribe("bad.s", o as Bad);
          }
        } catch (err) {
          expect(typedProblem(err)).toBe("");
          if (!(err instanceof Error && err.message === "getter")) expect((err as StanError).code).toBe("STAN_ERR_BAD_OPTION");
          return;
        }
        const events: Array<[string, unknown]> = [];
        for (const e of ["ready", "error", "timeout"]) sub.on(e, (x: unknown) => events.push([e, x]));
        await until(() => events.length > 0, 5000, `ready or error after ${where}`);
        if (events[0]![0] === "ready") {
          sub.on("unsubscribed", () => events.push(["unsubscribed", undefined]));
          sub.unsubscribe();
          await until(() => events.length > 1, 5000, "unsubscribed");
          expect(events.map(([e]) => e)).toEqual(["ready", "unsubscribed"]);
        } else {
          expect(events[0]![0]).toBe("error");
          expect(typedProblem(events[0]![1])).toBe("");
        }
      }),
      { numRuns: 150 },
    );
    await sc.close();
  }, 60_000);
});

describe("acks and closes done twice or late", () => {
  test("msg.ack() twice sends one Ack; after the subscription closed, none; close() twice closes once; unsubscribe() after the connection closed says so once", async () => {
    const sc = await env.client(env.id("acks"));
    const channel = env.id("bad.acks").replace(/-/g, "_");
    await sc.publishAsync(channel, "one");
    const sub = sc.subscribe(channel, sc.subscriptionOptions().setDeliverAllAvailable().setManualAckMode(true));
    const m = await once<Message>(sub, "message");
    const before = env.stan.stats.acks;
    m.ack();
    m.ack();
    await until(() => env.stan.stats.acks > before, 5000, "the ack");
    await sc.nc!.flush();
    expect(env.stan.stats.acks).toBe(before + 1);
    // A second message, acked after its subscription closed: nothing is sent (as node-nats-streaming).
    await sc.publishAsync(channel, "two");
    const m2 = await once<Message>(sub, "message");
    sub.close();
    await once(sub, "closed");
    m2.ack();
    await sc.nc!.flush();
    expect(env.stan.stats.acks).toBe(before + 1);
    const closes: unknown[] = [];
    sc.on("close", (e: unknown) => closes.push(e));
    await Promise.all([sc.close(), sc.close()]);
    await sc.close();
    expect(closes).toEqual([null]);
    const errs: string[] = [];
    sub.on("error", (e: Error) => errs.push(e.message));
    sub.unsubscribe();
    expect(errs).toEqual(["stan: invalid subscription"]);
  });

  test("setMaxInFlight(0) and setAckWait(-1000), which a request carries: the server's error on the subscription, for both clients", async () => {
    const ref = referenceStan.connect(env.stan.clusterID, env.id("ref"), { url: env.server.url });
    await once(ref, "connect");
    const sc = await env.client(env.id("ours"));
    for (const [setup, text] of [
      [(o: Bad) => o.setMaxInFlight(0), "stan: invalid MaxInflight, should be >= 1"],
      [(o: Bad) => o.setAckWait(-1000), "stan: invalid ack wait time, should be >= 1s"],
    ] as const) {
      const refErr = await once<Error>(ref.subscribe("bad.ref", setup(ref.subscriptionOptions())), "error");
      expect(refErr.message).toBe(text);
      const ours = await once<StanError>(sc.subscribe("bad.ours", setup(sc.subscriptionOptions())), "error");
      expect([ours.message, ours.server]).toEqual([text, true]);
    }
    await new Promise<void>((r) => {
      ref.once("close", () => r());
      ref.close();
    });
    await sc.close();
  });

  test("setDurableName with '.', spaces or ':' (no queue group): accepted by the server as by node-nats-streaming, and the subscription is durable", async () => {
    const sc = await env.client(env.id("durable"));
    for (const name of [".", "a b", "x:y"]) {
      const sub = sc.subscribe("bad.durable", sc.subscriptionOptions().setDurableName(name));
      await once(sub, "ready");
      expect([...env.stan.durables.keys()].some((k) => k.endsWith(`|${name}`))).toBe(true);
      sub.unsubscribe();
      await once(sub, "unsubscribed");
    }
    // With a queue group the server refuses ':' (its text, on `error`).
    const q = sc.subscribe("bad.durable", "grp", sc.subscriptionOptions().setDurableName("x:y"));
    const err = await once<StanError>(q, "error");
    expect(err.message).toBe("stan: durable name of a durable queue subscriber can't contain the character ':'");
    await sc.close();
  });
});
