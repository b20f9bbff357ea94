/**
 * Bringing a pull consumer back after a reconnect or missed heartbeats (after nats.js's `resetPending`): the
 * consumer is looked up (unless bound) and, when it is there, the requests start over; while the stream or
 * consumer is missing, `consume()` keeps trying with backoff and says so on `status()`, and gives up with the
 * error when it may not wait (`fetch()`, `abort_on_missing_resource`). An ordered consumer that vanished is
 * recreated instead.
 */
import { backoff, ClosedConnectionError, delay } from "@nats-stack/core";
import { ConsumerNotFoundError, StreamNotFoundError } from "../api/errors";
import type { PullConsumerMessagesImpl } from "./pull-messages";

const isStreamNotFound = (err: unknown) => err instanceof StreamNotFoundError || (err as Error)?.message === "stream not found";
const isConsumerNotFound = (err: unknown) => err instanceof ConsumerNotFoundError || (err as Error)?.message === "consumer not found";

/** Resolves true when pulling resumed, false when the consumer stopped or was handed to an ordered reset. */
export async function recoverPull(m: PullConsumerMessagesImpl): Promise<boolean> {
  if (m.inReset) return true;
  m.inReset = true;
  try {
    if (m.bind) {
      // Blind: nothing to check, only the old requests to forget.
      m.restartPulls();
      return true;
    }
    const bo = backoff();
    let notFound = 0;
    for (let attempt = 0; ; attempt++) {
      if (m.isStopped) return false;
      if (m.nc.isClosed()) {
        m.stop();
        return false;
      }
      try {
        await m.consumer.info();
        if (m.isStopped) return false;
        m.restartPulls();
        return true;
      } catch (err) {
        if (m.isStopped) return false;
        if (err instanceof ClosedConnectionError) {
          m.stop(err);
          return false;
        }
        if (isStreamNotFound(err)) {
          m.notify({ type: "stream_not_found", name: m.consumer.stream });
          if (!m.isConsume || m.abortOnMissingResource) {
            m.stop(err as Error);
            return false;
          }
        } else if (isConsumerNotFound(err)) {
          notFound++;
          m.notify({ type: "consumer_not_found", name: m.consumer.name, stream: m.consumer.stream, count: notFound });
          if (!m.isConsume || m.abortOnMissingResource) {
            if (m.consumer.ordered) m.consumer.orderedConsumerState!.needsReset = true;
            m.stop(err as Error);
            return false;
          }
          if (m.consumer.ordered) {
            m.inReset = false;
            m.reset();
            return false;
          }
        } else {
          notFound = 0;
        }
        const d = delay(bo.backoff(attempt));
        m.cancelRetry = d.cancel;
        await d;
        m.cancelRetry = undefined;
      }
    }
  } finally {
    m.inReset = false;
  }
}
