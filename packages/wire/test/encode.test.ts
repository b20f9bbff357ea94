import fc from "fast-check";
import {
  CRLF,
  MsgHeaders,
  encodeConnect,
  encodeHpub,
  encodeInfo,
  encodeMsg,
  encodePing,
  encodePong,
  encodePub,
  encodeSub,
  encodeUnsub,
  joinParts,
  writeDecimal,
  writePubHead,
  writeString,
} from "../src";
import { subject } from "./arbitraries";
import { bytes, td } from "./helpers";

describe("encoders", () => {
  test("exact bytes of every client op", () => {
    expect(td.decode(joinParts(encodePub("a.b", "hi")))).toBe("PUB a.b 2\r\nhi\r\n");
    expect(td.decode(joinParts(encodePub("a.b", "hi", "r.1")))).toBe("PUB a.b r.1 2\r\nhi\r\n");
    expect(td.decode(joinParts(encodePub("a", undefined)))).toBe("PUB a 0\r\n\r\n");
    expect(td.decode(joinParts(encodeHpub("a", new MsgHeaders(503), "x")))).toBe("HPUB a 16 17\r\nNATS/1.0 503\r\n\r\nx\r\n");
    expect(td.decode(encodeSub("a.*", 3))).toBe("SUB a.* 3\r\n");
    expect(td.decode(encodeSub("a.>", 3, "q"))).toBe("SUB a.> q 3\r\n");
    expect(td.decode(encodeUnsub(3))).toBe("UNSUB 3\r\n");
    expect(td.decode(encodeUnsub(3, 0))).toBe("UNSUB 3 0\r\n");
    expect(td.decode(encodeConnect({ verbose: false, name: "x\r\ny" }))).toBe('CONNECT {"verbose":false,"name":"x\\r\\ny"}\r\n');
    expect(td.decode(encodePing())).toBe("PING\r\n");
    expect(td.decode(encodePong())).toBe("PONG\r\n");
    expect(td.decode(encodeInfo({ server_id: "s" }))).toBe('INFO {"server_id":"s"}\r\n');
    expect(td.decode(joinParts(encodeMsg("caf\u00e9", 1, "\u00e9")))).toBe("MSG caf\u00e9 1 2\r\n\u00e9\r\n");
  });
  test("a payload is never copied", () => {
    const payload = new Uint8Array(1 << 20);
    const parts = encodePub("big", payload);
    expect(parts[1]).toBe(payload);
    expect(parts[2]).toBe(CRLF);
    const h = bytes("NATS/1.0\r\n\r\n");
    const hp = encodeHpub("big", h, payload);
    expect(hp[1]).toBe(h);
    expect(hp[2]).toBe(payload);
  });
  test("PING bytes are fresh copies", () => {
    const a = encodePing();
    a[0] = 0;
    expect(td.decode(encodePing())).toBe("PING\r\n");
  });
  test("writeDecimal writes any safe integer", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        const b = new Uint8Array(20);
        const end = writeDecimal(b, 2, n);
        expect(td.decode(b.subarray(2, end))).toBe(String(n));
      }),
    );
  });
  test("writePubHead writes what encodePub writes, and reports a buffer too small", () => {
    fc.assert(
      fc.property(subject, fc.option(subject, { nil: undefined }), fc.nat(1 << 26), (s, r, n) => {
        const buf = new Uint8Array(4200);
        const end = writePubHead(buf, 7, s, r, -1, n);
        const expected = `PUB ${s}${r ? " " + r : ""} ${n}\r\n`;
        expect(td.decode(buf.subarray(7, end))).toBe(expected);
        const endH = writePubHead(buf, 0, s, r, 12, n + 12);
        expect(td.decode(buf.subarray(0, endH))).toBe(`HPUB ${s}${r ? " " + r : ""} 12 ${n + 12}\r\n`);
        expect(writePubHead(new Uint8Array(bytes(expected).length - 1), 0, s, r, -1, n)).toBe(-1);
      }),
    );
  });
  test("writeString encodes UTF-8 and reports no room", () => {
    const b = new Uint8Array(8);
    expect(writeString(b, 0, "\u6771\u4eac")).toBe(6);
    expect(td.decode(b.subarray(0, 6))).toBe("\u6771\u4eac");
    expect(writeString(b, 3, "\u6771\u4eac")).toBe(-1);
    expect(writeString(b, 5, "abcd")).toBe(-1);
  });
});
