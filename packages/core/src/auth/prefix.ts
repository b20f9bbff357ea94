/**
 * The nkey prefix bytes. The first byte of a decoded key says what it identifies; these values are chosen so
 * that the base32 text starts with a readable letter (`U` user, `A` account, `S` seed…).
 */

/** Prefix bytes of nkeys, with upstream's names and values. */
export enum Prefix {
  Unknown = -1,
  /** Encodes to `S…`; the second byte then carries the role of the key the seed makes. */
  Seed = 18 << 3,
  /** Encodes to `P…` (a raw 64-byte private key). */
  Private = 15 << 3,
  /** Encodes to `O…`. */
  Operator = 14 << 3,
  /** Encodes to `N…`. */
  Server = 13 << 3,
  /** Encodes to `C…`. */
  Cluster = 2 << 3,
  /** Encodes to `A…`. */
  Account = 0,
  /** Encodes to `U…`. */
  User = 20 << 3,
  /** Encodes to `X…` (X25519 keys; recognised here, but sealing with them is not implemented). */
  Curve = 23 << 3,
}

const PUBLIC = new Set<number>([Prefix.Server, Prefix.Operator, Prefix.Cluster, Prefix.Account, Prefix.User, Prefix.Curve]);
const ALL = new Set<number>([...PUBLIC, Prefix.Seed, Prefix.Private]);

/** Prefix checks, as upstream's `Prefixes` class. */
export class Prefixes {
  /** True for the roles a public key (or a seed's second byte) can have. */
  static isValidPublicPrefix(prefix: Prefix): boolean {
    return PUBLIC.has(prefix);
  }
  /** True when the text starts with a letter some nkey starts with. Says nothing about the rest. */
  static startsWithValidPrefix(s: string): boolean {
    return typeof s === "string" && s.length > 0 && "SPONCAUX".includes(s[0]!);
  }
  /** True for any known prefix byte. */
  static isValidPrefix(prefix: Prefix): boolean {
    return ALL.has(prefix);
  }
  /** The prefix for byte `v`, or {@link Prefix.Unknown}. */
  static parsePrefix(v: number): Prefix {
    return ALL.has(v) ? (v as Prefix) : Prefix.Unknown;
  }
}
