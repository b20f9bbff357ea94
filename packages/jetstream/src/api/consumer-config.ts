/**
 * Consumers in the JetStream JSON API: configuration, info and the pull request body, with the server's
 * field names and nats.js's type names.
 */
import type { Nanos } from "@nats-stack/core";
import type { ApiPaged, ApiResponse, ClusterInfo } from "./api-types";
import { AckPolicy, DeliverPolicy, ReplayPolicy, type ConsumerApiAction, type PriorityPolicy } from "./policies";

/** Priority groups of a pull consumer (server 2.11+). */
export type PriorityGroups = {
  priority_groups?: string[];
  priority_policy?: PriorityPolicy;
  priority_timeout?: Nanos;
};

/** The part of a consumer's configuration an update may change. */
export type ConsumerUpdateConfig = PriorityGroups & {
  description?: string;
  ack_wait?: Nanos;
  max_deliver?: number;
  sample_freq?: string;
  max_ack_pending?: number;
  max_waiting?: number;
  headers_only?: boolean;
  deliver_subject?: string;
  max_batch?: number;
  max_expires?: Nanos;
  inactive_threshold?: Nanos;
  backoff?: Nanos[];
  max_bytes?: number;
  num_replicas?: number;
  mem_storage?: boolean;
  filter_subject?: string;
  /** Server 2.10+. */
  filter_subjects?: string[];
  /** Server 2.10+. */
  metadata?: Record<string, string>;
};

/** A consumer's full configuration. */
export type ConsumerConfig = ConsumerUpdateConfig & {
  ack_policy: AckPolicy;
  deliver_policy: DeliverPolicy;
  deliver_group?: string;
  durable_name?: string;
  name?: string;
  flow_control?: boolean;
  idle_heartbeat?: Nanos;
  opt_start_seq?: number;
  opt_start_time?: string;
  rate_limit_bps?: number;
  replay_policy: ReplayPolicy;
  pause_until?: string;
};

/** Options of consumer creation. */
export type ConsumerCreateOptions = {
  /** Ask the server to refuse the configuration instead of adjusting it (server 2.11+). */
  pedantic?: boolean;
};

/** Options of the consumer create/update call. */
export type ConsumerApiOptions = {
  action?: ConsumerApiAction;
  pedantic?: boolean;
};

/** The body of a consumer create request. */
export type CreateConsumerRequest = {
  stream_name: string;
  config: Partial<ConsumerConfig>;
  action?: ConsumerApiAction;
  pedantic?: boolean;
};

/** A consumer's position in its stream. */
export type SequenceInfo = {
  consumer_seq: number;
  stream_seq: number;
  last_active: Nanos;
};

/** A consumer's configuration and state. */
export type ConsumerInfo = {
  stream_name: string;
  name: string;
  created: string;
  config: ConsumerConfig;
  delivered: SequenceInfo;
  ack_floor: SequenceInfo;
  num_ack_pending: number;
  num_redelivered: number;
  num_waiting: number;
  num_pending: number;
  cluster?: ClusterInfo;
  push_bound: boolean;
  ts?: string;
  paused?: boolean;
  pause_remaining: Nanos;
};

/** A page of consumer infos. */
export type ConsumerListResponse = ApiResponse & ApiPaged & { consumers: ConsumerInfo[] };

/** The answer to a consumer reset (server 2.14+). */
export type ConsumerResetResponse = ConsumerInfo & { reset_seq: number };

/** Overflow priority: pull only while the consumer has at least `min_pending` messages pending. */
export type OverflowMinPending = { group: string; min_pending: number };
/** Overflow priority: pull only while at least `min_ack_pending` acks are pending. */
export type OverflowMinAckPending = { group: string; min_ack_pending: number };
/** Both overflow conditions. */
export type OverflowMinPendingAndMinAck = { group: string; min_pending: number; min_ack_pending: number };
/** Overflow options of a pull request (server 2.11+). */
export type OverflowOptions = OverflowMinPending | OverflowMinAckPending | OverflowMinPendingAndMinAck;
/** Prioritized pull options (server 2.12+). */
export type PrioritizedOptions = { group: string; priority: number };

/** The body of a pull request (`CONSUMER.MSG.NEXT`); durations in nanoseconds. */
export type PullOptions = Partial<OverflowMinPendingAndMinAck> &
  Partial<PrioritizedOptions> & {
    batch: number;
    no_wait: boolean;
    expires: number;
    max_bytes: number;
    idle_heartbeat: number;
  };

/** A consumer configuration with nats.js's defaults (explicit acks, 30 s ack wait, instant replay). */
export function defaultConsumer(name: string, opts: Partial<ConsumerConfig> = {}): ConsumerConfig {
  return {
    name,
    deliver_policy: DeliverPolicy.All,
    ack_policy: AckPolicy.Explicit,
    ack_wait: 30_000_000_000,
    replay_policy: ReplayPolicy.Instant,
    ...opts,
  };
}
