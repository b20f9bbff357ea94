/**
 * The server's answer to a JetStream publish: a `PubAck`, or an API error object. The answer nats-server
 * writes for a stored message is read straight from the bytes: `{"stream":"<name>", "seq":<n>}` as 2.9 writes
 * it (a space after the comma; `, "domain":"<d>"` before the sequence with a domain, `,"duplicate": true`
 * after it for a duplicate), the same without the spaces (as JSON.stringify writes it); anything else goes
 * through `JSON.parse`, so both give the same result.
 */
import type { Msg } from "@nats-stack/core";
import type { ApiError } from "../api/api-types";
import { apiErrorFor, JetStreamError } from "../api/errors";
import type { PubAck } from "../client/client-api";

const decoder = new TextDecoder();

interface RawPubAck {
  stream?: unknown;
  seq?: unknown;
  duplicate?: unknown;
  domain?: unknown;
  error?: ApiError;
}

const enc = new TextEncoder();
const STREAM = enc.encode('{"stream":"');
const SEQ = enc.encode('"seq":');
const DOMAIN = enc.encode('"domain":"');
const DUPLICATE = enc.encode('"duplicate":');
const TRUE = enc.encode("true");
const COMMA = 44;
const SPACE = 32;

// The last stream name read, so that a run of acknowledgements from one stream reuses one string.
let lastName = "";
let lastNameBytes = new Uint8Array(0);

function startsWithAt(b: Uint8Array, at: number, p: Uint8Array): boolean {
  if (at + p.length > b.length) return false;
  for (let i = 0; i < p.length; i++) if (b[at + i] !== p[i]) return false;
  return true;
}

// Reads a name up to the next quote, with no escapes and plain ASCII, into `lastName`; returns the index
// after the closing quote, or -1 (the slow path decides).
function nameAt(b: Uint8Array, at: number): number {
  let end = at;
  while (end < b.length && b[end] !== 34) {
    const c = b[end]!;
    if (c === 92 || c < 32 || c > 126) return -1;
    end++;
  }
  if (end >= b.length) return -1;
  const n = end - at;
  let same = n === lastNameBytes.length;
  for (let i = 0; same && i < n; i++) same = b[at + i] === lastNameBytes[i];
  if (!same) {
    lastNameBytes = b.slice(at, end);
    lastName = decoder.decode(lastNameBytes);
  }
  return end + 1;
}

// After a comma and at most one space, where `p` starts: the index after `p`, or -1.
function fieldAt(b: Uint8Array, at: number, p: Uint8Array): number {
  if (b[at] !== COMMA) return -1;
  at++;
  if (b[at] === SPACE) at++;
  return startsWithAt(b, at, p) ? at + p.length : -1;
}

/** The common acknowledgement read from the bytes, or undefined when it is not in the common shape. */
export function fastPubAck(b: Uint8Array): PubAck | undefined {
  if (!startsWithAt(b, 0, STREAM)) return undefined;
  let i = nameAt(b, STREAM.length);
  if (i < 0 || lastName === "") return undefined;
  const stream = lastName;
  let domain: string | undefined;
  // With a domain, 2.9 writes it before the sequence; JSON.stringify of a PubAck after it.
  const d = fieldAt(b, i, DOMAIN);
  if (d > 0) {
    i = nameAt(b, d);
    if (i < 0) return undefined;
    domain = lastName;
  }
  i = fieldAt(b, i, SEQ);
  if (i < 0) return undefined;
  let seq = 0;
  const start = i;
  while (i < b.length && b[i]! >= 48 && b[i]! <= 57 && i - start < 16) seq = seq * 10 + (b[i++]! - 48);
  if (i === start || i - start >= 16) return undefined;
  const pa: PubAck = { stream, seq, duplicate: false };
  if (domain === undefined) {
    const at = fieldAt(b, i, DOMAIN);
    if (at > 0) {
      i = nameAt(b, at);
      if (i < 0) return undefined;
      pa.domain = lastName;
    }
  } else pa.domain = domain;
  const dup = fieldAt(b, i, DUPLICATE);
  if (dup > 0) {
    i = b[dup] === SPACE ? dup + 1 : dup;
    if (!startsWithAt(b, i, TRUE)) return undefined;
    pa.duplicate = true;
    i += TRUE.length;
  }
  return i === b.length - 1 && b[i] === 125 ? pa : undefined;
}

/**
 * The acknowledgement in `m`, or the error it carries: the API error's class (`wrong last sequence: 2` is a
 * `JetStreamApiError` with code 10071), `invalid ack response` for an acknowledgement without a stream, and
 * a {@link JetStreamError} naming the problem for an answer that is not JSON.
 */
export function parsePubAck(m: Msg): PubAck | Error {
  const data = m.data;
  const fast = fastPubAck(data);
  if (fast) return fast;
  let v: RawPubAck;
  try {
    v = JSON.parse(decoder.decode(data)) as RawPubAck;
  } catch (err) {
    return new JetStreamError(`invalid ack response: ${(err as Error).message}`, { cause: err });
  }
  if (v === null || typeof v !== "object") return new JetStreamError("invalid ack response");
  if (v.error) return apiErrorFor(v.error);
  if (typeof v.stream !== "string" || v.stream === "" || typeof v.seq !== "number") return new JetStreamError("invalid ack response");
  // Other fields the server adds (a batch's `count`, a counter's `val`) are kept, as nats.js keeps them.
  const pa = v as unknown as PubAck;
  pa.duplicate = v.duplicate === true;
  return pa;
}
