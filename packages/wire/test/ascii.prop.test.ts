import fc from "fast-check";
import { decodeText } from "../src/ascii";

const runs = Number(process.env.FC_RUNS ?? 300);
const reference = new TextDecoder();

describe("decodeText decodes as TextDecoder does", () => {
  // Mostly ASCII, with multi-byte starts, continuation bytes, invalid bytes and byte order marks mixed in.
  const byte = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
    { weight: 1, arbitrary: fc.constantFrom(0xef, 0xbb, 0xbf, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xff, 0x80, 0x00) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) },
  );
  test("any range of any bytes (short subjects, long replies, BOMs, invalid sequences)", () => {
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 140 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        const buf = Uint8Array.from(bytes);
        const s = buf.length ? a % (buf.length + 1) : 0;
        // Ends past the buffer too: a view is cut short there.
        const e = s + (b % (buf.length - s + 4));
        expect(decodeText(buf, s, e)).toBe(reference.decode(buf.subarray(s, e)));
      }),
      { numRuns: runs * 4 },
    );
  });
  test("a leading byte order mark is dropped, as TextDecoder drops it", () => {
    const buf = Uint8Array.of(0x20, 0xef, 0xbb, 0xbf, 0x61);
    expect(decodeText(buf, 1, 5)).toBe("a");
    expect(decodeText(buf, 0, 5)).toBe(" \ufeffa");
  });
});
