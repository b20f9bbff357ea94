// The consume refill logic, driven through a model of a server that honours pull requests: whatever the
// interleaving of deliveries, application takes and request expiries, the client never has more than
// max_messages coming, always asks for more once it falls to the threshold, and never asks for nothing.
import fc from "fast-check";
import { refillRequest, type RefillLimits } from "../../src/consumers/refill";


const limits = fc
  .record({ max: fc.integer({ min: 1, max: 500 }), pct: fc.integer({ min: 1, max: 100 }) })
  .map(({ max, pct }): RefillLimits => ({ max_messages: max, max_bytes: 0, threshold_messages: Math.max(1, Math.floor((max * pct) / 100)) - 1, threshold_bytes: 1 }));
const events = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant("deliver" as const), n: fc.integer({ min: 1, max: 600 }) }),
    fc.record({ kind: fc.constant("take" as const), n: fc.integer({ min: 1, max: 600 }) }),
    fc.constant({ kind: "expire" as const }),
  ),
  { maxLength: 200 },
);

test("outstanding stays within max_messages; below the threshold a request is always made", () => {
  fc.assert(
    fc.property(limits, events, (l, evs) => {
      // Requests open on the server (each: messages it may still deliver), what is buffered client-side.
      const open: number[] = [];
      let pending = 0;
      let buffered = 0;
      const ask = () => {
        const r = refillRequest(l, { msgs: pending + buffered, bytes: 0 });
        if (r) {
          expect(r.batch).toBeGreaterThan(0);
          expect(r.max_bytes).toBe(0);
          open.push(r.batch);
          pending += r.batch;
        }
      };
      ask();
      for (const e of evs) {
        if (e.kind === "deliver") {
          let n = e.n;
          while (n > 0 && open.length) {
            const k = Math.min(n, open[0]!);
            open[0]! -= k;
            n -= k;
            pending -= k;
            buffered += k;
            if (open[0] === 0) open.shift();
            ask();
          }
        } else if (e.kind === "take") {
          const k = Math.min(e.n, buffered);
          for (let i = 0; i < k; i++) {
            buffered--;
            ask();
          }
        } else if (open.length) {
          // The server gives up on the oldest request and says how much it left unfilled.
          pending -= open.shift()!;
          ask();
        }
        expect(pending + buffered).toBeLessThanOrEqual(l.max_messages);
        expect(pending).toBeGreaterThanOrEqual(0);
        // Never stalled: at or below the threshold something is always requested.
        if (pending + buffered <= l.threshold_messages) expect(pending).toBeGreaterThan(0);
      }
    }),
    { numRuns: 500 },
  );
});

test("byte-bounded consumes: requests never ask for more bytes than the budget left", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 100_000 }),
      fc.integer({ min: 1, max: 100 }),
      fc.integer({ min: 0, max: 200_000 }),
      fc.integer({ min: 0, max: 200 }),
      (maxBytes, maxMsgs, outBytes, outMsgs) => {
        const l: RefillLimits = { max_messages: maxMsgs, max_bytes: maxBytes, threshold_messages: Math.round(maxMsgs * 0.75) || 1, threshold_bytes: Math.round(maxBytes * 0.75) || 1 };
        const r = refillRequest(l, { msgs: outMsgs, bytes: outBytes });
        if (r === null) return;
        expect(r.batch).toBeGreaterThan(0);
        expect(r.batch + outMsgs).toBeLessThanOrEqual(maxMsgs);
        expect(r.max_bytes).toBeGreaterThan(0);
        expect(r.max_bytes + outBytes).toBeLessThanOrEqual(maxBytes);
      },
    ),
  );
});

test("nats.js's defaults: 100 messages, refill at 75", () => {
  const l: RefillLimits = { max_messages: 100, max_bytes: 0, threshold_messages: 75, threshold_bytes: 1 };
  expect(refillRequest(l, { msgs: 76, bytes: 0 })).toBeNull();
  expect(refillRequest(l, { msgs: 75, bytes: 0 })).toEqual({ batch: 25, max_bytes: 0 });
  expect(refillRequest(l, { msgs: 0, bytes: 0 })).toEqual({ batch: 100, max_bytes: 0 });
  expect(refillRequest(l, { msgs: -3, bytes: 0 })).toEqual({ batch: 100, max_bytes: 0 });
});
