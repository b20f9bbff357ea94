/** UTF-8 helpers for payloads given as strings and read back as strings (the wire package's codecs). */
import { decodeText, encodeText } from "@nats-stack/wire";

/** An empty payload. */
export const Empty: Uint8Array = /* @__PURE__ */ new Uint8Array(0);

/** Encodes a string payload as UTF-8. */
export function encodeUtf8(s: string): Uint8Array {
  return encodeText(s);
}

/** Decodes a payload as UTF-8. */
export function decodeUtf8(b: Uint8Array): string {
  return decodeText(b, 0, b.length);
}
