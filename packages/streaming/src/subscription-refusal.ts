/**
 * Subscriptions refused before they start: a channel that is not a string or empty, a channel the server
 * would refuse, a closed connection. node-nats-streaming reports these on the subscription after
 * `subscribe()` returns (not as a throw), so the refusal is recorded now and its events raised in a
 * microtask. Apart from the connection because it is about what one call was given, not the session.
 */
import { subjectProblem } from "@nats-stack/core";
import { StanError } from "./errors";
import type { Subscription } from "./subscription";

/**
 * Refuses `sub` when its channel `subject` is bad or the connection is `closed`: true when refused (the
 * `error` event, and `unsubscribed` for an invalid channel, follow in a microtask), false when it may start.
 */
export function refuseSubscription(sub: Subscription, subject: unknown, closed: boolean): boolean {
  if (typeof subject !== "string" || subject.length === 0) {
    const err = StanError.of("BadSubject");
    sub.refused(err);
    queueMicrotask(() => sub.raise("error", err));
    return true;
  }
  if (subjectProblem(subject, false)) {
    // The server refuses such a channel with these events; a lone surrogate it would not even see (the
    // codec sends U+FFFD, another channel). Answered here, as publish() does, with the server's text.
    const err = new StanError("STAN_ERR_INVALID_SUBJECT", "stan: invalid subject");
    sub.refused(err);
    queueMicrotask(() => {
      sub.raise("error", err);
      sub.raise("unsubscribed");
    });
    return true;
  }
  if (closed) {
    const err = StanError.of("ConnectionClosed");
    sub.connectionClosed(err);
    queueMicrotask(() => sub.raise("error", err));
    return true;
  }
  return false;
}
