import { AuthorizationError, PermissionViolationError, ProtocolError, RequestError, UserAuthenticationExpiredError } from "../errors";
import type { InboxMux } from "../requests/inbox-mux";
import type { SubscriptionRegistry } from "../subscriptions/subscription-registry";

/** The typed error for a server's `-ERR` text (nats.js's parsers first, then a ProtocolError). */
export function mapServerError(text: string): Error {
  return (
    AuthorizationError.parse(text) ??
    UserAuthenticationExpiredError.parse(text) ??
    PermissionViolationError.parse(text) ??
    new ProtocolError(text)
  );
}

/**
 * Delivers a permissions violation to what it concerns; the connection stays up. A refused subscription
 * fails with it (matching subject, and queue when named); a refused publish fails the requests sent to
 * that subject.
 */
export function routePermissionError(err: PermissionViolationError, subs: SubscriptionRegistry, mux: InboxMux | undefined): void {
  if (err.operation === "subscription") {
    for (const sub of [...subs.values()]) {
      if (sub.subject === err.subject && (err.queue === undefined || sub.queue === err.queue)) sub.fail(err);
    }
    return;
  }
  mux?.failSubject(err.subject, err);
  for (const sub of [...subs.values()]) {
    if (sub.requestSubject === err.subject) sub.fail(new RequestError(err.message, { cause: err }));
  }
}
