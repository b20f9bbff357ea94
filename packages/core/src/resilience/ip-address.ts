/**
 * IP literal recognition for the server pool (a gossiped IP gets the TLS name of the host the user gave) and
 * for nats.js's `isIP`. Exact, as nats.js's ipparser (a port of Go's `net.ParseIP`): four decimal octets
 * up to 255, or eight hex groups with at most one `::` and an optional dotted IPv4 tail. Unlike nats.js,
 * nothing may follow the last IPv4 octet (`1.2.3.4x` is no IP).
 */

/** True for a dotted-decimal IPv4 address (`127.0.0.1`; `256.0.0.1` is not). */
export function isIPv4(s: string): boolean {
  const parts = s.split(".");
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3) return false;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      if (c < 48 || c > 57) return false;
    }
    if (Number(p) > 255) return false;
  }
  return true;
}

function isHexGroup(g: string): boolean {
  if (g.length === 0 || g.length > 4) return false;
  for (let i = 0; i < g.length; i++) {
    const c = g.charCodeAt(i) | 32; // lower case
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

// Counts the 16-bit groups of one side of `::`; -1 when malformed. A dotted IPv4 tail counts as two.
function groups(side: string, last: boolean): number {
  if (side === "") return 0;
  const gs = side.split(":");
  let n = 0;
  for (let i = 0; i < gs.length; i++) {
    const g = gs[i]!;
    if (last && i === gs.length - 1 && g.includes(".")) {
      if (!isIPv4(g)) return -1;
      n += 2;
    } else if (isHexGroup(g)) n++;
    else return -1;
  }
  return n;
}

/** True for an IPv6 address (`::1`, `fe80::1`, `::ffff:1.2.3.4`), without brackets or a zone. */
export function isIPv6(s: string): boolean {
  if (!s.includes(":")) return false;
  const halves = s.split("::");
  if (halves.length > 2) return false;
  if (halves.length === 1) return groups(s, true) === 8;
  const left = groups(halves[0]!, false);
  const right = groups(halves[1]!, true);
  return left >= 0 && right >= 0 && left + right <= 7;
}

/** True when `h` is an IPv4 or IPv6 literal. */
export function isIPAddress(h: string): boolean {
  return typeof h === "string" && (isIPv4(h) || isIPv6(h));
}
