/**
 * @nats-stack/core for Bun (`@nats-stack/core` under the `bun` condition, or `@nats-stack/core/bun`):
 * `connect` over Bun's native sockets, which measured faster than Bun's `node:net` emulation for publishing
 * and requests (bench/results/bun-transport.md); `wsconnect` over Bun's WebSocket.
 * @packageDocumentation
 */
export * from "../mod";
export { wsconnect } from "../connection/wsconnect";
import type { NatsConnection } from "../connection/connection";
import { tcpConnect } from "../connection/connect-with";
import type { ConnectionOptions } from "../connection/options";
import { bunTransportFactory } from "../transports/bun";

const connectBun = tcpConnect("bun", bunTransportFactory);

/** Connects to a NATS server over TCP with `Bun.connect` (upgraded to TLS when asked or required). */
export function connect(opts?: ConnectionOptions): Promise<NatsConnection> {
  return connectBun(opts);
}
