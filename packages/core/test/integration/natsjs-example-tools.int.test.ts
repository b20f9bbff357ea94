/**
 * The drop-in proven by nats.js's command-line example programs (`examples/nats-pub.ts`, `nats-sub.ts`,
 * `nats-req.ts`, `nats-rep.ts`, `nats-events.ts` of github.com/nats-io/nats.deno, the programs nats.js's
 * README sends a new user to). Each is written here anew as a nats.js v3 user would write it (no
 * `StringCodec`, `status()` instead of v2's event listeners, flags as function arguments), run once with
 * `@nats-io/transport-node` 3.4.0 and once with `@nats-stack/core` on a real nats-server; what the programs
 * print, and the values, error classes and event order they see, must be the same.
 */
import { restartServer, startServer } from "@nats-stack/fixtures/nats-server";
import { serverPerFile } from "@nats-stack/fixtures/server-per-file";
import { prefix, same, seen, until, type Client } from "../helpers/side-by-side";

jest.setTimeout(60_000);

const srv = serverPerFile();

/** nats-pub: connect, publish one message, flush, close; what it prints and counts. */
async function natsPub(c: Client, subject: string, payload = "", log: string[]): Promise<void> {
  const nc = await c.connect({ servers: srv.url, name: "nats-pub" });
  nc.publish(subject, payload);
  await nc.flush();
  log.push(`pub: published ${JSON.stringify(payload)} to ${subject.split(".").pop()}, outMsgs ${nc.stats().outMsgs}, outBytes ${nc.stats().outBytes}`);
  await nc.close();
}

test("nats.deno examples/nats-sub.ts and nats-pub.ts: a `>` subscriber printing what nats-pub sends (also empty and UTF-8 payloads)", async () => {
  await same(async (c) => {
    const log: string[] = [];
    const p = prefix("tools");
    const nc = await c.connect({ servers: srv.url, maxReconnectAttempts: 10, reconnectTimeWait: 5 });
    log.push(`sub: connected ${nc.getServer() === srv.hostport}`);
    log.push(`sub: subscribing to ${p.length > 0 ? "<p>" : ""}.>`);
    const sub = nc.subscribe(`${p}.>`, {
      callback: (err, msg) => {
        if (err) {
          log.push(`sub: error ${seen(err)}`);
          return;
        }
        // the program prints the Uint8Array itself: its bytes, joined by commas
        log.push(`sub: [${sub.getReceived()}]: ${msg.subject.slice(p.length + 1)}: ${msg.data}`);
        log.push(`sub: as text ${JSON.stringify(msg.string())}, length ${msg.data.length}, reply ${String(msg.reply)}, headers ${String(msg.headers)}`);
      },
    });
    await nc.flush();
    // two programs, two connections: which prints first is a race, so each keeps its own lines
    const pubLog: string[] = [];
    await natsPub(c, `${p}.hello`, "hi", pubLog);
    await natsPub(c, `${p}.empty`, undefined, pubLog);
    await natsPub(c, `${p}.weather.north`, "Temperature: 11°C", pubLog);
    await until(() => sub.getReceived() === 3, "three messages");
    log.push(`sub: received ${sub.getReceived()}, processed ${sub.getProcessed()}, pending ${sub.getPending()}`);
    await nc.close();
    return [...log, ...pubLog];
  });
});

/** nats-rep: a replier with the program's flags. Resolves once its subscription ends. */
function natsRep(nc: Awaited<ReturnType<Client["connect"]>>, c: Client, subject: string, flags: { queue?: string; echo?: boolean; headers?: boolean; payload?: string }, log: string[]): Promise<void> {
  const payload = new TextEncoder().encode(flags.payload ?? "");
  const hdrs = flags.headers ? c.headers() : undefined;
  const sub = nc.subscribe(subject, { queue: flags.queue ?? "" });
  log.push(`rep: ${flags.queue ? "queue " : ""}listening to ${subject.split(".").pop()}`);
  return (async () => {
    for await (const m of sub) {
      if (hdrs) {
        hdrs.set("sequence", sub.getProcessed().toString());
        hdrs.set("time", "0");
      }
      if (m.respond(flags.echo ? m.data : payload, { headers: hdrs })) {
        log.push(`rep: [${sub.getProcessed()}]: ${m.reply?.startsWith("_INBOX.") ? "<inbox>" : m.reply}: ${m.data}`);
      } else {
        log.push(`rep: [${sub.getProcessed()}]: ignored - no reply subject`);
      }
    }
    log.push("rep: subscription ended");
  })();
}

/** nats-req: `count` requests with a timeout; prints each reply (and its headers when asked) or the failure. */
async function natsReq(c: Client, subject: string, payload: string, opts: { count: number; timeout: number; headers?: boolean }, log: string[]): Promise<void> {
  const nc = await c.connect({ servers: srv.url });
  const closed = nc.closed().then((err) => {
    if (err) log.push(`req: closed with an error: ${err.message}`);
  });
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  for (let i = 1; i <= opts.count; i++) {
    await nc
      .request(subject, enc.encode(payload), { timeout: opts.timeout })
      .then((m) => {
        log.push(`req: [${i}]: ${dec.decode(m.data)}`);
        if (opts.headers && m.headers) {
          const h: string[] = [];
          // MsgHdrs is iterable: [key, values[]] pairs
          for (const [key, value] of m.headers) h.push(`${key}=${value}`);
          log.push(`req: \t${h.join(";")}`);
        }
      })
      .catch((err: Error) => log.push(`req: [${i}]: request failed: ${err.message.replaceAll(subject, "<subject>")}`));
  }
  await nc.flush();
  await nc.close();
  await closed;
}

test("nats.deno examples/nats-rep.ts and nats-req.ts: replies with a fixed payload, an echo with headers, a queue group; a publish is ignored", async () => {
  await same(async (c) => {
    const log: string[] = [];
    const p = prefix("reqrep");
    const nc = await c.connect({ servers: srv.url });
    const closed = nc.closed().then((err) => log.push(`rep: closed${err ? ` with an error: ${err.message}` : ""}`));
    const fixed = natsRep(nc, c, `${p}.fixed`, { payload: "pong" }, log);
    const echo = natsRep(nc, c, `${p}.echo`, { echo: true, headers: true }, log);
    const queued = natsRep(nc, c, `${p}.queued`, { queue: "q", payload: "from the queue" }, log);
    await nc.flush();
    await natsReq(c, `${p}.fixed`, "ping", { count: 2, timeout: 1000 }, log);
    await natsReq(c, `${p}.echo`, "say this back", { count: 2, timeout: 1000, headers: true }, log);
    await natsReq(c, `${p}.queued`, "", { count: 1, timeout: 1000, headers: true }, log);
    // a plain publish has no reply subject
    const pub = await c.connect({ servers: srv.url });
    pub.publish(`${p}.fixed`, "no reply wanted");
    await pub.flush();
    await pub.close();
    await until(() => log.some((l) => l.includes("ignored")), "the ignored publish");
    await nc.drain();
    await Promise.all([fixed, echo, queued, closed]);
    return log;
  });
});

test("nats.deno examples/nats-req.ts: no replier (no responders), a replier that never answers (timeout), a queue subject", async () => {
  await same(async (c) => {
    const log: string[] = [];
    const p = prefix("req");
    const nc = await c.connect({ servers: srv.url });
    const silent = nc.subscribe(`${p}.silent`, { callback: () => log.push("silent: got a request, answers nothing") });
    await nc.flush();
    await natsReq(c, `${p}.nobody`, "x", { count: 2, timeout: 1000 }, log);
    await natsReq(c, `${p}.silent`, "x", { count: 1, timeout: 150 }, log);
    silent.unsubscribe();
    await nc.close();
    return log;
  });
});

test("nats.deno examples/nats-events.ts: every status through a server restart, then the server gone for good", async () => {
  let server = await startServer();
  try {
    await same(async (c) => {
      const log: string[] = [];
      const nc = await c.connect({ servers: server.url, maxReconnectAttempts: 3, reconnectTimeWait: 50, reconnectJitter: 0, pingInterval: 60_000 });
      log.push(`connected ${nc.getServer() === server.hostport}`);
      const types: string[] = [];
      const loop = (async () => {
        for await (const s of nc.status()) {
          // one `reconnecting` per attempt: how many depends on timing
          if (s.type === "reconnecting" && types.at(-1) === "reconnecting") continue;
          types.push(s.type);
          // the example prints JSON of each status; the server's port changes between runs
          log.push(`${s.type}: ${JSON.stringify(s).replaceAll(String(server.port), "<port>")}`);
        }
        log.push("status loop ended");
      })();
      const closed = nc.closed().then((err) => log.push(err ? `closed with an error: ${seen(err)}` : "closed without an error"));
      await server.stop();
      await until(() => types.includes("disconnect"), "disconnect");
      server = await restartServer(server);
      await until(() => types.includes("reconnect"), "reconnect", 20_000);
      await server.stop();
      await closed;
      await loop;
      log.push(`isClosed ${nc.isClosed()}`);
      server = await restartServer(server);
      return log;
    });
  } finally {
    await server.stop();
  }
});

test("nats.deno examples/bench.ts: --pub --sub, then --req (--async and one at a time) on a Nuid subject, drained; what it prints but the times", async () => {
  await same(async ({ connect, Empty, Nuid }) => {
    const log: string[] = [];
    const count = 2000;
    const subj = `${prefix("bench")}.${new Nuid().next().length}`;
    const payload = new Uint8Array(64);
    // --pub --sub
    const nc = await connect({ servers: srv.url });
    const closed = nc.closed().then((err) => err && log.push(`bench closed with an error: ${err.message}`));
    const sub = nc.subscribe(subj, { max: count });
    let got = 0;
    const subDone = (async () => {
      for await (const _m of sub) got++;
      log.push("sub done");
    })();
    let i = 0;
    for (; i < count; i++) nc.publish(subj, payload);
    await nc.drain();
    await Promise.all([subDone, closed]);
    log.push(`pub+sub: published ${i}, received ${got}, stats in ${nc.stats().inMsgs} out ${nc.stats().outMsgs}`);
    // --req --async, then --req one at a time (Empty payload)
    for (const mode of ["async", "sync"]) {
      const rc = await connect({ servers: srv.url });
      const n = mode === "async" ? 500 : 50;
      const rs = rc.subscribe(`${subj}.req`, { max: n });
      void (async () => {
        for await (const m of rs) m.respond(payload);
      })();
      const replies: number[] = [];
      if (mode === "async") {
        const a = [];
        for (let k = 0; k < n; k++) a.push(rc.request(`${subj}.req`, payload, { timeout: 20_000 }));
        for (const r of await Promise.all(a)) replies.push(r.data.length);
      } else {
        for (let k = 0; k < n; k++) replies.push((await rc.request(`${subj}.req`, Empty)).data.length);
      }
      await rc.drain();
      log.push(`req ${mode}: ${replies.length} replies of ${[...new Set(replies)].join(",")} bytes, responder processed ${rs.getProcessed()}, closed ${rs.isClosed()}`);
    }
    return log;
  });
});
