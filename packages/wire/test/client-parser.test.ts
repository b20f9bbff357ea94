import { ClientOpParser, MsgHeaders, ProtocolError, WireErrorCode, encodeHpub, joinParts, type ClientOp } from "../src";
import { bytes, encodeClient, parseClient, splits, td, thrown } from "./helpers";

const hdr = new MsgHeaders();
hdr.append("Nats-Msg-Id", "m-1");
const hdrBlock = hdr.encode();

const fixtures: Array<{ name: string; wire: string | Uint8Array; ops: ClientOp[]; canonical?: boolean }> = [
  {
    name: "CONNECT",
    wire: 'CONNECT {"verbose":false,"pedantic":false,"lang":"js","version":"3.4.0","protocol":1,"headers":true}\r\n',
    ops: [{ kind: "CONNECT", options: { verbose: false, pedantic: false, lang: "js", version: "3.4.0", protocol: 1, headers: true } }],
  },
  { name: "PUB", wire: "PUB foo.bar 5\r\nhello\r\n", ops: [{ kind: "PUB", subject: "foo.bar", payload: bytes("hello") }] },
  { name: "PUB reply", wire: "PUB foo r.1 2\r\nhi\r\n", ops: [{ kind: "PUB", subject: "foo", reply: "r.1", payload: bytes("hi") }] },
  { name: "PUB empty", wire: "PUB foo 0\r\n\r\n", ops: [{ kind: "PUB", subject: "foo", payload: new Uint8Array() }] },
  {
    name: "HPUB",
    wire: joinParts(encodeHpub("x", hdr, "body", "r")),
    ops: [{ kind: "HPUB", subject: "x", reply: "r", headers: hdrBlock, payload: bytes("body") }],
  },
  { name: "SUB", wire: "SUB foo.* 1\r\n", ops: [{ kind: "SUB", subject: "foo.*", sid: 1 }] },
  { name: "SUB queue", wire: "SUB foo.> workers 22\r\n", ops: [{ kind: "SUB", subject: "foo.>", sid: 22, queue: "workers" }] },
  { name: "UNSUB", wire: "UNSUB 1\r\n", ops: [{ kind: "UNSUB", sid: 1 }] },
  { name: "UNSUB max", wire: "UNSUB 7 10\r\n", ops: [{ kind: "UNSUB", sid: 7, max: 10 }] },
  { name: "PING PONG", wire: "PING\r\nPONG\r\n", ops: [{ kind: "PING" }, { kind: "PONG" }] },
  { name: "typed by hand over telnet", wire: "connect {}\r\nsub foo 1\r\npub foo 2\r\nhi\r\nunsub 1\r\nping\r\n", canonical: false,
    ops: [{ kind: "CONNECT", options: {} }, { kind: "SUB", subject: "foo", sid: 1 }, { kind: "PUB", subject: "foo", payload: bytes("hi") },
      { kind: "UNSUB", sid: 1 }, { kind: "PING" }] },
];

describe("ClientOpParser fixtures (parse, encode, mirror, split)", () => {
  for (const f of fixtures) {
    const wire = typeof f.wire === "string" ? bytes(f.wire) : f.wire;
    describe(f.name, () => {
      test("parse", () => expect(parseClient([wire])).toEqual(f.ops));
      test("encode", () => {
        if (f.canonical === false) expect(parseClient([encodeClient(f.ops)])).toEqual(f.ops);
        else expect(td.decode(encodeClient(f.ops))).toEqual(td.decode(wire));
      });
      test("mirror", () => expect(parseClient([encodeClient(parseClient([wire]))])).toEqual(f.ops));
      test("every split", () => {
        for (const chunks of splits(wire)) expect(parseClient(chunks)).toEqual(f.ops);
      });
    });
  }
});

describe("ClientOpParser strictness", () => {
  const sink = { connect() {}, pub() {}, sub() {}, unsub() {}, ping() {}, pong() {} };
  test("HPUB header blocks are checked by default", () => {
    const p = new ClientOpParser(sink);
    const e = thrown(() => p.parse(bytes("HPUB a 7 9\r\nHELLO\r\nhi\r\n"))) as ProtocolError;
    expect(e.code).toBe(WireErrorCode.BadHeaders);
  });
  test("an empty header section (HPUB … 0 n, as nats.js 3.x sends) is accepted and encodes back the same", () => {
    const wire = bytes("HPUB pubs.a _INBOX.x.y 0 5\r\nfirst\r\n");
    const ops = parseClient([wire]);
    expect(ops).toEqual([{ kind: "HPUB", subject: "pubs.a", reply: "_INBOX.x.y", headers: new Uint8Array(0), payload: bytes("first") }]);
    expect(td.decode(encodeClient(ops))).toBe(td.decode(wire));
  });
  test("subjects are validated when asked", () => {
    expect(parseClient([bytes("PUB a..b 0\r\n\r\n")])).toHaveLength(1);
    const p = new ClientOpParser(sink, { validateSubjects: true });
    expect((thrown(() => p.parse(bytes("PUB a..b 0\r\n\r\n"))) as ProtocolError).message).toContain("empty token");
    p.reset();
    expect((thrown(() => p.parse(bytes("PUB a.* 0\r\n\r\n"))) as ProtocolError).message).toContain("wildcard");
    p.reset();
    expect((thrown(() => p.parse(bytes("SUB a.>.b 1\r\n"))) as ProtocolError).message).toContain("'>'");
    p.reset();
    expect(() => p.parse(bytes("SUB a.*.> 1\r\n"))).not.toThrow();
  });
  test("server ops are unknown to the client parser", () => {
    expect((thrown(() => parseClient([bytes("MSG a 1 0\r\n\r\n")])) as ProtocolError).code).toBe(WireErrorCode.UnknownOp);
    expect((thrown(() => parseClient([bytes("INFO {}\r\n")])) as ProtocolError).code).toBe(WireErrorCode.UnknownOp);
  });
  test("CONNECT may be long but bounded", () => {
    const big = `CONNECT ${JSON.stringify({ jwt: "x".repeat(10000) })}\r\n`;
    expect(parseClient([bytes(big)])).toHaveLength(1);
    const p = new ClientOpParser(sink, { maxJsonLine: 1000 });
    expect((thrown(() => p.parse(bytes(big))) as ProtocolError).code).toBe(WireErrorCode.MaxControlLine);
  });
});
