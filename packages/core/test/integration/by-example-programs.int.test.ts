/**
 * The drop-in proven by the programs a new user copies first: the core-messaging examples of "NATS by
 * Example" (github.com/ConnectEverything/nats-by-example, `examples/messaging/*` and `examples/auth/*`). Each
 * scenario is written here anew as a nats.js v3 user would write it (the examples use the v2 packages `nats`
 * and `nats.deno`: `StringCodec` becomes `TextEncoder`/`TextDecoder` or `m.string()`), run once with
 * `@nats-io/transport-node` 3.4.0 and once with `@nats-stack/core` on one real nats-server, and what the
 * program prints (and the values, error classes and event order it sees) must be the same.
 */
import { inspect } from "node:util";
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { serverPerFile } from "@nats-stack/fixtures/server-per-file";
import { isPromise, prefix, same, seen, until } from "../helpers/side-by-side";

jest.setTimeout(60_000);

const srv = serverPerFile();

test("nats-by-example messaging/pub-sub (node/main.js, deno/main.js): a publish before the subscription is lost; greet.* with max 3", async () => {
  const out = await same(async ({ connect }) => {
    const log: string[] = [];
    const p = prefix("greet");
    // NATS_URL may be a comma-separated list: the example splits it into `servers`
    const nc = await connect({ servers: `${srv.url}`.split(",") });
    const enc = new TextEncoder();
    const dec = new TextDecoder();
    nc.publish(`${p}.bob`, enc.encode("hello"));
    const sub = nc.subscribe(`${p}.*`, { max: 3 });
    const done = (async () => {
      for await (const msg of sub) log.push(`${dec.decode(msg.data)} on subject ${msg.subject.slice(p.length + 1)}`);
    })();
    for (const who of ["joe", "pam", "sue"]) nc.publish(`${p}.${who}`, enc.encode("hello"));
    await done;
    log.push(`loop ended: closed ${sub.isClosed()}, processed ${sub.getProcessed()}, max ${String(sub.getMax())}`);
    const d = nc.drain();
    log.push(`drain resolves ${String(await d)}, isClosed ${nc.isClosed()}`);
    return log;
  });
  expect(out.slice(0, 3)).toEqual(["hello on subject joe", "hello on subject pam", "hello on subject sue"]);
});

test("nats-by-example messaging/pub-sub (deno/main.ts): break out of the iterator after three, then `await sub.unsubscribe()`", async () => {
  await same(async ({ connect }) => {
    const log: string[] = [];
    const p = prefix("greet2");
    const nc = await connect({ servers: [srv.url] });
    const sub = nc.subscribe(`${p}.*`);
    for (const who of ["joe", "pam", "sue", "extra"]) nc.publish(`${p}.${who}`, "hello");
    let count = 0;
    for await (const msg of sub) {
      count++;
      log.push(`${msg.string()} from subject ${msg.subject.slice(p.length + 1)}`);
      if (count === 3) break;
    }
    // a `break` ends the subscription: what the program sees of it afterwards
    log.push(`after break: closed ${sub.isClosed()}, processed ${sub.getProcessed()}`);
    const u = sub.unsubscribe() as unknown;
    log.push(`unsubscribe returns ${isPromise(u) ? "a promise" : String(u)}, awaits to ${String(await u)}`);
    log.push(`closed resolves ${String(await sub.closed)}`);
    // iterating it again
    try {
      let again = 0;
      for await (const _m of sub) again++;
      log.push(`a second loop got ${again}`);
    } catch (err) {
      log.push(`a second loop: ${seen(err)}`);
    }
    await nc.drain();
    return log;
  });
});

test("nats-by-example messaging/json (deno/main.js): one valid JSON payload, one that is not; the parse error's text", async () => {
  const out = await same(async ({ connect }) => {
    const log: string[] = [];
    const subj = prefix("json");
    const nc = await connect({ servers: srv.url.split(",") });
    const sub = nc.subscribe(subj, { max: 2 });
    const loop = (async () => {
      for await (const m of sub) {
        try {
          // console.log of the parsed value, as the example prints it
          log.push(inspect(m.json()));
        } catch (err) {
          log.push(`err: ${(err as Error).message}: '${m.string()}'`);
          log.push(`the error is a ${(err as Error).constructor.name}, SyntaxError ${err instanceof SyntaxError}`);
        }
      }
    })();
    nc.publish(subj, JSON.stringify({ foo: "bar", bar: 27 }));
    nc.publish(subj, "not json");
    await nc.drain();
    await loop;
    return log;
  });
  expect(out[0]).toBe("{ foo: 'bar', bar: 27 }");
});

test("nats-by-example messaging/request-reply (deno/main.js): a greet.* service, requests with and without payload, then no responders while draining", async () => {
  await same(async ({ connect, Empty, NoRespondersError }) => {
    const log: string[] = [];
    const p = prefix("rr");
    const nc = await connect({ servers: srv.url.split(",") });
    const sub = nc.subscribe(`${p}.greet.*`, {
      callback: (err, msg) => {
        if (err) {
          log.push(`subscription error ${err.message}`);
          return;
        }
        const name = msg.subject.substring(`${p}.greet.`.length);
        log.push(`respond returns ${msg.respond(`hello, ${name}`)}`);
      },
    });
    let rep = await nc.request(`${p}.greet.joe`);
    log.push(rep.string());
    rep = await nc.request(`${p}.greet.sue`, "hello!");
    log.push(rep.string());
    rep = await nc.request(`${p}.greet.bob`, Empty, { timeout: 3000 });
    log.push(rep.string());
    sub.unsubscribe();
    // the example does not await this request: it drains at once, so the rejection races the drain
    const failed = nc.request(`${p}.greet.joe`).catch((err: Error & { code?: unknown }) => {
      // v2 read err.code === "503"; v3 has no codes on its errors: a v3 program asks the class
      log.push(`request failed with: ${err instanceof NoRespondersError || (err.cause instanceof NoRespondersError) ? "no responders" : err.message}`);
      log.push(`the error: ${seen(err).replaceAll(p, "<p>")}`);
      log.push(`code === "503" ${err.code === "503"}`);
    });
    const d = nc.drain().then(() => log.push("drained"));
    await Promise.all([failed, d]);
    log.push(`closed ${nc.isClosed()}`);
    return log;
  });
});

test("nats-by-example messaging/concurrent: 50 messages on a max-50 subscription, handled concurrently (25 at a time)", async () => {
  await same(async ({ connect }) => {
    const p = prefix("conc");
    const nc = await connect({ servers: srv.url });
    const sub = nc.subscribe(`${p}.*`, { max: 50 });
    for (let i = 0; i < 50; i++) nc.publish(`${p}.joe`, `hello ${i}`);
    let running = 0;
    let most = 0;
    const waiting: (() => void)[] = [];
    const printed: string[] = [];
    const work: Promise<void>[] = [];
    for await (const m of sub) {
      work.push(
        (async () => {
          while (running >= 25) await new Promise<void>((r) => waiting.push(r));
          running++;
          most = Math.max(most, running);
          // a pseudo-random wait from the message's number (not Math.random: both runs must see the same)
          await new Promise((r) => setTimeout(r, (Number(m.string().split(" ")[1]) * 7) % 40));
          printed.push(`received message: '${m.string()}'`);
          running--;
          waiting.shift()?.();
        })(),
      );
    }
    await Promise.all(work);
    const log = [`loop ended after ${work.length}, at most ${most} at once, processed ${sub.getProcessed()}`];
    log.push(`every message printed once: ${new Set(printed).size === 50 && printed.length === 50}`);
    log.push(`not in publish order: ${printed.some((l, i) => l !== `received message: 'hello ${i}'`)}`);
    await nc.close();
    return log;
  });
});

test("nats-by-example messaging/iterating-multiple-subscriptions: cars.>, planes.>, ships.> merged into one stream of 300", async () => {
  await same(async ({ connect }) => {
    const p = prefix("multi");
    const nc = await connect({ servers: srv.url });
    const subs = ["cars", "planes", "ships"].map((k) => nc.subscribe(`${p}.${k}.>`));
    // three publishers at once
    await Promise.all(
      ["car", "ship", "plane"].map(async (k) => {
        for (let i = 0; i < 100; i++) {
          nc.publish(`${p}.${k}s.${i}`, `${k} number ${i}`);
          if (i % 10 === 0) await Promise.resolve();
        }
      }),
    );
    // one merged stream: each iterator's next() raced, taking 300 in all
    const its = subs.map((s) => s[Symbol.asyncIterator]());
    const next = its.map((it, i) => it.next().then((r) => ({ i, r })));
    const got: string[] = [];
    while (got.length < 300) {
      const { i, r } = await Promise.race(next);
      if (r.done) break;
      got.push(`received message on subject ${r.value.subject.slice(p.length + 1)} with payload ${r.value.string()}`);
      next[i] = its[i]!.next().then((x) => ({ i, r: x }));
    }
    const per = (k: string) => got.filter((l) => l.includes(` ${k}.`));
    const inOrder = (k: string) => per(k).every((l, i) => l.endsWith(`${k.slice(0, -1)} number ${i}`));
    const log = [`received ${got.length}`, ...["cars", "planes", "ships"].map((k) => `${k} ${per(k).length}, in order ${inOrder(k)}`)];
    await nc.drain();
    log.push(`every sub closed by the drain: ${subs.every((s) => s.isClosed())}`);
    return log;
  });
});

describe("nats-by-example auth/private-inbox: user/pass accounts, shared _INBOX and own inbox prefixes", () => {
  let open: NatsServer;
  let strict: NatsServer;
  const users = (inbox: (u: string) => string) => `accounts: {
  APP: {
    users: [
      { user: greeter, password: greeter, permissions: { sub: { allow: ["services.greet"] }, allow_responses: true } },
      { user: joe, password: joe, permissions: { pub: { allow: ["joe.>", "services.*"] }, sub: { allow: ["${inbox("joe")}"] } } },
      { user: pam, password: pam, permissions: { pub: { allow: ["pam.>", "services.*"] }, sub: { allow: ["${inbox("pam")}"] } } },
    ]
  }
}
`;
  beforeAll(async () => {
    // the example reloads one server with the second config; two servers show the same two states
    [open, strict] = await Promise.all([startServer({ config: users(() => "_INBOX.>") }), startServer({ config: users((u) => `_INBOX_${u}.>`) })]);
  });
  afterAll(async () => {
    await Promise.all([open?.stop(), strict?.stop()]);
  });

  test("pam reads joe's replies on _INBOX.>; with own prefixes each sees only its own, and other inboxes are refused", async () => {
    await same(async ({ connect }) => {
      const log: string[] = [];
      const as = (s: NatsServer, user: string, inboxPrefix?: string) => connect({ servers: s.url, user, pass: user, inboxPrefix });
      const greeter = async (s: NatsServer) => {
        const nc = await as(s, "greeter");
        let n = 0;
        nc.subscribe("services.greet", { callback: (_e, m) => m.respond(`Reply ${++n}`) });
        await nc.flush();
        return nc;
      };
      // the shared inbox
      const g1 = await greeter(open);
      const joe = await as(open, "joe");
      const pam = await as(open, "pam");
      log.push(`joe: ${(await joe.request("services.greet", "")).string()}`);
      log.push(`pam: ${(await pam.request("services.greet", "")).string()}`);
      const spy = pam.subscribe("_INBOX.>");
      await pam.flush();
      log.push(`joe: ${(await joe.request("services.greet", "")).string()}`);
      for await (const m of spy) {
        log.push(`pam's _INBOX.> subscription saw: ${m.string()}`);
        break;
      }
      await Promise.all([g1, joe, pam].map((c) => c.close()));

      // own inbox prefixes
      const g2 = await greeter(strict);
      const joe2 = await as(strict, "joe", "_INBOX_joe");
      const pam2 = await as(strict, "pam", "_INBOX_pam");
      const errors: string[] = [];
      void (async () => {
        for await (const s of pam2.status()) if (s.type === "error") errors.push(`pam status error: ${seen(s.error)}`);
      })();
      for (const subj of ["_INBOX.>", "_INBOX_joe.>"]) {
        const s = pam2.subscribe(subj);
        try {
          for await (const _m of s) log.push(`pam got a message on ${subj}`);
          log.push(`pam's ${subj} ended without an error`);
        } catch (err) {
          log.push(`pam's ${subj}: ${seen(err)}`);
        }
      }
      log.push(`joe: ${(await joe2.request("services.greet", "")).string()}`);
      log.push(`pam: ${(await pam2.request("services.greet", "")).string()}`);
      // joe without his prefix: the default inbox may not be subscribed to
      const joe3 = await as(strict, "joe");
      try {
        await joe3.request("services.greet", "", { timeout: 1000 });
        log.push("joe without a prefix got a reply");
      } catch (err) {
        log.push(`joe without a prefix: ${seen(err).replace(/_INBOX\.[A-Za-z0-9]+\.\*/g, "_INBOX.<id>.*")}`);
      }
      await until(() => errors.length >= 2, "pam's two permission errors");
      log.push(...errors);
      await Promise.all([g2, joe2, pam2, joe3].map((c) => c.close()));
      return log;
    });
  });
});

describe("nats-by-example auth/sys-account: server info needs the system account; who am I (context())", () => {
  let server: NatsServer;
  beforeAll(async () => {
    server = await startServer({
      config: `accounts: {
  $SYS: { users: [{ user: sys, password: pass }] }
  APP: { users: [{ user: app, password: app, permissions: { publish: { allow: ["app.>", "$SYS.REQ.>"] }, subscribe: { allow: ["_INBOX.>"] } } }] }
}
`,
      name: "by-example-sys",
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("`nats server info` as an app user (no responders) and as the system user; nc.context() of each", async () => {
    await same(async ({ connect, errors }) => {
      const log: string[] = [];
      for (const user of ["app", "sys"]) {
        const nc = await connect({ servers: server.url, user, pass: user === "sys" ? "pass" : "app" });
        try {
          const r = await nc.request("$SYS.REQ.SERVER.PING.VARZ", "", { timeout: 2000 });
          const varz = r.json<{ server: { name: string; ver: string }; data: { server_name: string; max_payload: number } }>();
          log.push(`${user}: server info of ${varz.server.name} ${varz.server.ver}, max_payload ${varz.data.max_payload}`);
        } catch (err) {
          log.push(`${user}: server info failed: ${err instanceof errors.RequestError && err.cause instanceof errors.NoRespondersError ? "no responders" : seen(err)}`);
        }
        // nats.js's NatsConnectionImpl.context(): $SYS.REQ.USER.INFO, its `time` as a Date
        try {
          const ctx = await (nc as unknown as { context(): Promise<{ server: Record<string, unknown>; data: Record<string, unknown> }> }).context();
          log.push(`${user}: context data ${JSON.stringify(ctx.data)}`);
          log.push(`${user}: context server ${JSON.stringify(Object.fromEntries(Object.entries(ctx.server).map(([k, v]) => [k, k === "name" || k === "version" || k === "jetstream" ? v : v instanceof Date ? "a Date" : typeof v])))}`);
        } catch (err) {
          log.push(`${user}: context() failed: ${seen(err)}`);
        }
        await nc.close();
      }
      return log;
    });
  });

  test("context() with an answer as a newer server gives it (a scripted responder on the plain server): `time` becomes a Date", async () => {
    // nats-server 2.10's answer to $SYS.REQ.USER.INFO (2.9.10 has no responder for it)
    const answer = JSON.stringify({
      server: { name: "NSCRIPTED", host: "0.0.0.0", id: "NSCRIPTED", ver: "2.10.0", jetstream: false, flags: 0, seq: 12, time: "2024-01-02T03:04:05.678Z" },
      data: { user: "app", account: "APP", permissions: { publish: { allow: ["app.>"] }, subscribe: { allow: ["_INBOX.>"] }, responses: { max: 1, ttl: 0 } } },
    });
    await same(async ({ connect }) => {
      const answering = await connect({ servers: srv.url });
      answering.subscribe("$SYS.REQ.USER.INFO", { max: 1, callback: (_e, m) => m.respond(answer) });
      await answering.flush();
      const nc = await connect({ servers: srv.url });
      const ctx = await (nc as unknown as { context(): Promise<{ server: { time: Date; name: string }; data: unknown } & Record<string, unknown>> }).context();
      const log = [
        `data ${JSON.stringify(ctx.data)}`,
        `server time is a Date ${ctx.server.time instanceof Date}, ${ctx.server.time.toISOString()}`,
        `server ${JSON.stringify(ctx.server)}`,
      ];
      await Promise.all([nc.close(), answering.close()]);
      return log;
    });
  });
});
