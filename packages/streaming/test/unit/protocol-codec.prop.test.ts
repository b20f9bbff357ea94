import fc from "fast-check";
import * as pb from "../../src/pb/protocol";

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const i64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
const i32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const u32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const bytes = fc.uint8Array({ maxLength: 64 });
const str = fc.string({ maxLength: 40 });

function roundTrips<T>(codec: { encode(m: T): { finish(): Uint8Array }; decode(b: Uint8Array): T }, arb: fc.Arbitrary<T>): void {
  fc.assert(
    fc.property(arb, (m) => {
      const back = codec.decode(codec.encode(m).finish());
      expect(back).toEqual(m);
    }),
    { numRuns: 300 },
  );
}

test("PubMsg round trip", () =>
  roundTrips(pb.PubMsg, fc.record({ clientID: str, guid: str, subject: str, reply: str, data: bytes, connID: bytes, sha256: bytes })));
test("PubAck round trip", () => roundTrips(pb.PubAck, fc.record({ guid: str, error: str })));
test("MsgProto round trip (64-bit sequence and timestamp exact)", () =>
  roundTrips(
    pb.MsgProto,
    fc.record({ sequence: u64, subject: str, reply: str, data: bytes, timestamp: i64, redelivered: fc.boolean(), redeliveryCount: u32, crc32: u32 }),
  ));
test("Ack round trip", () => roundTrips(pb.Ack, fc.record({ subject: str, sequence: u64 })));
test("ConnectRequest round trip", () =>
  roundTrips(pb.ConnectRequest, fc.record({ clientID: str, heartbeatInbox: str, protocol: i32, connID: bytes, pingInterval: i32, pingMaxOut: i32 })));
test("ConnectResponse round trip", () =>
  roundTrips(
    pb.ConnectResponse,
    fc.record({
      pubPrefix: str,
      subRequests: str,
      unsubRequests: str,
      closeRequests: str,
      error: str,
      subCloseRequests: str,
      pingRequests: str,
      pingInterval: i32,
      pingMaxOut: i32,
      protocol: i32,
      publicKey: str,
    }),
  ));
test("SubscriptionRequest round trip", () =>
  roundTrips(
    pb.SubscriptionRequest,
    fc.record({
      clientID: str,
      subject: str,
      qGroup: str,
      inbox: str,
      maxInFlight: i32,
      ackWaitInSecs: i32,
      durableName: str,
      startPosition: fc.constantFrom(0, 1, 2, 3, 4) as fc.Arbitrary<pb.StartPosition>,
      startSequence: u64,
      startTimeDelta: i64,
    }),
  ));
test("SubscriptionResponse, UnsubscribeRequest, Close*, Ping* round trips", () => {
  roundTrips(pb.SubscriptionResponse, fc.record({ ackInbox: str, error: str }));
  roundTrips(pb.UnsubscribeRequest, fc.record({ clientID: str, subject: str, inbox: str, durableName: str }));
  roundTrips(pb.CloseRequest, fc.record({ clientID: str }));
  roundTrips(pb.CloseResponse, fc.record({ error: str }));
  roundTrips(pb.Ping, fc.record({ connID: bytes }));
  roundTrips(pb.PingResponse, fc.record({ error: str }));
});

test("decoding skips unknown fields (a newer server may add some)", () => {
  fc.assert(
    fc.property(fc.record({ guid: str, error: str }), fc.integer({ min: 3, max: 99 }), u32, (m, field, v) => {
      const w = pb.PubAck.encode(m);
      w.uint32((field << 3) | 0).uint32(v);
      expect(pb.PubAck.decode(w.finish())).toEqual(m);
    }),
  );
});
