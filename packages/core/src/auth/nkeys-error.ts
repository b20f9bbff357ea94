/**
 * The error of the nkeys layer, with the codes (and messages) of `@nats-io/nkeys`, so code written against
 * `nkeys.NKeysError` and its `code` keeps matching.
 */

/** Why an nkey operation failed. The values are the messages `@nats-io/nkeys` uses, letter for letter. */
export enum NKeysErrorCode {
  InvalidPrefixByte = "nkeys: invalid prefix byte",
  InvalidKey = "nkeys: invalid key",
  InvalidPublicKey = "nkeys: invalid public key",
  InvalidSeedLen = "nkeys: invalid seed length",
  InvalidSeed = "nkeys: invalid seed",
  InvalidCurveSeed = "nkeys: invalid curve seed",
  InvalidCurveKey = "nkeys: not a valid curve key",
  InvalidCurveOperation = "nkeys: curve key is not valid for sign/verify",
  // The missing "n" is upstream's; kept so string comparisons against their value still match.
  InvalidNKeyOperation = "keys: only curve key can seal/open",
  InvalidEncoding = "nkeys: invalid encoded key",
  InvalidRecipient = "nkeys: not a valid recipient public curve key",
  InvalidEncrypted = "nkeys: encrypted input is not valid",
  CannotSign = "nkeys: cannot sign, no private key available",
  PublicKeyOnly = "nkeys: no seed or private key available",
  InvalidChecksum = "nkeys: invalid checksum",
  SerializationError = "nkeys: serialization error",
  ApiError = "nkeys: api error",
  ClearedPair = "nkeys: pair is cleared",
}

/** A malformed key or seed, or an operation the key cannot do. `message` equals `code`, as upstream. */
export class NKeysError extends Error {
  /** One of {@link NKeysErrorCode}. */
  code: NKeysErrorCode;
  constructor(code: NKeysErrorCode, options?: ErrorOptions) {
    super(code, options);
    this.code = code;
    this.name = "NKeysError";
  }
}
