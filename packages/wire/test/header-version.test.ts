/**
 * The protocol requires every HMSG header block to start with the version line `NATS/1.0` (ADR-4, "NATS
 * headers will be prefixed by a string identifying the header version"). `ServerOpParser` refuses a block
 * without it by default, with a typed `ProtocolError` (`NATS_ERR_BAD_HEADERS`) naming the state and bytes;
 * `checkHeaderBlock: false` hands such a frame over, for a client that drops the one message instead.
 */
import { ProtocolError, ServerOpParser, WireErrorCode, isHeaderBlock, type ServerOp } from "../src";
import { ServerOpCollector } from "../src/collect";
import { bytes } from "./helpers";

function hmsg(block: string, body = ""): string {
  return `HMSG s 1 ${block.length} ${block.length + body.length}\r\n${block}${body}\r\n`;
}

function parse(input: string[], opts = {}): { ops: ServerOp[]; err: unknown } {
  const c = new ServerOpCollector();
  const p = new ServerOpParser(c, opts);
  let err: unknown;
  try {
    for (const chunk of input) p.parse(bytes(chunk));
  } catch (e) {
    err = e;
  }
  return { ops: c.ops, err };
}

test.each([
  ["another protocol", "HTTP/1.1 200 OK\r\n\r\n"],
  ["no version at all", "A: b\r\n\r\n"],
  ["a wrong version", "NATS/2.0\r\n\r\n"],
  ["a version with a tail", "NATS/1.0x\r\n\r\n"],
  ["lower case", "nats/1.0\r\n\r\n"],
  ["no end of block", "NATS/1.0\r\nA: b\r\n"],
])("refuses an HMSG whose block has %s, with a typed ProtocolError", (_name, block) => {
  const { ops, err } = parse(["PING\r\n" + hmsg(block, "body") + "PONG\r\n"]);
  expect(err).toBeInstanceOf(ProtocolError);
  expect((err as ProtocolError).code).toBe(WireErrorCode.BadHeaders);
  expect((err as ProtocolError).state).toBe("MSG_PAYLOAD");
  expect(ops.map((o) => o.kind)).toEqual(["PING"]); // what came before is delivered; nothing after
});

test("the check holds when the frame arrives byte by byte", () => {
  const all = hmsg("HELLO/1.0\r\n\r\n");
  const { err } = parse(all.split(""));
  expect((err as ProtocolError).code).toBe(WireErrorCode.BadHeaders);
});

test.each([
  ["a plain block", "NATS/1.0\r\nA: b\r\n\r\n"],
  ["a status", "NATS/1.0 503\r\n\r\n"],
  ["a status with a description and keys", "NATS/1.0 100 Idle Heartbeat\r\nNats-Last-Stream: 1\r\n\r\n"],
  ["an extra CRLF at the end", "NATS/1.0 503 No Responders\r\n\r\n\r\n"],
])("accepts %s", (_name, block) => {
  const { ops, err } = parse([hmsg(block, "x")]);
  expect(err).toBeUndefined();
  expect(ops).toHaveLength(1);
});

test("checkHeaderBlock: false hands the frame over (the client decides), and isHeaderBlock tells", () => {
  const block = "HELLO/1.0\r\n\r\n";
  const { ops, err } = parse([hmsg(block, "x")], { checkHeaderBlock: false });
  expect(err).toBeUndefined();
  const h = (ops[0] as { headers: Uint8Array }).headers;
  expect(isHeaderBlock(h)).toBe(false);
  expect(isHeaderBlock(bytes("NATS/1.0\r\n\r\n"))).toBe(true);
  expect(isHeaderBlock(bytes("NATS/1.0x\r\n\r\n"))).toBe(false);
});
