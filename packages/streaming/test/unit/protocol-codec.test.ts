import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pb from "../../src/pb/protocol";

const pkg = join(__dirname, "..", "..");

test("src/pb/protocol.ts is what protoc + ts-proto generate from proto/protocol.proto (run `pnpm run generate`)", () => {
  const out = mkdtempSync(join(tmpdir(), "stan-proto-"));
  try {
    const r = spawnSync(process.execPath, [join(pkg, "scripts", "generate-proto.mjs"), out], { encoding: "utf8" });
    expect(r.stderr + (r.error?.message ?? "")).toBe("");
    expect(r.status).toBe(0);
    const fresh = readFileSync(join(out, "protocol.ts"), "utf8");
    const committed = readFileSync(join(pkg, "src", "pb", "protocol.ts"), "utf8");
    expect(fresh === committed).toBe(true);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("field numbers and wire types are PROTOCOL-FACTS.md's (bytes written by hand)", () => {
  // PubMsg: 1 clientID, 2 guid, 3 subject, 5 data, 6 connID (length-delimited)
  const pm = pb.PubMsg.encode(pb.PubMsg.fromPartial({ clientID: "c", guid: "g", subject: "s", data: new Uint8Array([7]), connID: new Uint8Array([9]) })).finish();
  expect([...pm]).toEqual([0x0a, 1, 99, 0x12, 1, 103, 0x1a, 1, 115, 0x2a, 1, 7, 0x32, 1, 9]);
  // MsgProto: 1 sequence varint, 6 redelivered, 7 redeliveryCount, 10 crc32
  const mp = pb.MsgProto.encode(pb.MsgProto.fromPartial({ sequence: 300n, redelivered: true, redeliveryCount: 2, crc32: 5 })).finish();
  expect([...mp]).toEqual([0x08, 0xac, 0x02, 0x30, 1, 0x38, 2, 0x50, 5]);
  // SubscriptionRequest: 10 startPosition, 11 startSequence, 12 startTimeDelta
  const sr = pb.SubscriptionRequest.encode(pb.SubscriptionRequest.fromPartial({ startPosition: pb.StartPosition.SEQUENCE_START, startSequence: 3n, startTimeDelta: 1n })).finish();
  expect([...sr]).toEqual([0x50, 3, 0x58, 3, 0x60, 1]);
  // SubscriptionResponse has no field 1: 2 ackInbox, 3 error
  expect([...pb.SubscriptionResponse.encode({ ackInbox: "a", error: "e" }).finish()]).toEqual([0x12, 1, 97, 0x1a, 1, 101]);
  // ConnectResponse field 100 (publicKey): tag (100 << 3 | 2) = 802 = 0xa2 0x06
  expect([...pb.ConnectResponse.encode(pb.ConnectResponse.fromPartial({ publicKey: "k" })).finish()]).toEqual([0xa2, 0x06, 1, 107]);
});

test("a recorded 170-byte ConnectResponse decodes to the subjects of test-cluster", () => {
  const b64 = readFileSync(join(pkg, "..", "..", "fixtures", "transcripts", "stan", "01-connect-close.jsonl"), "utf8")
    .split("\n")
    .slice(1)
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { dir: string; data: string })
    .filter((c) => c.dir === "s2c")
    .map((c) => Buffer.from(c.data, "base64").toString("latin1"))
    .join("");
  const at = b64.indexOf(" 170\r\n") + 6;
  const cr = pb.ConnectResponse.decode(Buffer.from(b64.slice(at, at + 170), "latin1"));
  expect(cr).toMatchObject({
    pubPrefix: "_STAN.pub.test-cluster",
    subRequests: "_STAN.sub.test-cluster",
    unsubRequests: "_STAN.unsub.test-cluster",
    closeRequests: "_STAN.close.test-cluster",
    subCloseRequests: "_STAN.subclose.test-cluster",
    pingRequests: "_STAN.discover.test-cluster.pings",
    pingInterval: 5,
    pingMaxOut: 3,
    protocol: 1,
    error: "",
  });
});
