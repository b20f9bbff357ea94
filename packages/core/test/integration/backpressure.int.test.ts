/**
 * Write backpressure against a real nats-server: a synchronous publish loop far past `reconnectBufSize`
 * works with default options while connected, as with nats.js and nats.go (backpressure only holds bytes
 * back from a busy socket; it never refuses a publish while connected).
 */
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { connect, createInbox, type NatsConnection } from "@nats-stack/core";
import { until } from "../helpers/status";

let srv: NatsServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv?.stop();
});

jest.setTimeout(180_000);

test("1,000,000 publishes of 16 bytes in one synchronous loop while connected, then flush: no error, all received on a second connection, in order", async () => {
  const n = 1_000_000;
  const subject = createInbox("bp");
  let sub: NatsConnection | undefined;
  let pub: NatsConnection | undefined;
  try {
    sub = await connect({ servers: srv.url });
    pub = await connect({ servers: srv.url }); // default options: reconnectBufSize is 8 MiB
    let received = 0;
    let outOfOrder = 0;
    sub.subscribe(subject, {
      callback: (_err, m) => {
        if (new DataView(m.data.buffer, m.data.byteOffset, 4).getUint32(0) !== received) outOfOrder++;
        received++;
      },
    });
    await sub.flush();
    const data = new Uint8Array(16);
    const view = new DataView(data.buffer);
    for (let i = 0; i < n; i++) {
      view.setUint32(0, i);
      pub.publish(subject, data); // ~40 MB of protocol in all, five times the reconnect buffer
    }
    await pub.flush();
    expect(pub.stats()).toMatchObject({ outMsgs: n, refusedMsgs: 0 });
    await until(() => received >= n, 120_000, `${n} messages (got ${received})`);
    expect(received).toBe(n);
    expect(outOfOrder).toBe(0);
    expect(sub.stats().droppedMsgs).toBe(0);
  } finally {
    await pub?.close();
    await sub?.close();
  }
});
