import { StanError, type Message } from "../../src/index";
import { once, stanEnvPerFile, until } from "../helpers/stan-env";

const env = stanEnvPerFile();

test("connect, publish with callback and async, subscribe deliver-all, close", async () => {
  const sc = await env.client();
  const ch = env.id("basics");
  const guid = await new Promise<string>((resolve, reject) => {
    const g = sc.publish(ch, "one", (err, guid) => (err ? reject(err) : resolve(guid)));
    expect(typeof g).toBe("string");
  });
  expect(guid).toHaveLength(22);
  await sc.publishAsync(ch, new Uint8Array([1, 2, 3]));
  const sub = sc.subscribe(ch, sc.subscriptionOptions().setDeliverAllAvailable());
  const got: Message[] = [];
  sub.on("message", (m: Message) => got.push(m));
  await once(sub, "ready");
  await until(() => got.length === 2);
  expect(got.map((m) => m.getSequence())).toEqual([1, 2]);
  expect(got[0]!.getData()).toBe("one");
  expect([...got[1]!.getRawData()]).toEqual([1, 2, 3]);
  expect(got[0]!.isRedelivered()).toBe(false);
  expect(got[0]!.getTimestamp().getTime()).toBeGreaterThan(Date.now() - 10_000);
  const closed = once(sc, "close");
  await sc.close();
  expect(await closed).toBeNull();
  expect(sc.isClosed()).toBe(true);
});

test("a server error surfaces as a typed error with the server's text", async () => {
  const sc = await env.client();
  // A max in flight of 0 is a value the request carries; the server refuses it (a wildcard channel is
  // answered by the client itself, with the server's text: see bad-input-cases.test.ts).
  const sub = sc.subscribe("bad.zero", sc.subscriptionOptions().setMaxInFlight(0));
  const err = await once<StanError>(sub, "error");
  expect(err).toBeInstanceOf(StanError);
  expect(err.message).toBe("stan: invalid MaxInflight, should be >= 1");
  expect(err.code).toBe("STAN_ERR_INVALID_MAX_INFLIGHT");
  expect(err.server).toBe(true);
  await sc.close();
});
