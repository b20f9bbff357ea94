// The ordered consumer's cursor: its quick check (a kept prefix, a pattern for the numbers, only the delivery
// sequence read) takes exactly the messages the full parse would take, and reports the same sequences,
// whatever the subjects: both forms, consumers that change, gaps, long numbers and malformed subjects.
import fc from "fast-check";
import { OrderedCursor } from "../../src/consumers/ordered-cursor";
import { parseAckSequences, type AckSequences } from "../../src/jsmsg/reply-info";

const token = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const seqNum = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));
const ts = fc.bigInt({ min: 0n, max: 9_999_999_999_999_999_999n });

/** The reference: what the ordered consumers did before the cursor, one full parse per message. */
class ModelCursor {
  deliver_seq = 0;
  stream_seq: number;
  constructor(start: number) {
    this.stream_seq = start;
  }
  next(reply: string): boolean {
    const q: AckSequences = { base: -1, tail: 0, deliveryCount: 0, streamSequence: 0, deliverySequence: 0, pending: 0 };
    if (!parseAckSequences(reply, q) || q.deliverySequence !== this.deliver_seq + 1) return false;
    this.deliver_seq = q.deliverySequence;
    this.stream_seq = q.streamSequence;
    return true;
  }
}

// One step of a run: a delivery (usually the next one, sometimes a gap or a repeat), possibly mangled, or the
// cursor set from outside (a recreation resets deliver_seq; a watch sets stream_seq), or a read.
const step = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant("msg" as const), dseqDelta: fc.constantFrom(1, 1, 1, 1, 2, 0, -1), sseq: seqNum, ts, pending: seqNum, count: fc.integer({ min: 1, max: 99 }), mangle: fc.constantFrom("none", "none", "none", "none", "letter", "drop", "extra", "empty", "dots", "zeros", "big", "newConsumer", "longForm") }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reset" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("setStream" as const), to: seqNum }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("read" as const) }) },
);

test("the cursor takes what the full parse takes and reports the same sequences", () => {
  fc.assert(
    fc.property(
      token,
      token,
      fc.option(fc.tuple(token, token, fc.array(token, { maxLength: 2 }))),
      fc.integer({ min: 0, max: 1000 }),
      fc.array(step, { maxLength: 60 }),
      (stream, consumer, long, start, steps) => {
        const cursor = new OrderedCursor(start);
        const model = new ModelCursor(start);
        let name = consumer;
        let serial = 1;
        for (const s of steps) {
          if (s.kind === "reset") {
            cursor.deliver_seq = 0;
            model.deliver_seq = 0;
          } else if (s.kind === "setStream") {
            cursor.stream_seq = s.to;
            model.stream_seq = s.to;
          } else if (s.kind === "read") {
            expect(cursor.stream_seq).toBe(model.stream_seq);
          } else {
            if (s.mangle === "newConsumer") name = `${consumer}_${++serial}`;
            const head = long && s.mangle !== "longForm" ? `$JS.ACK.${long[0]}.${long[1]}.${stream}.${name}.` : `$JS.ACK.${stream}.${name}.`;
            const trailer = long && s.mangle !== "longForm" ? long[2].map((t) => `.${t}`).join("") : "";
            const dseq = Math.max(0, model.deliver_seq + s.dseqDelta);
            let nums = [String(s.count), String(s.sseq), String(dseq), String(s.ts), String(s.pending)];
            if (s.mangle === "letter") nums[2] = `${nums[2]}x`;
            if (s.mangle === "drop") nums = nums.slice(0, 4);
            if (s.mangle === "extra") nums.push("7");
            if (s.mangle === "empty") nums[1] = "";
            if (s.mangle === "zeros") nums[2] = `00${nums[2]}`;
            if (s.mangle === "big") nums[2] = "12345678901234567890";
            let reply = head + nums.join(".") + trailer;
            if (s.mangle === "dots") reply = reply.replace(/\.(\d+)$/, "..$1");
            if (s.mangle === "longForm") reply = `${head}${nums.join(".")}.1.2`;
            expect(cursor.next(reply)).toBe(model.next(reply));
            expect(cursor.deliver_seq).toBe(model.deliver_seq);
          }
        }
        expect(cursor.stream_seq).toBe(model.stream_seq);
      },
    ),
    { numRuns: 1000 },
  );
});

test("examples: a run of one consumer, a gap, the next consumer after a recreation, the long form", () => {
  const c = new OrderedCursor(9);
  expect(c.stream_seq).toBe(9);
  expect(c.next("$JS.ACK.S.oc_1.1.10.1.1700000000000000000.2")).toBe(true);
  expect(c.next("$JS.ACK.S.oc_1.1.11.2.1700000000000000001.1")).toBe(true);
  expect(c.stream_seq).toBe(11);
  // A skipped delivery sequence: refused, the cursor stays.
  expect(c.next("$JS.ACK.S.oc_1.1.13.4.1700000000000000003.0")).toBe(false);
  expect([c.deliver_seq, c.stream_seq]).toEqual([2, 11]);
  // Not an ack subject, or numbers that are not numbers: refused.
  expect(c.next("_INBOX.x.3")).toBe(false);
  expect(c.next("$JS.ACK.S.oc_1.1.12.3x.1700000000000000002.0")).toBe(false);
  expect(c.next("$JS.ACK.S.oc_1.1.12.3.1700000000000000002")).toBe(false);
  // Recreated: a new consumer from delivery sequence 1.
  c.deliver_seq = 0;
  expect(c.next("$JS.ACK.S.oc_2.1.12.1.1700000000000000002.0")).toBe(true);
  expect(c.stream_seq).toBe(12);
  // The 11+-token form, with trailing tokens.
  const l = new OrderedCursor();
  expect(l.next("$JS.ACK.hub.ACC.S.oc_1.1.5.1.1700000000000000000.3.r4nd")).toBe(true);
  expect(l.next("$JS.ACK.hub.ACC.S.oc_1.1.6.2.1700000000000000000.2")).toBe(true);
  expect(l.next("$JS.ACK.hub.ACC.S.oc_1.1.7.3.1700000000000000000")).toBe(false);
  expect([l.deliver_seq, l.stream_seq]).toEqual([2, 6]);
});
