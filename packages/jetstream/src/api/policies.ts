/**
 * The enumerations of the JetStream JSON API, as const objects with nats.js's names and the server's values
 * (the strings are what the server reads and writes; the names are what users type).
 */

/** How a stream decides it may drop messages. */
export const RetentionPolicy = {
  /** Keep messages until a limit (count, bytes, age) is reached, then apply the discard policy. */
  Limits: "limits",
  /** Keep a message while some consumer still has interest in its subject. */
  Interest: "interest",
  /** Keep a message until it is acknowledged once (a work queue). */
  Workqueue: "workqueue",
} as const;
/** A value of {@link RetentionPolicy}. */
export type RetentionPolicy = (typeof RetentionPolicy)[keyof typeof RetentionPolicy];

/** What a full stream throws away. */
export const DiscardPolicy = {
  /** Drop the oldest messages to make room. */
  Old: "old",
  /** Refuse new messages. */
  New: "new",
} as const;
/** A value of {@link DiscardPolicy}. */
export type DiscardPolicy = (typeof DiscardPolicy)[keyof typeof DiscardPolicy];

/** Where a stream keeps its messages. */
export const StorageType = {
  /** On disk: survives a server restart. */
  File: "file",
  /** In memory: lost on restart. */
  Memory: "memory",
} as const;
/** A value of {@link StorageType}. */
export type StorageType = (typeof StorageType)[keyof typeof StorageType];

/** Where a consumer starts in its stream. */
export const DeliverPolicy = {
  All: "all",
  Last: "last",
  New: "new",
  StartSequence: "by_start_sequence",
  StartTime: "by_start_time",
  LastPerSubject: "last_per_subject",
} as const;
/** A value of {@link DeliverPolicy}. */
export type DeliverPolicy = (typeof DeliverPolicy)[keyof typeof DeliverPolicy];

/** Which messages of a consumer need an acknowledgement. */
export const AckPolicy = {
  /** None: a message counts as acknowledged once sent. */
  None: "none",
  /** Acknowledging one message acknowledges every earlier one. */
  All: "all",
  /** Every message is acknowledged on its own. */
  Explicit: "explicit",
  /** Acknowledged through flow-control replies (mirror/source consumers, server 2.14+). */
  FlowControl: "flow_control",
  /** @ignore Not set: the server's default. */
  NotSet: "",
} as const;
/** A value of {@link AckPolicy}. */
export type AckPolicy = (typeof AckPolicy)[keyof typeof AckPolicy];

/** How fast a consumer replays stored messages. */
export const ReplayPolicy = {
  /** As fast as possible. */
  Instant: "instant",
  /** With the gaps they were stored with. */
  Original: "original",
} as const;
/** A value of {@link ReplayPolicy}. */
export type ReplayPolicy = (typeof ReplayPolicy)[keyof typeof ReplayPolicy];

/** Compression of a stream's store (server 2.10+). */
export const StoreCompression = {
  None: "none",
  S2: "s2",
} as const;
/** A value of {@link StoreCompression}. */
export type StoreCompression = (typeof StoreCompression)[keyof typeof StoreCompression];

/** When a stream's writes reach the disk (server 2.12+). */
export const PersistMode = {
  /** Synced before the publish acknowledgement (the default). */
  Default: "default",
  /** Acknowledged before the sync completes. */
  Async: "async",
};
/** A value of {@link PersistMode}. */
export type PersistMode = (typeof PersistMode)[keyof typeof PersistMode];

/** How the consumer create API treats an existing consumer. */
export const ConsumerApiAction = {
  CreateOrUpdate: "",
  Update: "update",
  Create: "create",
} as const;
/** A value of {@link ConsumerApiAction}. */
export type ConsumerApiAction = (typeof ConsumerApiAction)[keyof typeof ConsumerApiAction];

/** Priority group policies of pull consumers (server 2.11+). */
export const PriorityPolicy = {
  None: "none",
  Overflow: "overflow",
  PinnedClient: "pinned_client",
  Prioritized: "prioritized",
} as const;
/** A value of {@link PriorityPolicy}. */
export type PriorityPolicy = (typeof PriorityPolicy)[keyof typeof PriorityPolicy];
