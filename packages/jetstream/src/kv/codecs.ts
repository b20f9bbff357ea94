/**
 * Key and value codecs of a key-value bucket, as nats.js's: a key codec works token by token (the parts
 * between dots), leaving the wildcards `*` and `>` alone so filters keep working; a value codec turns what
 * the application stores into bytes and back.
 */
import type { Payload } from "@nats-stack/core";

/** Encodes and decodes a key (or one token of it) on its way to and from the server. */
export type KvKeyCodec = {
  /** Encodes a key or key token before it is stored. */
  encode(k: string): string;
  /** Decodes a key or key token after it is read. */
  decode(k: string): string;
};

/** @deprecated nats.js's older codec shape. */
export type KvCodec<T> = {
  encode(k: T): T;
  decode(k: T): T;
};

/** Encodes values before they are stored (strings as UTF-8 unless the codec decides otherwise) and decodes them. */
export type KvPayloadCodec = {
  encode(v: Payload): Uint8Array;
  decode(d: Uint8Array): Uint8Array;
};

/** The codecs of a bucket: one for keys, one for values. */
export type KvCodecs = {
  /** Codec for the keys. */
  key: KvKeyCodec;
  /** Codec for the values. */
  value: KvPayloadCodec;
};

const encoder = new TextEncoder();

/** Applies `codec` to each token of `key`, leaving `*` and `>` as they are. */
export function mapKeyTokens(key: string, codec: (t: string) => string): string {
  const tokens = key.split(".");
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t !== "*" && t !== ">") tokens[i] = codec(t);
  }
  return tokens.join(".");
}

/** A key codec that stores each token as standard base64 (`btoa`), as nats.js's. */
export function Base64KeyCodec(): KvKeyCodec {
  return {
    encode: (key) => mapKeyTokens(key, btoa),
    decode: (key) => mapKeyTokens(key, atob),
  };
}

const identityKey: KvKeyCodec = { encode: (k) => k, decode: (k) => k };
const identityValue: KvPayloadCodec = {
  encode: (v) => (typeof v === "string" ? encoder.encode(v) : v),
  decode: (v) => v,
};

/** Codecs that change nothing (strings are stored as UTF-8): the default. */
export function NoopKvCodecs(): KvCodecs {
  return { key: identityKey, value: identityValue };
}

/** True for {@link NoopKvCodecs}'s codecs (the bucket then skips the per-token key mapping). */
export function isNoopKeyCodec(c: KvKeyCodec): boolean {
  return c === identityKey;
}
