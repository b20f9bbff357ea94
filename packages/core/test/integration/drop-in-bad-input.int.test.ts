/**
 * Programs that pass wrong things to core (subjects with spaces, empty tokens or wildcards, a subject that is
 * not a string, payloads and headers of the wrong type, bad `max`/`timeout`/`queue`, request timeouts of 0 or
 * less, bad server URLs and options at `connect`), run once with `@nats-io/transport-node` 3.4.0 and once with
 * this client on a real server, each call on a fresh connection. Every outcome (sync result or throw, async
 * value or rejection, the error's class, name and text) must be the same, except the stricter checks README.md
 * lists ("Stricter input"), asserted here for both clients side by side. Whatever a call did, the connection
 * must still flush afterwards, and no call may leave an unhandled rejection (the test environment fails the
 * file on one).
 */
import { outcomeWithin } from "@nats-stack/fixtures/bad-input";
import { serverPerFile } from "@nats-stack/fixtures/server-per-file";
import * as ours from "@nats-stack/core";
import { clients, type Client } from "../helpers/side-by-side";

jest.setTimeout(120_000);

const srv = serverPerFile();

/** An error as its user sees it; our subject checks' reason (a cause nats.js lacks) is left out here. */
function seen(err: unknown): string {
  // nats.js's `new URL()` failure comes from Node's realm, not the test's: named by its name
  if (!(err instanceof Error)) return typeof (err as Error)?.message === "string" ? `${(err as Error).name}: ${(err as Error).message}` : `not an Error: ${String(err)}`;
  const hidden = err.name === "InvalidSubjectError" || (err.cause as Error)?.name === "ValidationError";
  const cause = err.cause instanceof Error && !hidden ? ` cause ${seen(err.cause)}` : "";
  return `${err.constructor.name}/${err.name}: ${err.message}${cause}`;
}

/** A call's outcome; a promise still pending after 2.5 s is reported as such (and closed if it ever connects). */
const outcome = (fn: () => unknown) => outcomeWithin(fn, seen);

type Nc = Awaited<ReturnType<Client["connect"]>>;
// `any` for the wrong arguments these programs pass on purpose
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Bad = any;

const onConnection: Record<string, (nc: Nc, c: Client) => unknown> = {
  "publish 'a b'": (nc) => nc.publish("a b"),
  "publish ''": (nc) => nc.publish(""),
  "publish 'a..b'": (nc) => nc.publish("a..b"),
  "publish '.a'": (nc) => nc.publish(".a"),
  "publish 'a.*'": (nc) => nc.publish("a.*"),
  "publish 'a.>'": (nc) => nc.publish("a.>"),
  "publish 42": (nc) => nc.publish(42 as Bad),
  "publish undefined": (nc) => nc.publish(undefined as Bad),
  "publish a payload 42": (nc) => nc.publish("x.y", 42 as Bad),
  "publish a payload object": (nc) => nc.publish("x.y", { a: 1 } as Bad),
  "publish a payload null": (nc) => nc.publish("x.y", null as Bad),
  "publish a payload ArrayBuffer": (nc) => nc.publish("x.y", new ArrayBuffer(2) as Bad),
  "publish reply 'a b'": (nc) => nc.publish("x.y", "", { reply: "a b" }),
  "publish reply 'a.*'": (nc) => nc.publish("x.y", "", { reply: "a.*" }),
  "publish headers not made by headers()": (nc) => nc.publish("x.y", "", { headers: { a: "b" } as Bad }),
  "headers().set('a b')": (_nc, c) => c.headers().set("a b", "v"),
  "headers().set('')": (_nc, c) => c.headers().set("", "v"),
  "headers().set('a:b')": (_nc, c) => c.headers().set("a:b", "v"),
  "headers().set a value with CRLF": (_nc, c) => c.headers().set("k", "a\r\nb"),
  "headers().set a value 1": (_nc, c) => c.headers().set("k", 1 as Bad),
  "subscribe 'a b'": (nc) => nc.subscribe("a b"),
  "subscribe ''": (nc) => nc.subscribe(""),
  "subscribe 'a.>.b'": (nc) => nc.subscribe("a.>.b"),
  "subscribe 'a*.b'": (nc) => nc.subscribe("a*.b"),
  "subscribe 42": (nc) => nc.subscribe(42 as Bad),
  "subscribe max -1": (nc) => nc.subscribe("x.z", { max: -1 }),
  "subscribe max 1.5": (nc) => nc.subscribe("x.z", { max: 1.5 }),
  "subscribe max '2'": (nc) => nc.subscribe("x.z", { max: "2" as Bad }),
  "subscribe timeout -1": (nc) => nc.subscribe("x.z", { timeout: -1 }),
  "subscribe timeout 0": (nc) => nc.subscribe("x.z", { timeout: 0 }),
  "subscribe queue 'a b'": (nc) => nc.subscribe("x.z", { queue: "a b" }),
  "subscribe queue ''": (nc) => nc.subscribe("x.z", { queue: "" }),
  "subscribe callback 1": (nc) => nc.subscribe("x.z", { callback: 1 as Bad }),
  "request 'a b'": (nc) => nc.request("a b"),
  "request 'a.*'": (nc) => nc.request("a.*"),
  "request timeout 0 (the default)": (nc) => nc.request("x.nobody", "", { timeout: 0 }),
  "request timeout -1": (nc) => nc.request("x.nobody", "", { timeout: -1 }),
  "request timeout 'x'": (nc) => nc.request("x.nobody", "", { timeout: "x" as Bad }),
  "request a payload 42": (nc) => nc.request("x.nobody", 42 as Bad),
  "requestMany maxMessages -1": (nc) => nc.requestMany("x.nobody", "", { maxMessages: -1 }),
  "requestMany maxWait 0 (the default)": (nc) => nc.requestMany("x.nobody", "", { maxWait: 0 }),
  "requestMany maxWait -1": (nc) => nc.requestMany("x.nobody", "", { maxWait: -1 }),
};

const closeIt = (n: Nc) => n.close().then(() => n);
const atConnect: Record<string, (c: Client) => unknown> = {
  "a URL that does not parse": (c) => c.connect({ servers: "nats://::bad::url", maxReconnectAttempts: 0, timeout: 1000 }),
  "a port that is not a number": (c) => c.connect({ servers: "127.0.0.1:notaport", maxReconnectAttempts: 0, timeout: 1000 }),
  "port -1": (c) => c.connect({ port: -1, maxReconnectAttempts: 0, timeout: 1000 }),
  "port 99999": (c) => c.connect({ servers: "127.0.0.1:99999", maxReconnectAttempts: 0, timeout: 1000 }),
  "an http URL": (c) => c.connect({ servers: "http://127.0.0.1:1", timeout: 1000, maxReconnectAttempts: 0 }),
  "servers 42": (c) => c.connect({ servers: 42 as Bad, timeout: 1000 }),
  "servers []": (c) => c.connect({ servers: [], timeout: 1000, maxReconnectAttempts: 0 }),
  "an unknown option": (c) => c.connect({ servers: srv.url, bogus: 1 } as Bad).then(closeIt),
  "timeout -1": (c) => c.connect({ servers: srv.url, timeout: -1 }).then(closeIt),
  "user 1": (c) => c.connect({ servers: srv.url, user: 1 as Bad }).then(closeIt),
  "name 5": (c) => c.connect({ servers: srv.url, name: 5 as Bad }).then(closeIt),
  "pingInterval -5": (c) => c.connect({ servers: srv.url, pingInterval: -5 }).then(closeIt),
  "inboxPrefix 'a b'": (c) => c.connect({ servers: srv.url, inboxPrefix: "a b" }).then(closeIt),
  "inboxPrefix 'a.*'": (c) => c.connect({ servers: srv.url, inboxPrefix: "a.*" }).then(closeIt),
};

const sent = "sync undefined";
const subscribed = "sync SubscriptionImpl";
const illegal = (s: string) => `sync throw InvalidSubjectError/InvalidSubjectError: illegal subject: '${s}'`;
const payloadTypeError = "TypeError/TypeError: payload types can be strings or Uint8Array";
const payloadArgError = "InvalidArgumentError/InvalidArgumentError: 'payload' must be a Uint8Array or a string";
const arg = (field: string, text: string) => `InvalidArgumentError/InvalidArgumentError: '${field}' ${text}`;

/** README's "Stricter input": what each client does, by case. */
const differs: Record<string, { "nats.js": string | RegExp; ours: string | RegExp }> = {
  "publish 'a..b'": { "nats.js": sent, ours: illegal("a..b") },
  "publish '.a'": { "nats.js": sent, ours: illegal(".a") },
  "publish 'a.*'": { "nats.js": sent, ours: illegal("a.*") },
  "publish 'a.>'": { "nats.js": sent, ours: illegal("a.>") },
  "publish 42": { "nats.js": sent, ours: illegal("42") },
  "publish a payload 42": { "nats.js": `sync throw ${payloadTypeError}`, ours: `sync throw ${payloadArgError}` },
  "publish a payload object": { "nats.js": `sync throw ${payloadTypeError}`, ours: `sync throw ${payloadArgError}` },
  "publish a payload ArrayBuffer": { "nats.js": `sync throw ${payloadTypeError}`, ours: `sync throw ${payloadArgError}` },
  "publish a payload null": { "nats.js": `sync throw ${payloadTypeError}`, ours: sent },
  "publish reply 'a.*'": { "nats.js": sent, ours: illegal("a.*") },
  "publish headers not made by headers()": { "nats.js": "sync throw TypeError/TypeError: hdrs.encode is not a function", ours: `sync throw ${arg("headers", "must be made with headers()")}` },
  "headers().set('')": { "nats.js": sent, ours: `sync throw ${arg("header", 'header key "" is empty')}` },
  "headers().set a value 1": { "nats.js": "sync throw TypeError/TypeError: k.trim is not a function", ours: `sync throw ${arg("header", 'header value "1" must be a string')}` },
  "subscribe 'a.>.b'": { "nats.js": subscribed, ours: illegal("a.>.b") },
  "subscribe 42": { "nats.js": subscribed, ours: illegal("42") },
  "subscribe max -1": { "nats.js": subscribed, ours: `sync throw ${arg("max", "must be a non-negative integer")}` },
  "subscribe max 1.5": { "nats.js": subscribed, ours: `sync throw ${arg("max", "must be a non-negative integer")}` },
  "subscribe max '2'": { "nats.js": subscribed, ours: `sync throw ${arg("max", "must be a non-negative integer")}` },
  "subscribe timeout -1": { "nats.js": subscribed, ours: `sync throw ${arg("timeout", "must be a non-negative integer")}` },
  // nats.js writes `SUB x.z a b <sid>`: the server closes the connection (the flush after it fails)
  "subscribe queue 'a b'": { "nats.js": `${subscribed}; flush RequestError/RequestError: connection disconnected`, ours: `sync throw ${arg("queue", `is not valid: invalid queue "a b": contains a space`)}` },
  "subscribe callback 1": { "nats.js": subscribed, ours: `sync throw ${arg("callback", "must be a function")}` },
  "request 'a.*'": { "nats.js": "async reject RequestError/RequestError: no responders: 'a.*' cause NoRespondersError/NoResponders: no responders: 'a.*'", ours: `async reject InvalidSubjectError/InvalidSubjectError: illegal subject: 'a.*'` },
  // nats.js arms its timer with setTimeout("x"): it fires at once, racing the server's no responders
  "request timeout 'x'": { "nats.js": /^async reject (TimeoutError\/TimeoutError: timeout|RequestError\/RequestError: no responders: 'x\.nobody' .*)$/, ours: `async reject ${arg("timeout", "must be greater than 0")}` },
  "request a payload 42": { "nats.js": `async reject ${payloadTypeError}`, ours: `async reject ${payloadArgError}` },
  // refused at once (it was dialled as an IPv6 host and failed with a ConnectionError)
  "a URL that does not parse": {
    "nats.js": "async reject TypeError: Invalid URL",
    ours: `async reject ${arg("servers", "'nats://::bad::url' is not a host:port (more than one ':', and not an IPv6 address: write one as [::1]:4222)")}`,
  },
  "a port that is not a number": { "nats.js": "async reject TypeError: Invalid URL", ours: `async reject ${arg("servers", "'127.0.0.1:notaport' has an invalid port")}` },
  "port -1": { "nats.js": "async reject TypeError: Invalid URL", ours: `async reject ${arg("servers", "'127.0.0.1:-1' has an invalid port")}` },
  "port 99999": { "nats.js": "async reject TypeError: Invalid URL", ours: `async reject ${arg("servers", "'127.0.0.1:99999' has an invalid port")}` },
  "an http URL": { "nats.js": "async reject ConnectionError/ConnectionError: connection refused", ours: `async reject ${arg("servers", "scheme 'http' is not supported in 'http://127.0.0.1:1'")}` },
  "servers 42": { "nats.js": `async reject ${arg("servers", "cannot be empty")}`, ours: `async reject ${arg("servers", "must be a string or an array of strings")}` },
  // nats.js arms a timer of -1 ms: it races the connection
  "timeout -1": { "nats.js": /^(async reject TimeoutError\/TimeoutError: timeout|async NatsConnectionImpl)$/, ours: `async reject ${arg("timeout", "must be a number >= 1")}` },
  // nats.js sends the number in CONNECT and never settles (no error, no connection)
  "user 1": { "nats.js": "pending", ours: `async reject ${arg("user", "must be a string")}` },
  "name 5": { "nats.js": "pending", ours: `async reject ${arg("name", "must be a string")}` },
  "pingInterval -5": { "nats.js": "async NatsConnectionImpl", ours: `async reject ${arg("pingInterval", "must be a number >= 0")}` },
  "inboxPrefix 'a b'": { "nats.js": "async NatsConnectionImpl", ours: `async reject ${arg("prefix", "is not a valid subject prefix ('a b'): contains a space")}` },
};

test("wrong subjects, payloads, headers, bounds, timeouts and connect options: nats.js's outcome, or README's stricter one", async () => {
  const got: Record<string, Record<string, string>> = {};
  for (const [name, c] of clients) {
    const r: Record<string, string> = (got[name] = {});
    for (const [k, fn] of Object.entries(onConnection)) {
      const nc = await c.connect({ servers: srv.url });
      r[k] = await outcome(() => fn(nc, c));
      // the connection is still usable (or, for nats.js's one case above, what happened to it)
      try {
        await nc.flush();
      } catch (err) {
        r[k] += `; flush ${seen(err)}`;
      }
      await nc.close();
    }
    for (const [k, fn] of Object.entries(atConnect)) r[k] = await outcome(() => fn(c));
  }
  // DROP_IN_PRINT=1 shows both transcripts
  if (process.env.DROP_IN_PRINT) console.log(JSON.stringify(got, null, 1));
  const theirs = got["nats.js"]!;
  const mine = got.ours!;
  const exact = (s: string | RegExp) => (s instanceof RegExp ? s : new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
  for (const k of [...Object.keys(onConnection), ...Object.keys(atConnect)]) {
    const d = differs[k];
    if (d) {
      expect({ k, natsjs: theirs[k] }).toEqual({ k, natsjs: expect.stringMatching(exact(d["nats.js"])) });
      expect({ k, ours: mine[k] }).toEqual({ k, ours: expect.stringMatching(exact(d.ours)) });
    } else {
      expect({ k, ours: mine[k] }).toEqual({ k, ours: theirs[k] });
    }
  }
});

test("our subject errors keep nats.js's class and text, and name the reason in `cause`", async () => {
  const nc = await ours.connect({ servers: srv.url });
  for (const [s, why] of [
    ["a b", "contains a space"],
    ["a..b", "has an empty token"],
    ["a.*", "has a wildcard '*'"],
  ]) {
    let err: unknown;
    try {
      nc.publish(s!);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ours.InvalidSubjectError);
    expect((err as Error).message).toBe(`illegal subject: '${s}'`);
    expect(String(((err as Error).cause as Error).message)).toContain(why);
  }
  await nc.close();
});
