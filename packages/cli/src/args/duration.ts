/**
 * Durations as natscli reads and prints them (Go's `time.ParseDuration` units plus fisk's `d`, `w`, `y`): `5s`,
 * `300ms`, `1m30s`, `1.5h`, `2d`, `1y`. A bare `0` is zero; any other bare number is refused (is `5` seconds or ms?).
 */
import { MAX_TIMER_DELAY } from "@nats-stack/core";
import { usageError } from "../output/cli-error";

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  "µs": 1e-3,
  "μs": 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  y: 365 * 86_400_000,
};

/** Milliseconds in a duration text; throws a usage error naming `what` when it is not one. */
export function parseDuration(text: string, what = "duration"): number {
  const s = String(text).trim();
  if (s === "0") return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d|w|y)/y;
  let i = 0;
  let total = 0;
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) break;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    i = re.lastIndex;
  }
  if (s.length === 0 || i !== s.length) {
    throw usageError(`invalid ${what} '${text}'`, "use a number with a unit: 500ms, 5s, 1m30s");
  }
  // Durations go to the server in int64 nanoseconds (at most ~292 years); past that the server answers
  // "invalid JSON" and a date that far back is no date.
  if (!(total * 1e6 < MAX_NANOS)) throw usageError(`${what} '${text}' is too long`, "at most 292y");
  return total;
}

/** The largest duration in nanoseconds the server takes (int64). */
const MAX_NANOS = 2 ** 63;

/**
 * A duration the command waits with a timer (`--timeout`, `--sleep`, `--wait`): at most
 * core's `MAX_TIMER_DELAY`, since Node fires a longer delay after 1 ms (a `--wait 1000000h` ended at once).
 */
export function parseTimerDuration(text: string, what = "duration"): number {
  const ms = parseDuration(text, what);
  if (ms > MAX_TIMER_DELAY) throw usageError(`${what} '${text}' is longer than a timer can wait`, "at most 24d20h31m23s");
  return ms;
}

/** Go's `Duration.String()` style, short: `412µs`, `1.23ms`, `2.5s`, `1m30s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms === 0) return "0s";
  const abs = Math.abs(ms);
  const round = (v: number, digits: number) => String(Number(v.toFixed(digits)));
  if (abs < 0.001) return `${round(ms * 1e6, 0)}ns`;
  if (abs < 1) return `${round(ms * 1e3, abs < 0.1 ? 1 : 0)}µs`;
  if (abs < 1000) return `${round(ms, abs < 10 ? 2 : abs < 100 ? 1 : 0)}ms`;
  if (abs < 60_000) return `${round(ms / 1000, 2)}s`;
  const m = Math.floor(abs / 60_000);
  const sec = (abs % 60_000) / 1000;
  return `${ms < 0 ? "-" : ""}${m}m${round(sec, 0)}s`;
}

function withFraction(whole: number, frac: number, digits: number): string {
  const f = String(frac).padStart(digits, "0").replace(/0+$/, "");
  return f ? `${whole}.${f}` : String(whole);
}

/**
 * Exactly Go's `time.Duration.String()` for a whole number of nanoseconds (`2m0s`, `1h0m0s`, `1.5s`,
 * `500ms`), as natscli prints configured durations (`Duplicate Window: 2m0s`).
 */
export function formatGoDuration(nanos: number): string {
  if (!Number.isFinite(nanos)) return String(nanos);
  const sign = nanos < 0 ? "-" : "";
  const ns = Math.round(Math.abs(nanos));
  if (ns === 0) return "0s";
  if (ns < 1e3) return `${sign}${ns}ns`;
  if (ns < 1e6) return `${sign}${withFraction(Math.floor(ns / 1e3), ns % 1e3, 3)}µs`;
  if (ns < 1e9) return `${sign}${withFraction(Math.floor(ns / 1e6), ns % 1e6, 6)}ms`;
  const h = Math.floor(ns / 3.6e12);
  const m = Math.floor((ns % 3.6e12) / 6e10);
  const rest = ns % 6e10;
  const s = withFraction(Math.floor(rest / 1e9), rest % 1e9, 9);
  return `${sign}${h > 0 ? `${h}h` : ""}${h > 0 || m > 0 ? `${m}m` : ""}${s}s`;
}
