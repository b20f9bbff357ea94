/**
 * One STAN session on a NATS connection: the subscriptions it needs (heartbeat inbox, ping inbox, request
 * inbox), the ConnectRequest/ConnectResponse exchange, and the subjects learned from it. The order of the
 * SUBs and the request is node-nats-streaming's, so our traffic can be compared with its transcripts.
 */
import { createInbox, nuid, type Msg, type NatsConnection, type RequestMux, type Subscription as NatsSubscription } from "@nats-stack/core";
import { StanError } from "./errors";
import { answerHeartbeats, Pinger } from "./heartbeat";
import { ConnectRequest, ConnectResponse } from "./pb/protocol";
import { stanRequestAsync, stanRequestMux } from "./stan-request";
import type { SessionSubjects } from "./subscription";

/** The protocol level we speak: 1 = the client pings the server. */
export const PROTOCOL_ONE = 1;

const encoder = new TextEncoder();

/** What a session is opened with. */
export interface SessionParams {
  clusterID: string;
  clientID: string;
  discoverPrefix: string;
  connectTimeout: number;
  stanPingInterval: number;
  stanMaxPingOut: number;
  /** Called before the ConnectRequest, between the ping inbox SUB and the request inbox SUB (the PubAck SUB). */
  beforeRequest: () => void;
  /** The pings say the session is gone. */
  lost: (err: StanError) => void;
}

/** An open session. */
export interface Session extends SessionSubjects {
  readonly connID: Uint8Array;
  readonly pubPrefix: string;
  readonly closeRequests: string;
  readonly mux: RequestMux;
  readonly pinger: Pinger | undefined;
  /**
   * Ends the session's timers and pending requests. With `unsubscribe`, also drops its subscriptions (when the
   * NATS connection lives on: not ours, or a session being re-established); a connection about to close
   * needs no UNSUBs (node-nats-streaming sends none either).
   */
  dispose(err: Error, unsubscribe: boolean): void;
}

/** Opens a session: throws a StanError with the server's text, or the connect timeout. */
export async function openSession(nc: NatsConnection, p: SessionParams): Promise<Session> {
  const hbInbox = createInbox();
  const subs: NatsSubscription[] = [answerHeartbeats(nc, hbInbox)];
  const pingInbox = createInbox();
  let pinger: Pinger | undefined;
  const pingSub = nc.subscribe(pingInbox, { callback: (err, m: Msg) => (err ? undefined : pinger?.onResponse(m)) });
  subs.push(pingSub);
  p.beforeRequest();
  const mux = stanRequestMux(nc);
  const dispose = (err: Error, unsubscribe: boolean): void => {
    pinger?.stop();
    // The mux drops its subscription unless the connection is closed: a session on a connection about to
    // close is disposed after the close started, so no UNSUB is sent (node-nats-streaming sends none).
    mux.close(err);
    if (unsubscribe && !nc.isClosed()) for (const s of subs) s.unsubscribe();
  };
  const connID = encoder.encode(nuid.next());
  const req = ConnectRequest.fromPartial({
    clientID: p.clientID,
    heartbeatInbox: hbInbox,
    protocol: PROTOCOL_ONE,
    connID,
    pingInterval: Math.ceil(p.stanPingInterval / 1000),
    pingMaxOut: p.stanMaxPingOut,
  });
  let cr: ConnectResponse;
  try {
    const m = await stanRequestAsync(mux, `${p.discoverPrefix}.${p.clusterID}`, ConnectRequest.encode(req).finish(), p.connectTimeout, () =>
      StanError.of("ConnectTimeout"),
    );
    try {
      cr = ConnectResponse.decode(m.data);
    } catch (err) {
      throw new StanError("STAN_ERR_SERVER", `stan: invalid connect response: ${(err as Error).message}`, { cause: err });
    }
    if (cr.error) throw StanError.fromServer(cr.error);
  } catch (err) {
    dispose(err as Error, true);
    throw err;
  }
  if (cr.protocol >= PROTOCOL_ONE && cr.pingInterval !== 0) {
    // The server may impose its own interval (whole seconds); when it just echoes ours, keep our exact
    // milliseconds, so sub-second intervals work in tests.
    const asked = Math.ceil(p.stanPingInterval / 1000);
    const interval = cr.pingInterval === asked ? p.stanPingInterval : cr.pingInterval * 1000;
    pinger = new Pinger(nc, cr.pingRequests, pingInbox, connID, interval, cr.pingMaxOut || p.stanMaxPingOut, p.lost);
    pinger.start();
  } else {
    pingSub.unsubscribe();
  }
  return {
    connID,
    pubPrefix: cr.pubPrefix,
    subRequests: cr.subRequests,
    unsubRequests: cr.unsubRequests,
    subCloseRequests: cr.subCloseRequests,
    closeRequests: cr.closeRequests,
    mux,
    pinger,
    dispose,
  };
}
