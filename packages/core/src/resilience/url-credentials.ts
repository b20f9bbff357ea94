import type { HostPort } from "./servers";

/**
 * Credentials written in the server's URL (`nats://user:pass@host`, `nats://token@host`) are sent when the
 * options gave none, as nats.go does (nats.js cannot parse such URLs): they belong to that server only.
 */
export function withUrlCredentials(a: Record<string, unknown>, url: HostPort): Record<string, unknown> {
  if (url.user === undefined) return a;
  if (a.user !== undefined || a.pass !== undefined || a.auth_token !== undefined || a.jwt !== undefined || a.nkey !== undefined) return a;
  return url.pass !== undefined ? { ...a, user: url.user, pass: url.pass } : { ...a, auth_token: url.user };
}
