/**
 * The write side's parts without a connection: `Outbound` (what publishes become as bytes, batches, slabs and
 * holding) and `ResendLedger` (what is kept for resending after a reconnect, and when it is acknowledged).
 */
import fc from "fast-check";
import { ClientOpCollector, ClientOpParser, Frame, encodePing, encodeSub, encodeUnsub } from "@nats-stack/wire";
import { Outbound } from "../../src/protocol/outbound";
import { releaseBatch, type Batch } from "../../src/protocol/write-batch";
import { ACK_AFTER_KEPT_BYTES, ResendLedger, acknowledge, publishBytes } from "../../src/protocol/resend-ledger";

// An outbound whose sink collects every batch handed over.
function collecting(ready = () => true): { o: Outbound; batches: Batch[] } {
  const batches: Batch[] = [];
  const o = new Outbound();
  o.attach({ write: (b) => batches.push(b), ready });
  return { o, batches };
}

function parseOps(parts: Uint8Array[]): ClientOpCollector["ops"] {
  const c = new ClientOpCollector();
  const p = new ClientOpParser(c);
  for (const f of parts) p.parse(f);
  return c.ops;
}

describe("Outbound", () => {
  test("any sequence of publishes, any sizes: the bytes handed over parse back to exactly those publishes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("a", "b.c", "\u00e9.x"), fc.option(fc.constant("r.1"), { nil: undefined }), fc.nat(40_000)), { maxLength: 40 }),
        (pubs) => {
          const { o, batches } = collecting();
          for (const [s, r, n] of pubs) o.pub(s, r, undefined, new Uint8Array(n).fill(n % 255));
          o.flush();
          const ops = parseOps(batches.flatMap((b) => b.parts));
          expect(ops.map((op) => (op.kind === "PUB" ? [op.subject, op.reply, op.payload.length] : op.kind))).toEqual(pubs);
          expect(batches.reduce((n, b) => n + b.pubs, 0)).toBe(pubs.length);
          expect(o.pending).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });
  test("publishes mixed with other ops: publishBytes keeps exactly the publishes, in order, without parsing", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.nat(30_000).map((n) => ({ pub: n })), fc.constantFrom({ sub: 1 }, { ping: 1 }, { unsub: 1 })), { maxLength: 60 }),
        (ops) => {
          const { o, batches } = collecting();
          let k = 0;
          for (const op of ops) {
            if ("pub" in op) o.pub(`s.${k++}`, undefined, op.pub % 3 === 0 ? new TextEncoder().encode("NATS/1.0\r\nA: b\r\n\r\n") : undefined, new Uint8Array(op.pub).fill(7));
            else if ("sub" in op) o.control(encodeSub("x.>", 9));
            else if ("unsub" in op) o.control(encodeUnsub(9, 3));
            else o.control(encodePing());
          }
          o.flush();
          const kept = parseOps(batches.flatMap((b) => publishBytes(b)));
          expect(kept.map((x) => ("subject" in x && (x.kind === "PUB" || x.kind === "HPUB") ? x.subject : x.kind))).toEqual(ops.filter((x) => "pub" in x).map((_, i) => `s.${i}`));
          const all = parseOps(batches.flatMap((b) => b.parts));
          expect(all.length).toBe(ops.length);
        },
      ),
      { numRuns: 60 },
    );
  });
  test("a request's PUB written from the inbox bytes and the token reads as the reply subject `<base><token in base 36>`", () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(0, 1, 35, 36, 1295, 1296, Number.MAX_SAFE_INTEGER), fc.nat()), fc.nat(300), (token, n) => {
        const { o, batches } = collecting();
        const te = new TextEncoder();
        o.pubHead(te.encode("PUB svc.time "), new Uint8Array(n).fill(9), te.encode("_INBOX.abc."), token);
        o.flush();
        const ops = parseOps(batches.flatMap((b) => b.parts));
        expect(ops.map((op) => (op.kind === "PUB" ? [op.subject, op.reply, op.payload.length] : op.kind))).toEqual([
          ["svc.time", `_INBOX.abc.${token.toString(36)}`, n],
        ]);
        expect(batches[0]!.pubs).toBe(1);
      }),
      { numRuns: 100 },
    );
  });
  test("a reply's PUB written from the reply subject's bytes reads back as that subject and payload, among other publishes", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.stringMatching(/^[!-~]{1,90}$/), fc.nat(300)), { minLength: 1, maxLength: 40 }), (replies) => {
        const { o, batches } = collecting();
        const te = new TextEncoder();
        for (const [subject, n] of replies) {
          // A frame whose control line holds the reply subject (after two bytes of something else).
          const line = te.encode(`xx${subject}`);
          const frame = new Frame(1, line, 0, 0, 2, line.length, line, 0, -1, 0);
          expect(o.pubReply(frame, new Uint8Array(n).fill(5))).toBe(true);
          o.pubHead(te.encode("PUB x "), new Uint8Array(1));
        }
        o.flush();
        const ops = parseOps(batches.flatMap((b) => b.parts));
        expect(ops.map((op) => (op.kind === "PUB" ? [op.subject, op.reply, op.payload.length] : op.kind))).toEqual(
          replies.flatMap(([subject, n]) => [
            [subject, undefined, n],
            ["x", undefined, 1],
          ]),
        );
        expect(batches.reduce((a, b) => a + b.pubs, 0)).toBe(2 * replies.length);
      }),
      { numRuns: 100 },
    );
  });
  test("small payloads (copied byte by byte) and larger ones (TypedArray#set) are written exactly, on both PUB paths", () => {
    const { o, batches } = collecting();
    const te = new TextEncoder();
    const line = te.encode("$JS.ACK.S.d.1.2.3.1700000000000000000.0");
    const frame = new Frame(1, line, 0, 0, 0, line.length, line, 0, -1, 0);
    const payloads = Array.from({ length: 40 }, (_, n) => Uint8Array.from({ length: n }, (_, i) => (n * 7 + i * 13) & 255));
    for (const p of payloads) {
      expect(o.pubReply(frame, p)).toBe(true);
      o.pubHead(te.encode("PUB x "), p);
    }
    o.flush();
    const ops = parseOps(batches.flatMap((b) => b.parts));
    expect(ops.map((op) => (op.kind === "PUB" ? [op.subject, Array.from(op.payload)] : op.kind))).toEqual(
      payloads.flatMap((p) => [
        ["$JS.ACK.S.d.1.2.3.1700000000000000000.0", Array.from(p)],
        ["x", Array.from(p)],
      ]),
    );
  });
  test("a reply subject with a byte that could break the line is refused, nothing appended", () => {
    const { o, batches } = collecting();
    for (const bad of [" ", "\t", "\r", "\n", "\x00", "\x7f"]) {
      const line = new TextEncoder().encode(`_INBOX.a${bad}b`);
      expect(o.pubReply(new Frame(1, line, 0, 0, 0, line.length, line, 0, -1, 0), new Uint8Array(3))).toBe(false);
    }
    const none = new TextEncoder().encode("x");
    expect(o.pubReply(new Frame(1, none, 0, 1, -1, -1, none, 0, -1, 0), new Uint8Array(3))).toBe(false);
    o.flush();
    expect(batches.length).toBe(0);
    expect(o.pending).toBe(0);
  });
  test("large payloads are handed over as they are; small ones coalesce into one buffer", () => {
    const { o, batches } = collecting();
    const big = new Uint8Array(100_000);
    o.pub("x", undefined, undefined, big);
    for (let i = 0; i < 100; i++) o.pub("y", undefined, undefined, new Uint8Array(10));
    // 100 KB pending is above the inline threshold: already flushed once.
    expect(batches.length).toBeGreaterThanOrEqual(1);
    expect(batches[0]!.parts.includes(big)).toBe(true);
    o.flush();
    expect(batches.flatMap((b) => b.parts).length).toBeLessThan(6);
  });
  test("detached, bytes accumulate and take() hands them over", () => {
    const o = new Outbound();
    o.pub("x", undefined, undefined, new Uint8Array(5));
    expect(o.pending).toBeGreaterThan(5);
    o.flush();
    expect(o.pending).toBeGreaterThan(5);
    const b = o.take();
    expect(b.bytes).toBe("PUB x 5\r\n".length + 7);
    expect(b.pubs).toBe(1);
  });
  test("write buffers are reused once released, and never while a batch holding them is not", () => {
    const concat = (parts: Uint8Array[]) => {
      const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of parts) {
        out.set(p, o);
        o += p.length;
      }
      return out;
    };
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ pub: fc.nat(20_000), head: fc.boolean() }),
            fc.constant({ flush: true }),
            fc.record({ release: fc.nat(1000) }),
          ),
          { maxLength: 200 },
        ),
        (steps) => {
          const { o, batches } = collecting();
          const held: Array<{ b: Batch; bytes: Uint8Array }> = [];
          const snapshots: Uint8Array[] = [];
          let seen = 0;
          const head = new TextEncoder().encode("PUB h ");
          let k = 0;
          for (const step of steps) {
            if ("pub" in step) {
              const data = new Uint8Array(step.pub % 3000).fill(k++ % 251);
              if (step.head) o.pubHead(head, data);
              else o.pub("s", undefined, undefined, new Uint8Array(step.pub).fill(k++ % 251));
            } else if ("flush" in step) o.flush();
            else if (held.length > 0) {
              const [h] = held.splice(step.release % held.length, 1);
              releaseBatch(h!.b);
            }
            for (; seen < batches.length; seen++) {
              const b = batches[seen]!;
              held.push({ b, bytes: concat(b.parts) });
              snapshots.push(concat(b.parts));
            }
            for (const h of held) expect(concat(h.b.parts)).toEqual(h.bytes);
          }
          o.flush();
          for (; seen < batches.length; seen++) snapshots.push(concat(batches[seen]!.parts));
          // What each batch held when handed over is the publishes, in order, whatever was reused since.
          const ops = parseOps(snapshots);
          expect(ops.length).toBe(steps.filter((s) => "pub" in s).length);
        },
      ),
      { numRuns: 80 },
    );
    // Sequential small flushes, each released before the next: one buffer serves them all.
    const { o, batches } = collecting();
    for (let i = 0; i < 5000; i++) {
      o.pub("x", undefined, undefined, new Uint8Array(100));
      o.flush();
      releaseBatch(batches[i]!);
    }
    expect(new Set(batches.map((b) => b.parts[0]!.buffer)).size).toBe(1);
  });
  test("a sink that is not ready holds the bytes until flushed again", () => {
    let ready = false;
    const { o, batches } = collecting(() => ready);
    o.pub("x", undefined, undefined, new Uint8Array(100_000));
    expect(batches).toHaveLength(0);
    expect(o.held).toBe(true);
    ready = true;
    o.flush();
    expect(batches).toHaveLength(1);
    expect(o.held).toBe(false);
  });
});

describe("ResendLedger", () => {
  const batch = (bytes: number, pubs = 1): Batch => ({ parts: [new Uint8Array(bytes)], bytes, controls: [], pubs });
  test("a plain publish asks for one acknowledging PING; its PONG acknowledges what was written before it", () => {
    const l = new ResendLedger(1000);
    l.queued("publish");
    expect(l.written(batch(10))).toBe(true);
    l.queued("publish");
    expect(l.written(batch(10))).toBe(false); // one acknowledging PING at a time
    l.ackThrough(0);
    expect(l.ackAnswered()).toBe(true); // the second batch still needs one
    l.ackThrough(1);
    expect(l.ackAnswered()).toBe(false);
    expect(l.take()).toEqual([]);
  });
  test("a request's reply acknowledges its batch and those before; replies need nothing", () => {
    const l = new ResendLedger(1000);
    expect(l.queued("reply")).toBeUndefined();
    expect(l.written(batch(10))).toBe(false);
    const r = l.queued("request")!;
    expect(l.written(batch(10))).toBe(false);
    l.written(batch(10));
    acknowledge(r);
    expect(l.take().length).toBe(1);
  });
  test("replies alone ask for a PING once the kept bytes pass ACK_AFTER_KEPT_BYTES, and only then", () => {
    const l = new ResendLedger(8 * 1024 * 1024);
    const size = 16 * 1024;
    const perPing = ACK_AFTER_KEPT_BYTES / size;
    let pings = 0;
    let written = 0;
    for (let i = 0; i < perPing * 3; i++) {
      l.queued("reply");
      if (l.written(batch(size))) {
        pings++;
        // Its PONG acknowledges everything written so far; nothing more is wanted until the bytes pile up again.
        l.ackThrough(written);
        expect(l.ackAnswered()).toBe(false);
      }
      written++;
    }
    expect(pings).toBe(3);
    // A reply batch written while a PING is out, under the threshold: the PONG asks for no other PING.
    const m = new ResendLedger(8 * 1024 * 1024);
    m.queued("publish");
    expect(m.written(batch(10))).toBe(true);
    m.queued("reply");
    m.written(batch(10));
    m.ackThrough(0);
    expect(m.ackAnswered()).toBe(false);
    expect(m.take().length).toBe(1); // kept for a resend all the same
  });
  test("past the limit the oldest batches are let go and counted", () => {
    const l = new ResendLedger(25);
    for (let i = 0; i < 4; i++) l.written(batch(10));
    expect(l.unretainedBytes).toBe(20);
    expect(l.take().length).toBe(2);
  });
  test("batches with nothing to send again are numbered but not kept; many kept batches are dropped in order", () => {
    const l = new ResendLedger(1000);
    l.queued("once");
    expect(l.written(batch(10, 0))).toBe(false); // a resend: false publish (or only SUB/UNSUB): no PING, nothing kept
    expect(l.nextBatch()).toBe(1);
    const r = l.queued("request")!;
    l.written(batch(10));
    for (let i = 0; i < 5; i++) l.written(batch(10, 0));
    l.written(batch(10));
    acknowledge(r); // through batch 1: the request's
    expect(l.take().map((b) => b.bytes)).toEqual([10]);
    const many = new ResendLedger(100_000);
    for (let i = 0; i < 20_000; i++) many.written(batch(10));
    expect(many.unretainedBytes).toBe(100_000);
    many.ackThrough(15_000);
    expect(many.take()).toHaveLength(4_999);
  });
  test("limit 0 keeps nothing and never asks for a PING", () => {
    const l = new ResendLedger(0);
    l.queued("publish");
    expect(l.written(batch(10))).toBe(false);
    expect(l.queued("request")).toBeUndefined();
    expect(l.take()).toEqual([]);
  });
});
