/**
 * The drop-in proven by nats.js's own example programs: `core/examples/snippets/*.ts` and the documentation
 * examples `examples/docs/*` of github.com/nats-io/nats.js (the code of docs.nats.io's JavaScript tabs).
 * Each is written here anew against a client module (the examples dial demo.nats.io; these programs dial
 * the test's nats-server and use a subject prefix of their own), run once with `@nats-io/transport-node`
 * 3.4.0 and once with `@nats-stack/core`; what they print and the values, error classes and event order
 * they see must be the same. (Snippets already ported from nats.js's README are in drop-in-programs.)
 */
import { refusedUrl } from "@nats-stack/fixtures/nats-server";
import { serverPerFile } from "@nats-stack/fixtures/server-per-file";
import { prefix, same, seen, until } from "../helpers/side-by-side";

jest.setTimeout(60_000);

const srv = serverPerFile();

test("core/examples/snippets/basics.ts: the loop's last line is printed before drain() resolves, and the status loop ends first too", async () => {
  await same(async ({ connect }) => {
    const log: string[] = [];
    const nc = await connect({ servers: srv.url });
    const subj = prefix("hello");
    const sub = nc.subscribe(subj);
    const loop = (async () => {
      for await (const m of sub) log.push(`[${sub.getProcessed()}]: ${m.string()}`);
      log.push("subscription closed");
    })();
    const events = (async () => {
      const seenTypes: string[] = [];
      for await (const s of nc.status()) seenTypes.push(s.type);
      log.push(`status loop ended after ${seenTypes.join(",")}`);
    })();
    nc.publish(subj, "world");
    nc.publish(subj, "again");
    await nc.drain();
    log.push(`drain resolved, sub closed ${sub.isClosed()}, isClosed ${nc.isClosed()}`);
    await Promise.all([loop, events]);
    // the same with close(): what a program prints after `await nc.close()` comes last
    const nc2 = await connect({ servers: srv.url });
    const sub2 = nc2.subscribe(subj);
    const loop2 = (async () => {
      for await (const m of sub2) log.push(`second: ${m.string()}`);
      log.push("second subscription closed");
    })();
    const events2 = (async () => {
      for await (const _s of nc2.status());
      log.push("second status loop ended");
    })();
    nc2.publish(subj, "once");
    await nc2.flush();
    const closed = nc2.closed().then(() => log.push("closed() resolved"));
    await nc2.close();
    log.push("close() resolved");
    await Promise.all([loop2, events2, closed]);
    return log;
  });
});

test("core/examples/snippets/autounsub.ts: max 3 and a manual unsubscribe after flush; ids, max and subject as printed", async () => {
  await same(async ({ connect }) => {
    const log: string[] = [];
    const nc = await connect({ servers: srv.url });
    const subj = prefix("auto");
    const handler = async (s: ReturnType<typeof nc.subscribe>) => {
      const id = s.getID();
      const max = s.getMax();
      log.push(`sub [${id}] listening to ${s.getSubject() === subj ? "<subj>" : s.getSubject()} ${max ? `and will unsubscribe after ${max} msgs` : ""}`);
      for await (const m of s) log.push(`sub [${id}] #${s.getProcessed()}: ${m.string()}`);
      log.push(`sub [${id}] is done.`);
    };
    const sub = nc.subscribe(subj, { max: 3 });
    const h1 = handler(sub);
    const msub = nc.subscribe(subj);
    const h2 = handler(msub);
    for (let i = 1; i < 6; i++) nc.publish(subj, `hello-${i}`);
    await nc.flush();
    msub.unsubscribe();
    await Promise.all([h1, h2]);
    await nc.close();
    // the two handlers interleave by delivery; each one's lines in order
    return [...log.filter((l) => l.startsWith("sub [1]")), ...log.filter((l) => l.startsWith("sub [2]"))];
  });
});

test("core/examples/snippets/unsub.ts: a callback subscription with unsubscribe(1), an iterator unsubscribing on `stop`", async () => {
  await same(async ({ connect }) => {
    const log: string[] = [];
    const nc = await connect({ servers: srv.url });
    const subj = prefix("unsub");
    const auto = nc.subscribe(subj, {
      callback: (err, msg) => {
        if (err) {
          log.push(`auto error ${seen(err)}`);
          return;
        }
        log.push(`auto ${auto.getProcessed()} ${msg.string()}`);
      },
    });
    auto.unsubscribe(1);
    const manual = nc.subscribe(subj);
    const done = (async () => {
      log.push("waiting for a message on `hello` with a payload of `stop`");
      for await (const m of manual) {
        const payload = m.string();
        log.push(`manual ${manual.getProcessed()} ${payload}`);
        if (payload === "stop") manual.unsubscribe();
      }
      log.push("subscription iterator is done");
    })();
    for (const p of ["one", "two", "stop", "after"]) nc.publish(subj, p);
    await done;
    log.push(`auto closed ${auto.isClosed()}, processed ${auto.getProcessed()}; manual processed ${manual.getProcessed()}`);
    await nc.close();
    return log;
  });
});

test("core/examples/snippets/sub_timeout.ts and docs/basics-subscribe: a subscription timeout is an errors.TimeoutError; with max 1 and a message in time, none comes later", async () => {
  await same(async ({ connect, errors }) => {
    const log: string[] = [];
    const nc = await connect({ servers: srv.url });
    const subj = prefix("subto");
    const sub = nc.subscribe(subj, { timeout: 150 });
    await (async () => {
      for await (const _m of sub) log.push("a message");
    })().catch((err) => {
      log.push(err instanceof errors.TimeoutError ? "sub timed out!" : "sub iterator got an error!");
      log.push(seen(err));
      log.push(`sub closed ${sub.isClosed()}`);
      return nc.close();
    });
    log.push(`closed() resolves ${String(await nc.closed())}`);

    // basics-subscribe: max 1 and a long timeout; the message arrives first
    const nc2 = await connect({ servers: srv.url });
    const rejections: unknown[] = [];
    const onRejection = (r: unknown) => rejections.push(r);
    process.on("unhandledRejection", onRejection);
    try {
      const s2 = nc2.subscribe(subj, { max: 1, timeout: 300 });
      log.push("Listening for messages...");
      nc2.publish(subj, "Temperature: 72°F");
      for await (const msg of s2) log.push(`Received: ${msg.string()}`);
      // past the timeout: nothing rejects, nothing is thrown
      await new Promise((r) => setTimeout(r, 400));
      log.push(`after the timeout: closed ${s2.isClosed()}, unhandled rejections ${rejections.length}`);
      await nc2.drain();
    } finally {
      process.off("unhandledRejection", onRejection);
    }
    return log;
  });
});

test("core/examples/snippets/connect.ts: connection targets tried one after another (a refused one first, a port, host:port), and what closed() gives", async () => {
  const refused = await refusedUrl();
  await same(async ({ connect }) => {
    const log: string[] = [];
    const targets: [string, Parameters<typeof connect>[0]][] = [
      ["[refused, live]", { servers: [refused, srv.hostport] }],
      ["[refused, live] noRandomize", { servers: [refused, srv.hostport], noRandomize: true }],
      ["{ port }", { port: srv.port }],
      ["host:port string", { servers: srv.hostport }],
      ["only refused", { servers: refused, timeout: 2000 }],
    ];
    for (const [what, v] of targets) {
      try {
        const nc = await connect(v);
        log.push(`${what}: connected to ${nc.getServer() === srv.hostport ? "the server" : nc.getServer()}`);
        const done = nc.closed();
        await nc.close();
        const err = await done;
        if (err) log.push(`${what}: error closing: ${seen(err)}`);
      } catch (err) {
        log.push(`${what}: error connecting: ${seen(err).replaceAll(refused.slice("nats://".length), "<refused>")}`);
      }
    }
    return log;
  });
});

test("examples/docs request-reply-calculator and -multiple-responders: a parsing service; of two responders the first reply wins", async () => {
  await same(async ({ connect }) => {
    const log: string[] = [];
    const nc = await connect({ servers: srv.url });
    const p = prefix("calc");
    nc.subscribe(`${p}.add`, {
      callback: (_err, msg) => {
        const parts = msg.string().split(/\s+/);
        if (parts.length === 2) {
          const a = parseInt(parts[0]!, 10);
          const b = parseInt(parts[1]!, 10);
          if (!Number.isNaN(a) && !Number.isNaN(b)) msg.respond(String(a + b));
        }
      },
    });
    await nc.flush();
    log.push(`5 + 3 = ${(await nc.request(`${p}.add`, "5 3")).string()}`);
    log.push(`10 + 7 = ${(await nc.request(`${p}.add`, "10 7")).string()}`);
    // input the service ignores: the request times out
    await nc.request(`${p}.add`, "five three", { timeout: 150 }).catch((err: Error) => log.push(`five three: ${seen(err).replaceAll(p, "<p>")}`));

    let answered = 0;
    for (const who of ["A", "B"])
      nc.subscribe(`${p}.multi`, {
        callback: (_err, msg) => {
          answered++;
          msg.respond(`calculated result from ${who}`);
        },
      });
    await nc.flush();
    try {
      const response = await nc.request(`${p}.multi`, "data");
      log.push(`Got response: ${response.string().startsWith("calculated result from ") ? "one of them" : response.string()}`);
    } catch (e) {
      log.push(`Request failed: ${(e as Error).message}`);
    }
    await until(() => answered === 2, "both responders");
    await nc.drain();
    return log;
  });
});

test("examples/docs request-reply-headers: a header-aware service copies X-Request-ID and X-Priority into the reply", async () => {
  await same(async ({ connect, headers }) => {
    const log: string[] = [];
    const nc = await connect({ servers: srv.url });
    const subj = prefix("hsvc");
    nc.subscribe(subj, {
      callback: (_err, msg) => {
        const h = headers();
        const id = msg.headers?.get("X-Request-ID");
        if (id) {
          h.append("X-Response-ID", id);
          h.append("X-Request-ID", id);
        }
        const pri = msg.headers?.get("X-Priority");
        if (pri) h.append("X-Priority", pri);
        msg.respond(msg.data, { headers: h });
      },
    });
    await nc.flush();
    const h = headers();
    h.append("X-Request-ID", "123");
    h.append("X-Priority", "high");
    const response = await nc.request(subj, "data", { headers: h, timeout: 1000 });
    log.push(`Response: ${response.string()}`);
    const responseId = response.headers?.get("X-Response-ID");
    if (responseId) log.push(`Response ID: ${responseId}`);
    log.push(`reply headers: ${[...response.headers!].map(([k, v]) => `${k}=${v.join("|")}`).join("; ")}`);
    // without headers the service still answers (with an empty headers(): kept-on-purpose test 8)
    const plain = await nc.request(subj, "plain", { timeout: 1000 });
    log.push(`plain: ${plain.string()}, X-Response-ID ${String(plain.headers?.get("X-Response-ID") ?? "")}`);
    await nc.drain();
    return log;
  });
});

test("examples/docs request-reply-no-responders, request-reply-timeout, snippets/no_responders.ts and service_client.ts: the error's cause told apart with `errors.*`", async () => {
  await same(async ({ connect, errors, Empty }) => {
    const log: string[] = [];
    const nc = await connect({ servers: srv.url });
    const p = prefix("nr");
    const silent = nc.subscribe(`${p}.service`);
    const classify = (err: unknown) => {
      if (err instanceof Error) {
        if (err.cause instanceof errors.TimeoutError) return `Response not received in time: ${(err.cause as Error).message}`;
        if (err.cause instanceof errors.NoRespondersError) return `No services available to handle request: ${(err.cause as Error).message.replaceAll(p, "<p>")}`;
        return `failed due to unknown error: ${(err.cause as Error)?.message}`;
      }
      return `request failed: ${String(err)}`;
    };
    for (const [subj, opts] of [
      [`${p}.no.such.service`, undefined],
      [`${p}.service`, { timeout: 200 }],
    ] as const) {
      try {
        const msg = await nc.request(subj, "test", opts);
        log.push(`Response: ${msg.string()}`);
      } catch (err) {
        log.push(classify(err));
        log.push(`top-level: ${(err as Error).constructor.name}, RequestError ${err instanceof errors.RequestError}`);
      }
    }
    // request-reply-timeout and service_client print only err.message
    await nc
      .request(`${p}.service`, "data", { timeout: 200 })
      .then((m) => log.push(`Response: ${m.string()}`))
      .catch((err: Error) => log.push(`Request failed: ${err.message}`));
    await nc
      .request(`${p}.time`, Empty, { timeout: 1000 })
      .then((m) => log.push(`got response: ${m.string()}`))
      .catch((err: Error) => log.push(`problem with request: ${err.message.replaceAll(p, "<p>")}`));
    log.push(`errors namespace: ${Object.keys(errors).sort().join(",")}`);
    silent.unsubscribe();
    await nc.close();
    return log;
  });
});

test("examples/docs queue-groups-basic, -dynamic-scaling, -mixed-subscribers: each order to one worker of the group, every order to the audit and metrics subscribers", async () => {
  await same(async ({ connect }) => {
    const nc = await connect({ servers: srv.url });
    const p = prefix("orders");
    const byWorker = new Map<string, string[]>();
    const worker = (subj: string, label: string) => {
      const sub = nc.subscribe(subj, { queue: "workers" });
      byWorker.set(label, []);
      void (async () => {
        for await (const msg of sub) byWorker.get(label)!.push(msg.string());
      })();
      return sub;
    };
    // basic: three workers, ten orders
    for (const l of ["A", "B", "C"]) worker(`${p}.new`, l);
    // dynamic scaling: five workers, the last one removed before any task
    const tasks = [1, 2, 3, 4, 5].map((i) => ({ id: `T${i}`, sub: worker(`${p}.tasks`, `T${i}`) }));
    tasks.pop()!.sub.unsubscribe();
    // mixed: audit and metrics see every order
    const audit: string[] = [];
    const metrics: string[] = [];
    nc.subscribe(`${p}.>`, { callback: (_e, m) => audit.push(`[AUDIT] ${m.subject.slice(p.length + 1)}: ${m.string()}`) });
    nc.subscribe(`${p}.>`, { callback: (_e, m) => metrics.push(`[METRICS] ${m.subject.slice(p.length + 1)}: ${m.string()}`) });
    for (let i = 1; i <= 10; i++) nc.publish(`${p}.new`, `Order ${i}`);
    for (let i = 1; i <= 8; i++) nc.publish(`${p}.tasks`, `task ${i}`);
    const total = (labels: string[]) => labels.reduce((n, l) => n + byWorker.get(l)!.length, 0);
    await until(() => total(["A", "B", "C"]) === 10 && total(["T1", "T2", "T3", "T4"]) === 8 && audit.length === 18, "every delivery");
    await nc.flush();
    const sorted = (labels: string[]) => labels.flatMap((l) => byWorker.get(l)!).sort((a, b) => Number(a.split(" ")[1]) - Number(b.split(" ")[1]));
    const log = [
      `orders, each processed once: ${sorted(["A", "B", "C"]).join(",")}`,
      `tasks, each processed once: ${sorted(["T1", "T2", "T3", "T4"]).join(",")}`,
      `the removed worker got ${byWorker.get("T5")!.length}`,
      `each worker kept publish order: ${[...byWorker.values()].every((l) => l.every((m, i) => i === 0 || Number(m.split(" ")[1]) > Number(l[i - 1]!.split(" ")[1])))}`,
      ...audit,
      `metrics saw the same: ${metrics.map((l) => l.replace("[METRICS]", "[AUDIT]")).join("|") === audit.join("|")}`,
    ];
    await nc.drain();
    return log;
  });
});

test("examples/docs queue-groups-request-reply: three service instances in a group answer ten requests between them", async () => {
  await same(async ({ connect }) => {
    const log: string[] = [];
    const nc = await connect({ servers: srv.url });
    const subj = prefix("api.calculate");
    const handled: Record<string, number> = {};
    for (let i = 1; i <= 3; i++) {
      const id = `instance-${i}`;
      handled[id] = 0;
      const sub = nc.subscribe(subj, { queue: "api-workers" });
      void (async () => {
        for await (const msg of sub) {
          const data = msg.string().split(",");
          msg.respond(`Result: ${parseInt(data[0]!) + parseInt(data[1]!)}, processed by: ${id}`);
          handled[id]!++;
        }
      })();
    }
    for (let i = 0; i < 10; i++) {
      try {
        const response = await nc.request(subj, `${i},${i * 2}`, { timeout: 1000 });
        log.push(`Response: ${response.string().replace(/instance-\d/, "instance-?")}`);
      } catch (e) {
        log.push(`Request failed: ${(e as Error).message}`);
      }
    }
    log.push(`handled in all ${Object.values(handled).reduce((a, b) => a + b, 0)}`);
    await nc.drain();
    return log;
  });
});

test("examples/docs subjects-single-wildcard, -multi-wildcard, -monitoring: which subscription sees which sensor reading; a wire tap; two loops over one subscription", async () => {
  await same(async ({ connect }) => {
    const nc = await connect({ servers: srv.url });
    const p = prefix("sensor");
    const lines: Record<string, string[]> = {};
    const subscribeAndIterate = async (pattern: string) => {
      const sub = nc.subscribe(`${p}.${pattern}`);
      const label = `[${pattern}]`.padEnd(23);
      lines[pattern] = [];
      for await (const msg of sub) lines[pattern]!.push(`${label}${msg.string().padEnd(15)} (${msg.subject.slice(p.length + 1)})`);
    };
    const loops = ["alarm.*", "*.*.critical", ">", "alarm.>"].map((s) => subscribeAndIterate(s));
    // the monitoring example iterates one subscription from two loops: the second one is refused
    const tap = nc.subscribe(`${p}.>`);
    const tapped: string[] = [];
    const tap1 = (async () => {
      for await (const msg of tap) tapped.push(`[MONITOR] ${msg.subject.slice(p.length + 1)}: ${msg.string()}`);
    })();
    const tap2 = (async () => {
      for await (const msg of tap) tapped.push(`second loop: ${msg.subject}`);
    })().then(
      () => "the second loop ended",
      (err: unknown) => `the second loop: ${seen(err)}`,
    );
    nc.publish(`${p}.alarm.smoke`, "kitchen,14:22");
    nc.publish(`${p}.alarm.smoke.critical`, "kitchen,14:23");
    nc.publish(`${p}.alarm.water`, "basement,16:42");
    nc.publish(`${p}.alarm.water.critical`, "basement,16:43");
    nc.publish(`${p}.weather.north.fr`, "Temperature: 11°C");
    await nc.drain();
    await Promise.all([...loops, tap1]);
    return [...Object.values(lines).flat(), ...tapped, await tap2];
  });
});

test("examples/docs getting-started-publish/-subscribe: publish then drain delivers to a subscriber on another connection, which drains too", async () => {
  await same(async ({ connect }) => {
    const log: string[] = [];
    const subj = prefix("gs");
    const subscriber = await connect({ servers: srv.url });
    const sub = subscriber.subscribe(subj);
    await subscriber.flush();
    log.push("Listening for messages on 'hello'...");
    const publisher = await connect({ servers: srv.url });
    publisher.publish(subj, "Hello NATS!");
    log.push("Message published to hello");
    await publisher.drain();
    log.push(`publisher drained: isClosed ${publisher.isClosed()}`);
    for await (const msg of sub) {
      log.push(`Received: ${msg.string()}`);
      void subscriber.drain();
    }
    log.push(`subscriber's loop ended; closed() ${String(await subscriber.closed())}`);
    return log;
  });
});
