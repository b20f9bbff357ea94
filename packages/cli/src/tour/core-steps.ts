/**
 * The core NATS part of the tour, on @nats-stack/core: subjects and wildcards, queue groups, request/reply,
 * scatter-gather with a count, and headers (including the no-responders status a request gets when nobody
 * listens).
 */
import { headers, type Msg, type NatsConnection } from "@nats-stack/core";
import { formatDuration } from "../args/duration";
import { Narrator, until } from "./narrator";

const enc = new TextEncoder();
const dec = new TextDecoder();
const body = (m: Msg) => dec.decode(m.data);

/** Subjects are dot-separated tokens; `*` matches one token, `>` the rest. */
export async function wildcardsStep(nc: NatsConnection, t: Narrator, p: string): Promise<void> {
  await t.step(
    "Publish and subscribe, with wildcards",
    "Subjects are tokens separated by dots. A subscriber names the subjects it wants:",
    `'${p}.orders.*' matches one token after orders; '${p}.>' matches everything under ${p}.`,
  );
  const got: string[] = [];
  const subs = [
    nc.subscribe(`${p}.orders.*`, { callback: (_e, m) => (got.push(m.subject), t.received("orders.*", m.subject, body(m))) }),
    nc.subscribe(`${p}.>`, { callback: (_e, m) => (got.push(m.subject), t.received(">", m.subject, body(m))) }),
  ];
  await nc.flush();
  const msgs: Array<[string, string]> = [
    [`${p}.orders.new`, '{"id":1,"item":"coffee"}'],
    [`${p}.orders.shipped`, '{"id":1}'],
    [`${p}.inventory.low`, '{"item":"milk"}'],
  ];
  for (const [s, b] of msgs) {
    t.sent("pub", s, b);
    nc.publish(s, enc.encode(b));
    await nc.flush();
    await until(() => got.filter((x) => x === s).length === (s.includes(".orders.") ? 2 : 1), `the message on ${s}`);
  }
  t.note("Orders reached both subscribers; the inventory message only the '>' one.");
  for (const s of subs) s.unsubscribe();
}

/** Subscribers in one queue group share the work: each message goes to one of them. */
export async function queueStep(nc: NatsConnection, t: Narrator, p: string): Promise<void> {
  await t.step(
    "Queue groups share the work",
    `Three workers subscribe to '${p}.jobs' in the queue group 'workers'; each job goes to exactly one of them.`,
    "An auditor subscribes without a group and sees every job.",
  );
  const counts = [0, 0, 0];
  let audited = 0;
  const subs = counts.map((_, i) =>
    nc.subscribe(`${p}.jobs`, { queue: "workers", callback: (_e, m) => (counts[i]!++, t.received(`worker-${i + 1}`, m.subject, body(m))) }),
  );
  subs.push(nc.subscribe(`${p}.jobs`, { callback: () => audited++ }));
  await nc.flush();
  const jobs = 6;
  for (let j = 1; j <= jobs; j++) {
    t.sent("pub", `${p}.jobs`, `job ${j}`);
    nc.publish(`${p}.jobs`, enc.encode(`job ${j}`));
    await nc.flush();
    await until(() => counts.reduce((a, b) => a + b, 0) === j, `job ${j}`);
  }
  await until(() => audited === jobs, "the auditor's copies");
  t.note(`workers got ${counts.map((n, i) => `worker-${i + 1}: ${n}`).join(", ")} (${jobs} in all, none twice); the auditor saw all ${audited}.`);
  for (const s of subs) s.unsubscribe();
}

/** A request waits for one reply on a private inbox. */
export async function requestStep(nc: NatsConnection, t: Narrator, p: string): Promise<void> {
  await t.step("Request and reply", `A service answers on '${p}.time'; a request waits for the first answer.`);
  const svc = nc.subscribe(`${p}.time`, {
    callback: (_e, m) => {
      t.received("service", m.subject, body(m));
      const answer = new Date().toISOString();
      t.sent("reply", "(the request's inbox)", answer);
      m.respond(enc.encode(answer));
    },
  });
  await nc.flush();
  t.sent("request", `${p}.time`, "what time is it?");
  const start = performance.now();
  const r = await nc.request(`${p}.time`, enc.encode("what time is it?"), { timeout: 5000 });
  t.received("client", r.subject.replace(/\.[^.]+$/, ".…"), body(r));
  t.note(`round trip ${formatDuration(performance.now() - start)}`);
  svc.unsubscribe();
}

/** One request, many answers: gather them with a count. */
export async function scatterGatherStep(nc: NatsConnection, t: Narrator, p: string): Promise<void> {
  await t.step(
    "Scatter-gather",
    `Three pricing services listen on '${p}.quote' (no queue group, so each gets the request).`,
    "requestMany() collects their answers and stops at 3.",
  );
  const prices = { north: "4.20", south: "3.95", east: "4.05" };
  const subs = Object.entries(prices).map(([name, price]) =>
    nc.subscribe(`${p}.quote`, { callback: (_e, m) => m.respond(enc.encode(JSON.stringify({ shop: name, price }))) }),
  );
  await nc.flush();
  t.sent("request", `${p}.quote`, '{"item":"coffee"}');
  const it = await nc.requestMany(`${p}.quote`, enc.encode('{"item":"coffee"}'), { strategy: "count", maxMessages: 3, maxWait: 5000 });
  const quotes: Array<{ shop: string; price: string }> = [];
  for await (const m of it) {
    quotes.push(JSON.parse(body(m)));
    t.received("client", "(inbox)", body(m));
  }
  const best = [...quotes].sort((a, b) => Number(a.price) - Number(b.price))[0];
  t.note(`${quotes.length} answers; the best price is ${best?.price} from ${best?.shop}.`);
  for (const s of subs) s.unsubscribe();
}

/** Headers carry metadata beside the body; a request with nobody listening gets a 503 status. */
export async function headersStep(nc: NatsConnection, t: Narrator, p: string): Promise<void> {
  await t.step("Headers", "Messages can carry headers (like HTTP's) beside the body.");
  let seen: Msg | undefined;
  const sub = nc.subscribe(`${p}.events`, { callback: (_e, m) => (seen = m) });
  await nc.flush();
  const h = headers();
  h.set("Order-Id", "1");
  h.set("Priority", "high");
  t.sent("pub", `${p}.events`, "order placed  [Order-Id: 1, Priority: high]");
  nc.publish(`${p}.events`, enc.encode("order placed"), { headers: h });
  await until(() => seen !== undefined, "the message with headers");
  const got = seen!;
  const list = got.headers ? got.headers.keys().map((k) => `${k}: ${got.headers!.get(k)}`).join(", ") : "";
  t.received("sub", got.subject, `${body(got)}  [${list}]`);
  sub.unsubscribe();
  t.say();
  t.note("The server itself uses a header status line: a request nobody listens to comes back as 503.");
  t.sent("request", `${p}.nobody`, "hello?");
  try {
    await nc.request(`${p}.nobody`, enc.encode("hello?"), { timeout: 2000 });
    t.note("(unexpected: someone answered)");
  } catch (e) {
    t.received("client", "(inbox)", `NATS/1.0 503 → ${(e as Error).message}`);
  }
}
