import { Match, MsgHeaders, WireError, WireErrorCode, canonicalMIMEHeaderKey, decodeHeaders, headerStatusCode } from "../src";
import { bytes, td, thrown } from "./helpers";

describe("MsgHeaders", () => {
  test("status with and without description", () => {
    const a = decodeHeaders(bytes("NATS/1.0 503\r\n\r\n"));
    expect([a.code, a.description, a.status, a.hasError]).toEqual([503, "", "503", true]);
    const b = decodeHeaders(bytes("NATS/1.0 408 Request Timeout\r\nNats-Pending-Messages: 1\r\n\r\n"));
    expect([b.code, b.description, b.status]).toEqual([408, "Request Timeout", "408 Request Timeout"]);
    expect(b.get("Nats-Pending-Messages")).toBe("1");
    const c = decodeHeaders(bytes("NATS/1.0 100 Idle Heartbeat\r\nNats-Last-Consumer: 0\r\nNats-Last-Stream: 0\r\n\r\n"));
    expect([c.code, c.description, c.hasError]).toEqual([100, "Idle Heartbeat", false]);
    const d = decodeHeaders(bytes("NATS/1.0\r\nA: b\r\n\r\n"));
    expect([d.code, d.description]).toEqual([0, ""]);
  });
  test("encode with status round-trips", () => {
    for (const [code, desc] of [[503, ""], [408, "Request Timeout"], [0, ""]] as const) {
      const h = new MsgHeaders(code, desc);
      h.append("K", "v");
      const back = decodeHeaders(h.encode());
      expect([back.code, back.description, back.get("K")]).toEqual([code, desc, "v"]);
      expect(back.equals(h)).toBe(true);
    }
    expect(td.decode(new MsgHeaders(503).encode())).toBe("NATS/1.0 503\r\n\r\n");
  });
  test("multi-valued keys keep order; key case is preserved", () => {
    const h = new MsgHeaders();
    h.append("X-Trace", "1");
    h.append("x-trace", "2");
    h.append("X-Trace", "3");
    expect(h.keys()).toEqual(["X-Trace", "x-trace"]);
    expect(h.values("X-Trace")).toEqual(["1", "3"]);
    expect(h.values("x-TRACE", Match.IgnoreCase)).toEqual(["1", "3", "2"]);
    expect(h.last("X-Trace")).toBe("3");
    expect(td.decode(h.encode())).toBe("NATS/1.0\r\nX-Trace: 1\r\nX-Trace: 3\r\nx-trace: 2\r\n\r\n");
  });
  test("lookups exact, canonical and case-insensitive", () => {
    const h = new MsgHeaders();
    h.set("content-type", "a");
    expect(h.has("Content-Type")).toBe(false);
    expect(h.has("CONTENT-TYPE", Match.IgnoreCase)).toBe(true);
    h.set("content-type", "b", Match.CanonicalMIME);
    expect(h.keys()).toEqual(["content-type", "Content-Type"]);
    expect(h.get("CONTENT-type", Match.CanonicalMIME)).toBe("b");
    h.delete("CONTENT-TYPE", Match.IgnoreCase);
    expect(h.size()).toBe(0);
    expect(h.get("missing")).toBe("");
  });
  test("set replaces, values are trimmed, toRecord/fromRecord", () => {
    const h = MsgHeaders.fromRecord({ A: ["1", "2"], B: "x" });
    h.set("A", "  3 ");
    expect(h.toRecord()).toEqual({ A: ["3"], B: ["x"] });
    expect([...h]).toEqual([["A", ["3"]], ["B", ["x"]]]);
  });
  test("canonicalMIMEHeaderKey", () => {
    expect(canonicalMIMEHeaderKey("nats-msg-id")).toBe("Nats-Msg-Id");
    expect(canonicalMIMEHeaderKey("X-NATS-A")).toBe("X-Nats-A");
    expect(() => canonicalMIMEHeaderKey("a b")).toThrow(WireError);
  });
  test("decode is strict", () => {
    const bad = [
      "HTTP/1.0\r\n\r\n",
      "NATS/1.0\r\nNoColon\r\n\r\n",
      "NATS/1.0\r\nA: b\r\n",
      "NATS/1.0\r\nBad Key: v\r\n\r\n",
      "NATS/1.0 5033\r\n\r\n",
      "NATS/1.0x\r\n\r\n",
      "NATS/1.0\r\nA: b\nC: d\r\n\r\n",
      "NATS/1.0\r\n\r\nA: b\r\n\r\n",
      "NATS/1.0",
    ];
    for (const b of bad) {
      const e = thrown(() => decodeHeaders(bytes(b))) as WireError;
      expect(e.code).toBe(WireErrorCode.BadHeaders);
    }
  });
  test("headerStatusCode reads the code without decoding", () => {
    expect(headerStatusCode(bytes("NATS/1.0 503\r\n\r\n"))).toBe(503);
    expect(headerStatusCode(bytes("NATS/1.0 408 Request Timeout\r\n\r\n"))).toBe(408);
    expect(headerStatusCode(bytes("NATS/1.0\r\nA: 1\r\n\r\n"))).toBe(0);
    expect(headerStatusCode(bytes("NATS/1.0 5x3\r\n\r\n"))).toBe(0);
  });
  test("subclasses report invalid values with their own errors and decode to their own class", () => {
    class Mine extends MsgHeaders {
      protected override invalid(field: string): never {
        throw new TypeError(`mine: ${field}`);
      }
    }
    expect(() => new Mine().set("a:b", "x")).toThrow("mine: header key");
    expect(Mine.decode(bytes("NATS/1.0\r\nA: 1\r\n\r\n"))).toBeInstanceOf(Mine);
  });
});
