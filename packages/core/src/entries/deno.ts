/**
 * @nats-stack/core for Deno (`@nats-stack/core` under the `deno` condition, or `@nats-stack/core/deno`):
 * `connect` over Deno's own TCP and TLS sockets; `wsconnect` over its WebSocket.
 * @packageDocumentation
 */
export * from "../mod";
export { wsconnect } from "../connection/wsconnect";
import type { NatsConnection } from "../connection/connection";
import { tcpConnect } from "../connection/connect-with";
import type { ConnectionOptions } from "../connection/options";
import { denoTransportFactory } from "../transports/deno";

const connectDeno = tcpConnect("deno", denoTransportFactory);

/**
 * Connects to a NATS server over TCP with `Deno.connect` (and `Deno.startTls` when asked or required).
 * `tls` takes `ca`/`caFile`; a client certificate (`cert`/`key`) needs `handshakeFirst`, since
 * `Deno.startTls` cannot present one.
 */
export function connect(opts?: ConnectionOptions): Promise<NatsConnection> {
  return connectDeno(opts);
}
