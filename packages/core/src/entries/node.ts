/**
 * @nats-stack/core for Node.js (`@nats-stack/core` under the `node` condition, or `@nats-stack/core/node`): a
 * drop-in for nats.js v3 (`@nats-io/transport-node` with `@nats-io/nats-core`). Change the import; keep the
 * code.
 * @packageDocumentation
 */
export * from "../mod";
export { wsconnect } from "../connection/wsconnect";
import type { NatsConnection } from "../connection/connection";
import { tcpConnect } from "../connection/connect-with";
import type { ConnectionOptions } from "../connection/options";
import { nodeTransportFactory } from "../transports/node";

const connectNode = tcpConnect("node", nodeTransportFactory);

/**
 * Connects to a NATS server over TCP with `node:net` (and `node:tls` when asked or required). `tls` accepts
 * any `tls.connect` option besides nats.js's own (e.g. `rejectUnauthorized`).
 */
export function connect(opts?: ConnectionOptions): Promise<NatsConnection> {
  return connectNode(opts);
}
