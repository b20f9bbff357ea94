/**
 * Ed25519 through WebCrypto (`globalThis.crypto.subtle`), the one crypto API that Node ≥ 20, Deno, Bun,
 * browsers and edge workers share, so core bundles no curve arithmetic. Every call is async because
 * WebCrypto is; that is why our key pairs sign with a Promise where `@nats-io/nkeys` (tweetnacl) is sync.
 */
import { decodeBase64 } from "./base64";
import { isBytes } from "./bytes";
import { ED25519_KEY_LENGTH } from "./nkey-codec";
import { NKeysError, NKeysErrorCode } from "./nkeys-error";

// The slice of WebCrypto used here, typed locally: core compiles without the DOM lib, and this keeps the
// file free of runtime-specific type packages.
/** An opaque WebCrypto key handle. */
export type CryptoKeyHandle = object;
interface SubtleLike {
  importKey(format: string, keyData: unknown, algorithm: { name: string }, extractable: boolean, usages: string[]): Promise<CryptoKeyHandle>;
  exportKey(format: "jwk", key: CryptoKeyHandle): Promise<{ x?: string }>;
  sign(algorithm: { name: string }, key: CryptoKeyHandle, data: Uint8Array): Promise<ArrayBuffer>;
  verify(algorithm: { name: string }, key: CryptoKeyHandle, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}
interface CryptoLike {
  subtle?: SubtleLike;
  getRandomValues<T extends Uint8Array>(array: T): T;
}

const ED25519 = { name: "Ed25519" };
/** Bytes of an Ed25519 signature. */
export const ED25519_SIGNATURE_LENGTH = 64;
// PKCS#8 PrivateKeyInfo for Ed25519 (RFC 8410) up to the key: SEQUENCE { INTEGER 0, SEQUENCE { OID
// 1.3.101.112 }, OCTET STRING { OCTET STRING (32 bytes) } }. WebCrypto has no "raw" import for private keys.
const PKCS8_PREFIX = Uint8Array.of(0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20);

function webCrypto(): CryptoLike {
  const c = (globalThis as { crypto?: CryptoLike }).crypto;
  if (!c || typeof c.getRandomValues !== "function") {
    throw new NKeysError(NKeysErrorCode.ApiError, { cause: new Error("globalThis.crypto is not available in this runtime") });
  }
  return c;
}

function subtle(): SubtleLike {
  const s = webCrypto().subtle;
  if (!s) {
    // Browsers hide crypto.subtle outside secure contexts (plain http pages).
    throw new NKeysError(NKeysErrorCode.ApiError, { cause: new Error("crypto.subtle is not available (not a secure context?)") });
  }
  return s;
}

// Runtimes without Ed25519 in WebCrypto reject with a DOMException; say what is missing instead.
async function guard<T>(p: () => Promise<T>): Promise<T> {
  try {
    return await p();
  } catch (err) {
    throw new NKeysError(NKeysErrorCode.ApiError, { cause: err });
  }
}

/** `n` bytes from the platform's CSPRNG. */
export function randomBytes(n: number): Uint8Array {
  return webCrypto().getRandomValues(new Uint8Array(n));
}

/** A signing key made from a 32-byte seed, with its 32-byte public key. */
export interface Ed25519Signer {
  key: CryptoKeyHandle;
  publicKey: Uint8Array;
}

/** Imports a 32-byte seed and derives its public key (exported as JWK `x`; WebCrypto has no other way). */
export async function importSeed(seed: Uint8Array): Promise<Ed25519Signer> {
  if (seed.length !== ED25519_KEY_LENGTH) throw new NKeysError(NKeysErrorCode.InvalidSeedLen);
  const der = new Uint8Array(PKCS8_PREFIX.length + ED25519_KEY_LENGTH);
  der.set(PKCS8_PREFIX);
  der.set(seed, PKCS8_PREFIX.length);
  const s = subtle();
  return guard(async () => {
    try {
      const key = await s.importKey("pkcs8", der, ED25519, true, ["sign"]);
      const jwk = await s.exportKey("jwk", key);
      if (typeof jwk.x !== "string") throw new Error("the runtime exported an Ed25519 JWK without 'x'");
      return { key, publicKey: decodeBase64(jwk.x) };
    } finally {
      der.fill(0); // the copy of the secret we made
    }
  });
}

/** Signs `data`; resolves to the 64-byte signature. */
export async function sign(key: CryptoKeyHandle, data: Uint8Array): Promise<Uint8Array> {
  const s = subtle();
  return guard(async () => new Uint8Array(await s.sign(ED25519, key, data)));
}

/** Verifies a signature against a 32-byte public key. A signature of the wrong length is just invalid. */
export async function verify(publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (publicKey.length !== ED25519_KEY_LENGTH) throw new NKeysError(NKeysErrorCode.InvalidKey);
  if (!isBytes(signature) || signature.length !== ED25519_SIGNATURE_LENGTH) return false;
  const s = subtle();
  return guard(async () => {
    const key = await s.importKey("raw", publicKey, ED25519, true, ["verify"]);
    return s.verify(ED25519, key, signature, data);
  });
}
