/**
 * The nkey text format: base32 of `prefix ‖ payload ‖ crc16(prefix ‖ payload)` (little-endian CRC). Public
 * keys have one prefix byte; seeds have two, packed so the text reads `S` + the role letter (`SU…`, `SA…`).
 * Everything here is synchronous and pure, so authenticators can reject a bad seed before any crypto runs.
 */
import { decodeBase32, encodeBase32 } from "./base32";
import { isBytes } from "./bytes";
import { crc16 } from "./crc16";
import { NKeysError, NKeysErrorCode } from "./nkeys-error";
import { Prefix, Prefixes } from "./prefix";

/** Bytes of an Ed25519 seed and of an Ed25519 public key. */
export const ED25519_KEY_LENGTH = 32;

/** A decoded key: its role and its raw bytes (32 for public keys and seeds, 64 for private keys). */
export interface DecodedKey {
  prefix: Prefix;
  raw: Uint8Array;
}

function withChecksum(head: Uint8Array, payload: Uint8Array): string {
  const buf = new Uint8Array(head.length + payload.length + 2);
  buf.set(head);
  buf.set(payload, head.length);
  const crc = crc16(buf.subarray(0, buf.length - 2));
  buf[buf.length - 2] = crc & 0xff;
  buf[buf.length - 1] = crc >>> 8;
  return encodeBase32(buf);
}

// Base32, then the checksum; returns prefix bytes and payload together.
function checked(text: string): Uint8Array {
  if (typeof text !== "string" || text.length < 4) throw new NKeysError(NKeysErrorCode.InvalidEncoding);
  const raw = decodeBase32(text);
  const end = raw.length - 2;
  if (crc16(raw.subarray(0, end)) !== (raw[end]! | (raw[end + 1]! << 8))) {
    throw new NKeysError(NKeysErrorCode.InvalidChecksum);
  }
  return raw.subarray(0, end);
}

/** Encodes a raw key (32-byte public key, 64-byte private key) with a one-byte prefix. */
export function encodeKey(prefix: Prefix, raw: Uint8Array): string {
  if (!isBytes(raw)) throw new NKeysError(NKeysErrorCode.SerializationError);
  if (!Prefixes.isValidPrefix(prefix) || prefix === Prefix.Seed) throw new NKeysError(NKeysErrorCode.InvalidPrefixByte);
  return withChecksum(Uint8Array.of(prefix), raw);
}

/** Encodes a 32-byte seed for a key of `role` (`User`, `Account`…) as `S<role letter>…` text. */
export function encodeSeed(role: Prefix, raw: Uint8Array): string {
  if (!Prefixes.isValidPublicPrefix(role)) throw new NKeysError(NKeysErrorCode.InvalidPrefixByte);
  if (!isBytes(raw) || raw.length !== ED25519_KEY_LENGTH) throw new NKeysError(NKeysErrorCode.InvalidSeedLen);
  // 5 bits of "seed" then the 8 role bits straddling the byte boundary: the text then reads 'S' + role letter.
  return withChecksum(Uint8Array.of(Prefix.Seed | (role >> 5), (role & 31) << 3), raw);
}

/**
 * Decodes a seed (`SU…`, `SA…`, `SO…`…). Throws {@link NKeysError}: `InvalidEncoding` (not base32, too
 * short), `InvalidChecksum`, `InvalidSeed` (not an `S` key), `InvalidPrefixByte` (unknown role),
 * `InvalidSeedLen` (payload not 32 bytes).
 */
export function decodeSeed(text: string): DecodedKey {
  const body = checked(text);
  if (body.length < 2 || (body[0]! & 0xf8) !== Prefix.Seed) throw new NKeysError(NKeysErrorCode.InvalidSeed);
  const role = ((body[0]! & 7) << 5) | (body[1]! >> 3);
  if (!Prefixes.isValidPublicPrefix(role)) throw new NKeysError(NKeysErrorCode.InvalidPrefixByte);
  const raw = body.slice(2);
  if (raw.length !== ED25519_KEY_LENGTH) throw new NKeysError(NKeysErrorCode.InvalidSeedLen);
  return { prefix: role as Prefix, raw };
}

/**
 * Decodes a public key (`U…`, `A…`, `O…`, `N…`, `C…`, `X…`). With `expected`, the role must match.
 * Throws {@link NKeysError}: `InvalidEncoding`, `InvalidChecksum`, `InvalidPublicKey` (a seed, private key or
 * unknown role), `InvalidPrefixByte` (not the `expected` role), `InvalidKey` (payload not 32 bytes).
 */
export function decodePublicKey(text: string, expected?: Prefix): DecodedKey {
  const body = checked(text);
  const prefix = Prefixes.parsePrefix(body[0]!);
  if (!Prefixes.isValidPublicPrefix(prefix)) throw new NKeysError(NKeysErrorCode.InvalidPublicKey);
  if (expected !== undefined && prefix !== expected) throw new NKeysError(NKeysErrorCode.InvalidPrefixByte);
  const raw = body.slice(1);
  if (raw.length !== ED25519_KEY_LENGTH) throw new NKeysError(NKeysErrorCode.InvalidKey);
  return { prefix, raw };
}

/** True when `text` is a well-formed public key (of role `expected`, if given). */
export function isValidPublicKey(text: string, expected?: Prefix): boolean {
  try {
    decodePublicKey(text, expected);
    return true;
  } catch {
    return false;
  }
}
