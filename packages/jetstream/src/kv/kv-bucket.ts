/**
 * A key-value bucket (nats.js's `Bucket`): keys are subjects `$KV.<bucket>.<key>` of the stream
 * `KV_<bucket>`; a value is a message, a delete or purge is a message with `KV-Operation: DEL|PURGE` (a purge
 * also rolls the key's history up with `Nats-Rollup: sub`); compare-and-set is
 * `Nats-Expected-Last-Subject-Sequence`; reads are direct gets (or message gets) of the last message on the
 * key's subject. The same bytes nats.js and nats.go write, so the three share buckets.
 */
import { Empty, headers, type Payload, type QueuedIterator } from "@nats-stack/core";
import { JetStreamApiCodes, JetStreamApiError } from "../api/errors";
import { JsHeaders, PubHeaders } from "../api/headers";
import type { StoredMsg } from "../api/message-types";
import type { JetStreamManagerOptions } from "../api/options";
import { feature } from "../api/server-features";
import type { PurgeOpts, PurgeResponse, StreamConfig, StreamInfo } from "../api/stream-config";
import type { JetStreamClientImpl } from "../client/jetstream-client";
import type { JsMsg } from "../jsmsg/jsmsg";
import type { JetStreamManagerImpl } from "../manager/manager";
import { isNoopKeyCodec, mapKeyTokens, NoopKvCodecs, type KvCodecs } from "./codecs";
import { bucketStreamConfig } from "./kv-config";
import { KvJsMsgEntryImpl, KvStoredEntryImpl } from "./kv-entry";
import { hasWildcards, validateBucket, validateKey, validateSearchKey } from "./kv-keys";
import {
  kvOperationHdr,
  kvPrefix,
  type KV,
  type KvDeleteOptions,
  type KvEntry,
  type KvOptions,
  type KvPurgeOptions,
  type KvPutOptions,
  type KvStatus,
  type KvWatchEntry,
  type KvWatchOptions,
} from "./kv-api";
import { KvStatusImpl } from "./kv-status";
import { bucketHistory, bucketKeys, bucketWatch, lastEntries } from "./kv-watch";

/** Deletes or purges of a wildcard delete/purge sent before waiting for their acknowledgements. */
const WILDCARD_BATCH = 100;

/** A bucket. `create()`/`bind()` make one; the fields are nats.js's, for code that reads them. */
export class Bucket implements KV {
  js: JetStreamClientImpl;
  jsm: JetStreamManagerImpl;
  stream!: string;
  bucket: string;
  direct = false;
  codec: KvCodecs = NoopKvCodecs();
  prefix = "$KV";
  editPrefix = "";
  useJsPrefix = false;
  _prefixLen = 0;
  /** What a key is appended to when writing (`$KV.<bucket>.`, with the API prefix across accounts). */
  private writePrefix = "";

  constructor(bucket: string, js: JetStreamClientImpl, jsm: JetStreamManagerImpl) {
    validateBucket(bucket);
    this.js = js;
    this.jsm = jsm;
    this.bucket = bucket;
  }

  /** Looks the bucket up, creating its stream when it does not exist (an existing stream is left as it is). */
  static async create(js: JetStreamClientImpl, name: string, opts: Partial<KvOptions> = {}): Promise<KV> {
    validateBucket(name);
    const jsm = (await js.jetstreamManager()) as JetStreamManagerImpl;
    const bucket = new Bucket(name, js, jsm);
    await bucket.init(opts);
    return bucket;
  }

  /** A bucket used as it is, without a request: reads are direct only when `allow_direct` says so. */
  static async bind(js: JetStreamClientImpl, name: string, opts: Partial<KvOptions> = {}): Promise<KV> {
    const checkAPI = (js.getOptions() as JetStreamManagerOptions).checkAPI || opts.bindOnly === false;
    const jsm = (await js.jetstreamManager(checkAPI)) as JetStreamManagerImpl;
    validateBucket(name);
    const bucket = new Bucket(name, js, jsm);
    const stream = opts.streamName ?? bucket.bucketName();
    bucket.stream = stream;
    bucket.codec = opts.codec || NoopKvCodecs();
    bucket.direct = opts.allow_direct ?? false;
    bucket.initializePrefixes({ config: { name: stream, allow_direct: opts.allow_direct } } as StreamInfo);
    return bucket;
  }

  async init(opts: Partial<KvOptions> = {}): Promise<void> {
    this.codec = opts.codec ?? NoopKvCodecs();
    const { config, direct } = bucketStreamConfig(this.js.nc, this.bucket, opts);
    this.stream = config.name;
    this.direct = direct;
    let info: StreamInfo;
    try {
      info = await this.jsm.streams.info(config.name);
      if (!info.config.allow_direct && this.direct) this.direct = false;
    } catch (err) {
      if ((err as Error).message !== "stream not found") throw err;
      info = await this.jsm.streams.add(config as Partial<StreamConfig> & { name: string });
    }
    this.initializePrefixes(info);
  }

  /** The subjects of a bucket, and of the bucket it mirrors (its writes go to the origin). */
  initializePrefixes(info: StreamInfo): void {
    this._prefixLen = 0;
    this.prefix = `$KV.${this.bucket}`;
    this.useJsPrefix = this.js.apiPrefix !== "$JS.API";
    const mirror = info.config?.mirror;
    if (mirror) {
      let n = mirror.name;
      if (n.startsWith(kvPrefix)) n = n.substring(kvPrefix.length);
      if (mirror.external && mirror.external.api !== "") {
        this.useJsPrefix = false;
        this.prefix = `$KV.${mirror.name.substring(kvPrefix.length)}`;
        this.editPrefix = `${mirror.external.api}.$KV.${n}`;
      } else {
        this.editPrefix = this.prefix;
      }
    }
    this.writePrefix = `${this.useJsPrefix ? `${this.js.apiPrefix}.` : ""}${this.editPrefix !== "" ? this.editPrefix : this.prefix}.`;
  }

  bucketName(): string {
    return this.stream ?? `${kvPrefix}${this.bucket}`;
  }

  subjectForBucket(): string {
    return `${this.prefix}.${this.bucket}.>`;
  }

  /** The subject of key `k` (already encoded): the one to read, or with `edit` the one to write. */
  subjectForKey(k: string, edit = false): string {
    return edit ? this.writePrefix + k : this.prefix ? `${this.prefix}.${k}` : k;
  }

  fullKeyName(k: string): string {
    return this.prefix !== "" ? `${this.prefix}.${k}` : `$KV.${this.bucket}.${k}`;
  }

  get prefixLen(): number {
    if (this._prefixLen === 0) this._prefixLen = this.prefix.length + 1;
    return this._prefixLen;
  }

  encodeKey(key: string): string {
    return isNoopKeyCodec(this.codec.key) ? key : mapKeyTokens(key, this.codec.key.encode);
  }

  decodeKey(ekey: string): string {
    return isNoopKeyCodec(this.codec.key) ? ekey : mapKeyTokens(ekey, this.codec.key.decode);
  }

  validateKey = validateKey;
  validateSearchKey = validateSearchKey;
  hasWildcards = hasWildcards;

  close(): Promise<void> {
    return Promise.resolve();
  }

  dataLen(data: Uint8Array, h?: { get(k: string): string }): number {
    const size = h ? h.get(JsHeaders.MessageSizeHdr) || "" : "";
    return size !== "" ? parseInt(size, 10) : data.length;
  }

  smToEntry(sm: StoredMsg): KvEntry {
    return new KvStoredEntryImpl(this.bucket, this.prefixLen, sm, this.codec);
  }

  jmToWatchEntry(jm: JsMsg, isUpdate: boolean): KvWatchEntry {
    return new KvJsMsgEntryImpl(this.bucket, this.prefixLen, jm, isUpdate, this.codec);
  }

  async create(k: string, data: Payload, markerTTL?: string): Promise<number> {
    let firstErr: unknown;
    try {
      return await this._put(k, data, { previousSeq: 0 }, markerTTL);
    } catch (err) {
      firstErr = err;
      const code = err instanceof JetStreamApiError ? err.code : 0;
      if (code !== JetStreamApiCodes.StreamWrongLastSequence && code !== JetStreamApiCodes.StreamWrongLastSequenceUnknown) throw err;
    }
    // The key exists: allowed when its last entry is a delete or a purge, as long as nobody wrote since.
    const e = await this.get(k);
    if (e?.operation === "DEL" || e?.operation === "PURGE") return this._put(k, data, { previousSeq: e.revision }, markerTTL);
    throw firstErr;
  }

  update(k: string, data: Payload, version: number, timeout?: number): Promise<number> {
    // Synchronous, as nats.js's.
    if (version <= 0) throw new Error("version must be greater than 0");
    return this.put(k, data, { previousSeq: version, timeout });
  }

  /** @internal A put, with an expected last revision and a marker TTL when asked. */
  _put(k: string, data: Payload, opts: Partial<KvPutOptions> = {}, markerTTL?: string): Promise<number> {
    let subject: string;
    let payload: Uint8Array;
    let o: { timeout?: number; headers?: ReturnType<typeof headers> } | undefined;
    // null options are no options (they were a TypeError reading 'timeout')
    opts = opts ?? {};
    try {
      const ek = this.encodeKey(k);
      this.validateKey(ek);
      payload = this.codec.value.encode(data);
      subject = this.writePrefix + ek;
      if (opts.timeout || opts.previousSeq !== undefined || markerTTL) {
        o = { timeout: opts.timeout };
        if (opts.previousSeq !== undefined) {
          o.headers = headers();
          o.headers.set(PubHeaders.ExpectedLastSubjectSequenceHdr, `${opts.previousSeq}`);
        }
        if (markerTTL) {
          this.needMsgTTL("create 'markerTTL'");
          o.headers ??= headers();
          o.headers.set(PubHeaders.MessageTTL, markerTTL);
        }
      }
    } catch (err) {
      return Promise.reject(err);
    }
    return this.js.publishSeq(subject, payload, o);
  }

  put(k: string, data: Payload, opts: Partial<KvPutOptions> = {}): Promise<number> {
    return this._put(k, data, opts);
  }

  get(k: string, opts?: { revision: number }): Promise<KvEntry | null> {
    let ek: string;
    let revision: number | undefined;
    try {
      ek = this.encodeKey(k);
      this.validateKey(ek);
      // read inside the try: a throwing getter on the options rejects, as nats.js's async get() does
      revision = opts ? opts.revision : undefined;
    } catch (err) {
      return Promise.reject(err);
    }
    if (revision !== undefined && revision > 0) return this.getRevision(ek, revision);
    // The common read: one direct get of the key's subject, nothing else (the answer is that subject's).
    if (this.direct) return this.jsm.direct.lastBySubject(this.bucketName(), this.subjectForKey(ek), this.toEntry);
    return this.jsm.streams.getMessage(this.bucketName(), { last_by_subj: this.subjectForKey(ek) }).then(this.toEntry);
  }

  private readonly toEntry = (sm: StoredMsg | null): KvEntry | null => (sm === null ? null : this.smToEntry(sm));

  private async getRevision(ek: string, revision: number): Promise<KvEntry | null> {
    const arg = { seq: revision };
    const sm = this.direct ? await this.jsm.direct.getMessage(this.bucketName(), arg) : await this.jsm.streams.getMessage(this.bucketName(), arg);
    if (sm === null) return null;
    const ke = this.smToEntry(sm);
    // A revision of another key is not this key's entry.
    return ke.rawKey === ek ? ke : null;
  }

  purge(k: string, opts?: Partial<KvPurgeOptions>): Promise<void> {
    return this._deleteOrPurge(k, "PURGE", opts);
  }

  delete(k: string, opts?: Partial<KvDeleteOptions>): Promise<void> {
    return this._deleteOrPurge(k, "DEL", opts);
  }

  /**
   * Removes delete and purge markers: those older than `olderMillis` (default 30 minutes) with everything
   * before them, the younger ones keeping only the marker. Only markers that are the last entry of their key
   * are touched (nats.js looks at every marker of the history, and purges a key whose old marker was followed
   * by a newer value, value included).
   */
  async purgeDeletes(olderMillis = 30 * 60 * 1000): Promise<PurgeResponse> {
    const markers: KvEntry[] = [];
    for await (const e of await lastEntries(this, ">", true)) {
      if (e.operation === "DEL" || e.operation === "PURGE") markers.push(e);
    }
    const min = Date.now() - olderMillis;
    const total: PurgeResponse = { success: true, purged: 0 };
    for (let i = 0; i < markers.length; i += WILDCARD_BATCH) {
      const rs = await Promise.all(
        markers.slice(i, i + WILDCARD_BATCH).map((e) => {
          const filter = this.subjectForKey(e.rawKey);
          return this.jsm.streams.purge(this.stream, { filter, keep: e.created.getTime() >= min ? 1 : 0 });
        }),
      );
      for (const r of rs) total.purged += r.purged;
    }
    return total;
  }

  /** @internal A delete or purge of one key, or of every key a filter matches. */
  async _deleteOrPurge(k: string, op: "DEL" | "PURGE", opts?: Partial<KvPurgeOptions>): Promise<void> {
    if (!this.hasWildcards(k)) return this._doDeleteOrPurge(k, op, opts);
    const buf: Promise<void>[] = [];
    for await (const key of await this.keys(k)) {
      buf.push(this._doDeleteOrPurge(key, op));
      if (buf.length === WILDCARD_BATCH) {
        await Promise.all(buf);
        buf.length = 0;
      }
    }
    await Promise.all(buf);
  }

  /** @internal The marker of a delete (`KV-Operation: DEL`) or a purge (`PURGE`, rolling the key up). */
  async _doDeleteOrPurge(k: string, op: "DEL" | "PURGE", opts?: Partial<KvPurgeOptions>): Promise<void> {
    const ek = this.encodeKey(k);
    this.validateKey(ek);
    const h = headers();
    h.set(kvOperationHdr, op);
    if (op === "PURGE") {
      h.set(JsHeaders.RollupHdr, JsHeaders.RollupValueSubject);
      if (typeof opts?.ttl === "string" && opts.ttl !== "") {
        this.needMsgTTL("purge 'ttl'");
        h.set(PubHeaders.MessageTTL, opts.ttl);
      }
    }
    if (opts?.previousSeq) h.set(PubHeaders.ExpectedLastSubjectSequenceHdr, `${opts.previousSeq}`);
    await this.js.publish(this.writePrefix + ek, Empty, { headers: h });
  }

  // A per-message TTL on a server that ignores it would leave markers forever: refused (ours; nats.js sends it).
  private needMsgTTL(what: string): void {
    const { ok, min } = feature(this.js.nc, "JS_MSG_TTL");
    if (!ok) throw new Error(`${what} requires server ${min}`);
  }

  remove(k: string): Promise<void> {
    return this.purge(k);
  }

  history(opts: { key?: string | string[]; headers_only?: boolean } = {}): Promise<QueuedIterator<KvWatchEntry>> {
    // null options are no options (nats.js: a TypeError reading 'key')
    return bucketHistory(this, opts ?? {});
  }

  /** Whether consumers can be named (server 2.9.0+). */
  canSetWatcherName(): boolean {
    return feature(this.js.nc, "JS_NEW_CONSUMER_CREATE_API").ok;
  }

  watch(opts: KvWatchOptions = {}): Promise<QueuedIterator<KvWatchEntry>> {
    // null options are no options (nats.js: a TypeError reading 'key')
    return bucketWatch(this, opts ?? {});
  }

  keys(k: string | string[] = ">"): Promise<QueuedIterator<string>> {
    return bucketKeys(this, k);
  }

  purgeBucket(opts?: PurgeOpts): Promise<PurgeResponse> {
    return this.jsm.streams.purge(this.bucketName(), opts);
  }

  destroy(): Promise<boolean> {
    return this.jsm.streams.delete(this.bucketName());
  }

  async status(): Promise<KvStatus> {
    const cluster = this.js.nc.info?.cluster ?? "";
    const si = await this.jsm.streams.info(this.bucketName());
    return new KvStatusImpl(si, cluster);
  }
}

