/** UTF-8 helpers for payloads given as strings and read back as strings. */
import { encodeText } from "@nats-stack/wire";

// A TextDecoder of our own: for payloads it is faster than the wire's decodeText (which builds short ASCII
// strings by hand, for subjects), measured 2-5x on 16-64 byte payloads under Node 20.
const decoder = new TextDecoder();

/** An empty payload. */
export const Empty: Uint8Array = /* @__PURE__ */ new Uint8Array(0);

/** Encodes a string payload as UTF-8. */
export function encodeUtf8(s: string): Uint8Array {
  return encodeText(s);
}

/** Decodes a payload as UTF-8. */
export function decodeUtf8(b: Uint8Array): string {
  return decoder.decode(b);
}
