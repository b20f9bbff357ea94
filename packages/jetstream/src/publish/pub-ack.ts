/**
 * The server's answer to a JetStream publish: a `PubAck`, or an API error object. The answer nats-server
 * writes for a stored message, `{"stream":"<name>","seq":<n>}` (with `,"domain":"<d>"` and/or
 * `,"duplicate":true` before the brace), is read straight from the bytes; anything else goes through
 * `JSON.parse`, so both give the same result.
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
const SEQ = enc.encode(',"seq":');
const DOMAIN = enc.encode(',"domain":"');
const DUPLICATE = enc.encode(',"duplicate":true');

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

/** The common acknowledgement read from the bytes, or undefined when it is not in the common shape. */
export function fastPubAck(b: Uint8Array): PubAck | undefined {
  if (!startsWithAt(b, 0, STREAM)) return undefined;
  let i = nameAt(b, STREAM.length);
  if (i < 0 || lastName === "") return undefined;
  const stream = lastName;
  if (!startsWithAt(b, i, SEQ)) return undefined;
  i += SEQ.length;
  let seq = 0;
  const start = i;
  while (i < b.length && b[i]! >= 48 && b[i]! <= 57 && i - start < 16) seq = seq * 10 + (b[i++]! - 48);
  if (i === start || i - start >= 16) return undefined;
  const pa: PubAck = { stream, seq, duplicate: false };
  if (startsWithAt(b, i, DOMAIN)) {
    i = nameAt(b, i + DOMAIN.length);
    if (i < 0) return undefined;
    pa.domain = lastName;
  }
  if (startsWithAt(b, i, DUPLICATE)) {
    pa.duplicate = true;
    i += DUPLICATE.length;
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
