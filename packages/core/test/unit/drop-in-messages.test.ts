/**
 * Small message semantics of nats.js 3.4, checked against nats.js itself where it can run without a server:
 * an empty `headers().toString()` is `""`; a message without a reply subject has `reply === ""`; a status
 * header block with an extra CRLF at its end (as nats.js's headers_test.ts builds them) decodes.
 */
import { join } from "node:path";
import { connectWith, headers, MsgHdrsImpl, type Msg } from "../../src/mod";
import { memoryFactory } from "../helpers/memory-transport";

const fixtures = join(__dirname, "../../../../fixtures");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const theirs = require(require.resolve("@nats-io/nats-core/internal", { paths: [fixtures] })) as {
  headers(code?: number, description?: string): { toString(): string; set(k: string, v: string): void };
  MsgHdrsImpl: { decode(b: Uint8Array): { code: number; description: string; status: string; hasError: boolean; size(): number } };
};
const te = new TextEncoder();

test("headers().toString() is '' when empty, as nats.js; the encoded block stays a valid NATS/1.0 block", () => {
  expect(theirs.headers().toString()).toBe("");
  expect(headers().toString()).toBe("");
  expect(new TextDecoder().decode((headers() as MsgHdrsImpl).encode())).toBe("NATS/1.0\r\n\r\n");
  const h = headers();
  h.set("a", "b");
  const r = theirs.headers();
  r.set("a", "b");
  expect(h.toString()).toBe(r.toString());
  expect(headers(503, "No Responders").toString()).toBe(theirs.headers(503, "No Responders").toString());
});

test("a status block with an extra CRLF at its end decodes as nats.js decodes it", () => {
  for (const [code, description] of [
    [0, ""],
    [200, ""],
    [200, "OK"],
    [503, "No Responders"],
    [404, "No Messages"],
  ] as const) {
    const line = code ? `NATS/1.0 ${code} ${description}`.trim() : "NATS/1.0";
    const block = te.encode(`${line}\r\n\r\n\r\n`);
    const ref = theirs.MsgHdrsImpl.decode(block);
    const ours = MsgHdrsImpl.decode(block);
    expect([ours.code, ours.description, ours.status, ours.hasError, ours.size()]).toEqual([ref.code, ref.description, ref.status, ref.hasError, ref.size()]);
  }
  // An empty line before a header line is still malformed.
  expect(() => MsgHdrsImpl.decode(te.encode("NATS/1.0\r\n\r\nA: b\r\n\r\n"))).toThrow();
});

test("a message without a reply subject has reply === '' (and respond() is false); with one, the subject", async () => {
  const mem = memoryFactory();
  const first = mem.next();
  const p = connectWith(mem.factory, { servers: "a:1" });
  const srv = await first;
  await srv.handshake();
  const nc = await p;
  const got: Msg[] = [];
  nc.subscribe("msgs", { callback: (_e, m) => got.push(m) });
  await nc.flush();
  srv.send("MSG msgs 1 2\r\nhi\r\nMSG msgs 1 r.1 2\r\nho\r\n");
  await nc.flush();
  expect(got.map((m) => m.reply)).toEqual(["", "r.1"]);
  expect(got[0]!.respond("x")).toBe(false);
  await nc.close();
});
