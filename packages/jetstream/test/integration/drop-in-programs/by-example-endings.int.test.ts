// How the programs of "NATS by Example" (repository ConnectEverything/nats-by-example) end: most end with
// `await nc.drain()` or `await nc.close()` while a watcher or a consumer is still running (examples/kv/intro/deno
// and examples/os/intro/deno leave their watch loops running; the Go examples `defer nc.Drain()` with consumers
// open). Run once with nats.js's packages and once with ours on one real server: how each running loop ends,
// what `closed()` resolves to, and how long the ending takes.
import { jetStreamServer, same, seen, unique, withStream, type Client } from "./harness";
import { until } from "@nats-stack/fixtures/until";

jest.setTimeout(120_000);

const srv = jetStreamServer();

/** Runs `loop` in the background and reports how it ended: normally (with what it saw) or by a throw. */
function running(loop: () => Promise<number>): { ended: Promise<string> } {
  const start = Date.now();
  return {
    ended: loop().then(
      (n) => `ended normally after ${n} (${Date.now() - start < 4000 ? "promptly" : "slowly"})`,
      (err: unknown) => `threw ${seen(err)}`,
    ),
  };
}

test("kv/intro and os/intro (deno/main.js): the program closes the connection while its watch loops run", async () => {
  await same(async ({ core: { connect }, kv: { Kvm }, obj: { Objm } }: Client) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const kv = await new Kvm(nc).create(unique("profiles"));
    await kv.put("sue.color", "blue");
    let kvSeen = 0;
    const kvWatch = await kv.watch({ key: "sue.*" });
    const kvLoop = running(async () => {
      for await (const _ of kvWatch) kvSeen++;
      return kvSeen;
    });
    const os = await new Objm(nc).create(unique("configs"));
    await os.putBlob({ name: "a" }, new Uint8Array(10));
    let osSeen = 0;
    const osWatch = await os.watch({ includeHistory: true });
    const osLoop = running(async () => {
      for await (const _ of osWatch) osSeen++;
      return osSeen;
    });
    await kv.put("sue.food", "pizza");
    await until(() => kvSeen === 2 && osSeen === 1, "both watches' first entries");
    await os.destroy();
    await kv.destroy();
    await nc.close();
    log.push(`kv watch: ${await kvLoop.ended}`);
    log.push(`os watch: ${await osLoop.ended}`);
    return log;
  });
});

test("pull-consumer (deno/main.js, go/main.go): nc.drain() while a consume() loop, a callback consume() and a fetch() wait", async () => {
  await same(async (c: Client) => {
    const { AckPolicy } = c.js;
    const log: unknown[] = [];
    const { nc, jsm, js, stream, p } = await withStream(c, srv.url, "DRAIN");
    for (const n of [1, 2, 3]) await js.publish(`${p}.${n}`);
    await jsm.consumers.add(stream, { durable_name: "loop", ack_policy: AckPolicy.Explicit });
    await jsm.consumers.add(stream, { durable_name: "callback", ack_policy: AckPolicy.Explicit });
    await jsm.consumers.add(stream, { durable_name: "fetch", ack_policy: AckPolicy.Explicit, filter_subject: `${p}.none` });
    const messages = await (await js.consumers.get(stream, "loop")).consume();
    let seenLoop = 0;
    const loop = running(async () => {
      for await (const m of messages) {
        m.ack();
        seenLoop++;
      }
      return seenLoop;
    });
    let seenCallback = 0;
    const cb = await (await js.consumers.get(stream, "callback")).consume({
      callback: (m) => {
        m.ack();
        seenCallback++;
      },
    });
    const fetched = await (await js.consumers.get(stream, "fetch")).fetch({ max_messages: 1, expires: 10_000 });
    const fetch = running(async () => {
      let n = 0;
      for await (const _ of fetched) n++;
      return n;
    });
    const o = await (await js.consumers.get(stream)).consume();
    let seenOrdered = 0;
    const ordered = running(async () => {
      for await (const _ of o) seenOrdered++;
      return seenOrdered;
    });
    await until(() => seenLoop === 3 && seenCallback === 3 && seenOrdered === 3, "every consumer's messages");
    await nc.drain();
    log.push(`consume loop: ${await loop.ended}, closed ${await messages.closed()}`);
    log.push(`callback consume: closed ${await cb.closed()} processed ${cb.getProcessed()}`);
    log.push(`fetch: ${await fetch.ended}, closed ${await fetched.closed()}`);
    log.push(`ordered consume: ${await ordered.ended}, closed ${await o.closed()}`);
    log.push(`connection closed ${nc.isClosed()}`);
    return log;
  });
});

test("push-consumer (go/main.go): nc.drain() while a push consume() loop runs", async () => {
  await same(async (c: Client) => {
    const { AckPolicy } = c.js;
    const log: unknown[] = [];
    const { nc, jsm, js, stream, p } = await withStream(c, srv.url, "PDRAIN");
    for (const n of [1, 2, 3]) await js.publish(`${p}.${n}`);
    await jsm.consumers.add(stream, { durable_name: "h", deliver_subject: `${p}-h`, ack_policy: AckPolicy.Explicit });
    const it = await (await js.consumers.getPushConsumer(stream, "h")).consume();
    let n = 0;
    const loop = running(async () => {
      for await (const m of it) {
        m.ack();
        n++;
      }
      return n;
    });
    await until(() => n === 3, "the messages");
    await nc.drain();
    log.push(`push consume: ${await loop.ended}, closed ${await it.closed()}`);
    return log;
  });
});
