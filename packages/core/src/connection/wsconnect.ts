import type { NatsConnection } from "./connection";
import { connectWith } from "./connect-with";
import type { ConnectionOptions } from "./options";
import { InvalidArgumentError } from "../errors";
import { wsTransports } from "../transports/ws";

/**
 * nats.js's `WsSocketFactory`: makes the WebSocket of each connection attempt (every dial, reconnects
 * included), given the server's URL as nats.js builds it (`ws://host:port/path`, `wss://…` for a URL without
 * a scheme) and the connection's options with their defaults. `encrypted` says whether the socket is
 * encrypted: the client reports it in CONNECT, and a server whose INFO has `tls_required` is refused over a
 * socket that is not. What it throws or rejects fails that attempt with a ConnectionError (its `cause`).
 */
export type WsSocketFactory = (u: string, opts: ConnectionOptions) => Promise<{
  socket: WebSocket;
  encrypted: boolean;
}>;

/** nats.js's `WsConnectionOptions`: the options of {@link wsconnect}. */
export interface WsConnectionOptions extends ConnectionOptions {
  /** The program's own WebSocket (the `ws` package on a Node without `WebSocket`, custom headers…). */
  wsFactory?: WsSocketFactory;
}

/**
 * Connects over WebSocket, as nats.js's `wsconnect`: `ws://` and `wss://` URLs (with a path if the server
 * has one), a URL without a scheme meaning `wss://` on port 443, and cluster discovery through the servers'
 * `ws_connect_urls`. Sockets are the runtime's global `WebSocket`, or the `wsFactory` option's. TLS is the
 * socket's business (`wss://`), so `tls` options are refused.
 */
export function wsconnect(opts: ConnectionOptions | WsConnectionOptions = {}): Promise<NatsConnection> {
  let wsFactory: unknown;
  if (opts && typeof opts === "object") {
    if (opts.tls) return Promise.reject(InvalidArgumentError.format("tls", "is not configurable on w3c websocket connections"));
    wsFactory = (opts as WsConnectionOptions).wsFactory;
    // nats.js calls whatever is there (and a non-function never settles its connect): refused at once here.
    if (wsFactory != null && typeof wsFactory !== "function") {
      return Promise.reject(InvalidArgumentError.format("wsFactory", "must be a function"));
    }
  }
  return connectWith(wsTransports((wsFactory || undefined) as Parameters<typeof wsTransports>[0]), opts);
}
