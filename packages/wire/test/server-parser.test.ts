import { Frame, MsgHeaders, ProtocolError, ServerOpParser, WireErrorCode, type ServerOp } from "../src";
import { bytes, encodeServer, parseServer, splits, td, thrown } from "./helpers";

const hdrBlock = bytes("NATS/1.0\r\nA: 1\r\nA: 2\r\nB: x y\r\n\r\n");
const statusBlock = bytes("NATS/1.0 503\r\n\r\n");

/** One fixture, four checks (after mqtt-packet's testParseGenerate): parse, encode, mirror, every split. */
const fixtures: Array<{ name: string; wire: string | Uint8Array; ops: ServerOp[]; canonical?: boolean }> = [
  { name: "PING", wire: "PING\r\n", ops: [{ kind: "PING" }] },
  { name: "PONG", wire: "PONG\r\n", ops: [{ kind: "PONG" }] },
  { name: "+OK", wire: "+OK\r\n", ops: [{ kind: "OK" }] },
  { name: "-ERR quoted", wire: "-ERR 'Unknown Protocol Operation'\r\n", ops: [{ kind: "ERR", text: "Unknown Protocol Operation" }] },
  {
    name: "-ERR with subject",
    wire: "-ERR 'Permissions Violation for Publish to \"foo.bar\"'\r\n",
    ops: [{ kind: "ERR", text: 'Permissions Violation for Publish to "foo.bar"' }],
  },
  {
    name: "INFO",
    wire: 'INFO {"server_id":"X","max_payload":1048576,"headers":true}\r\n',
    ops: [{ kind: "INFO", info: { server_id: "X", max_payload: 1048576, headers: true } }],
  },
  { name: "MSG", wire: "MSG foo.bar 9 5\r\nhello\r\n", ops: [{ kind: "MSG", subject: "foo.bar", sid: 9, payload: bytes("hello") }] },
  {
    name: "MSG with reply",
    wire: "MSG foo 1 _INBOX.abc.1 3\r\nabc\r\n",
    ops: [{ kind: "MSG", subject: "foo", sid: 1, reply: "_INBOX.abc.1", payload: bytes("abc") }],
  },
  { name: "MSG empty payload", wire: "MSG a 1 0\r\n\r\n", ops: [{ kind: "MSG", subject: "a", sid: 1, payload: new Uint8Array() }] },
  {
    name: "MSG payload containing CRLF and MSG",
    wire: "MSG a 1 11\r\nMSG b 2 0\r\n\r\n",
    ops: [{ kind: "MSG", subject: "a", sid: 1, payload: bytes("MSG b 2 0\r\n") }],
  },
  {
    name: "HMSG",
    wire: new Uint8Array([...bytes(`HMSG x.y 3 ${hdrBlock.length} ${hdrBlock.length + 2}\r\n`), ...hdrBlock, ...bytes("hi\r\n")]),
    ops: [{ kind: "HMSG", subject: "x.y", sid: 3, headers: hdrBlock, payload: bytes("hi") }],
  },
  {
    name: "HMSG no-responders status, empty body, reply",
    wire: new Uint8Array([...bytes("HMSG _INBOX.a.1 2 r.1 16 16\r\n"), ...statusBlock, ...bytes("\r\n")]),
    ops: [{ kind: "HMSG", subject: "_INBOX.a.1", sid: 2, reply: "r.1", headers: statusBlock, payload: new Uint8Array() }],
  },
  {
    name: "UTF-8 subject",
    wire: "MSG caf\u00e9.\u6771\u4eac 1 1\r\nx\r\n",
    ops: [{ kind: "MSG", subject: "caf\u00e9.\u6771\u4eac", sid: 1, payload: bytes("x") }],
  },
  {
    name: "several ops in one chunk",
    wire: "PING\r\nMSG a 1 1\r\nx\r\nPONG\r\n+OK\r\n",
    ops: [{ kind: "PING" }, { kind: "MSG", subject: "a", sid: 1, payload: bytes("x") }, { kind: "PONG" }, { kind: "OK" }],
  },
  // Accepted forms that encode differently: no mirror of the bytes, but the ops must still round-trip.
  { name: "lower-case ops", wire: "ping\r\npong\r\n+ok\r\nmsg a 1 1\r\nx\r\n", canonical: false,
    ops: [{ kind: "PING" }, { kind: "PONG" }, { kind: "OK" }, { kind: "MSG", subject: "a", sid: 1, payload: bytes("x") }] },
  { name: "tabs and repeated blanks", wire: "MSG\ta \t 1  r\t2\r\nxy\r\nPING \t\r\n", canonical: false,
    ops: [{ kind: "MSG", subject: "a", sid: 1, reply: "r", payload: bytes("xy") }, { kind: "PING" }] },
  { name: "-ERR unquoted", wire: "-ERR Stale Connection\r\n", canonical: false, ops: [{ kind: "ERR", text: "Stale Connection" }] },
  { name: "INFO with spaces", wire: "INFO   { \"a\" : [1, 2] }  \r\n", canonical: false, ops: [{ kind: "INFO", info: { a: [1, 2] } }] },
];

describe("ServerOpParser fixtures (parse, encode, mirror, split)", () => {
  for (const f of fixtures) {
    const wire = typeof f.wire === "string" ? bytes(f.wire) : f.wire;
    describe(f.name, () => {
      test("parse", () => {
        expect(parseServer([wire])).toEqual(f.ops);
      });
      test("encode", () => {
        if (f.canonical === false) expect(parseServer([encodeServer(f.ops)])).toEqual(f.ops);
        else expect(td.decode(encodeServer(f.ops))).toEqual(td.decode(wire));
      });
      test("mirror: parse(encode(parse(x))) == parse(x)", () => {
        expect(parseServer([encodeServer(parseServer([wire]))])).toEqual(f.ops);
      });
      test("every split gives the same ops", () => {
        for (const chunks of splits(wire)) expect(parseServer(chunks)).toEqual(f.ops);
      });
    });
  }
});

describe("ServerOpParser payload ownership", () => {
  test("payload is a view into the chunk when the frame is inside it", () => {
    const chunk = bytes("MSG a 1 5\r\nhello\r\n");
    let seen: Uint8Array | undefined;
    new ServerOpParser({ msg: (m) => (seen = m.payload), info() {}, ping() {}, pong() {}, ok() {}, err() {} }).parse(chunk);
    expect(seen!.buffer).toBe(chunk.buffer);
    expect(seen!.byteOffset).toBe(11);
  });
  test("payload is a private copy when the frame spans chunks, and later chunks do not alias it", () => {
    const a = bytes("MSG a 1 5\r\nhel");
    const b = bytes("lo\r\n");
    let seen: Uint8Array | undefined;
    let subject = "";
    const p = new ServerOpParser({
      msg: (m) => {
        seen = m.payload;
        subject = m.subject;
      },
      info() {}, ping() {}, pong() {}, ok() {}, err() {},
    });
    p.parse(a);
    p.parse(b);
    a.fill(0);
    b.fill(0);
    expect(td.decode(seen!)).toBe("hello");
    expect(subject).toBe("a");
  });
  test("a control line split across chunks is copied, so the subject survives reuse of the chunk", () => {
    const a = bytes("MSG abc.d");
    const b = bytes("ef 1 1\r\nx\r\n");
    let m0: { subject: string; payload: Uint8Array } | undefined;
    const p = new ServerOpParser({ msg: (m) => (m0 = m), info() {}, ping() {}, pong() {}, ok() {}, err() {} });
    p.parse(a);
    p.parse(b);
    a.fill(0);
    expect(m0!.subject).toBe("abc.def");
  });
  test("with Buffer chunks, a frame that spans them is built from Buffer copies (one kind of array in every frame), not views of the chunks", () => {
    const first = "MSG abc.def 1 _INBOX.r 10\r\n0123456789\r\n";
    const wire = Buffer.from(`${first}MSG x 1 3\r\nabc\r\n`);
    for (let cut = 1; cut < first.length; cut++) {
      const a = Buffer.from(wire.subarray(0, cut));
      const b = Buffer.from(wire.subarray(cut));
      const got: Frame[] = [];
      const p = new ServerOpParser({ msg: (f: Frame) => got.push(f), info() {}, ping() {}, pong() {}, ok() {}, err() {} });
      p.parse(a);
      p.parse(b);
      expect(got.length).toBe(2);
      for (const f of got) {
        expect(Buffer.isBuffer(f.payload)).toBe(true);
        expect(Buffer.isBuffer(f.subjectBytes)).toBe(true);
      }
      // The first frame spans the chunks: nothing of it may change with the first chunk.
      a.fill(0);
      expect([got[0]!.subject, got[0]!.reply, td.decode(got[0]!.payload)]).toEqual(["abc.def", "_INBOX.r", "0123456789"]);
      expect([got[1]!.subject, td.decode(got[1]!.payload)]).toEqual(["x", "abc"]);
    }
  });
  test("payloadAs makes the body as another kind of view over the same bytes (a runtime's native one), whole or split, with or without headers", () => {
    const hdr = "NATS/1.0\r\nA: 1\r\n\r\n";
    const wire = Buffer.from(`MSG a 1 5\r\nhello\r\nHMSG b 2 ${hdr.length} ${hdr.length + 3}\r\n${hdr}xyz\r\nMSG c 3 0\r\n\r\n`);
    const asBuffer = (b: ArrayBufferLike, o: number, l: number) => Buffer.from(b, o, l);
    for (let cut = 0; cut < wire.length; cut++) {
      const chunks = cut === 0 ? [new Uint8Array(wire)] : [new Uint8Array(wire.subarray(0, cut)), new Uint8Array(wire.subarray(cut))];
      const got: Frame[] = [];
      const p = new ServerOpParser({ msg: (f: Frame) => got.push(f), info() {}, ping() {}, pong() {}, ok() {}, err() {} });
      for (const c of chunks) p.parse(c);
      expect(got.map((f) => f.payloadAs(asBuffer).toString())).toEqual(["hello", "xyz", ""]);
      for (const f of got) {
        const view = f.payloadAs(asBuffer);
        expect(Buffer.isBuffer(view)).toBe(true);
        // the same memory as `payload`, not a copy
        expect([view.buffer, view.byteOffset, view.length]).toEqual([f.payload.buffer, f.payload.byteOffset, f.payload.length]);
      }
    }
  });
  test("a frame claiming a large payload only buffers what actually arrived", () => {
    const p = new ServerOpParser({ msg() {}, info() {}, ping() {}, pong() {}, ok() {}, err() {} });
    p.parse(bytes(`MSG a 1 ${60 * 1024 * 1024}\r\nabc`));
    expect(p.bufferedBytes).toBeLessThanOrEqual(65536 + 64);
    const big = new Uint8Array(200_000);
    p.parse(big);
    expect(p.bufferedBytes).toBeLessThanOrEqual(2 * 200_003 + 64);
  });
});

describe("ServerOpParser headers and limits", () => {
  test("HMSG headers decode lazily with MsgHeaders", () => {
    let h: Uint8Array | undefined;
    new ServerOpParser({ msg: (m) => (h = m.headers), info() {}, ping() {}, pong() {}, ok() {}, err() {} }).parse(
      new Uint8Array([...bytes(`HMSG a 1 ${hdrBlock.length} ${hdrBlock.length}\r\n`), ...hdrBlock, 13, 10]),
    );
    const mh = MsgHeaders.decode(h!);
    expect(mh.values("A")).toEqual(["1", "2"]);
    expect(mh.get("b", "insensitive")).toBe("x y");
  });
  test("maxPayload from INFO can be applied by the caller", () => {
    const p = new ServerOpParser({ msg() {}, info: (i) => (p.maxPayload = i.max_payload!), ping() {}, pong() {}, ok() {}, err() {} });
    p.parse(bytes('INFO {"max_payload":4}\r\nMSG a 1 4\r\nabcd\r\n'));
    const e = thrown(() => p.parse(bytes("MSG a 1 5\r\nabcde\r\n"))) as ProtocolError;
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e.code).toBe(WireErrorCode.MaxPayload);
  });
  test("an INFO line may be long (1 MiB default) while a MSG line may not", () => {
    const urls = Array.from({ length: 2000 }, (_, i) => `127.0.0.1:${10000 + i}`);
    const info = `INFO ${JSON.stringify({ connect_urls: urls })}\r\n`;
    expect(info.length).toBeGreaterThan(4096);
    const ops = parseServer([bytes(info)]);
    expect((ops[0] as { info: { connect_urls: string[] } }).info.connect_urls).toHaveLength(2000);
    const e = thrown(() => parseServer([bytes(`MSG ${"a".repeat(5000)} 1 0\r\n\r\n`)])) as ProtocolError;
    expect(e.code).toBe(WireErrorCode.MaxControlLine);
  });
  test("limits are configurable", () => {
    const p = new ServerOpParser({ msg() {}, info() {}, ping() {}, pong() {}, ok() {}, err() {} }, { maxJsonLine: 10 });
    expect((thrown(() => p.parse(bytes('INFO {"a":"0123456789"}\r\n'))) as ProtocolError).code).toBe(WireErrorCode.MaxControlLine);
  });
  test("the stream offset and the state are reported", () => {
    const e = thrown(() => parseServer([bytes("PING\r\nPONG\r\n"), bytes("MSG a x 1\r\nz\r\n")])) as ProtocolError;
    expect(e.offset).toBe(12);
    expect(e.state).toBe("MSG_ARG");
    expect(e.line).toBe("MSG a x 1");
    expect(e.message).toContain("sid 'x' is not a decimal number");
  });
});

describe("Frame reply bytes", () => {
  function frames(text: string): Frame[] {
    const got: Frame[] = [];
    const p = new ServerOpParser({ msg: (f: Frame) => got.push(f), info() {}, ping() {}, pong() {}, ok() {}, err() {} }, { checkHeaderBlock: false });
    p.parse(bytes(text));
    return got;
  }
  test("copyReply copies the reply as it arrived and replyLength counts its bytes; -1 without a reply", () => {
    const [withReply, without] = frames("MSG a 1 $JS.ACK.s.c.1.2.3.\u00e9 1\r\nx\r\nMSG a\t1 2\r\nyz\r\n");
    const dst = new Uint8Array(64).fill(0);
    expect(withReply!.replyLength).toBe(new TextEncoder().encode("$JS.ACK.s.c.1.2.3.\u00e9").length);
    const end = withReply!.copyReply(dst, 3);
    expect(end).toBe(3 + withReply!.replyLength);
    expect(td.decode(dst.subarray(3, end))).toBe("$JS.ACK.s.c.1.2.3.\u00e9");
    expect(without!.replyLength).toBe(-1);
    expect(without!.copyReply(dst, 0)).toBe(-1);
  });
  test("copyReply refuses a reply holding a control byte or DEL (the general path lets them through)", () => {
    for (const bad of ["\x01", "\x7f", "\r", "\x00"]) {
      const [f] = frames(`MSG a 1 r${bad}x 1\r\nx\r\n`);
      expect(f!.reply).toBe(`r${bad}x`);
      expect(f!.copyReply(new Uint8Array(16), 0)).toBe(-1);
    }
  });
});
