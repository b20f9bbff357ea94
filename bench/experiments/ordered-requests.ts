/**
 * The pull requests of an ordered `consume()` reading a stream of `n` messages of `size` bytes to its end,
 * as its `status()` reports them (`next`): count, and the first ones.
 *
 *   node bench/experiments/run.mjs ordered-requests [size=128] [n=50000]
 */
import { connect } from "@nats-stack/core";
import { jetstream, jetstreamManager } from "@nats-stack/jetstream";
import { startServer } from "@nats-stack/fixtures/nats-server";

const size = Number(process.argv[2] ?? 128);
const n = Number(process.argv[3] ?? 50_000);

async function main(): Promise<void> {
  const srv = await startServer({ jetstream: true });
  const nc = await connect({ servers: srv.url });
  try {
    const jsm = await jetstreamManager(nc);
    const js = jetstream(nc);
    await jsm.streams.add({ name: "REQS", subjects: ["reqs.>"] });
    const data = new Uint8Array(size).fill(120);
    const ps: Promise<unknown>[] = [];
    for (let i = 0; i < n; i++) {
      ps.push(js.publish("reqs.x", data));
      if (ps.length === 1024) await Promise.all(ps.splice(0));
    }
    await Promise.all(ps);
    const oc = await js.consumers.get("REQS");
    const msgs = await oc.consume();
    const reqs: string[] = [];
    const notes: string[] = [];
    void (async () => {
      for await (const s of msgs.status()) {
        if (s.type === "next") reqs.push(JSON.stringify({ batch: s.options.batch, max_bytes: s.options.max_bytes }));
        else notes.push(s.type);
      }
    })();
    let got = 0;
    const t0 = performance.now();
    for await (const _m of msgs) if (++got === n) break;
    const ms = performance.now() - t0;
    console.log(`${n} x ${size} B in ${ms.toFixed(0)} ms: ${reqs.length} requests after the first; other notifications: ${[...new Set(notes)].join(", ")}`);
    console.log(reqs.slice(0, 12).join("\n"));
  } finally {
    await nc.close();
    await srv.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
