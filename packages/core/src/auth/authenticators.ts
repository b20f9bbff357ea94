/**
 * The authenticator factories of nats.js v3, with its names, parameters and results, synchronous as
 * theirs. One deliberate difference: bad input throws {@link InvalidArgumentError} — at creation for plain
 * values, at call time for values from functions — where nats.js fails later with whatever error the bad
 * value happens to cause.
 */
import { InvalidArgumentError } from "../errors";
import type { Authenticator, JwtAuth, NKeyAuth, TokenAuth, UserPass } from "./auth-types";
import { encodeBase64 } from "./base64";
import { isBytes, utf8 } from "./bytes";
import { parseCreds, type Creds } from "./creds";
import { SeedKeyPair, seedText } from "./key-pair";
import { decodeSeed } from "./nkey-codec";
import { NKeysError } from "./nkeys-error";

export { multiAuthenticator, noAuthFn } from "./multi-authenticator";

function stringOf(prop: string, v: unknown): string {
  if (typeof v !== "string") throw InvalidArgumentError.format(prop, `must be a string or a function returning one (got ${typeName(v)})`);
  return v;
}

function typeName(v: unknown): string {
  return v === null ? "null" : isBytes(v) ? "Uint8Array" : Array.isArray(v) ? "array" : typeof v;
}

// A plain value is checked now so a typo fails at the call that made it; a function's value at use.
function resolver<T>(prop: string, src: unknown, check: (prop: string, v: unknown) => T): () => T {
  if (typeof src === "function") return () => check(prop, (src as () => unknown)());
  const v = check(prop, src);
  return () => v;
}

/**
 * Username and optional password (`{ user, pass }`). Each may be a string or a function returning one,
 * read at every handshake.
 */
export function usernamePasswordAuthenticator(user: string | (() => string), pass?: string | (() => string)): Authenticator {
  const u = resolver("user", user, stringOf);
  const p = pass === undefined ? () => undefined : resolver("pass", pass, stringOf);
  return (): UserPass => ({ user: u(), pass: p() });
}

/** A token (`{ auth_token }`), a string or a function returning one. */
export function tokenAuthenticator(token: string | (() => string)): Authenticator {
  const t = resolver("token", token, stringOf);
  return (): TokenAuth => ({ auth_token: t() });
}

// A seed as text, decoded once to reject a malformed one with the property's name.
function seedOf(prop: string, v: unknown): string {
  if (typeof v !== "string" && !isBytes(v)) {
    throw InvalidArgumentError.format(prop, `must be a Uint8Array, a string or a function returning one (got ${typeName(v)})`);
  }
  const text = seedText(v).trim();
  try {
    decodeSeed(text).raw.fill(0);
  } catch (err) {
    const why = err instanceof NKeysError ? err.message : String(err);
    throw InvalidArgumentError.format(prop, `is not a valid nkey seed (${why})`, { cause: err });
  }
  return text;
}

// Signs nonces; keeps the key pair while the seed stays the same, so a function that re-reads the same
// seed file on every reconnect does not decode it again every time.
function signer(): (seed: string, nonce?: string) => NKeyAuth {
  let last: { seed: string; kp: SeedKeyPair } | undefined;
  return (seed: string, nonce?: string) => {
    if (!last || last.seed !== seed) last = { seed, kp: SeedKeyPair.fromSeed(seed) };
    const kp = last.kp;
    const nkey = kp.getPublicKey();
    // As nats.js: no nonce, no signature; the nonce is signed as its UTF-8 bytes; the sig is padded base64
    // (nats-server tries URL-safe base64 first and falls back to standard; old servers only take standard).
    const sig = nonce ? encodeBase64(kp.sign(utf8(nonce))) : "";
    return { nkey, sig };
  };
}

/**
 * NKey challenge-response: `{ nkey, sig }` with the seed's public key and the signature of the nonce.
 * The seed is the `SU…` text as bytes (nats.js's type), as a string, or a function returning either.
 * Without a seed it returns `{ nkey: "", sig: "" }`, as nats.js does.
 */
export function nkeyAuthenticator(seed?: Uint8Array | string | (() => Uint8Array | string)): Authenticator {
  if (seed === undefined) return (): NKeyAuth => ({ nkey: "", sig: "" });
  const s = resolver("seed", seed, seedOf);
  const sign = signer();
  return (nonce?: string) => sign(s(), nonce);
}

/**
 * A user JWT: `{ jwt, nkey, sig }`. With a seed, `nkey` and `sig` are computed as by
 * {@link nkeyAuthenticator}; without one (a bearer JWT) they are empty strings, as in nats.js.
 */
export function jwtAuthenticator(
  ajwt: string | (() => string),
  seed?: Uint8Array | string | (() => Uint8Array | string),
): Authenticator {
  const jwt = resolver("jwt", ajwt, stringOf);
  if (seed === undefined) return (): JwtAuth => ({ jwt: jwt(), nkey: "", sig: "" });
  const s = resolver("seed", seed, seedOf);
  const sign = signer();
  return (nonce?: string) => withJwt(jwt(), sign(s(), nonce));
}

function withJwt(jwt: string, nk: NKeyAuth): JwtAuth {
  return { jwt, nkey: nk.nkey, sig: nk.sig };
}

function credsOf(prop: string, v: unknown): Creds {
  const c = parseCreds(v as Uint8Array | string);
  return { jwt: c.jwt, seed: seedOf(prop, c.seed) };
}

/**
 * The JWT and seed of a creds file: its bytes, its text, or a function returning either (called once per
 * handshake, so a rotated file is picked up). See {@link parseCreds} for the accepted layout.
 */
export function credsAuthenticator(creds: Uint8Array | string | (() => Uint8Array | string)): Authenticator {
  const read = resolver("creds", creds, credsOf);
  const sign = signer();
  return (nonce?: string) => {
    const c = read(); // one read per handshake: the JWT and the seed come from the same file contents
    return withJwt(c.jwt, sign(c.seed, nonce));
  };
}
