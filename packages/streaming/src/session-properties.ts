/**
 * node-nats-streaming's read-only session properties of a connection (`connId`, `pubPrefix`, the request
 * subjects, the agreed ping settings), which programs read; kept apart from the connection's logic. They
 * show the last session opened, and keep their values after close, as the reference's fields did.
 */
import { Emitter } from "./emitter";
import type { Session } from "./session";

/** The base of `Stan`: the session properties. */
export class SessionProperties extends Emitter {
  /** @internal The last session opened. */
  protected lastSession: Session | undefined;

  /** The connection id sent in the ConnectRequest (the bytes of a NUID); undefined before the first. */
  get connId(): Uint8Array | undefined {
    return this.lastSession?.connID;
  }
  /** Prefix of the subjects PubMsgs go to, from the ConnectResponse; null before it. */
  get pubPrefix(): string | null {
    return this.lastSession?.pubPrefix ?? null;
  }
  /** Subject of SubscriptionRequests, from the ConnectResponse; null before it. */
  get subRequests(): string | null {
    return this.lastSession?.subRequests ?? null;
  }
  /** Subject of unsubscribe requests, from the ConnectResponse; null before it. */
  get unsubRequests(): string | null {
    return this.lastSession?.unsubRequests ?? null;
  }
  /** Subject of subscription close requests, from the ConnectResponse (empty if the server has none); null before it. */
  get subCloseRequests(): string | null {
    return this.lastSession?.subCloseRequests ?? null;
  }
  /** Subject of the CloseRequest, from the ConnectResponse; null before it. */
  get closeRequests(): string | null {
    return this.lastSession?.closeRequests ?? null;
  }
  /**
   * Unanswered pings before the connection is lost, as the server set it in the ConnectResponse; undefined
   * before it, or when the server does not take pings.
   */
  get stanMaxPingOut(): number | undefined {
    return this.lastSession?.pinger?.maxOut;
  }
  /**
   * Milliseconds between pings, as agreed in the ConnectResponse (the server's whole seconds, or the exact
   * `stanPingInterval` asked when the server kept it); undefined before it, or when the server takes no pings.
   */
  get stanPingInterval(): number | undefined {
    return this.lastSession?.pinger?.interval;
  }
}
