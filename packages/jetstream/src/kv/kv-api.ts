/**
 * The public shapes of the key-value store, as `@nats-io/kv` 3.4.0 declares them: entries, bucket options
 * and limits, status, watch options, and the `KV`/`RoKV` interfaces.
 */
import type { Payload, QueuedIterator } from "@nats-stack/core";
import type { StorageType } from "../api/policies";
import type { Placement, Republish, StreamInfo, StreamSource } from "../api/stream-config";
import type { KvCodecs } from "./codecs";

/** A value stored under a key (or the marker of its deletion). */
export type KvEntry = {
  bucket: string;
  key: string;
  value: Uint8Array;
  created: Date;
  /** The stream sequence that stored it. */
  revision: number;
  /** Entries after this one in a watch or history (0 for a `get()`). */
  delta?: number;
  operation: "PUT" | "DEL" | "PURGE";
  /** Size of the value (from `Nats-Msg-Size` when only headers were read). */
  length: number;
  /** The key as stored (encoded by the key codec). */
  rawKey: string;
  /** The value parsed as JSON; throws when it is not JSON. */
  json<T>(): T;
  /** The value as UTF-8 text. */
  string(): string;
};

/** An entry delivered by a watch or a history: `isUpdate` is false while it replays what was stored. */
export type KvWatchEntry = KvEntry & {
  isUpdate: boolean;
};

/** Limits and settings of a bucket. */
export type KvLimits = {
  /** Description of the bucket's stream. */
  description: string;
  /** Replicas of the bucket (1, 3 or 5). */
  replicas: number;
  /** Values kept per key (1 to 64). */
  history: number;
  /** Most bytes the bucket may hold. */
  max_bytes: number;
  /** Largest value. */
  maxValueSize: number;
  /** Milliseconds a value lives (0: forever). Delete markers are not removed by it. */
  ttl: number;
  /** Milliseconds delete markers live (turns on the stream's `allow_msg_ttl`; server 2.11+). */
  markerTTL: number;
  /** Storage of the bucket's stream. */
  storage: StorageType;
  /** Placement of the bucket's stream. */
  placement: Placement;
  /** Republishes every change on a core subject. */
  republish: Republish;
  /** Makes the bucket a mirror of another bucket (`KV_` is added to the name when missing). */
  mirror?: StreamSource;
  /** Buckets (or streams) whose entries are copied into this one. */
  sources?: StreamSource[];
  /** S2 compression of the stream (server 2.10+). */
  compression?: boolean;
};

/** A bucket's settings and state. */
export type KvStatus = KvLimits & {
  /** The bucket's name (its stream's name without `KV_`). */
  bucket: string;
  /** Messages stored (values and markers). */
  values: number;
  /** The stream's info. */
  streamInfo: StreamInfo;
  /** Bytes stored. */
  size: number;
  /** The stream's metadata (server 2.10+). */
  metadata?: Record<string, string>;
  /** Milliseconds delete markers live (0 when the stream does not remove them). */
  markerTTL: number;
};

/** Options of `Kvm.create()` and `Kvm.open()`. */
export type KvOptions = KvLimits & {
  /** Milliseconds to wait for an answer (unused, as in nats.js: the JetStream context's timeout applies). */
  timeout: number;
  /** The stream's name (default `KV_<bucket>`). */
  streamName: string;
  /** Key and value codecs. */
  codec: KvCodecs;
  /** Do not look the bucket up or create it. */
  bindOnly: boolean;
  /** Read with direct gets (faster; a replica may answer with an older value). */
  allow_direct: boolean;
  /** The stream's metadata (server 2.10+). */
  metadata?: Record<string, string>;
};

/** What a watch delivers first. */
export const KvWatchInclude = {
  /** The last value of every key, then the updates. */
  LastValue: "",
  /** Every value stored (the whole history), then the updates. */
  AllHistory: "history",
  /** Only the updates made from now on. */
  UpdatesOnly: "updates",
} as const;
/** A value of {@link KvWatchInclude}. */
export type KvWatchInclude = (typeof KvWatchInclude)[keyof typeof KvWatchInclude];

/** Options of `watch()`. */
export type KvWatchOptions = {
  /** A key or a filter (`a.*`, `a.>`); several (server 2.10+). Default: every key. */
  key?: string | string[];
  /** Read only the headers (`length` then says the size of the value). */
  headers_only?: boolean;
  /** Skip deletes. */
  ignoreDeletes?: boolean;
  /** What to deliver first (default: the last value of every key). */
  include?: KvWatchInclude;
  /** Start at this revision (a watcher that kept its place). */
  resumeFromRevision?: number;
  /**
   * Ours (nats.js v2's option, gone from v3): called once the stored entries the watch starts with have been
   * handed out (at once when there are none).
   */
  initializedFn?: () => void;
};

/** The read side of a bucket. */
export type RoKV = {
  /** The entry of `k` (its last revision, or `revision`), a delete marker included; null when there is none. */
  get(k: string, opts?: { revision: number }): Promise<KvEntry | null>;
  /** Every stored revision of the keys (default all), then the iterator ends. */
  history(opts?: { key?: string | string[] }): Promise<QueuedIterator<KvWatchEntry>>;
  /** The entries of the keys as they change. */
  watch(opts?: KvWatchOptions): Promise<QueuedIterator<KvWatchEntry>>;
  /** The bucket's settings and state. */
  status(): Promise<KvStatus>;
  /** The keys that hold a value (default all, or those matching `filter`), then the iterator ends. */
  keys(filter?: string | string[]): Promise<QueuedIterator<string>>;
};

/** A bucket. */
export type KV = RoKV & {
  /**
   * Stores `data` under `k` if `k` has no value (never had one, or its last entry is a delete); fails with
   * `wrong last sequence: <n>` otherwise. `markerTTL` ("10s", "1m"…) asks for a marker when it expires.
   */
  create(k: string, data: Payload, markerTTL?: string): Promise<number>;
  /** Stores `data` under `k` if its last revision is `version`; fails with `wrong last sequence: <n>` otherwise. */
  update(k: string, data: Payload, version: number, timeout?: number): Promise<number>;
  /** Stores `data` under `k`; resolves with the revision. */
  put(k: string, data: Payload, opts?: Partial<KvPutOptions>): Promise<number>;
  /** Marks `k` deleted (a `DEL` entry; history stays). A filter deletes every matching key. */
  delete(k: string, opts?: Partial<KvDeleteOptions>): Promise<void>;
  /** Removes the history of `k`, leaving a `PURGE` marker. A filter purges every matching key. */
  purge(k: string, opts?: Partial<KvPurgeOptions>): Promise<void>;
  /** Deletes the bucket and everything in it. */
  destroy(): Promise<boolean>;
};

/** Options of `put()`. */
export type KvPutOptions = {
  /** The key's last revision must be this (0: the key must have none). */
  previousSeq: number;
  /** Milliseconds to wait for the acknowledgement (default: the JetStream context's timeout). */
  timeout: number;
};

/** Options of `delete()`. */
export type KvDeleteOptions = {
  /** The key's last revision must be this. */
  previousSeq: number;
};

/** Options of `purge()`. */
export type KvPurgeOptions = KvDeleteOptions & {
  /** A Go duration ("10s", "1m"; seconds without a unit) after which the purge marker goes (server 2.11+, `markerTTL` buckets). */
  ttl: string;
};

/** The prefix of a bucket's stream name. */
export const kvPrefix = "KV_";
/** The header that says what an entry is (`DEL`, `PURGE`; absent for a value). */
export const kvOperationHdr = "KV-Operation";
