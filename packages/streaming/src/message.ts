/**
 * A message delivered to a STAN subscription, with node-nats-streaming's getters. Payloads are
 * `Uint8Array`s (node's `Buffer` is one, so code written for node-nats-streaming keeps working on Node).
 */
import type { MsgProto } from "./pb/protocol";

/** What a message needs from its subscription. */
export interface MessageOwner {
  /** node-nats-streaming's `stanEncoding`: `binary` returns bytes from getData(), anything else text. */
  readonly encoding: string;
  /** Sends the Ack for this message (once); false when the subscription is closed. */
  ackMessage(m: Message): boolean;
}

const decoder = new TextDecoder();

/** A message received on a subscription. */
export class Message {
  /** @internal */
  readonly msg: MsgProto;
  private readonly owner: MessageOwner;
  private acked = false;

  /** @internal */
  constructor(msg: MsgProto, owner: MessageOwner) {
    this.msg = msg;
    this.owner = owner;
  }

  /** The message's sequence in its channel. */
  getSequence(): number {
    return Number(this.msg.sequence);
  }

  /** The channel. */
  getSubject(): string {
    return this.msg.subject;
  }

  /** The payload as bytes. */
  getRawData(): Uint8Array {
    return this.msg.data;
  }

  /** The payload as text (UTF-8), or as bytes when the connection's `stanEncoding` is `binary`. */
  getData(): string | Uint8Array {
    if (this.owner.encoding === "binary") return this.msg.data;
    return this.msg.data.length ? decoder.decode(this.msg.data) : "";
  }

  /** The server's timestamp in ns since the epoch, as a number (not exact above 2^53, as in node-nats-streaming). */
  getTimestampRaw(): number {
    return Number(this.msg.timestamp);
  }

  /** Ours: the exact timestamp in ns. */
  getTimestampNanos(): bigint {
    return this.msg.timestamp;
  }

  /** The timestamp as a Date (ms precision). */
  getTimestamp(): Date {
    return new Date(Number(this.msg.timestamp / 1_000_000n));
  }

  /** True when this is a redelivery. */
  isRedelivered(): boolean {
    return this.msg.redelivered;
  }

  /** How many times the server redelivered it (0 on the first delivery). */
  getRedeliveryCount(): number {
    return this.msg.redeliveryCount;
  }

  /** The CRC-32 the publisher sent, or 0. */
  getCrc32(): number {
    return this.msg.crc32;
  }

  /** The application reply subject of the publish (empty when none). */
  getReply(): string {
    return this.msg.reply;
  }

  /**
   * Acknowledges the message (manual ack mode). Acking twice sends one Ack; acking on a closed subscription
   * does nothing, as node-nats-streaming.
   */
  ack(): void {
    if (this.acked) return;
    if (this.owner.ackMessage(this)) this.acked = true;
  }

  /** @internal True once an Ack was sent. */
  get isAcked(): boolean {
    return this.acked;
  }
}
