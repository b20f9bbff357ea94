/**
 * `waitOnFirstConnect: true` with no server up yet, as nats.js 3.4 (protocol.js `dodialLoop`: a failed dial
 * before the first connection `continue`s without counting; reconnect_test.ts "reconnect - wait on first
 * connect"): the client keeps trying, whatever `maxReconnectAttempts` says, until the server comes; after
 * the first connection attempts count again. No unhandled rejection on the way (the test environment fails
 * any test that leaves one).
 */
import { createServer } from "node:net";
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { ConnectionError, connect, createInbox } from "@nats-stack/core";
import { until } from "../helpers/status";

// A port nothing listens on now, for a server started later.
async function reservePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

test("keeps trying past maxReconnectAttempts until the server comes, then counts attempts again", async () => {
  const port = await reservePort();
  let attempts = 0;
  const pnc = connect({
    servers: `127.0.0.1:${port}`,
    waitOnFirstConnect: true,
    maxReconnectAttempts: 2,
    reconnectDelayHandler: () => {
      attempts++;
      return 20;
    },
  });
  let settled = false;
  void pnc.then(
    () => (settled = true),
    () => (settled = true),
  );
  let srv: NatsServer | undefined;
  try {
    await until(() => attempts >= 8 || settled, 20_000, "8 dial attempts");
    expect(settled).toBe(false);
    srv = await startServer({ port });
    const nc = await pnc;
    const subj = createInbox();
    nc.subscribe(subj, { callback: (_err, m) => m.respond("ok") });
    expect((await nc.request(subj)).string()).toBe("ok");
    // Connected once: now maxReconnectAttempts applies and the client gives up.
    await srv.stop();
    const err = await nc.closed();
    expect(err).toBeInstanceOf(ConnectionError);
  } finally {
    await srv?.stop();
  }
});
