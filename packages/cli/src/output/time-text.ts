/**
 * Times as natscli shows them: local `2006-01-02 15:04:05` for a moment, and how long ago for a recent one
 * (`Last Message: 3.2s`); Go's zero time (`0001-01-01T00:00:00Z`, what the server sends for "never") is `never`.
 */
import { formatDuration, formatGoDuration } from "../args/duration";

/** True for a missing time or Go's zero time. */
export function isZeroTime(iso: string | undefined): boolean {
  if (!iso) return true;
  const t = Date.parse(iso);
  return !Number.isFinite(t) || t <= 0;
}

/** `2024-01-12 10:10:04` in local time. */
export function localTime(iso: string | Date): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  if (!Number.isFinite(d.getTime())) return String(iso);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** How long before `ref` (default now) `iso` was, as `3.2s` or `1m30s`; `never` for the zero time. */
export function sinceText(iso: string | undefined, ref?: string): string {
  if (isZeroTime(iso)) return "never";
  const now = ref && !isZeroTime(ref) ? Date.parse(ref) : Date.now();
  const ms = Math.max(0, now - Date.parse(iso!));
  // Beyond a minute, whole seconds with hours (`1h2m3s`), as a person reads an age.
  return ms < 60_000 ? formatDuration(ms) : formatGoDuration(Math.round(ms / 1000) * 1e9);
}
