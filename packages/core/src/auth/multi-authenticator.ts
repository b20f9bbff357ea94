/**
 * Merging authenticators into the one a connection calls. Kept apart from the authenticator factories
 * (`authenticators.ts`): a connection whose options hold plain `user`/`pass`/`token` strings, or the user's
 * own authenticator functions, needs only this, so an app that makes no nkey, JWT or creds authenticator
 * bundles none of the factories.
 */
import { InvalidArgumentError } from "../errors";
import type { Auth, Authenticator } from "./auth-types";

function isPromiseLike(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === "object" || typeof v === "function") && v !== null && typeof (v as { then?: unknown }).then === "function";
}

/**
 * Merges the results of several authenticators into one CONNECT object, later ones winning on a shared
 * field (nats.js's `multiAuthenticator`). Stays synchronous when every authenticator is.
 */
export function multiAuthenticator(authenticators: Authenticator[]): Authenticator {
  const merge = (results: Auth[]): Auth => {
    const auth = {};
    for (const r of results) Object.assign(auth, r || {});
    return auth as Auth;
  };
  return (nonce?: string) => {
    const results: (Auth | Promise<Auth>)[] = [];
    try {
      for (const a of authenticators) results.push(a(nonce));
    } catch (err) {
      // A later part threw synchronously: nobody will await the earlier ones, so keep their failures quiet.
      for (const r of results) if (isPromiseLike(r)) Promise.resolve(r).catch(() => undefined);
      throw err;
    }
    return results.some(isPromiseLike) ? Promise.all(results).then(merge) : merge(results as Auth[]);
  };
}

/** An authenticator that sends no credentials (returns `undefined`). */
export function noAuthFn(): Authenticator {
  return () => undefined;
}

/**
 * The `authenticator` option as a list (a copy): one function, an array of functions, or nothing. Throws
 * {@link InvalidArgumentError} for anything else (nats.js ignores such a value here and throws a
 * `TypeError` later).
 */
export function authenticatorList(a: unknown): Authenticator[] {
  if (typeof a === "function") return [a as Authenticator];
  if (Array.isArray(a)) {
    return a.map((fn, i) => {
      if (typeof fn !== "function") throw InvalidArgumentError.format("authenticator", `must be a function or an array of functions (element ${i} is a ${typeof fn})`);
      return fn as Authenticator;
    });
  }
  if (a !== undefined && a !== null) throw InvalidArgumentError.format("authenticator", "must be a function or an array of functions");
  return [];
}
