import fc from "fast-check";
import { decodeBase32, encodeBase32 } from "../../../src/auth/base32";
import { decodeBase64, encodeBase64, encodeBase64Url } from "../../../src/auth/base64";

describe("codec properties", () => {
  test("base32: decode(encode(b)) == b, and the text is canonical", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        const text = encodeBase32(b);
        expect(text).toMatch(/^[A-Z2-7]*$/);
        expect(text.length).toBe(Math.ceil((b.length * 8) / 5));
        expect(decodeBase32(text)).toEqual(b);
      }),
    );
  });

  test("base64: both alphabets round trip and agree with Buffer", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        expect(encodeBase64(b)).toBe(Buffer.from(b).toString("base64"));
        expect(encodeBase64Url(b)).toBe(Buffer.from(b).toString("base64url"));
        expect(decodeBase64(encodeBase64(b))).toEqual(b);
        expect(decodeBase64(encodeBase64Url(b))).toEqual(b);
      }),
    );
  });
});
