/**
 * Curve (X25519) key pairs of `@nats-io/nkeys` (`createCurve`, `fromCurveSeed`): they seal and open payloads
 * for one another (what nats-server's xkey-encrypted auth callout uses) and never sign. The format is
 * upstream's: `xkv1` ‖ 24-byte nonce ‖ NaCl `box` (X25519, HSalsa20, XSalsa20-Poly1305), built here from
 * `@noble/curves` and `@noble/ciphers` instead of tweetnacl; the bytes are the same.
 */
import { x25519 } from "@noble/curves/ed25519.js";
import { hsalsa, xsalsa20poly1305 } from "@noble/ciphers/salsa.js";
import { isBytes, utf8 } from "./bytes";
import { randomBytes } from "./ed25519";
import type { KeyPair } from "./key-pair";
import { decodePublicKey, encodeKey, encodeSeed } from "./nkey-codec";
import { NKeysError, NKeysErrorCode } from "./nkeys-error";
import { Prefix } from "./prefix";

/** Bytes of a curve key and of the nonce of a sealed message. */
export const CURVE_KEY_LENGTH = 32;
export const CURVE_NONCE_LENGTH = 24;
// "xkv1", the version header of a sealed message.
const XKEY_V1 = Uint8Array.of(120, 107, 118, 49);

function words(b: Uint8Array): Uint32Array {
  const w = new Uint32Array(b.length / 4);
  for (let i = 0; i < w.length; i++) w[i] = (b[4 * i]! | (b[4 * i + 1]! << 8) | (b[4 * i + 2]! << 16) | (b[4 * i + 3]! << 24)) >>> 0;
  return w;
}

function wordBytes(w: Uint32Array): Uint8Array {
  const b = new Uint8Array(w.length * 4);
  for (let i = 0; i < w.length; i++) {
    b[4 * i] = w[i]!;
    b[4 * i + 1] = w[i]! >>> 8;
    b[4 * i + 2] = w[i]! >>> 16;
    b[4 * i + 3] = w[i]! >>> 24;
  }
  return b;
}

// "expand 32-byte k", Salsa20's constant.
const SIGMA = words(utf8("expand 32-byte k"));

// NaCl's box.before: HSalsa20 of the X25519 shared secret with a zero nonce.
function boxKey(secret: Uint8Array, theirPublic: Uint8Array): Uint8Array {
  const shared = x25519.getSharedSecret(secret, theirPublic);
  const out = new Uint32Array(8);
  hsalsa(SIGMA, words(shared), new Uint32Array(4), out);
  shared.fill(0);
  return wordBytes(out);
}

// A peer's curve public key; any failure is InvalidRecipient with the reason as cause, as upstream.
function peerKey(text: string): Uint8Array {
  try {
    if (typeof text !== "string") throw new NKeysError(NKeysErrorCode.InvalidCurveKey);
    return decodePublicKey(text, Prefix.Curve).raw;
  } catch (err) {
    throw new NKeysError(NKeysErrorCode.InvalidRecipient, { cause: err });
  }
}

/** A curve key pair holding its 32-byte X25519 secret. */
export class CurveKeyPair implements KeyPair {
  private seed: Uint8Array | undefined;

  /** Takes ownership of the 32 raw secret bytes (they are zeroed by {@link clear}). */
  constructor(raw: Uint8Array) {
    if (!isBytes(raw) || raw.length !== CURVE_KEY_LENGTH) throw new NKeysError(NKeysErrorCode.InvalidSeedLen);
    this.seed = raw;
  }

  private live(): Uint8Array {
    if (!this.seed) throw new NKeysError(NKeysErrorCode.ClearedPair);
    return this.seed;
  }

  getPublicKey(): string {
    return encodeKey(Prefix.Curve, x25519.getPublicKey(this.live()));
  }

  /** As upstream: the 32-byte secret with the `P` prefix, as ASCII bytes. */
  getPrivateKey(): Uint8Array {
    return utf8(encodeKey(Prefix.Private, this.live()));
  }

  getSeed(): Uint8Array {
    return utf8(encodeSeed(Prefix.Curve, this.live()));
  }

  sign(_input: Uint8Array): Uint8Array {
    throw new NKeysError(NKeysErrorCode.InvalidCurveOperation);
  }

  verify(_input: Uint8Array, _sig: Uint8Array): boolean {
    throw new NKeysError(NKeysErrorCode.InvalidCurveOperation);
  }

  clear(): void {
    this.seed?.fill(0);
    this.seed = undefined;
  }

  seal(input: Uint8Array, recipient: string, nonce?: Uint8Array): Uint8Array {
    const secret = this.live();
    const n = nonce ?? randomBytes(CURVE_NONCE_LENGTH);
    if (!isBytes(n) || n.length !== CURVE_NONCE_LENGTH) throw new NKeysError(NKeysErrorCode.ApiError, { cause: new Error("the nonce must be 24 bytes") });
    const key = boxKey(secret, peerKey(recipient));
    try {
      const box = xsalsa20poly1305(key, n).encrypt(input);
      const out = new Uint8Array(XKEY_V1.length + CURVE_NONCE_LENGTH + box.length);
      out.set(XKEY_V1);
      out.set(n, XKEY_V1.length);
      out.set(box, XKEY_V1.length + CURVE_NONCE_LENGTH);
      return out;
    } finally {
      key.fill(0);
    }
  }

  open(message: Uint8Array, sender: string): Uint8Array | null {
    const secret = this.live();
    if (!isBytes(message) || message.length <= XKEY_V1.length + CURVE_NONCE_LENGTH) throw new NKeysError(NKeysErrorCode.InvalidEncrypted);
    for (let i = 0; i < XKEY_V1.length; i++) if (message[i] !== XKEY_V1[i]) throw new NKeysError(NKeysErrorCode.InvalidEncrypted);
    const key = boxKey(secret, peerKey(sender));
    try {
      const nonce = message.subarray(XKEY_V1.length, XKEY_V1.length + CURVE_NONCE_LENGTH);
      return xsalsa20poly1305(key, nonce).decrypt(message.subarray(XKEY_V1.length + CURVE_NONCE_LENGTH));
    } catch {
      return null; // tampered, or not sealed for us by `sender` (tweetnacl's box.open returns null too)
    } finally {
      key.fill(0);
    }
  }
}
