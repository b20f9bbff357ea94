/**
 * Shape checks of JetStream API answers that the client reads fields of: an answer of the wrong shape (a
 * server bug, a proxy, a scripted answer) was a TypeError from reading a missing object; it is a
 * JetStreamError that says what is missing.
 */
import { JetStreamError } from "./errors";
import type { ConsumerInfo } from "./consumer-config";
import type { StreamInfo } from "./stream-config";

/** A JSON object: not null, not an array. */
function isJsonObject(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A stream info answer, checked to hold a config and a state object. */
export function checkStreamInfo(si: StreamInfo): StreamInfo {
  if (!isJsonObject(si) || !isJsonObject(si.config) || !isJsonObject(si.state)) {
    throw new JetStreamError("invalid stream info in JetStream API response: 'config' and 'state' must be objects");
  }
  return si;
}

/** A consumer info answer, checked to hold a config object (`consumers.get()` reads `config.deliver_subject`). */
export function checkConsumerInfo(ci: ConsumerInfo): ConsumerInfo {
  if (!isJsonObject((ci as Partial<ConsumerInfo> | null)?.config)) {
    throw new JetStreamError("invalid consumer info in JetStream API response: 'config' must be an object");
  }
  return ci;
}
