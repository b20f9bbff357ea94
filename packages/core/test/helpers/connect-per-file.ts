/**
 * One connection of @nats-stack/core for the calling test file, to its server (fixtures' serverPerFile):
 * made before its tests and handed to `use`, closed after them (call it at the file's top level, after
 * serverPerFile).
 */
import { connect, type NatsConnection } from "@nats-stack/core";
import type { ServerPerFile } from "@nats-stack/fixtures/server-per-file";

export function connectPerFile(srv: ServerPerFile, use: (nc: NatsConnection) => void): void {
  let nc: NatsConnection | undefined;
  beforeAll(async () => {
    nc = await connect({ servers: srv.url });
    use(nc);
  });
  afterAll(async () => {
    await nc?.close();
  });
}
