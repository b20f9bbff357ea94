/**
 * `publish()` called before `connect` (or while the session is re-established): the arguments are checked
 * at once, and the message is published when the connection is ready. node-nats-streaming published at once
 * to subjects it did not know yet (`null.<channel>`).
 */
import { nuid } from "@nats-stack/core";
import { publishError, type AckHandlerCallback, type Publisher } from "./publish";

// The application's own throw from its callback: reported as uncaught, as if thrown from publish().
function rethrowLater(err: unknown): void {
  setTimeout(() => {
    throw err;
  }, 0);
}

/**
 * Publishes once `ready()` resolves; returns the guid at once. `ready()` is called only for a publish that
 * will wait (its promise would otherwise reject unobserved). What is wrong with the arguments is said now,
 * as once connected: to `cb` (synchronously), or thrown. A publish that cannot be sent once ready (the
 * window filled while it waited) goes to `cb`, or without one to `report` (the connection's `error` event:
 * nobody else could learn it was not sent). When it rejects, `cb` gets its error (the connection's
 * `error` and `close` events said it too).
 */
export function publishWhenReady(
  ready: () => Promise<unknown>,
  publisher: Publisher,
  subject: string,
  data: Uint8Array | string | undefined,
  cb: AckHandlerCallback | undefined,
  report: (err: unknown) => void,
): string {
  const guid = nuid.next();
  const callback = typeof cb === "function" ? cb : undefined;
  const bad = publishError(subject, data);
  if (bad) {
    if (!callback) throw bad;
    callback(bad, guid);
    return guid;
  }
  ready().then(
    () => {
      try {
        publisher.publish(subject, data, callback, guid);
      } catch (err) {
        // With a callback, the publisher's own failures went to it: a throw is the callback's.
        if (callback) rethrowLater(err);
        else report(err);
      }
    },
    (err: Error) => {
      try {
        callback?.(err, guid);
      } catch (thrown) {
        rethrowLater(thrown);
      }
    },
  );
  return guid;
}
