/**
 * What an authenticator returns: the credential fields merged into the CONNECT op. Names and fields are
 * nats.js v3's (`@nats-io/nats-core` `core.ts`).
 */

/** No credentials. */
export type NoAuth = void;

/** Token authentication (`authorization { token: … }` on the server). */
export interface TokenAuth {
  /** The token, sent as CONNECT `auth_token`. */
  auth_token: string;
}

/** Username and optional password. */
export interface UserPass {
  user: string;
  pass?: string;
}

/** NKey challenge-response: the public key and the signature of the server's nonce. */
export interface NKeyAuth {
  /** The public user key (`U…`). */
  nkey: string;
  /** Base64 of the Ed25519 signature of the INFO `nonce` (its UTF-8 bytes); empty when there was no nonce. */
  sig: string;
}

/** A user JWT and, unless it is a bearer token, the public key and nonce signature. */
export interface JwtAuth {
  jwt: string;
  nkey?: string;
  sig?: string;
}

/** Any of the credential shapes. */
export type Auth = NoAuth | TokenAuth | UserPass | NKeyAuth | JwtAuth;

/**
 * Returns the credentials for a handshake, given the server's nonce (INFO `nonce`, absent when the server
 * sent none). Called once per connection attempt, so rotating credentials are picked up on reconnect.
 *
 * The authenticators core makes are synchronous, as nats.js's. Unlike nats.js, an authenticator may also
 * return a Promise (one that fetches a token, or signs with WebCrypto or a remote key store); the
 * connection awaits whatever comes back.
 */
export interface Authenticator {
  (nonce?: string): Auth | Promise<Auth>;
}
