/**
 * What a SubscriptionRequest can carry. The rule: a value the protocol can carry goes to the server, which
 * judges it (a `maxInFlight` of 0 gets the server's `stan: invalid MaxInflight, should be >= 1` on the
 * subscription's `error` event, as with node-nats-streaming); a value it cannot carry (a fraction, NaN,
 * ±Infinity, a negative or inexact start sequence, an invalid date, a wrong type, a name with a lone
 * surrogate the codec would turn into U+FFFD) is refused with a StanError (`STAN_ERR_BAD_OPTION`) where it
 * is given: by the setter, or by `subscribe()` for fields assigned directly. node-nats-streaming threw its
 * protobuf library's `Assertion failed` from `subscribe()` for most of these (after subscribing the inbox,
 * which then leaked), sent a number durable name as no durable name, and threw a TypeError from
 * `setStartTime(null)`.
 */
import { StanError } from "./errors";
import { MAX_INT32, badOption, hasLoneSurrogate, shown } from "./option-checks";
import { StartPosition } from "./pb/protocol";

const MIN_INT32 = -(2 ** 31);
const MAX_UINT64 = 2n ** 64n - 1n;
// 2^63 as a double: an int64 holds every whole number of smaller magnitude (2^63 itself is one too many, and
// 2^63 - 1 is not a double).
const INT64_BOUND = 2 ** 63;
// The longest start delta, in whole ms, whose nanoseconds fit an int64 (about 292 years).
const MAX_DELTA_MS = Math.floor(INT64_BOUND / 1_000_000);

// A value a protobuf int32 field carries exactly.
function isInt32(v: unknown): boolean {
  return typeof v === "number" && Number.isInteger(v) && v >= MIN_INT32 && v <= MAX_INT32;
}

function optionError(name: string, what: string, v: unknown): StanError {
  return badOption(`stan: subscription option '${name}' must be ${what}, got ${shown(v)}`);
}

/** Why `v` cannot be the `maxInFlight` of a request (an int32), or undefined. */
export function maxInFlightError(v: unknown): StanError | undefined {
  if (isInt32(v)) return undefined;
  return optionError("maxInFlight", "an integer (the server wants at least 1)", v);
}

/** Why `v` (ms) cannot be an ack wait (sent as whole seconds, an int32), or undefined. */
export function ackWaitError(v: unknown): StanError | undefined {
  if (typeof v === "number" && Number.isFinite(v) && Math.abs(Math.ceil(v / 1000)) <= MAX_INT32) return undefined;
  return optionError("ackWait", "a finite number of milliseconds (the server wants at least 1 s)", v);
}

/** Why `v` cannot be a start position (an enum, carried as an int32), or undefined. */
export function startPositionError(v: unknown): StanError | undefined {
  if (isInt32(v)) return undefined;
  return optionError("startPosition", "one of StartPosition's values", v);
}

/** Why `v` cannot be a start sequence (a uint64: a safe integer or a bigint, 0 or more), or undefined. */
export function startSequenceError(v: unknown): StanError | undefined {
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return undefined;
  if (typeof v === "bigint" && v >= 0n && v <= MAX_UINT64) return undefined;
  return optionError("startSequence", "an integer from 0 (a bigint above 2^53)", v);
}

// Why a start delta of `ns` nanoseconds (`given` as the user gave it) cannot be sent, or undefined.
function deltaNanosError(ns: number | undefined, given: unknown): StanError | undefined {
  if (ns !== undefined && Number.isFinite(ns) && Math.abs(ns) < INT64_BOUND) return undefined;
  return optionError("startTime", "a finite number of milliseconds (less than 292 years)", given);
}

/** Why `ms` cannot be a start time delta (ms, sent as an int64 of nanoseconds), or undefined. */
export function startTimeDeltaError(ms: unknown): StanError | undefined {
  return deltaNanosError(typeof ms === "number" ? ms * 1_000_000 : undefined, ms);
}

/**
 * Why `d` cannot be a start date at `now`, or undefined: a Date or a number of ms since the epoch, not NaN,
 * and less than 292 years ago (the delta from now is sent as an int64 of nanoseconds).
 */
export function startDateError(d: unknown, now = Date.now()): StanError | undefined {
  // A number must make a valid Date too (at most 8.64e15 ms from the epoch).
  const ms = d instanceof Date ? d.getTime() : typeof d === "number" ? new Date(d).getTime() : NaN;
  if (Number.isFinite(ms)) {
    // As startTimeDeltaNanos rounds it; a date in the future is a delta of 0.
    if (Math.round(now - ms) <= MAX_DELTA_MS) return undefined;
    return badOption(`stan: subscription option 'startTime' must be a Date less than 292 years ago, got ${new Date(ms).toISOString()}`);
  }
  if (d instanceof Date) return badOption("stan: subscription option 'startTime' must be a valid Date, got an invalid Date");
  return optionError("startTime", "a valid Date", d);
}

/** Why `v` cannot be a name sent in a request (durable name, queue group), or undefined. */
export function nameError(name: string, v: unknown): StanError | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") return optionError(name, "a string", v);
  if (hasLoneSurrogate(v)) return optionError(name, "well-formed text (the codec would send U+FFFD for a lone surrogate)", v);
  return undefined;
}

/** The fields of SubscriptionOptions the request is built from. */
export interface RequestFields {
  durableName?: unknown;
  maxInFlight?: unknown;
  ackWait?: unknown;
  startPosition?: unknown;
  startSequence?: unknown;
  startTime?: unknown;
  startDate?: unknown;
}

/**
 * The first field of `o` a SubscriptionRequest cannot carry, as a StanError, or undefined. A field left
 * undefined takes its default (a plain object may stand for SubscriptionOptions, as node-nats-streaming
 * allowed).
 */
export function subscriptionOptionsError(o: RequestFields): StanError | undefined {
  const { durableName, maxInFlight, ackWait, startPosition, startSequence, startTime, startDate } = o;
  return (
    nameError("durableName", durableName) ??
    (maxInFlight === undefined ? undefined : maxInFlightError(maxInFlight)) ??
    (ackWait === undefined ? undefined : ackWaitError(ackWait)) ??
    (startPosition === undefined ? undefined : startPositionError(startPosition)) ??
    (startPosition === StartPosition.SEQUENCE_START && startSequence !== undefined && startSequence !== null ? startSequenceError(startSequence) : undefined) ??
    (startPosition !== StartPosition.TIME_DELTA_START
      ? undefined
      : startDate !== undefined
        ? startDateError(startDate)
        : startTime === undefined || startTime === null
          ? undefined
          : deltaNanosError(typeof startTime === "number" ? startTime : undefined, typeof startTime === "number" ? startTime / 1_000_000 : startTime))
  );
}

/**
 * The queue group and options of `subscribe(subject, qGroup?, opts?)`, node-nats-streaming's way (a string
 * second argument is the group, an object the options; a third argument is the options), refusing what it
 * ignored (a number group silently made a plain subscriber) and what no request can carry. Throws a
 * StanError.
 */
export function subscribeArguments(qGroup: unknown, opts: unknown): { group: string | undefined; options: RequestFields | undefined } {
  let group: string | undefined;
  let options: RequestFields | undefined;
  if (typeof qGroup === "string") group = qGroup;
  else if (typeof qGroup === "object" && qGroup !== null) options = qGroup;
  else if (qGroup !== undefined && qGroup !== null) throw badOption(`stan: subscribe's queue group must be a string, got ${shown(qGroup)}`);
  if (typeof opts === "object" && opts !== null) options = opts;
  else if (opts !== undefined && opts !== null) throw badOption(`stan: subscribe's options must be SubscriptionOptions, got ${shown(opts)}`);
  const bad = nameError("qGroup", group) ?? (options ? subscriptionOptionsError(options) : undefined);
  if (bad) throw bad;
  return { group, options };
}
