/**
 * Key pairs: one made from a seed (can sign) and one made from a public key (can only verify), with
 * `@nats-io/nkeys`' `KeyPair` shape and synchronous methods. Curve (X25519) pairs, which seal and open
 * instead of signing, are in `curve-key-pair.ts`.
 */
import { isBytes, utf8 } from "./bytes";
import { publicKeyOf, sign, verify } from "./ed25519";
import { decodePublicKey, decodeSeed, encodeKey } from "./nkey-codec";
import { NKeysError, NKeysErrorCode } from "./nkeys-error";
import { Prefix } from "./prefix";

/** An nkey: its public key always, its seed when it was made from one. As `@nats-io/nkeys`' `KeyPair`. */
export interface KeyPair {
  /** The public key text (`U…`, `A…`, `O…`, `X…`…). Throws `ClearedPair` after {@link KeyPair.clear}. */
  getPublicKey(): string;
  /** The encoded private key (`P…`) as ASCII bytes. Throws `PublicKeyOnly` on a public key. */
  getPrivateKey(): Uint8Array;
  /** The seed text (`SU…`) as ASCII bytes, as upstream returns it. Throws `PublicKeyOnly` on a public key. */
  getSeed(): Uint8Array;
  /** The 64-byte Ed25519 signature of `input`. Throws `CannotSign` on a public key, `InvalidCurveOperation` on a curve key. */
  sign(input: Uint8Array): Uint8Array;
  /** True when `sig` is this key's signature of `input`. Throws `InvalidCurveOperation` on a curve key. */
  verify(input: Uint8Array, sig: Uint8Array): boolean;
  /** Forgets the secret (zeroes our copy of the seed). The pair is unusable afterwards. */
  clear(): void;
  /**
   * Encrypts `input` for the curve public key `recipient` (`X…`): `xkv1` ‖ nonce ‖ box. Curve keys only;
   * others throw `InvalidNKeyOperation`.
   */
  seal(input: Uint8Array, recipient: string, nonce?: Uint8Array): Uint8Array;
  /** Decrypts what `sender` sealed for this key; null when it does not open. Curve keys only. */
  open(message: Uint8Array, sender: string): Uint8Array | null;
}

/** Turns a seed given as text or ASCII bytes into text, rejecting anything else with `InvalidSeed`. */
export function seedText(seed: Uint8Array | string): string {
  if (typeof seed === "string") return seed;
  if (isBytes(seed)) {
    let s = "";
    for (let i = 0; i < seed.length; i++) s += String.fromCharCode(seed[i]!);
    return s;
  }
  throw new NKeysError(NKeysErrorCode.InvalidSeed);
}

/** A key pair that holds a seed. Build it with {@link SeedKeyPair.fromSeed}; the constructor is internal. */
export class SeedKeyPair implements KeyPair {
  private seed: Uint8Array | undefined;
  private raw: Uint8Array | undefined;
  private readonly pub: Uint8Array;
  private readonly publicKey: string;

  private constructor(seed: Uint8Array, raw: Uint8Array, pub: Uint8Array, publicKey: string) {
    this.seed = seed;
    this.raw = raw;
    this.pub = pub;
    this.publicKey = publicKey;
  }

  /**
   * Decodes the seed and derives the public key; throws {@link NKeysError} on bad input. The seed bytes are
   * copied, so {@link SeedKeyPair.clear} never zeroes the caller's buffer. Curve seeds are refused here
   * (`InvalidCurveOperation`); `nkeys.fromSeed` sends them to the curve pair.
   */
  static fromSeed(seed: Uint8Array | string): SeedKeyPair {
    const text = seedText(seed);
    const { prefix, raw } = decodeSeed(text);
    if (prefix === Prefix.Curve) {
      raw.fill(0);
      throw new NKeysError(NKeysErrorCode.InvalidCurveOperation);
    }
    const pub = publicKeyOf(raw);
    return new SeedKeyPair(utf8(text), raw, pub, encodeKey(prefix, pub));
  }

  private live(): { seed: Uint8Array; raw: Uint8Array } {
    if (!this.seed || !this.raw) throw new NKeysError(NKeysErrorCode.ClearedPair);
    return { seed: this.seed, raw: this.raw };
  }

  getPublicKey(): string {
    this.live();
    return this.publicKey;
  }

  getSeed(): Uint8Array {
    return this.live().seed.slice();
  }

  getPrivateKey(): Uint8Array {
    const { raw } = this.live();
    const full = new Uint8Array(64);
    full.set(raw);
    full.set(this.pub, 32);
    const out = utf8(encodeKey(Prefix.Private, full));
    full.fill(0);
    return out;
  }

  sign(input: Uint8Array): Uint8Array {
    return sign(this.live().raw, input);
  }

  verify(input: Uint8Array, sig: Uint8Array): boolean {
    this.live();
    return verify(this.pub, input, sig);
  }

  clear(): void {
    this.seed?.fill(0);
    this.raw?.fill(0);
    this.seed = undefined;
    this.raw = undefined;
  }

  seal(_input: Uint8Array, _recipient: string, _nonce?: Uint8Array): Uint8Array {
    throw new NKeysError(NKeysErrorCode.InvalidNKeyOperation);
  }

  open(_message: Uint8Array, _sender: string): Uint8Array | null {
    throw new NKeysError(NKeysErrorCode.InvalidNKeyOperation);
  }
}

/**
 * A key pair that holds only a public key: it verifies and never signs. A curve public key (`X…`) is
 * accepted, as upstream accepts it, but cannot verify (`InvalidCurveOperation`).
 */
export class PublicKeyPair implements KeyPair {
  private raw: Uint8Array | undefined;
  private readonly publicKey: string;
  private readonly curve: boolean;

  /** Decodes and checks `publicKey`; throws {@link NKeysError} (`InvalidPublicKey`, `InvalidChecksum`…). */
  constructor(publicKey: string) {
    if (typeof publicKey !== "string") throw new NKeysError(NKeysErrorCode.InvalidPublicKey);
    const { prefix, raw } = decodePublicKey(publicKey);
    this.curve = prefix === Prefix.Curve;
    this.raw = raw;
    this.publicKey = publicKey;
  }

  private live(): Uint8Array {
    if (!this.raw) throw new NKeysError(NKeysErrorCode.ClearedPair);
    return this.raw;
  }

  getPublicKey(): string {
    this.live();
    return this.publicKey;
  }

  getSeed(): Uint8Array {
    this.live();
    throw new NKeysError(NKeysErrorCode.PublicKeyOnly);
  }

  getPrivateKey(): Uint8Array {
    this.live();
    throw new NKeysError(NKeysErrorCode.PublicKeyOnly);
  }

  sign(_input: Uint8Array): Uint8Array {
    this.live();
    throw new NKeysError(NKeysErrorCode.CannotSign);
  }

  verify(input: Uint8Array, sig: Uint8Array): boolean {
    const raw = this.live();
    if (this.curve) throw new NKeysError(NKeysErrorCode.InvalidCurveOperation);
    return verify(raw, input, sig);
  }

  clear(): void {
    this.raw?.fill(0);
    this.raw = undefined;
  }

  seal(_input: Uint8Array, _recipient: string, _nonce?: Uint8Array): Uint8Array {
    throw new NKeysError(NKeysErrorCode.InvalidNKeyOperation);
  }

  open(_message: Uint8Array, _sender: string): Uint8Array | null {
    throw new NKeysError(NKeysErrorCode.InvalidNKeyOperation);
  }
}
