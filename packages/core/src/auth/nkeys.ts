/**
 * The `nkeys` namespace: the names of `@nats-io/nkeys` (which nats.js re-exports as `nkeys`), on WebCrypto.
 * Import it as a namespace (`import * as nkeys from "./nkeys"`).
 *
 * Differences from upstream, all forced by WebCrypto being async and having no X25519 box:
 * `fromSeed` and the `create*` functions resolve to a key pair instead of returning one, `sign`/`verify`
 * return Promises, and curve keys (`createCurve`, `fromCurveSeed`, `seal`, `open`) are not provided.
 */
import { decodeBase64, encodeBase64 } from "./base64";
import { randomBytes } from "./ed25519";
import { ED25519_KEY_LENGTH, encodeSeed } from "./nkey-codec";
import { NKeysError, NKeysErrorCode } from "./nkeys-error";
import { PublicKeyPair, SeedKeyPair, type KeyPair } from "./key-pair";
import { Prefix } from "./prefix";

export type { KeyPair } from "./key-pair";
export { NKeysError, NKeysErrorCode } from "./nkeys-error";
export { Prefix, Prefixes } from "./prefix";

/**
 * Makes a key pair from a seed given as ASCII bytes (`TextEncoder().encode("SU…")`, upstream's type) or as
 * text. The promise rejects with {@link NKeysError} for a malformed seed.
 */
export function fromSeed(src: Uint8Array | string): Promise<KeyPair> {
  return SeedKeyPair.fromSeed(src);
}

/** Makes a verify-only key pair from a public key (`U…`, `A…`…). Throws {@link NKeysError} when malformed. */
export function fromPublic(src: string): KeyPair {
  return new PublicKeyPair(src);
}

/** Makes a fresh key pair of role `prefix` from 32 random bytes. */
export async function createPair(prefix: Prefix): Promise<KeyPair> {
  if (prefix === Prefix.Curve) throw new NKeysError(NKeysErrorCode.InvalidCurveOperation);
  const raw = randomBytes(ED25519_KEY_LENGTH);
  const seed = encodeSeed(prefix, raw);
  raw.fill(0);
  return SeedKeyPair.fromSeed(seed);
}

/** A fresh operator key pair (`O…`, seed `SO…`). */
export function createOperator(): Promise<KeyPair> {
  return createPair(Prefix.Operator);
}

/** A fresh account key pair (`A…`, seed `SA…`). */
export function createAccount(): Promise<KeyPair> {
  return createPair(Prefix.Account);
}

/** A fresh user key pair (`U…`, seed `SU…`). */
export function createUser(): Promise<KeyPair> {
  return createPair(Prefix.User);
}

/** A fresh cluster key pair (`C…`). */
export function createCluster(): Promise<KeyPair> {
  return createPair(Prefix.Cluster);
}

/** A fresh server key pair (`N…`). */
export function createServer(): Promise<KeyPair> {
  return createPair(Prefix.Server);
}

/** Standard base64 (with padding) of `bytes`, as upstream's `encode`; nats.js encodes the CONNECT `sig` so. */
export function encode(bytes: Uint8Array): string {
  return encodeBase64(bytes);
}

/** Decodes base64 (standard or URL-safe, padding optional), as upstream's `decode`. */
export function decode(b64str: string): Uint8Array {
  try {
    return decodeBase64(b64str);
  } catch (err) {
    throw new NKeysError(NKeysErrorCode.SerializationError, { cause: err });
  }
}
