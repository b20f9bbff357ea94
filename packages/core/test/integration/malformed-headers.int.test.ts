/**
 * A publisher that writes an HPUB whose header block lacks the `NATS/1.0` version line: nats-server relays
 * it as it got it. The subscriber drops that one message (counted in `stats().droppedMsgs`), reports a typed
 * `ProtocolError` on `status()`, keeps its connection, and goes on receiving. (The wire's strict parser,
 * the default of `ServerOpParser`, refuses such a frame outright: packages/wire/test/header-version.test.ts.)
 */
import { connect as tcp } from "node:net";
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { ProtocolError, connect, type Msg } from "@nats-stack/core";
import { statuses, until } from "../helpers/status";

let srv: NatsServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv?.stop();
});

// A raw client: CONNECT, then the given bytes, then a PING whose PONG proves the server read them.
async function rawPublish(bytes: string): Promise<void> {
  const sock = tcp(srv.port, "127.0.0.1");
  let seen = "";
  await new Promise<void>((resolve, reject) => {
    sock.on("error", reject);
    sock.on("data", (d) => {
      seen += d.toString("latin1");
      if (seen.includes("PONG\r\n")) resolve();
    });
    sock.write(`CONNECT {"verbose":false,"pedantic":false,"headers":true,"protocol":1}\r\n${bytes}PING\r\n`);
  });
  sock.destroy();
}

test("a message whose header block lacks NATS/1.0 is dropped and reported; the connection and the subscription live on", async () => {
  const nc = await connect({ servers: srv.url });
  const events = statuses(nc);
  const got: Msg[] = [];
  const sub = nc.subscribe("sloppy.headers", { callback: (_e, m) => got.push(m) });
  await nc.flush();
  const block = "HELLO/1.0\r\nA: b\r\n\r\n";
  await rawPublish(`HPUB sloppy.headers ${block.length} ${block.length + 3}\r\n${block}bad\r\nPUB sloppy.headers 4\r\ngood\r\n`);
  await until(() => got.length === 1, 5000, "the good message");
  expect(got[0]!.string()).toBe("good");
  const errors = events.filter((e) => e.type === "error");
  expect(errors).toHaveLength(1);
  const err = (errors[0] as { error: Error }).error;
  expect(err).toBeInstanceOf(ProtocolError);
  expect(err.message).toContain("'sloppy.headers'");
  expect(err.message).toContain("HELLO/1.0");
  expect(nc.stats().droppedMsgs).toBe(1);
  expect(nc.isClosed()).toBe(false);
  expect(events.some((e) => e.type === "disconnect")).toBe(false);
  nc.publish("sloppy.headers", "after");
  await until(() => got.length === 2, 5000, "a message after");
  expect(sub.getReceived()).toBe(2);
  await nc.close();
});
