/**
 * Streams in the JetStream JSON API: configuration, state and info, with the server's field names (snake
 * case, as in the JSON) and nats.js's type names.
 */
import type { Nanos } from "@nats-stack/core";
import type { ApiError, ApiPaged, ApiPagedRequest, ClusterInfo, Success } from "./api-types";
import type { DiscardPolicy, PersistMode, RetentionPolicy, StorageType, StoreCompression } from "./policies";

/** A subject mapping applied as messages enter a stream (server 2.10+). */
export type SubjectTransformConfig = {
  /** Subjects it applies to (default: all the stream's). */
  src?: string;
  /** The subject template the message is stored under. */
  dest: string;
};

/** Default limits for the consumers of a stream (server 2.10+). */
export type StreamConsumerLimits = {
  inactive_threshold?: Nanos;
  max_ack_pending?: number;
};

/** Republishes every stored message to another subject. */
export type Republish = {
  src: string;
  dest: string;
  /** Republish the headers only, with `Nats-Msg-Size`. */
  headers_only?: boolean;
};

/** The API of another JetStream domain or account a source or mirror reads from. */
export type ExternalStream = {
  /** API prefix, e.g. `$JS.hub.API`. */
  api: string;
  deliver?: string;
};

/** A durable consumer a source or mirror uses (server 2.14+). */
export type StreamConsumerSource = {
  name: string;
  deliver_subject: string;
};

/** A stream that another stream mirrors or sources from. */
export type StreamSource = {
  name: string;
  opt_start_seq?: number;
  opt_start_time?: string;
  filter_subject?: string;
  external?: ExternalStream;
  /**
   * The JetStream domain of the source. The client turns it into `external` (`$JS.<domain>.API`); it is not a
   * server field.
   */
  domain?: string;
  subject_transforms?: SubjectTransformConfig[];
  consumer?: StreamConsumerSource;
};

/** Where a stream's replicas are placed. */
export type Placement = {
  cluster: string;
  tags: string[];
};

/** The part of a stream's configuration an update may change. */
export type StreamUpdateConfig = {
  subjects: string[];
  description?: string;
  max_msgs_per_subject: number;
  max_msgs: number;
  max_age: Nanos;
  max_bytes: number;
  max_msg_size: number;
  discard: DiscardPolicy;
  discard_new_per_subject: boolean;
  no_ack?: boolean;
  duplicate_window: Nanos;
  sources?: StreamSource[];
  allow_rollup_hdrs: boolean;
  num_replicas: number;
  placement?: Placement;
  deny_delete: boolean;
  deny_purge: boolean;
  allow_direct: boolean;
  mirror_direct: boolean;
  republish?: Republish;
  /** Server 2.10+. */
  metadata?: Record<string, string>;
  /** Server 2.10+. */
  subject_transform?: SubjectTransformConfig;
  /** Server 2.10+. */
  compression?: StoreCompression;
  /** Server 2.10+. */
  consumer_limits?: StreamConsumerLimits;
  subject_delete_marker_ttl?: Nanos;
  mirror?: StreamSource;
  allow_msg_ttl?: boolean;
  allow_msg_schedules?: boolean;
  allow_atomic?: boolean;
  allow_batched?: boolean;
};

/** A stream's full configuration. */
export type StreamConfig = StreamUpdateConfig & {
  name: string;
  retention: RetentionPolicy;
  storage: StorageType;
  max_consumers: number;
  sealed: boolean;
  /** Server 2.10+. */
  first_seq: number;
  allow_msg_counter: boolean;
  persist_mode: PersistMode;
};

/** Messages a stream lost (a damaged store). */
export type LostStreamData = {
  msgs: number[] | null;
  bytes: number;
};

/** What a stream holds. */
export type StreamState = {
  messages: number;
  bytes: number;
  first_seq: number;
  first_ts: string;
  last_seq: number;
  last_ts: string;
  num_deleted: number;
  deleted: number[];
  lost: LostStreamData;
  consumer_count: number;
  num_subjects?: number;
  /** Message count per subject, when asked for with `subjects_filter`. */
  subjects?: Record<string, number>;
};

/** A source's or mirror's progress. */
export type StreamSourceInfo = {
  name: string;
  lag: number;
  active: Nanos;
  error?: ApiError;
  subject_transforms?: SubjectTransformConfig[];
};

/** Another stream that holds the same data (a mirror), for reads from the nearest one. */
export type StreamAlternate = {
  name: string;
  cluster: string;
  domain: string;
};

/** A stream's configuration, state and cluster information. */
export type StreamInfo = ApiPaged & {
  config: StreamConfig;
  created: string;
  state: StreamState;
  cluster?: ClusterInfo;
  mirror?: StreamSourceInfo;
  sources?: StreamSourceInfo[];
  alternates?: StreamAlternate[];
  ts?: string;
};

/** Options of a stream info request. */
export type StreamInfoRequestOptions = {
  /** List the deleted sequences in `state.deleted`. */
  deleted_details: boolean;
  /** Count messages per subject matching this filter into `state.subjects`. */
  subjects_filter: string;
} & ApiPagedRequest;

/** Purge everything below a sequence (optionally only on `filter`). */
export type PurgeBySeq = { filter?: string; seq: number };
/** Purge all but the last `keep` messages (optionally only on `filter`). */
export type PurgeTrimOpts = { filter?: string; keep: number };
/** Purge the messages on a subject. */
export type PurgeBySubject = { filter: string };
/** What a purge removes; `seq` and `keep` are mutually exclusive. */
export type PurgeOpts = PurgeBySeq | PurgeTrimOpts | PurgeBySubject;
/** The answer to a purge. */
export type PurgeResponse = Success & { purged: number };
