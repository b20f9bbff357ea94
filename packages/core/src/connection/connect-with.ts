import { NatsConnectionImpl, type NatsConnection } from "./connection";
import { parseOptions, type ConnectionOptions } from "./options";
import { InvalidArgumentError } from "../errors";
import { ProtocolHandler } from "../protocol/protocol-handler";
import { hasWsProtocol } from "../resilience/servers";
import type { TransportFactory } from "../transports/transport";

/**
 * Connects with a given transport factory. Runtime entry points (`@nats-stack/core/node`, `/deno`, `/bun`,
 * `/ws`, `/cloudflare`) bind their own transport; there is no global factory. Never throws: bad options
 * reject the returned promise.
 */
export async function connectWith(factory: TransportFactory, opts?: ConnectionOptions): Promise<NatsConnection> {
  const options = parseOptions(opts);
  const protocol = new ProtocolHandler(options, factory);
  await protocol.start();
  return new NatsConnectionImpl(protocol);
}

/**
 * `connect` of a TCP runtime entry: WebSocket URLs are refused with nats.js's text
 * (`'servers' node client doesn't support websockets, use the 'wsconnect' function instead`).
 */
export function tcpConnect(runtime: string, factory: TransportFactory): (opts?: ConnectionOptions) => Promise<NatsConnection> {
  return (opts) =>
    hasWsProtocol(opts)
      ? Promise.reject(InvalidArgumentError.format("servers", `${runtime} client doesn't support websockets, use the 'wsconnect' function instead`))
      : connectWith(factory, opts);
}
