/**
 * What a pull consumer does with a status message on its inbox, after nats.js's handling: heartbeats are
 * reported, the counts a request leaves unfilled (`Nats-Pending-Messages`/`-Bytes`) are given back, 400 is
 * fatal, 409 ends a `fetch()` and stalls a `consume()` (missed heartbeats then revive it) unless the consumer
 * is gone and the caller asked to abort on missing resources, 503 ends a `fetch()`.
 */
import type { JetStreamStatus } from "../api/js-status";
import type { ConsumerNotification } from "./consumer-api";

/** The outcome of a status message. */
export interface StatusAction {
  /** Notifications to emit, in order. */
  notify: ConsumerNotification[];
  /** Messages and bytes of the request the server gave up on (subtract them from what is expected). */
  msgsLeft: number;
  bytesLeft: number;
  /** Stop the consumer with this error. */
  stop?: Error;
  /** Skip the refill/end-of-fetch check (the request is stalled until heartbeats revive it). */
  stall: boolean;
  /** An ordered consumer must be recreated before its next use (503). */
  needsReset: boolean;
  /** The consumer was unpinned (423). */
  unpinned: boolean;
}

/**
 * Classifies a status that arrived on a pull inbox. `buffered`: messages received and not yet handed out;
 * `received`: messages this fetch or consume received in all.
 */
export function pullStatusAction(status: JetStreamStatus, isConsume: boolean, abortOnMissing: boolean, buffered: number, received = 0): StatusAction {
  const a: StatusAction = { notify: [], msgsLeft: 0, bytesLeft: 0, stall: false, needsReset: false, unpinned: false };
  const hb = status.parseHeartbeat();
  if (hb) {
    a.notify.push(hb);
    a.stall = true;
    return a;
  }
  const { code, description } = status;
  const { msgsLeft, bytesLeft } = status.parseDiscard();
  if (msgsLeft > 0 || bytesLeft > 0) {
    a.msgsLeft = msgsLeft;
    a.bytesLeft = bytesLeft;
    a.notify.push({ type: "discard", messagesLeft: msgsLeft, bytesLeft });
  }
  switch (code) {
    case 400:
      a.stop = status.toError();
      return a;
    case 409: {
      if (status.isConsumerDeleted()) a.notify.push({ type: "consumer_deleted", code, description });
      else if (status.isExceededLimit()) a.notify.push({ type: "exceeded_limits", code, description });
      // Ours: a byte-bounded fetch that got messages and then hit its byte budget is complete, not failed
      // (nats.js fails it after the messages it got).
      if (!isConsume && status.isMessageSizeExceedsMaxBytes() && received > 0) return a;
      if (!isConsume || (status.isConsumerDeleted() && abortOnMissing)) {
        a.stop = status.toError();
        return a;
      }
      // Too large for max_bytes: with messages still queued the refill may help; otherwise wait for heartbeats.
      a.stall = !(status.isMessageSizeExceedsMaxBytes() && buffered > 0);
      return a;
    }
    case 423:
      a.unpinned = true;
      a.notify.push({ type: "consumer_unpinned" });
      return a;
    case 503:
      a.notify.push({ type: "no_responders", code });
      a.needsReset = true;
      if (!isConsume) a.stop = status.toError();
      return a;
    default:
      a.notify.push({ type: "debug", code, description });
      return a;
  }
}
