// Reply-subject parsing (delivery info of JetStream messages): both subject forms round-trip for any
// names and numbers; anything else is refused with nats.js's text; the fast sequence parser agrees with
// the full one on every input.
import fc from "fast-check";
import { parseAckSequences, parseInfo, parseTimestampNanos, NOT_JS_MSG, type AckSequences } from "../../src/jsmsg/reply-info";

const token = fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/);
const nat = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const small = fc.integer({ min: 0, max: 1_000_000 });
const ts = fc.bigInt({ min: 0n, max: 9_999_999_999_999_999_999n });

const delivery = fc.record({
  stream: token,
  consumer: token,
  delivered: fc.integer({ min: 1, max: 1000 }),
  sseq: nat,
  dseq: nat,
  ts,
  pending: small,
});

const fresh = (): AckSequences => ({ base: -1, tail: 0, deliveryCount: 0, streamSequence: 0, deliverySequence: 0, pending: 0 });

test("the 9-token form: every field back, no domain", () => {
  fc.assert(
    fc.property(delivery, (d) => {
      const s = `$JS.ACK.${d.stream}.${d.consumer}.${d.delivered}.${d.sseq}.${d.dseq}.${d.ts}.${d.pending}`;
      const i = parseInfo(s);
      expect(i).toEqual({
        domain: "",
        account_hash: "",
        stream: d.stream,
        consumer: d.consumer,
        deliveryCount: d.delivered,
        redelivered: d.delivered > 1,
        streamSequence: d.sseq,
        deliverySequence: d.dseq,
        timestampNanos: Number(d.ts),
        pending: d.pending,
      });
      expect(parseTimestampNanos(s)).toBe(d.ts);
      const q = fresh();
      expect(parseAckSequences(s, q)).toBe(true);
      expect(q).toEqual({
        base: 2,
        tail: `$JS.ACK.${d.stream}.${d.consumer}.`.length,
        deliveryCount: d.delivered,
        streamSequence: d.sseq,
        deliverySequence: d.dseq,
        pending: d.pending,
      });
    }),
  );
});

test("the 11+-token form: domain (`_` for none), account hash, optional trailing tokens", () => {
  fc.assert(
    fc.property(delivery, fc.option(token), token, fc.array(token, { maxLength: 3 }), (d, domain, hash, extra) => {
      const s = `$JS.ACK.${domain ?? "_"}.${hash}.${d.stream}.${d.consumer}.${d.delivered}.${d.sseq}.${d.dseq}.${d.ts}.${d.pending}${extra.map((e) => `.${e}`).join("")}`;
      const i = parseInfo(s);
      expect(i.domain).toBe(domain === null || domain === "_" ? "" : domain);
      expect(i.account_hash).toBe(hash);
      expect(i.stream).toBe(d.stream);
      expect(i.consumer).toBe(d.consumer);
      expect(i.streamSequence).toBe(d.sseq);
      expect(i.deliverySequence).toBe(d.dseq);
      expect(i.pending).toBe(d.pending);
      expect(parseTimestampNanos(s)).toBe(d.ts);
      const q = fresh();
      expect(parseAckSequences(s, q)).toBe(true);
      expect(q.base).toBe(4);
      expect(q.tail).toBe(`$JS.ACK.${domain ?? "_"}.${hash}.${d.stream}.${d.consumer}.`.length);
      expect(q.streamSequence).toBe(d.sseq);
      expect(q.deliverySequence).toBe(d.dseq);
    }),
  );
});

test("anything else is not a JetStream message; the fast parser never disagrees", () => {
  const anyText = fc.oneof(
    fc.string(),
    fc.array(fc.oneof(token, fc.constant(""), fc.constant("x1"), nat.map(String)), { maxLength: 14 }).map((ts) => `$JS.ACK.${ts.join(".")}`),
    fc.array(token, { maxLength: 14 }).map((ts) => ts.join(".")),
  );
  fc.assert(
    fc.property(anyText, (s) => {
      let info: ReturnType<typeof parseInfo> | undefined;
      try {
        info = parseInfo(s);
      } catch (err) {
        expect((err as Error).message).toBe(NOT_JS_MSG);
      }
      const q = fresh();
      const ok = parseAckSequences(s, q);
      expect(ok).toBe(info !== undefined);
      if (info) {
        expect(q.streamSequence).toBe(info.streamSequence);
        expect(q.deliverySequence).toBe(info.deliverySequence);
        expect(q.deliveryCount).toBe(info.deliveryCount);
        expect(q.pending).toBe(info.pending);
      }
    }),
    { numRuns: 2000 },
  );
});

test("examples: recorded subjects, 10 tokens is neither form, numbers must be numbers", () => {
  expect(parseInfo("$JS.ACK.ORDERS.monitor.1.5.5.1700000000123456789.9").streamSequence).toBe(5);
  expect(parseInfo("$JS.ACK.hub.ABC.ORDERS.monitor.2.5.7.1700000000123456789.0.Xy7").redelivered).toBe(true);
  expect(() => parseInfo("$JS.ACK.a.b.1.2.3.4.5.6")).toThrow(NOT_JS_MSG);
  expect(() => parseInfo("$JS.ACK.S.C.1.x.3.4.5")).toThrow(NOT_JS_MSG);
  expect(() => parseInfo("_INBOX.abc.1")).toThrow(NOT_JS_MSG);
  expect(() => parseInfo("")).toThrow(NOT_JS_MSG);
});
