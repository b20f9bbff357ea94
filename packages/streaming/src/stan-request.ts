/**
 * STAN's requests on core's `RequestMux`: one wildcard inbox subscription per session, reply tokens that are
 * NUIDs (so a session looks on the wire like node-nats-streaming's: the replay tests compare the two), each
 * request with its own timeout text (`stan: subscribe request timeout`…), and every failure as a StanError.
 */
import { ClosedConnectionError, NoRespondersError, RequestMux, nuid, type Msg, type NatsConnection } from "@nats-stack/core";
import { StanError } from "./errors";

/** Called once per STAN request, with the reply or the StanError that ended it. */
export type StanReplyCallback = (err: StanError | null, m?: Msg) => void;

/** The request mux of one STAN session. */
export function stanRequestMux(nc: NatsConnection): RequestMux {
  return new RequestMux(nc, { token: () => nuid.next() });
}

// Core's failures in STAN's words: no responders (no STAN server for the cluster) fails at once instead of
// waiting for the timeout; a closed connection is node-nats-streaming's `stan: Connection closed`.
function stanError(err: Error, subject: string): StanError {
  if (err instanceof StanError) return err;
  if (err instanceof NoRespondersError) return new StanError("STAN_ERR_NO_RESPONDERS", `stan: no responders on '${subject}'`, { cause: err });
  if (err instanceof ClosedConnectionError || err.cause instanceof ClosedConnectionError) return StanError.of("ConnectionClosed", { cause: err });
  return new StanError("STAN_ERR_REQUEST", err.message, { cause: err });
}

/**
 * Sends one STAN request through `mux`; `done` gets the reply synchronously inside its delivery (so what it
 * sets up is in place before the next message of the same read), or `onTimeout()` after `timeout` ms, or the
 * failure as a StanError.
 */
export function stanRequest(
  mux: RequestMux,
  subject: string,
  payload: Uint8Array,
  timeout: number,
  onTimeout: () => StanError,
  done: StanReplyCallback,
): void {
  mux.send(subject, payload, { timeout, timeoutError: onTimeout }, (err, m) => (err ? done(stanError(err, subject)) : done(null, m)));
}

/** {@link stanRequest} as a promise. */
export function stanRequestAsync(mux: RequestMux, subject: string, payload: Uint8Array, timeout: number, onTimeout: () => StanError): Promise<Msg> {
  return new Promise<Msg>((resolve, reject) => stanRequest(mux, subject, payload, timeout, onTimeout, (err, m) => (err ? reject(err) : resolve(m!))));
}
