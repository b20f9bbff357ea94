/**
 * The JetStream client's public shapes, as nats.js declares them: `JetStreamClient`, publish options and
 * expectations, `PubAck`, atomic batches, `Streams`.
 */
import type { MsgHdrs, Payload, RequestOptions } from "@nats-stack/core";
import type { JetStreamOptions } from "../api/options";
import type { Consumers } from "../consumers/consumer-api";
import type { JetStreamManager, Stream } from "../manager/manager-api";

/** The server's acknowledgement of a stored message. */
export type PubAck = {
  /** The stream that stored it. */
  stream: string;
  /** The JetStream domain, when the server has one. */
  domain?: string;
  /** Its sequence in the stream. */
  seq: number;
  /** True when the stream had already stored a message with this `msgID` (nothing new was stored). */
  duplicate: boolean;
};

/** Conditions the server checks before it stores a message; a failed one fails the publish. */
export type StreamExpectations = {
  /** The `Nats-Msg-Id` of the stream's last message. */
  lastMsgID: string;
  /** The stream that must store the message. */
  streamName: string;
  /** The stream's last sequence. */
  lastSequence: number;
  /** The last sequence of a message on this subject (or on `lastSubjectSequenceSubject`). */
  lastSubjectSequence: number;
  /** The subject (wildcards allowed) `lastSubjectSequence` is checked against (server 2.11+). */
  lastSubjectSequenceSubject: string;
  lastSubjectSequenceValue: number;
};

/** Predefined cron aliases of message schedules (server 2.14+). */
export type PredefinedSchedule = "@yearly" | "@annually" | "@monthly" | "@weekly" | "@daily" | "@midnight" | "@hourly";
/** A message schedule: once `at`, `every` interval, a `cron` expression, or a predefined alias. */
export type ScheduleSpec = { at: Date | string } | { every: string } | { cron: string } | { predefined: PredefinedSchedule };
/** Publishes a message on a schedule (server 2.12+). */
export type ScheduleOptions = {
  specification: string | Date | ScheduleSpec;
  target: string;
  source?: string;
  ttl?: string;
  timezone?: string;
  rollup?: "sub";
};
/** Cancels a schedule as part of a publish (server 2.14+). */
export type ScheduleCancellation = { scheduleSubject: string };

/** Options of `js.publish()`. */
export type JetStreamPublishOptions = {
  /** Deduplication id (`Nats-Msg-Id`): a repeat within the stream's duplicate window is not stored again. */
  msgID: string;
  /** Milliseconds to wait for the acknowledgement (default: the context's timeout). */
  timeout: number;
  headers: MsgHdrs;
  /** Conditions the server checks before storing. */
  expect: Partial<StreamExpectations>;
  /** Per-message TTL (`1s`, `1h`, or seconds), for streams with `allow_msg_ttl` (server 2.11+). */
  ttl?: string;
  /**
   * Attempts when nobody answers (no responders: a stream leader is being elected) or the acknowledgement
   * times out, with backoff between them. Default 1.
   */
  retries?: number;
  schedule?: ScheduleOptions;
  cancelSchedule?: ScheduleCancellation;
};

/** Options of a message added to an atomic batch. */
export type BatchMessageOptions = Partial<Omit<JetStreamPublishOptions, "msgID" | "expect">> & {
  expect?: Partial<Omit<StreamExpectations, "lastMsgID">>;
};
/** Options of a batch message whose acknowledgement is awaited. */
export type BatchMessageOptionsWithReply = { ack: boolean } & Partial<BatchMessageOptions>;

/** An atomic batch publish (server 2.12+): messages staged, then committed together. */
export type Batch = {
  readonly id: string;
  readonly count: number;
  add(subj: string, payload?: Payload, opts?: Partial<BatchMessageOptions>): void;
  add(subj: string, payload?: Payload, opts?: Partial<BatchMessageOptionsWithReply>): Promise<void>;
  commit(subj: string, payload?: Payload, opts?: Partial<RequestOptions>): Promise<BatchAck>;
};
/** The acknowledgement of a committed batch. */
export type BatchAck = { batch: string; count: number } & PubAck;

/** Access to streams by name. */
export type Streams = {
  get(stream: string): Promise<Stream>;
};

/** The JetStream client: publishing with acknowledgements, and consumers. */
export type JetStreamClient = {
  /** Publishes to a stream and resolves with the server's acknowledgement. */
  publish(subj: string, payload?: Payload, options?: Partial<JetStreamPublishOptions>): Promise<PubAck>;
  /** Starts an atomic batch with its first message (server 2.12+). */
  startBatch(subj: string, payload?: Payload, opts?: Partial<JetStreamPublishOptions>): Promise<Batch>;
  /** The API prefix in use. */
  apiPrefix: string;
  consumers: Consumers;
  streams: Streams;
  /** A manager with the same options. */
  jetstreamManager(checkAPI?: boolean): Promise<JetStreamManager>;
  getOptions(): JetStreamOptions;
};
