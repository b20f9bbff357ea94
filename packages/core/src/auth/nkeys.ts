/**
 * The `nkeys` namespace: the names of `@nats-io/nkeys` (which nats.js re-exports as `nkeys`), synchronous
 * as theirs, on `@noble/curves` (Ed25519, X25519) and `@noble/ciphers` (XSalsa20-Poly1305) instead of
 * tweetnacl. Import it as a namespace (`import * as nkeys from "./nkeys"`).
 */
import { decodeBase64, encodeBase64 } from "./base64";
import { CurveKeyPair, CURVE_KEY_LENGTH } from "./curve-key-pair";
import { randomBytes } from "./ed25519";
import { ED25519_KEY_LENGTH, decodeSeed, encodeSeed } from "./nkey-codec";
import { NKeysError, NKeysErrorCode } from "./nkeys-error";
import { PublicKeyPair, SeedKeyPair, seedText, type KeyPair } from "./key-pair";
import { Prefix } from "./prefix";

export type { KeyPair } from "./key-pair";
export { NKeysError, NKeysErrorCode } from "./nkeys-error";
export { Prefix, Prefixes } from "./prefix";

/**
 * Makes a key pair from a seed given as ASCII bytes (`TextEncoder().encode("SU…")`, upstream's type) or as
 * text. A curve seed (`SX…`) makes a curve pair, as upstream. Throws {@link NKeysError} for a malformed seed.
 */
export function fromSeed(src: Uint8Array | string): KeyPair {
  const { prefix, raw } = decodeSeed(seedText(src));
  if (prefix === Prefix.Curve) return new CurveKeyPair(raw);
  raw.fill(0);
  return SeedKeyPair.fromSeed(src);
}

/** Makes a curve key pair from a curve seed (`SX…`). Throws `InvalidCurveSeed` for any other seed. */
export function fromCurveSeed(src: Uint8Array | string): KeyPair {
  const { prefix, raw } = decodeSeed(seedText(src));
  if (prefix !== Prefix.Curve) {
    raw.fill(0);
    throw new NKeysError(NKeysErrorCode.InvalidCurveSeed);
  }
  return new CurveKeyPair(raw);
}

/** Makes a verify-only key pair from a public key (`U…`, `A…`…). Throws {@link NKeysError} when malformed. */
export function fromPublic(src: string): KeyPair {
  return new PublicKeyPair(src);
}

/** Makes a fresh key pair of role `prefix` from 32 random bytes (a curve pair for `Prefix.Curve`). */
export function createPair(prefix: Prefix): KeyPair {
  if (prefix === Prefix.Curve) return new CurveKeyPair(randomBytes(CURVE_KEY_LENGTH));
  const raw = randomBytes(ED25519_KEY_LENGTH);
  const seed = encodeSeed(prefix, raw);
  raw.fill(0);
  return SeedKeyPair.fromSeed(seed);
}

/** A fresh operator key pair (`O…`, seed `SO…`). */
export function createOperator(): KeyPair {
  return createPair(Prefix.Operator);
}

/** A fresh account key pair (`A…`, seed `SA…`). */
export function createAccount(): KeyPair {
  return createPair(Prefix.Account);
}

/** A fresh user key pair (`U…`, seed `SU…`). */
export function createUser(): KeyPair {
  return createPair(Prefix.User);
}

/** A fresh cluster key pair (`C…`). */
export function createCluster(): KeyPair {
  return createPair(Prefix.Cluster);
}

/** A fresh server key pair (`N…`). */
export function createServer(): KeyPair {
  return createPair(Prefix.Server);
}

/** A fresh curve key pair (`X…`, seed `SX…`): it seals and opens, and cannot sign. */
export function createCurve(): KeyPair {
  return createPair(Prefix.Curve);
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

/** The `@nats-io/nkeys` release whose API this namespace matches (upstream exports its own version here). */
export const version = "2.0.3";
