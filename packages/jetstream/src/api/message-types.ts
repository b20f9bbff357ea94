/**
 * Stored messages read without a consumer (`STREAM.MSG.GET`, `DIRECT.GET`): the queries, the answers, and the
 * delivery metadata of consumed messages.
 */
import type { MsgHdrs, ReviverFn } from "@nats-stack/core";
import type { ApiResponse } from "./api-types";

/** The message with this sequence. */
export type SeqMsgRequest = { seq: number };
/** The last message on this subject (wildcards allowed). */
export type LastForMsgRequest = { last_by_subj: string };
/** The first message on this subject at or after `seq`. */
export type NextMsgRequest = { seq?: number; next_by_subj: string };
/** The first message at or after this time (direct get, server 2.11+). */
export type StartTimeMsgRequest = { start_time: Date | string };
/**
 * A stored-message query of `streams.getMessage`: by sequence, last on a subject, or (ours, typed; nats.js
 * passes it through too) first on a subject from a sequence.
 */
export type MsgRequest = SeqMsgRequest | LastForMsgRequest | NextMsgRequest;
/** A stored-message query of `direct.getMessage`. */
export type DirectMsgRequest = SeqMsgRequest | LastForMsgRequest | NextMsgRequest | StartTimeMsgRequest;

/** The body of `STREAM.MSG.DELETE`. */
export type MsgDeleteRequest = SeqMsgRequest & { no_erase?: boolean };

/** The answer of `STREAM.MSG.GET`: data and headers in base64. */
export type StreamMsgResponse = ApiResponse & {
  message: { subject: string; seq: number; data: string; hdrs: string; time: string };
};

/** How a batch callback learns that its batch ended (with `err` when it failed). */
export type CompletionResult = { err?: Error };
/** Called with each message of a batch, then once with `done` set. */
export type BatchCallback<T> = (done: CompletionResult | null, d: T) => void;

/** Batch size of a batched direct get. */
export type DirectBatch = { batch: number };
/** Byte limit of a batched direct get. */
export type DirectMaxBytes = { max_bytes: number };
/** Limits of a batched direct get (server 2.11+). */
export type DirectBatchLimits = {
  batch: number;
  max_bytes: number;
  callback: BatchCallback<StoredMsg>;
  next_by_subj?: string;
};
/** A batched direct get from a sequence. */
export type DirectBatchStartSeq = Partial<DirectBatchLimits> & { seq: number; start_time?: never };
/** A batched direct get from a time. */
export type DirectBatchStartTime = Partial<DirectBatchLimits> & { start_time: Date | string; seq?: never };
/** Options of `direct.getBatch`. */
export type DirectBatchOptions = DirectBatchStartSeq | DirectBatchStartTime;
/** Options of `direct.getLastMessagesFor`. */
export type DirectLastFor = {
  multi_last: string[];
  up_to_time?: Date | string;
  up_to_seq?: number;
} & Partial<DirectBatchLimits>;

/** A message read from a stream without a consumer. */
export type StoredMsg = {
  /** The subject it was stored under. */
  subject: string;
  /** Its stream sequence. */
  seq: number;
  /** Its headers (empty when it has none). */
  header: MsgHdrs;
  data: Uint8Array;
  /** When it was stored. */
  time: Date;
  /** {@link time} as the server wrote it (RFC 3339). */
  timestamp: string;
  /** In a batch: the sequence before it in the batch, else 0. */
  lastSequence: number;
  /** In a batch: messages left for the batch's query; -1 when unknown. */
  pending: number;
  /** The payload parsed as JSON. */
  json<T>(reviver?: ReviverFn): T;
  /** The payload as UTF-8 text. */
  string(): string;
};

/** A stored message read through the direct get API. */
export type DirectMsg = StoredMsg & {
  /** The stream that stored it. */
  stream: string;
  lastSequence: number;
};

/** Delivery metadata of a consumed message, parsed from its `$JS.ACK` reply subject. */
export type DeliveryInfo = {
  /** JetStream domain ("" when none). */
  domain: string;
  /** Account hash (the 12-token reply form only). */
  account_hash?: string;
  stream: string;
  consumer: string;
  /** How many times it was delivered (1 the first time). */
  deliveryCount: number;
  streamSequence: number;
  deliverySequence: number;
  /** When it was stored, in nanoseconds since the epoch (a double: microsecond precision at best). */
  timestampNanos: number;
  /** Messages the consumer still has to deliver after this one. */
  pending: number;
  redelivered: boolean;
};
