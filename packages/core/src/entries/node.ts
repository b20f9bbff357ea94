/**
 * @nats-stack/core for Node.js: a drop-in for nats.js v3 (`@nats-io/transport-node` with
 * `@nats-io/nats-core`). Change the import; keep the code.
 * @packageDocumentation
 */
export * from "../mod";
import type { NatsConnection } from "../connection/connection";
import { connectWith } from "../connection/connect-with";
import type { ConnectionOptions } from "../connection/options";
import { nodeTransportFactory } from "../transports/node";

/** Node's TLS options: ours plus any option of `tls.connect` (e.g. `rejectUnauthorized`). */
export type NodeConnectionOptions = ConnectionOptions;

/** Connects to a NATS server over TCP (and TLS when asked or required). */
export function connect(opts?: NodeConnectionOptions): Promise<NatsConnection> {
  return connectWith(nodeTransportFactory, opts);
}
