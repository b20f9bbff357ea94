/**
 * Object digests: `SHA-256=` and the hash in URL-safe base64 with padding (nats.go's and nats.js's form),
 * read leniently as nats.js reads them (hex or either base64 alphabet), and compared.
 */
import { Base64UrlPaddedCodec } from "./base64";
import { digestType } from "./obj-api";

/** `SHA-256=<base64url>` of a hash. */
export function formatDigest(hash: Uint8Array): string {
  return `${digestType}${Base64UrlPaddedCodec.encode(hash)}`;
}

function isHex(s: string): boolean {
  // One case only: a mixed-case string is base64 that happens to look like hex.
  return s.length % 2 === 0 && (/^[0-9A-F]+$/.test(s) || /^[0-9a-f]+$/.test(s));
}

function isBase64(s: string): boolean {
  return /^[A-Za-z0-9\-_]*(={0,2})?$/.test(s) || /^[A-Za-z0-9+/]*(={0,2})?$/.test(s);
}

/** The hash bytes of a digest value (after `SHA-256=`): hex or base64 (either alphabet); null otherwise. */
export function parseSha256(s: string): Uint8Array | null {
  if (isHex(s)) {
    const a = new Uint8Array(s.length / 2);
    for (let i = 0; i < s.length; i += 2) a[i / 2] = parseInt(s.substring(i, i + 2), 16);
    return a;
  }
  if (!isBase64(s)) return null;
  try {
    return Base64UrlPaddedCodec.decode(s, true) as Uint8Array;
  } catch {
    return null;
  }
}

/** Whether two hashes (bytes or digest values) are the same. */
export function checkSha256(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const x = typeof a === "string" ? parseSha256(a) : a;
  const y = typeof b === "string" ? parseSha256(b) : b;
  if (x === null || y === null || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Hex of a hash (for error messages). */
export function hex(b: Uint8Array): string {
  let s = "";
  for (const v of b) s += v.toString(16).padStart(2, "0");
  return s;
}
