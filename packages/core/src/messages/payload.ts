import { InvalidArgumentError } from "../errors";

/** UTF-8 helpers for payloads given as strings and read back as strings. */
import { encodeText } from "@nats-stack/wire";

// A TextDecoder of our own: for payloads it is faster than the wire's decodeText (which builds short ASCII
// strings by hand, for subjects), measured 2-5x on 16-64 byte payloads under Node 20.
const decoder = new TextDecoder();

/** A payload encoder and decoder of the program's own (nats.js's `Codec`; v3 has none built in). */
export interface Codec<T> {
  /** T as bytes for a message's payload. */
  encode(d: T): Uint8Array;
  /** A message's payload as T. */
  decode(a: Uint8Array): T;
}

/** An empty payload. */
export const Empty: Uint8Array = /* @__PURE__ */ new Uint8Array(0);

/** Encodes a string payload as UTF-8. */
export function encodeUtf8(s: string): Uint8Array {
  return encodeText(s);
}

/**
 * The bytes a payload is sent as: a `Uint8Array` as it is (a Buffer is one), a string as UTF-8, nothing
 * (`undefined`, `null`) as no bytes. Anything else throws `InvalidArgumentError` ("'payload' must be a
 * Uint8Array or a string"), as `publish()` does. For packages that put a payload into a message of their
 * own (STAN's protobuf `PubMsg`).
 */
export function encodePayload(payload: Uint8Array | string | null | undefined): Uint8Array {
  if (payload instanceof Uint8Array) return payload;
  if (typeof payload === "string") return encodeText(payload);
  if (payload === undefined || payload === null) return Empty;
  throw InvalidArgumentError.format("payload", "must be a Uint8Array or a string");
}

/** Decodes a payload as UTF-8. */
export function decodeUtf8(b: Uint8Array): string {
  return decoder.decode(b);
}
