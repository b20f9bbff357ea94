/**
 * What a STAN subscription needs from its connection (implemented by `Stan`), kept apart so the
 * subscription does not depend on the connection class.
 */
import type { Msg, NatsConnection } from "@nats-stack/core";
import type { StanError } from "./errors";
import type { Subscription } from "./subscription";

/** The subjects a session learned from its ConnectResponse. */
export interface SessionSubjects {
  subRequests: string;
  unsubRequests: string;
  subCloseRequests: string;
}

/** What a subscription needs from its connection. */
export interface SubscriptionHost {
  readonly clientID: string;
  readonly encoding: string;
  readonly requestTimeout: number;
  /** The NATS connection, or undefined once closed. */
  nats(): NatsConnection | undefined;
  /** The current session's subjects, or undefined while there is none. */
  subjects(): SessionSubjects | undefined;
  /** A STAN request with its own timeout (see RequestMux.send). */
  send(subject: string, payload: Uint8Array, timeout: number, onTimeout: () => StanError, done: (err: Error | null, m?: Msg) => void): void;
  /** The subscription ended: stop routing to it. */
  forget(sub: Subscription): void;
}
