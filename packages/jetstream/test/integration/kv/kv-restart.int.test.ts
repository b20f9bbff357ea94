// Never silently stopped: a watcher, a keys() listing and an object watch whose file-store server is killed
// (kill -9) and restarted on the same port and store resume after the last revision they delivered: every
// later revision arrives once, in order, none before it again; keys() lists every key exactly once.
import { connect, type NatsConnection } from "@nats-stack/core";
import { restartServer, startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { Kvm, KvWatchInclude, type KV } from "@nats-stack/jetstream/kv";

const servers: NatsServer[] = [];
const conns: NatsConnection[] = [];
afterAll(async () => {
  for (const nc of conns) await nc.close().catch(() => {});
  for (const s of servers.reverse()) await s.stop();
});

async function setup(): Promise<{ srv: NatsServer; nc: NatsConnection }> {
  const srv = await startServer({ jetstream: true });
  servers.push(srv);
  const nc = await connect({ servers: srv.url, maxReconnectAttempts: -1, reconnectTimeWait: 100, pingInterval: 1000 });
  conns.push(nc);
  return { srv, nc };
}

async function killAndRestart(srv: NatsServer, downMs: number): Promise<void> {
  srv.signal("SIGKILL");
  await srv.exited();
  await new Promise((r) => setTimeout(r, downMs));
  servers.push(await restartServer(srv));
}

/** Puts `from..to` as values of key `k<i % keys>`, retrying while the server is away. */
async function putRange(kv: KV, from: number, to: number, keys: number): Promise<void> {
  for (let i = from; i <= to; i++) {
    for (;;) {
      try {
        await kv.put(`k${i % keys}`, String(i));
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }
}

test.each([
  ["updates only", KvWatchInclude.UpdatesOnly],
  ["last values", KvWatchInclude.LastValue],
])("watch (%s): kill -9 and restart, the watcher resumes after the last revision it delivered", async (_label, include) => {
  const { srv, nc } = await setup();
  const kv = await new Kvm(nc).create(`W${process.pid}`, { history: 5 });
  // Stored before the watch starts: the last-values watcher replays these first.
  await putRange(kv, 1, 20, 10);
  const w = await kv.watch({ include });
  const revs: number[] = [];
  const values: string[] = [];
  const done = (async () => {
    for await (const e of w) {
      revs.push(e.revision);
      values.push(e.string());
      if (e.string() === "400") break;
    }
  })();
  await putRange(kv, 21, 200, 10);
  await killAndRestart(srv, 300);
  await putRange(kv, 201, 400, 10);
  await done;
  // The server lost the watcher's consumer (kept in memory): it was made again, after the last revision.
  expect((w as unknown as { _data: { serial: number } })._data.serial).toBeGreaterThan(1);
  // In order, no revision twice.
  for (let i = 1; i < revs.length; i++) expect(revs[i]).toBeGreaterThan(revs[i - 1]!);
  // Every value written after the watch started arrived (the server kept them all on disk).
  const after = values.map(Number).filter((v) => v > 20);
  expect(after).toEqual(Array.from({ length: 380 }, (_, i) => i + 21));
  if (include === KvWatchInclude.LastValue) expect(values.slice(0, 10).map(Number).sort((a, b) => a - b)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
}, 60_000);

test("keys(): kill -9 and restart mid-listing, every key is listed exactly once and deleted keys never", async () => {
  const { srv, nc } = await setup();
  const kv = await new Kvm(nc).create(`K${process.pid}`, { history: 3 });
  // More keys than one pull batch (4096): the listing certainly needs the server again after the kill, so
  // the recreation is tested whatever the machine's speed (with fewer, the whole listing could arrive first).
  const N = 10_000;
  const ps: Promise<number>[] = [];
  for (let i = 0; i < N; i++) ps.push(kv.put(`key.${i}`, "v"));
  await Promise.all(ps);
  // Deleted after being written: their last entry is a marker, so they are never keys.
  for (let i = 0; i < N; i += 10) await kv.delete(`key.${i}`);
  const seen = new Map<string, number>();
  let killed: Promise<void> | undefined;
  const it = await kv.keys();
  for await (const k of it) {
    seen.set(k, (seen.get(k) ?? 0) + 1);
    if (seen.size === 500 && !killed) killed = killAndRestart(srv, 300);
    // Slow down after the kill so the outage falls in the middle of the listing.
    if (killed && seen.size < 700) await new Promise((r) => setTimeout(r, 2));
  }
  await killed;
  expect((it as unknown as { _data: { serial: number } })._data.serial).toBeGreaterThan(1);
  expect([...seen.values()].every((c) => c === 1)).toBe(true);
  const want = Array.from({ length: N }, (_, i) => i).filter((i) => i % 10 !== 0).map((i) => `key.${i}`);
  expect([...seen.keys()].sort()).toEqual(want.sort());
}, 60_000);

test("watch (updates only) that saw nothing before the restart does not replay the bucket afterwards", async () => {
  const { srv, nc } = await setup();
  const kv = await new Kvm(nc).create(`U${process.pid}`);
  await putRange(kv, 1, 50, 50);
  const w = await kv.watch({ include: KvWatchInclude.UpdatesOnly });
  const got: string[] = [];
  const done = (async () => {
    for await (const e of w) {
      got.push(e.string());
      if (got.length === 2) break;
    }
  })();
  await killAndRestart(srv, 300);
  // The consumer is made again with nothing delivered yet: it must start after what the bucket held.
  const oc = (w as unknown as { _data: { serial: number } })._data;
  const end = Date.now() + 20_000;
  while (oc.serial < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  await putRange(kv, 51, 52, 100);
  await done;
  expect(got).toEqual(["51", "52"]);
}, 60_000);
