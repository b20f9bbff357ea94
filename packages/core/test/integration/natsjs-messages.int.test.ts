/**
 * What nats.js's own `core/tests/headers_test.ts`, `json_test.ts`, `binary_test.ts`, `iterators_test.ts`,
 * `mrequest_test.ts` and `timeout_test.ts` assert on the public API, run side by side on
 * `@nats-io/transport-node` 3.4.0 and on this client against a real nats-server
 * (test/helpers/side-by-side.ts). The programs are ours; comments name the nats.js test of each case.
 * Raw protocol frames written through nats.js internals (malformed headers) are not here: ours parses
 * them strictly on purpose (kept-on-purpose.int.test.ts 3, malformed-headers.int.test.ts).
 */
import { serverPerFile } from "@nats-stack/fixtures/server-per-file";
import type { Msg, MsgHdrs, QueuedIterator } from "@nats-stack/core";
import { outcome, prefix, same, seen, until } from "../helpers/side-by-side";

jest.setTimeout(60_000);

const srv = serverPerFile();

/** Headers as text: every key with its values, in order. */
function dump(h: MsgHdrs | undefined): string {
  if (!h) return "none";
  return [...h.keys()].map((k) => `${k}=${h.values(k).join("|")}`).join(";");
}

test("headers: keys and values refused, case rules of Match, status headers, equality", async () => {
  await same(async ({ headers, Match, canonicalMIMEHeaderKey }) => {
    const log: unknown[] = [];
    // "headers - illegal key"
    for (const k of ["bad:", "bad ", String.fromCharCode(127)]) log.push(`key ${JSON.stringify(k)}: ${await outcome(() => headers().set(k, "aaa"))}`);
    for (const v of ["\r", "\n"]) log.push(`value ${JSON.stringify(v)}: ${await outcome(() => headers().set("a", v))}`);
    // "headers - case sensitive"
    const h = headers();
    h.set("a", "a");
    h.set("A", "A");
    h.append("a", "aa");
    h.append("A", "AA");
    log.push(`exact: has A ${h.has("A")}, ${dump(h)}`);
    h.delete("a");
    h.set("A", "AAA");
    log.push(`exact after delete/set: ${dump(h)}`);
    // "headers - case insensitive"
    const i = headers();
    i.set("a", "a", Match.IgnoreCase);
    i.set("A", "A", Match.IgnoreCase);
    log.push(`ignore case: has a ${i.has("a", Match.IgnoreCase)}, values ${i.values("a", Match.IgnoreCase).join(",")}, ${dump(i)}`);
    i.append("a", "aa");
    log.push(`ignore case append: ${i.values("a", Match.IgnoreCase).sort().join(",")}, ${dump(i)}`);
    i.delete("a", Match.IgnoreCase);
    log.push(`ignore case delete: ${dump(i)}`);
    // "headers - mime"
    const m = headers();
    m.set("ab", "ab", Match.CanonicalMIME);
    log.push(`mime: has ab ${m.has("ab")}, has Ab ${m.has("Ab")}`);
    m.set("aB", "A", Match.CanonicalMIME);
    m.append("ab", "aa", Match.CanonicalMIME);
    log.push(`mime set/append: ${dump(m)}, values ${m.values("ab", Match.CanonicalMIME).sort().join(",")}`);
    m.delete("ab", Match.CanonicalMIME);
    log.push(`mime delete: ${dump(m)}`);
    // "headers - append ignore case", "headers - append exact case", "headers - append canonical"
    for (const match of [Match.IgnoreCase, Match.Exact, Match.CanonicalMIME]) {
      const x = headers();
      x.set("a", "a");
      x.append("A", "b", match);
      log.push(`append A with match ${match}: ${dump(x)}`);
    }
    // "headers - canonical"
    log.push(`canonical: ${["foo", "foo-bar", "foo-bar-baz"].map((k) => canonicalMIMEHeaderKey(k)).join(",")}`);
    // "headers - code/description"
    log.push(`headers(500): ${await outcome(() => headers(500))}`);
    log.push(`headers(0, "some message"): ${await outcome(() => headers(0, "some message"))}`);
    const st = headers(503, "No Responders");
    log.push(`status headers: code ${st.code} description ${st.description} hasError ${st.hasError} status ${st.status}`);
    const ok = headers();
    log.push(`no status: code ${ok.code} description "${ok.description}" hasError ${ok.hasError} status "${ok.status}"`);
    // "headers - equality"
    const a = headers() as MsgHdrs & { equals(o: MsgHdrs): boolean };
    const b = headers();
    a.set("a", "b");
    b.set("a", "b");
    const eq1 = a.equals(b);
    b.append("a", "bb");
    log.push(`equals: ${eq1}, after append ${a.equals(b)}`);
    return log;
  });
});

test("headers: published and requested headers arrive; a status set by a responder", async () => {
  await same(async ({ connect, headers, Empty }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const p = prefix("hdr");
    // "headers - publish has headers"
    const sub = nc.subscribe(`${p}.pub`, { max: 1 });
    const h = headers();
    h.set("a", "aa");
    h.set("b", "bb");
    nc.publish(`${p}.pub`, Empty, { headers: h });
    for await (const m of sub) log.push(`published: ${dump(m.headers)}`);
    // "headers - request has headers": the responder echoes the request's headers
    nc.subscribe(`${p}.echo`, { callback: (_e, m) => m.respond(Empty, { headers: m.headers }) });
    const rh = headers();
    rh.set("x", "X");
    log.push(`requested: ${dump((await nc.request(`${p}.echo`, Empty, { headers: rh })).headers)}`);
    // "headers - codec": a status of the responder's own
    nc.subscribe(`${p}.status`, { callback: (_e, m) => m.respond(Empty, { headers: headers(500, "custom status from client") }) });
    const r = await nc.request(`${p}.status`, Empty);
    log.push(`status: ${r.headers?.code} ${r.headers?.description} hasError ${r.headers?.hasError}, data ${r.data.length}`);
    // the status of a no-responders reply as a requestMany sees it is in request-errors.int.test.ts
    await nc.close();
    return log;
  });
});

test("json and binary payloads round-trip", async () => {
  await same(async ({ connect }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const p = prefix("payload");
    const got: Msg[] = [];
    nc.subscribe(p, { callback: (err, m) => (err ? log.push(seen(err)) : got.push(m)) });
    // "json - string" ... "json - object"
    const values: unknown[] = ["helloworld", "", null, 10, false, true, [], [1, "a", false, 3.1416], {}, { a: 1, b: false, c: "name", d: 3.1416 }];
    for (const v of values) nc.publish(p, JSON.stringify(v));
    // "binary - invalid2octet" ... "binary - embeddednull": bytes that are not UTF-8
    const bins = [[0xc3, 0x28], [0xa0, 0xa1], [0xe2, 0x28, 0xa1], [0xf0, 0x90, 0x28, 0xbc], [0x00, 0xf0, 0x00, 0x28, 0x00, 0x00, 0xf0, 0x9f, 0x92, 0xa9, 0x00]];
    for (const b of bins) nc.publish(p, new Uint8Array(b));
    await until(() => got.length === values.length + bins.length, "every message");
    for (const m of got.slice(0, values.length)) log.push(`json ${JSON.stringify(m.json())}`);
    for (const m of got.slice(values.length)) log.push(`bytes ${Array.from(m.data).join(",")}, string length ${m.string().length}`);
    await nc.close();
    return log;
  });
});

test("iterators: unsubscribe, max, a closed connection and a callback end them; counts", async () => {
  await same(async ({ connect, syncIterator, QueuedIteratorImpl }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const p = prefix("iter");
    // "iterators - unsubscribe breaks and closes"
    const a = nc.subscribe(`${p}.a`);
    const aDone = (async () => {
      for await (const _m of a) if (a.getReceived() > 1) a.unsubscribe();
      return "ended";
    })();
    nc.publish(`${p}.a`);
    nc.publish(`${p}.a`);
    log.push(`unsubscribe inside: ${await aDone}, received ${a.getReceived()}`);
    // "iterators - autounsub breaks and closes"
    const b = nc.subscribe(`${p}.b`, { max: 2 });
    nc.publish(`${p}.b`);
    nc.publish(`${p}.b`);
    let bn = 0;
    for await (const _m of b) bn++;
    log.push(`max 2: ${bn}, received ${b.getReceived()}, closed ${b.isClosed()}`);
    // "iterators - cb message counts"
    let cn = 0;
    const c = nc.subscribe(`${p}.c`, { callback: () => cn++ });
    for (let i = 0; i < 3; i++) nc.publish(`${p}.c`);
    await until(() => cn === 3, "three callbacks");
    log.push(`callback counts: received ${c.getReceived()} processed ${c.getProcessed()} pending ${c.getPending()}`);
    // "iterators - cb subs fail iterator"
    log.push(`iterating a callback sub: ${await outcome(async () => {
      for await (const _m of c) return "a message";
    })}`);
    // "iterators - break cleans up"
    const d = nc.subscribe(`${p}.d`);
    const dDone = (async () => {
      for await (const _m of d) break;
    })();
    nc.publish(`${p}.d`);
    await dDone;
    log.push(`break: closed ${d.isClosed()}`);
    // "iterators - sync iterator", "basics - sync subscription"
    const e = nc.subscribe(`${p}.e`);
    const sync = syncIterator(e);
    nc.publish(`${p}.e`, "a");
    log.push(`sync next: ${(await sync.next())?.string()}`);
    const waiting = sync.next();
    const first = await Promise.race([waiting.then(() => "a message"), new Promise((r) => setTimeout(() => r("still waiting"), 200))]);
    log.push(`sync next without a message: ${first}`);
    nc.publish(`${p}.e`, "b");
    log.push(`then: ${(await waiting)?.string()}`);
    e.unsubscribe();
    log.push(`sync next after unsubscribe: ${String(await sync.next())}`);
    // "iterators - push on done is noop"
    const q = new QueuedIteratorImpl<string>();
    const qGot: string[] = [];
    const qDone = (async () => {
      for await (const s of q) qGot.push(s);
    })();
    q.push("a");
    q.push("b");
    q.push("c");
    q.stop();
    await qDone;
    q.push("d");
    log.push(`queued iterator: ${qGot.join(",")}, processed ${q.getProcessed()}`);
    // "iterators - connection close closes"
    const f = nc.subscribe(`${p}.f`);
    const fDone = (async () => {
      let n = 0;
      for await (const _m of f) n++;
      return `ended after ${n}`;
    })();
    nc.publish(`${p}.f`);
    await nc.flush();
    await nc.close();
    log.push(`connection closed: ${await fDone}`);
    return log;
  });
});

test("mrequest: requestMany with noMux, each strategy; errors end the iterator", async () => {
  await same(async ({ connect, Empty }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const p = prefix("mreq");
    let payload = "";
    nc.subscribe(`${p}.five`, {
      callback: (_e, m) => {
        payload ||= m.string();
        for (let i = 0; i < 5; i++) m.respond();
      },
    });
    nc.subscribe(`${p}.ten`, {
      callback: (_e, m) => {
        for (let i = 0; i < 10; i++) m.respond("hello");
        if (m.string() !== "partial") m.respond();
      },
    });
    nc.subscribe(`${p}.mute`, { callback: () => {} });
    const run = async (subj: string, data: string | Uint8Array, opts: object) => {
      try {
        const it = await nc.requestMany(subj, data, opts);
        let n = 0;
        for await (const _m of it) n++;
        return `${n} (processed ${(it as QueuedIterator<Msg>).getProcessed()})`;
      } catch (err) {
        return seen(err).replaceAll(p, "<p>");
      }
    };
    for (const noMux of [false, true]) {
      // "mreq - request many count", "... jitter", "... sentinel", "... sentinel partial", "... wait for timer - no response", "... stops on error"
      log.push(`noMux ${noMux} count: ${await run(`${p}.five`, "hello", { strategy: "count", maxWait: 2000, maxMessages: 5, noMux })}`);
      log.push(`noMux ${noMux} stall: ${await run(`${p}.ten`, Empty, { strategy: "stall", maxWait: 5000, noMux })}`);
      log.push(`noMux ${noMux} sentinel: ${await run(`${p}.ten`, Empty, { strategy: "sentinel", maxWait: 2000, noMux })}`);
      log.push(`noMux ${noMux} sentinel partial: ${await run(`${p}.ten`, "partial", { strategy: "sentinel", maxWait: 500, noMux })}`);
      log.push(`noMux ${noMux} timer, no reply: ${await run(`${p}.mute`, Empty, { strategy: "timer", maxWait: 300, noMux })}`);
      log.push(`noMux ${noMux} no responders: ${await run(`${p}.nobody`, Empty, { strategy: "timer", maxWait: 2000, noMux })}`);
      // "mreq - timeout doesn't leak subs": the default strategy with maxMessages, nothing comes
      log.push(`noMux ${noMux} maxMessages, no reply: ${await run(`${p}.mute`, Empty, { maxWait: 300, maxMessages: 10, noMux })}`);
    }
    log.push(`the responder saw "${payload}"`);
    await nc.close();
    return log;
  });
});

test("timeout: a request's timeout is a TimeoutError whose stack is an Error's", async () => {
  await same(async ({ connect, Empty, TimeoutError }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const p = prefix("to");
    nc.subscribe(`${p}.mute`, { callback: () => {} });
    for (const noMux of [false, true]) {
      // "timeout - request stack is useful", "timeout - request noMux stack is useful": the stack's frames
      // differ on purpose (kept-on-purpose test 2); what a catch sees is compared here
      const err = await nc.request(`${p}.mute`, Empty, { timeout: 250, noMux }).then(
        () => undefined,
        (e: unknown) => e,
      );
      log.push(`noMux ${noMux}: ${seen(err)}, instanceof ${err instanceof TimeoutError}, stack starts ${(err as Error).stack?.split("\n")[0]}`);
    }
    await nc.close();
    return log;
  });
});
