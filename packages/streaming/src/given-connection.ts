/**
 * What the `nc` option must be: a @nats-stack/core `NatsConnection` (or another nats.js v3-shaped one). A
 * nats@1 connection (what node-nats-streaming's typings declare) is not: it has callbacks and numeric sids
 * where core has subscription objects, a status iterator and promises, and making one behave as the other
 * would mean re-implementing most of a NATS connection. It is refused with a clear error instead.
 */
import type { NatsConnection } from "@nats-stack/core";

const METHODS = ["subscribe", "publish", "status", "closed", "isClosed", "close"] as const;

/** True when `nc` has what the client calls on a NATS connection. */
export function isNatsConnection(nc: unknown): nc is NatsConnection {
  if (typeof nc !== "object" || nc === null) return false;
  const o = nc as Record<string, unknown>;
  return METHODS.every((m) => typeof o[m] === "function");
}
