/**
 * The @nats-stack/core options of a NATS connection this client opens, from node-nats-streaming's options:
 * the NATS options it forwarded to nats@1, in the shape core (nats.js v3) takes them. nats@1's auth options
 * (`nkey` with `nonceSigner`, `userJWT`, `userCreds`, `tokenHandler`) become one authenticator.
 */
import { credsAuthenticator, type Auth, type Authenticator, type ConnectionOptions } from "@nats-stack/core";
import { credsFileReader } from "./creds-file";
import type { ResolvedStanOptions } from "./options";

/** Options forwarded under the same name. */
const FORWARDED = [
  "name",
  "user",
  "pass",
  "token",
  "maxPingOut",
  "maxReconnectAttempts",
  "noRandomize",
  "pedantic",
  "pingInterval",
  "reconnect",
  "reconnectTimeWait",
  "verbose",
] as const;

const encoder = new TextEncoder();

function isPromiseLike<T>(v: T | PromiseLike<T>): v is PromiseLike<T> {
  return typeof v === "object" && v !== null && typeof (v as PromiseLike<T>).then === "function";
}

// Unpadded base64url, as nats.js sends signatures (the server also reads the standard alphabet nats@1 sent).
function base64Url(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * nats@1's CONNECT credentials as a core authenticator: `jwt` from `userJWT`, `nkey`, the signature of the
 * server's nonce by `nonceSigner` (only when the server sent a nonce), `auth_token` from `tokenHandler`.
 * Undefined when none of these options is set.
 */
export function nats1Authenticator(o: ResolvedStanOptions): Authenticator | undefined {
  if (o.userCreds !== undefined) return credsAuthenticator(credsFileReader(o.userCreds));
  const { nkey, nonceSigner, userJWT, tokenHandler } = o;
  if (nkey === undefined && nonceSigner === undefined && userJWT === undefined && tokenHandler === undefined) return undefined;
  const fields = (sig: string | undefined): Auth => {
    const a: Record<string, string> = {};
    if (userJWT !== undefined) a.jwt = typeof userJWT === "function" ? userJWT() : userJWT;
    if (nkey !== undefined) a.nkey = nkey;
    if (sig !== undefined) a.sig = sig;
    if (tokenHandler !== undefined) a.auth_token = tokenHandler();
    return a as unknown as Auth; // fields of several Auth shapes at once: core merges them the same way
  };
  return (nonce?: string) => {
    if (nonce === undefined || nonceSigner === undefined) return fields(undefined);
    const signed = nonceSigner(encoder.encode(nonce));
    const encode = (s: Uint8Array | string): Auth => fields(typeof s === "string" ? s : base64Url(s));
    return isPromiseLike(signed) ? Promise.resolve(signed).then(encode) : encode(signed);
  };
}

/** The core options for a connection this client owns. */
export function natsOptions(o: ResolvedStanOptions): ConnectionOptions {
  const out: ConnectionOptions = { ...(o.natsOptions ?? {}) };
  out.servers = o.servers ?? o.url;
  for (const k of FORWARDED) {
    if (o[k] !== undefined) (out as Record<string, unknown>)[k] = o[k];
  }
  // nats@1 took `tls: true` for TLS with the defaults and `false` for none.
  if (o.tls === true) out.tls = {};
  else if (o.tls === false || o.tls === null) out.tls = null;
  else if (o.tls !== undefined) out.tls = o.tls;
  const auth = nats1Authenticator(o);
  if (auth) {
    const theirs = out.authenticator;
    out.authenticator = theirs === undefined ? auth : [...(Array.isArray(theirs) ? theirs : [theirs]), auth];
  }
  return out;
}
