/** Whole-number flags (`--count 3`, `--pub 2`), checked so `--count x` fails with a clear sentence. */
import { usageError } from "../output/cli-error";

/**
 * Parses a whole number from `min` to `max` for the flag named `flag`: decimal digits only (`1e3`, `0x10`
 * and `+5` are refused: `--count 1e3` is more likely a typo than a thousand), and no larger than a double
 * holds exactly.
 */
export function parseWhole(text: string | number | undefined, flag: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const s = String(text ?? "").trim();
  const n = typeof text === "number" ? text : /^-?\d+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n) || n < min) {
    throw usageError(`${flag} must be a whole number${min > 0 ? ` of at least ${min}` : ""}, not '${text}'`);
  }
  if (n > max) throw usageError(`${flag} must be at most ${max}, not '${text}'`);
  return n;
}
