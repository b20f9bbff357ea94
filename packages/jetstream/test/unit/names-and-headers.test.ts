// Name checks and publish headers, with nats.js's texts (no server).
import { InvalidNameError } from "../../src";
import { minValidation, validateName, validateStreamName } from "../../src/api/names";
import { buildPublishHeaders, scheduleSpecToHeader } from "../../src/publish/pub-headers";
import { recordingConnection } from "../helpers/fake-msg";

test("names", () => {
  expect(() => validateStreamName("")).toThrow("stream name required");
  for (const [c, shown] of [[".", "."], ["*", "*"], [">", ">"], ["/", "/"], ["\\", "\\"], [" ", " "], ["\t", "\\t"], ["\n", "\\n"], ["\r", "\\r"]]) {
    expect(() => minValidation("durable", `a${c}b`)).toThrow(new InvalidNameError(`durable name ('a${c}b') cannot contain '${shown}'`));
  }
  expect(minValidation("stream", "ORDERS")).toBe("");
  expect(() => validateName("bucket", "a.b")).toThrow("invalid bucket name - bucket name cannot contain '.'");
});

test("publish headers: id, expectations, none at all when not asked", () => {
  const nc = recordingConnection();
  expect(buildPublishHeaders(nc, {})).toBeUndefined();
  const h = buildPublishHeaders(nc, { msgID: "m", expect: { lastMsgID: "p", streamName: "S", lastSequence: 0, lastSubjectSequence: 4 } })!;
  expect(h.get("Nats-Msg-Id")).toBe("m");
  expect(h.get("Nats-Expected-Last-Msg-Id")).toBe("p");
  expect(h.get("Nats-Expected-Stream")).toBe("S");
  expect(h.get("Nats-Expected-Last-Sequence")).toBe("0");
  expect(h.get("Nats-Expected-Last-Subject-Sequence")).toBe("4");
  expect(() => buildPublishHeaders(nc, { schedule: { specification: "@every 1s", target: "t" } })).toThrow("publish 'schedule' requires server 2.12.0");
  const newer = Object.assign(recordingConnection(), { info: { version: "2.14.0" } });
  const s = buildPublishHeaders(newer, { ttl: "5s", schedule: { specification: { every: "2s" }, target: "t", timezone: "UTC" } })!;
  expect(s.get("Nats-TTL")).toBe("5s");
  expect(s.get("Nats-Schedule")).toBe("@every 2s");
  expect(s.get("Nats-Schedule-Target")).toBe("t");
  expect(() => buildPublishHeaders(newer, { schedule: { specification: "x", target: "t" }, cancelSchedule: { scheduleSubject: "y" } })).toThrow(
    "schedule and cancelSchedule are mutually exclusive",
  );
});

test("schedule specifications", () => {
  expect(scheduleSpecToHeader(new Date("2030-01-01T00:00:00Z"))).toBe("@at 2030-01-01T00:00:00.000Z");
  expect(scheduleSpecToHeader({ at: "2030-01-01T00:00:00Z" })).toBe("@at 2030-01-01T00:00:00Z");
  expect(scheduleSpecToHeader({ cron: "0 0 5 * * *" })).toBe("0 0 5 * * *");
  expect(scheduleSpecToHeader({ predefined: "@daily" })).toBe("@daily");
  expect(scheduleSpecToHeader({ every: "1m30s" })).toBe("@every 1m30s");
  expect(() => scheduleSpecToHeader({ every: "500ms" })).toThrow("@every interval must be at least 1s");
  expect(() => scheduleSpecToHeader({ every: "soon" })).toThrow('@every: unrecognized duration format: "soon"');
});
