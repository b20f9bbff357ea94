/**
 * The NATS connection's events as the STAN connection's (node-nats-streaming forwarded nats@1's `disconnect`,
 * `reconnecting`, `reconnect` and `error`). Once `close()` was called, `close` is the only event left to
 * report: a reconnect while the CloseRequest waits for its answer is not announced (a `reconnect` handler
 * would run again).
 */
import { PermissionViolationError, type NatsConnection } from "@nats-stack/core";
import type { Emitter } from "./emitter";

/** The state of the STAN connection, as far as forwarding cares. */
export type ForwardingState = "connecting" | "connected" | "recovering" | "closing" | "closed";

/** Forwards `nc`'s status events to `target` until `state()` is `closed` or the NATS connection ends. */
export async function forwardNatsEvents(nc: NatsConnection, target: Emitter, state: () => ForwardingState): Promise<void> {
  for await (const s of nc.status()) {
    const now = state();
    if (now === "closed") break;
    if (now === "closing") continue;
    switch (s.type) {
      case "disconnect":
        target.raise("disconnect");
        break;
      case "reconnecting":
        target.raise("reconnecting");
        break;
      case "reconnect":
        target.raise("reconnect", target);
        break;
      case "error":
        if (s.error instanceof PermissionViolationError && target.listenerCount("permission_error")) target.raise("permission_error", s.error);
        // A NATS-level error the application does not listen to is not worth crashing it.
        else if (target.listenerCount("error")) target.raise("error", s.error);
        break;
    }
  }
}
