/**
 * Loads the reference implementation, `@nats-io/nkeys` (tweetnacl, synchronous), for known-answer tests,
 * and nats.js's authenticator module for parity tests.
 * It is not a dependency of core: it comes in with `@nats-io/nats-core`, a dev dependency of fixtures, so it
 * is resolved from there rather than added to core's package.json.
 */
import { dirname, join } from "node:path";

/** The part of the reference `KeyPair` the tests use. */
export interface RefKeyPair {
  getPublicKey(): string;
  getSeed(): Uint8Array;
  getPrivateKey(): Uint8Array;
  sign(input: Uint8Array): Uint8Array;
  verify(input: Uint8Array, sig: Uint8Array): boolean;
}

/** The part of the reference module the tests use. */
export interface RefNkeys {
  createUser(): RefKeyPair;
  createAccount(): RefKeyPair;
  createOperator(): RefKeyPair;
  fromSeed(seed: Uint8Array): RefKeyPair;
  fromPublic(key: string): RefKeyPair;
  encode(bytes: Uint8Array): string;
}

const fixtures = join(__dirname, "../../../../../fixtures");
const natsCore = require.resolve("@nats-io/nats-core", { paths: [fixtures] });

/** `@nats-io/nkeys`, the version `@nats-io/nats-core` uses. */
export const ref: RefNkeys = require(require.resolve("@nats-io/nkeys", { paths: [dirname(natsCore)] }));

type RefAuthenticator = (nonce?: string) => unknown;

/** nats.js's own authenticator factories (`lib/authenticator.js`, `lib/options.js`), for parity checks. */
export interface RefAuth {
  usernamePasswordAuthenticator(user: unknown, pass?: unknown): RefAuthenticator;
  tokenAuthenticator(token: unknown): RefAuthenticator;
  nkeyAuthenticator(seed?: unknown): RefAuthenticator;
  jwtAuthenticator(jwt: unknown, seed?: unknown): RefAuthenticator;
  credsAuthenticator(creds: unknown): RefAuthenticator;
  buildAuthenticator(opts: Record<string, unknown>): RefAuthenticator;
}

/** Loaded lazily: the nats.js modules are only needed by the parity tests. */
export function refAuth(): RefAuth {
  const lib = dirname(natsCore);
  return { ...require(join(lib, "authenticator.js")), buildAuthenticator: require(join(lib, "options.js")).buildAuthenticator };
}
