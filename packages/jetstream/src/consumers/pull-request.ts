/**
 * The pull request a pull consumer sends to `$JS.API.CONSUMER.MSG.NEXT.<stream>.<consumer>`, and what a
 * delivered message counts against its `max_bytes`. Apart from the iterator that sends requests because the
 * body's fields (pinning, priority groups) are the server API's concern, not the message flow's.
 */
import { msgSize, nanos, type Msg } from "@nats-stack/core";
import type { PullOptions } from "../api/consumer-config";
import { isOverflowOptions, isPrioritizedOptions, type ResolvedPullOptions } from "./pull-options";

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
