/**
 * What nats.js's own `core/tests/auth_test.ts` asserts on the public API (connect errors, authenticators
 * that throw or stop working, permission errors on subscriptions, publishes and requests), run side by side
 * on `@nats-io/transport-node` 3.4.0 and on this client against real nats-servers
 * (test/helpers/side-by-side.ts). The programs are ours; comments name the nats.js test of each case.
 * User/pass, token, nkey, creds and JWT logins are in drop-in-programs.int.test.ts.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { restartServer, startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import type { Status } from "@nats-stack/core";
import { outcome, same, seen, until } from "../helpers/side-by-side";

jest.setTimeout(60_000);

/** A status event as text: type, error and the permission it names (pings left out by the callers). */
function said(s: Status): string {
  if (s.type !== "error") return s.type;
  const e = s.error as Error & { operation?: string; subject?: string };
  return `error ${seen(e)}${e.operation ? ` [${e.operation} ${e.subject}]` : ""}`;
}

/** Collects `nc`'s status events (pings left out) as text. */
function watch(nc: { status(): AsyncIterable<Status> }): string[] {
  const out: string[] = [];
  void (async () => {
    for await (const s of nc.status()) if (s.type !== "ping") out.push(said(s));
  })();
  return out;
}

const derek = `authorization { users: [ { user: derek, password: foobar, permissions: { subscribe: "bar", publish: "foo" } } ] }\n`;

test("auth: no credentials, wrong ones, odd characters, an authenticator that throws", async () => {
  const [perm, odd] = await Promise.all([startServer({ config: derek }), startServer({ config: `authorization { user: admin, password: "§12§12§12" }\n` })]);
  try {
    await same(async ({ connect }) => {
      const log: unknown[] = [];
      const tryIt = async (opts: object) => outcome(async () => (await connect({ maxReconnectAttempts: 1, ...opts })).close());
      // "auth - none", "auth - bad", "auth - weird chars", "auth - un/pw", "auth - custom error"
      log.push(`none: ${await tryIt({ port: perm.port })}`);
      log.push(`bad: ${await tryIt({ port: perm.port, user: "me", pass: "hello" })}`);
      log.push(`un/pw: ${await tryIt({ port: perm.port, user: "derek", pass: "foobar" })}`);
      log.push(`weird chars: ${await tryIt({ port: odd.port, user: "admin", pass: "§12§12§12" })}`);
      log.push(
        `authenticator throws: ${await tryIt({
          port: perm.port,
          authenticator: () => {
            throw new Error("user code exploded");
          },
        })}`,
      );
      return log;
    });
  } finally {
    await Promise.all([perm.stop(), odd.stop()]);
  }
});

test("auth: permission errors on a callback, an iterator, a publish and requests; the connection stays", async () => {
  const ns = await startServer({
    config: `authorization { users: [
      { user: a, password: b, permissions: { publish: "r", subscribe: ["_INBOX.>", "ok.>"] } },
      { user: s, password: s, permissions: { subscribe: "q" } }
    ] }\n`,
  });
  try {
    await same(async ({ connect, Empty, createInbox }) => {
      const log: unknown[] = [];
      const nc = await connect({ port: ns.port, user: "a", pass: "b", reconnect: false });
      const sc = await connect({ port: ns.port, user: "s", pass: "s" });
      sc.subscribe("q", { callback: (err, m) => (err ? undefined : m.respond()) });
      await sc.flush();
      const events = watch(nc);
      // "auth - sub no permissions keeps connection"
      const cbErrs: string[] = [];
      const cb = nc.subscribe("bar", { callback: (err) => cbErrs.push(err ? seen(err) : "a message") });
      log.push(`callback sub closed: ${String(await cb.closed)}`.replace(/Error: .*/, "an Error"));
      log.push(`callback got: ${cbErrs.join(" | ")}, isClosed ${cb.isClosed()}`);
      // "auth - sub iterator no permissions keeps connection", "auth - perm sub iterator error"
      const it = nc.subscribe("bar2");
      const itErr = await (async () => {
        for await (const _m of it) return "a message";
        return "ended";
      })().catch((err: unknown) => {
        const e = err as { operation?: string; subject?: string };
        return `${seen(err)} [${e.operation} ${e.subject}]`;
      });
      log.push(`iterator: ${itErr}, isClosed ${it.isClosed()}`);
      // "auth - pub permissions keep connection"
      nc.publish("bar");
      // "auth - req permissions keep connection", "auth - perm request error", "... no mux"
      log.push(`request: ${await outcome(() => nc.request("q"))}`);
      log.push(`request noMux: ${await outcome(() => nc.request("q", Empty, { noMux: true, timeout: 1000 }))}`);
      // "auth - perm request error deliver to sub": an own reply subject with its own subscription
      const inbox = createInbox();
      const mine = nc.subscribe(inbox, { callback: () => {} });
      log.push(`request to an own reply: ${await outcome(() => nc.request("q", Empty, { noMux: true, reply: inbox, timeout: 1000 }))}`);
      log.push(`its subscription closed: ${mine.isClosed()}`);
      await nc.flush();
      await until(() => events.length >= 6, "six error statuses");
      log.push(...events.map((e) => `status: ${e}`));
      log.push(`connection closed: ${nc.isClosed()}, rtt ${typeof (await nc.rtt())}`);
      await Promise.all([nc.close(), sc.close()]);
      return log;
    });
  } finally {
    await ns.stop();
  }
});

test("auth: an inbox the user may not subscribe to fails requests; after a restart with the permission they work", async () => {
  const denied = `authorization { users: [ { user: a, password: b, permissions: { subscribe: "r" } }, { user: s, password: s, permissions: { subscribe: "q" } } ] }\n`;
  const allowed = `authorization { users: [ { user: a, password: b }, { user: s, password: s, permissions: { subscribe: "q" } } ] }\n`;
  await same(async ({ connect }) => {
    const log: unknown[] = [];
    let ns: NatsServer = await startServer({ config: denied });
    try {
      // "auth - mux sub ok"
      const nc = await connect({ port: ns.port, user: "a", pass: "b", maxReconnectAttempts: -1, reconnectTimeWait: 100 });
      const sc = await connect({ port: ns.port, user: "s", pass: "s", maxReconnectAttempts: -1, reconnectTimeWait: 100 });
      sc.subscribe("q", { callback: (_e, m) => m.respond("pong") });
      await sc.flush();
      const r = await nc.request("q", "", { timeout: 2000 }).then(
        () => "answered",
        (err: unknown) => {
          const e = ((err as Error).cause ?? err) as { operation?: string };
          return `${seen(err)} [${e.operation}]`.replace(/_INBOX\.[A-Za-z0-9]+\.\*/g, "<mux inbox>");
        },
      );
      log.push(`request: ${r}`);
      const ev = [watch(nc), watch(sc)];
      await ns.stop();
      await Promise.all(ev.map((e) => until(() => e.includes("disconnect"), "the disconnect")));
      ns = await startServer({ port: ns.port, config: allowed });
      await Promise.all(ev.map((e) => until(() => e.includes("reconnect"), "the reconnect")));
      await Promise.all([nc.flush(), sc.flush()]);
      log.push(`after the restart: ${(await nc.request("q", "", { timeout: 2000 })).string()}`);
      await Promise.all([nc.close(), sc.close()]);
      return log;
    } finally {
      await ns.stop();
    }
  });
});

test("auth: an authenticator that stops working is reported on each attempt and closes the connection", async () => {
  let ns = await startServer({ config: derek });
  try {
    await same(async ({ connect }) => {
      const log: unknown[] = [];
      // "auth - bad auth is notified"
      let count = 0;
      const authenticator = () => ({ user: "derek", pass: count++ === 0 ? "foobar" : "bad" });
      const nc = await connect({ port: ns.port, authenticator, reconnectTimeWait: 100 });
      const events = watch(nc);
      await ns.stop();
      ns = await restartServer(ns);
      log.push(`closed: ${seen(await nc.closed())}`);
      await until(() => events.includes("close"), "the close status");
      // (nats.js also reports an `update` and a `disconnect` for each refused handshake: kept-on-purpose test 5)
      log.push(`statuses: ${events.filter((e) => e !== "update" && e !== "reconnecting").join(" | ")}`.replace(/^(statuses: disconnect \| )(.*)/, (_m, a: string, b: string) => a + b.replaceAll("disconnect | ", "")));
      log.push(`authorization errors reported: ${events.filter((e) => e.includes("AuthorizationError")).length}`);
      return log;
    });
  } finally {
    await ns.stop();
  }
});

test("auth: noMux requests whose subject, own reply subject or inbox the user may not use", async () => {
  const ns = await startServer({
    config: `authorization { users: [
      { user: s, password: s, permissions: { publish: "q", subscribe: "response", allow_responses: true } },
      { user: a, password: a }
    ] }\n`,
  });
  try {
    await same(async ({ connect, Empty }) => {
      const log: unknown[] = [];
      const nc = await connect({ port: ns.port, user: "s", pass: "s" });
      // "basics - no mux request no perms doesn't leak subs", "mreq - no mux request no perms doesn't leak subs"
      log.push(`publish denied: ${await outcome(() => nc.request("qq", Empty, { noMux: true, reply: "response", timeout: 1000 }))}`);
      log.push(`subscribe denied: ${await outcome(() => nc.request("q", Empty, { noMux: true, reply: "r", timeout: 1000 }))}`);
      const many = await outcome(async () => {
        for await (const _m of await nc.requestMany("qq", Empty, { noMux: true, maxWait: 1000 })) return "a message";
        return "ended";
      });
      log.push(`requestMany, inbox not allowed: ${many.replace(/_INBOX\.[A-Za-z0-9]+/, "_INBOX.<nuid>")}`);
      log.push(`still connected: ${!nc.isClosed()}`);
      await nc.close();
      return log;
    });
  } finally {
    await ns.stop();
  }
});

test("auth: ignoreAuthErrorAbort keeps trying after the same authorization error twice", async () => {
  const ns = await startServer({ config: `authorization { users: [ { user: a, password: a } ] }\n` });
  try {
    await same(async ({ connect }) => {
      const log: unknown[] = [];
      // "auth - ignore auth error abort": the password changes, a forced reconnect is refused from then on
      for (const ignoreAuthErrorAbort of [false, true]) {
        let pass = "a";
        const nc = await connect({ port: ns.port, authenticator: () => ({ user: "a", pass }), ignoreAuthErrorAbort, reconnectTimeWait: 50 });
        const events = watch(nc);
        pass = "b";
        await nc.reconnect();
        log.push(`ignoreAuthErrorAbort ${ignoreAuthErrorAbort}: closed ${seen(await nc.closed())}`);
        await until(() => events.includes("close"), "the close status");
        log.push(`authorization errors: ${events.filter((e) => e.includes("AuthorizationError")).length}`);
      }
      return log;
    });
  } finally {
    await ns.stop();
  }
});

test("auth: a requestMany whose inbox permission is taken away by a server reload ends with the violation", async () => {
  const open = `authorization { users: [ { user: a, password: a } ] }\n`;
  const closed = `authorization { users: [ { user: a, password: a, permissions: { subscribe: { deny: "_INBOX.>" } } } ] }\n`;
  await same(async ({ connect, Empty }) => {
    const log: unknown[] = [];
    const ns = await startServer({ config: open });
    try {
      const nc = await connect({ port: ns.port, user: "a", pass: "a" });
      const events = watch(nc);
      // "mreq - lost sub permission": the responder answers once, then the server's permissions change
      let reloaded = false;
      nc.subscribe("q", {
        callback: (_e, m) => {
          m.respond();
          if (!reloaded) {
            reloaded = true;
            writeFileSync(join(ns.dir, "server.conf"), closed);
            ns.control("reload");
          }
        },
      });
      const it = await nc.requestMany("q", Empty, { strategy: "count", maxMessages: 100, stall: 5000, maxWait: 5000, noMux: true });
      const got = await outcome(async () => {
        let n = 0;
        for await (const _m of it) n++;
        return `ended after ${n}`;
      }, 10_000);
      log.push(`requestMany: ${got.replace(/_INBOX\.[A-Za-z0-9]+/, "_INBOX.<nuid>")}`);
      await until(() => events.some((e) => e.includes("Subscription to")), "the violation status");
      log.push(`status: ${events.find((e) => e.includes("Subscription to"))?.replace(/_INBOX\.[A-Za-z0-9]+/g, "_INBOX.<nuid>")}`);
      await nc.close();
      return log;
    } finally {
      await ns.stop();
    }
  });
});

test("auth: a server whose users changed refuses every reconnect until maxReconnectAttempts runs out", async () => {
  const before = `authorization { users: [ { user: a, password: a } ] }\n`;
  const after = `authorization { users: [ { user: b, password: b } ] }\n`;
  await same(async ({ connect }) => {
    const log: unknown[] = [];
    for (const [maxReconnectAttempts, ignoreAuthErrorAbort] of [[1, false], [3, true], [3, false]] as const) {
      // The users change by a reload (a restart would let the first attempt meet a closed port): the server
      // drops the connection and, being up all along, refuses every reconnect's handshake with -ERR.
      const ns = await startServer({ config: before });
      try {
        const nc = await connect({ port: ns.port, user: "a", pass: "a", reconnectTimeWait: 50, maxReconnectAttempts, ignoreAuthErrorAbort });
        const events = watch(nc);
        writeFileSync(join(ns.dir, "server.conf"), after);
        ns.control("reload");
        const closedWith = await nc.closed();
        await until(() => events.includes("close"), "the close status");
        log.push(`max ${maxReconnectAttempts} ignoreAuthErrorAbort ${ignoreAuthErrorAbort}: closed ${seen(closedWith)}`);
        // (nats.js also reports a `disconnect` for each refused handshake: kept-on-purpose test 5)
        const statuses = events.filter((e) => e !== "update");
        log.push(`  first ${statuses[0]}, then: ${statuses.slice(1).filter((e) => e !== "disconnect").join(" | ")}`);
      } finally {
        await ns.stop();
      }
    }
    return log;
  });
});
