/**
 * Options of `fetch()` and `consume()`, checked and completed with nats.js's defaults: 100 messages, 30 s
 * expiry (at least 1 s), heartbeats at half the expiry within 0.5–30 s, refill thresholds at 75%. Ours: an
 * ordered consumer's `consume()` asks for 1024 and refills at half, so that few pull requests (each one a
 * write and a PING) keep the stream flowing, and without a given bound sizes its batch from its messages (up
 * to 16384, about 8 MiB) and bounds each request in bytes too (ordered-budget.ts).
 */
import { InvalidArgumentError, type NatsConnection } from "@nats-stack/core";
import type { OverflowOptions, PrioritizedOptions } from "../api/consumer-config";
import { minValidation } from "../api/names";
import { feature } from "../api/server-features";
import type { ConsumeOptions, FetchOptions } from "./consumer-api";

/** Default batch of `fetch()`/`consume()`. */
export const DEFAULT_MAX_MESSAGES = 100;
/** Ours: default batch of an ordered consumer's `consume()` (nats.js pulls 100 at a time). */
export const ORDERED_MAX_MESSAGES = 1024;
/** Ours: an ordered consumer's `consume()` refills at half its batch, so each pull request asks for half (512 of 1024). */
export const ORDERED_THRESHOLD = 0.5;
/**
 * Ours: the most an ordered consumer's `consume()` without a given bound grows its batch to when its messages
 * are small (ordered-budget.ts). Each pull request costs the server a request to handle and, whenever the client fell
 * behind and the batch ran out, a pause; 4096 (requests of 2048) measured ~13% faster than 1024 on an ordered read of 50k
 * messages of 128 B, with ~15% less server CPU per message. 16384 (requests of 8192) measured faster again
 * (bench/results/profile-notes.md, section 17): what the client has coming is what the server may send
 * ahead of it, and the deeper that is the larger its writes and the client's reads, the fewer the wake-ups
 * on both sides, and the more of the server's work is done while the client is still warming up. The
 * server never waited for a pull request at 4096 either; 32768 gained nothing measurable over 16384.
 */
export const ORDERED_MAX_MESSAGES_SMALL = 16384;
/**
 * Ours: what a grown batch may hold, about: the messages' bytes plus {@link MSG_MEMORY_OVERHEAD} each. It bounds
 * what a self-sized ordered consume() holds when the application stops reading (everything requested arrives and
 * is queued: within 1.5 x this while the messages change size, see ordered-budget.ts), and what the server
 * queues for the connection ahead of it; 8 MiB is a fraction of what nats.go lets a
 * subscription hold by default (64 MiB) and of the server's default `max_pending` per connection (64 MiB).
 */
export const ORDERED_BATCH_BYTES = 8 * 1024 * 1024;
/** Ours: the memory a queued message takes besides its bytes (the client's objects and the reply string). */
export const MSG_MEMORY_OVERHEAD = 256;
/** Ours: the messages of an ordered `consume()` whose sizes choose its batch (again after each request). */
export const ORDERED_SIZE_SAMPLE = 64;

/** Default expiry of a pull request (ms). */
export const DEFAULT_EXPIRES = 30_000;

/** Options with every default filled in. */
export interface ResolvedPullOptions {
  max_messages: number;
  max_bytes: number;
  expires: number;
  idle_heartbeat: number;
  threshold_messages: number;
  threshold_bytes: number;
  group?: string;
  min_pending?: number;
  min_ack_pending?: number;
  priority?: number;
}

/** True when `opts` asks for overflow priority (`group` with `min_pending`/`min_ack_pending`). */
export function isOverflowOptions(opts: unknown): opts is OverflowOptions {
  const o = opts as Partial<{ group: unknown; min_pending: unknown; min_ack_pending: unknown }>;
  return !!o && (typeof o.group === "string" || typeof o.min_pending === "number" || typeof o.min_ack_pending === "number");
}

/** True when `opts` asks for prioritized pulls (`group` and `priority`). */
export function isPrioritizedOptions(opts: unknown): opts is PrioritizedOptions {
  const o = opts as Partial<{ group: unknown; priority: unknown }>;
  return !!o && typeof o.group === "string" && typeof o.priority === "number";
}

function checkGroup(group: string): void {
  minValidation("group", group);
  if (group.length > 16) throw InvalidArgumentError.format("group", "must be 16 characters or less");
}

/** Checks and completes pull options; `refilling` for `consume()` (adds thresholds). */
export function parsePullOptions(
  nc: NatsConnection,
  opts: FetchOptions | ConsumeOptions | undefined,
  refilling: boolean,
  defaultMax = DEFAULT_MAX_MESSAGES,
  thresholdRatio = 0.75,
): ResolvedPullOptions {
  // A fresh object of one shape (not a spread of `opts` with fields added to it: V8 makes a new hidden
  // class for every field added to a spread copy, ~0.7 µs each, and this runs for every fetch()).
  const given = (opts ?? {}) as Partial<ResolvedPullOptions>;
  const a: ResolvedPullOptions = {
    max_messages: given.max_messages || 0,
    max_bytes: given.max_bytes || 0,
    expires: given.expires || DEFAULT_EXPIRES,
    idle_heartbeat: 0,
    threshold_messages: 0,
    threshold_bytes: 0,
    group: given.group,
    min_pending: given.min_pending,
    min_ack_pending: given.min_ack_pending,
    priority: given.priority,
  };
  // nats.js sends a negative bound: its fetch() ends with `heartbeats missed` (or nothing), its consume() never
  // starts; a server reads a negative max_bytes as no bound at all.
  if (a.max_messages < 0) throw InvalidArgumentError.format("max_messages", "must be greater than 0");
  if (a.max_bytes < 0) throw InvalidArgumentError.format("max_bytes", "must be greater than 0");
  if (a.max_messages !== 0 && a.max_bytes !== 0) throw InvalidArgumentError.format(["max_messages", "max_bytes"], "are mutually exclusive");
  // With bytes only, a message bound is still needed, or the server ends the request after one message.
  if (a.max_messages === 0) a.max_messages = a.max_bytes ? DEFAULT_MAX_MESSAGES : defaultMax;
  if (a.expires < 1000) throw InvalidArgumentError.format("expires", "must be at least 1000ms");
  let hb = given.idle_heartbeat || a.expires / 2;
  if (hb > 30_000) hb = 30_000;
  if (hb < 500) hb = 500;
  a.idle_heartbeat = hb;
  if (refilling) {
    a.threshold_messages = given.threshold_messages || Math.round(a.max_messages * thresholdRatio) || 1;
    a.threshold_bytes = given.threshold_bytes || Math.round(a.max_bytes * thresholdRatio) || 1;
  }
  if (isOverflowOptions(opts)) {
    const { min, ok } = feature(nc, "JS_PRIORITY_GROUPS");
    if (!ok) throw new Error(`priority_groups require server ${min}`);
    checkGroup(opts.group);
    const o = opts as Partial<{ min_pending: unknown; min_ack_pending: unknown }>;
    if (o.min_pending && typeof o.min_pending !== "number") throw InvalidArgumentError.format(["min_pending"], "must be a number");
    if (o.min_ack_pending && typeof o.min_ack_pending !== "number") throw InvalidArgumentError.format(["min_ack_pending"], "must be a number");
  } else if (isPrioritizedOptions(opts)) {
    checkGroup(opts.group);
  }
  return a;
}

/** Refuses what an ordered consumer cannot take (priority group overflow options), with nats.js's text. */
export function checkOrderedPullOptions(opts: unknown): void {
  if (isOverflowOptions(opts)) {
    throw InvalidArgumentError.format(["group", "min_pending", "min_ack_pending"], "cannot be specified for ordered consumers");
  }
}

/** True for a pinned-client pull (a `group` with neither overflow nor priority options). */
export function isPinnedPull(opts: unknown): boolean {
  const g = opts as { group?: string; min_pending?: number; min_ack_pending?: number };
  return typeof g.group === "string" && g.min_pending === undefined && g.min_ack_pending === undefined && !isPrioritizedOptions(opts);
}
