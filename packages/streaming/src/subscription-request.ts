/**
 * Builds the SubscriptionRequest of a subscription, for its first start and for a resume after the session
 * was re-established.
 */
import { SubscriptionRequest } from "./pb/protocol";
import { DEFAULT_ACK_WAIT, DEFAULT_MAX_IN_FLIGHT, StartPosition, startTimeDeltaNanos, type SubscriptionOptions } from "./subscription-options";

/**
 * The request for `opts`. `resumeAfter` > 0 (session recovery) restarts a non-durable subscription at the
 * sequence after it; a durable one resumes from the position the server keeps, so it is sent unchanged.
 */
export function subscriptionRequest(
  clientID: string,
  subject: string,
  qGroup: string | undefined,
  inbox: string,
  o: SubscriptionOptions,
  resumeAfter: number,
): SubscriptionRequest {
  // A plain object may stand for SubscriptionOptions (as with node-nats-streaming): missing fields default.
  let startPosition = o.startPosition ?? StartPosition.NEW_ONLY;
  let startSequence = o.startSequence ?? 0;
  if (resumeAfter > 0 && !o.durableName) {
    startPosition = StartPosition.SEQUENCE_START;
    startSequence = resumeAfter + 1;
  }
  return SubscriptionRequest.fromPartial({
    clientID,
    subject,
    qGroup: qGroup ?? "",
    inbox,
    maxInFlight: o.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
    // Whole seconds on the wire; rounded up (node-nats-streaming truncated, so 500 ms became an invalid 0).
    ackWaitInSecs: Math.ceil((o.ackWait ?? DEFAULT_ACK_WAIT) / 1000),
    durableName: o.durableName ?? "",
    startPosition,
    startSequence: startPosition === StartPosition.SEQUENCE_START ? BigInt(startSequence) : 0n,
    // The delta is taken now, when the request is sent (node-nats-streaming took it in setStartTime).
    startTimeDelta: startPosition === StartPosition.TIME_DELTA_START ? startTimeDeltaNanos(o, Date.now()) : 0n,
  });
}
