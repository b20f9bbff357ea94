/**
 * Ed25519 for nkeys, synchronous as `@nats-io/nkeys` (tweetnacl) is, so `sign`/`verify` and the `nkeys`
 * factories keep nats.js's sync shape. WebCrypto cannot do that (every call is a Promise), so this uses
 * `@noble/curves` (audited, dependency-free but for `@noble/hashes`' SHA-512, runs on every runtime). Only the
 * nkeys code imports this file, and the package is side-effect free, so a bundle of an app that never
 * touches nkeys or an nkey/JWT/creds authenticator carries none of it.
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { isBytes } from "./bytes";
import { ED25519_KEY_LENGTH } from "./nkey-codec";
import { NKeysError, NKeysErrorCode } from "./nkeys-error";

/** Bytes of an Ed25519 signature. */
export const ED25519_SIGNATURE_LENGTH = 64;

interface CryptoLike {
  getRandomValues<T extends Uint8Array>(array: T): T;
}

/** `n` bytes from the platform's CSPRNG (`globalThis.crypto`, present on Node ≥ 19, Deno, Bun, browsers, workers). */
export function randomBytes(n: number): Uint8Array {
  const c = (globalThis as { crypto?: CryptoLike }).crypto;
  if (!c || typeof c.getRandomValues !== "function") {
    throw new NKeysError(NKeysErrorCode.ApiError, { cause: new Error("globalThis.crypto is not available in this runtime") });
  }
  return c.getRandomValues(new Uint8Array(n));
}

/** The 32-byte public key of a 32-byte seed. */
export function publicKeyOf(seed: Uint8Array): Uint8Array {
  if (seed.length !== ED25519_KEY_LENGTH) throw new NKeysError(NKeysErrorCode.InvalidSeedLen);
  return ed25519.getPublicKey(seed);
}

/** The 64-byte signature of `data` by the key of `seed` (RFC 8032: deterministic). */
export function sign(seed: Uint8Array, data: Uint8Array): Uint8Array {
  if (!isBytes(data)) throw new NKeysError(NKeysErrorCode.SerializationError);
  return ed25519.sign(data, seed);
}

/**
 * True when `signature` is the signature of `data` by `publicKey`. A signature of the wrong length, or a
 * public key that is not a curve point, is just invalid. Verification is RFC 8032's (canonical encodings
 * only, `zip215: false`), as tweetnacl's.
 */
export function verify(publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== ED25519_KEY_LENGTH) throw new NKeysError(NKeysErrorCode.InvalidKey);
  if (!isBytes(data)) throw new NKeysError(NKeysErrorCode.SerializationError);
  if (!isBytes(signature) || signature.length !== ED25519_SIGNATURE_LENGTH) return false;
  try {
    return ed25519.verify(signature, data, publicKey, { zip215: false });
  } catch {
    return false;
  }
}
