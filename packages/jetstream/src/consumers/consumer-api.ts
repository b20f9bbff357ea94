/**
 * The public shapes of consumers, as nats.js declares them: pull `Consumer` (next, fetch, consume), push
 * consumers, their options, `ConsumerMessages` and the notifications `status()` yields.
 */
import type { Nanos, QueuedIterator } from "@nats-stack/core";
import type { ConsumerInfo, OverflowOptions, PrioritizedOptions, PullOptions } from "../api/consumer-config";
import type { DeliverPolicy, ReplayPolicy } from "../api/policies";
import type { JsMsg } from "../jsmsg/jsmsg";

/** Most messages a pull request asks for (default 100). */
export type MaxMessages = { max_messages: number };
/** Most bytes a pull request asks for; a message must fit entirely. */
export type MaxBytes = { max_bytes: number };
/** `consume()` asks for more once this few messages are still expected (default 75% of `max_messages`). */
export type ThresholdMessages = { threshold_messages: number };
/** `consume()` asks for more once this few bytes are still expected (default 75% of `max_bytes`). */
export type ThresholdBytes = { threshold_bytes: number };
/** How long (ms) a pull request waits for messages: at least 1000, default 30 000. */
export type Expires = { expires?: number };
/** Skip consumer info requests (no `consumer_not_found` checks); not for ordered consumers. */
export type Bind = { bind?: boolean };
/** Stop when the stream or consumer is gone instead of waiting for it to come back. */
export type AbortOnMissingResource = { abort_on_missing_resource?: boolean };
/** Server heartbeat interval (ms) while a request waits; two missed ones raise `heartbeats_missed`. */
export type IdleHeartbeat = { idle_heartbeat?: number };
/** A message handler for `consume()`; it must not be async. */
export type ConsumerCallbackFn = (r: JsMsg) => void | Promise<never>;
/** Handle messages with a callback instead of iterating. */
export type ConsumeCallback = { callback?: ConsumerCallbackFn };

// What every pull takes, whatever bounds it (fetch() and consume()), and what consume() adds. Named once
// here; nats.js spells the four lists out.
type PullCommon = Expires & IdleHeartbeat & Bind & Partial<OverflowOptions> & Partial<PrioritizedOptions>;
type ConsumeCommon = PullCommon & ConsumeCallback & AbortOnMissingResource;

/** `consume()` options bounded by bytes. */
export type ConsumeBytes = MaxBytes & Partial<MaxMessages> & Partial<ThresholdBytes> & ConsumeCommon;
/** `consume()` options bounded by messages. */
export type ConsumeMessages = Partial<MaxMessages> & Partial<ThresholdMessages> & ConsumeCommon;
/** Options of `consume()`. */
export type ConsumeOptions = ConsumeBytes | ConsumeMessages;
/** `fetch()` options bounded by bytes. */
export type FetchBytes = MaxBytes & Partial<MaxMessages> & PullCommon;
/** `fetch()` options bounded by messages. */
export type FetchMessages = Partial<MaxMessages> & PullCommon;
/** Options of `fetch()`. */
export type FetchOptions = FetchBytes | FetchMessages;
/** Options of `fetch()` or `consume()`. */
export type PullConsumerOptions = FetchOptions | ConsumeOptions;
/** Options of `next()`. */
export type NextOptions = Expires & Bind;
/** Options of a push consumer's `consume()`. */
export type PushConsumerOptions = ConsumeCallback & AbortOnMissingResource;

/** Two or more server heartbeats did not come; `count` says how many in a row. */
export type HeartbeatsMissed = { type: "heartbeats_missed"; count: number };
/** The consumer is gone; `count` attempts so far to find it. */
export type ConsumerNotFound = { type: "consumer_not_found"; name: string; stream: string; count: number };
/** The stream is gone. */
export type StreamNotFound = { type: "stream_not_found"; name: string; consumerCreateFails?: number };
/** The server said the consumer was deleted (409). */
export type ConsumerDeleted = { type: "consumer_deleted"; code: number; description: string };
/** A JetStream request got no answer (503). */
export type NoResponders = { type: "no_responders"; code: number };
/** An ordered consumer was recreated under a new name. */
export type OrderedConsumerRecreated = { type: "ordered_consumer_recreated"; name: string };
/** A pull request went beyond a consumer limit (409: max waiting, max request batch, expires, bytes). */
export type ExceededLimits = { type: "exceeded_limits"; code: number; description: string };
/** A status the client ignored. */
export type Debug = { type: "debug"; code: number; description: string };
/** A pull request ended with messages or bytes left unfilled. */
export type Discard = { type: "discard"; messagesLeft: number; bytesLeft: number };
/** The ordered consumer is about to be reset. */
export type Reset = { type: "reset"; name: string };
/** A pull request was sent, with these options (read only). */
export type Next = { type: "next"; options: PullOptions };
/** An idle heartbeat came, with the last sequences delivered. */
export type Heartbeat = { type: "heartbeat"; lastConsumerSequence: number; lastStreamSequence: number };
/** A flow control request came (and was answered). */
export type FlowControl = { type: "flow_control" };
/** This client was pinned in its priority group. */
export type ConsumerPinned = { type: "consumer_pinned"; id: string };
/** This client lost its pin. */
export type ConsumerUnpinned = { type: "consumer_unpinned" };
/**
 * Ours: the last notification of a consumer that stopped because of an error (the error also ends its message
 * iterator), so a `status()` reader learns why without its loop throwing.
 */
export type ConsumerStopped = { type: "stopped"; error: Error };
/** What `ConsumerMessages.status()` yields (nats.js's notifications, and ours: {@link ConsumerStopped}). */
export type ConsumerNotification =
  | ConsumerStopped
  | HeartbeatsMissed
  | ConsumerNotFound
  | StreamNotFound
  | ConsumerDeleted
  | OrderedConsumerRecreated
  | ExceededLimits
  | Debug
  | Discard
  | Reset
  | Next
  | Heartbeat
  | FlowControl
  | NoResponders
  | ConsumerPinned
  | ConsumerUnpinned;

/** `close()` stops and resolves when done; `closed()` resolves when stopped (to the Error that stopped it). */
export type Close = {
  close(): Promise<void | Error>;
  closed(): Promise<void | Error>;
};

/** The messages of a `fetch()` or `consume()`: iterate them; `status()` tells what happens underneath. */
export type ConsumerMessages = QueuedIterator<JsMsg> &
  Close & {
    status(): AsyncIterable<ConsumerNotification>;
  };

/** Whether a consumer is pull or push. */
export type ConsumerKind = {
  isPullConsumer(): boolean;
  isPushConsumer(): boolean;
};
/** The reading operations of a pull consumer. */
export type ExportedConsumer = ConsumerKind & {
  next(opts?: NextOptions): Promise<JsMsg | null>;
  fetch(opts?: FetchOptions): Promise<ConsumerMessages>;
  consume(opts?: ConsumeOptions): Promise<ConsumerMessages>;
};
/** A consumer whose info can be read. */
export type InfoableConsumer = {
  info(cached?: boolean): Promise<ConsumerInfo>;
};
/** A consumer that can be deleted. */
export type DeleteableConsumer = {
  delete(): Promise<boolean>;
};
/** A pull consumer. */
export type Consumer = ExportedConsumer & InfoableConsumer & DeleteableConsumer;
/** A push consumer. */
export type PushConsumer = InfoableConsumer &
  DeleteableConsumer &
  ConsumerKind & {
    consume(opts?: PushConsumerOptions): Promise<ConsumerMessages>;
  };

/** Options of an ordered consumer (a subset of the consumer configuration). */
export type OrderedConsumerOptions = {
  name_prefix: string;
  /** One subject, or several (server 2.10+). */
  filter_subjects: string[] | string;
  deliver_policy: DeliverPolicy;
  opt_start_seq: number;
  opt_start_time: string;
  replay_policy: ReplayPolicy;
  /** Milliseconds. */
  inactive_threshold: number;
  headers_only: boolean;
};
/** Options of an ordered push consumer. */
export type OrderedPushConsumerOptions = OrderedConsumerOptions & {
  /** Prefix of the deliver subjects (default: a new inbox). */
  deliver_prefix: string;
};
/** A push consumer bound to an existing deliver subject (no consumer info is read). */
export type BoundPushConsumerOptions = ConsumeCallback & {
  deliver_subject: string;
  deliver_group?: string;
  /** The consumer's idle heartbeat (nanoseconds), for missed-heartbeat detection. */
  idle_heartbeat?: Nanos;
};

/** Access to consumers: `get` a pull consumer (or an ordered one), push consumers. */
export type Consumers = {
  /** A pull consumer by name; without a name (or with options) an ordered consumer. */
  get(stream: string, name?: string | Partial<OrderedConsumerOptions>): Promise<Consumer>;
  /** A pull consumer for an info already at hand (nothing is checked). */
  getConsumerFromInfo(ci: ConsumerInfo): Consumer;
  /** A push consumer by name; without a name (or with options) an ordered push consumer. */
  getPushConsumer(stream: string, name?: string | Partial<OrderedPushConsumerOptions>): Promise<PushConsumer>;
  /** A push consumer bound to a deliver subject. */
  getBoundPushConsumer(opts: BoundPushConsumerOptions): Promise<PushConsumer>;
};

/** True when `v` has any ordered push consumer option. */
export function isOrderedPushConsumerOptions(v: unknown): v is OrderedPushConsumerOptions {
  if (!v || typeof v !== "object") return false;
  const keys = [
    "name_prefix",
    "deliver_subject_prefix",
    "filter_subjects",
    "filter_subject",
    "deliver_policy",
    "opt_start_seq",
    "opt_start_time",
    "replay_policy",
    "inactive_threshold",
    "headers_only",
    "deliver_prefix",
  ];
  return keys.some((k) => k in v);
}

/** True when `v` has a bound push consumer option. */
export function isBoundPushConsumerOptions(v: unknown): v is BoundPushConsumerOptions {
  return !!v && typeof v === "object" && ("deliver_subject" in v || "deliver_group" in v || "idle_heartbeat" in v);
}

/** True for a pull consumer. */
export function isPullConsumer(v: PushConsumer | Consumer): v is Consumer {
  return v.isPullConsumer();
}

/** True for a push consumer. */
export function isPushConsumer(v: PushConsumer | Consumer): v is PushConsumer {
  return v.isPushConsumer();
}
