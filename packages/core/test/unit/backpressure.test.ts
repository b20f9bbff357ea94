/**
 * Write backpressure on an in-memory transport whose pending bytes the test controls: while connected a
 * publish is never refused for volume (nats.js and nats.go never refuse one either), what waits for a
 * backed-up transport stays in the client, and a link lost meanwhile resends a gap-free prefix of it within
 * `reconnectBufSize`.
 */
import type { ClientOp } from "@nats-stack/wire";
import { Outbound } from "../../src/protocol/outbound";
import type { Batch } from "../../src/protocol/write-batch";
import { WRITE_HIGH_WATER } from "../../src/protocol/transport-writer";
import { memoryConnection, type MemoryServer, type MemoryTransport } from "../helpers/memory-transport";

const fast = { reconnectTimeWait: 5, reconnectJitter: 0, maxReconnectAttempts: -1 };

async function start(opts = {}) {
  const c = await memoryConnection({ servers: ["a:1"], ...fast, ...opts });
  return { ...c, transport: c.srv.client as MemoryTransport };
}

// The index a test publish carries in its first four bytes.
function indexes(srv: MemoryServer): number[] {
  return srv.ops
    .filter((o): o is Extract<ClientOp, { kind: "PUB" }> => o.kind === "PUB")
    .map((o) => new DataView(o.payload.buffer, o.payload.byteOffset, 4).getUint32(0));
}

function payload(i: number, size: number): Uint8Array {
  const b = new Uint8Array(size);
  new DataView(b.buffer).setUint32(0, i);
  return b;
}

test("connected, with the transport backed up: 24 MB of publishes with default options are accepted, wait in the client, then arrive in order", async () => {
  const { nc, srv, transport } = await start();
  transport.pendingBytes = 2 * WRITE_HIGH_WATER; // the socket holds more than the bound
  const n = 200_000;
  for (let i = 0; i < n; i++) nc.publish("bp.connected", payload(i, 100)); // > 3x the 8 MiB reconnectBufSize
  await new Promise((r) => setTimeout(r, 5));
  expect(indexes(srv)).toEqual([]); // nothing handed to a backed-up transport
  transport.pendingBytes = 0; // drained
  await nc.flush();
  const got = indexes(srv);
  expect(got.length).toBe(n);
  expect(got.every((v, i) => v === i)).toBe(true);
  expect(nc.stats()).toMatchObject({ outMsgs: n, refusedMsgs: 0 });
  await nc.close();
});

test("a link lost while publishes wait for its backed-up transport: a gap-free prefix within reconnectBufSize is resent, the rest refused and counted", async () => {
  const budget = 200_000;
  const { nc, srv, mem, transport } = await start({ reconnectBufSize: budget });
  transport.pendingBytes = 2 * WRITE_HIGH_WATER;
  const n = 20_000; // about 2.3 MB, far past the budget
  for (let i = 0; i < n; i++) nc.publish("bp.lost", payload(i, 100));
  const next = mem.next();
  srv.drop();
  const s2 = await next;
  await s2.handshake();
  await nc.flush();
  const got = indexes(s2);
  expect(got.length).toBeGreaterThan(0);
  expect(got).toEqual([...got.keys()]); // 0, 1, 2, … : the oldest, without a gap
  expect(got.length * 100).toBeLessThanOrEqual(budget);
  expect(nc.stats()).toMatchObject({ resentMsgs: got.length, refusedMsgs: n - got.length });
  await nc.close();
});

test("Outbound: what waits for a sink that is not ready is cut into batches, handed over oldest first and only while the sink is ready", () => {
  let room = 0;
  const batches: Batch[] = [];
  const o = new Outbound();
  o.attach({ write: (b) => (batches.push(b), (room -= 1)), ready: () => room > 0 });
  for (let i = 0; i < 10_000; i++) o.pub("s", undefined, undefined, payload(i, 100));
  expect(batches).toHaveLength(0);
  expect(o.held).toBe(true);
  const pending = o.pending;
  room = 2; // the sink takes two batches, then is backed up again
  o.flush();
  expect(batches).toHaveLength(2);
  expect(o.held).toBe(true);
  room = Infinity;
  o.flush();
  expect(o.held).toBe(false);
  expect(o.pending).toBe(0);
  expect(batches.reduce((n, b) => n + b.bytes, 0)).toBe(pending);
  expect(batches.reduce((n, b) => n + b.pubs, 0)).toBe(10_000);
});

// With resendUnacked the acknowledgement ledger holds the buffers too; without it the transport is the only holder.
test.each([true, false])("write buffers are reused only once the transport wrote them: a socket that lags behind never sees its bytes change (resendUnacked %s)", async (resendUnacked) => {
  const { nc, srv, transport } = await start({ resendUnacked });
  transport.holding = true; // from now on the socket keeps our arrays until deliver()
  const n = 30_000;
  let sent = 0;
  for (let round = 0; sent < n; round++) {
    // A burst of publishes (some inline flushes), then the socket takes part of what it holds, never all:
    // pendingBytes stays above 0 while the client keeps writing.
    for (let i = 0; i < 1500 && sent < n; i++, sent++) nc.publish("bp.lag", payload(sent, 40 + (sent % 300)));
    await new Promise((r) => setImmediate(r));
    transport.deliver(96 * 1024);
  }
  transport.holding = false;
  while (transport.pendingBytes > 0) transport.deliver();
  await nc.flush();
  while (transport.pendingBytes > 0) transport.deliver();
  const got = indexes(srv);
  expect(got.length).toBe(n);
  expect(got.every((v, i) => v === i)).toBe(true);
  const pubs = srv.ops.filter((o): o is Extract<ClientOp, { kind: "PUB" }> => o.kind === "PUB");
  expect(pubs.every((o, i) => o.payload.length === 40 + (i % 300))).toBe(true);
  await nc.close();
});
