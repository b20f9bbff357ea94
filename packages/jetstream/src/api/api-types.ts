/**
 * The envelope of every JetStream API answer (a JSON object with `type` and, on failure, `error`), paging,
 * and the cluster description shared by streams and consumers.
 */
import type { Nanos } from "@nats-stack/core";

/** Paging fields of a list answer. */
export type ApiPaged = {
  total: number;
  offset: number;
  limit: number;
};

/** Paging field of a list request. */
export type ApiPagedRequest = {
  offset: number;
};

/** The error object of a failed API call: HTTP-like `code`, JetStream's own `err_code`, and the text. */
export type ApiError = {
  code: number;
  description: string;
  err_code: number;
};

/** Every API answer has a `type`; a failed one has `error`. */
export type ApiResponse = {
  type: string;
  error?: ApiError;
};

/** An answer that only says whether it worked. */
export type Success = {
  success: boolean;
};

/** {@link Success} with the API envelope. */
export type SuccessResponse = ApiResponse & Success;

/** One replica of a clustered stream or consumer. */
export type PeerInfo = {
  name: string;
  current: boolean;
  offline: boolean;
  active: Nanos;
  lag: number;
};

/** Where a clustered stream or consumer lives and who leads it. */
export type ClusterInfo = {
  name?: string;
  leader?: string;
  replicas?: PeerInfo[];
  raft_group?: string;
  leader_since?: string;
  traffic_account?: string;
  system_account?: boolean;
};
