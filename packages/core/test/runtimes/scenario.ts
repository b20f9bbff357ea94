/**
 * The scenario every runtime runs (Deno, Bun, Chromium over WebSocket, workerd over cloudflare:sockets),
 * against a real nats-server the jest harness started. Runtime-neutral: it gets the runtime's entry of
 * @nats-stack/core as `api` and reports one result per step; the harness turns each into a jest test.
 */
import type { ConnectionOptions, Msg, MsgHdrs, NatsConnection } from "@nats-stack/core";

/** What a runtime's entry of @nats-stack/core offers the scenario. */
export interface ScenarioApi {
  connect(opts?: ConnectionOptions): Promise<NatsConnection>;
  headers(): MsgHdrs;
  createInbox(): string;
}

/** Where the scenario runs. */
export interface ScenarioEnv {
  /** The server URL as the runtime dials it (nats:// or ws://). */
  url: string;
  /** Asks the harness to restart the server on the same port; resolves once it listens again. */
  restart(): Promise<void>;
  /** A TLS server and its CA (PEM), for the runtimes that test TLS. */
  tls?: { url: string; ca: string };
  /** Prefix for subjects, unique to the run. */
  prefix: string;
  /**
   * The kind of `msg.data` nats.js gives on this runtime, which ours must match: `Buffer` where it runs
   * through its Node transport (Bun), `Uint8Array` elsewhere (its Deno and WebSocket transports).
   */
  dataKind: "Buffer" | "Uint8Array";
}

/** One step's outcome. */
export interface StepResult {
  step: string;
  ok: boolean;
  detail: string;
  ms: number;
}

/** The steps, in order; every runtime reports each of them. */
export const STEPS = [
  "connect",
  "subscription as iterator",
  "subscription as callback",
  "headers",
  "request",
  "no responders",
  "1,000 sequential requests",
  "queue group",
  "drain",
  "reconnect after the server restarts",
] as const;
/** The extra step of runtimes that test TLS. */
export const TLS_STEP = "TLS with a CA made at test time";

function check(cond: boolean, what: string): void {
  if (!cond) throw new Error(what);
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
    }),
  ]);
}

async function collect(sub: AsyncIterable<Msg>, n: number): Promise<string[]> {
  const out: string[] = [];
  for await (const m of sub) {
    out.push(m.string());
    if (out.length === n) break;
  }
  return out;
}

/** Runs every step (a failed step does not stop the next ones) and returns their results. */
export async function runScenario(api: ScenarioApi, env: ScenarioEnv): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const s = (name: string) => `${env.prefix}.${name}`;
  let nc: NatsConnection | undefined;
  const step = async (name: string, f: () => Promise<string | void>) => {
    const t = Date.now();
    try {
      const detail = await within(f(), 20_000, name);
      results.push({ step: name, ok: true, detail: detail ?? "", ms: Date.now() - t });
    } catch (err) {
      const e = err as Error;
      results.push({ step: name, ok: false, detail: `${e?.name}: ${e?.message}`, ms: Date.now() - t });
    }
  };
  const conn = () => {
    if (!nc) throw new Error("not connected");
    return nc;
  };

  await step("connect", async () => {
    nc = await api.connect({ servers: env.url, name: "runtime-scenario", reconnectTimeWait: 100, maxReconnectAttempts: -1 });
    check(typeof nc.info?.server_id === "string", "no INFO");
    return nc.getServer();
  });

  await step("subscription as iterator", async () => {
    const sub = conn().subscribe(s("iter"), { max: 3 });
    for (const t of ["a", "b", "c"]) conn().publish(s("iter"), t);
    const got: string[] = [];
    const kinds = new Set<string>();
    const buffer = (globalThis as { Buffer?: { isBuffer(v: unknown): boolean } }).Buffer;
    for await (const m of sub) {
      got.push(m.string());
      kinds.add(buffer?.isBuffer(m.data) ? "Buffer" : m.data.constructor.name);
    }
    check(got.join() === "a,b,c", `got ${got.join()}`);
    check([...kinds].join() === env.dataKind, `data is ${[...kinds].join()}, not ${env.dataKind}`);
  });

  await step("subscription as callback", async () => {
    const got: string[] = [];
    let done!: () => void;
    const all = new Promise<void>((r) => (done = r));
    conn().subscribe(s("cb"), { callback: (err, m) => !err && got.push(m.string()) === 3 && done() });
    for (const t of ["x", "y", "z"]) conn().publish(s("cb"), t);
    await all;
    check(got.join() === "x,y,z", `got ${got.join()}`);
  });

  await step("headers", async () => {
    const sub = conn().subscribe(s("hdr"), { max: 1 });
    const h = api.headers();
    h.set("X-Runtime", "scenario");
    conn().publish(s("hdr"), "with headers", { headers: h });
    for await (const m of sub) check(m.headers?.get("X-Runtime") === "scenario" && m.string() === "with headers", "header lost");
  });

  await step("request", async () => {
    conn().subscribe(s("svc"), { callback: (_e, m) => m.respond(`re:${m.string()}`) });
    const r = await conn().request(s("svc"), "ping", { timeout: 5000 });
    check(r.string() === "re:ping", `reply ${r.string()}`);
  });

  await step("no responders", async () => {
    const err = await conn()
      .request(s("nobody"), "?", { timeout: 5000 })
      .then(() => undefined, (e: Error) => e);
    // As nats.js: a RequestError whose cause is the NoRespondersError.
    const noResponders = (err as Error & { isNoResponders?: () => boolean })?.isNoResponders?.();
    check(err?.name === "RequestError" && noResponders === true, `expected no responders, got ${err?.name}: ${err?.message}`);
  });

  await step("1,000 sequential requests", async () => {
    const t = Date.now();
    for (let i = 0; i < 1000; i++) {
      const r = await conn().request(s("svc"), String(i), { timeout: 5000 });
      if (r.string() !== `re:${i}`) throw new Error(`request ${i} got ${r.string()}`);
    }
    return `${Date.now() - t} ms`;
  });

  await step("queue group", async () => {
    const counts = [0, 0];
    let total = 0;
    let done!: () => void;
    const all = new Promise<void>((r) => (done = r));
    for (const i of [0, 1]) {
      conn().subscribe(s("q"), { queue: "workers", callback: () => (counts[i]!++, ++total === 100 && done()) });
    }
    await conn().flush();
    for (let i = 0; i < 100; i++) conn().publish(s("q"), String(i));
    await all;
    await conn().flush();
    check(total === 100 && counts[0]! > 0 && counts[1]! > 0, `split ${counts.join("/")}, total ${total}`);
    return counts.join("/");
  });

  await step("drain", async () => {
    const other = await api.connect({ servers: env.url });
    let processed = 0;
    const sub = other.subscribe(s("drain"), { callback: () => processed++ });
    await other.flush();
    for (let i = 0; i < 50; i++) conn().publish(s("drain"), String(i));
    await conn().flush();
    await sub.drain();
    await other.drain();
    check(processed === 50 && other.isClosed(), `processed ${processed}, closed ${other.isClosed()}`);
  });

  await step("reconnect after the server restarts", async () => {
    const c = conn();
    const events: string[] = [];
    const reconnected = (async () => {
      for await (const st of c.status()) {
        events.push(st.type);
        if (st.type === "reconnect") return;
      }
    })();
    const sub = c.subscribe(s("after"), { max: 1 });
    await c.flush();
    await env.restart();
    await within(reconnected, 15_000, "reconnect");
    c.publish(s("after"), "back");
    const got = await collect(sub, 1);
    check(got[0] === "back", `got ${got[0]}`);
    return events.join(",");
  });

  if (env.tls) {
    const tls = env.tls;
    await step(TLS_STEP, async () => {
      const t = await api.connect({ servers: tls.url, tls: { ca: tls.ca } });
      const sub = t.subscribe(s("tls"), { max: 1 });
      t.publish(s("tls"), "secret");
      const got = await collect(sub, 1);
      await t.close();
      check(got[0] === "secret", `got ${got[0]}`);
    });
  }

  if (nc) await nc.close().catch(() => {});
  return results;
}
