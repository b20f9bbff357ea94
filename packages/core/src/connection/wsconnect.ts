import type { NatsConnection } from "./connection";
import { connectWith } from "./connect-with";
import type { ConnectionOptions } from "./options";
import { InvalidArgumentError } from "../errors";
import { wsTransportFactory } from "../transports/ws";

/**
 * Connects over WebSocket, as nats.js's `wsconnect`: `ws://` and `wss://` URLs (with a path if the server
 * has one), a URL without a scheme meaning `wss://` on port 443, and cluster discovery through the servers'
 * `ws_connect_urls`. TLS is the runtime's business (`wss://`), so `tls` options are refused.
 */
export function wsconnect(opts: ConnectionOptions = {}): Promise<NatsConnection> {
  if (opts && typeof opts === "object" && opts.tls) {
    return Promise.reject(InvalidArgumentError.format("tls", "is not configurable on w3c websocket connections"));
  }
  // nats.js 3.x's `wsFactory` (a WebSocket of the program's own) is not supported yet: refused, so a program
  // relying on it learns at once instead of connecting with the runtime's WebSocket.
  if (opts && typeof opts === "object" && (opts as { wsFactory?: unknown }).wsFactory !== undefined) {
    return Promise.reject(InvalidArgumentError.format("wsFactory", "is not supported by this client"));
  }
  return connectWith(wsTransportFactory, opts);
}
