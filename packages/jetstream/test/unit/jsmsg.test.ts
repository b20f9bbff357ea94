// JsMsg acks and their coalescing (no server: a recording connection).
import { JsMsgImpl } from "../../src/internal";
import { CoalescingAcks, DirectAcks, MAX_HELD_ACKS } from "../../src/jsmsg/ack-sender";
import { ackSubject, fakeMsg, recordingConnection } from "../helpers/fake-msg";

const reply = ackSubject({ sseq: 5, dseq: 2, delivered: 1, pending: 3 });

const dec = new TextDecoder();

// A message whose acks (replies) land in `nc.published`, as core's `respond` would publish them.
function msg(sink = new DirectAcks(recordingConnection()), nc = (sink as unknown as { nc: ReturnType<typeof recordingConnection> }).nc) {
  return new JsMsgImpl(
    fakeMsg({
      subject: "orders.new",
      reply,
      data: '{"a":1}',
      onRespond: (data, r) => nc.published.push({ subject: reply, data: dec.decode(data ?? new Uint8Array(0)), reply: r }),
    }),
    5000,
    sink,
  );
}

test("each ack kind's payload; only the first final ack counts; +WPI may repeat", () => {
  const nc = recordingConnection();
  const sink = new DirectAcks(nc);
  const a = msg(sink);
  a.working();
  a.working();
  a.nak(1500);
  a.ack();
  a.term();
  expect(nc.published.map((p) => p.data)).toEqual(["+WPI", "+WPI", '-NAK {"delay":1500000000}']);
  expect(nc.published.every((p) => p.subject === reply)).toBe(true);
  const b = msg(sink);
  b.term("poison");
  const c = msg(sink);
  c.nak();
  const d = msg(sink);
  d.next("_INBOX.more", { batch: 5, expires: 1000 });
  expect(nc.published.slice(3)).toEqual([
    { subject: reply, data: "+TERM poison", reply: undefined },
    { subject: reply, data: "-NAK", reply: undefined },
    { subject: reply, data: '+NXT {"batch":5,"no_wait":false,"expires":1000000000}', reply: "_INBOX.more" },
  ]);
});

test("metadata from the reply subject", () => {
  const m = msg();
  expect(m.seq).toBe(5);
  expect(m.info.deliverySequence).toBe(2);
  expect(m.info.pending).toBe(3);
  expect(m.redelivered).toBe(false);
  expect(m.subject).toBe("orders.new");
  expect(m.json()).toEqual({ a: 1 });
  expect(m.timestampNanos).toBe(1700000000000000000n);
  expect(m.time.getTime()).toBe(1700000000000);
});

test("coalescing: held while a backlog is queued, written together at the end of it or at the bound", async () => {
  const nc = recordingConnection();
  let backlog = true;
  const errors: Error[] = [];
  const acks = new CoalescingAcks(nc, () => backlog, (e) => errors.push(e));
  for (let i = 0; i < 10; i++) msg(acks).ack();
  expect(nc.published.length).toBe(0);
  expect(acks.held).toBe(10);
  backlog = false;
  // The last message of the backlog: everything held goes out, then its own ack.
  msg(acks).ack();
  expect(nc.published.length).toBe(11);
  backlog = true;
  for (let i = 0; i < MAX_HELD_ACKS; i++) msg(acks).ack();
  expect(nc.published.length).toBe(11 + MAX_HELD_ACKS);
  // A timer writes what is held when nobody comes back for it.
  msg(acks).ack();
  expect(acks.held).toBe(1);
  await new Promise((r) => setTimeout(r, 20));
  expect(acks.held).toBe(0);
  expect(nc.published.length).toBe(12 + MAX_HELD_ACKS);
  expect(errors).toEqual([]);
});

test("flushSoon: the held acks go out with the next unheld ack in the same turn, or by themselves two microtasks later", async () => {
  const nc = recordingConnection();
  let backlog = true;
  const acks = new CoalescingAcks(nc, () => backlog, () => {});
  for (let i = 0; i < 5; i++) msg(acks).ack();
  backlog = false;
  // The queue ran dry while its last message is handed out: nothing is written yet...
  acks.flushSoon();
  expect(nc.published.length).toBe(0);
  // ...and the loop acking that message at once writes the held acks, then its own, in the same turn.
  msg(acks).ack();
  expect(nc.published.length).toBe(6);
  expect(acks.held).toBe(0);
  await Promise.resolve();
  await Promise.resolve();
  expect(nc.published.length).toBe(6);

  // Nobody acks at once: the held acks are written two microtasks later (before any timer or I/O).
  backlog = true;
  for (let i = 0; i < 3; i++) msg(acks).ack();
  acks.flushSoon();
  acks.flushSoon(); // once is enough
  let wrote = -1;
  void Promise.resolve()
    .then(() => undefined)
    .then(() => undefined)
    .then(() => (wrote = nc.published.length));
  await new Promise((r) => setImmediate(r));
  expect(wrote).toBe(9);
  expect(acks.held).toBe(0);
  // Nothing held: nothing to do.
  acks.flushSoon();
  await new Promise((r) => setImmediate(r));
  expect(nc.published.length).toBe(9);
});

test("a publish failure while writing held acks is reported, not thrown at a timer", async () => {
  const nc = recordingConnection();
  const errors: Error[] = [];
  const acks = new CoalescingAcks(nc, () => true, (e) => errors.push(e));
  new JsMsgImpl(
    fakeMsg({
      reply,
      onRespond: () => {
        throw new Error("closed");
      },
    }),
    5000,
    acks,
  ).ack();
  await new Promise((r) => setTimeout(r, 20));
  expect(errors.map((e) => e.message)).toEqual(["closed"]);
});
