import { QueuedIteratorImpl } from "../subscriptions/queued-iterator";
import type { Subscription } from "../subscriptions/subscription-api";

export type DisconnectStatus = { type: "disconnect"; server: string };
export type ReconnectStatus = { type: "reconnect"; server: string };
export type ReconnectingStatus = { type: "reconnecting" };
export type ClusterUpdateStatus = { type: "update"; added?: string[]; deleted?: string[] };
export type LDMStatus = { type: "ldm"; server: string };
export type ServerErrorStatus = { type: "error"; error: Error };
export type ClientPingStatus = { type: "ping"; pendingPings: number };
export type StaleConnectionStatus = { type: "staleConnection" };
export type ForceReconnectStatus = { type: "forceReconnect" };
export type SlowConsumerStatus = { type: "slowConsumer"; sub: Subscription; pending: number };
export type CloseStatus = { type: "close" };

/** Connection events, as nats.js's `Status`. */
export type Status =
  | DisconnectStatus
  | ReconnectStatus
  | ReconnectingStatus
  | ClusterUpdateStatus
  | LDMStatus
  | ServerErrorStatus
  | ClientPingStatus
  | StaleConnectionStatus
  | SlowConsumerStatus
  | ForceReconnectStatus
  | CloseStatus;

/** Events kept per listener that does not read them; older ones are dropped first. */
export const MAX_QUEUED_STATUS = 4096;

/** Fans status events out to every `status()` iterator, each bounded. */
export class StatusHub {
  readonly #listeners = new Set<QueuedIteratorImpl<Status>>();
  /** Events dropped because a listener did not keep up. */
  dropped = 0;
  readonly #debug: boolean;

  /** `debug`: print each event's type (nats.js's `debug` option). */
  constructor(debug = false) {
    this.#debug = debug;
  }

  /** A new listener: an async iterable of the events from now on. */
  listen(): QueuedIteratorImpl<Status> {
    const it = new QueuedIteratorImpl<Status>();
    this.#listeners.add(it);
    it.onBreak = () => this.#listeners.delete(it);
    void it.iterClosed.then(() => this.#listeners.delete(it));
    return it;
  }

  emit(s: Status): void {
    if (this.#debug) console.debug(`nats-stack status: ${s.type}`);
    for (const it of this.#listeners) {
      if (it.getPending() >= MAX_QUEUED_STATUS) {
        it.shift();
        this.dropped++;
      }
      it.push(s);
    }
  }

  /** Ends every listener (after the events they still hold). */
  close(): void {
    for (const it of this.#listeners) it.stop();
    this.#listeners.clear();
  }
}
