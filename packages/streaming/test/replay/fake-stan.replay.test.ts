/**
 * The fake STAN server is checked against the recordings: the recorded client side of every transcript is
 * played to it (raw TCP through a real nats-server), and it must answer what nats-streaming-server 0.25.3
 * answered, message for message (decoded; timestamps and server-chosen ack inboxes aside). Time runs 2.5x
 * faster: the fake server's protocol second is 400 ms and the client's recorded pauses are scaled alike.
 */
import { readdirSync } from "node:fs";
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { startFakeStan } from "@nats-stack/fixtures/fake-stan/fake-stan";
import { playClientSide } from "../helpers/client-side-player";
import { STAN_TRANSCRIPTS, stanTranscript } from "../helpers/stan-replay";

const SCALE = 0.4;
let server: NatsServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const files = readdirSync(STAN_TRANSCRIPTS).filter((f) => f.endsWith(".jsonl")).sort();

test("all 18 transcripts are here", () => {
  expect(files).toHaveLength(18);
});

test.each(files)("%s: the fake server answers as the real one did", async (file) => {
  const stan = await startFakeStan({ url: server.url, msPerSecond: 1000 * SCALE });
  try {
    const compared = await playClientSide(stanTranscript(file), server.port, { timeScale: SCALE });
    expect(compared).toBeGreaterThan(1);
  } finally {
    await stan.stop(true);
  }
});
