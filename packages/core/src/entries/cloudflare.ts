/**
 * @nats-stack/core for Cloudflare Workers (`@nats-stack/core` under the `workerd` condition, or
 * `@nats-stack/core/cloudflare`): `connect` over `cloudflare:sockets`, `wsconnect` over the Workers
 * WebSocket. Connections belong to the request that made them: connect, work and close within one request
 * (or keep one in a Durable Object).
 * @packageDocumentation
 */
export * from "../mod";
export { wsconnect } from "../connection/wsconnect";
import type { NatsConnection } from "../connection/connection";
import { tcpConnect } from "../connection/connect-with";
import type { ConnectionOptions } from "../connection/options";
import { cloudflareTransportFactory } from "../transports/cloudflare";

const connectCloudflare = tcpConnect("cloudflare", cloudflareTransportFactory);

/**
 * Connects to a NATS server over TCP with `cloudflare:sockets` (and `startTls()` when the server asks for
 * TLS). Workers verify certificates against public roots only: `tls.ca` cannot be set there.
 */
export function connect(opts?: ConnectionOptions): Promise<NatsConnection> {
  return connectCloudflare(opts);
}
