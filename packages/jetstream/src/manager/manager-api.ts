/**
 * The manager's public shapes, as nats.js declares them: `JetStreamManager` with its `streams`, `consumers`
 * and `direct` APIs, the `Stream` object, and advisories.
 */
import type { QueuedIterator } from "@nats-stack/core";
import type { JetStreamAccountStats } from "../api/account-types";
import type { ConsumerConfig, ConsumerCreateOptions, ConsumerInfo, ConsumerResetResponse, ConsumerUpdateConfig } from "../api/consumer-config";
import type { Lister } from "../api/lister";
import type { DirectBatchOptions, DirectLastFor, DirectMsgRequest, MsgRequest, StoredMsg } from "../api/message-types";
import type { JetStreamOptions } from "../api/options";
import type {
  PurgeOpts,
  PurgeResponse,
  StreamAlternate,
  StreamConfig,
  StreamInfo,
  StreamInfoRequestOptions,
  StreamUpdateConfig,
} from "../api/stream-config";
import type { Consumer, OrderedConsumerOptions, OrderedPushConsumerOptions, PushConsumer } from "../consumers/consumer-api";
import type { JetStreamClient } from "../client/client-api";

/** `Partial<T>` with the keys `K` required. */
export type WithRequired<T, K extends keyof T> = T & { [P in K]-?: T[P] };

/** Stream management. */
export type StreamAPI = {
  /** The stream's info; `opts` asks for per-subject counts or deleted sequences (paged answers are joined). */
  info(stream: string, opts?: Partial<StreamInfoRequestOptions>): Promise<StreamInfo>;
  /** Creates a stream. */
  add(cfg: WithRequired<Partial<StreamConfig>, "name">): Promise<StreamInfo>;
  /** Changes a stream: `cfg` is merged over its current configuration. */
  update(name: string, cfg: Partial<StreamUpdateConfig>): Promise<StreamInfo>;
  /** Removes messages (all, or by `filter`, `seq`, `keep`). */
  purge(stream: string, opts?: PurgeOpts): Promise<PurgeResponse>;
  /** Deletes a stream and its messages. */
  delete(stream: string): Promise<boolean>;
  /** Every stream's info (only those storing `subject` when given). */
  list(subject?: string): Lister<StreamInfo>;
  /** Deletes one message; `erase` (default true) overwrites it on disk. */
  deleteMessage(stream: string, seq: number, erase?: boolean): Promise<boolean>;
  /** A stored message by sequence or last by subject; null when there is none. */
  getMessage(stream: string, query: MsgRequest): Promise<StoredMsg | null>;
  /** The stream that stores `subject`. */
  find(subject: string): Promise<string>;
  /** Every stream's name (only those storing `subject` when given). */
  names(subject?: string): Lister<string>;
  /** A {@link Stream} object for an existing stream. */
  get(name: string): Promise<Stream>;
};

/** Consumer management. */
export type ConsumerAPI = {
  info(stream: string, consumer: string): Promise<ConsumerInfo>;
  /** Creates a consumer (fails if one by that name exists with another configuration). */
  add(stream: string, cfg: Partial<ConsumerConfig>, opts?: ConsumerCreateOptions): Promise<ConsumerInfo>;
  /** Changes a consumer: `cfg` is merged over its current configuration. */
  update(stream: string, durable: string, cfg: Partial<ConsumerUpdateConfig>): Promise<ConsumerInfo>;
  /** Ours: creates the consumer or, when it exists, updates it to `cfg` (the API's create-or-update action). */
  addOrUpdate(stream: string, cfg: Partial<ConsumerConfig>, opts?: ConsumerCreateOptions): Promise<ConsumerInfo>;
  delete(stream: string, consumer: string): Promise<boolean>;
  list(stream: string): Lister<ConsumerInfo>;
  /** Pauses a consumer until `until` (server 2.11+). */
  pause(stream: string, name: string, until?: Date): Promise<{ paused: boolean; pause_until?: string }>;
  /** Resumes a paused consumer (server 2.11+). */
  resume(stream: string, name: string): Promise<{ paused: boolean; pause_until?: string }>;
  /** Unpins the pinned client of a priority group (server 2.11+). */
  unpin(stream: string, name: string, group: string): Promise<void>;
  /** Resets a consumer's delivery state, optionally to a sequence (server 2.14+). */
  reset(stream: string, name: string, seq?: number): Promise<ConsumerResetResponse>;
};

/** Reads stored messages through the direct get API (streams with `allow_direct`). */
export type DirectStreamAPI = {
  getMessage(stream: string, query: DirectMsgRequest): Promise<StoredMsg | null>;
  /** Server 2.11+. */
  getBatch(stream: string, opts: DirectBatchOptions): Promise<QueuedIterator<StoredMsg>>;
  /** Server 2.11+. */
  getLastMessagesFor(stream: string, opts: DirectLastFor): Promise<QueuedIterator<StoredMsg>>;
};

/** The JetStream manager: CRUD of streams and consumers, account info, advisories. */
export type JetStreamManager = {
  consumers: ConsumerAPI;
  streams: StreamAPI;
  direct: DirectStreamAPI;
  getAccountInfo(): Promise<JetStreamAccountStats>;
  /** JetStream advisories as they happen. */
  advisories(): AsyncIterable<Advisory>;
  getOptions(): JetStreamOptions;
  /** A JetStream client with the same options. */
  jetstream(): JetStreamClient;
};

/** A stream, with the operations that name it. */
export type Stream = {
  name: string;
  /** The stream's info (the last one fetched when `cached`). */
  info(cached?: boolean, opts?: Partial<StreamInfoRequestOptions>): Promise<StreamInfo>;
  alternates(): Promise<StreamAlternate[]>;
  /** The first alternate (the nearest), or this stream. */
  best(): Promise<Stream>;
  /** A pull consumer by name, or an ordered consumer. */
  getConsumer(name?: string | Partial<OrderedConsumerOptions>): Promise<Consumer>;
  /**
   * A push consumer by name, or an ordered push consumer. nats.js's declaration has the stream first
   * (`getPushConsumer(stream, name?)`); that form works too.
   */
  getPushConsumer(name?: string | Partial<OrderedPushConsumerOptions>): Promise<PushConsumer>;
  getPushConsumer(stream: string, name?: string | Partial<OrderedPushConsumerOptions>): Promise<PushConsumer>;
  getMessage(query: MsgRequest): Promise<StoredMsg | null>;
  deleteMessage(seq: number, erase?: boolean): Promise<boolean>;
  /** Server 2.14+. */
  resetConsumer(name: string, seq?: number): Promise<ConsumerResetResponse>;
};

/** The kinds of advisories (the last token of the advisory's `type`). */
export const AdvisoryKind = {
  API: "api_audit",
  StreamAction: "stream_action",
  ConsumerAction: "consumer_action",
  SnapshotCreate: "snapshot_create",
  SnapshotComplete: "snapshot_complete",
  RestoreCreate: "restore_create",
  RestoreComplete: "restore_complete",
  MaxDeliver: "max_deliver",
  Terminated: "terminated",
  Ack: "consumer_ack",
  StreamLeaderElected: "stream_leader_elected",
  StreamQuorumLost: "stream_quorum_lost",
  ConsumerLeaderElected: "consumer_leader_elected",
  ConsumerQuorumLost: "consumer_quorum_lost",
} as const;
/** A value of {@link AdvisoryKind}. */
export type AdvisoryKind = (typeof AdvisoryKind)[keyof typeof AdvisoryKind];

/** A JetStream advisory: its kind and the advisory's JSON. */
export type Advisory = {
  kind: AdvisoryKind;
  data: unknown;
};
