import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import * as stan from "../../src/index";
import { Emitter } from "../../src/emitter";
import { StanError } from "../../src/errors";

const src = join(__dirname, "..", "..", "src");

test("exports node-nats-streaming's names", () => {
  expect(typeof stan.connect).toBe("function");
  expect(typeof stan.version).toBe("string");
  expect(stan.StartPosition).toEqual({ NEW_ONLY: 0, LAST_RECEIVED: 1, TIME_DELTA_START: 2, SEQUENCE_START: 3, FIRST: 4 });
  const o = stan.NewSubscriptionOptions();
  expect(o).toBeInstanceOf(stan.SubscriptionOptions);
  expect([o.maxInFlight, o.ackWait, o.startPosition, o.durableName, o.manualAcks]).toEqual([16384, 30000, 0, undefined, undefined]);
});

test("version is package.json's", () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
  expect(stan.version).toBe(pkg.version);
});

test("every setter chains and sets node-nats-streaming's fields", () => {
  const o = new stan.SubscriptionOptions();
  expect(o.setMaxInFlight(5).setAckWait(2000).setDurableName("d").setManualAckMode(true)).toBe(o);
  expect([o.maxInFlight, o.ackWait, o.durableName, o.manualAcks]).toEqual([5, 2000, "d", true]);
  expect(o.setStartAt(stan.StartPosition.LAST_RECEIVED).startPosition).toBe(1);
  expect(o.setStartAtSequence(7)).toMatchObject({ startPosition: 3, startSequence: 7 });
  expect(o.setStartAtTimeDelta(1500)).toMatchObject({ startPosition: 2, startTime: 1_500_000_000 });
  expect(o.setStartWithLastReceived().startPosition).toBe(1);
  expect(o.setDeliverAllAvailable().startPosition).toBe(4);
  const d = new Date(Date.now() - 5000);
  o.setStartTime(d);
  expect(o.startPosition).toBe(2);
  // The delta is taken when asked, from the date: not frozen when the option was built.
  expect(o.startTimeDeltaNanos(d.valueOf() + 7000)).toBe(7_000_000_000n);
});

test("sc.options echoes the options given, with the defaults", () => {
  const sc = stan.connect("c", "id", { url: "nats://127.0.0.1:1", reconnect: false, maxReconnectAttempts: 0, ackTimeout: 1234 });
  sc.on("error", () => {});
  expect(sc.options).toMatchObject({
    url: "nats://127.0.0.1:1",
    ackTimeout: 1234,
    connectTimeout: 2000,
    discoverPrefix: "_STAN.discover",
    maxPubAcksInflight: 16384,
    stanEncoding: "utf8",
    stanMaxPingOut: 3,
    stanPingInterval: 5000,
    requestTimeout: 5000,
    recoverSession: false,
  });
  expect(sc.subscriptionOptions()).toBeInstanceOf(stan.SubscriptionOptions);
  return sc.close();
});

test("bad cluster or client ids throw node's texts; options are checked", () => {
  expect(() => stan.connect("", "x")).toThrow("stan: cluster ID must be supplied");
  expect(() => stan.connect("c", "")).toThrow("stan: client ID must be supplied");
  expect(() => stan.connect("c", "x", { ackTimeout: -1 })).toThrow(StanError);
  expect(() => stan.connect("c", "x", { encoding: "utf8" })).toThrow("stan: NATS connection encoding must be 'binary'.");
});

test("a connect failure is `error` then `close`, and connectAsync rejects", async () => {
  const sc = stan.connect("c", "x", { url: "nats://127.0.0.1:1", reconnect: false });
  const events: string[] = [];
  sc.on("error", () => events.push("error"));
  await new Promise<void>((r) => sc.on("close", () => (events.push("close"), r())));
  expect(events).toEqual(["error", "close"]);
  await expect(stan.connectAsync("c", "x", { url: "nats://127.0.0.1:1", reconnect: false })).rejects.toThrow();
});

test("subscribe on a closed connection or without a subject: `error` with node's text, after the call returns", async () => {
  const sc = stan.connect("c", "x", { url: "nats://127.0.0.1:1", reconnect: false });
  sc.on("error", () => {});
  await sc.close();
  const sub = sc.subscribe("ch");
  const err = await new Promise<Error>((r) => sub.on("error", r));
  expect(err.message).toBe("stan: Connection closed");
  const sub2 = sc.subscribe("");
  expect((await new Promise<Error>((r) => sub2.on("error", r))).message).toBe("stan: subject must be supplied");
  expect(() => sc.publish("ch", "x")).toThrow("stan: Connection closed");
  expect(await new Promise<Error | undefined>((r) => sc.publish("ch", "x", (e) => r(e)))).toMatchObject({ message: "stan: Connection closed" });
});

test("server texts map to stable codes", () => {
  expect(StanError.fromServer("stan: duplicate durable registration").code).toBe("STAN_ERR_DUPLICATE_DURABLE");
  expect(StanError.fromServer("stan: clientID already registered").code).toBe("STAN_ERR_CLIENT_ID_REGISTERED");
  expect(StanError.fromServer("stan: invalid clientID: only alphanumeric and `-` or `_` characters allowed").code).toBe("STAN_ERR_INVALID_CLIENT_ID");
  const other = StanError.fromServer("stan: something new");
  expect([other.code, other.message, other.server, other.name]).toEqual(["STAN_ERR_SERVER", "stan: something new", true, "StanError"]);
});

test("the emitter: on/once/off, emit order, error without listener throws", () => {
  const e = new Emitter();
  const seen: string[] = [];
  const f = (x: string) => seen.push(`f${x}`);
  e.on("a", f);
  e.once("a", (x: string) => seen.push(`once${x}`));
  expect(e.emit("a", "1")).toBe(true);
  e.emit("a", "2");
  e.off("a", f);
  expect(e.emit("a", "3")).toBe(false);
  expect(seen).toEqual(["f1", "once1", "f2"]);
  expect(() => e.emit("error", new Error("boom"))).toThrow("boom");
  expect(e.listenerCount("a")).toBe(0);
});

test("the source imports no node built-in and no Buffer (it runs on every runtime core runs on)", () => {
  // The one exception: nats@1's `userCreds` is a file path, read through the runtime's own file system when
  // (and only when) that option is given; on a runtime without one the option fails with a clear error.
  const lazyProcess = new Set(["creds-file.ts"]);
  const files: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d, { withFileTypes: true })) {
      if (f.isDirectory()) walk(join(d, f.name));
      else if (f.name.endsWith(".ts")) files.push(join(d, f.name));
    }
  };
  walk(src);
  for (const f of files) {
    const text = readFileSync(f, "utf8");
    expect({ f, node: /from\s+["']node:|require\(["']node:|from\s+["'](events|buffer|timers|util)["']/.test(text) }).toEqual({ f, node: false });
    expect({ f, buffer: /\bBuffer\./.test(text) }).toEqual({ f, buffer: false });
    if (!lazyProcess.has(f.slice(f.lastIndexOf("/") + 1))) expect({ f, process: /\bprocess\b/.test(text) }).toEqual({ f, process: false });
  }
});
