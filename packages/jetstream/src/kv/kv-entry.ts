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

/** An entry read with `get()`. */
export class KvStoredEntryImpl implements KvEntry {
  constructor(
    readonly bucket: string,
    private readonly prefixLen: number,
    private readonly sm: StoredMsg,
    private readonly codec: KvCodecs,
  ) {}
  get rawKey(): string {
    return this.sm.subject.substring(this.prefixLen);
  }
  get key(): string {
    return this.codec.key.decode(this.rawKey);
  }
  get value(): Uint8Array {
    return this.codec.value.decode(this.sm.data);
  }
  get delta(): number {
    return 0;
  }
  get created(): Date {
    return this.sm.time;
  }
  get revision(): number {
    return this.sm.seq;
  }
  get operation(): KvEntry["operation"] {
    return operationOf(this.sm.header);
  }
  get length(): number {
    return lengthOf(this.sm.header, this.sm.data);
  }
  json<T>(reviver?: (this: unknown, key: string, value: unknown) => unknown): T {
    return JSON.parse(decoder.decode(this.value), reviver) as T;
  }
  string(): string {
    return decoder.decode(this.value);
  }
}

/** An entry delivered to a watch or a history. */
export class KvJsMsgEntryImpl implements KvWatchEntry {
  constructor(
    readonly bucket: string,
    private readonly prefixLen: number,
    private readonly sm: JsMsg,
    readonly isUpdate: boolean,
    private readonly codec: KvCodecs,
  ) {}
  get rawKey(): string {
    return this.sm.subject.substring(this.prefixLen);
  }
  get key(): string {
    return this.codec.key.decode(this.rawKey);
  }
  get value(): Uint8Array {
    return this.codec.value.decode(this.sm.data);
  }
  get created(): Date {
    return new Date(millis(this.sm.info.timestampNanos));
  }
  get revision(): number {
    return this.sm.seq;
  }
  get operation(): KvEntry["operation"] {
    return operationOf(this.sm.headers);
  }
  get delta(): number {
    return this.sm.info.pending;
  }
  get length(): number {
    return lengthOf(this.sm.headers, this.sm.data);
  }
  json<T>(reviver?: (this: unknown, key: string, value: unknown) => unknown): T {
    return JSON.parse(decoder.decode(this.value), reviver) as T;
  }
  string(): string {
    return decoder.decode(this.value);
  }
}
