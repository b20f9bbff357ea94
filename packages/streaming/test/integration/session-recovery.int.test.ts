/**
 * connection_lost and session recovery (`recoverSession`), against the fake STAN server: missed pings,
 * "client has been replaced", and a server restart that lost its memory.
 */
import { StanError, type Message, type Stan } from "../../src/index";
import { once, sleep, stanEnvPerFile, until } from "../helpers/stan-env";

const env = stanEnvPerFile();

const FAST_PINGS = { stanPingInterval: 80, stanMaxPingOut: 2 };

function track(sc: Stan, ch: string, durable?: string) {
  const opts = sc.subscriptionOptions().setDeliverAllAvailable();
  if (durable) opts.setDurableName(durable);
  const sub = sc.subscribe(ch, opts);
  const seqs: number[] = [];
  sub.on("message", (m: Message) => seqs.push(m.getSequence()));
  sub.on("error", () => {});
  return { sub, seqs };
}

test("without recoverSession: missed pings give connection_lost (node's text), then close", async () => {
  const sc = await env.client(undefined, FAST_PINGS);
  const lost = once<StanError>(sc, "connection_lost", 3000);
  const closed = once(sc, "close", 3000);
  env.stan.opts.ignorePings = true;
  try {
    const err = await lost;
    expect(err.message).toBe("stan: connection lost due to PING failure");
    expect(err.code).toBe("STAN_ERR_PING_FAILURE");
    await closed;
    expect(sc.isClosed()).toBe(true);
    expect(() => sc.publish("x", "y")).toThrow("stan: Connection closed");
  } finally {
    env.stan.opts.ignorePings = false;
  }
});

test("with recoverSession: after missed pings the session comes back; durable and plain subscriptions resume without gaps or repeats", async () => {
  const id = env.id("recover");
  const sc = await env.client(id, { ...FAST_PINGS, recoverSession: true, recoverSessionWait: 50 });
  const ch = env.id("rec");
  const durable = track(sc, ch, "d1");
  const plain = track(sc, ch);
  await once(durable.sub, "ready");
  for (let i = 1; i <= 3; i++) await sc.publishAsync(ch, `m${i}`);
  await until(() => durable.seqs.length === 3 && plain.seqs.length === 3);

  const lost = once<StanError>(sc, "connection_lost", 3000);
  env.stan.opts.ignorePings = true;
  await lost;
  // While the session is down, another client publishes 4 and 5.
  const pub = await env.client();
  await pub.publishAsync(ch, "m4");
  await pub.publishAsync(ch, "m5");
  const back = once(sc, "reconnected", 5000);
  env.stan.opts.ignorePings = false;
  await back;
  await until(() => durable.seqs.length === 5 && plain.seqs.length === 5, 3000, "4 and 5 after recovery");
  await sc.publishAsync(ch, "m6");
  await until(() => durable.seqs.length === 6 && plain.seqs.length === 6);
  expect(durable.seqs).toEqual([1, 2, 3, 4, 5, 6]);
  expect(plain.seqs).toEqual([1, 2, 3, 4, 5, 6]);
  expect(sc.isClosed()).toBe(false);
  await pub.close();
  await sc.close();
});

test("with recoverSession: 'client has been replaced' is recovered too", async () => {
  const id = env.id("replaced");
  const sc = await env.client(id, { ...FAST_PINGS, recoverSession: true, recoverSessionWait: 20 });
  const lost = once<StanError>(sc, "connection_lost", 3000);
  env.stan.forgetClient(id);
  const err = await lost;
  expect(err.message).toBe("client has been replaced or is no longer registered");
  expect(err.code).toBe("STAN_ERR_CLIENT_REPLACED");
  await once(sc, "reconnected", 3000);
  expect(env.stan.clients.has(id)).toBe(true);
  await sc.publishAsync(env.id("after"), "ok");
  await sc.close();
});

test("with recoverSession: a publish waiting during recovery goes out after it", async () => {
  const sc = await env.client(undefined, { ...FAST_PINGS, recoverSession: true, recoverSessionWait: 100 });
  const lost = once(sc, "connection_lost", 3000);
  env.stan.opts.ignorePings = true;
  await lost;
  env.stan.opts.ignorePings = false;
  const guid = await sc.publishAsync(env.id("waiting"), "later");
  expect(guid).toHaveLength(22);
  await sc.close();
});

test("session recovery after a STAN server restart that lost everything (memory store)", async () => {
  const sc = await env.client(undefined, { ...FAST_PINGS, recoverSession: true, recoverSessionWait: 50 });
  const ch = env.id("restart");
  const plain = track(sc, ch);
  await once(plain.sub, "ready");
  await sc.publishAsync(ch, "before");
  await until(() => plain.seqs.length === 1);
  const back = once(sc, "reconnected", 5000);
  await env.stan.restart(false);
  await back;
  // The channel is new on the restarted server: its sequences start at 1 again, and the resumed
  // subscription (start at sequence 2, past the end) gets what is published from now on.
  await sc.publishAsync(ch, "after-1");
  await sc.publishAsync(ch, "after-2");
  await until(() => plain.seqs.length === 3, 3000, "messages after the restart");
  expect(plain.seqs).toEqual([1, 1, 2]);
  await sc.close();
});

test("a restart that kept its state (file store) is not a lost session: nothing to recover", async () => {
  const sc = await env.client(undefined, { ...FAST_PINGS, recoverSession: true });
  const ch = env.id("keep");
  const durable = track(sc, ch, "kept");
  await once(durable.sub, "ready");
  const acks = env.stan.stats.acks;
  await sc.publishAsync(ch, "one");
  await until(() => durable.seqs.length === 1);
  // Restart only once the server has the Ack (else it rightly redelivers seq 1).
  await until(() => env.stan.stats.acks > acks, 2000, "the server to have the ack");
  let lost = false;
  sc.on("connection_lost", () => (lost = true));
  await env.stan.restart(true);
  await sleep(300);
  await sc.publishAsync(ch, "two");
  await until(() => durable.seqs.length >= 2);
  await sleep(50);
  expect(durable.seqs).toEqual([1, 2]);
  expect(lost).toBe(false);
  await sc.close();
});
