// "NATS by Example"'s JavaScript programs (repository ConnectEverything/nats-by-example, examples/jetstream/*/deno,
// node, examples/kv/intro/deno, examples/os/intro/deno) are written for nats.js v2 (`nats`, `nats.deno`): a user
// who copies one onto the v3 packages meets the v2 calls first. Both clients must fail on them the same way (none
// of them exists in v3), so that a program ported against nats.js ports to ours unchanged.
import { jetStreamServer, same, withStream, type Client } from "./harness";

jest.setTimeout(60_000);

const srv = jetStreamServer();

test("the v2 calls of the examples: nc.jetstream(), js.views, StringCodec, consumerOpts, js.pullSubscribe/fetch/pull", async () => {
  await same(async (c: Client) => {
    const log: unknown[] = [];
    const { nc, jsm, js, stream } = await withStream(c, srv.url, "V2");
    const kinds = (o: object, names: string[]) => names.map((n) => `${n} ${typeof (o as Record<string, unknown>)[n]}`).join(", ");
    log.push(`connection: ${kinds(nc, ["jetstream", "jetstreamManager", "drain", "close", "info"])}`);
    log.push(`core: ${kinds(c.core, ["StringCodec", "JSONCodec", "Empty", "nanos", "millis", "nuid", "headers"])}`);
    log.push(`jetstream: ${kinds(c.js, ["consumerOpts", "AckPolicy", "RetentionPolicy", "StorageType", "DeliverPolicy", "jetstream", "jetstreamManager"])}`);
    log.push(`client: ${kinds(js, ["views", "pullSubscribe", "subscribe", "fetch", "pull", "publish", "consumers", "jetstreamManager", "getOptions", "apiLevel", "streams"])}`);
    log.push(`manager: ${kinds(jsm, ["streams", "consumers", "direct", "getAccountInfo", "advisories", "jetstream", "getOptions"])}`);
    log.push(`kv: ${kinds(c.kv, ["Kvm", "KvWatchInclude", "Base64KeyCodec", "NoopKvCodecs"])}`);
    log.push(`obj: ${kinds(c.obj, ["Objm", "StorageType"])}`);
    const consumers = js.consumers as unknown as Record<string, unknown>;
    log.push(`consumers: ${kinds(consumers, ["get", "getPushConsumer", "getBoundPushConsumer"])}`);
    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});
