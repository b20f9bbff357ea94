/**
 * IP literal recognition for the server pool (a gossiped IP gets the TLS name of the host the user gave) and
 * for nats.js's `isIP`. Exact, as nats.js's ipparser (a port of Go's `net.ParseIP`): four decimal octets
 * up to 255, or eight hex groups with at most one `::` and an optional dotted IPv4 tail. Unlike nats.js,
 * nothing may follow the last IPv4 octet (`1.2.3.4x` is no IP).
 */

/** True for a dotted-decimal IPv4 address (`127.0.0.1`; `256.0.0.1` is not). */
export function isIPv4(s: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  return m !== null && m.every((p, i) => i === 0 || Number(p) < 256);
}

/** True for an IPv6 address (`::1`, `fe80::1`, `::ffff:1.2.3.4`), without brackets or a zone. */
export function isIPv6(s: string): boolean {
  const halves = s.split("::");
  if (!s.includes(":") || halves.length > 2) return false;
  // Count the 16-bit groups on both sides of `::`; a dotted IPv4 tail (last group of the last side) is two.
  let n = 0;
  for (let h = 0; h < halves.length; h++) {
    if (halves[h] === "") continue;
    const gs = halves[h]!.split(":");
    for (let i = 0; i < gs.length; i++) {
      const g = gs[i]!;
      if (h === halves.length - 1 && i === gs.length - 1 && g.includes(".")) {
        if (!isIPv4(g)) return false;
        n += 2;
      } else if (/^[0-9a-f]{1,4}$/i.test(g)) n++;
      else return false;
    }
  }
  return halves.length === 1 ? n === 8 : n <= 7;
}

/** True when `h` is an IPv4 or IPv6 literal. */
export function isIPAddress(h: string): boolean {
  return typeof h === "string" && (isIPv4(h) || isIPv6(h));
}
