/**
 * Junk given to the flag parsers every verb uses (whole numbers, limits with -1, durations, timer durations,
 * sizes, nanosecond durations): each returns a value the command can use (in range, exact, finite) or throws
 * the command line's usage error naming the flag, which `main` prints as one line with exit status 1. The
 * cases found wrong once are kept below with their old behaviour; `test/integration/errors.int.test.ts` runs
 * them through the executable.
 */
import fc from "fast-check";
import { MAX_TIMER_DELAY } from "@nats-stack/core";
import { parseDuration, parseTimerDuration } from "../../src/args/duration";
import { parseByteSize } from "../../src/args/byte-size";
import { parseWhole } from "../../src/args/numbers";
import { parseLimit, parseNanos, parseSizeLimit } from "../../src/jetstream/js-args";
import { CliError } from "../../src/output/cli-error";

/** Flag text a user could type: numbers of every shape, units, signs, spaces, hex, exponents, words. */
const flagText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("-1", "-5", "0", "1", "1.5", "1e3", "0x10", "+5", " 7 ", "", "abc", "NaN", "Infinity", "-Infinity", "99999999999999999999", "9007199254740993", "1000000h", "99999999999999999999y", "-5s", "5", "1GB", "99999999999999GB", "-1", "1.5KB", "1s2", "292y", "293y", "25d", "24d"),
  fc.stringMatching(/^-?\d{1,25}(\.\d{1,3})?(ns|us|ms|s|m|h|d|w|y|b|kb|mb|gb|KiB|)?$/),
  fc.string({ maxLength: 6 }),
);

/** "" when `fn` returned a value `ok` accepts or threw a usage error naming `flag`; else the problem. */
function problem<T>(fn: () => T, flag: string, ok: (v: T) => boolean): string {
  let v: T;
  try {
    v = fn();
  } catch (e) {
    if (!(e instanceof CliError) || e.code !== "CLI_ERR_USAGE") return `not a usage error: ${String(e)}`;
    return e.message.includes(flag) ? "" : `the message does not name ${flag}: ${e.message}`;
  }
  return ok(v) ? "" : `accepted ${String(v)}`;
}

const run = (p: (t: string) => string) => fc.assert(fc.property(flagText, (t) => expect(p(t)).toBe("")), { numRuns: 500 });

describe("every flag parser: a usable value or a usage error naming the flag", () => {
  test("whole numbers (--count, --pub, --replicas…): a safe integer in range", () =>
    run((t) => problem(() => parseWhole(t, "--count", 1, 65535), "--count", (n) => Number.isSafeInteger(n) && n >= 1 && n <= 65535)));
  test("limits (--max-msgs…): a safe integer of at least -1", () =>
    run((t) => problem(() => parseLimit(t, "--max-msgs"), "--max-msgs", (n) => Number.isSafeInteger(n) && n >= -1)));
  test("durations: finite, not negative, below 2^63 ns", () =>
    run((t) => problem(() => parseDuration(t, "--max-age"), "--max-age", (ms) => Number.isFinite(ms) && ms >= 0 && ms * 1e6 < 2 ** 63)));
  test("timer durations (--timeout, --sleep, --wait): at most the longest delay a timer keeps", () =>
    run((t) => problem(() => parseTimerDuration(t, "--wait"), "--wait", (ms) => ms >= 0 && ms <= MAX_TIMER_DELAY)));
  test("nanosecond durations (JetStream configs): a whole number below 2^63", () =>
    run((t) => problem(() => parseNanos(t, "--dupe-window"), "--dupe-window", (ns) => Number.isInteger(ns) && ns >= 0 && ns < 2 ** 63)));
  test("sizes (--size, --max-bytes): an exact whole number of bytes; -1 only where it means unlimited", () => {
    run((t) => problem(() => parseByteSize(t, "--size"), "--size", (n) => Number.isSafeInteger(n) && n >= 0));
    run((t) => problem(() => parseSizeLimit(t, "--max-bytes"), "--max-bytes", (n) => Number.isSafeInteger(n) && n >= -1));
  });
});

describe("the cases found wrong once, kept as examples (old behaviour in each title)", () => {
  test.each([
    ["1e3", "--count must be a whole number of at least 1, not '1e3'"], // was 1000
    ["0x10", "--count must be a whole number of at least 1, not '0x10'"], // was 16
    ["+5", "--count must be a whole number of at least 1, not '+5'"], // was 5
  ])("--count %p: usage error (was read as another number)", (t, text) => {
    expect(() => parseWhole(t, "--count", 1)).toThrow(text);
  });

  test("--port 99999: usage error before nats-server starts (was nats-server's `invalid port` after starting it)", () => {
    expect(() => parseWhole("99999", "--port", 0, 65535)).toThrow("--port must be at most 65535, not '99999'");
  });

  test.each(["1000000h", "25d", "99999999999999999999y"])("timer duration %p: usage error (was a TimeoutOverflowWarning and a 1 ms timer: `sub --wait 1000000h` ended at once, exit 0)", (t) => {
    expect(() => parseTimerDuration(t, "--wait")).toThrow(`--wait '${t}' is `);
    expect(parseTimerDuration("24d", "--wait")).toBe(24 * 86_400_000);
  });

  test("--max-age 99999999999999999999y: usage error (was the server's `invalid JSON (err_code 10025)`)", () => {
    expect(() => parseNanos("99999999999999999999y", "--max-age")).toThrow("--max-age '99999999999999999999y' is too long");
    expect(parseNanos("292y", "--max-age")).toBe(292 * 365 * 86_400_000 * 1e6);
  });

  test("--max-bytes 99999999999999GB: usage error (was the server's `invalid JSON (err_code 10025)`)", () => {
    expect(() => parseSizeLimit("99999999999999GB", "--max-bytes")).toThrow("--max-bytes '99999999999999GB' is too large");
  });
});
