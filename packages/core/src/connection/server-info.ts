import type { ServerInfo as WireServerInfo } from "@nats-stack/wire";

/**
 * The INFO of a server as nats.js types it (`nc.info`): the wire's INFO, with the fields every server sends
 * typed as present, so `nc.info!.max_payload` is a number as with nats.js (the wire keeps every field
 * optional because it parses any JSON a peer sends).
 */
export type ServerInfo = WireServerInfo & {
  client_id: number;
  go: string;
  host: string;
  max_payload: number;
  port: number;
  proto: number;
  server_id: string;
  server_name: string;
  version: string;
};
