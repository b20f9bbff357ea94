/**
 * An object store (nats.js's `ObjectStoreImpl`) on the stream `OBJ_<bucket>`: infos on `$O.<bucket>.M.<name
 * in URL-safe base64>`, chunks on `$O.<bucket>.C.<nuid>`. Reads and writes are in object-get.ts and
 * object-put.ts, watches in obj-watch.ts.
 */
import { headers, InvalidArgumentError, MsgHdrsImpl, type QueuedIterator } from "@nats-stack/core";
import { JetStreamApiCodes, JetStreamApiError } from "../api/errors";
import { JsHeaders } from "../api/headers";
import { DiscardPolicy, StoreCompression } from "../api/policies";
import type { PurgeResponse, StreamConfig, StreamInfo, StreamInfoRequestOptions } from "../api/stream-config";
import type { PubAck } from "../client/client-api";
import type { JetStreamClientImpl } from "../client/jetstream-client";
import type { JetStreamManagerImpl } from "../manager/manager";
import { Base64UrlPaddedCodec } from "./base64";
import { parseSha256 } from "./digest";
import { digestType, type ObjectInfo, type ObjectResult, type ObjectStore, type ObjectStoreMeta, type ObjectStoreOptions, type ObjectStorePutOpts, type ObjectStoreStatus, type ObjectWatchInfo } from "./obj-api";
import { ObjectStoreStatusImpl, objectStoreStreamName } from "./obj-status";
import { watchObjects, type ObjectWatchOptions } from "./obj-watch";
import { chunkStream, readBlob } from "./object-get";
import { ObjectInfoImpl, toServerObjectStoreMeta, type ServerObjectInfo } from "./object-info";
import { putObject, type PutSource } from "./object-put";

/**
 * nats.js's undocumented `allowBatched` (fast-ingest batches, API level 4) is not implemented here: refused
 * with nats.js's text where the server lacks it, with ours where it has it.
 */
export function batchedUnsupported(js: JetStreamClientImpl): Error {
  const apiLvl = (js.nc.info as { api_lvl?: number } | undefined)?.api_lvl ?? 0;
  return new Error(apiLvl < 4 ? "server does not support batched publishes" : "batched publishes are not supported by this client");
}

type Resolved = { info: ServerObjectInfo; store: ObjectStoreImpl; digest: Uint8Array } | null;

/** An object store. */
export class ObjectStoreImpl implements ObjectStore {
  jsm: JetStreamManagerImpl;
  js: JetStreamClientImpl;
  stream!: string;
  name: string;
  allowBatched = false;

  constructor(name: string, jsm: JetStreamManagerImpl, js: JetStreamClientImpl) {
    this.name = name;
    this.jsm = jsm;
    this.js = js;
  }

  _checkNotEmpty(name: string): { name: string; error?: Error } {
    if (!name || name.length === 0) return { name, error: new Error("name cannot be empty") };
    // An array or object name failed inside the base64 encoding as a TypeError (b.subarray); numbers name
    // objects as their text, as in nats.js, and stay accepted.
    if (typeof name !== "string" && typeof name !== "number") return { name, error: InvalidArgumentError.format("name", "must be a string") };
    return { name };
  }

  async info(name: string): Promise<ObjectInfo | null> {
    const info = await this.rawInfo(name);
    return info ? new ObjectInfoImpl(info) : null;
  }

  async list(): Promise<ObjectInfo[]> {
    const buf: ObjectInfo[] = [];
    for await (const info of await this.watch({ ignoreDeletes: true, includeHistory: true, historyOnly: true } as ObjectWatchOptions)) buf.push(info);
    return buf;
  }

  /** The stored info of `name` with its revision; null when there is none. */
  async rawInfo(name: string): Promise<ServerObjectInfo | null> {
    const { name: obj, error } = this._checkNotEmpty(name);
    if (error) throw error;
    const m = await this.jsm.streams.getMessage(this.stream, { last_by_subj: this._metaSubject(obj) });
    if (m === null) return null;
    const soi = m.json<ServerObjectInfo>();
    soi.revision = m.seq;
    return soi;
  }

  /** The stream's info; null when the store does not exist. */
  async _si(opts?: Partial<StreamInfoRequestOptions>): Promise<StreamInfo | null> {
    try {
      return await this.jsm.streams.info(this.stream, opts);
    } catch (err) {
      if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) return null;
      throw err;
    }
  }

  async seal(): Promise<ObjectStoreStatus> {
    let info = await this._si();
    if (info === null) throw new Error("object store not found");
    info.config.sealed = true;
    info = await this.jsm.streams.update(this.stream, info.config);
    return new ObjectStoreStatusImpl(info);
  }

  async status(opts?: Partial<StreamInfoRequestOptions>): Promise<ObjectStoreStatus> {
    const info = await this._si(opts);
    if (info === null) throw new Error("object store not found");
    return new ObjectStoreStatusImpl(info);
  }

  destroy(): Promise<boolean> {
    return this.jsm.streams.delete(this.stream);
  }

  /** @internal A write of `meta` with `src` (null: no data, for links). */
  _put(meta: ObjectStoreMeta, src: PutSource, opts?: ObjectStorePutOpts): Promise<ObjectInfo> {
    return putObject(this, meta, src, opts);
  }

  putBlob(meta: ObjectStoreMeta, data: Uint8Array | null, opts?: ObjectStorePutOpts): Promise<ObjectInfo> {
    // A promise API: even a throwing getter on `meta` rejects (nats.js reads meta inside its async put)
    try {
      return this.#putBlob(meta, data, opts);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  #putBlob(meta: ObjectStoreMeta, data: Uint8Array | null, opts?: ObjectStorePutOpts): Promise<ObjectInfo> {
    if (meta?.options?.link) return Promise.reject(new Error("link cannot be set when putting the object in bucket"));
    // Checked before anything is written: a string, an array or another array-like with contents failed
    // mid-put (data.subarray, nats.js: v.subarray); data without a length (42, {}) stays accepted as an empty
    // object, as in nats.js.
    if (!(data instanceof Uint8Array) && ((data as unknown as { length?: unknown })?.length as number) > 0) {
      return Promise.reject(InvalidArgumentError.format("data", "must be a Uint8Array or null"));
    }
    const bad = badHeaders(meta);
    if (bad) return Promise.reject(bad);
    return this._put(meta, { blob: data ?? new Uint8Array(0) }, opts);
  }

  put(meta: ObjectStoreMeta, rs: ReadableStream<Uint8Array> | null, opts?: ObjectStorePutOpts): Promise<ObjectInfo> {
    // A promise API: even a throwing getter on `meta` rejects
    try {
      return this.#putStream(meta, rs, opts);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  #putStream(meta: ObjectStoreMeta, rs: ReadableStream<Uint8Array> | null, opts?: ObjectStorePutOpts): Promise<ObjectInfo> {
    if (meta?.options?.link) return Promise.reject(new Error("link cannot be set when putting the object in bucket"));
    const bad = badHeaders(meta);
    if (bad) return Promise.reject(bad);
    return this._put(meta, rs ? { stream: rs } : null, opts);
  }

  /** The info to read for `name`: links followed (to another store without creating it), digest parsed. */
  private async resolve(name: string): Promise<Resolved> {
    const info = await this.rawInfo(name);
    if (info === null || info.deleted) return null;
    const link = info.options?.link;
    if (link) {
      const ln = link.name || "";
      if (ln === "") throw new Error("link is a bucket");
      const store = link.bucket !== this.name ? this.sibling(link.bucket) : this;
      return store.resolve(ln);
    }
    if (!info.digest.startsWith(digestType)) throw new Error(`unknown digest type: ${info.digest}`);
    const digest = parseSha256(info.digest.substring(digestType.length));
    if (digest === null) throw new Error(`unable to parse digest: ${info.digest}`);
    return { info, store: this, digest };
  }

  private sibling(bucket: string): ObjectStoreImpl {
    const os = new ObjectStoreImpl(bucket, this.jsm, this.js);
    os.stream = objectStoreStreamName(bucket);
    return os;
  }

  async getBlob(name: string): Promise<Uint8Array | null> {
    const r = await this.resolve(name);
    if (r === null) return null;
    if (r.info.size === 0) return new Uint8Array(0);
    return readBlob(r.store, r.info, r.digest);
  }

  async get(name: string): Promise<ObjectResult | null> {
    const r = await this.resolve(name);
    if (r === null) return null;
    let settle!: (err: Error | null) => void;
    const error = new Promise<Error | null>((resolve) => (settle = resolve));
    let data: ReadableStream<Uint8Array>;
    if (r.info.size === 0) {
      data = new ReadableStream<Uint8Array>({
        pull(c) {
          c.enqueue(new Uint8Array(0));
          c.close();
        },
      });
      settle(null);
    } else {
      data = chunkStream(r.store, r.info, r.digest, settle);
    }
    return { info: new ObjectInfoImpl(r.info), data, error };
  }

  linkStore(name: string, bucket: ObjectStore): Promise<ObjectInfo> {
    if (!(bucket instanceof ObjectStoreImpl)) return Promise.reject(new Error("bucket required"));
    const { name: n, error } = this._checkNotEmpty(name);
    if (error) return Promise.reject(error);
    return this._put({ name: n, options: { link: { bucket: bucket.name } } }, null);
  }

  async link(name: string, info: ObjectInfo): Promise<ObjectInfo> {
    const { name: n, error } = this._checkNotEmpty(name);
    if (error) throw error;
    // The source must be an object info (nats.js: a TypeError reading 'deleted')
    if (info === null || typeof info !== "object") throw InvalidArgumentError.format("info", "must be an object info");
    if (info.deleted) throw new Error("src object is deleted");
    if ((info as ObjectInfoImpl).isLink?.() || info.options?.link) throw new Error("src object is a link");
    const dest = await this.rawInfo(name);
    if (dest !== null && !dest.deleted) throw new Error("an object already exists with that name");
    const link = { bucket: info.bucket, name: info.name };
    const mm = { name: n, bucket: info.bucket, options: { link } };
    await this.js.publish(this._metaSubject(name), JSON.stringify(mm));
    return (await this.info(name))!;
  }

  async delete(name: string): Promise<PurgeResponse> {
    const info = await this.rawInfo(name);
    if (info === null) return { purged: 0, success: false };
    info.deleted = true;
    info.size = 0;
    info.chunks = 0;
    info.digest = "";
    const h = headers();
    h.set(JsHeaders.RollupHdr, JsHeaders.RollupValueSubject);
    await this.js.publish(this._metaSubject(info.name), JSON.stringify(info), { headers: h });
    return this.jsm.streams.purge(this.stream, { filter: this._chunkSubject(info.nuid) });
  }

  async update(name: string, meta: Partial<ObjectStoreMeta> = {}): Promise<PubAck> {
    const info = await this.rawInfo(name);
    if (info === null) throw new Error("object not found");
    if (info.deleted) throw new Error("cannot update meta for a deleted object");
    meta = { ...meta, name: meta.name ?? info.name };
    const { name: n, error } = this._checkNotEmpty(meta.name!);
    if (error) throw error;
    if (name !== meta.name) {
      const i = await this.info(meta.name!);
      if (i && !i.deleted) throw new Error("an object already exists with that name");
    }
    meta.name = n;
    const ii = Object.assign({}, info, toServerObjectStoreMeta(meta as ObjectStoreMeta));
    const ack = await this.js.publish(this._metaSubject(ii.name), JSON.stringify(ii));
    // A rename leaves the old name's info behind: purge it.
    if (name !== meta.name) await this.jsm.streams.purge(this.stream, { filter: this._metaSubject(name) });
    return ack;
  }

  watch(opts: Partial<{ ignoreDeletes?: boolean; includeHistory?: boolean }> = {}): Promise<QueuedIterator<ObjectWatchInfo>> {
    return watchObjects(this, opts);
  }

  _chunkSubject(id: string): string {
    return `$O.${this.name}.C.${id}`;
  }

  _metaSubject(n: string): string {
    return `$O.${this.name}.M.${Base64UrlPaddedCodec.encode(n)}`;
  }

  _metaSubjectAll(): string {
    return `$O.${this.name}.M.>`;
  }

  /** Looks the store's stream up, creating it when it does not exist. */
  async init(opts: Partial<ObjectStoreOptions> = {}): Promise<StreamInfo> {
    this.stream = objectStoreStreamName(this.name);
    const { ttl, replicas, compression, ...rest } = opts as Partial<ObjectStoreOptions> & { allowBatched?: boolean };
    if ((rest as { allowBatched?: boolean }).allowBatched === true) throw batchedUnsupported(this.js);
    delete (rest as { allowBatched?: boolean }).allowBatched;
    const sc: Partial<StreamConfig> & { name: string } = Object.assign({ max_age: ttl || 0 }, rest as Partial<StreamConfig>, { name: this.stream });
    sc.allow_direct = true;
    sc.allow_rollup_hdrs = true;
    sc.num_replicas = replicas || 1;
    sc.discard = DiscardPolicy.New;
    sc.subjects = [`$O.${this.name}.C.>`, `$O.${this.name}.M.>`];
    if (typeof compression === "boolean") sc.compression = compression ? StoreCompression.S2 : StoreCompression.None;
    try {
      return await this.jsm.streams.info(sc.name);
    } catch (err) {
      if ((err as Error).message !== "stream not found") throw err;
      return this.jsm.streams.add(sc);
    }
  }

  static async create(js: JetStreamClientImpl, name: string, opts: Partial<ObjectStoreOptions> = {}): Promise<ObjectStore> {
    const jsm = (await js.jetstreamManager()) as JetStreamManagerImpl;
    const os = new ObjectStoreImpl(name, jsm, js);
    await os.init(opts);
    return os;
  }
}

/**
 * The meta's headers, when given, must be made by `headers()`: anything else failed mid-put as a TypeError
 * (nats.js: `mhi.toRecord is not a function`).
 */
function badHeaders(meta: ObjectStoreMeta | undefined | null): Error | undefined {
  const h = meta?.headers;
  if (h === undefined || h === null || h instanceof MsgHdrsImpl) return undefined;
  return InvalidArgumentError.format("headers", "must be made with headers()");
}
