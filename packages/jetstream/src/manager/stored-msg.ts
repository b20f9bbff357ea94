/** A message read with `STREAM.MSG.GET`: the answer's base64 data and headers, decoded on first read. */
import { Empty, MsgHdrsImpl, headers, type MsgHdrs, type ReviverFn } from "@nats-stack/core";
import { JetStreamError } from "../api/errors";
import type { StoredMsg, StreamMsgResponse } from "../api/message-types";

const decoder = new TextDecoder();

function fromBase64(s: string, what: string): Uint8Array {
  let bs: string;
  try {
    bs = atob(s);
  } catch (err) {
    throw new JetStreamError(`invalid base64 ${what} in stored message`, { cause: err });
  }
  const out = new Uint8Array(bs.length);
  for (let i = 0; i < bs.length; i++) out[i] = bs.charCodeAt(i);
  return out;
}

/** A stored message from the JSON message-get API, as nats.js's `StoredMsgImpl`. */
export class StoredMsgImpl implements StoredMsg {
  private readonly smr: StreamMsgResponse;
  private hdrs: MsgHdrs | undefined;
  private bytes: Uint8Array | undefined;

  constructor(smr: StreamMsgResponse) {
    if (!smr?.message || typeof smr.message.seq !== "number") throw new JetStreamError("invalid stored message response: no message");
    this.smr = smr;
  }
  get pending(): number {
    return 0;
  }
  get lastSequence(): number {
    return 0;
  }
  get subject(): string {
    return this.smr.message.subject;
  }
  get seq(): number {
    return this.smr.message.seq;
  }
  get timestamp(): string {
    return this.smr.message.time;
  }
  get time(): Date {
    return new Date(Date.parse(this.timestamp));
  }
  get data(): Uint8Array {
    return (this.bytes ??= this.smr.message.data ? fromBase64(this.smr.message.data, "data") : Empty);
  }
  get header(): MsgHdrs {
    if (!this.hdrs) {
      this.hdrs = this.smr.message.hdrs ? MsgHdrsImpl.decode(fromBase64(this.smr.message.hdrs, "headers")) : headers();
    }
    return this.hdrs;
  }
  json<T>(reviver?: ReviverFn): T {
    return JSON.parse(this.string(), reviver) as T;
  }
  string(): string {
    return decoder.decode(this.data);
  }
}
