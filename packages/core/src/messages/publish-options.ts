import type { MsgHdrs } from "./headers";

/** A payload: bytes, or a string sent as UTF-8. */
export type Payload = Uint8Array | string;

/** What can publish: a connection (nats.js's `Publisher`, the type of a message's `publisher`). */
export interface Publisher {
  publish(subject: string, data: Payload, options?: { reply?: string; headers?: MsgHdrs }): void;
}

/** Message tracing options, accepted for compatibility with nats.js (they need nats-server 2.11+). */
export interface TraceOptions {
  /** Subject where the server sends trace events for the message. */
  traceDestination?: string;
  /** Only trace the message, do not deliver it. */
  traceOnly?: boolean;
}

/** Options of `publish()`. */
export interface PublishOptions extends TraceOptions {
  /** Where a reply should go. */
  reply?: string;
  /** Headers to send. */
  headers?: MsgHdrs;
  /**
   * Ours (nats.js ignores it): `false` sends the message once. With `resendUnacked` (the default) a publish
   * is followed by a PING whose PONG proves the server read it, and is sent again after a reconnect until
   * then; with `resend: false` no PING is asked for it and it is never sent again. For messages worthless
   * after a reconnect, such as a JetStream pull request (the consumer asks again itself).
   */
  resend?: boolean;
}
