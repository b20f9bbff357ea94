/**
 * Scripted answers for paths of servers newer than the 2.9.10 that runs here: a connection that reports
 * another server version, a responder that answers JetStream requests as the script says (and keeps what it
 * was asked), the API answers such a server sends, and the server that carries the traffic.
 */
import type { Msg, NatsConnection } from "@nats-stack/core";
import { JsEnv } from "./js-env";

/** The connection as seen by the client: the same, but reporting server `version`. */
export function asVersion(nc: NatsConnection, version: string): NatsConnection {
  return new Proxy(nc, {
    get(t, p) {
      if (p === "info") return { ...t.info!, version };
      const v = Reflect.get(t, p, t);
      return typeof v === "function" ? v.bind(t) : v;
    },
  });
}

/** A request the scripted server got: its subject, JSON body and headers. */
export interface Seen {
  subject: string;
  body: Record<string, unknown> | undefined;
  headers: Record<string, string>;
}

/**
 * A scripted JetStream: `answer(subject, body)` returns the JSON to reply, or a function that replies itself.
 * Everything asked is kept in `seen`.
 */
export function scriptedOn(real: NatsConnection, subjects: string, answer: (s: Seen, m: Msg) => unknown): { seen: Seen[]; stop: () => void } {
  const seen: Seen[] = [];
  const sub = real.subscribe(subjects, {
    callback: (_e, m) => {
      const h: Record<string, string> = {};
      if (m.headers) for (const [k, v] of m.headers) h[k] = v.join(",");
      let body: Record<string, unknown> | undefined;
      try {
        body = m.data.length ? (JSON.parse(m.string()) as Record<string, unknown>) : undefined;
      } catch {
        body = undefined;
      }
      const s = { subject: m.subject, body, headers: h };
      seen.push(s);
      const a = answer(s, m);
      if (typeof a === "function") (a as () => void)();
      else if (a !== undefined) m.respond(JSON.stringify(a));
    },
  });
  return { seen, stop: () => sub.unsubscribe() };
}

/** The creation time the scripted answers report. */
export const now = new Date().toISOString();
/** A stream info answer for `config`. */
export const streamInfo = (config: Record<string, unknown>) => ({
  type: "io.nats.jetstream.api.v1.stream_create_response",
  config: { retention: "limits", storage: "file", ...config },
  created: now,
  state: { messages: 0, bytes: 0, first_seq: 0, last_seq: 0, consumer_count: 0 },
});
/** A consumer info answer for `config` on `stream`. */
export const consumerInfo = (stream: string, config: Record<string, unknown>) => ({
  type: "io.nats.jetstream.api.v1.consumer_create_response",
  stream_name: stream,
  name: config.name ?? config.durable_name ?? "eph",
  created: now,
  config: { deliver_policy: "all", ack_policy: "explicit", replay_policy: "instant", ...config },
  delivered: { consumer_seq: 0, stream_seq: 0 },
  ack_floor: { consumer_seq: 0, stream_seq: 0 },
  num_ack_pending: 0,
  num_redelivered: 0,
  num_waiting: 0,
  num_pending: 0,
});
/** An account info answer. */
export const accountInfo = { type: "io.nats.jetstream.api.v1.account_info_response", memory: 0, storage: 0, streams: 0, consumers: 0, limits: {}, api: { level: 1, total: 0, errors: 0 } };

/**
 * The hooks of a scripted test file (call it at the file's top level): a real nats-server without JetStream
 * carries the traffic, so every $JS.API answer is the scripted one; one connection to it is handed to `use`
 * before the tests, and everything stops after them.
 */
export function scriptedTrafficPerFile(use: (real: NatsConnection) => void): JsEnv {
  const env = new JsEnv();
  beforeAll(async () => {
    await env.start({ jetstream: false });
    use(await env.connect());
  });
  afterAll(() => env.stop());
  return env;
}
