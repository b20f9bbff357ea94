/**
 * Subscription semantics of nats.js 3.4 (protocol.js `SubscriptionImpl`, queued_iterator.js,
 * nats.js `subscribe`):
 * - `getProcessed()` counts a message when the consumer receives it: inside the loop body (or the callback)
 *   it already includes the message at hand.
 * - `slow` is a warning threshold for iterators: one `slowConsumer` status when more than `slow` messages
 *   wait, again only after the queue came back down; nothing is dropped (that is `pendingMsgsLimit`'s job).
 * - `Symbol.asyncDispose` on a closed subscription resolves (after unsubscribe, drain, max, or close).
 */
import type { Msg, Status } from "../../src/mod";
import { memoryConnection, type MemoryServer } from "../helpers/memory-transport";
import { statuses, until } from "../helpers/status";

const connected = () => memoryConnection({ servers: "a:1" });

function msgs(srv: MemoryServer, subject: string, sid: number, n: number): void {
  let s = "";
  for (let i = 0; i < n; i++) s += `MSG ${subject} ${sid} 1\r\n${i % 10}\r\n`;
  srv.send(s);
}

test("getProcessed() includes the message the iterator just yielded", async () => {
  const { nc, srv } = await connected();
  const sub = nc.subscribe("proc.iter", { max: 3 });
  await nc.flush();
  msgs(srv, "proc.iter", 1, 3);
  const seen: number[] = [];
  for await (const _ of sub) seen.push(sub.getProcessed());
  expect(seen).toEqual([1, 2, 3]);
  expect(sub.getProcessed()).toBe(3);
  await nc.close();
});

test("getProcessed() includes the message the callback is handling", async () => {
  const { nc, srv } = await connected();
  const seen: number[] = [];
  const sub = nc.subscribe("proc.cb", {
    callback: () => {
      seen.push(sub.getProcessed());
    },
  });
  await nc.flush();
  msgs(srv, "proc.cb", 1, 3);
  await until(() => seen.length === 3, 2000, "3 callbacks");
  expect(seen).toEqual([1, 2, 3]);
  await nc.close();
});

test("slow warns once per episode and never drops", async () => {
  const { nc, srv } = await connected();
  const events: Status[] = statuses(nc);
  const sub = nc.subscribe("slow.iter", { slow: 5 });
  await nc.flush();
  msgs(srv, "slow.iter", 1, 20); // nobody reads yet: 20 wait
  await until(() => sub.getReceived() === 20, 2000, "20 messages");
  await until(() => events.some((e) => e.type === "slowConsumer"), 2000, "a slowConsumer status");
  const slow = events.filter((e) => e.type === "slowConsumer");
  expect(slow).toHaveLength(1);
  expect(slow[0]).toMatchObject({ type: "slowConsumer", sub, pending: 6 });
  expect(sub.getPending()).toBe(20);
  // Read them all: nothing was dropped.
  const got: Msg[] = [];
  for await (const m of sub) {
    got.push(m);
    if (got.length === 20) break;
  }
  expect(got).toHaveLength(20);
  expect(nc.stats().droppedMsgs).toBe(0);
  await nc.close();
});

test("slow warns again after the queue came back down to the threshold", async () => {
  const { nc, srv } = await connected();
  const events: Status[] = statuses(nc);
  const sub = nc.subscribe("slow.again", { slow: 2 });
  const it = sub[Symbol.asyncIterator]();
  await nc.flush();
  msgs(srv, "slow.again", 1, 4);
  await until(() => sub.getReceived() === 4, 2000, "4 messages");
  for (let i = 0; i < 4; i++) await it.next();
  msgs(srv, "slow.again", 1, 4);
  await until(() => sub.getReceived() === 8, 2000, "8 messages");
  await until(() => events.filter((e) => e.type === "slowConsumer").length === 2, 2000, "two slowConsumer statuses");
  await nc.close();
});

test("Symbol.asyncDispose resolves on a subscription already closed, however it closed", async () => {
  const { nc, srv } = await connected();
  const a = nc.subscribe("dispose.a");
  a.unsubscribe();
  await a[Symbol.asyncDispose]();
  const b = nc.subscribe("dispose.b");
  await b.drain();
  await b[Symbol.asyncDispose]();
  const c = nc.subscribe("dispose.c", { max: 1, callback: () => {} });
  await nc.flush();
  msgs(srv, "dispose.c", 3, 1);
  await c.closed;
  await c[Symbol.asyncDispose]();
  const d = nc.subscribe("dispose.d");
  await nc.close();
  await d[Symbol.asyncDispose]();
  expect([a, b, c, d].every((s) => s.isClosed())).toBe(true);
});

test("closed resolves whether it is read before or after the subscription ended (it is made on first read)", async () => {
  const { nc, srv } = await connected();
  const early = nc.subscribe("closed.early", { callback: () => {} });
  const earlyClosed = early.closed;
  const late = nc.subscribe("closed.late", { callback: () => {} });
  const timedOut = nc.subscribe("closed.timeout", { timeout: 20, callback: () => {} });
  let release!: () => void;
  const slow = nc.subscribe("closed.slow", { max: 1, callback: () => new Promise<void>((r) => (release = r)) });
  await nc.flush();
  msgs(srv, "closed.slow", 4, 1);
  await until(() => release !== undefined, 2000, "the slow callback to start");
  early.unsubscribe();
  late.unsubscribe();
  await expect(earlyClosed).resolves.toBeUndefined();
  await expect(late.closed).resolves.toBeUndefined();
  await expect(timedOut.closed).resolves.toMatchObject({ name: "TimeoutError" });
  // Ended by max, but its callback is still running: closed waits for it.
  let slowDone = false;
  void slow.closed.then(() => (slowDone = true));
  await nc.flush();
  expect(slow.isClosed()).toBe(true);
  expect(slowDone).toBe(false);
  release();
  await slow.closed;
  expect(slowDone).toBe(true);
  await nc.close();
});
