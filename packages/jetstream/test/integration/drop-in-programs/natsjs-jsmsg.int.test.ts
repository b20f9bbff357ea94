// What nats.js's own JsMsg tests (jetstream/tests/jsmsg_test.ts) assert on the public API (and on the internal
// entry's `parseInfo`/`toJsMsg`, which packages built on JetStream use), as programs of our own run with
// nats.js's packages and with ours on one real server.
import * as path from "node:path";
import * as ourInternal from "@nats-stack/jetstream/internal";
import { clients, jetStreamServer, outcome, same, seen, unique, type Client } from "./harness";

jest.setTimeout(60_000);

const srv = jetStreamServer();

// nats.js 3.4.0 exports toJsMsg and parseInfo from no entry (its internal entry lacks them): its tests import
// src/jsmsg.ts, so this reads the built lib/jsmsg.js next to the package's main file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const theirInternal = require(path.join(path.dirname(require.resolve("@nats-io/jetstream")), "jsmsg.js")) as unknown;

/** `toJsMsg` and `parseInfo` of the client whose modules are `c`. */
function internal(c: Client): Pick<typeof ourInternal, "toJsMsg" | "parseInfo"> {
  return (c === clients[0]![1] ? theirInternal : ourInternal) as unknown as typeof ourInternal;
}

test("jsmsg_test: parseInfo of both reply forms; which token counts are refused, and with what text", async () => {
  await same(async (c) => {
    const { parseInfo } = internal(c);
    const log: unknown[] = [];
    const ts = c.core.nanos(1_700_000_000_000);
    const short = parseInfo(`$JS.ACK.streamname.consumername.2.3.4.${ts}.100`);
    log.push(JSON.stringify(short));
    const long = parseInfo(`$JS.ACK.domain.account.streamname.consumername.2.3.4.${ts}.100.rand`);
    log.push(JSON.stringify(long));
    const chunks = "$JS.ACK.stream.consumer.1.2.3.4.5.6.7.8.9.10".split(".");
    for (let i = 1; i <= chunks.length; i++) {
      log.push(`${i} tokens: ${await outcome(() => parseInfo(chunks.slice(0, i).join(".")), (v) => (v ? "parsed" : v))}`);
    }
    return log;
  });
});

test("jsmsg_test: ack, nak, nak with a delay, working, term, term with a reason write nats.js's payloads", async () => {
  await same(async (c) => {
    const { toJsMsg } = internal(c);
    const log: unknown[] = [];
    const nc = await c.core.connect({ servers: srv.url });
    const subj = c.core.createInbox();
    const prefix = unique("MY").toUpperCase();
    let counter = 1;
    // a responder that hands out a message whose reply subject looks like a JetStream ack subject
    nc.subscribe(subj, {
      callback: (_err, m) => {
        m.respond(c.core.Empty, { reply: `${prefix}.streamname.consumername.1.${counter}.${counter}.${Date.now()}.0` });
        counter++;
      },
    });
    const replies: string[] = [];
    nc.subscribe(`${prefix}.*.*.*.*.*.*.*`, { callback: (_err, m) => replies.push(m.string()) });
    const acts: [string, (m: ReturnType<typeof toJsMsg>) => void][] = [
      ["nak", (m) => m.nak()],
      ["nak(2000)", (m) => m.nak(2000)],
      ["working", (m) => m.working()],
      ["term", (m) => m.term()],
      ["term(reason)", (m) => m.term("bad data")],
      ["ack", (m) => m.ack()],
      ["ack twice", (m) => (m.ack(), m.ack())],
      ["working then ack", (m) => (m.working(), m.ack())],
    ];
    for (const [, act] of acts) act(toJsMsg(await nc.request(subj)));
    await nc.flush();
    acts.forEach(([name], i) => log.push(`${name}: ${replies[i]}`));
    log.push(`more: ${JSON.stringify(replies.slice(acts.length))}`);
    await nc.close();
    return log;
  });
});

test("jsmsg_test: ackAck on an explicit consumer (true, then false), on a no-ack consumer (2.9 confirms it)", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const nc = await c.core.connect({ servers: srv.url });
    const jsm = await c.js.jetstreamManager(nc);
    const stream = unique("jsmsg");
    const p = stream.toLowerCase();
    await jsm.streams.add({ name: stream, subjects: [`${p}.>`], storage: c.js.StorageType.Memory, allow_direct: true });
    const js = c.js.jetstream(nc, { timeout: 1500 });
    await js.publish(`${p}.a`);
    await jsm.consumers.add(stream, { durable_name: "none" });
    const none = await js.consumers.get(stream, "none");
    const jm = await none.next();
    log.push(`ack policy ${(await none.info(true)).config.ack_policy}`);
    log.push(`ackAck on a no-ack consumer: ${await outcome(() => jm!.ackAck())}`);
    await jsm.consumers.add(stream, { durable_name: "explicit", ack_policy: c.js.AckPolicy.Explicit });
    const explicit = await js.consumers.get(stream, "explicit");
    const em = await explicit.next();
    log.push(`ackAck: ${await outcome(() => em!.ackAck())}`);
    log.push(`ackAck again: ${await outcome(() => em!.ackAck())}`);

    await jsm.streams.delete(stream);
    await nc.close();
    return log;
  });
});


test("kept difference: ackAck of a message made by toJsMsg (nats.js: a TimeoutError when nobody answers)", async () => {
  // nats.js's jsmsg_test times ackAck out by pointing a delivered message's reply at a silent subscriber. Our
  // toJsMsg (internal entry; nats.js 3.4.0 exports it from no entry) wraps a core Msg, which offers `respond`
  // but no request, so its ackAck rejects at once with a text saying why; messages delivered by our consumers
  // ackAck through their connection (compared above). packages/jetstream/README.md lists it.
  const got: Record<string, string> = {};
  for (const [name, c] of clients) {
    const nc = await c.core.connect({ servers: srv.url });
    const silent = unique("SILENT");
    nc.subscribe(`${silent}.*.*.*.*.*.*.*`, { callback: () => {} });
    const handout = c.core.createInbox();
    nc.subscribe(handout, {
      callback: (_err, m) => m.respond(c.core.Empty, { reply: `${silent}.s.c.1.1.1.${Date.now()}.0` }),
    });
    const m = internal(c).toJsMsg(await nc.request(handout), 500);
    got[name] = await outcome(() => m.ackAck());
    await nc.close();
  }
  expect(got).toEqual({
    "nats.js": "async reject TimeoutError/TimeoutError: timeout",
    ours: "async reject Error/Error: ackAck needs a message delivered by a JetStream consumer",
  });
});

test("status_test: JetStreamStatus (internal entry) reads status messages as nats.js's", async () => {
  // (nats.js's test also reads an empty description as "unknown": core's headers(code, "") refuses to make one,
  // in both clients, so no public program can hand one over)
  const statuses: [number, string, [string, string][]][] = [
    [404, "not found", []],
    [100, "idle heartbeat", [["Nats-Last-Consumer", "1"], ["Nats-Last-Stream", "10"]]],
    [100, "FlowControl Request", []],
    [409, "idle heartbeats missed", []],
    [408, "request timeout", [["Nats-Pending-Messages", "5"], ["Nats-Pending-Bytes", "100"]]],
    [400, "bad request", []],
    [409, "stream deleted", []],
    [409, "consumer deleted", []],
    [409, "exceeded maxwaiting", []],
    [409, "consumer is push based", []],
    [409, "exceeded maxrequestbatch of 5", []],
    [409, "exceeded maxrequestexpires of 1s", []],
    [409, "message size exceeds maxbytes", []],
    [404, "no results", []],
    [204, "eob", []],
  ];
  await same(async (c) => {
    const internal = (c === clients[0]![1] ? await import("@nats-io/jetstream/internal") : ourInternal) as unknown as typeof ourInternal;
    const log: unknown[] = [];
    for (const [code, description, hdrs] of statuses) {
      const h = c.core.headers(code, description);
      for (const [k, v] of hdrs) h.append(k, v);
      const msg = { subject: "foo", reply: "", headers: h, data: c.core.Empty, sid: 1, respond: () => false, string: () => "", json: () => null };
      const s = new internal.JetStreamStatus(msg as never) as unknown as Record<string, unknown>;
      const checks = Object.getOwnPropertyNames(Object.getPrototypeOf(s))
        .filter((k) => /^is[A-Z]/.test(k) && typeof s[k] === "function")
        .sort()
        .filter((k) => (s[k] as () => boolean).call(s));
      const e = (s.toError as () => Error & { code?: number }).call(s);
      log.push(`${code} '${description}': description '${s.description}' ${checks.join(",")} heartbeat ${JSON.stringify((s.parseHeartbeat as () => unknown).call(s))} discard ${JSON.stringify((s.parseDiscard as () => unknown).call(s))} error ${seen(e)} ${e.code}`);
    }
    return log;
  });
});
