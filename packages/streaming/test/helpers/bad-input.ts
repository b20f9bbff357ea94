/**
 * The bad-input tests' shared material: junk for any argument and an object whose getters throw (fixtures'
 * bad-input, shared with the other packages), the test of "a typed error with a clear text", every connect option name (with node-nats-streaming's aliases), a
 * client that stays connecting, and the events a subscription emits at once.
 */
import * as core from "@nats-stack/core";
import { isUsersOwn } from "@nats-stack/fixtures/bad-input";
import { connect, StanError, type StanOptions, type Subscription } from "../../src/index";
import { OPTION_ALIASES } from "../../src/option-aliases";
import { silentConnection } from "./silent-connection";

// Junk and the object whose getters throw: one list for every package's tests.
export { isUsersOwn, junk, junkOrThrowing, throwingGetter } from "@nats-stack/fixtures/bad-input";

/** Every error class @nats-stack/core exports (a NATS option core judges fails with core's error). */
export const coreErrors = (Object.values(core) as unknown[]).filter(
  (v): v is new (...a: never[]) => Error => typeof v === "function" && v.prototype instanceof Error,
);

/** "" for a StanError with a `stan: ` text or a core error; else what is wrong with `err`. */
export function typedProblem(err: unknown, core = true): string {
  if (isUsersOwn(err)) return "";
  if (!(err instanceof Error)) return `not an Error: ${String(err)}`;
  if (err instanceof StanError) return /^stan: \S/.test(err.message) || /^(tokenHandler|token and|Signature)/.test(err.message) ? "" : `unclear StanError text: ${err.message}`;
  if (core && coreErrors.some((C) => err instanceof C) && err.message) return "";
  return `untyped ${err.name}: ${err.message}`;
}

/** Every option `connect()` reads, under its own name and every alias. */
export const STAN_OPTION_KEYS: readonly string[] = [
  "url",
  "servers",
  "port",
  "connectTimeout",
  "ackTimeout",
  "discoverPrefix",
  "maxPubAcksInflight",
  "stanEncoding",
  "stanMaxPingOut",
  "stanPingInterval",
  "nc",
  "name",
  "user",
  "pass",
  "token",
  "tokenHandler",
  "nkey",
  "nonceSigner",
  "userJWT",
  "userCreds",
  "maxPingOut",
  "maxReconnectAttempts",
  "noRandomize",
  "pedantic",
  "pingInterval",
  "reconnect",
  "reconnectTimeWait",
  "tls",
  "verbose",
  "waitOnFirstConnect",
  "encoding",
  "useOldRequestStyle",
  "yieldTime",
  "natsOptions",
  "requestTimeout",
  "recoverSession",
  "recoverSessionWait",
  "maxRecoverAttempts",
  ...OPTION_ALIASES.map(([alias]) => alias),
];

/** A client connecting through a NATS connection that never answers. */
export function connecting(opts: StanOptions = {}) {
  const silent = silentConnection();
  const sc = connect("test-cluster", "bad-input", { nc: silent.nc, connectTimeout: 60_000, ...opts });
  const errors: unknown[] = [];
  sc.on("error", (e) => errors.push(e));
  return { sc, silent, errors };
}

/** Events a subscription emits within a few ticks. */
export async function subEvents(sub: Subscription): Promise<Array<[string, unknown]>> {
  const got: Array<[string, unknown]> = [];
  for (const e of ["error", "timeout", "ready", "unsubscribed", "closed"]) sub.on(e, (x: unknown) => got.push([e, x]));
  await new Promise((r) => setTimeout(r, 5));
  return got;
}
