/**
 * Message sizes as natscli's `--size` takes them: `16`, `1KB`, `1KiB`, `2MB` (KB and KiB both 1024 bytes,
 * as natscli's parseStringAsBytes).
 */
import { usageError } from "../output/cli-error";

const UNITS: Record<string, number> = { "": 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/** Bytes in a size text; throws a usage error naming `what` when it is not a size. */
export function parseByteSize(text: string, what = "size"): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(String(text));
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw usageError(`invalid ${what} '${text}'`, "use bytes or a unit: 16, 1KB, 1MiB");
  const n = Math.round(Number(m[1]) * unit);
  // Past 2^53 a byte count is no longer exact in JSON (the server answered "invalid JSON" to 99999999999999GB).
  if (!Number.isSafeInteger(n)) throw usageError(`${what} '${text}' is too large`, "at most 8PiB");
  return n;
}

/** A byte count for people: `16 B`, `1.0 KiB`, `12.3 MiB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}
