/** Numbers in bench output: grouped thousands for counts and rates, short durations for latency. */
import { formatDuration } from "../args/duration";

/** `1,234,567` (rounded). */
export function grouped(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "-";
}

/** `12.34` (two decimals). */
export function fixed2(n: number): string {
  return Number.isFinite(n) ? n.toFixed(2) : "-";
}

/** A latency in ms as `412µs`, `1.23ms`; `-` when not measured. */
export function latencyText(ms: number | undefined): string {
  return ms !== undefined && Number.isFinite(ms) ? formatDuration(ms) : "-";
}

/** `2.31×`; `-` when either side is missing. */
export function ratioText(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : "-";
}
