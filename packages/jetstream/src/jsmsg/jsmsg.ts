/**
 * `JsMsg`: a message delivered by a consumer, with its delivery info (from the reply subject) and its
 * acknowledgements. Acks go through an {@link AckSink}, which lets a consumer coalesce the acks of a backlog
 * into one socket write (nats.js writes once per ack).
 */
import { millis, nanos, type Msg, type MsgHdrs } from "@nats-stack/core";
import type { DeliveryInfo } from "../api/message-types";
import type { PullOptions } from "../api/consumer-config";
import { parseInfo, parseTimestampNanos } from "./reply-info";

/** `+ACK` */
export const ACK = Uint8Array.of(43, 65, 67, 75);
const NAK = Uint8Array.of(45, 78, 65, 75);
const WPI = Uint8Array.of(43, 87, 80, 73);
const TERM = Uint8Array.of(43, 84, 69, 82, 77);
const encoder = new TextEncoder();

/** Where a message's acks go. */
export interface AckSink {
  /** Answers `m` (now or coalesced with others) with the ack `payload`. */
  ack(m: Msg, payload: Uint8Array): void;
  /** Publishes a request to the ack subject `reply` and resolves when the server confirms it (`ackAck`). */
  ackRequest(reply: string, payload: Uint8Array, timeout: number): Promise<unknown>;
  /** Answers `m` with `payload` and a reply subject (a `+NXT` request), after any coalesced acks. */
  publishWithReply(m: Msg, payload: Uint8Array, replyTo: string | undefined): void;
}

/** A message delivered by a JetStream consumer, as nats.js's `JsMsg`. */
export type JsMsg = {
  /** True when delivered more than once. */
  redelivered: boolean;
  /** Delivery metadata parsed from the reply subject. */
  info: DeliveryInfo;
  /** The stream sequence. */
  seq: number;
  headers: MsgHdrs | undefined;
  data: Uint8Array;
  subject: string;
  sid: number;
  /** When the stream stored it. */
  time: Date;
  /** {@link time} as an ISO string. */
  timestamp: string;
  /** When the stream stored it, exact, in nanoseconds. */
  timestampNanos: bigint;
  /** Acknowledges it (the first ack, nak or term wins; later ones are ignored). */
  ack(): void;
  /** Asks for redelivery, after `millis` when given. */
  nak(millis?: number): void;
  /** Extends the ack deadline (can be repeated). */
  working(): void;
  /** Acknowledges it and asks for the next messages, delivered to `subj`. */
  next(subj: string, ro?: Partial<PullOptions>): void;
  /** Tells the server never to deliver it again, with an optional reason. */
  term(reason?: string): void;
  /** Acknowledges it and resolves true once the server confirms (false when already acked or no reply subject). */
  ackAck(opts?: Partial<{ timeout: number }>): Promise<boolean>;
  json<T>(): T;
  string(): string;
};

/** A {@link JsMsg} over a core message. */
export class JsMsgImpl implements JsMsg {
  readonly msg: Msg;
  di: DeliveryInfo | undefined = undefined;
  didAck = false;
  timeout: number;
  private readonly sink: AckSink;

  constructor(msg: Msg, timeout: number, sink: AckSink) {
    this.msg = msg;
    this.timeout = timeout;
    this.sink = sink;
  }

  get subject(): string {
    return this.msg.subject;
  }
  get sid(): number {
    return this.msg.sid;
  }
  get data(): Uint8Array {
    return this.msg.data;
  }
  get headers(): MsgHdrs | undefined {
    return this.msg.headers;
  }
  get reply(): string {
    return this.msg.reply || "";
  }
  get info(): DeliveryInfo {
    return (this.di ??= parseInfo(this.reply));
  }
  get redelivered(): boolean {
    return this.info.deliveryCount > 1;
  }
  get seq(): number {
    return this.info.streamSequence;
  }
  get time(): Date {
    return new Date(millis(this.info.timestampNanos));
  }
  get timestamp(): string {
    return this.time.toISOString();
  }
  get timestampNanos(): bigint {
    return parseTimestampNanos(this.reply);
  }

  private doAck(payload: Uint8Array, final = true): void {
    if (this.didAck) return;
    // Every ack is final except +WPI. A message without a reply subject has nothing to answer: its
    // respond() does nothing (the reply is not decoded to find out).
    this.didAck = final;
    this.sink.ack(this.msg, payload);
  }

  ack(): void {
    this.doAck(ACK);
  }

  nak(delayMs?: number): void {
    this.doAck(delayMs ? encoder.encode(`-NAK ${JSON.stringify({ delay: nanos(delayMs) })}`) : NAK);
  }

  working(): void {
    this.doAck(WPI, false);
  }

  next(subj: string, opts: Partial<PullOptions> = { batch: 1 }): void {
    const args: Partial<PullOptions> = { batch: opts.batch || 1, no_wait: opts.no_wait || false };
    if (opts.expires && opts.expires > 0) args.expires = nanos(opts.expires);
    if (this.didAck) return;
    this.didAck = true;
    if (this.msg.reply) this.sink.publishWithReply(this.msg, encoder.encode(`+NXT ${JSON.stringify(args)}`), subj || undefined);
  }

  term(reason = ""): void {
    this.doAck(reason?.length > 0 ? encoder.encode(`+TERM ${reason}`) : TERM);
  }

  async ackAck(opts?: Partial<{ timeout: number }>): Promise<boolean> {
    if (this.didAck) return false;
    this.didAck = true;
    const reply = this.msg.reply;
    if (!reply) return false;
    await this.sink.ackRequest(reply, ACK, opts?.timeout || this.timeout);
    return true;
  }

  json<T>(): T {
    return this.msg.json<T>();
  }

  string(): string {
    return this.msg.string();
  }
}

/** A {@link JsMsg} over `m` whose acks are published directly, as nats.js's `toJsMsg`. */
export function toJsMsg(m: Msg, ackTimeout = 5000): JsMsg {
  return new JsMsgImpl(m, ackTimeout, foreignAcks);
}

// Acks through the message's own `respond`, for messages that did not come through a consumer of ours.
const foreignAcks: AckSink = {
  ack: (m, payload) => void m.respond(payload),
  ackRequest: () => Promise.reject(new Error("ackAck needs a message delivered by a JetStream consumer")),
  publishWithReply: (m, payload, replyTo) => void m.respond(payload, replyTo ? { reply: replyTo } : undefined),
};
