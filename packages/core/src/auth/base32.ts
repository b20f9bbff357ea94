/**
 * Base32 of RFC 4648 (upper-case alphabet, no padding), the text form of every nkey. Decoding is strict
 * about the alphabet and the length, and lenient about the unused low bits of the last character, as Go's
 * `base32.StdEncoding.WithPadding(NoPadding)` that nkeys use.
 */
import { NKeysError, NKeysErrorCode } from "./nkeys-error";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
// char code -> 5-bit value, -1 outside the alphabet; a table so decoding does no string searches.
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** Encodes bytes as unpadded base32 text. */
export function encodeBase32(data: Uint8Array): string {
  let out = "";
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < data.length; i++) {
    acc = ((acc << 8) | data[i]!) & 0xfff; // at most 12 live bits: 4 left over + 8 new
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(acc >>> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(acc << (5 - bits)) & 31];
  return out;
}

/**
 * Decodes unpadded base32 text. Throws {@link NKeysError} (`InvalidEncoding`) for a character outside the
 * alphabet (lower case included) or a length no byte string encodes to (1, 3 or 6 modulo 8).
 */
export function decodeBase32(text: string): Uint8Array {
  const rem = text.length % 8;
  if (rem === 1 || rem === 3 || rem === 6) throw new NKeysError(NKeysErrorCode.InvalidEncoding);
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? VALUES[c]! : -1;
    if (v < 0) throw new NKeysError(NKeysErrorCode.InvalidEncoding);
    acc = ((acc << 5) | v) & 0x1fff; // at most 12 live bits
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}
