/** The account information answer (`$JS.API.INFO`). */
import type { ApiResponse } from "./api-types";

/** Limits of an account (or of one replica tier). */
export type AccountLimits = {
  max_memory: number;
  max_storage: number;
  max_streams: number;
  max_consumers: number;
  max_ack_pending: number;
  memory_max_stream_bytes: number;
  storage_max_stream_bytes: number;
  max_bytes_required: boolean;
};

/** What an account uses. */
export type JetStreamUsage = {
  memory: number;
  storage: number;
  reserved_memory: number;
  reserved_storage: number;
  streams: number;
  consumers: number;
};

/** Usage with the limits that apply to it. */
export type JetStreamUsageAccountLimits = JetStreamUsage & {
  limits: AccountLimits;
};

/** API call counters of an account; `level` is the server's JetStream API level (2.11+). */
export type JetStreamApiStats = {
  level?: number;
  total: number;
  errors: number;
  inflight?: number;
};

/** The account's JetStream usage, limits, API counters, domain and per-tier figures. */
export type JetStreamAccountStats = JetStreamUsageAccountLimits & {
  api: JetStreamApiStats;
  domain?: string;
  tiers?: Partial<Record<`R${number}`, JetStreamUsageAccountLimits>>;
};

/** {@link JetStreamAccountStats} with the API envelope. */
export type AccountInfoResponse = ApiResponse & JetStreamAccountStats;
