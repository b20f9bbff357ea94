/**
 * What a pull consumer does with a status message on its inbox, after nats.js's handling: heartbeats are
 * reported, the counts a request leaves unfilled (`Nats-Pending-Messages`/`-Bytes`) are given back, 400 is
 * fatal, 409 ends a `fetch()` and stalls a `consume()` (missed heartbeats then revive it) unless the consumer
 * is gone and the caller asked to abort on missing resources, 503 ends a `fetch()`.
 *
 * {@link pullStatusAction} classifies a status without touching the iterator (unit-tested by hand);
 * {@link onPullStatus} applies it to the iterator's counts. Both live here, apart from the iterator, because
 * statuses are the cold side of the inbox: a handful per request, where data messages come by the thousand,
 * so the iterator's file keeps the per-message path and this one the server's answers about requests.
 */
import type { Msg } from "@nats-stack/core";
import { JetStreamStatus } from "../api/js-status";
import type { ConsumerNotification } from "./consumer-api";
import type { PullConsumerMessagesImpl } from "./pull-messages";

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

/**
 * Handles a status that arrived on the pull inbox `m` listens on: gives back what the request left unfilled,
 * tells `status()` listeners, and stops, stalls, refills or ends the fetch as {@link pullStatusAction} says.
 * Called by the iterator's subscription callback for messages with a status line addressed to its inbox.
 */
export function onPullStatus(m: PullConsumerMessagesImpl, msg: Msg): void {
  const status = new JetStreamStatus(msg);
  const a = pullStatusAction(status, m.isConsume, m.abortOnMissingResource, m.buffered.msgs, m.getReceived());
  const pending = m.pending;
  if (a.msgsLeft > 0 || a.bytesLeft > 0) {
    pending.msgs = Math.max(0, pending.msgs - a.msgsLeft);
    pending.bytes = Math.max(0, pending.bytes - a.bytesLeft);
    pending.requests = Math.max(0, pending.requests - 1);
  }
  // A self-sized ordered consume's requests may end this way (its messages grew): not a limit exceeded, so
  // status() reports only what the request left (`discard`), and the next request is sized to fit.
  const ended = m.bytesBound !== null && status.isMessageSizeExceedsMaxBytes();
  for (const n of a.notify) if (!(ended && n.type === "exceeded_limits")) m.notify(n);
  if (a.unpinned) m.natsPinId = "";
  if (a.needsReset && m.consumer.ordered) m.consumer.orderedConsumerState!.needsReset = true;
  if (a.stop) return m.stop(a.stop);
  if (ended) m.bytesBound!.tooLarge(a.bytesLeft);
  else if (a.stall) {
    // A 409 stalls a consume until missed heartbeats revive it: it counts as waiting for the server even
    // when the 409 gave back every count (message size exceeds max_bytes), or the consume would sit silent.
    if (status.code === 409) m.stalled = true;
    return;
  }
  // A fetch has one request: any status that ends it (408, 404) ends the fetch, whatever the counts say.
  if (!m.isConsume && (status.code === 408 || status.code === 404 || status.code === 409)) {
    pending.msgs = 0;
    pending.bytes = 0;
    pending.requests = 0;
  }
  m.afterMessage();
}
