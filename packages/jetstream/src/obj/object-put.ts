/**
 * Writing an object: the data cut into chunks of `max_chunk_size` (default 128 KiB, at most the server's max
 * payload) published to `$O.<bucket>.C.<nuid>`, then its info (size, chunk count, SHA-256 digest, mtime)
 * published to `$O.<bucket>.M.<name>` with `Nats-Rollup: sub`, so only the last info of a name is kept; the
 * chunks of the version it replaced are purged afterwards. The bytes are nats.js's and nats.go's.
 *
 * Memory stays bounded: chunks go out while the next ones are read, with at most {@link WINDOW_BYTES} of them
 * awaiting their acknowledgement (nats.js awaits each chunk before reading the next); nothing of the object is
 * kept once acknowledged (the hash is incremental, see sha256.ts). A failure purges the chunks already stored.
 */
import { headers, InvalidArgumentError, nuid } from "@nats-stack/core";
import { JsHeaders, PubHeaders } from "../api/headers";
import type { PubAck } from "../client/client-api";
import type { JetStreamClientImpl } from "../client/jetstream-client";
import type { JetStreamManagerImpl } from "../manager/manager";
import { formatDigest } from "./digest";
import type { ObjectInfo, ObjectStoreMeta, ObjectStorePutOpts } from "./obj-api";
import { ObjectInfoImpl, toServerObjectStoreMeta, type ServerObjectInfo } from "./object-info";
import { digestWhole, incrementalHasher, streamHasher } from "./sha256";

/** Default chunk size. */
export const DEFAULT_CHUNK_SIZE = 128 * 1024;
/** Bytes of chunks that may await their acknowledgement at once. */
export const WINDOW_BYTES = 8 * 1024 * 1024;

/** What a write needs from its store. */
export interface StoreRef {
  readonly js: JetStreamClientImpl;
  readonly jsm: JetStreamManagerImpl;
  readonly stream: string;
  readonly name: string;
  info(name: string): Promise<ObjectInfo | null>;
  _chunkSubject(id: string): string;
  _metaSubject(name: string): string;
}

/** The data of a write: a stream read as it goes, bytes at hand, or nothing (a link). */
export type PutSource = { stream: ReadableStream<Uint8Array> } | { blob: Uint8Array } | null;

/** Chunk publishes in flight, at most `max` at once; the first failure is kept. */
class ChunkWindow {
  private readonly acks: Promise<PubAck>[] = [];
  constructor(
    private readonly js: JetStreamClientImpl,
    private readonly subject: string,
    private readonly timeout: number,
    private readonly max: number,
  ) {}

  /** Publishes a chunk, first waiting for the oldest acknowledgement when the window is full. */
  async send(chunk: Uint8Array): Promise<void> {
    if (this.acks.length >= this.max) await this.acks.shift();
    const p = this.js.publish(this.subject, chunk, { timeout: this.timeout });
    // Awaited later (in order); a rejection must not count as unhandled before then.
    p.catch(() => {});
    this.acks.push(p);
  }

  /** Waits for every acknowledgement (rejects with the first failure). */
  async drain(): Promise<void> {
    while (this.acks.length > 0) await this.acks.shift();
  }
}

/** Stores `src` as `meta.name` in `os`. */
export async function putObject(os: StoreRef, meta: ObjectStoreMeta, src: PutSource, opts?: ObjectStorePutOpts): Promise<ObjectInfo> {
  const jsTimeout = os.js.getOptions().timeout!;
  const timeout = opts?.timeout || jsTimeout;
  const previousRevision = opts?.previousRevision;
  const maxPayload = os.js.nc.info?.max_payload || 1024;
  meta = meta || ({} as ObjectStoreMeta);
  const options = { ...(meta.options || {}) };
  // A negative chunk size would cut no bytes and send empty chunks forever (nats.js does); 0 means the default.
  const asked = options.max_chunk_size;
  if (asked && !(Number.isInteger(asked) && asked > 0)) throw InvalidArgumentError.format("max_chunk_size", "must be a positive integer");
  let maxChunk = options.max_chunk_size || DEFAULT_CHUNK_SIZE;
  if (maxChunk > maxPayload) maxChunk = maxPayload;
  options.max_chunk_size = maxChunk;
  const old = await os.info(meta.name);
  const id = nuid.next();
  const chunkSubj = os._chunkSubject(id);
  const metaSubj = os._metaSubject(meta.name);
  const info = Object.assign({ bucket: os.name, nuid: id, size: 0, chunks: 0 }, toServerObjectStoreMeta({ ...meta, options })) as ServerObjectInfo;
  const window = new ChunkWindow(os.js, chunkSubj, timeout, Math.max(2, Math.floor(WINDOW_BYTES / maxChunk)));
  const send = (chunk: Uint8Array) => {
    info.chunks++;
    info.size += chunk.length;
    return window.send(chunk);
  };
  let hash: Uint8Array;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    if (src && "blob" in src) {
      const data = src.blob;
      // Chunks are views of the caller's bytes. Hashed as they go out when the runtime can hash incrementally
      // (measured faster than WebCrypto on its thread, and without the copy of the whole buffer WebCrypto
      // makes); else WebCrypto hashes the whole buffer while the chunks go out.
      const hasher = incrementalHasher();
      const whole = hasher ? undefined : digestWhole(data);
      whole?.catch(() => {});
      for (let at = 0; at < data.length; at += maxChunk) {
        const chunk = data.subarray(at, Math.min(at + maxChunk, data.length));
        hasher?.update(chunk);
        await send(chunk);
      }
      await window.drain();
      hash = hasher ? await hasher.digest() : await whole!;
    } else {
      const hasher = streamHasher();
      if (src) {
        reader = src.stream.getReader();
        await readChunks(reader, maxChunk, (c) => {
          hasher.update(c);
          return send(c);
        });
      }
      await window.drain();
      hash = await hasher.digest();
    }
  } catch (err) {
    reader?.cancel(err).catch(() => {});
    // Chunks stored before the failure would be orphans: purge them (a failed purge changes nothing for the caller).
    await window.drain().catch(() => {});
    await os.jsm.streams.purge(os.stream, { filter: chunkSubj }).catch(() => {});
    throw err;
  }
  info.mtime = new Date().toISOString();
  info.digest = formatDigest(hash);
  info.deleted = false;
  const h = headers();
  if (typeof previousRevision === "number") h.set(PubHeaders.ExpectedLastSubjectSequenceHdr, `${previousRevision}`);
  h.set(JsHeaders.RollupHdr, JsHeaders.RollupValueSubject);
  let ack: PubAck;
  try {
    ack = await os.js.publish(metaSubj, JSON.stringify(info), { headers: h, timeout });
  } catch (err) {
    // The new version never became visible: its chunks go.
    await os.jsm.streams.purge(os.stream, { filter: chunkSubj }).catch(() => {});
    throw err;
  }
  info.revision = ack.seq;
  if (old) {
    // The new version is live; failing to clean up the old chunks must not say the put failed.
    await os.jsm.streams.purge(os.stream, { filter: os._chunkSubject(old.nuid) }).catch(() => {});
  }
  return new ObjectInfoImpl(info);
}

/**
 * @internal Reads `reader` to its end, handing `emit` chunks of exactly `size` bytes (the last one shorter).
 * The source's buffers are copied: a producer may reuse them once read.
 */
export async function readChunks(reader: ReadableStreamDefaultReader<Uint8Array>, size: number, emit: (chunk: Uint8Array) => Promise<void>): Promise<void> {
  let cur = new Uint8Array(size);
  let fill = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!value || value.length === 0) continue;
    let at = 0;
    while (at < value.length) {
      const n = Math.min(size - fill, value.length - at);
      cur.set(value.subarray(at, at + n), fill);
      fill += n;
      at += n;
      if (fill === size) {
        await emit(cur);
        cur = new Uint8Array(size);
        fill = 0;
      }
    }
  }
  if (fill > 0) await emit(cur.subarray(0, fill));
}
