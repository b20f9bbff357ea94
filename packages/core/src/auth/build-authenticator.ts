/**
 * `buildAuthenticator`: the one authenticator a connection calls, built from the `authenticator`, `token`,
 * `user` and `pass` options, as nats.js's `options.ts` does.
 */
import type { Authenticator } from "./auth-types";
import { tokenAuthenticator, usernamePasswordAuthenticator } from "./authenticators";
import { authenticatorList, multiAuthenticator, noAuthFn } from "./multi-authenticator";

/** The connection options {@link buildAuthenticator} reads (a subset of `ConnectionOptions`). */
export interface AuthOptions {
  /** One authenticator or several; several are merged, later ones winning on a shared field. */
  authenticator?: Authenticator | Authenticator[];
  /** Shorthand for `tokenAuthenticator(token)`. */
  token?: string;
  /** Shorthand for `usernamePasswordAuthenticator(user, pass)`. */
  user?: string;
  /** Password for `user`; ignored without `user`. */
  pass?: string;
}

/**
 * Combines the auth options into one authenticator. Order, as in nats.js: the `authenticator` option (or
 * each of its array elements), then `token`, then `user`/`pass`; their results are merged with
 * `Object.assign`, so a later source overwrites a field an earlier one set (`user` beats an authenticator's
 * `user`). `token` and `user` count only when truthy. With nothing set, the authenticator returns
 * `undefined`. The result is synchronous when every part is.
 *
 * Throws `InvalidArgumentError` when `authenticator` is neither a function nor an array of functions
 * (nats.js ignores such a value here and throws a `TypeError` later), and for a non-string `token`, `user` or
 * `pass`.
 *
 * The connection itself does not call this: its options are checked to be strings, so `parseOptions`
 * merges them without the factories (see `connection/options.ts`); the result is the same.
 */
export function buildAuthenticator(opts: AuthOptions): Authenticator {
  const buf = authenticatorList(opts.authenticator);
  if (opts.token) buf.push(tokenAuthenticator(opts.token));
  if (opts.user) buf.push(usernamePasswordAuthenticator(opts.user, opts.pass));
  return buf.length === 0 ? noAuthFn() : multiAuthenticator(buf);
}
