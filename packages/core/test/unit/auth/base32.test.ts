import { decodeBase32, encodeBase32 } from "../../../src/auth/base32";
import { crc16 } from "../../../src/auth/crc16";
import { NKeysError, NKeysErrorCode } from "../../../src/auth/nkeys-error";
import { decodeBase64, encodeBase64, encodeBase64Url } from "../../../src/auth/base64";

const te = new TextEncoder();

describe("base32 (RFC 4648, unpadded)", () => {
  // RFC 4648 §10 test vectors with the padding removed.
  const vectors: [string, string][] = [
    ["", ""],
    ["f", "MY"],
    ["fo", "MZXQ"],
    ["foo", "MZXW6"],
    ["foob", "MZXW6YQ"],
    ["fooba", "MZXW6YTB"],
    ["foobar", "MZXW6YTBOI"],
  ];
  test.each(vectors)("%j <-> %s", (plain, encoded) => {
    expect(encodeBase32(te.encode(plain))).toBe(encoded);
    expect(decodeBase32(encoded)).toEqual(te.encode(plain));
  });

  test("all byte values round trip", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(decodeBase32(encodeBase32(all))).toEqual(all);
  });

  test.each(["MZ1", "mzxw6", "MZXW6=", "MZXW6 ", "MZXÉ"])("rejects a character outside the alphabet: %j", (bad) => {
    expect(() => decodeBase32(bad)).toThrow(NKeysError);
    try {
      decodeBase32(bad);
    } catch (e) {
      expect((e as NKeysError).code).toBe(NKeysErrorCode.InvalidEncoding);
    }
  });

  test.each(["M", "MZX", "MZXW6Y"])("rejects a length no bytes encode to: %s", (bad) => {
    expect(() => decodeBase32(bad)).toThrow(NKeysErrorCode.InvalidEncoding);
  });
});

describe("crc16 (XMODEM)", () => {
  test.each([
    ["", 0x0000],
    ["123456789", 0x31c3], // the catalogue check value of CRC-16/XMODEM
    ["A", 0x58e5],
  ] as [string, number][])("%j -> %d", (s, crc) => {
    expect(crc16(te.encode(s))).toBe(crc);
  });
});

describe("base64", () => {
  test.each([
    ["", "", ""],
    ["f", "Zg==", "Zg"],
    ["fo", "Zm8=", "Zm8"],
    ["foo", "Zm9v", "Zm9v"],
    ["\xfb\xff", "+/8=", "-_8"],
  ])("%j -> %s / %s", (plain, std, url) => {
    const bytes = Uint8Array.from(plain, (c) => c.charCodeAt(0));
    expect(encodeBase64(bytes)).toBe(std);
    expect(encodeBase64Url(bytes)).toBe(url);
    expect(decodeBase64(std)).toEqual(bytes);
    expect(decodeBase64(url)).toEqual(bytes);
  });

  test("matches Buffer on every byte value", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);
    expect(encodeBase64(all)).toBe(Buffer.from(all).toString("base64"));
    expect(encodeBase64Url(all)).toBe(Buffer.from(all).toString("base64url"));
  });

  test.each(["Z", "Zg===", "Z!==", "Zm9v\n"])("rejects %j", (bad) => {
    expect(() => decodeBase64(bad)).toThrow(RangeError);
  });
});
