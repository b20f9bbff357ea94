/** Messages made by hand for unit tests (no server): any `Msg` shape, with optional status headers. */
import { headers as makeHeaders, type Msg, type MsgHdrs, type NatsConnection } from "@nats-stack/core";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A message with `subject`, `reply`, `data` and headers (a status line when `status` is given). */
export function fakeMsg(opts: {
  subject?: string;
  reply?: string;
  data?: string | Uint8Array;
  status?: [number, string];
  headers?: Record<string, string>;
  onRespond?: (data: Uint8Array | undefined, reply?: string) => void;
}): Msg {
  let h: MsgHdrs | undefined;
  if (opts.status || opts.headers) {
    h = opts.status ? makeHeaders(opts.status[0], opts.status[1]) : makeHeaders();
    for (const [k, v] of Object.entries(opts.headers ?? {})) h.set(k, v);
  }
  const data = typeof opts.data === "string" ? enc.encode(opts.data) : (opts.data ?? new Uint8Array(0));
  return {
    subject: opts.subject ?? "s",
    sid: 1,
    reply: opts.reply,
    data,
    headers: h,
    respond(payload?: unknown, o?: { reply?: string }) {
      opts.onRespond?.(typeof payload === "string" ? enc.encode(payload) : (payload as Uint8Array | undefined), o?.reply);
      return !!opts.reply;
    },
    json<T>() {
      return JSON.parse(dec.decode(data)) as T;
    },
    string() {
      return dec.decode(data);
    },
  };
}

/** A connection that records what is published and fails everything else. */
export function recordingConnection(): NatsConnection & { published: Array<{ subject: string; data: string; reply?: string }> } {
  const published: Array<{ subject: string; data: string; reply?: string }> = [];
  const nc = {
    published,
    info: { version: "2.9.10" },
    options: { inboxPrefix: "_INBOX" },
    publish(subject: string, payload?: Uint8Array | string, o?: { reply?: string }) {
      published.push({ subject, data: typeof payload === "string" ? payload : dec.decode(payload ?? new Uint8Array(0)), reply: o?.reply });
    },
  };
  return nc as unknown as NatsConnection & { published: typeof published };
}

/** The `$JS.ACK` reply subject of a delivery (short form, or long form with domain and account hash). */
export function ackSubject(p: {
  stream?: string;
  consumer?: string;
  delivered?: number;
  sseq: number;
  dseq: number;
  ts?: string;
  pending?: number;
  domain?: string;
  hash?: string;
  random?: string;
}): string {
  const tail = `${p.stream ?? "S"}.${p.consumer ?? "C"}.${p.delivered ?? 1}.${p.sseq}.${p.dseq}.${p.ts ?? "1700000000000000000"}.${p.pending ?? 0}`;
  if (p.domain === undefined && p.hash === undefined) return `$JS.ACK.${tail}`;
  return `$JS.ACK.${p.domain ?? "_"}.${p.hash ?? "HASH"}.${tail}${p.random === undefined ? "" : `.${p.random}`}`;
}
