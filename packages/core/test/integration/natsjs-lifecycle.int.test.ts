/**
 * What nats.js's own `core/tests/drain_test.ts`, `dispose_test.ts`, `events_test.ts`, `disconnect_test.ts`,
 * `doublesubs_test.ts` and `token_test.ts` assert on the public API, run side by side on
 * `@nats-io/transport-node` 3.4.0 and on this client against real nats-servers
 * (test/helpers/side-by-side.ts). The programs are ours; comments name the nats.js test of each case.
 */
import { createServer } from "node:net";
import { freePort, restartServer, startServer } from "@nats-stack/fixtures/nats-server";
import { serverPerFile } from "@nats-stack/fixtures/server-per-file";
import { outcome, prefix, same, seen, until } from "../helpers/side-by-side";

jest.setTimeout(60_000);

const srv = serverPerFile();

test("drain: the connection's drain and what it refuses meanwhile and after", async () => {
  await same(async ({ connect }) => {
    const log: unknown[] = [];
    const p = prefix("drain");
    // "drain - connection drains when no subs", "drain - connection is closed after drain"
    const empty = await connect({ servers: srv.url });
    log.push(`drain without subs: ${await outcome(() => empty.drain())}, closed ${empty.isClosed()}`);
    // "drain - publish after drain fails", "drain - reject drain on closed"
    log.push(`publish after: ${await outcome(() => empty.publish(p))}`);
    log.push(`drain after: ${await outcome(() => empty.drain())}`);
    // "drain - reject drain on draining", "drain - reject subscribe on draining", "drain - reject reqrep during connection drain"
    const nc = await connect({ servers: srv.url });
    nc.subscribe(`${p}.svc`, { callback: (_e, m) => m.respond("ok") });
    await nc.flush();
    const done = nc.drain();
    log.push(`draining: ${nc.isDraining()}, closed ${nc.isClosed()}`);
    log.push(`drain again: ${await outcome(() => nc.drain())}`);
    log.push(`subscribe: ${await outcome(() => nc.subscribe(`${p}.x`))}`);
    log.push(`request: ${await outcome(() => nc.request(`${p}.svc`))}`);
    log.push(`requestMany: ${await outcome(() => nc.requestMany(`${p}.svc`))}`);
    log.push(`publish: ${await outcome(() => nc.publish(`${p}.x`))}`);
    log.push(`flush: ${await outcome(() => nc.flush())}`);
    // (not close(): nats.js's drain then sometimes never settles)
    log.push(`drain resolves ${String(await done)}, closed() ${String(await nc.closed())}, draining ${nc.isDraining()}`);
    return log;
  });
});

test("drain: a subscription's drain, twice, once closed, on a closed connection; queue groups drained", async () => {
  await same(async ({ connect }) => {
    const log: unknown[] = [];
    const p = prefix("subdrain");
    const nc = await connect({ servers: srv.url });
    // "drain - multiple sub drain returns same promise"
    const sub = nc.subscribe(`${p}.a`);
    const p1 = sub.drain();
    const p2 = sub.drain();
    log.push(`same promise: ${p1 === p2}`);
    nc.publish(`${p}.a`);
    await nc.flush();
    const loop = (async () => {
      for await (const _m of sub) log.push("iterated a message");
    })();
    log.push(`drained: ${String(await p1)}, closed ${sub.isClosed()}, draining ${sub.isDraining()}`);
    await loop;
    // "drain - reject subscription drain on closed sub callback", "... on closed sub iter"
    const cb = nc.subscribe(`${p}.b`, { callback: () => {} });
    cb.unsubscribe();
    log.push(`drain of an unsubscribed callback sub: ${await outcome(() => cb.drain())}`);
    const it = nc.subscribe(`${p}.c`);
    it.unsubscribe();
    for await (const _m of it) log.push("unexpected");
    log.push(`drain of an unsubscribed iterator: ${await outcome(() => it.drain())}`);
    // "drain - subscription drain": two members of a queue group, one drains itself on its first message
    let c1 = 0;
    let c2 = 0;
    let drained: Promise<void> | undefined;
    const s1 = nc.subscribe(`${p}.q`, {
      queue: "q1",
      callback: () => {
        c1++;
        if (!s1.isDraining()) drained = s1.drain();
      },
    });
    nc.subscribe(`${p}.q`, { queue: "q1", callback: () => c2++ });
    for (let i = 0; i < 2000; i++) nc.publish(`${p}.q`);
    await nc.flush();
    await until(() => drained !== undefined, "the drain");
    await drained;
    await until(() => c1 + c2 === 2000, "all messages");
    log.push(`queue drain: total ${c1 + c2}, both got some ${c1 >= 1 && c2 >= 1}, s1 closed ${s1.isClosed()}`);
    // "drain - reject subscription drain on closed"
    const last = nc.subscribe(`${p}.d`);
    await nc.close();
    log.push(`drain after the connection closed: ${await outcome(() => last.drain())}`);
    // "drain - publisher drain": what a draining publisher wrote arrives
    const sink = await connect({ servers: srv.url });
    let got = 0;
    sink.subscribe(`${p}.e`, { callback: () => got++ });
    await sink.flush();
    const pub = await connect({ servers: srv.url });
    for (let i = 0; i < 10; i++) pub.publish(`${p}.e`);
    await pub.drain();
    await until(() => got === 10, "ten messages");
    log.push(`publisher drain delivered ${got}`);
    await sink.close();
    return log;
  });
});

test("dispose: Symbol.asyncDispose of connections and subscriptions", async () => {
  await same(async ({ connect }) => {
    const log: unknown[] = [];
    const p = prefix("dispose");
    // "dispose - connection await using calls drain"
    const a = await connect({ servers: srv.url });
    const disposed = a[Symbol.asyncDispose]();
    log.push(`dispose returns a promise: ${typeof disposed.then}, draining ${a.isDraining()}`);
    log.push(`dispose: ${String(await disposed)}, closed ${a.isClosed()}, closed() ${String(await a.closed())}`);
    // "dispose - connection async dispose is idempotent when closed"
    log.push(`again: ${await outcome(() => a[Symbol.asyncDispose]())}`);
    // "dispose - connection async dispose awaits in-flight drain"
    const b = await connect({ servers: srv.url });
    const draining = b.drain();
    log.push(`during a drain: ${await outcome(() => b[Symbol.asyncDispose]())}, closed ${b.isClosed()}, drain ${String(await draining)}`);

    const nc = await connect({ servers: srv.url });
    // "dispose - subscription await using drains"
    let count = 0;
    const cb = nc.subscribe(`${p}.cb`, { callback: () => count++ });
    nc.publish(`${p}.cb`);
    nc.publish(`${p}.cb`);
    await nc.flush();
    await cb[Symbol.asyncDispose]();
    log.push(`callback sub: closed ${cb.isClosed()}, closed ${String(await cb.closed)}, count ${count}`);
    // "dispose - iterator subscription await using drains"
    const two = nc.subscribe(`${p}.two`, { max: 2 });
    const seenTwo: string[] = [];
    const loop = (async () => {
      for await (const m of two) seenTwo.push(m.string());
    })();
    nc.publish(`${p}.two`, "1");
    nc.publish(`${p}.two`, "2");
    await loop;
    log.push(`iterator with max: ${await outcome(() => two[Symbol.asyncDispose]())}, got ${seenTwo.join(",")}, closed ${String(await two.closed)}`);
    // "dispose - iterator subscription closed promise resolves on dispose"
    const open = nc.subscribe(`${p}.open`);
    const openLoop = (async () => {
      for await (const _m of open) log.push("unexpected");
      return "loop ended";
    })();
    log.push(`iterator being read: ${await outcome(() => open[Symbol.asyncDispose]())}, ${await openLoop}, closed ${open.isClosed()}, ${String(await open.closed)}`);
    // "dispose - subscription async dispose is idempotent when closed", "... awaits in-flight drain"
    const d1 = nc.subscribe(`${p}.d1`, { callback: () => {} });
    await d1.drain();
    log.push(`after drain: ${await outcome(() => d1[Symbol.asyncDispose]())}`);
    const d2 = nc.subscribe(`${p}.d2`, { callback: () => {} });
    const d2drain = d2.drain();
    log.push(`during drain: ${await outcome(() => d2[Symbol.asyncDispose]())}, ${String(await d2drain)}, closed ${d2.isClosed()}`);
    // "dispose - subscription async dispose when connection closed"
    const d3 = nc.subscribe(`${p}.d3`);
    await nc.close();
    log.push(`connection closed: ${await outcome(() => d3[Symbol.asyncDispose]())}`);
    return log;
  });
});

test("events: close, a lost server without reconnect, reconnect() and the status order", async () => {
  await same(async ({ connect }) => {
    const log: unknown[] = [];
    // "events - close on close"
    const a = await connect({ servers: srv.url });
    void a.close();
    log.push(`closed() after close(): ${String(await a.closed())}`);
    // "events - disconnect and close", "disconnect - close handler is called on close"
    const lone = await startServer();
    const b = await connect({ servers: lone.url, reconnect: false });
    const events: string[] = [];
    const statusDone = (async () => {
      for await (const s of b.status()) if (s.type !== "ping") events.push(s.type);
      return "status loop ended";
    })();
    await lone.stop();
    log.push(`closed() when the server went away: ${String(await b.closed())}`);
    log.push(`${await statusDone}: ${events.join(",")}`);
    // "events - clean up": reconnect(), then close ends the status loop
    const c = await connect({ servers: srv.url, reconnectTimeWait: 50 });
    const cEvents: string[] = [];
    const cDone = (async () => {
      for await (const s of c.status()) if (s.type !== "ping") cEvents.push(s.type);
      return "status loop ended";
    })();
    log.push(`reconnect(): ${await outcome(() => c.reconnect())}`);
    await until(() => cEvents.includes("reconnect"), "the reconnect");
    log.push(`rtt after reconnect(): ${typeof (await c.rtt())}`);
    await c.close();
    log.push(`${await cDone}: ${cEvents.join(",")}`);
    return log;
  });
});

test("doublesubs: subscriptions made while disconnected reach the server once each", async () => {
  const mport = await freePort();
  let mon = await startServer({ args: ["-m", String(mport)] });
  try {
    await same(async ({ connect }) => {
      const log: unknown[] = [];
      const p = prefix("dbl");
      const nc = await connect({ servers: mon.url, reconnectTimeWait: 100, maxReconnectAttempts: -1 });
      const events: string[] = [];
      void (async () => {
        for await (const s of nc.status()) events.push(s.type);
      })();
      await nc.flush();
      await mon.stop();
      await until(() => events.includes("disconnect"), "the disconnect");
      // "doublesubs - standard"
      for (const t of ["foo", "bar", "baz"]) nc.subscribe(`${p}.${t}`, { callback: () => {} });
      mon = await restartServer(mon);
      await until(() => events.includes("reconnect"), "the reconnect");
      await nc.flush();
      const connz = (await (await fetch(`http://127.0.0.1:${mport}/connz?subs=detail`)).json()) as {
        connections: { cid: number; subscriptions_list_detail?: { subject: string }[] }[];
      };
      const mine = connz.connections.find((c) => c.cid === nc.info?.client_id);
      const subs = (mine?.subscriptions_list_detail ?? []).map((s) => s.subject.replace(p, "<p>")).sort();
      log.push(`the server's subscriptions: ${subs.join(",")}`);
      await nc.close();
      return log;
    });
  } finally {
    await mon.stop();
  }
});

test("token: missing, wrong and right", async () => {
  const tok = await startServer({ config: `authorization { token: "tokenxxxx" }\n` });
  try {
    await same(async ({ connect }) => {
      const log: unknown[] = [];
      // "token - empty", "token - bad", "token - ok"
      for (const opts of [{ reconnect: false }, { token: "bad" }, { token: "tokenxxxx" }]) {
        log.push(`${JSON.stringify(opts)}: ${await outcome(async () => (await connect({ port: tok.port, ...opts })).close())}`);
      }
      return log;
    });
  } finally {
    await tok.stop();
  }
});

/**
 * A scripted server: INFO on every connection, PONG to PINGs; `mode` "hangup" closes each connection right
 * after its INFO, "err" answers the first PING of each connection with nats-server's -ERR for an unknown
 * operation and closes it (what nats.js's tests provoke by writing garbage through its internals).
 */
async function scripted(mode: "hangup" | "err"): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  const sockets: import("node:net").Socket[] = [];
  const server = createServer((sock) => {
    sockets.push(sock);
    sock.on("error", () => {});
    sock.write(`INFO {"server_id":"SCRIPTED","version":"2.9.10","proto":1,"headers":true,"max_payload":1048576}\r\n`);
    if (mode === "hangup") {
      setImmediate(() => sock.destroy());
      return;
    }
    let pings = 0;
    sock.on("data", (d) => {
      for (const _ of d.toString("latin1").matchAll(/PING\r\n/g)) {
        if (++pings === 2) {
          sock.end("-ERR 'Unknown Protocol Operation'\r\n");
          return;
        }
        sock.write("PONG\r\n");
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    port: (server.address() as { port: number }).port,
    connections: () => sockets.length,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

test("basics: a server that hangs up after INFO; a server's -ERR closes or reconnects the client", async () => {
  const hangup = await scripted("hangup");
  const err = await scripted("err");
  try {
    const hangupErr: Record<string, unknown> = {};
    await same(async ({ connect }, name) => {
      const log: unknown[] = [];
      // "basics - initial connect error": nats.js rejects with the socket's own error (EPIPE or ECONNRESET,
      // from node's realm, so not `instanceof Error` in jest) or a ConnectionError, whichever comes first
      // (nats.js's test accepts either); ours always with a ConnectionError
      hangupErr[name] = await connect({ port: hangup.port, reconnect: false }).then(
        () => undefined,
        (e: unknown) => e,
      );
      log.push(`hangup: connect rejects ${hangupErr[name] !== undefined}`);
      // "basics - closed returns error": the -ERR with reconnect off is what closed() resolves with
      const a = await connect({ port: err.port, reconnect: false });
      const aEvents: string[] = [];
      void (async () => {
        for await (const s of a.status()) if (s.type !== "ping") aEvents.push(s.type === "error" ? `error ${seen(s.error)}` : s.type);
      })();
      void a.flush().catch(() => {}); // the second PING: the server answers with its -ERR
      log.push(`closed: ${seen(await a.closed())}`);
      await until(() => aEvents.includes("close"), "the close status");
      log.push(`statuses: ${aEvents.join(" | ")}`);
      // "reconnect - protocol errors don't close client": with reconnect on, the client comes back
      const b = await connect({ port: err.port, reconnectTimeWait: 50, maxReconnectAttempts: -1 });
      const bEvents: string[] = [];
      void (async () => {
        for await (const s of b.status()) if (s.type !== "ping") bEvents.push(s.type);
      })();
      void b.flush().catch(() => {});
      await until(() => bEvents.includes("reconnect"), "the reconnect");
      log.push(`still open after the -ERR: ${!b.isClosed()}`);
      await b.close();
      log.push(`closed by the program: ${String(await b.closed())}`);
      return log;
    });
    expect(seen(hangupErr.ours)).toBe("ConnectionError/ConnectionError: connection closed");
  } finally {
    await Promise.all([hangup.close(), err.close()]);
  }
});
