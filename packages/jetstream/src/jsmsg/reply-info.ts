/**
 * Delivery metadata from a JetStream message's reply subject (the subject its acks go to):
 *
 *   $JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<dseq>.<ts>.<pending>                       (9 tokens)
 *   $JS.ACK.<domain>.<account hash>.<stream>.<consumer>.<delivered>.<sseq>.<dseq>.<ts>.<pending>[.<random>…]
 *
 * (the second form, 11 or more tokens, from servers 2.9+ with a domain or account hash; the domain `_` means
 * none). Parsed by scanning the string once, without splitting it, because an ordered consumer reads the
 * sequences of every message.
 */
import type { DeliveryInfo } from "../api/message-types";

/** The text nats.js throws for a reply subject that is not a JetStream ack subject. */
export const NOT_JS_MSG = "unable to parse delivery info - not a jetstream message";

// Positions of the dots of the subject being parsed (reused: parsing is synchronous).
const dots = new Int32Array(16);

/** The numbers an ordered consumer needs, parsed without building a {@link DeliveryInfo}. */
export interface AckSequences {
  /** Index of the stream token (2 in the short form, 4 in the long one); -1 when not an ack subject. */
  base: number;
  /**
   * Where the numeric tokens begin (the delivery count's first character): everything before is the same for
   * every message of one consumer.
   */
  tail: number;
  deliveryCount: number;
  streamSequence: number;
  deliverySequence: number;
  pending: number;
}

// A non-negative decimal between two dots, or NaN when the token is empty or not all digits. Up to 15
// digits the running sum is exact; longer ones (timestamps in nanoseconds) are rounded once, as parseInt does.
function num(s: string, from: number, to: number): number {
  if (to <= from) return NaN;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return to - from > 15 ? Number(s.slice(from, to)) : n;
}

// Finds the dots of `s` (at most 16); returns the token count, 0 when `s` is not a `$JS.ACK.` subject.
function scan(s: string): number {
  if (typeof s !== "string" || !s.startsWith("$JS.ACK.")) return 0;
  let n = 0;
  for (let i = s.indexOf(".", 8); i !== -1 && n < 16; i = s.indexOf(".", i + 1)) dots[n++] = i;
  // The first two dots ($JS.ACK.) are not in `dots`; count them back in.
  const tokens = n + 3;
  return n === 16 ? 19 : tokens;
}

// Start and end of token t (0-based, counted from "$JS").
const tokStart = (t: number): number => (t === 2 ? 8 : dots[t - 3]! + 1);
const tokEnd = (s: string, t: number, tokens: number): number => (t === tokens - 1 ? s.length : dots[t - 2]!);

// Where each token of the subject being parsed starts, and the numbers read (reused: parsing is synchronous).
const starts = new Int32Array(21);
const values = new Float64Array(5);

/**
 * Fills `out` with the sequences of an ack subject and returns true, or returns false (leaving `out`) when
 * `s` is not one or a number in it is malformed. An ordered consumer calls this for every message: the dots
 * are found with indexOf (the names are skipped, not read), then one loop reads the five numeric tokens. A
 * form with a call per token and per number took V8 over 40 ms to optimise, on a thread of its own but on
 * the same cores as everything else.
 */
export function parseAckSequences(s: string, out: AckSequences): boolean {
  if (typeof s !== "string" || !s.startsWith("$JS.ACK.")) return false;
  let t = 2;
  starts[2] = 8;
  for (let i = s.indexOf(".", 8); i !== -1 && t < 19; i = s.indexOf(".", i + 1)) starts[++t] = i + 1;
  const tokens = t + 1;
  let base: number;
  if (tokens === 9) base = 2;
  else if (tokens >= 11) base = 4;
  else return false;
  // The end of the last token read is the start of the next one minus its dot (or the end of the subject).
  starts[tokens] = s.length + 1;
  for (let k = 0; k < 5; k++) {
    const from = starts[base + 2 + k]!;
    const to = starts[base + 3 + k]! - 1;
    if (to <= from) return false;
    let n = 0;
    for (let i = from; i < to; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return false;
      n = n * 10 + c;
    }
    // Up to 15 digits the running sum is exact; longer ones are read again as one number (rounded once, as
    // parseInt does). The timestamp (k = 3) is only checked to be digits.
    values[k] = to - from > 15 && k !== 3 ? Number(s.slice(from, to)) : n;
  }
  out.base = base;
  out.tail = starts[base + 2]!;
  out.deliveryCount = values[0]!;
  out.streamSequence = values[1]!;
  out.deliverySequence = values[2]!;
  out.pending = values[4]!;
  return true;
}

/**
 * The delivery info of an ack subject, as nats.js's `parseInfo`; throws `unable to parse delivery info - not a
 * jetstream message` for anything else (including numbers that are not numbers).
 */
export function parseInfo(s: string): DeliveryInfo {
  const tokens = scan(s);
  let base: number;
  if (tokens === 9) base = 2;
  else if (tokens >= 11) base = 4;
  else throw new Error(NOT_JS_MSG);
  const tok = (t: number) => s.slice(tokStart(t), tokEnd(s, t, tokens));
  const n = (t: number) => num(s, tokStart(t), tokEnd(s, t, tokens));
  const deliveryCount = n(base + 2);
  const streamSequence = n(base + 3);
  const deliverySequence = n(base + 4);
  const timestampNanos = n(base + 5);
  const pending = n(base + 6);
  if ([deliveryCount, streamSequence, deliverySequence, timestampNanos, pending].some(Number.isNaN)) throw new Error(NOT_JS_MSG);
  const domain = base === 4 ? tok(2) : "_";
  const info: DeliveryInfo = {
    domain: domain === "_" ? "" : domain,
    account_hash: base === 4 ? tok(3) : "",
    stream: tok(base),
    consumer: tok(base + 1),
    deliveryCount,
    redelivered: deliveryCount > 1,
    streamSequence,
    deliverySequence,
    timestampNanos,
    pending,
  };
  return info;
}

/** The timestamp token of an ack subject as an exact BigInt of nanoseconds. */
export function parseTimestampNanos(s: string): bigint {
  const tokens = scan(s);
  let base: number;
  if (tokens === 9) base = 2;
  else if (tokens >= 11) base = 4;
  else throw new Error(NOT_JS_MSG);
  const t = base + 5;
  const text = s.slice(tokStart(t), tokEnd(s, t, tokens));
  if (!/^\d+$/.test(text)) throw new Error(NOT_JS_MSG);
  return BigInt(text);
}
