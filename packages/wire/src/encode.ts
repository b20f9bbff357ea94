import { CRLF, encodeText, encodeTextInto, utf8Length } from "./ascii";
import { ValidationError, WireError, WireErrorCode } from "./errors";
import { MsgHeaders, isHeaderBlock } from "./headers";
import { MAX_CONTROL_LINE, MAX_PAYLOAD } from "./limits";
import type { ClientOp, ConnectOptions, ServerInfo, ServerOp } from "./ops";
import {
  validateHeaderKey,
  validateQueue,
  validateSid,
  validateSize,
  validateSubject,
  validateSubscribeSubject,
} from "./validate";

/** Payload accepted by the encoders: bytes as they are, or a string encoded as UTF-8. */
export type PayloadInput = Uint8Array | string;
/** Headers accepted by the encoders: a {@link MsgHeaders} or an already encoded block. */
export type HeadersInput = MsgHeaders | Uint8Array;

const EMPTY = /* @__PURE__ */ new Uint8Array(0);

function decimalLength(n: number): number {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
}

/** Writes `n` (a non-negative integer) in decimal at `pos`; returns the end. The caller ensures room. */
export function writeDecimal(buf: Uint8Array, pos: number, n: number): number {
  if (n < 10) {
    buf[pos] = 48 + n;
    return pos + 1;
  }
  const end = pos + decimalLength(n);
  let i = end;
  while (n >= 10) {
    const q = Math.floor(n / 10);
    buf[--i] = 48 + (n - q * 10);
    n = q;
  }
  buf[--i] = 48 + n;
  return end;
}

/** Writes `s` as UTF-8 at `pos`; returns the end, or -1 when it does not fit. ASCII is written by hand. */
export function writeString(buf: Uint8Array, pos: number, s: string): number {
  const n = s.length;
  if (pos + n > buf.length) return -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return encodeTextInto(s, buf, pos);
    buf[pos + i] = c;
  }
  return pos + n;
}

/**
 * Writes the control line of a PUB (`hdrLen < 0`) or HPUB at `pos` of `buf`, CRLF included, and returns its
 * end, or -1 when it does not fit. It does not validate: call {@link validateSubject} first. Used by the
 * core client to build control lines straight into its outbound buffer.
 */
export function writePubHead(
  buf: Uint8Array,
  pos: number,
  subject: string,
  reply: string | undefined,
  hdrLen: number,
  totalLen: number,
): number {
  // Room for the op, three separators, two numbers and CRLF; strings are checked by writeString.
  if (pos + 40 > buf.length) return -1;
  let p = pos;
  if (hdrLen >= 0) buf[p++] = 72; // H
  buf[p++] = 80; // P
  buf[p++] = 85; // U
  buf[p++] = 66; // B
  buf[p++] = 32;
  p = writeString(buf, p, subject);
  if (p < 0) return -1;
  if (reply !== undefined && reply !== "") {
    if (p + 1 > buf.length) return -1;
    buf[p++] = 32;
    p = writeString(buf, p, reply);
    if (p < 0) return -1;
  }
  if (p + 36 > buf.length) return -1;
  buf[p++] = 32;
  if (hdrLen >= 0) {
    p = writeDecimal(buf, p, hdrLen);
    buf[p++] = 32;
  }
  p = writeDecimal(buf, p, totalLen);
  buf[p++] = 13;
  buf[p++] = 10;
  return p;
}

function toBytes(payload: PayloadInput | undefined, field = "payload"): Uint8Array {
  if (payload === undefined) return EMPTY;
  if (payload instanceof Uint8Array) return payload;
  if (typeof payload === "string") return encodeText(payload);
  throw new ValidationError(field, payload, "must be a Uint8Array or a string");
}

function headerBytes(h: HeadersInput): Uint8Array {
  if (h instanceof Uint8Array) {
    const n = h.length;
    // Zero bytes: an empty header section, as nats.js sends and nats-server accepts; kept so a parsed op
    // encodes back to the same frame.
    if (n === 0) return h;
    if (!isHeaderBlock(h)) throw new ValidationError("headers", "<bytes>", "a header block must start with NATS/1.0 and end with CRLF CRLF");
    return h;
  }
  if (h instanceof MsgHeaders) {
    // Keys and values were validated when set; re-check keys in case the map was edited directly.
    for (const k of h.headers.keys()) validateHeaderKey(k);
    return h.encode();
  }
  throw new ValidationError("headers", h, "must be MsgHeaders or a Uint8Array");
}

// Builds `<head> <args...>\r\n` for the small ops; refuses lines longer than the protocol's control line.
function line(parts: string): Uint8Array {
  const bytes = encodeText(parts + "\r\n");
  if (bytes.length - 2 > MAX_CONTROL_LINE) {
    throw new ValidationError("control line", parts.slice(0, 40) + "…", `is longer than ${MAX_CONTROL_LINE} bytes`);
  }
  return bytes;
}

function checkHeadLength(subject: string, reply: string | undefined): void {
  const n = utf8Length(subject) + (reply ? utf8Length(reply) + 1 : 0) + 40;
  if (n > MAX_CONTROL_LINE) {
    throw new ValidationError("subject", subject.slice(0, 40) + "…", `makes a control line longer than ${MAX_CONTROL_LINE} bytes`);
  }
}

function head(op: string, subject: string, sid: number | undefined, reply: string | undefined, hdrLen: number, total: number): Uint8Array {
  checkHeadLength(subject, reply);
  let s = `${op} ${subject}`;
  if (sid !== undefined) s += ` ${sid}`;
  if (reply) s += ` ${reply}`;
  if (hdrLen >= 0) s += ` ${hdrLen}`;
  return encodeText(`${s} ${total}\r\n`);
}

// PUB, HPUB, MSG and HMSG: one reading of the arguments for the four. The op says which take a sid (the
// server's MSG and HMSG) and which a header block (HPUB and HMSG), so a missing one is still refused.
function payloadOp(
  op: "PUB" | "HPUB" | "MSG" | "HMSG",
  subject: string,
  sid: number | undefined,
  headers: HeadersInput | undefined,
  payload: PayloadInput | undefined,
  reply: string | undefined,
): Uint8Array[] {
  validateSubject(subject);
  if (op === "MSG" || op === "HMSG") validateSid(sid);
  if (reply !== undefined) validateSubject(reply, "reply");
  if (op === "PUB" || op === "MSG") {
    const data = toBytes(payload);
    validateSize(data.length, "payload size", MAX_PAYLOAD);
    return [head(op, subject, sid, reply, -1, data.length), data, CRLF];
  }
  const h = headerBytes(headers as HeadersInput);
  const data = toBytes(payload);
  validateSize(h.length + data.length, "payload size", MAX_PAYLOAD);
  return [head(op, subject, sid, reply, h.length, h.length + data.length), h, data, CRLF];
}

/** `PUB <subject> [reply] <size>\r\n<payload>\r\n` as `[head, payload, CRLF]`; the payload is not copied. */
export function encodePub(subject: string, payload?: PayloadInput, reply?: string): Uint8Array[] {
  return payloadOp("PUB", subject, undefined, undefined, payload, reply);
}

/** `HPUB <subject> [reply] <hdr> <total>\r\n<headers><payload>\r\n` as `[head, headers, payload, CRLF]`. */
export function encodeHpub(subject: string, headers: HeadersInput, payload?: PayloadInput, reply?: string): Uint8Array[] {
  return payloadOp("HPUB", subject, undefined, headers, payload, reply);
}

/** `SUB <subject> [queue] <sid>\r\n`. */
export function encodeSub(subject: string, sid: number, queue?: string): Uint8Array {
  validateSubscribeSubject(subject);
  if (queue !== undefined) validateQueue(queue);
  validateSid(sid);
  return line(queue !== undefined ? `SUB ${subject} ${queue} ${sid}` : `SUB ${subject} ${sid}`);
}

/** `UNSUB <sid> [max]\r\n`. */
export function encodeUnsub(sid: number, max?: number): Uint8Array {
  validateSid(sid);
  if (max !== undefined) validateSid(max, "max");
  return line(max !== undefined ? `UNSUB ${sid} ${max}` : `UNSUB ${sid}`);
}

function jsonLine(op: string, value: unknown, field: string): Uint8Array {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ValidationError(field, value, "must be an object");
  }
  // JSON.stringify escapes CR and LF inside strings, so the line cannot be broken by a value.
  return encodeText(`${op} ${JSON.stringify(value)}\r\n`);
}

/** `CONNECT {json}\r\n`. */
export function encodeConnect(options: ConnectOptions): Uint8Array {
  return jsonLine("CONNECT", options, "connect options");
}

const PING = /* @__PURE__ */ encodeText("PING\r\n");
const PONG = /* @__PURE__ */ encodeText("PONG\r\n");
const OK = /* @__PURE__ */ encodeText("+OK\r\n");

/** `PING\r\n` (a fresh copy). */
export function encodePing(): Uint8Array {
  return PING.slice();
}

/** `PONG\r\n` (a fresh copy). */
export function encodePong(): Uint8Array {
  return PONG.slice();
}

/** `INFO {json}\r\n`. */
export function encodeInfo(info: ServerInfo): Uint8Array {
  return jsonLine("INFO", info, "info");
}

/** `MSG <subject> <sid> [reply] <size>\r\n<payload>\r\n` as `[head, payload, CRLF]`. */
export function encodeMsg(subject: string, sid: number, payload?: PayloadInput, reply?: string): Uint8Array[] {
  return payloadOp("MSG", subject, sid, undefined, payload, reply);
}

/** `HMSG <subject> <sid> [reply] <hdr> <total>\r\n<headers><payload>\r\n` as `[head, headers, payload, CRLF]`. */
export function encodeHmsg(
  subject: string,
  sid: number,
  headers: HeadersInput,
  payload?: PayloadInput,
  reply?: string,
): Uint8Array[] {
  return payloadOp("HMSG", subject, sid, headers, payload, reply);
}

/** `+OK\r\n` (a fresh copy). */
export function encodeOk(): Uint8Array {
  return OK.slice();
}

/** `-ERR '<text>'\r\n`. The text may not contain CR or LF. */
export function encodeErr(text: string): Uint8Array {
  if (typeof text !== "string") throw new ValidationError("error text", text, "must be a string");
  if (/[\r\n]/.test(text)) throw new ValidationError("error text", text, "contains CR or LF");
  return line(`-ERR '${text}'`);
}

/** Encodes any server op (one `switch`, so the op vocabulary stays closed). */
export function encodeServerOp(op: ServerOp): Uint8Array[] {
  switch (op.kind) {
    case "MSG":
      return encodeMsg(op.subject, op.sid, op.payload, op.reply);
    case "HMSG":
      return encodeHmsg(op.subject, op.sid, op.headers, op.payload, op.reply);
    case "INFO":
      return [encodeInfo(op.info)];
    case "PING":
      return [encodePing()];
    case "PONG":
      return [encodePong()];
    case "OK":
      return [encodeOk()];
    case "ERR":
      return [encodeErr(op.text)];
    default:
      throw new WireError(WireErrorCode.InvalidValue, `unknown server op ${JSON.stringify((op as { kind: unknown }).kind)}`);
  }
}

/** Encodes any client op. */
export function encodeClientOp(op: ClientOp): Uint8Array[] {
  switch (op.kind) {
    case "CONNECT":
      return [encodeConnect(op.options)];
    case "PUB":
      return encodePub(op.subject, op.payload, op.reply);
    case "HPUB":
      return encodeHpub(op.subject, op.headers, op.payload, op.reply);
    case "SUB":
      return [encodeSub(op.subject, op.sid, op.queue)];
    case "UNSUB":
      return [encodeUnsub(op.sid, op.max)];
    case "PING":
      return [encodePing()];
    case "PONG":
      return [encodePong()];
    default:
      throw new WireError(WireErrorCode.InvalidValue, `unknown client op ${JSON.stringify((op as { kind: unknown }).kind)}`);
  }
}

/** Joins encoded parts into one array (for tests, transcripts and small writes). */
export function joinParts(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
