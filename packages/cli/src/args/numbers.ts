/** Whole-number flags (`--count 3`, `--pub 2`), checked so `--count x` fails with a clear sentence. */
import { usageError } from "../output/cli-error";

/** Parses a whole number of at least `min` for the flag named `flag`. */
export function parseWhole(text: string | number | undefined, flag: string, min = 0): number {
  const n = typeof text === "number" ? text : Number(String(text ?? "").trim());
  if (!Number.isSafeInteger(n) || n < min || String(text ?? "").trim() === "") {
    throw usageError(`${flag} must be a whole number${min > 0 ? ` of at least ${min}` : ""}, not '${text}'`);
  }
  return n;
}
