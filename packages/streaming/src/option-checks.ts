/**
 * The checks `connect()` makes on its options before anything is dialled. node-nats-streaming checked
 * almost nothing: a timer option of `Infinity` or 2^31 fired after 1 ms (Node's timers clamp it), a
 * fractional ping count was truncated by the protobuf codec, a Symbol port threw a TypeError from inside the
 * client. Here each is a StanError (`STAN_ERR_BAD_OPTION`) thrown by `connect()`, the shape
 * node-nats-streaming uses for the options it does refuse.
 */
import { MAX_TIMER_DELAY, subjectProblem } from "@nats-stack/core";
import { StanError } from "./errors";
import type { StanOptions } from "./options";

/** The largest value of a protobuf `int32` field. */
export const MAX_INT32 = 2 ** 31 - 1;

/** A StanError for a bad option. */
export function badOption(text: string): StanError {
  return new StanError("STAN_ERR_BAD_OPTION", text);
}

/** A value for an error text: Symbols and BigInts included (a template literal throws on a Symbol). */
export function shown(v: unknown): string {
  if (typeof v === "string") return `'${JSON.stringify(v).slice(1, -1)}'`;
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "symbol" || typeof v === "number" || typeof v === "boolean" || v === undefined || v === null) return String(v);
  return typeof v === "function" ? "a function" : Array.isArray(v) ? "an array" : "an object";
}

/** True when `s` holds a lone UTF-16 surrogate (the protobuf codec would send U+FFFD in its place). */
export function hasLoneSurrogate(s: string): boolean {
  return /\p{Cs}/u.test(s);
}

// Milliseconds for a timer: at least 1 (the least core takes for a request's timeout, and STAN's requests go
// through it; one rule for all four) and no longer than a timer can wait.
const TIMERS = ["connectTimeout", "ackTimeout", "stanPingInterval", "requestTimeout"] as const;

function checkTimer(o: StanOptions, k: keyof StanOptions, min: 0 | 1): void {
  const v = o[k];
  if (v === undefined) return;
  if (typeof v !== "number" || !(v >= min) || v > MAX_TIMER_DELAY) {
    throw badOption(`stan: option '${k}' must be a number from ${min} up to ${MAX_TIMER_DELAY} (milliseconds), got ${shown(v)}`);
  }
}

function checkCount(o: StanOptions, k: keyof StanOptions, min: number, max: number): void {
  const v = o[k];
  if (v === undefined) return;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw badOption(`stan: option '${k}' must be an integer from ${min} to ${max}, got ${shown(v)}`);
  }
}

/**
 * Throws a StanError for an option `connect()` cannot use: timers out of a timer's range, counts that are
 * not integers, a port that is not one, a discover prefix that cannot start a subject, `natsOptions` that is
 * not an object. NATS options passed through (servers, name, tls…) are core's to check.
 */
export function checkStanOptions(o: StanOptions): void {
  for (const k of TIMERS) checkTimer(o, k, 1);
  checkTimer(o, "recoverSessionWait", 0);
  // Positive, as node-nats-streaming's README asks; the ping count is an int32 in the ConnectRequest.
  checkCount(o, "maxPubAcksInflight", 1, Number.MAX_SAFE_INTEGER);
  checkCount(o, "stanMaxPingOut", 1, MAX_INT32);
  checkCount(o, "maxRecoverAttempts", -1, Number.MAX_SAFE_INTEGER);
  checkCount(o, "port", 1, 65535);
  if (o.discoverPrefix !== undefined) {
    const why = typeof o.discoverPrefix === "string" ? subjectProblem(o.discoverPrefix, false) : "must be a string";
    if (why) throw badOption(`stan: option 'discoverPrefix' ${shown(o.discoverPrefix)} ${why}`);
  }
  if (o.stanEncoding !== undefined && typeof o.stanEncoding !== "string") {
    throw badOption(`stan: option 'stanEncoding' must be a string ('binary' or 'utf8'), got ${shown(o.stanEncoding)}`);
  }
  const n = o.natsOptions;
  if (n !== undefined && n !== null && (typeof n !== "object" || Array.isArray(n))) {
    throw badOption(`stan: option 'natsOptions' must be an object of @nats-stack/core options, got ${shown(n)}`);
  }
  checkAuthOptions(o);
}

// nats@1 refused these when connecting (node-nats-streaming's connect threw them); its texts.
function checkAuthOptions(o: StanOptions): void {
  if (o.tokenHandler !== undefined && typeof o.tokenHandler !== "function") throw badOption("tokenHandler must be a function returning a token");
  if (o.tokenHandler !== undefined && o.token !== undefined) throw badOption("token and tokenHandler cannot both be provided");
  if (o.nonceSigner !== undefined && typeof o.nonceSigner !== "function") throw badOption("Signature callback is not a function.");
  if (o.userJWT !== undefined && typeof o.userJWT !== "string" && typeof o.userJWT !== "function") {
    throw badOption("stan: option 'userJWT' must be a string or a function returning one");
  }
  if (o.userCreds !== undefined && typeof o.userCreds !== "string") throw badOption("stan: option 'userCreds' must be the path of a creds file");
  // Sent as is in the CONNECT JSON: a BigInt there failed as an untyped TypeError from inside the handshake.
  if (o.nkey !== undefined && typeof o.nkey !== "string") throw badOption(`stan: option 'nkey' must be a string (a public NKey), got ${shown(o.nkey)}`);
}

/**
 * Throws a StanError unless `clusterID` can end the discover subject `<prefix>.<clusterID>` (no wildcard,
 * whitespace, control character, empty token or lone surrogate). node-nats-streaming sent any text; a
 * subject the NATS server cannot parse never reached a STAN server.
 */
export function checkClusterID(clusterID: string, prefix: string): void {
  const why = subjectProblem(`${prefix}.${clusterID}`, false);
  if (why) throw new StanError("STAN_ERR_BAD_CLUSTER_ID", `stan: cluster ID ${shown(clusterID)} cannot be used in the discover subject: it ${why}`);
}
