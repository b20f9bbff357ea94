/**
 * `buildAuthenticator`: the one authenticator a connection calls, built from the `authenticator`, `token`,
 * `user` and `pass` options, as nats.js's `options.ts` does.
 */
import { InvalidArgumentError } from "../errors";
import type { Authenticator } from "./auth-types";
import { multiAuthenticator, noAuthFn, tokenAuthenticator, usernamePasswordAuthenticator } from "./authenticators";

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
 * Throws {@link InvalidArgumentError} when `authenticator` is neither a function nor an array of functions
 * (nats.js ignores such a value here and throws a `TypeError` later), and for a non-string `token`, `user` or
 * `pass`.
 */
export function buildAuthenticator(opts: AuthOptions): Authenticator {
  const buf: Authenticator[] = [];
  const a: unknown = opts.authenticator;
  if (typeof a === "function") {
    buf.push(a as Authenticator);
  } else if (Array.isArray(a)) {
    a.forEach((fn, i) => {
      if (typeof fn !== "function") throw InvalidArgumentError.format("authenticator", `must be a function or an array of functions (element ${i} is a ${typeof fn})`);
      buf.push(fn as Authenticator);
    });
  } else if (a !== undefined && a !== null) {
    throw InvalidArgumentError.format("authenticator", "must be a function or an array of functions");
  }
  if (opts.token) buf.push(tokenAuthenticator(opts.token));
  if (opts.user) buf.push(usernamePasswordAuthenticator(opts.user, opts.pass));
  return buf.length === 0 ? noAuthFn() : multiAuthenticator(buf);
}
