import { ValidationError } from "./errors";
import { MAX_SID } from "./limits";

// Why a character is refused, or "" when it may appear in a subject or queue name. Control characters and
// DEL are refused outright (the protocol only names space, tab, CR, LF; the others would be invisible in a
// log and mean nothing to any server). Lone UTF-16 surrogates cannot be encoded as UTF-8.
function badNameChar(s: string, i: number): string {
  const c = s.charCodeAt(i);
  if (c === 32) return "contains a space";
  if (c === 9) return "contains a tab";
  if (c === 13) return "contains CR";
  if (c === 10) return "contains LF";
  if (c === 0) return "contains NUL";
  if (c < 32 || c === 127) return `contains control character 0x${c.toString(16)}`;
  if (c >= 0xd800 && c <= 0xdfff) {
    const hi = c <= 0xdbff;
    const pair = hi ? s.charCodeAt(i + 1) : s.charCodeAt(i - 1);
    const ok = hi ? pair >= 0xdc00 && pair <= 0xdfff : pair >= 0xd800 && pair <= 0xdbff;
    if (!ok) return "contains a lone surrogate";
  }
  return "";
}

/**
 * Returns why `s` is not a valid subject, or "" when it is. With `wildcards`, tokens `*` anywhere and `>`
 * as the last token are allowed (subscriptions); without, both are refused (publish and reply subjects).
 * A `*` or `>` inside a longer token is an ordinary character, as in nats-server.
 */
export function subjectProblem(s: string, wildcards: boolean): string {
  const n = s.length;
  if (n === 0) return "is empty";
  let tokenStart = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 /* . */) {
      if (i === tokenStart) return "has an empty token";
      if (i - tokenStart === 1) {
        const t = s.charCodeAt(tokenStart);
        if (t === 62 /* > */) return wildcards ? "has '>' before the last token" : "has a wildcard '>'";
        if (t === 42 /* * */ && !wildcards) return "has a wildcard '*'";
      }
      tokenStart = i + 1;
      continue;
    }
    if (c <= 32 || c === 127 || (c >= 0xd800 && c <= 0xdfff)) {
      const why = badNameChar(s, i);
      if (why) return why;
    }
  }
  if (tokenStart === n) return "has an empty token";
  if (n - tokenStart === 1 && !wildcards) {
    const t = s.charCodeAt(tokenStart);
    if (t === 62) return "has a wildcard '>'";
    if (t === 42) return "has a wildcard '*'";
  }
  return "";
}

/** Throws {@link ValidationError} unless `subject` is a literal subject (no wildcards): publish, reply. */
export function validateSubject(subject: unknown, field = "subject"): asserts subject is string {
  if (typeof subject !== "string") throw new ValidationError(field, subject, "must be a string");
  const why = subjectProblem(subject, false);
  if (why) throw new ValidationError(field, subject, why);
}

/** Throws {@link ValidationError} unless `subject` may be subscribed to (`*` tokens, `>` last). */
export function validateSubscribeSubject(subject: unknown, field = "subject"): asserts subject is string {
  if (typeof subject !== "string") throw new ValidationError(field, subject, "must be a string");
  const why = subjectProblem(subject, true);
  if (why) throw new ValidationError(field, subject, why);
}

/** Throws {@link ValidationError} unless `queue` is a valid queue group name (non-empty, no whitespace). */
export function validateQueue(queue: unknown, field = "queue"): asserts queue is string {
  if (typeof queue !== "string") throw new ValidationError(field, queue, "must be a string");
  if (queue.length === 0) throw new ValidationError(field, queue, "is empty");
  for (let i = 0; i < queue.length; i++) {
    const why = badNameChar(queue, i);
    if (why) throw new ValidationError(field, queue, why);
  }
}

/** Returns why `key` is not a header key (printable ASCII 0x21-0x7e without `:`), or "". */
export function headerKeyProblem(key: string): string {
  if (key.length === 0) return "is empty";
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c === 58) return "contains ':'";
    if (c < 33 || c > 126) return `contains '${c < 32 || c > 126 ? "\\u" + c.toString(16).padStart(4, "0") : key[i]}'`;
  }
  return "";
}

/** Throws {@link ValidationError} unless `key` is a valid header key. */
export function validateHeaderKey(key: unknown): asserts key is string {
  if (typeof key !== "string") throw new ValidationError("header key", key, "must be a string");
  const why = headerKeyProblem(key);
  if (why) throw new ValidationError("header key", key, why);
}

/** Throws {@link ValidationError} unless `value` is a valid header value (a string without CR or LF). */
export function validateHeaderValue(value: unknown): asserts value is string {
  if (typeof value !== "string") throw new ValidationError("header value", value, "must be a string");
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 13) throw new ValidationError("header value", value, "contains CR");
    if (c === 10) throw new ValidationError("header value", value, "contains LF");
  }
}

/** Throws {@link ValidationError} unless `sid` is an integer in [0, 2^53). */
export function validateSid(sid: unknown, field = "sid"): asserts sid is number {
  if (typeof sid !== "number" || !Number.isInteger(sid) || sid < 0 || sid > MAX_SID) {
    throw new ValidationError(field, sid, "must be an integer from 0 to 2^53-1");
  }
}

/** Throws {@link ValidationError} unless `n` is an integer in [0, max]. */
export function validateSize(n: unknown, field: string, max: number): asserts n is number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
    throw new ValidationError(field, n, "must be a non-negative integer");
  }
  if (n > max) throw new ValidationError(field, n, `is larger than the maximum ${max}`);
}
