/**
 * The argument forms JetStream flags take, as natscli reads them: `-1` for "unlimited", sizes with units
 * (`--max-bytes 1GB`), durations (`--max-age 1y`), subject lists given several times or comma and space
 * separated (`--subjects 'ORDERS.*' --subjects 'SHIPPING.>'`, `--subjects 'a b,c'`), checked before anything
 * is sent.
 */
import { checkSubject } from "@nats-stack/core";
import { parseByteSize } from "../args/byte-size";
import { parseDuration } from "../args/duration";
import { usageError } from "../output/cli-error";

/** `--subjects` values split on commas and whitespace, each checked as a subject (wildcards allowed). */
export function subjectList(values: string[] | undefined, flag: string): string[] {
  const out = (values ?? []).flatMap((v) => v.split(/[\s,]+/)).filter((s) => s !== "");
  for (const s of out) checkSubject(s, { wildcards: true });
  if (values?.length && out.length === 0) throw usageError(`${flag} needs at least one subject`);
  return out;
}

/** A whole number that may be -1 (unlimited), for `--max-msgs` and the like. */
export function parseLimit(text: string, flag: string): number {
  const s = String(text).trim();
  const n = Number(s);
  if (s === "" || !Number.isSafeInteger(n) || n < -1) throw usageError(`${flag} must be a whole number, or -1 for unlimited, not '${text}'`);
  return n;
}

/** A size that may be -1 (unlimited): `1GB`, `512MiB`, `-1`. */
export function parseSizeLimit(text: string, flag: string): number {
  const s = String(text).trim();
  if (s === "-1") return -1;
  return parseByteSize(s, flag);
}

/** A duration in nanoseconds; `-1` and `0` mean none (0). */
export function parseNanos(text: string, flag: string): number {
  const s = String(text).trim();
  if (s === "-1" || s === "0") return 0;
  return Math.round(parseDuration(s, flag) * 1e6);
}

/** A value among `choices` (case-insensitive), mapped to what the API takes. */
export function parseChoice<T extends string>(text: string, flag: string, choices: Record<string, T>): T {
  const v = choices[String(text).trim().toLowerCase()];
  if (v === undefined) throw usageError(`${flag} must be one of ${Object.keys(choices).join(", ")}, not '${text}'`);
  return v;
}
