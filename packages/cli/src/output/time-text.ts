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

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad2 = (n: number) => String(n).padStart(2, "0");

/** The local zone's short name (`UTC`, `CET`, `GMT+2`), as Go's `MST` layout element prints it. */
function zoneName(d: Date): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" }).formatToParts(d).find((p) => p.type === "timeZoneName");
  return part?.value ?? "UTC";
}

/** Go's `time.RFC822` in local time (`12 Jan 24 10:10 UTC`), as `nats kv get` prints an entry's creation. */
export function rfc822(d: Date): string {
  return `${pad2(d.getDate())} ${MONTHS[d.getMonth()]} ${pad2(d.getFullYear() % 100)} ${pad2(d.getHours())}:${pad2(d.getMinutes())} ${zoneName(d)}`;
}

/** Go's `time.RFC3339` in local time (`2024-01-12T10:10:04+01:00`, `Z` at UTC), as natscli's bucket headings. */
export function rfc3339Local(iso: string | Date): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  if (!Number.isFinite(d.getTime())) return String(iso);
  const off = -d.getTimezoneOffset();
  const zone = off === 0 ? "Z" : `${off > 0 ? "+" : "-"}${pad2(Math.floor(Math.abs(off) / 60))}:${pad2(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}T${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}${zone}`;
}
