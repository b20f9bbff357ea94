// What a pull consumer does with each status the server sends on its inbox (no server: statuses by hand).
import { JetStreamStatus } from "../../src/internal";
import { pullStatusAction } from "../../src/consumers/pull-status";
import { fakeMsg } from "../helpers/fake-msg";

const status = (code: number, desc: string, headers: Record<string, string> = {}) =>
  new JetStreamStatus(fakeMsg({ subject: "_INBOX.x.1", status: [code, desc], headers }));

test("idle heartbeat: reported with its sequences, nothing else happens", () => {
  const a = pullStatusAction(status(100, "Idle Heartbeat", { "Nats-Last-Consumer": "7", "Nats-Last-Stream": "9" }), true, false, 0);
  expect(a.notify).toEqual([{ type: "heartbeat", lastConsumerSequence: 7, lastStreamSequence: 9 }]);
  expect(a.stall).toBe(true);
  expect(a.stop).toBeUndefined();
});

test("408 with pending counts gives them back and reports a discard", () => {
  const a = pullStatusAction(status(408, "Request Timeout", { "Nats-Pending-Messages": "5", "Nats-Pending-Bytes": "100" }), true, false, 0);
  expect(a.msgsLeft).toBe(5);
  expect(a.bytesLeft).toBe(100);
  expect(a.notify).toEqual([
    { type: "discard", messagesLeft: 5, bytesLeft: 100 },
    { type: "debug", code: 408, description: "request timeout" },
  ]);
  expect(a.stop).toBeUndefined();
  expect(a.stall).toBe(false);
});

test("409s: a fetch fails with the lower-case text; a consume reports and stalls", () => {
  for (const desc of ["Exceeded MaxWaiting", "Exceeded MaxRequestBatch of 5", "Exceeded MaxRequestExpires of 1s", "Message Size Exceeds MaxBytes"]) {
    const f = pullStatusAction(status(409, desc), false, false, 0);
    expect(f.stop?.message).toBe(desc.toLowerCase());
    expect(f.notify).toContainEqual({ type: "exceeded_limits", code: 409, description: desc.toLowerCase() });
    const c = pullStatusAction(status(409, desc), true, false, 0);
    expect(c.stop).toBeUndefined();
    expect(c.stall).toBe(true);
  }
  const deleted = pullStatusAction(status(409, "Consumer Deleted"), true, false, 0);
  expect(deleted.notify).toEqual([{ type: "consumer_deleted", code: 409, description: "consumer deleted" }]);
  expect(deleted.stop).toBeUndefined();
  expect(pullStatusAction(status(409, "Consumer Deleted"), true, true, 0).stop?.message).toBe("consumer deleted");
  // A byte budget used up after some messages ends a fetch without an error (ours).
  expect(pullStatusAction(status(409, "Message Size Exceeds MaxBytes"), false, false, 0, 3).stop).toBeUndefined();
  // With messages still queued a consume may refill at once.
  expect(pullStatusAction(status(409, "Message Size Exceeds MaxBytes"), true, false, 2).stall).toBe(false);
});

test("400 is fatal; 503 fails a fetch and marks an ordered consumer for reset; 423 unpins; others are debug", () => {
  expect(pullStatusAction(status(400, "Bad Request"), true, false, 0).stop?.message).toBe("bad request");
  const nr = pullStatusAction(status(503, "No Responders"), false, false, 0);
  expect(nr.stop?.message).toBe("no responders");
  expect(nr.needsReset).toBe(true);
  expect(nr.notify).toEqual([{ type: "no_responders", code: 503 }]);
  expect(pullStatusAction(status(503, "No Responders"), true, false, 0).stop).toBeUndefined();
  expect(pullStatusAction(status(423, "Nats-Pin-Id mismatch"), true, false, 0).unpinned).toBe(true);
  expect(pullStatusAction(status(404, "No Messages"), true, false, 0).notify).toEqual([{ type: "debug", code: 404, description: "no messages" }]);
});

test("JetStreamStatus classifiers match nats.js's", () => {
  expect(status(100, "FlowControl Request").isFlowControlRequest()).toBe(true);
  expect(status(404, "Message Not Found").isMessageNotFound()).toBe(true);
  expect(status(409, "Exceeded MaxWaiting").isMaxWaitingExceeded()).toBe(true);
  expect(status(409, "Consumer is push based").isConsumerIsPushBased()).toBe(true);
  expect(status(409, "Stream Deleted").isStreamDeleted()).toBe(true);
  expect(status(204, "EOB").isEndOfBatch()).toBe(true);
  expect(status(404, "No Results").isNoResults()).toBe(true);
  expect(status(408, "Request Timeout").isRequestTimeout()).toBe(true);
  expect(JetStreamStatus.maybeParseStatus(fakeMsg({ data: "x" }))).toBeNull();
  const e = status(409, "Exceeded MaxRequestBatch of 5").toError();
  expect(e.name).toBe("JetStreamStatusError");
  expect(e.code).toBe(409);
});

test("pending counts a server sends negative or unreadable give nothing back (never more expected than asked for)", () => {
  const a = pullStatusAction(status(409, "Message Size Exceeds MaxBytes", { "Nats-Pending-Messages": "5", "Nats-Pending-Bytes": "-1000000" }), true, false, 0);
  expect(a.msgsLeft).toBe(5);
  expect(a.bytesLeft).toBe(0);
  const b = pullStatusAction(status(408, "Request Timeout", { "Nats-Pending-Messages": "-3", "Nats-Pending-Bytes": "100" }), true, false, 0);
  expect(b.msgsLeft).toBe(0);
  expect(b.bytesLeft).toBe(100);
  expect(b.notify[0]).toEqual({ type: "discard", messagesLeft: 0, bytesLeft: 100 });
  const c = pullStatusAction(status(408, "Request Timeout", { "Nats-Pending-Messages": "x", "Nats-Pending-Bytes": "-1" }), true, false, 0);
  expect(c.msgsLeft).toBe(0);
  expect(c.bytesLeft).toBe(0);
  expect(c.notify.some((n) => n.type === "discard")).toBe(false);
});
