/**
 * Base64 codecs, with nats.js's names: standard, URL-safe without padding, and URL-safe with padding (the one
 * object names are encoded with in `$O.<bucket>.M.<name>`, as nats.go's `base64.URLEncoding`). Strings are
 * encoded as their UTF-8 bytes (nats.js hands strings to `btoa`, which fails beyond U+00FF and encodes
 * U+0080–U+00FF as one byte each), and decoded back from UTF-8, so every name round-trips and matches nats.go.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// btoa takes a "binary string"; built in slices so large inputs stay off the argument stack.
function binaryString(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode.apply(null, b.subarray(i, i + 0x8000) as unknown as number[]);
  return s;
}

function bytesOf(bin: string): Uint8Array {
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Standard base64 (`+`, `/`, padded). */
export class Base64Codec {
  static encode(bytes: string | Uint8Array): string {
    return btoa(binaryString(typeof bytes === "string" ? encoder.encode(bytes) : bytes));
  }
  /** The text (UTF-8) in `s`, or with `binary` its bytes. */
  static decode(s: string, binary = false): string | Uint8Array {
    const bytes = bytesOf(atob(s));
    return binary ? bytes : decoder.decode(bytes);
  }
}

/** URL-safe base64 (`-`, `_`) without padding. */
export class Base64UrlCodec {
  static encode(bytes: string | Uint8Array): string {
    return Base64UrlCodec.toB64URLEncoding(Base64Codec.encode(bytes));
  }
  static decode(s: string, binary = false): string | Uint8Array {
    return Base64Codec.decode(Base64UrlCodec.fromB64URLEncoding(s), binary);
  }
  static toB64URLEncoding(b64str: string): string {
    return b64str.replace(/=/g, "").replace(/\+/g, "-").replace(/\//g, "_");
  }
  static fromB64URLEncoding(b64str: string): string {
    // Padding is optional when decoding.
    return b64str.replace(/_/g, "/").replace(/-/g, "+");
  }
}

/** URL-safe base64 (`-`, `_`) with padding: object names in subjects, digests. */
export class Base64UrlPaddedCodec {
  static encode(bytes: string | Uint8Array): string {
    return Base64UrlPaddedCodec.toB64URLEncoding(Base64Codec.encode(bytes));
  }
  static decode(s: string, binary = false): string | Uint8Array {
    return Base64UrlCodec.decode(Base64UrlPaddedCodec.fromB64URLEncoding(s), binary);
  }
  static toB64URLEncoding(b64str: string): string {
    return b64str.replace(/\+/g, "-").replace(/\//g, "_");
  }
  static fromB64URLEncoding(b64str: string): string {
    return b64str.replace(/_/g, "/").replace(/-/g, "+");
  }
}
