/**
 * The drop-in proven by programs: the snippets of nats.js v3's README (`@nats-io/nats-core`) and the patterns
 * of its examples, each written once against a client module and run twice on a real nats-server, once with
 * `@nats-io/transport-node` 3.4.0 and once with `@nats-stack/core`. Each program returns what its user would
 * see (lines printed, resolved values and their shapes, errors' classes, names and texts, the order of
 * events, whether a call returned a Promise); the two transcripts must be equal. Values that differ on every
 * run (inbox names, NUIDs, times, server ids) are replaced by their shape before comparing.
 */
import { restartServer, startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { serverPerFile } from "@nats-stack/fixtures/server-per-file";
import { createOperatorSetup, type OperatorSetup } from "@nats-stack/fixtures/jwt";
import * as ours from "@nats-stack/core";
import { isPromise, prefix, same, seen, shape, until, type Client } from "../helpers/side-by-side";

jest.setTimeout(60_000);

const srv = serverPerFile();

test("README: connect, closed(), close(), the close's result", async () => {
  const out = await same(async ({ connect }) => {
    const log: unknown[] = [];
    const p = connect({ servers: srv.url });
    log.push(`connect returns a promise: ${isPromise(p)}`);
    const nc = await p;
    log.push(`connected to ${nc.getServer() === `127.0.0.1:${srv.port}` ? "the server" : nc.getServer()}`);
    const done = nc.closed();
    log.push(`closed() is a promise: ${isPromise(done)}, isClosed ${nc.isClosed()}, isDraining ${nc.isDraining()}`);
    const c = nc.close();
    log.push(`close() is a promise: ${isPromise(c)}`);
    log.push(`close resolves ${String(await c)}`);
    log.push(`closed resolves ${String(await done)}, isClosed ${nc.isClosed()}`);
    log.push(`a second close resolves ${String(await nc.close())}`);
    log.push(`info: ${JSON.stringify(shape({ server_id: nc.info?.server_id, version: nc.info?.version, headers: nc.info?.headers }))}`);
    return log;
  });
  expect(out).toContain("closed resolves undefined, isClosed true");
});

test("README: subscribe as an iterator, publish, drain the connection", async () => {
  await same(async ({ connect }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const subj = prefix("hello");
    const sub = nc.subscribe(subj);
    const loop = (async () => {
      for await (const m of sub) log.push(`[${sub.getProcessed()}]: ${m.string()}`);
      log.push("subscription closed");
    })();
    nc.publish(subj, "world");
    nc.publish(subj, "again");
    const d = nc.drain();
    log.push(`drain is a promise: ${isPromise(d)}, isDraining ${nc.isDraining()}`);
    log.push(`drain resolves ${String(await d)}`);
    await loop;
    log.push(`after drain: isClosed ${nc.isClosed()}, sub.isClosed ${sub.isClosed()}, closed() ${String(await nc.closed())}`);
    // (getPending() after the end: nats.js says 1, ours 0; not compared)
    log.push(`received ${sub.getReceived()} processed ${sub.getProcessed()}`);
    return log;
  });
});

test("README: JSON payloads (the codec-free v3 pattern), callbacks and a sub with max", async () => {
  await same(async ({ connect }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const subj = prefix("people");
    let calls = 0;
    const sub = nc.subscribe(subj, {
      max: 2,
      callback: (err, m) => {
        calls++;
        log.push(`max while open ${String(sub.getMax())}`);
        log.push(`callback err=${String(err)} subject ok=${m.subject === subj} name=${m.json<{ name: string }>().name} reply=${String(m.reply)}`);
        log.push(`data is Uint8Array: ${m.data instanceof Uint8Array}, headers ${String(m.headers)}, sid is number ${typeof m.sid === "number"}`);
        // v3 has no JSONCodec: json() takes a reviver
        log.push(`json with a reviver: ${JSON.stringify(m.json((k, v) => (k === "name" ? String(v).toUpperCase() : v)))}`);
      },
    });
    nc.publish(subj, JSON.stringify({ name: "Memo" }));
    nc.publish(subj, new TextEncoder().encode(JSON.stringify({ name: "Bytes" })));
    nc.publish(subj, JSON.stringify({ name: "third, past max" }));
    await sub.closed;
    await nc.flush();
    log.push(`max once ended at its max ${String(sub.getMax())}`);
    log.push(`calls ${calls}, closed ${sub.isClosed()}, processed ${sub.getProcessed()}`);
    // a payload that is not JSON
    const bad = nc.subscribe(subj, { max: 1 });
    nc.publish(subj, "not json");
    for await (const m of bad) {
      try {
        m.json();
        log.push("json() of text did not throw");
      } catch (err) {
        log.push(`json() of text: ${(err as Error).constructor.name}`);
      }
      log.push(`string() ${m.string()}, data length ${m.data.length}`);
    }
    await nc.close();
    return log;
  });
});

test("README: wildcard subscriptions, each independent", async () => {
  await same(async ({ connect }) => {
    const nc = await connect({ servers: srv.url });
    const p = prefix("help");
    const subs = [nc.subscribe(`${p}.*.system`), nc.subscribe(`${p}.me.*`), nc.subscribe(`${p}.>`)];
    const lines: string[][] = subs.map(() => []);
    const loops = subs.map(async (s, i) => {
      for await (const m of s) lines[i]!.push(`[${s.getSubject().slice(p.length)}] #${s.getProcessed()} - ${m.subject.slice(p.length)} ${m.string()}`);
    });
    for (const t of ["me.system", "me.now", "you.system", "me.now.later", "x"]) nc.publish(`${p}.${t}`, t);
    await nc.drain();
    await Promise.all(loops);
    return lines;
  });
});

test("README: a service answering `time` and `admin.*`, stopped by a request that drains it", async () => {
  await same(async ({ connect, Empty }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const p = prefix("svc");
    const sub = nc.subscribe(`${p}.time`);
    const timeLoop = (async () => {
      for await (const m of sub) {
        if (m.respond(new Date(0).toISOString())) log.push(`[time] handled #${sub.getProcessed()}`);
        else log.push(`[time] #${sub.getProcessed()} ignored - no reply subject`);
      }
      log.push(`subscription time drained.`);
    })();
    const msub = nc.subscribe(`${p}.admin.*`);
    const adminLoop = (async () => {
      for await (const m of msub) {
        const chunks = m.subject.slice(p.length + 1).split(".");
        log.push(`[admin] #${msub.getProcessed()} handling ${chunks[1]}`);
        switch (chunks[1]) {
          case "uptime":
            m.respond("42");
            break;
          case "stop":
            m.respond(`[admin] #${msub.getProcessed()} stopping....`);
            nc.drain().catch((err) => log.push(`error draining ${String(err)}`));
            break;
          default:
            log.push(`[admin] #${msub.getProcessed()} ignoring request for ${m.subject.slice(p.length)}`);
        }
      }
      log.push(`subscription admin drained.`);
    })();
    const closed = nc.closed().then((err) => log.push(`connection closed${err ? ` with an error: ${err.message}` : ""}`));
    // The client's lines are kept apart: its replies race the service's drain across two connections.
    const clientLog: unknown[] = [];
    const client = await connect({ servers: srv.url });
    const t = await client.request(`${p}.time`, Empty, { timeout: 1000 });
    clientLog.push(`got response: ${t.string()}`);
    client.publish(`${p}.time`, "no reply");
    clientLog.push(`uptime: ${(await client.request(`${p}.admin.uptime`)).string()}`);
    await client.flush();
    client.publish(`${p}.admin.other`);
    clientLog.push(`stop: ${(await client.request(`${p}.admin.stop`, "", { timeout: 1000 })).string()}`);
    await Promise.all([timeLoop, adminLoop, closed]);
    await client.close();
    return [...log, "client:", ...clientLog];
  });
});

test("README: queue groups share the work; a standalone subscriber gets everything", async () => {
  await same(async ({ connect }) => {
    const p = prefix("echo");
    const conns = await Promise.all([1, 2, 3, 4].map((i) => connect({ servers: srv.url, name: `echo-${i}` })));
    const counts = [0, 0, 0, 0];
    conns.forEach((c, i) => {
      // The README passes `queue: ""` for the standalone service: "" means no queue group.
      const queue = i < 3 ? "echo" : "";
      const sub = c.subscribe(`${p}.echo`, { queue });
      void (async () => {
        for await (const m of sub) {
          counts[i]!++;
          m.respond(m.data);
        }
      })();
    });
    await Promise.all(conns.map((c) => c.flush()));
    const client = await connect({ servers: srv.url });
    const replies: string[] = [];
    for (let i = 0; i < 30; i++) replies.push((await client.request(`${p}.echo`, `m${i}`)).string());
    await until(() => counts[3] === 30 && counts[0]! + counts[1]! + counts[2]! === 30, "every echo");
    const log = [
      `first replies are echoes: ${replies.every((r, i) => r === `m${i}`)}`,
      `queue members got ${counts[0]! + counts[1]! + counts[2]!}, standalone ${counts[3]}`,
      `every queue member got some: ${counts.slice(0, 3).every((n) => n > 0)}`,
    ];
    await Promise.all([...conns, client].map((c) => c.close()));
    return log;
  });
});

test("README: headers: append, iterate, read case-insensitively; nuid and createInbox", async () => {
  await same(async ({ connect, createInbox, Empty, headers, nuid }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const subj = createInbox();
    log.push(`inbox ${/^_INBOX\.[A-Za-z0-9]{22}$/.test(subj)}, custom ${/^my\.[A-Za-z0-9]{22}$/.test(createInbox("my"))}`);
    try {
      createInbox("bad.>");
      log.push("createInbox('bad.>') did not throw");
    } catch (err) {
      log.push(`createInbox('bad.>'): ${seen(err)}`);
    }
    const id = nuid.next();
    log.push(`nuid ${id.length} ${/^[A-Za-z0-9]+$/.test(id)} ${id !== nuid.next()}`);
    const sub = nc.subscribe(subj, { max: 1 });
    const h = headers();
    h.append("id", id);
    h.append("unix_time", "1700000000000");
    h.append("id", "second");
    log.push(`local: get id ${h.get("ID")}, values ${JSON.stringify(h.values("id")).replace(id, "<nuid>")}, has ${h.has("Unix_Time")}, keys ${JSON.stringify(h.keys())}`);
    nc.publish(subj, Empty, { headers: h });
    for await (const m of sub) {
      if (m.headers) {
        for (const [key, value] of m.headers) log.push(`${key}=${JSON.stringify(value).replace(id, "<nuid>")}`);
        log.push(`id ${m.headers.get("id") === id}, values ${m.headers.values("id").length}, code ${m.headers.code}, hasError ${m.headers.hasError}, status ${JSON.stringify(m.headers.status)}, description ${JSON.stringify(m.headers.description)}`);
        log.push(`last: ${m.headers.last("id")}`);
      }
      log.push(`data ${m.data.length}, string '${m.string()}'`);
    }
    try {
      h.set("bad key", "x");
      log.push("a key with a space was accepted");
    } catch (err) {
      log.push(`a key with a space: ${seen(err)}`);
    }
    await nc.flush();
    await nc.close();
    return log;
  });
});

test("README: no responders and timeouts, as the README's catch tells them apart", async () => {
  await same(async ({ connect, NoRespondersError, RequestError, TimeoutError }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const p = prefix("nr");
    const silent = nc.subscribe(`${p}.silent`);
    for (const [subj, opts] of [
      [`${p}.hello.world`, undefined],
      [`${p}.silent`, { timeout: 200 }],
      [`${p}.hello.world`, { timeout: 200, noMux: true }],
      [`${p}.silent`, { timeout: 200, noMux: true }],
    ] as const) {
      try {
        const r = nc.request(subj, "", opts);
        log.push(`request returns a promise: ${isPromise(r)}`);
        await r;
        log.push("no error");
      } catch (err) {
        if (err instanceof RequestError) {
          if (err.cause instanceof TimeoutError) log.push("someone is listening but didn't respond");
          else if (err.cause instanceof NoRespondersError) log.push(`no one is listening to '${subj.slice(p.length + 1)}'`);
          else log.push(`failed due to unknown error: ${(err.cause as Error)?.message}`);
        } else {
          log.push(`request failed: ${(err as Error).message}`);
        }
        log.push(seen(err).replaceAll(p, "<p>"));
        log.push(`TimeoutError ${err instanceof TimeoutError}, NoRespondersError ${err instanceof NoRespondersError}`);
      }
    }
    silent.unsubscribe();
    await nc.close();
    return log;
  });
});

test("flush, rtt, stats, and what a closed connection answers", async () => {
  await same(async ({ connect }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const f = nc.flush();
    log.push(`flush is a promise ${isPromise(f)}, resolves ${String(await f)}`);
    const rtt = await nc.rtt();
    log.push(`rtt is a number ${typeof rtt === "number" && rtt >= 0}`);
    nc.publish(prefix("stats"), "12345");
    await nc.flush();
    // ours has more counters (droppedMsgs, refusedMsgs, resentMsgs..., packages/core/README.md): nats.js's four are compared
    const st = nc.stats() as unknown as Record<string, unknown>;
    log.push(`stats ${JSON.stringify(shape(Object.fromEntries(["inBytes", "inMsgs", "outBytes", "outMsgs"].map((k) => [k, st[k]]))))} outMsgs ${nc.stats().outMsgs} outBytes ${nc.stats().outBytes}`);
    await nc.close();
    for (const [what, fn] of [
      ["publish", () => nc.publish("x", "y")],
      ["subscribe", () => nc.subscribe("x")],
      ["request", () => nc.request("x")],
      ["flush", () => nc.flush()],
      ["rtt", () => nc.rtt()],
      ["drain", () => nc.drain()],
    ] as const) {
      try {
        const r = (fn as () => unknown)();
        if (isPromise(r)) {
          try {
            await r;
            log.push(`${what}: async, resolved`);
          } catch (err) {
            log.push(`${what}: async ${seen(err)}`);
          }
        } else log.push(`${what}: sync, returned ${typeof r}`);
      } catch (err) {
        log.push(`${what}: sync ${seen(err)}`);
      }
    }
    return log;
  });
});

test("subscription drain and unsubscribe(n); draining twice", async () => {
  await same(async ({ connect }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const subj = prefix("sdrain");
    const got: string[] = [];
    const sub = nc.subscribe(subj, { callback: (_e, m) => got.push(m.string()) });
    for (let i = 0; i < 5; i++) nc.publish(subj, `${i}`);
    const d = sub.drain();
    log.push(`drain is a promise ${isPromise(d)}, resolves ${String(await d)}, closed ${sub.isClosed()}, isDraining ${sub.isDraining()}`);
    log.push(`got ${got.join(",")}`);
    try {
      await sub.drain();
      log.push("second drain resolved");
    } catch (err) {
      log.push(`second drain: ${seen(err)}`);
    }
    const s2 = nc.subscribe(subj);
    s2.unsubscribe(2);
    log.push(`max after unsubscribe(2) ${String(s2.getMax())}`);
    for (let i = 0; i < 4; i++) nc.publish(subj, `u${i}`);
    const u: string[] = [];
    for await (const m of s2) u.push(m.string());
    log.push(`unsubscribe(2): ${u.join(",")}`);
    log.push(`sub.closed resolves ${String(await s2.closed)}`);
    await nc.drain();
    try {
      await nc.drain();
      log.push("second drain of the connection resolved");
    } catch (err) {
      log.push(`second drain of the connection: ${seen(err)}`);
    }
    return log;
  });
});

test("the status() loop across a server restart, and what close() ends it with", async () => {
  const own = await startServer();
  let current = own;
  try {
    await same(async ({ connect }) => {
      const log: unknown[] = [];
      const nc = await connect({ servers: current.url, reconnectTimeWait: 50, reconnectJitter: 0, maxReconnectAttempts: -1 });
      const types: string[] = [];
      const it = nc.status();
      log.push(`status() is a promise ${isPromise(it)}, async iterable ${typeof (it as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function"}`);
      const loop = (async () => {
        for await (const s of it) {
          // reconnecting repeats per attempt; pings depend on timing
          if (s.type === "ping" || (s.type === "reconnecting" && types.at(-1) === "reconnecting")) continue;
          types.push(s.type);
          if (s.type === "disconnect" || s.type === "reconnect") log.push(`${s.type}: ${JSON.stringify(shape(s))}`);
        }
        log.push("status loop ended");
      })();
      await current.stop();
      await until(() => types.includes("disconnect"), "disconnect");
      current = await restartServer(current);
      await until(() => types.includes("reconnect"), "reconnect", 20_000);
      log.push(`events ${types.join(" ")}`);
      await nc.close();
      await loop;
      log.push(`after close: ${types.slice(types.indexOf("reconnect") + 1).join(" ")}`);
      return log;
    });
  } finally {
    await current.stop();
  }
});

test("connecting where nothing listens, and options the client refuses", async () => {
  const port = srv.port;
  await srv.server.stop();
  try {
    await same(async ({ connect }) => {
      const log: unknown[] = [];
      try {
        await connect({ servers: `127.0.0.1:${port}`, timeout: 2000 });
        log.push("connected");
      } catch (err) {
        log.push(seen(err));
      }
      return log;
    });
  } finally {
    await srv.restart();
  }
});

describe("README: authentication (user/pass, token, nkey, creds)", () => {
  const servers: NatsServer[] = [];
  let setup: OperatorSetup;
  let seed: Uint8Array;
  let pub: string;
  beforeAll(async () => {
    const kp = ours.nkeys.createUser();
    seed = kp.getSeed();
    pub = kp.getPublicKey();
    setup = await createOperatorSetup();
    servers.push(
      ...(await Promise.all([
        startServer({ config: `authorization { user: jenny, password: "867-5309" }\n` }),
        startServer({ config: `authorization { token: "t0pS3cret!" }\n` }),
        startServer({ config: `authorization { users: [ { nkey: ${pub} } ] }\n` }),
        startServer({ config: setup.config }),
      ])),
    );
  }, 30_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  async function attempt(c: Client, opts: ours.ConnectionOptions): Promise<string> {
    try {
      const nc = await c.connect({ maxReconnectAttempts: 0, ...opts });
      const r = await nc.rtt();
      await nc.close();
      return `connected, rtt ${typeof r}`;
    } catch (err) {
      return seen(err);
    }
  }

  test("each kind accepted, and refused when wrong or missing", async () => {
    await same(async (c) => {
      const [up, tok, nk, op] = servers as [NatsServer, NatsServer, NatsServer, NatsServer];
      const te = new TextEncoder();
      return [
        await attempt(c, { servers: up.url, user: "jenny", pass: "867-5309" }),
        await attempt(c, { servers: up.url, authenticator: c.usernamePasswordAuthenticator("jenny", "867-5309") }),
        await attempt(c, { servers: up.url, user: "jenny", pass: "wrong" }),
        await attempt(c, { servers: up.url }),
        await attempt(c, { port: tok.port, token: "t0pS3cret!" }),
        await attempt(c, { servers: tok.url, token: "t0pS3cret!" }),
        await attempt(c, { servers: tok.url, authenticator: c.tokenAuthenticator("t0pS3cret!") }),
        await attempt(c, { servers: tok.url, token: "nope" }),
        await attempt(c, { servers: nk.url, authenticator: c.nkeyAuthenticator(seed) }),
        await attempt(c, { servers: nk.url, authenticator: c.nkeyAuthenticator(() => seed) }),
        await attempt(c, { servers: nk.url, authenticator: c.nkeyAuthenticator(c.nkeys.createUser().getSeed()) }),
        await attempt(c, { servers: op.url, authenticator: c.credsAuthenticator(te.encode(setup.creds)) }),
        // the README's creds text: fences indented by two spaces, the JWT and seed by four
        await attempt(c, {
          port: op.port,
          authenticator: c.credsAuthenticator(te.encode(setup.creds.split("\n").map((l) => (l.startsWith("--") ? `  ${l}` : /^[A-Za-z0-9_.-]{20,}$/.test(l) ? `    ${l}` : l)).join("\n"))),
        }),
        await attempt(c, { servers: op.url, authenticator: c.jwtAuthenticator(setup.userJwt, setup.user.getSeed()) }),
        await attempt(c, { servers: op.url }),
      ];
    });
  });
});

test("README: a subscription with a timeout (iterator and callback); request with its own reply subject", async () => {
  await same(async ({ connect, TimeoutError, Empty }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const p = prefix("subto");
    const sub = nc.subscribe(`${p}.hello`, { timeout: 200 });
    await (async () => {
      for await (const _m of sub) log.push("a message");
    })().catch((err) => {
      if (err instanceof TimeoutError) log.push(`sub timed out! ${seen(err)}`);
      else log.push(`sub iterator got an error! ${seen(err)}`);
    });
    log.push(`closed ${sub.isClosed()}, sub.closed ${await outcomeOf(sub.closed)}`);
    const errs: string[] = [];
    const cb = nc.subscribe(`${p}.cb`, { timeout: 200, callback: (err, m) => errs.push(err ? seen(err) : `msg ${m.string()}`) });
    await until(() => errs.length > 0, "the callback's timeout");
    log.push(`callback: ${errs.join(" | ")} closed ${cb.isClosed()}`);
    // a message before the timeout cancels it
    const kept = nc.subscribe(`${p}.kept`, { timeout: 300, max: 2 });
    nc.publish(`${p}.kept`, "1");
    const seenKept: string[] = [];
    const keptLoop = (async () => {
      for await (const m of kept) seenKept.push(m.string());
    })().catch((err) => seenKept.push(seen(err)));
    await new Promise((r) => setTimeout(r, 500));
    nc.publish(`${p}.kept`, "2");
    await keptLoop;
    log.push(`timeout cancelled by a message: ${seenKept.join(",")}`);
    const svc = nc.subscribe(`${p}.q`, { callback: (_e, m) => m.respond(`to ${m.reply?.startsWith(`${p}.bar`) ? "bar" : m.reply}`) });
    const m = await nc.request(`${p}.q`, Empty, { reply: `${p}.bar`, noMux: true, timeout: 1000 });
    log.push(`reply: ${m.string()}`);
    log.push(`reply without noMux: ${await outcomeOf(nc.request(`${p}.q`, Empty, { reply: `${p}.bar`, timeout: 1000 } as never))}`);
    svc.unsubscribe();
    log.push(`respond without a reply subject: ${await new Promise((resolve) => {
      const s = nc.subscribe(`${p}.noreply`, { max: 1, callback: (_e, msg) => resolve(msg.respond("x")) });
      void s;
      nc.publish(`${p}.noreply`, "y");
    })}`);
    await nc.close();
    return log;
  });
});

test("requestMany: count, stall and sentinel strategies", async () => {
  await same(async ({ connect }) => {
    const log: unknown[] = [];
    const nc = await connect({ servers: srv.url });
    const p = prefix("many");
    // one responder answering three times and then with the empty sentinel, in this order
    nc.subscribe(`${p}.svc`, {
      callback: (_e, m) => {
        for (let i = 0; i < 3; i++) m.respond(`r${i}`);
        m.respond("");
      },
    });
    await nc.flush();
    for (const opts of [{ maxMessages: 2 }, { strategy: "count", maxMessages: 3 }, { strategy: "stall", stall: 300 }, { strategy: "sentinel" }, { strategy: "timer", maxWait: 300 }]) {
      // (nats.js writes its defaults into the caller's options object, ours leaves it alone: shown as given)
      const given = JSON.stringify(opts);
      const it = await nc.requestMany(`${p}.svc`, "", opts as never);
      const got: string[] = [];
      try {
        for await (const m of it) got.push(m.string() || "<empty>");
      } catch (err) {
        got.push(seen(err));
      }
      log.push(`${given}: ${got.join(",")}`);
    }
    log.push(`no responders: ${await (async () => {
      const got: string[] = [];
      try {
        for await (const m of await nc.requestMany(`${p}.none`, "", { maxWait: 500 })) got.push(m.string());
      } catch (err) {
        got.push(seen(err).replaceAll(p, "<p>"));
      }
      return got.join(",");
    })()}`);
    await nc.close();
    return log;
  });
});

test("permissions: a denied subscribe and publish, as status events and on the subscription", async () => {
  const guarded = await startServer({
    config: `authorization { users: [ { user: a, password: b, permissions: { publish: { deny: ["denied.>"] }, subscribe: { deny: ["secret.>"] } } } ] }\n`,
  });
  try {
    await same(async ({ connect }) => {
      const log: unknown[] = [];
      const nc = await connect({ servers: guarded.url, user: "a", pass: "b" });
      const events: string[] = [];
      void (async () => {
        for await (const s of nc.status()) if (s.type !== "ping") events.push(`${s.type}${s.type === "error" ? ` ${seen(s.error)}` : ""}`);
      })();
      const sub = nc.subscribe("secret.x");
      const iter = (async () => {
        for await (const _m of sub) log.push("a message");
      })().then(
        () => "iterator ended",
        (err) => `iterator threw ${seen(err)}`,
      );
      log.push(await iter);
      log.push(`sub closed ${sub.isClosed()}, sub.closed ${await outcomeOf(sub.closed)}`);
      nc.publish("denied.x", "x");
      await nc.flush();
      await until(() => events.length >= 2, "two error statuses");
      log.push(`events: ${events.join(" | ")}`);
      log.push(`connection still usable: ${typeof (await nc.rtt())}`);
      await nc.close();
      log.push(`closed: ${String(await nc.closed())}`);
      return log;
    });
  } finally {
    await guarded.stop();
  }
});

/** How a promise settles, as text. */
async function outcomeOf(p: Promise<unknown>): Promise<string> {
  try {
    return `resolved ${String(await p)}`;
  } catch (err) {
    return `rejected ${seen(err)}`;
  }
}
