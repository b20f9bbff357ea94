/**
 * The subscription state machine against models: the client's AckWindow (which sequences await an ack,
 * where a resumed subscription restarts), and the fake server's in-flight window (at most maxInFlight
 * unacknowledged, in order, each acked one freeing exactly one slot).
 */
import fc from "fast-check";
import { AckWindow } from "../../src/ack-window";
import { Channel, DeliveryGroup, Dispatcher, Member } from "@nats-stack/fixtures/fake-stan/stan-store";

type Op = { kind: "deliver"; seq: number } | { kind: "ack"; seq: number };

test("AckWindow matches a set model: deliveries, redeliveries, acks, last delivered", () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant("deliver" as const), seq: fc.integer({ min: 1, max: 30 }) }),
    fc.record({ kind: fc.constant("ack" as const), seq: fc.integer({ min: 1, max: 30 }) }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 120 }), (max, ops: Op[]) => {
      const w = new AckWindow(max);
      const unacked = new Set<number>();
      let last = 0;
      for (const o of ops) {
        if (o.kind === "deliver") {
          const fresh = !unacked.has(o.seq);
          expect(w.delivered(o.seq)).toBe(fresh);
          unacked.add(o.seq);
          last = Math.max(last, o.seq);
        } else {
          expect(w.acked(o.seq)).toBe(unacked.delete(o.seq));
        }
        expect(w.inFlight).toBe(unacked.size);
        expect(w.full).toBe(unacked.size >= max);
        expect(w.lastDelivered).toBe(last);
      }
    }),
  );
});

test("the fake server's window: in order, never more than maxInFlight unacked, one slot per ack", () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant("publish" as const), n: fc.integer({ min: 1, max: 5 }) }),
    fc.record({ kind: fc.constant("ack" as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant("ackAgain" as const), pick: fc.nat() }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.array(op, { maxLength: 80 }), (max, ops) => {
      const sent: number[] = [];
      const d = new Dispatcher((_m, msg) => sent.push(Number(msg.sequence)));
      const ch = new Channel("c");
      const g = new DeliveryGroup(ch, "", undefined, 0);
      ch.groups.add(g);
      const m = new Member("id", "inbox", "ack", max, 1e9, g);
      g.members.push(m);
      // Model: published count, acked set; what must have been sent is 1..min(published, acked + max).
      let published = 0;
      const acked = new Set<number>();
      try {
        for (const o of ops) {
          if (o.kind === "publish") {
            for (let i = 0; i < o.n; i++) ch.msgs.push({ sequence: ++published, subject: "c", reply: "", data: new Uint8Array(0), timestamp: 0n });
            d.pump(g);
          } else {
            const out = sent.filter((s) => !acked.has(s));
            const pool = o.kind === "ack" ? out : [...acked];
            if (!pool.length) continue;
            const seq = pool[o.pick % pool.length]!;
            acked.add(seq);
            d.ack(m, seq);
          }
          const expected = Math.min(published, acked.size + max);
          expect(sent).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
          expect(m.unacked.size).toBe(sent.length - acked.size);
          expect(m.unacked.size).toBeLessThanOrEqual(max);
        }
      } finally {
        m.stop();
      }
    }),
  );
});
