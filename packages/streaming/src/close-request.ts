/**
 * The CloseRequest exchange that ends a session on the server (node-nats-streaming's `close`). Apart from
 * the connection's close(), which tears down the client's side, because this is one protocol exchange with
 * its own encoding, timeout and error texts.
 */
import { StanError } from "./errors";
import { CloseRequest, CloseResponse } from "./pb/protocol";
import type { Session } from "./session";
import { stanRequest } from "./stan-request";

/**
 * Sends `clientID`'s CloseRequest to `closeRequests` over the session's request mux; `done` gets null when
 * the server closed the session, its error (`StanError.fromServer`), a `CloseTimeout` after `timeout` ms, or
 * the decode error of a malformed response.
 */
export function requestClose(session: Session, closeRequests: string, clientID: string, timeout: number, done: (err: Error | null) => void): void {
  const req = CloseRequest.encode(CloseRequest.fromPartial({ clientID })).finish();
  stanRequest(session.mux, closeRequests, req, timeout, () => StanError.of("CloseTimeout"), (err, m) => {
    if (err) return done(err);
    let error = "";
    try {
      error = CloseResponse.decode(m!.data).error;
    } catch (e) {
      return done(e as Error);
    }
    done(error ? StanError.fromServer(error) : null);
  });
}
