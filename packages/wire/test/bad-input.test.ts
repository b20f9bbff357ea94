import {
  ClientOpParser,
  MsgHeaders,
  ProtocolError,
  ServerOpParser,
  ValidationError,
  WireError,
  WireErrorCode,
  encodeHpub,
  encodeMsg,
  encodePub,
  encodeSub,
  encodeUnsub,
  encodeErr,
  type ServerOp,
} from "../src";
import { ServerOpCollector } from "../src/collect";
import { bytes, thrown } from "./helpers";

function serverParser() {
  const c = new ServerOpCollector();
  return { c, p: new ServerOpParser(c) };
}

function parseError(input: string | Uint8Array | Array<string | Uint8Array>): { e: ProtocolError; ops: ServerOp[] } {
  const { c, p } = serverParser();
  const chunks = Array.isArray(input) ? input : [input];
  const e = thrown(() => {
    for (const ch of chunks) p.parse(typeof ch === "string" ? bytes(ch) : ch);
  });
  expect(e).toBeInstanceOf(ProtocolError);
  return { e: e as ProtocolError, ops: c.ops };
}

describe("encoders refuse bad values and write nothing", () => {
  test("CRLF inside a subject", () => {
    const e = thrown(() => encodePub("foo\r\nPUB evil 0", "x")) as ValidationError;
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.field).toBe("subject");
    expect(e.code).toBe(WireErrorCode.InvalidValue);
    expect(e.message).toContain("CR");
  });
  test("LF in a reply, space in a subject, empty token, wildcard in publish", () => {
    expect((thrown(() => encodePub("a", "x", "r\n")) as ValidationError).field).toBe("reply");
    expect((thrown(() => encodePub("a b", "x")) as ValidationError).message).toContain("space");
    expect((thrown(() => encodePub("a..b", "x")) as ValidationError).message).toContain("empty token");
    expect((thrown(() => encodePub("a.>", "x")) as ValidationError).message).toContain("wildcard");
    expect((thrown(() => encodeMsg("a.*", 1, "x")) as ValidationError).message).toContain("wildcard");
  });
  test("queue names, sids and max", () => {
    expect((thrown(() => encodeSub("a", 1, "q q")) as ValidationError).field).toBe("queue");
    expect((thrown(() => encodeSub("a", 1, "")) as ValidationError).field).toBe("queue");
    expect((thrown(() => encodeSub("a", -1)) as ValidationError).field).toBe("sid");
    expect((thrown(() => encodeSub("a", 1.5)) as ValidationError).field).toBe("sid");
    expect((thrown(() => encodeUnsub(1, -3)) as ValidationError).field).toBe("max");
    expect((thrown(() => encodeSub(42 as unknown as string, 1)) as ValidationError).message).toContain("must be a string");
  });
  test("header keys and values", () => {
    const h = new MsgHeaders();
    expect(() => h.set("Bad Key", "v")).toThrow(WireError);
    expect(() => h.set("Key:", "v")).toThrow(/':'/);
    expect(() => h.set("Key", "a\r\nInjected: yes")).toThrow(/CR/);
    expect(() => h.append("Key", "line\n")).toThrow(/LF/);
    expect(h.size()).toBe(0);
    expect(() => encodeHpub("a", bytes("HELLO\r\n\r\n"), "x")).toThrow(/NATS\/1.0/);
  });
  test("-ERR text and overlong control lines", () => {
    expect(() => encodeErr("a\r\nb")).toThrow(ValidationError);
    expect(() => encodeSub("a".repeat(5000), 1)).toThrow(/longer than 4096/);
    expect(() => encodePub("a".repeat(5000), "x")).toThrow(/longer than 4096/);
  });
});

describe("parser bad input: each case ends in a ProtocolError, ops before it are kept", () => {
  test("payload shorter than its size", () => {
    const { e, ops } = parseError("PING\r\nMSG a 1 5\r\nabc\r\nPING\r\n");
    expect(e.code).toBe(WireErrorCode.BadLineEnd);
    expect(e.state).toBe("MSG_END");
    expect(ops).toEqual([{ kind: "PING" }]);
  });
  test("payload longer than its size", () => {
    expect(parseError("MSG a 1 2\r\nabc\r\n").e.code).toBe(WireErrorCode.BadLineEnd);
    expect(parseError(["MSG a 1 2\r\nab", "c\r\n"]).e.code).toBe(WireErrorCode.BadLineEnd);
    expect(parseError(["MSG a 1 2\r\nab\r", "c\n"]).e.code).toBe(WireErrorCode.BadLineEnd);
  });
  test("payload followed by a bare LF", () => {
    expect(parseError("MSG a 1 2\r\nab\nPING\r\n").e.code).toBe(WireErrorCode.BadLineEnd);
  });
  test("negative, non-numeric, signed and fractional sizes", () => {
    for (const size of ["-5", "abc", "+5", "5.0", "0x10", "1e3"]) {
      const { e } = parseError(`MSG a 1 ${size}\r\n`);
      expect(e.code).toBe(WireErrorCode.BadNumber);
      expect(e.state).toBe("MSG_ARG");
    }
  });
  test("size above the maximum", () => {
    const { e } = parseError(`MSG a 1 ${64 * 1024 * 1024 + 1}\r\n`);
    expect(e.code).toBe(WireErrorCode.MaxPayload);
    expect(parseError("MSG a 1 99999999999999999999999\r\n").e.code).toBe(WireErrorCode.MaxPayload);
  });
  test("a control line that never ends, even split over many chunks", () => {
    const { c, p } = serverParser();
    p.parse(bytes("PING\r\n"));
    let err: unknown;
    let fed = 0;
    try {
      p.parse(bytes("MSG "));
      for (let i = 0; i < 1000; i++) {
        p.parse(bytes("aaaaaaaaaa"));
        fed += 10;
      }
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).code).toBe(WireErrorCode.MaxControlLine);
    expect(fed).toBeLessThan(4200);
    expect(p.bufferedBytes).toBeLessThan(2 * 4096 + 64);
    expect(c.ops).toEqual([{ kind: "PING" }]);
  });
  test("an INFO that never ends is bounded too", () => {
    const p = new ServerOpParser(new ServerOpCollector(), { maxJsonLine: 10_000 });
    const e = thrown(() => {
      p.parse(bytes("INFO {"));
      for (let i = 0; i < 100; i++) p.parse(new Uint8Array(1000).fill(32));
    }) as ProtocolError;
    expect(e.code).toBe(WireErrorCode.MaxControlLine);
  });
  test("a header block without NATS/1.0", () => {
    // The server parser refuses the frame itself by default (the protocol requires the version line).
    const raw = "HELLO/1.0\r\n\r\n";
    const strict = new ServerOpParser(new ServerOpCollector());
    const e2 = thrown(() => strict.parse(bytes(`HMSG a 1 ${raw.length} ${raw.length}\r\n${raw}\r\n`))) as ProtocolError;
    expect(e2.code).toBe(WireErrorCode.BadHeaders);
    // With checkHeaderBlock: false it hands the frame over; the lazy decode still refuses the block.
    const c = new ServerOpCollector();
    new ServerOpParser(c, { checkHeaderBlock: false }).parse(bytes(`HMSG a 1 ${raw.length} ${raw.length}\r\n${raw}\r\n`));
    const h = (c.ops[0] as { headers: Uint8Array }).headers;
    const e = thrown(() => MsgHeaders.decode(h)) as WireError;
    expect(e.code).toBe(WireErrorCode.BadHeaders);
    const client = new ClientOpParser({ connect() {}, pub() {}, sub() {}, unsub() {}, ping() {}, pong() {} });
    expect((thrown(() => client.parse(bytes(`HPUB a ${raw.length} ${raw.length}\r\n${raw}\r\n`))) as ProtocolError).code).toBe(
      WireErrorCode.BadHeaders,
    );
  });
  test("header size larger than total size", () => {
    const { e } = parseError("HMSG a 1 20 10\r\n");
    expect(e.code).toBe(WireErrorCode.BadHeaders);
    expect(e.message).toContain("header size 20 larger than total size 10");
  });
  test("control line ended by a bare LF", () => {
    expect(parseError("PING\n").e.code).toBe(WireErrorCode.BadLineEnd);
    expect(parseError("MSG a 1 0\n\r\n").e.code).toBe(WireErrorCode.BadLineEnd);
  });
  test("unknown ops fail as soon as the first bytes rule them out", () => {
    expect(parseError("PUB a 1\r\n").e.code).toBe(WireErrorCode.UnknownOp);
    expect(parseError("X").e.code).toBe(WireErrorCode.UnknownOp);
    expect(parseError("MSGX a 1 0\r\n").e.code).toBe(WireErrorCode.UnknownOp);
    expect(parseError("\r\n").e.code).toBe(WireErrorCode.UnknownOp);
    expect(parseError(["PI", "NX"]).e.code).toBe(WireErrorCode.UnknownOp);
  });
  test("wrong argument counts and extra arguments", () => {
    expect(parseError("MSG a 1\r\n").e.code).toBe(WireErrorCode.BadArgs);
    expect(parseError("MSG a 1 r x\r\n").e.code).toBe(WireErrorCode.BadNumber);
    expect(parseError("MSG a 1 r x y 3\r\n").e.code).toBe(WireErrorCode.BadArgs);
    expect(parseError("HMSG a 1 3\r\n").e.code).toBe(WireErrorCode.BadArgs);
    expect(parseError("PING x\r\n").e.code).toBe(WireErrorCode.BadArgs);
    expect(parseError("+OK now\r\n").e.code).toBe(WireErrorCode.BadArgs);
  });
  test("INFO that is not a JSON object", () => {
    expect(parseError("INFO {bad\r\n").e.code).toBe(WireErrorCode.BadJson);
    expect(parseError("INFO [1]\r\n").e.code).toBe(WireErrorCode.BadJson);
    expect(parseError("INFO null\r\n").e.code).toBe(WireErrorCode.BadJson);
    expect(parseError("INFO\r\n").e.code).toBe(WireErrorCode.BadJson);
  });
  test("sid out of range", () => {
    expect(parseError("MSG a 9007199254740993 0\r\n\r\n").e.code).toBe(WireErrorCode.BadNumber);
  });
  test("after an error the parser refuses input until reset()", () => {
    const { c, p } = serverParser();
    expect(() => p.parse(bytes("BOGUS\r\n"))).toThrow(ProtocolError);
    expect(p.failed).toBe(true);
    const e = thrown(() => p.parse(bytes("PING\r\n"))) as ProtocolError;
    expect(e.code).toBe(WireErrorCode.ParserFailed);
    expect(c.ops).toEqual([]);
    p.reset();
    expect(p.failed).toBe(false);
    p.parse(bytes("PING\r\n"));
    expect(c.ops).toEqual([{ kind: "PING" }]);
  });
  test("a sink that throws fails the parser too, and the exception is the sink's", () => {
    const boom = new Error("sink exploded");
    const p = new ServerOpParser({ msg() {}, info() {}, ping: () => { throw boom; }, pong() {}, ok() {}, err() {} });
    expect(thrown(() => p.parse(bytes("PING\r\nPONG\r\n")))).toBe(boom);
    expect(p.failed).toBe(true);
  });
  test("the offending line is cut to 64 bytes", () => {
    const { e } = parseError(`MSG ${"s".repeat(200)} x 1\r\n`);
    expect(e.line.length).toBe(64);
  });
});
