/**
 * Follows a connection's status events for a consumer (disconnect, reconnect) and its closing, without
 * leaving anything behind when the consumer stops: the status iterator is returned (which removes it from
 * the connection) and no promise is left to reject unhandled.
 */
import type { NatsConnection } from "@nats-stack/core";

/** What a consumer wants to hear about its connection. */
export interface ConnectionEvents {
  disconnect(): void;
  reconnect(): void;
  /** The connection closed: with the error that closed it, or undefined when it was closed on purpose. */
  closed(err: Error | undefined): void;
}

/** Starts watching; the returned function stops it. */
export function watchConnection(nc: NatsConnection, ev: ConnectionEvents): () => void {
  let stopped = false;
  const it = nc.status()[Symbol.asyncIterator]();
  void (async () => {
    try {
      for (;;) {
        const r = await it.next();
        if (r.done || stopped) return;
        if (r.value.type === "disconnect") ev.disconnect();
        else if (r.value.type === "reconnect") ev.reconnect();
      }
    } catch {
      // The status stream ended with an error: the closed() handler below reports the connection's end.
    }
  })();
  nc.closed().then(
    (err) => {
      if (!stopped) ev.closed(err instanceof Error ? err : undefined);
    },
    (err) => {
      if (!stopped) ev.closed(err as Error);
    },
  );
  return () => {
    if (stopped) return;
    stopped = true;
    void it.return?.();
  };
}
