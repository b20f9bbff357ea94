// The PubAck read straight from the bytes agrees with JSON.parse on every answer: the server's own shape
// (stream, seq, domain, duplicate in its field order, with nats-server 2.9's spaces or without) is read fast,
// anything else falls back.
import fc from "fast-check";
import { fastPubAck, parsePubAck } from "../../src/publish/pub-ack";
import { fakeMsg } from "../helpers/fake-msg";

const enc = new TextEncoder();
const name = fc.string({ minLength: 0, maxLength: 12 });

function viaJson(text: string): unknown {
  const v = JSON.parse(text);
  return { ...v, duplicate: v.duplicate === true };
}

test("the server's shape: the fast path reads it, and agrees with JSON", () => {
  fc.assert(
    fc.property(name, fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.option(name), fc.boolean(), (stream, seq, domain, dup) => {
      const o: Record<string, unknown> = { stream, seq };
      if (domain !== null && domain !== "") o.domain = domain;
      if (dup) o.duplicate = true;
      // JSON.stringify's form, and the server's: `{"stream":"S", "domain":"D", "seq":1,"duplicate": true}`.
      const q = JSON.stringify;
      const server = `{"stream":${q(stream)}${o.domain !== undefined ? `, "domain":${q(o.domain)}` : ""}, "seq":${seq}${dup ? ',"duplicate": true' : ""}}`;
      for (const text of [JSON.stringify(o), server]) {
        const got = parsePubAck(fakeMsg({ data: text }));
        if (stream === "") {
          expect(got).toBeInstanceOf(Error);
          return;
        }
        expect(got).toEqual(viaJson(text));
        const plain = /^[\x20-\x7e]*$/.test(stream + (domain ?? "")) && !/["\\]/.test(stream + (domain ?? ""));
        if (plain && seq < 1e15) expect(fastPubAck(enc.encode(text))).toEqual(viaJson(text));
      }
    }),
    { numRuns: 2000 },
  );
});

test("other shapes (other key orders, spaces, extra fields, errors) fall back and still agree", () => {
  fc.assert(
    fc.property(fc.dictionary(fc.constantFrom("stream", "seq", "domain", "duplicate", "count", "batch", "x"), fc.jsonValue()), (o) => {
      const text = JSON.stringify(o);
      const fast = fastPubAck(enc.encode(text));
      const slow = parsePubAck(fakeMsg({ data: text }));
      if (fast) expect(slow).toEqual(fast);
    }),
    { numRuns: 2000 },
  );
  // What nats-server 2.9.10 writes (checked against it) is read fast.
  expect(fastPubAck(enc.encode('{"stream":"S", "seq":1}'))).toEqual({ stream: "S", seq: 1, duplicate: false });
  expect(fastPubAck(enc.encode('{"stream":"S", "seq":1,"duplicate": true}'))).toEqual({ stream: "S", seq: 1, duplicate: true });
  expect(fastPubAck(enc.encode('{"stream":"S",  "seq":1}'))).toBeUndefined();
  expect(fastPubAck(enc.encode('{"stream":"S", "seq":1,"duplicate": false}'))).toBeUndefined();
  expect(fastPubAck(enc.encode('{"seq":1,"stream":"S"}'))).toBeUndefined();
  expect(parsePubAck(fakeMsg({ data: '{"seq":1,"stream":"S"}' }))).toEqual({ stream: "S", seq: 1, duplicate: false });
  expect(fastPubAck(enc.encode('{"stream":"S","seq":1,"count":2}'))).toBeUndefined();
  // The cached name is not reused for a different stream.
  expect(fastPubAck(enc.encode('{"stream":"AB","seq":1}'))!.stream).toBe("AB");
  expect(fastPubAck(enc.encode('{"stream":"AC","seq":2}'))!.stream).toBe("AC");
});
