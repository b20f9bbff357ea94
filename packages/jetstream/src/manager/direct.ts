/**
 * Direct gets (`$JS.API.DIRECT.GET.<stream>`): stored messages answered by any replica of a stream with
 * `allow_direct`, headers carrying the metadata. Batched gets (server 2.11+) stream their answers into a
 * queued iterator that ends on the server's end-of-batch status.
 */
import { createInbox, Empty, msgSize, msgStatusCode, QueuedIteratorImpl, type Msg, type MsgHdrs, type QueuedIterator, type ReviverFn } from "@nats-stack/core";
import { BaseApiClientImpl } from "../api/api-client";
import { JetStreamError } from "../api/errors";
import { DirectMsgHeaders } from "../api/headers";
import { JetStreamStatus } from "../api/js-status";
import type { CompletionResult, DirectBatchOptions, DirectLastFor, DirectMsg, DirectMsgRequest, StoredMsg } from "../api/message-types";
import { validateStreamName } from "../api/names";
import { connectionInboxPrefix } from "../api/options";
import { feature } from "../api/server-features";
import { directGetSubject } from "../api/subjects";
import type { DirectStreamAPI } from "./manager-api";

const decoder = new TextDecoder();

/**
 * A message of a direct get: the payload and the `Nats-*` headers that describe it. The headers are decoded
 * when first read (a key-value `get()` whose caller reads only the value never decodes them).
 */
export class DirectMsgImpl implements DirectMsg {
  data: Uint8Array;
  private readonly m: Msg;

  constructor(m: Msg) {
    // A header block is there when the message is bigger than its payload (read without decoding it).
    if (msgSize(m) === m.data.length) throw new JetStreamError("headers expected");
    this.data = m.data;
    this.m = m;
  }
  get header(): MsgHdrs {
    return this.m.headers!;
  }
  get subject(): string {
    return this.header.last(DirectMsgHeaders.Subject);
  }
  get seq(): number {
    const v = this.header.last(DirectMsgHeaders.Sequence);
    return typeof v === "string" ? parseInt(v, 10) : 0;
  }
  get time(): Date {
    return new Date(Date.parse(this.timestamp));
  }
  get timestamp(): string {
    return this.header.last(DirectMsgHeaders.TimeStamp);
  }
  get stream(): string {
    return this.header.last(DirectMsgHeaders.Stream);
  }
  get lastSequence(): number {
    const v = this.header.last(DirectMsgHeaders.LastSequence);
    return typeof v === "string" && v !== "" ? parseInt(v, 10) : 0;
  }
  get pending(): number {
    const v = this.header.last(DirectMsgHeaders.NumPending);
    return typeof v === "string" && v !== "" ? parseInt(v, 10) : -1;
  }
  json<T>(reviver?: ReviverFn): T {
    return JSON.parse(this.string(), reviver) as T;
  }
  string(): string {
    return decoder.decode(this.data);
  }
}

/** A direct get's answer: the stored message, null when there is none (404), the status's error otherwise. */
function directAnswer(r: Msg): DirectMsgImpl | null {
  if (msgStatusCode(r) !== 0) {
    const status = new JetStreamStatus(r);
    if (status.isMessageNotFound()) return null;
    throw status.toError();
  }
  return new DirectMsgImpl(r);
}

/** The direct get API, as nats.js's `DirectStreamAPIImpl`. */
export class DirectStreamAPIImpl extends BaseApiClientImpl implements DirectStreamAPI {
  /**
   * One stored message: null when the stream has none that matches (404), a `JetStreamStatusError` for other
   * statuses. A `last_by_subj` query names the subject in the request subject (so permissions can scope it).
   */
  async getMessage(stream: string, query: DirectMsgRequest): Promise<StoredMsg | null> {
    validateStreamName(stream);
    if (query && "start_time" in query) {
      const { min, ok } = feature(this.nc, "JS_BATCH_DIRECT_GET");
      if (!ok) throw new Error(`start_time direct option require server ${min}`);
    }
    const last = (query as { last_by_subj?: string })?.last_by_subj;
    const payload = last ? Empty : new TextEncoder().encode(JSON.stringify(query));
    const r = await this.nc.request(directGetSubject(this.prefix, stream, last), payload, { timeout: this.timeout });
    return directAnswer(r);
  }

  /**
   * @internal The last message stored on `subject` (a subject without wildcards, already checked), handed to
   * `then`: {@link getMessage} with `last_by_subj`, without its async frame and with one `then` (the
   * key-value store's `get()`).
   */
  lastBySubject<T>(stream: string, subject: string, then: (sm: StoredMsg | null) => T): Promise<T> {
    try {
      validateStreamName(stream);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.nc.request(directGetSubject(this.prefix, stream, subject), Empty, { timeout: this.timeout }).then((r) => then(directAnswer(r)));
  }

  getBatch(stream: string, opts: DirectBatchOptions): Promise<QueuedIterator<StoredMsg>> {
    return this.get(stream, { ...opts, batch: opts.batch || 1024 });
  }

  getLastMessagesFor(stream: string, opts: DirectLastFor): Promise<QueuedIterator<StoredMsg>> {
    return this.get(stream, opts);
  }

  /** @internal A batched direct get (server 2.11+): answers are queued (or handed to `callback`) until the end-of-batch. */
  get(stream: string, opts: DirectBatchOptions | DirectLastFor): Promise<QueuedIterator<StoredMsg>> {
    const { min, ok } = feature(this.nc, "JS_BATCH_DIRECT_GET");
    if (!ok) return Promise.reject(new Error(`batch direct require server ${min}`));
    try {
      validateStreamName(stream);
    } catch (err) {
      return Promise.reject(err);
    }
    const { callback, ...query } = opts as DirectBatchOptions & { callback?: (done: CompletionResult | null, m: StoredMsg) => void };
    const iter = new QueuedIteratorImpl<StoredMsg>();
    let ended = false;
    const end = (err?: Error) => {
      if (ended) return;
      ended = true;
      sub.unsubscribe();
      if (callback) callback(err ? { err } : {}, undefined as unknown as StoredMsg);
      iter.stop(err);
    };
    const inbox = createInbox(connectionInboxPrefix(this.nc));
    let batchSupported = false;
    const sub = this.nc.subscribe(inbox, {
      timeout: this.timeout,
      callback: (err, msg) => {
        if (err) return end(err);
        if (msgStatusCode(msg) !== 0) {
          const status = new JetStreamStatus(msg);
          return status.isNoResults() || status.isEndOfBatch() ? end() : end(status.toError());
        }
        let dm: DirectMsgImpl;
        try {
          dm = new DirectMsgImpl(msg);
        } catch (e) {
          return end(e as Error);
        }
        // A server that does not batch answers once, without Nats-Num-Pending.
        const single = !batchSupported && typeof msg.headers?.get(DirectMsgHeaders.NumPending) !== "string";
        if (!single) batchSupported = true;
        if (callback) {
          try {
            callback(null, dm);
          } catch (e) {
            return end(e as Error);
          }
        } else iter.push(dm);
        if (single) end();
      },
    });
    iter.onBreak = () => end();
    const payload = JSON.stringify(query, (k, v) => ((k === "up_to_time" || k === "start_time") && v instanceof Date ? v.toISOString() : v));
    this.nc.publish(directGetSubject(this.prefix, stream), payload, { reply: inbox });
    return Promise.resolve(iter);
  }
}
