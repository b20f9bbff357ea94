/**
 * Reading an object: an ordered consumer of its chunk subject (`$O.<bucket>.C.<nuid>`), checked against the
 * info as the chunks arrive (no more bytes than the info says, all of them by the last chunk) and against the
 * SHA-256 digest at the end; a corrupt or incomplete object fails the read with an error that says so.
 *
 * Memory stays bounded: the consumer asks for at most {@link READ_AHEAD_BYTES} of chunks ahead of the reader
 * and only asks for more as the reader takes them; `get()` hands each chunk to the `ReadableStream` when the
 * stream pulls (nats.js pushes every chunk into the stream as it arrives, however slow the reader).
 */
import type { JsMsg } from "../jsmsg/jsmsg";
import type { ConsumersImpl } from "../consumers/consumers";
import type { ConsumerMessages } from "../consumers/consumer-api";
import type { PullConsumerImpl } from "../consumers/pull-consumer";
import { checkSha256, hex } from "./digest";
import type { ServerObjectInfo } from "./object-info";
import { DEFAULT_CHUNK_SIZE, type StoreRef } from "./object-put";
import { digestWhole, incrementalHasher, streamHasher } from "./sha256";

/** Bytes of chunks requested ahead of the reader. */
export const READ_AHEAD_BYTES = 8 * 1024 * 1024;

/** The chunks of an object, as they arrive, with the checks of their count and size. */
export class ChunkReader {
  received = 0;
  chunks = 0;
  private constructor(
    readonly info: ServerObjectInfo,
    private readonly consumer: PullConsumerImpl,
    private readonly msgs: ConsumerMessages,
    private readonly it: AsyncIterator<JsMsg>,
  ) {}

  /** Starts reading the chunks of `info` (whose size is not 0). */
  static async open(os: StoreRef, info: ServerObjectInfo): Promise<ChunkReader> {
    const consumers = os.js.consumers as ConsumersImpl;
    const oc = await consumers.createOrdered(os.stream, { filter_subjects: os._chunkSubject(info.nuid) });
    const chunk = info.options?.max_chunk_size || DEFAULT_CHUNK_SIZE;
    const msgs = await oc.consume({ max_messages: Math.max(2, Math.min(1024, Math.floor(READ_AHEAD_BYTES / chunk))) });
    const r = new ChunkReader(info, oc, msgs, msgs[Symbol.asyncIterator]());
    // Nothing stored for a non-empty object: its chunks are gone.
    if (oc._info.num_pending === 0) {
      r.close();
      throw r.incomplete();
    }
    return r;
  }

  /** The next chunk, and whether it is the last; throws when the object is corrupt or the read failed. */
  async next(): Promise<{ data: Uint8Array; last: boolean }> {
    const r = await this.it.next();
    if (r.done) throw this.incomplete();
    const m = r.value;
    const data = m.data;
    this.received += data.length;
    this.chunks++;
    if (this.received > this.info.size) throw this.incomplete();
    const last = m.info.pending === 0;
    if (last && this.received !== this.info.size) throw this.incomplete();
    return { data, last };
  }

  /** The error of an object whose chunks do not add up to its info. */
  incomplete(): Error {
    const { size, chunks } = this.info;
    return new Error(
      `received a corrupt object, sizes do not match\n  expected: ${size} bytes in ${chunks} chunks\n  received: ${this.received} bytes in ${this.chunks} chunks`,
    );
  }

  /** Stops the consumer; the server may drop it. */
  close(): void {
    this.msgs.stop();
    this.consumer.delete().catch(() => {});
  }
}

/** The error of data whose digest is not the one in its info (nats.js's text). */
export function digestMismatch(info: ServerObjectInfo, computed: Uint8Array): Error {
  return new Error(`received a corrupt object, digests do not match\n  expected: ${info.digest}\n  computed: SHA-256 ${hex(computed)}`);
}

/**
 * The data of `info` as a `ReadableStream` that pulls chunks as it is read, hashing them as they pass; it
 * errors on a corrupt object. `done` is called once with null (all read and checked) or the error.
 */
export function chunkStream(os: StoreRef, info: ServerObjectInfo, digest: Uint8Array, done: (err: Error | null) => void): ReadableStream<Uint8Array> {
  let reader: ChunkReader | undefined;
  let finished = false;
  const hasher = streamHasher();
  const finish = (err: Error | null) => {
    if (finished) return;
    finished = true;
    reader?.close();
    done(err);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        reader ??= await ChunkReader.open(os, info);
        for (;;) {
          const { data, last } = await reader.next();
          if (data.length > 0) {
            hasher.update(data);
            controller.enqueue(data);
          }
          if (last) {
            const computed = await hasher.digest();
            if (!checkSha256(digest, computed)) throw digestMismatch(info, computed);
            controller.close();
            finish(null);
            return;
          }
          if (data.length > 0) return;
        }
      } catch (err) {
        controller.error(err);
        finish(err as Error);
      }
    },
    cancel() {
      finish(null);
    },
  });
}

/**
 * The data of `info` whole, checked (size, chunks, digest). With the runtime's incremental SHA-256 the chunks
 * are hashed as they arrive (the hashing hides in the wait for the next ones); without it, WebCrypto hashes
 * the assembled bytes once they are all there.
 */
export async function readBlob(os: StoreRef, info: ServerObjectInfo, digest: Uint8Array): Promise<Uint8Array> {
  const out = new Uint8Array(info.size);
  const hasher = incrementalHasher();
  const reader = await ChunkReader.open(os, info);
  try {
    let at = 0;
    for (;;) {
      const { data, last } = await reader.next();
      out.set(data, at);
      hasher?.update(data);
      at += data.length;
      if (last) break;
    }
  } finally {
    reader.close();
  }
  const computed = hasher ? await hasher.digest() : await digestWhole(out);
  if (!checkSha256(digest, computed)) throw digestMismatch(info, computed);
  return out;
}
