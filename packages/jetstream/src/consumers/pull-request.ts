/**
 * The pull requests a pull consumer sends to `$JS.API.CONSUMER.MSG.NEXT.<stream>.<consumer>`: their size,
 * their body, their sending and counting, and what a delivered message counts against their `max_bytes`.
 * Apart from the iterator because a request goes out once per batch (the first, a refill, a restart), not
 * once per message, and its fields (pinning, priority groups, byte bounds) are the server API's concern, not
 * the message flow's; the iterator calls these directly, so moving them here added no call in between.
 */
import { msgSize, nanos, type Msg } from "@nats-stack/core";
import type { PullOptions } from "../api/consumer-config";
import { orderedRequestBytes } from "./ordered-budget";
import type { PullConsumerMessagesImpl } from "./pull-messages";
import { isOverflowOptions, isPrioritizedOptions, type ResolvedPullOptions } from "./pull-options";

const encoder = new TextEncoder();

/**
 * Sends `m`'s pull request `opts` now and counts what it asks for. Sent once (`resend: false`): core asks for
 * no acknowledging PING after its write (a round trip the request would otherwise add) and never sends it
 * again after a reconnect, where the consumer pulls afresh by itself (a resent request would ask for the same
 * messages twice). A failed write stops `m` with the error.
 */
export function sendPull(m: PullConsumerMessagesImpl, opts: PullOptions): void {
  if (m.isStopped) return;
  const pending = m.pending;
  // Only a consume bounded by its options counts bytes coming (a self-sized ordered one's requests carry
  // max_bytes, but it counts messages: ordered-budget.ts).
  if (m.opts.max_bytes > 0) pending.bytes += opts.max_bytes ?? 0;
  pending.msgs += opts.batch ?? 0;
  pending.requests++;
  try {
    m.nc.publish(m.consumer.pullSubject(), encoder.encode(JSON.stringify(opts)), { reply: m.inbox, resend: false });
  } catch (err) {
    m.stop(err as Error);
    return;
  }
  if (m.notifier.active) m.notify({ type: "next", options: opts });
}

/**
 * The body of `m`'s next pull request: by default the whole batch minus what is already coming; `maxBytes`
 * by default what the byte bound leaves, or a self-sized ordered consume's share (ordered-budget.ts).
 */
export function pullBody(m: PullConsumerMessagesImpl, batch = m.opts.max_messages - m.pending.msgs - m.buffered.msgs, maxBytes?: number): PullOptions {
  const opts = m.opts;
  const bound = opts.max_bytes > 0 ? opts.max_bytes - m.pending.bytes - m.buffered.bytes : 0;
  const max_bytes = maxBytes ?? (m.bytesBound !== null ? orderedRequestBytes(batch, opts.max_messages) : bound);
  return pullRequestBody(opts, batch, max_bytes, m.isPinned ? m.natsPinId : "");
}

/**
 * Bytes a delivered message counts for against a request's `max_bytes`: subject, reply, headers and
 * payload, as the server counts them (core's msgSize reads the body length without decoding the headers).
 */
export function pulledSize(m: Msg): number {
  return m.subject.length + (m.reply?.length ?? 0) + msgSize(m);
}

/**
 * The body of a pull request for `batch` messages and `maxBytes` (0: no byte bound), both raised to their
 * least valid value; `pinId` is the pinned client's id ("" when not pinned), sent back so the server keeps
 * delivering to this client.
 */
export function pullRequestBody(opts: ResolvedPullOptions, batch: number, maxBytes: number, pinId: string): PullOptions {
  const o = {
    batch: Math.max(1, batch),
    max_bytes: Math.max(0, maxBytes),
    idle_heartbeat: nanos(opts.idle_heartbeat),
    expires: nanos(opts.expires),
  } as PullOptions & { id?: string };
  if (pinId !== "") o.id = pinId;
  if (isOverflowOptions(opts) && opts.group) {
    o.group = opts.group;
    if (opts.min_pending) o.min_pending = opts.min_pending;
    if (opts.min_ack_pending) o.min_ack_pending = opts.min_ack_pending;
  }
  if (isPrioritizedOptions(opts)) {
    o.group = opts.group;
    o.priority = opts.priority;
  }
  return o;
}
