import fc from "fast-check";
import { MsgHeaders, type ClientOp, type ServerOp } from "../src";

const tokenChars = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_$~\u00e9\u6771".split(""));
const token = fc.string({ unit: tokenChars, minLength: 1, maxLength: 8 });
/** Literal subjects (publish, reply, MSG). */
export const subject = fc.array(token, { minLength: 1, maxLength: 5 }).map((t) => t.join("."));
/** Subscription subjects: `*` anywhere, `>` only last. */
export const subSubject = fc
  .tuple(fc.array(fc.oneof(token, fc.constant("*")), { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([t, gt]) => (gt ? [...t, ">"] : t).join("."));
export const sid = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const smallSid = fc.integer({ min: 0, max: 100000 });
/** Payloads, biased towards bytes that matter to the parser (CR, LF, space, digits, op letters). */
export const payload = fc.uint8Array({ maxLength: 300 }).chain((b) =>
  fc.array(fc.constantFrom(13, 10, 32, 48, 77), { maxLength: 6 }).map((extra) => new Uint8Array([...b, ...extra])),
);
const headerKey = fc.string({ unit: fc.constantFrom(..."abcXYZ-_019!#".split("")), minLength: 1, maxLength: 10 });
const headerValue = fc.string({ maxLength: 20 }).map((v) => v.replace(/[\r\n]/g, "").trim());
export const headers = fc
  .tuple(
    fc.oneof(fc.constant([0, ""] as const), fc.constant([503, ""] as const), fc.constant([408, "Request Timeout"] as const)),
    fc.array(fc.tuple(headerKey, headerValue), { maxLength: 4 }),
  )
  .map(([[code, desc], kv]) => {
    const h = new MsgHeaders(code, desc);
    for (const [k, v] of kv) h.append(k, v);
    return h.encode();
  });
const jsonObject = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 });
const errText = fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ""));
const reply = fc.option(subject, { nil: undefined });

function withReply<T extends object>(o: T, r: string | undefined): T & { reply?: string } {
  return r === undefined ? o : { ...o, reply: r };
}

export const serverOp: fc.Arbitrary<ServerOp> = fc.oneof(
  fc.tuple(subject, sid, reply, payload).map(([s, i, r, p]) => withReply({ kind: "MSG" as const, subject: s, sid: i, payload: p }, r)),
  fc
    .tuple(subject, smallSid, reply, headers, payload)
    .map(([s, i, r, h, p]) => withReply({ kind: "HMSG" as const, subject: s, sid: i, headers: h, payload: p }, r)),
  jsonObject.map((info) => ({ kind: "INFO" as const, info: JSON.parse(JSON.stringify(info)) })),
  fc.constant({ kind: "PING" as const }),
  fc.constant({ kind: "PONG" as const }),
  fc.constant({ kind: "OK" as const }),
  errText.map((text) => ({ kind: "ERR" as const, text })),
);

export const clientOp: fc.Arbitrary<ClientOp> = fc.oneof(
  jsonObject.map((options) => ({ kind: "CONNECT" as const, options: JSON.parse(JSON.stringify(options)) })),
  fc.tuple(subject, reply, payload).map(([s, r, p]) => withReply({ kind: "PUB" as const, subject: s, payload: p }, r)),
  fc.tuple(subject, reply, headers, payload).map(([s, r, h, p]) => withReply({ kind: "HPUB" as const, subject: s, headers: h, payload: p }, r)),
  fc
    .tuple(subSubject, sid, fc.option(token, { nil: undefined }))
    .map(([s, i, q]) => (q === undefined ? { kind: "SUB" as const, subject: s, sid: i } : { kind: "SUB" as const, subject: s, sid: i, queue: q })),
  fc.tuple(sid, fc.option(smallSid, { nil: undefined })).map(([i, m]) => (m === undefined ? { kind: "UNSUB" as const, sid: i } : { kind: "UNSUB" as const, sid: i, max: m })),
  fc.constant({ kind: "PING" as const }),
  fc.constant({ kind: "PONG" as const }),
);

/** Cut points for a buffer of unknown length: fractions, so they scale to whatever was encoded. */
export const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });
