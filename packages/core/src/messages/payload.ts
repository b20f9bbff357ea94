/** UTF-8 helpers for payloads given as strings and read back as strings. */
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** An empty payload. */
export const Empty: Uint8Array = new Uint8Array(0);

/** Encodes a string payload as UTF-8. */
export function encodeUtf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Decodes a payload as UTF-8. */
export function decodeUtf8(b: Uint8Array): string {
  return decoder.decode(b);
}
