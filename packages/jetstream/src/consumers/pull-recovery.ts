/**
 * Bringing a pull consumer back after a reconnect or missed heartbeats (after nats.js's `resetPending`): the
 * consumer is looked up (unless bound) and, when it is there, the requests start over; while the stream or
 * consumer is missing, `consume()` keeps trying with backoff and says so on `status()`, and gives up with the
 * error when it may not wait (`fetch()`, `abort_on_missing_resource`). An ordered consumer that vanished is
 * recreated instead. The watchers that notice the need (idle heartbeats, connection events) are set up here
 * too, so the iterator's own code is the message flow.
 */
import { backoff, ClosedConnectionError, delay } from "@nats-stack/core";
import { ConsumerNotFoundError, JetStreamError, StreamNotFoundError } from "../api/errors";
import { watchConnection } from "./connection-watch";
import { IdleHeartbeatMonitor } from "./heartbeat-monitor";
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
      restartPulls(m);
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
        restartPulls(m);
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

/**
 * Forgets every open request of `m` (their answers will not come: a reconnect, missed heartbeats, a recreated
 * ordered consumer) and pulls a full batch; a 409's stall ends with it.
 */
export function restartPulls(m: PullConsumerMessagesImpl): void {
  m.stalled = false;
  const pending = m.pending;
  pending.msgs = 0;
  pending.bytes = 0;
  pending.requests = 0;
  m.requestMore(m.opts.max_messages - m.buffered.msgs);
}

/**
 * Starts watching for what calls for a recovery: missed idle heartbeats (sets `m.monitor` when the options
 * ask for heartbeats) and the connection's disconnects, reconnects and close. Returns what stops the
 * connection watch.
 */
export function watchPull(m: PullConsumerMessagesImpl): () => void {
  const { idle_heartbeat } = m.opts;
  if (idle_heartbeat) {
    m.monitor = new IdleHeartbeatMonitor(
      idle_heartbeat,
      (count) => heartbeatsMissed(m, count),
      2,
      // Heartbeats come only while a request is open; with everything already received nothing is due
      // (unless a 409 stalled the consume: then missed heartbeats are what pulls again).
      () => !m.stalled && m.pending.msgs <= 0 && m.pending.bytes <= 0,
    );
  }
  return watchConnection(m.nc, {
    disconnect: () => m.monitor?.cancel(),
    reconnect: () => {
      void m.resetPending().then((ok) => ok && !m.isStopped && m.monitor?.restart());
    },
    closed: (err) => m.stop(err),
  });
}

// True when the monitor should stop: a fetch gives up, anything else recovers and keeps watching.
function heartbeatsMissed(m: PullConsumerMessagesImpl, count: number): boolean {
  m.notify({ type: "heartbeats_missed", count });
  if (!m.isConsume && !m.consumer.ordered) {
    // A fetch gives up: two missed heartbeats are a more reliable timeout than a timer of ours.
    m.stop(new JetStreamError("heartbeats missed"));
    return true;
  }
  void m.resetPending();
  return false;
}
