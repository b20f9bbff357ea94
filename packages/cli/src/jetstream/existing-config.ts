/**
 * `kv add` and `object add` on a bucket that already exists: natscli (nats.go) succeeds when the asked
 * configuration is the bucket's and fails otherwise; the stores' `create()` would quietly open the bucket as
 * it is. The settings the flags control are compared, and each difference is named.
 */
import type { StreamConfig } from "@nats-stack/jetstream";
import { formatBytes } from "../args/byte-size";
import { formatGoDuration } from "../args/duration";
import { CliError, CliErrorCode } from "../output/cli-error";

/** One setting the flags control: its label, how to read it from the stream, and what was asked. */
export interface WantedSetting {
  label: string;
  actual: (c: StreamConfig) => number | string | boolean | undefined;
  wanted: number | string | boolean | undefined;
  /** How a value is shown (default: as it is). */
  show?: (v: number | string | boolean | undefined) => string;
}

/** Shows a byte limit (`-1`, `0` and undefined are unlimited). */
export const showBytes = (v: number | string | boolean | undefined) => (typeof v !== "number" || v <= 0 ? "unlimited" : formatBytes(v));
/** Shows a duration in nanoseconds (0 is unlimited). */
export const showNanos = (v: number | string | boolean | undefined) => (typeof v !== "number" || v <= 0 ? "unlimited" : formatGoDuration(v));

/** Normalises "no limit" forms so `-1`, `0` and undefined compare equal where the server treats them so. */
function norm(v: number | string | boolean | undefined): number | string | boolean {
  if (v === undefined || v === "") return "";
  if (typeof v === "number" && v <= 0) return -1;
  return v;
}

/** Throws when the existing bucket's stream differs from what was asked. */
export function checkSameConfig(what: string, existing: StreamConfig, settings: WantedSetting[], hint: string): void {
  const diffs: string[] = [];
  for (const s of settings) {
    const a = s.actual(existing);
    if (norm(a) === norm(s.wanted)) continue;
    const show = s.show ?? ((v) => (v === undefined || v === "" ? "none" : String(v)));
    diffs.push(`${s.label} ${show(a)}, not ${show(s.wanted)}`);
  }
  if (diffs.length) throw new CliError(CliErrorCode.JetStream, `${what} already exists with another configuration: ${diffs.join("; ")}`, { hint });
}
