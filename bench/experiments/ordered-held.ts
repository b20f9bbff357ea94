/**
 * What an ordered `consume()` holds when its reader stops: a stream of `n` messages of `size` bytes (then
 * `laterN` of `laterSize` bytes: the messages that grow after the first ones), a consume that takes 100
 * messages (past the 64 that choose its batch; all of them when fewer) and then reads nothing for 2 s and
 * until nothing more arrived for 1 s; then the messages and payload bytes received and queued, and the heap
 * and array-buffer memory over the same state before the consume (after a full GC each): the bound
 * `ORDERED_BATCH_BYTES` / `ORDERED_MAX_MESSAGES_SMALL` and the requests' byte bounds hold (profile-notes,
 * sections 17 and 18).
 *
 *   node bench/experiments/run.mjs ordered-held [size=128] [n=50000] [laterSize=0] [laterN=0]
 */
import { connect } from "@nats-stack/core";
import { jetstream, jetstreamManager, StorageType } from "@nats-stack/jetstream";
import { startServer } from "@nats-stack/fixtures/nats-server";

const size = Number(process.argv[2] ?? 128);
const n = Number(process.argv[3] ?? 50_000);
const laterSize = Number(process.argv[4] ?? 0);
const laterN = Number(process.argv[5] ?? 0);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mib = (x: number) => (x / 1048576).toFixed(1);

async function main(): Promise<void> {
  const srv = await startServer({ jetstream: true });
  const nc = await connect({ servers: srv.url });
  try {
    const jsm = await jetstreamManager(nc);
    const js = jetstream(nc);
    await jsm.streams.add({ name: "HELD", subjects: ["held"], storage: StorageType.File });
    const data = new Uint8Array(size).fill(120);
    const ps: Promise<unknown>[] = [];
    for (let i = 0; i < n; i++) {
      ps.push(js.publish("held", data));
      if (ps.length === 1024) await Promise.all(ps.splice(0));
    }
    await Promise.all(ps);
    const later = new Uint8Array(laterSize).fill(121);
    for (let i = 0; i < laterN; i++) {
      ps.push(js.publish("held", later));
      if (ps.length === 16) await Promise.all(ps.splice(0));
    }
    await Promise.all(ps);
    gc();
    const before = process.memoryUsage();
    const in0 = nc.stats().inMsgs;
    const inBytes0 = nc.stats().inBytes;
    const oc = await js.consumers.get("HELD");
    const msgs = await oc.consume();
    const it = msgs[Symbol.asyncIterator]();
    for (let i = 0; i < Math.min(100, n + laterN); i++) await it.next();
    // The reader stops here; whatever was requested keeps arriving: wait at least 2 s, and until nothing more
    // arrived for 1 s (large messages take longer), at most 30 s.
    const t0 = Date.now();
    let last = -1;
    let still = 0;
    while (Date.now() - t0 < 30_000) {
      await new Promise((r) => setTimeout(r, 250));
      const now = nc.stats().inMsgs;
      still = now === last ? still + 1 : 0;
      last = now;
      if (still >= 4 && Date.now() - t0 >= 2000) break;
    }
    gc();
    const after = process.memoryUsage();
    const received = nc.stats().inMsgs - in0;
    const receivedBytes = nc.stats().inBytes - inBytes0;
    const stream = laterN > 0 ? `${n} x ${size} B then ${laterN} x ${laterSize} B` : `${n} x ${size} B`;
    console.log(
      `${stream}: received ${received} (${mib(receivedBytes)} MiB) while the reader took ${Math.min(100, n + laterN)} (queued ${msgs.getPending()}); ` +
        `heap +${mib(after.heapUsed - before.heapUsed)} MiB, array buffers +${mib(after.arrayBuffers - before.arrayBuffers)} MiB, ` +
        `rss +${mib(after.rss - before.rss)} MiB`,
    );
    msgs.stop();
  } finally {
    await nc.close();
    await srv.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
