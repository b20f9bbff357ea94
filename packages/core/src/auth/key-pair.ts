/**
 * Key pairs: one made from a seed (can sign) and one made from a public key (can only verify). The shape is
 * `@nats-io/nkeys`' `KeyPair` except that `sign` and `verify` return Promises (WebCrypto is async), and
 * X25519 `seal`/`open` are absent.
 */
import { isBytes, utf8 } from "./bytes";
import { importSeed, sign, verify, type Ed25519Signer } from "./ed25519";
import { decodePublicKey, decodeSeed, encodeKey } from "./nkey-codec";
import { NKeysError, NKeysErrorCode } from "./nkeys-error";
import { Prefix } from "./prefix";

/** An nkey: its public key always, its seed when it was made from one. */
export interface KeyPair {
  /** The public key text (`U…`, `A…`, `O…`…). Throws `ClearedPair` after {@link KeyPair.clear}. */
  getPublicKey(): string;
  /** The encoded 64-byte private key (`P…`) as ASCII bytes. Throws `PublicKeyOnly` on a public key. */
  getPrivateKey(): Uint8Array;
  /** The seed text (`SU…`) as ASCII bytes, as upstream returns it. Throws `PublicKeyOnly` on a public key. */
  getSeed(): Uint8Array;
  /** Resolves to the 64-byte Ed25519 signature of `input`. Rejects with `CannotSign` on a public key. */
  sign(input: Uint8Array): Promise<Uint8Array>;
  /** Resolves true when `sig` is this key's signature of `input`. */
  verify(input: Uint8Array, sig: Uint8Array): Promise<boolean>;
  /** Forgets the secret (zeroes our copy of the seed). The pair is unusable afterwards. */
  clear(): void;
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
  private signer: Ed25519Signer | undefined;
  private readonly publicKey: string;

  private constructor(seed: Uint8Array, signer: Ed25519Signer, publicKey: string) {
    this.seed = seed;
    this.signer = signer;
    this.publicKey = publicKey;
  }

  /**
   * Decodes the seed (synchronous checks, {@link NKeysError} on bad input) and derives the public key
   * (async). The seed bytes are copied, so {@link SeedKeyPair.clear} never zeroes the caller's buffer.
   */
  static async fromSeed(seed: Uint8Array | string): Promise<SeedKeyPair> {
    const text = seedText(seed);
    const { prefix, raw } = decodeSeed(text);
    if (prefix === Prefix.Curve) throw new NKeysError(NKeysErrorCode.InvalidCurveOperation);
    try {
      const signer = await importSeed(raw);
      return new SeedKeyPair(utf8(text), signer, encodeKey(prefix, signer.publicKey));
    } finally {
      raw.fill(0);
    }
  }

  private live(): { seed: Uint8Array; signer: Ed25519Signer } {
    if (!this.seed || !this.signer) throw new NKeysError(NKeysErrorCode.ClearedPair);
    return { seed: this.seed, signer: this.signer };
  }

  getPublicKey(): string {
    this.live();
    return this.publicKey;
  }

  getSeed(): Uint8Array {
    return this.live().seed.slice();
  }

  getPrivateKey(): Uint8Array {
    const { seed, signer } = this.live();
    const raw = decodeSeed(seedText(seed)).raw;
    const full = new Uint8Array(64);
    full.set(raw);
    full.set(signer.publicKey, 32);
    raw.fill(0);
    const out = utf8(encodeKey(Prefix.Private, full));
    full.fill(0);
    return out;
  }

  async sign(input: Uint8Array): Promise<Uint8Array> {
    return sign(this.live().signer.key, input);
  }

  async verify(input: Uint8Array, sig: Uint8Array): Promise<boolean> {
    return verify(this.live().signer.publicKey, input, sig);
  }

  clear(): void {
    this.seed?.fill(0);
    this.seed = undefined;
    this.signer = undefined;
  }
}

/** A key pair that holds only a public key: it verifies and never signs. */
export class PublicKeyPair implements KeyPair {
  private raw: Uint8Array | undefined;
  private readonly publicKey: string;

  /** Decodes and checks `publicKey`; throws {@link NKeysError} (`InvalidPublicKey`, `InvalidChecksum`…). */
  constructor(publicKey: string) {
    if (typeof publicKey !== "string") throw new NKeysError(NKeysErrorCode.InvalidPublicKey);
    const { prefix, raw } = decodePublicKey(publicKey);
    if (prefix === Prefix.Curve) throw new NKeysError(NKeysErrorCode.InvalidCurveOperation);
    this.raw = raw;
    this.publicKey = publicKey;
  }

  getPublicKey(): string {
    if (!this.raw) throw new NKeysError(NKeysErrorCode.ClearedPair);
    return this.publicKey;
  }

  getSeed(): Uint8Array {
    throw new NKeysError(NKeysErrorCode.PublicKeyOnly);
  }

  getPrivateKey(): Uint8Array {
    throw new NKeysError(NKeysErrorCode.PublicKeyOnly);
  }

  async sign(_input: Uint8Array): Promise<Uint8Array> {
    throw new NKeysError(NKeysErrorCode.CannotSign);
  }

  async verify(input: Uint8Array, sig: Uint8Array): Promise<boolean> {
    if (!this.raw) throw new NKeysError(NKeysErrorCode.ClearedPair);
    return verify(this.raw, input, sig);
  }

  clear(): void {
    this.raw = undefined;
  }
}
