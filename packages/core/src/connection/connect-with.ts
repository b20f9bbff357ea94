import { NatsConnectionImpl, type NatsConnection } from "./connection";
import { parseOptions, type ConnectionOptions } from "./options";
import { ProtocolHandler } from "../protocol/protocol-handler";
import type { TransportFactory } from "../transports/transport";

/**
 * Connects with a given transport factory. Runtime entry points (`@nats-stack/core` for Node, and the
 * runtime subpaths) bind their own transport; there is no global factory.
 */
export async function connectWith(factory: TransportFactory, opts?: ConnectionOptions): Promise<NatsConnection> {
  const options = parseOptions(opts);
  const protocol = new ProtocolHandler(options, factory);
  await protocol.start();
  return new NatsConnectionImpl(protocol);
}
