/**
 * Base64 for signatures and JWT segments. Written out rather than `btoa`/`atob` because those work on
 * "binary strings" (a spread of every byte into arguments, which overflows the stack on large inputs) and
 * because not every edge runtime had them.
 */

const STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// Decoding accepts both alphabets: `+`/`-` are 62 and `/`/`_` are 63.
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  VALUES[STD.charCodeAt(i)] = i;
  VALUES[URL_SAFE.charCodeAt(i)] = i;
}

function encode(data: Uint8Array, alphabet: string, pad: boolean): string {
  let out = "";
  let i = 0;
  for (; i + 2 < data.length; i += 3) {
    const n = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
    out += alphabet[n >>> 18]! + alphabet[(n >>> 12) & 63]! + alphabet[(n >>> 6) & 63]! + alphabet[n & 63]!;
  }
  const left = data.length - i;
  if (left === 1) {
    const n = data[i]! << 16;
    out += alphabet[n >>> 18]! + alphabet[(n >>> 12) & 63]! + (pad ? "==" : "");
  } else if (left === 2) {
    const n = (data[i]! << 16) | (data[i + 1]! << 8);
    out += alphabet[n >>> 18]! + alphabet[(n >>> 12) & 63]! + alphabet[(n >>> 6) & 63]! + (pad ? "=" : "");
  }
  return out;
}

/** Standard base64 with padding (what `btoa` gives; what nats.js puts in the CONNECT `sig`). */
export function encodeBase64(data: Uint8Array): string {
  return encode(data, STD, true);
}

/** URL-safe base64 without padding (RFC 4648 §5; JWT segments, nats.go's `sig`). */
export function encodeBase64Url(data: Uint8Array): string {
  return encode(data, URL_SAFE, false);
}

/**
 * Decodes base64 in either alphabet, padded or not. Throws a `RangeError` on a character outside both
 * alphabets or an impossible length; callers that face users wrap it in their own error.
 */
export function decodeBase64(text: string): Uint8Array {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  if (text.length - end > 2 || end % 4 === 1) throw new RangeError("invalid base64 length");
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? VALUES[c]! : -1;
    if (v < 0) throw new RangeError(`invalid base64 character at ${i}`);
    acc = ((acc << 6) | v) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}
