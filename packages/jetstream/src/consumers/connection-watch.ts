/**
 * Follows a connection's status events (disconnect, reconnect) and its closing for the consumers running on
 * it. One status iterator per connection serves every consumer (a `fetch()` loop starts a consumer per batch;
 * a status listener each would cost more than the batch): started with the first consumer, it is read until
 * the connection closes, so it never holds unread events. No promise is left to reject unhandled.
 */
import type { NatsConnection } from "@nats-stack/core";

/** What a consumer wants to hear about its connection. */
export interface ConnectionEvents {
  disconnect(): void;
  reconnect(): void;
  /** The connection closed: with the error that closed it, or undefined when it was closed on purpose. */
  closed(err: Error | undefined): void;
}

class Watch {
  readonly listeners = new Set<ConnectionEvents>();

  constructor(nc: NatsConnection) {
    const it = nc.status()[Symbol.asyncIterator]();
    void (async () => {
      try {
        for (;;) {
          const r = await it.next();
          if (r.done) return;
          if (r.value.type === "disconnect") this.each((ev) => ev.disconnect());
          else if (r.value.type === "reconnect") this.each((ev) => ev.reconnect());
        }
      } catch {
        // The status stream ended with an error: the closed() handler below reports the connection's end.
      }
    })();
    const closed = (err: unknown) => this.each((ev) => ev.closed(err instanceof Error ? err : undefined));
    nc.closed().then(closed, closed);
  }

  private each(f: (ev: ConnectionEvents) => void): void {
    for (const ev of [...this.listeners]) f(ev);
  }
}

const watches = new WeakMap<NatsConnection, Watch>();

/** Starts watching `nc` for `ev`; the returned function stops it. */
export function watchConnection(nc: NatsConnection, ev: ConnectionEvents): () => void {
  let w = watches.get(nc);
  if (!w) {
    w = new Watch(nc);
    watches.set(nc, w);
  }
  const watch = w;
  if (nc.isClosed()) {
    // Too late to hear about it: say so now, as the closed() promise would have.
    void nc.closed().then(
      (err) => ev.closed(err instanceof Error ? err : undefined),
      (err) => ev.closed(err as Error),
    );
    return () => {};
  }
  watch.listeners.add(ev);
  return () => watch.listeners.delete(ev);
}
