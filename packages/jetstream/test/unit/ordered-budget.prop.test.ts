// The requests of an ordered consume() without a given bound, driven through a model of nats-server 2.9.10's
// pull requests as bench/experiments/pull-bytes-probe shows them: open requests are served in turn, one
// message each; a request ends without a word when its count is used, or its bytes to the last one; a message
// larger than what a request has left ends that request with a 409 saying what was left (messages and bytes),
// and the server tries the next request; an expiry ends every open request with a 408 saying what was left.
// Requests and deliveries travel on wires that the events below advance in any interleaving, the application
// takes messages whenever it likes, and the client's side does what PullConsumerMessagesImpl does in this mode
// (count refill at half, the batch measured from the sizes, requests bounded in bytes by OrderedBytes). For
// any sequence of message sizes (from 60 B to beyond the whole bound) and any interleaving:
// - what may still come (the byte bounds of the requests on the wire or open) plus what is queued stays
//   within BOUND, except for one message larger than the bound, asked for alone with nothing else queued;
// - the client's count of messages coming is never below the real one (and equal when no status is on the
//   way and no request ended by its bytes to the last one);
// - when the application keeps reading, every message arrives once, in order, and nothing stalls except
//   after a request ended by its bytes to the last one (the client then waits for missed heartbeats).
import fc from "fast-check";
import { ONE_MESSAGE, OrderedBytes, orderedMaxMessages, orderedRequestBytes, WAIT } from "../../src/consumers/ordered-budget";
import { ORDERED_BATCH_BYTES, ORDERED_MAX_MESSAGES, ORDERED_SIZE_SAMPLE } from "../../src/consumers/pull-options";

const MiB = 1024 * 1024;
/** What the model checks: 1.5 x ORDERED_BATCH_BYTES (see ordered-budget.ts for why not exactly the bound). */
const BOUND = 1.5 * ORDERED_BATCH_BYTES;

interface Req {
  n: number;
  /** Bytes left; Infinity: no byte bound. */
  b: number;
}
type Wire = { kind: "data"; size: number; index: number; unbounded: boolean } | { kind: "status"; msgsLeft: number; code: 408 | 409; bytesLeft: number };

class Model {
  // Server
  readonly waiting: Req[] = [];
  next = 0;
  /** Requests that ended by their bytes to the last one, with messages of their count left. */
  silentEnds = 0;
  // Wires
  readonly c2s: Req[] = [];
  readonly s2c: Wire[] = [];
  // Client (as PullConsumerMessagesImpl in this mode)
  readonly bytes = new OrderedBytes();
  max = ORDERED_MAX_MESSAGES;
  threshold = ORDERED_MAX_MESSAGES / 2;
  probe = ORDERED_SIZE_SAMPLE;
  sample = ORDERED_SIZE_SAMPLE;
  sum = 0;
  pending = 0;
  readonly queued: { size: number; index: number }[] = [];
  queuedBytes = 0;
  readonly taken: number[] = [];
  recoveries = 0;
  worst = 0;

  constructor(readonly sizes: number[]) {
    this.pull(this.max, orderedRequestBytes(this.max, this.max));
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
      else if (wr.n > 0) this.silentEnds++;
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
  probeAgain(n: number): void {
    this.probe = n;
    this.sample = n;
    this.sum = 0;
  }
  refill(): void {
    const outstanding = this.pending + this.queued.length;
    if (outstanding > this.threshold) return;
    const batch = this.max - outstanding;
    if (batch <= 0) return;
    const b = this.bytes.requestBytes(batch, this.max, this.pending, this.queued.length);
    if (b === ONE_MESSAGE) this.pull(1, 0);
    else if (b !== WAIT) this.pull(batch, b);
    if (this.probe === 0) this.probeAgain(Math.min(ORDERED_SIZE_SAMPLE, this.max));
  }
  pull(batch: number, maxBytes: number): void {
    this.pending += batch;
    this.c2s.push({ n: batch, b: maxBytes > 0 ? maxBytes : Infinity });
  }
  deliverOne(): void {
    const w = this.s2c.shift();
    if (!w) return;
    if (w.kind === "data") {
      if (this.probe > 0) {
        this.sum += w.size;
        if (--this.probe === 0) {
          this.max = orderedMaxMessages(this.sum / this.sample);
          this.threshold = Math.floor(this.max / 2);
          this.sum = 0;
        }
      }
      if (this.pending > 0) this.pending--;
      this.queued.push(w);
      this.queuedBytes += w.size;
    } else {
      this.pending = Math.max(0, this.pending - w.msgsLeft);
      if (w.code === 409) {
        this.bytes.tooLarge(w.bytesLeft);
        this.probeAgain(1);
      }
      this.refill();
    }
  }
  take(): void {
    const m = this.queued.shift();
    if (!m) return;
    this.queuedBytes -= m.size;
    this.taken.push(m.index);
    this.refill();
  }
  /** Missed heartbeats: nothing open, nothing on the way, and the client still expects messages. */
  recover(): void {
    this.recoveries++;
    this.pending = 0;
    this.pull(this.max - this.queued.length, orderedRequestBytes(this.max - this.queued.length, this.max));
  }

  // --- checks
  coming(): { bytes: number; unbounded: boolean; msgs: number; statusMsgs: number } {
    let bytes = 0;
    let msgs = 0;
    let unbounded = false;
    for (const list of [this.c2s, this.waiting]) {
      for (const r of list) {
        msgs += r.n;
        if (Number.isFinite(r.b)) bytes += r.b;
        else unbounded = true;
      }
    }
    let statusMsgs = 0;
    for (const w of this.s2c) {
      if (w.kind === "status") statusMsgs += w.msgsLeft;
      else {
        msgs++;
        if (w.unbounded) unbounded = true;
        else bytes += w.size;
      }
    }
    return { bytes, unbounded, msgs, statusMsgs };
  }
  // Plain comparisons (an expect() per step made a run take half a second); expect() only to report.
  check(): void {
    const c = this.coming();
    let ok: boolean;
    if (c.unbounded) ok = c.bytes === 0 && this.queued.length === 0;
    else if (this.queued.length >= 1 && this.queued[0]!.size > ORDERED_BATCH_BYTES) ok = c.bytes + this.queuedBytes - this.queued[0]!.size <= BOUND;
    else ok = c.bytes + this.queuedBytes <= BOUND;
    if (!c.unbounded) this.worst = Math.max(this.worst, c.bytes + this.queuedBytes);
    ok = ok && this.pending >= c.msgs && (this.silentEnds > 0 || this.pending <= c.msgs + c.statusMsgs);
    if (!ok) expect({ coming: c, queued: this.queued.length, queuedBytes: this.queuedBytes, pending: this.pending }).toBe("within the bound");
  }
}

const size = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 60, max: 400 }) },
  { weight: 3, arbitrary: fc.integer({ min: 60, max: MiB + 200 }) },
  { weight: 1, arbitrary: fc.integer({ min: 7 * MiB, max: 10 * MiB }) },
);
// Runs of one size make the phases (small first, large later) that the batch has to follow.
const sizes = fc
  .array(fc.record({ s: size, run: fc.integer({ min: 1, max: 3000 }) }), { minLength: 1, maxLength: 6 })
  .map((runs) => runs.flatMap(({ s, run }) => Array.from({ length: run }, () => s)));
const event = fc.oneof(
  { weight: 4, arbitrary: fc.constant("deliver" as const) },
  { weight: 2, arbitrary: fc.constant("request" as const) },
  { weight: 3, arbitrary: fc.constant("take" as const) },
  { weight: 1, arbitrary: fc.constant("expire" as const) },
);

test("what may come plus what is queued stays within 1.5 x ORDERED_BATCH_BYTES (or one larger message alone); every message arrives once, in order", () => {
  let worst = 0;
  fc.assert(
    fc.property(sizes, fc.array(event, { maxLength: 3000 }), (sz, events) => {
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
        else if (m.waiting.length) m.expire();
        else m.recover();
        m.check();
      }
      expect(m.taken).toEqual(sz.map((_, i) => i));
      // Recovered only after a request ended by its bytes to the last one (which the client cannot see).
      if (m.recoveries > 0) expect(m.silentEnds).toBeGreaterThan(0);
      worst = Math.max(worst, m.worst);
    }),
    { numRuns: Number(process.env.ORDERED_RUNS ?? 100) },
  );
  // eslint-disable-next-line no-console
  if (process.env.ORDERED_WORST) console.log("worst", worst / ORDERED_BATCH_BYTES);
});
