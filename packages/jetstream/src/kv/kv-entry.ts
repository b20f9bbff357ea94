/**
 * Entries: a stored message read by `get()` (a direct or a message-get answer) or a message delivered to a
 * watch, seen as a `KvEntry`. Everything is read lazily from the message, as nats.js's entries do.
 */
import { millis, type MsgHdrs } from "@nats-stack/core";
import { JsHeaders } from "../api/headers";
import type { StoredMsg } from "../api/message-types";
import type { JsMsg } from "../jsmsg/jsmsg";
import type { KvCodecs } from "./codecs";
import { kvOperationHdr, type KvEntry, type KvWatchEntry } from "./kv-api";

const decoder = new TextDecoder();
/** The header of a marker the server wrote (server 2.11+): `MaxAge` means the key expired. */
const MarkerReasonHdr = "Nats-Marker-Reason";

/** `PUT`, `DEL` or `PURGE` from an entry's headers (a marker for an expired key counts as a purge). */
export function operationOf(h: MsgHdrs | undefined): KvEntry["operation"] {
  if (!h) return "PUT";
  if (h.has(MarkerReasonHdr) && h.get(MarkerReasonHdr) === "MaxAge") return "PURGE";
  return (h.get(kvOperationHdr) as KvEntry["operation"]) || "PUT";
}

function lengthOf(h: MsgHdrs | undefined, data: Uint8Array): number {
  const size = h?.get(JsHeaders.MessageSizeHdr) || "";
  return size !== "" ? parseInt(size, 10) : data.length;
}

/**
 * What both kinds of entry read the same way from their message: the key after the bucket's prefix, the value
 * through the bucket's codecs, the operation and length from the headers.
 */
abstract class KvEntryBase<M extends { readonly subject: string; readonly data: Uint8Array }> {
  constructor(
    readonly bucket: string,
    private readonly prefixLen: number,
    protected readonly msg: M,
    private readonly codec: KvCodecs,
  ) {}
  /** The message's headers (a stored message's `header`, a delivered one's `headers`). */
  protected abstract get hdrs(): MsgHdrs | undefined;
  get rawKey(): string {
    return this.msg.subject.substring(this.prefixLen);
  }
  get key(): string {
    return this.codec.key.decode(this.rawKey);
  }
  get value(): Uint8Array {
    return this.codec.value.decode(this.msg.data);
  }
  get operation(): KvEntry["operation"] {
    return operationOf(this.hdrs);
  }
  get length(): number {
    return lengthOf(this.hdrs, this.msg.data);
  }
  json<T>(reviver?: (this: unknown, key: string, value: unknown) => unknown): T {
    return JSON.parse(decoder.decode(this.value), reviver) as T;
  }
  string(): string {
    return decoder.decode(this.value);
  }
}

/** An entry read with `get()`. */
export class KvStoredEntryImpl extends KvEntryBase<StoredMsg> implements KvEntry {
  protected get hdrs(): MsgHdrs | undefined {
    return this.msg.header;
  }
  get delta(): number {
    return 0;
  }
  get created(): Date {
    return this.msg.time;
  }
  get revision(): number {
    return this.msg.seq;
  }
}

/** An entry delivered to a watch or a history. */
export class KvJsMsgEntryImpl extends KvEntryBase<JsMsg> implements KvWatchEntry {
  constructor(bucket: string, prefixLen: number, jm: JsMsg, readonly isUpdate: boolean, codec: KvCodecs) {
    super(bucket, prefixLen, jm, codec);
  }
  protected get hdrs(): MsgHdrs | undefined {
    return this.msg.headers;
  }
  get created(): Date {
    return new Date(millis(this.msg.info.timestampNanos));
  }
  get revision(): number {
    return this.msg.seq;
  }
  get delta(): number {
    return this.msg.info.pending;
  }
}
