import type { Frame } from "@nats-stack/wire";
import { ProtocolError } from "../errors";
import { MsgHdrsImpl, type MsgHdrs } from "./headers";
import { decodeUtf8 } from "./payload";
import type { Payload, PublishOptions } from "./publish-options";
import type { BytesView } from "../transports/transport";

/** A JSON reviver, as for `JSON.parse`. */
// biome-ignore lint: the reviver's value is whatever JSON holds
export type ReviverFn = (key: string, value: any) => any;

/** A message delivered to a subscription, as nats.js's `Msg`. */
export interface Msg {
  /** The subject it was published to. */
  subject: string;
  /** The id of the subscription it was delivered to. */
  sid: number;
  /** Where a reply goes, when the publisher asked for one. */
  reply?: string;
  /** The payload. A view of the bytes as received; copy it to keep a small part of a large read. */
  data: Uint8Array;
  /** Headers, when the message has any. */
  headers?: MsgHdrs;
  /** Publishes a reply to {@link reply}; false when there is no reply subject. */
  respond(payload?: Payload, opts?: PublishOptions): boolean;
  /** The payload parsed as JSON. Throws on invalid JSON. */
  json<T>(reviver?: ReviverFn): T;
  /** The payload as UTF-8 text. */
  string(): string;
}

/**
 * Where a message's `respond()` publishes: as a reply, which needs no acknowledgement, to the reply subject
 * as the server sent it (`frame`: the bytes of its control line, so nothing is decoded or encoded again).
 */
export interface Responder {
  respond(m: MsgImpl, frame: Frame, payload: Payload | undefined, opts: PublishOptions | undefined): void;
  /** The connection's transport's kind of view for `data` (a Buffer on Node), or undefined for a subarray. */
  readonly bytesView: BytesView | undefined;
}

/**
 * A received message backed by a wire {@link Frame}: subject, reply, data and headers are decoded on first
 * read only.
 */
export class MsgImpl implements Msg {
  private declare readonly frame: Frame;
  private declare readonly responder: Responder;
  private dataCache: Uint8Array | undefined;
  private headersCache: MsgHdrsImpl | null | undefined;

  constructor(frame: Frame, responder: Responder) {
    this.frame = frame;
    this.responder = responder;
  }

  get subject(): string {
    return this.frame.subject;
  }
  get sid(): number {
    return this.frame.sid;
  }
  /** The reply subject; `""` when the publisher asked for none, as nats.js. */
  get reply(): string {
    return this.frame.reply ?? "";
  }
  get data(): Uint8Array {
    if (this.dataCache !== undefined) return this.dataCache;
    const view = this.responder.bytesView;
    return (this.dataCache = view === undefined ? this.frame.payload : this.frame.payloadAs(view));
  }

  /**
   * Headers, decoded on first read. A malformed header block (which the server relays as it got it from the
   * publisher) throws a {@link ProtocolError} naming the problem.
   */
  get headers(): MsgHdrs | undefined {
    if (this.headersCache === undefined) {
      const raw = this.frame.headers;
      if (!raw) this.headersCache = null;
      else {
        try {
          this.headersCache = MsgHdrsImpl.decode(raw);
        } catch (err) {
          throw new ProtocolError(`invalid headers in message on '${this.subject}': ${(err as Error).message}`, { cause: err });
        }
      }
    }
    return this.headersCache ?? undefined;
  }

  /** @internal The raw header block, without decoding. */
  get rawHeaders(): Uint8Array | undefined {
    return this.frame.headers;
  }

  /** @internal The subject bytes from byte `from` on as a number in `radix` (see wire's Frame.subjectNumber). */
  subjectNumber(from: number, radix: number): number {
    return this.frame.subjectNumber(from, radix);
  }

  /** @internal Body length without building a view. */
  get size(): number {
    return this.frame.size;
  }

  respond(payload?: Payload, opts?: PublishOptions | null): boolean {
    if (this.frame.replyLength < 0) return false;
    // null options are none, as in publish()
    this.responder.respond(this, this.frame, payload, opts ?? undefined);
    return true;
  }

  json<T>(reviver?: ReviverFn): T {
    return JSON.parse(this.string(), reviver) as T;
  }

  string(): string {
    return decodeUtf8(this.data);
  }
}

/**
 * Bytes of a message's headers and payload as they were on the wire (what a JetStream pull request's
 * `max_bytes` counts, besides subject and reply), without decoding the headers. Works on any `Msg`: one
 * this client received knows its size; for another, the headers are encoded to count them.
 */
export function msgSize(m: Msg): number {
  if (m instanceof MsgImpl) return m.size;
  const h = m.headers;
  return m.data.length + (h instanceof MsgHdrsImpl ? h.encode().length : 0);
}
