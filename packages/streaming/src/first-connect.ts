/**
 * The first NATS connection of a client that opens its own. With `waitOnFirstConnect`, node-nats-streaming
 * (through nats@1) keeps retrying a server that is not up yet and emits `reconnecting` before each retry: the
 * first retry at once, the next ones every `reconnectTimeWait` ms. Core's `connect()` cannot report anything
 * before it resolves, so the retries are made here, each one a plain `connect()` over the whole server list.
 */
import { ConnectionError, TimeoutError, delay, type ConnectionOptions, type Delay, type NatsConnection } from "@nats-stack/core";

/** What the retry loop needs from the client. */
export interface FirstConnectHost {
  /** True once the client was closed: no more attempts. */
  stopped(): boolean;
  /** A retry is about to start (emit `reconnecting`). */
  retrying(): void;
  /** The wait between retries is running: `close()` cancels it. */
  waiting(d: Delay | undefined): void;
}

/** How the first connection is retried. */
export interface FirstConnectRetry {
  /** Retry at all (nats@1's `waitOnFirstConnect`). */
  retry: boolean;
  /** Retries before giving up; -1: until the client is closed. */
  maxRetries: number;
  /** Milliseconds between retries (after the first, which is immediate). */
  wait: () => number;
}

// Only a server that is not there (yet) is worth retrying; bad options or credentials are not.
function retryable(err: unknown): boolean {
  return err instanceof ConnectionError || err instanceof TimeoutError;
}

/** Connects with `connect(opts)`, retrying as `r` says; rejects with the last error, or when `host` stopped. */
export async function firstConnect(
  connect: (o: ConnectionOptions) => Promise<NatsConnection>,
  opts: ConnectionOptions,
  r: FirstConnectRetry,
  host: FirstConnectHost,
): Promise<NatsConnection> {
  for (let retries = 0; ; retries++) {
    try {
      return await connect(opts);
    } catch (err) {
      if (!r.retry || host.stopped() || !retryable(err) || (r.maxRetries >= 0 && retries >= r.maxRetries)) throw err;
    }
    if (retries > 0) {
      const d = delay(r.wait());
      host.waiting(d);
      await d;
      host.waiting(undefined);
    }
    if (host.stopped()) throw new ConnectionError("closed while connecting");
    host.retrying();
  }
}
