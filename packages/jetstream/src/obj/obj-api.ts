/**
 * The public shapes of the object store, as `@nats-io/obj` 3.4.0 declares them: object metadata and info,
 * store options and status, the result of a read, and the `ObjectStore` interface.
 */
import type { MsgHdrs, Nanos, QueuedIterator } from "@nats-stack/core";
import type { StorageType } from "../api/policies";
import type { Placement, PurgeResponse, StreamInfo, StreamInfoRequestOptions } from "../api/stream-config";
import type { PubAck } from "../client/client-api";

/** A link to an object (or, without `name`, to a whole store). */
export type ObjectStoreLink = {
  /** The store holding the data. */
  bucket: string;
  /** The object linked to; empty for the whole store. */
  name?: string;
};

/** Options of an object. */
export type ObjectStoreMetaOptions = {
  /** Set when the object is a link to another. */
  link?: ObjectStoreLink;
  /** Largest chunk in bytes (default 128 KiB, at most the server's max payload). */
  max_chunk_size?: number;
};

/** What describes an object: its name and what the application adds. */
export type ObjectStoreMeta = {
  name: string;
  description?: string;
  headers?: MsgHdrs;
  options?: ObjectStoreMetaOptions;
  metadata?: Record<string, string>;
};

/** An object's info delivered by a watch: `isUpdate` is false while it replays what was stored. */
export type ObjectWatchInfo = ObjectInfo & {
  isUpdate: boolean;
};

/** An object's info. */
export type ObjectInfo = ObjectStoreMeta & {
  /** The store. */
  bucket: string;
  /** The id of the chunks holding the data (`$O.<bucket>.C.<nuid>`). */
  nuid: string;
  /** Size in bytes. */
  size: number;
  /** Number of chunks. */
  chunks: number;
  /** SHA-256 of the data: `SHA-256=<base64url>`. */
  digest: string;
  /** True once deleted. */
  deleted: boolean;
  /** Modification time (RFC 3339, UTC). */
  mtime: string;
  /** The stream sequence of the info. */
  revision: number;
};

/** A link to an object. */
export type ObjectLink = {
  /** The store holding the data. */
  bucket: string;
  /** The object; unset for a whole store. */
  name?: string;
};

/** A store's settings and state. */
export type ObjectStoreStatus = {
  bucket: string;
  description: string;
  /** Nanoseconds objects live (0: forever); `millis()` converts. */
  ttl: Nanos;
  storage: StorageType;
  replicas: number;
  /** True once sealed: nothing can be changed. */
  sealed: boolean;
  /** Bytes stored. */
  size: number;
  /** Always "JetStream". */
  backingStore: string;
  streamInfo: StreamInfo;
  /** The stream's metadata (server 2.10+). */
  metadata?: Record<string, string> | undefined;
  /** Whether the stream is S2 compressed (server 2.10+). */
  compression: boolean;
};

/** Options of `Objm.create()`. */
export type ObjectStoreOptions = {
  description?: string;
  /** Nanoseconds objects live (`nanos()` converts milliseconds). */
  ttl?: Nanos;
  storage: StorageType;
  replicas: number;
  /** Most bytes the store may hold. */
  max_bytes: number;
  placement: Placement;
  /** The stream's metadata (server 2.10+). */
  metadata?: Record<string, string>;
  /** S2 compression of the stream (server 2.10+). */
  compression?: boolean;
};

/** A read: the info, the data as a stream, and how the read ended. */
export type ObjectResult = {
  info: ObjectInfo;
  /** The data, chunk by chunk; it errors when a chunk is missing or the digest does not match. */
  data: ReadableStream<Uint8Array>;
  /** Resolves once the data ended: null when all of it was read and checked, else the error that ended it. */
  error: Promise<Error | null>;
};

/** Options of `put()` and `putBlob()`. */
export type ObjectStorePutOpts = {
  /** Milliseconds each chunk's acknowledgement may take (default: the JetStream context's timeout). */
  timeout?: number;
  /** The object's info must be at this revision (0: the object must not exist). */
  previousRevision?: number;
};

/** An object store. */
export type ObjectStore = {
  /** The info of `name` (deleted objects too); null when there is none. */
  info(name: string): Promise<ObjectInfo | null>;
  /** The info of every object that is not deleted. */
  list(): Promise<ObjectInfo[]>;
  /** Reads `name` as a stream; null when there is none or it is deleted. Links are followed. */
  get(name: string): Promise<ObjectResult | null>;
  /** Reads `name` whole; null when there is none or it is deleted. */
  getBlob(name: string): Promise<Uint8Array | null>;
  /** Stores what `rs` yields as `meta.name`. */
  put(meta: ObjectStoreMeta, rs: ReadableStream<Uint8Array>, opts?: ObjectStorePutOpts): Promise<ObjectInfo>;
  /** Stores `data` as `meta.name`. */
  putBlob(meta: ObjectStoreMeta, data: Uint8Array | null, opts?: ObjectStorePutOpts): Promise<ObjectInfo>;
  /** Deletes `name`: its chunks go, a deleted info stays. */
  delete(name: string): Promise<PurgeResponse>;
  /** Adds `name` as a link to the object `meta` (links of links are refused). */
  link(name: string, meta: ObjectInfo): Promise<ObjectInfo>;
  /** Adds `name` as a link to a whole store. */
  linkStore(name: string, bucket: ObjectStore): Promise<ObjectInfo>;
  /** The infos as they change (deletes included unless `ignoreDeletes`; the last of each first with `includeHistory`). */
  watch(opts?: Partial<{ ignoreDeletes?: boolean; includeHistory?: boolean }>): Promise<QueuedIterator<ObjectWatchInfo>>;
  /** Seals the store: nothing can be changed any more. */
  seal(): Promise<ObjectStoreStatus>;
  /** The store's settings and state. */
  status(opts?: Partial<StreamInfoRequestOptions>): Promise<ObjectStoreStatus>;
  /** Changes the name (a rename), description, headers or metadata of `name`. */
  update(name: string, meta: Partial<ObjectStoreMeta>): Promise<PubAck>;
  /** Deletes the store and everything in it. */
  destroy(): Promise<boolean>;
};

/** The prefix of a store's stream name. */
export const osPrefix = "OBJ_";
/** The prefix of a digest. */
export const digestType = "SHA-256=";
