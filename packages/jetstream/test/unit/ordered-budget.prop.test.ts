// The byte budget of an ordered consume() without a given bound, driven through a model of nats-server
// 2.9.10's pull requests as bench/experiments/pull-bytes-probe shows them: open requests are served in turn,
// one message each; a message larger than what a request has left ends that request with a 409 saying what
// was left (messages and bytes), and the server tries the next request; a request whose bytes are used to the
// last one ends without a word; an expiry ends every open request with a 408 saying what was left. Requests
// and deliveries travel on wires that the events below advance in any interleaving, the application takes
// messages whenever it likes, and the client's side does what PullConsumerMessagesImpl does in this mode
// (onMessage, onStatus, taken, refillBudget). For any sequence of message sizes (from 60 B to beyond the
// whole budget) and any interleaving:
// - what is requested and not taken (requests on the wire or open on the server, with what they have left;
//   messages on the wire; messages queued) never exceeds ORDERED_BATCH_BYTES, except for one message larger
//   than that, asked for alone with nothing else requested or queued;
// - the client's count of what is coming is never below the real one (and equal when no status is on the way);
// - when the application keeps reading, every message arrives once, in order, and nothing stalls.
import fc from "fast-check";
import { ONE_MESSAGE, ORDERED_BATCH_BYTES, ORDERED_BYTES_BATCH, OrderedBudget } from "../../src/consumers/ordered-budget";

const MiB = 1024 * 1024;

interface Req {
  n: number;
  /** Bytes left; Infinity: no byte bound. */
  b: number;
}
type Wire = { kind: "data"; size: number; index: number; unbounded: boolean } | { kind: "status"; msgsLeft: number; bytesLeft: number; code: 408 | 409 };

class Model {
  // Server
  readonly waiting: Req[] = [];
  next = 0;
  // Wires
  readonly c2s: Req[] = [];
  readonly s2c: Wire[] = [];
  // Client (as PullConsumerMessagesImpl with a budget)
  readonly budget = new OrderedBudget();
  readonly pending = { msgs: 0, bytes: 0 };
  readonly queued: { size: number; index: number }[] = [];
  queuedBytes = 0;
  readonly taken: number[] = [];

  constructor(readonly sizes: number[]) {
    this.refill();
  }

  // --- server
  serve(): void {
    while (this.next < this.sizes.length && this.waiting.length) {
      const wr = this.waiting.shift()!;
      const size = this.sizes[this.next]!;
      if (size > wr.b) {
        this.s2c.push({ kind: "status", code: 409, msgsLeft: wr.n, bytesLeft: wr.b });
        continue;
      }
      wr.n--;
      wr.b -= size;
      this.s2c.push({ kind: "data", size, index: this.next++, unbounded: !Number.isFinite(wr.b) });
      if (wr.n > 0 && wr.b > 0) this.waiting.push(wr);
    }
  }
  arriveRequest(): void {
    const r = this.c2s.shift();
    if (!r) return;
    this.waiting.push(r);
    this.serve();
  }
  expire(): void {
    for (const wr of this.waiting.splice(0)) this.s2c.push({ kind: "status", code: 408, msgsLeft: wr.n, bytesLeft: Number.isFinite(wr.b) ? wr.b : 0 });
  }

  // --- client
  refill(): void {
    const p = this.pending;
    if (p.msgs > 0 && p.bytes <= 0) return;
    const ask = this.budget.next(p.bytes + this.queuedBytes);
    if (ask > 0) this.pull(ORDERED_BYTES_BATCH, ask);
    else if (ask === ONE_MESSAGE) this.pull(1, 0);
  }
  pull(batch: number, maxBytes: number): void {
    this.pending.msgs += batch;
    this.pending.bytes += maxBytes;
    this.c2s.push({ n: batch, b: maxBytes > 0 ? maxBytes : Infinity });
  }
  afterMessage(refill: boolean): void {
    if (this.pending.bytes <= 0) this.pending.msgs = 0;
    if (refill) this.refill();
  }
  deliverOne(): void {
    const w = this.s2c.shift();
    if (!w) return;
    if (w.kind === "data") {
      this.budget.measure(w.size);
      if (this.pending.msgs > 0) this.pending.msgs--;
      if (this.pending.bytes > 0) this.pending.bytes = Math.max(0, this.pending.bytes - w.size);
      this.queued.push(w);
      this.queuedBytes += w.size;
      this.afterMessage(false);
    } else {
      this.pending.msgs = Math.max(0, this.pending.msgs - w.msgsLeft);
      this.pending.bytes = Math.max(0, this.pending.bytes - w.bytesLeft);
      if (w.code === 409) this.budget.tooLarge(w.bytesLeft);
      this.afterMessage(true);
    }
  }
  take(): void {
    const m = this.queued.shift();
    if (!m) return;
    this.queuedBytes -= m.size;
    this.taken.push(m.index);
    this.refill();
  }

  // --- checks
  /**
   * Bytes the client may still receive under byte-bounded requests, whether a request without a byte bound
   * (or its message) is on the way, and the bytes the statuses on the way will give back.
   */
  coming(): { bytes: number; unbounded: boolean; statusBytes: number } {
    let bytes = 0;
    let unbounded = false;
    for (const list of [this.c2s, this.waiting]) {
      for (const r of list) {
        if (Number.isFinite(r.b)) bytes += r.b;
        else unbounded = true;
      }
    }
    let statusBytes = 0;
    for (const w of this.s2c) {
      if (w.kind === "status") statusBytes += w.bytesLeft;
      else if (w.unbounded) unbounded = true;
      else bytes += w.size;
    }
    return { bytes, unbounded, statusBytes };
  }
  // Plain comparisons (an expect() per step made a run take half a second); expect() only to report.
  check(): void {
    const c = this.coming();
    let ok: boolean;
    if (c.unbounded) {
      // One message alone: nothing else requested, on the way or queued.
      ok = c.bytes === 0 && this.queued.length === 0;
    } else if (this.queued.length === 1 && this.queuedBytes > ORDERED_BATCH_BYTES) {
      // That message, queued: nothing else until it is taken.
      ok = c.bytes === 0;
    } else {
      ok = c.bytes + this.queuedBytes <= ORDERED_BATCH_BYTES;
    }
    ok = ok && this.pending.bytes >= c.bytes && this.pending.bytes <= c.bytes + c.statusBytes;
    if (!ok) expect({ coming: c, queued: this.queued.length, queuedBytes: this.queuedBytes, pending: this.pending }).toBe("within the bound");
  }
}

const size = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 60, max: 400 }) },
  { weight: 3, arbitrary: fc.integer({ min: 60, max: MiB + 200 }) },
  { weight: 1, arbitrary: fc.integer({ min: 7 * MiB, max: 10 * MiB }) },
);
// Runs of one size make the phases (small first, large later) that the budget has to follow.
const sizes = fc
  .array(fc.record({ s: size, run: fc.integer({ min: 1, max: 150 }) }), { minLength: 1, maxLength: 8 })
  .map((runs) => runs.flatMap(({ s, run }) => Array.from({ length: run }, () => s)));
const event = fc.oneof(
  { weight: 4, arbitrary: fc.constant("deliver" as const) },
  { weight: 2, arbitrary: fc.constant("request" as const) },
  { weight: 3, arbitrary: fc.constant("take" as const) },
  { weight: 1, arbitrary: fc.constant("expire" as const) },
);

test("requested and not taken stays within ORDERED_BATCH_BYTES (or one larger message alone); every message arrives once, in order", () => {
  fc.assert(
    fc.property(sizes, fc.array(event, { maxLength: 600 }), (sz, events) => {
      const m = new Model(sz);
      m.check();
      for (const e of events) {
        if (e === "deliver") m.deliverOne();
        else if (e === "request") m.arriveRequest();
        else if (e === "take") m.take();
        else m.expire();
        m.check();
      }
      // The application keeps reading: everything arrives (expiries end what waits when the stream is done).
      for (let steps = 0; m.taken.length < sz.length; steps++) {
        if (steps > 50 * sz.length + 1000) expect({ stalled: steps, taken: m.taken.length, of: sz.length }).toBe("no stall");
        if (m.c2s.length) m.arriveRequest();
        else if (m.s2c.length) m.deliverOne();
        else if (m.queued.length) m.take();
        else m.expire();
        m.check();
      }
      expect(m.taken).toEqual(sz.map((_, i) => i));
    }),
    { numRuns: 300 },
  );
});
