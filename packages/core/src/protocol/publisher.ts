import type { ServerInfo } from "@nats-stack/wire";
import { InvalidArgumentError } from "../errors";
import { encodePayload } from "../messages/payload";
import type { Link } from "./link";
import { messageBytes } from "./message-bytes";
import type { ReplySource } from "./outbound";
import type { PublishKind, ReplyReceipt } from "./resend-ledger";
import { SubjectCheck } from "./subject-check";
import type { Payload, PublishOptions } from "../messages/publish-options";
import { ReconnectBuffer } from "../resilience/reconnect-buffer";
import type { Stats } from "../connection/stats";

/** Payloads up to this size take the fast paths (they are copied into the write buffer). */
export const PLAIN_LIMIT = 16 * 1024;

/**
 * The outgoing side of a connection, from `publish()` to bytes: checks subjects, payload and headers before a
 * byte is queued, then queues the publish on the current link, or, while disconnected, in the reconnect
 * buffer. Only the reconnect buffer is bounded (by `reconnectBufSize`): while connected a publish is never
 * refused for volume, as in nats.js and nats.go, however long a synchronous loop runs; what waits for a
 * backed-up transport stays in the link's outbound until the transport drained.
 */
export class Publisher {
  private readonly subjects = new SubjectCheck();
  /** Publishes made while disconnected, and those recovered from a lost link. */
  declare readonly held: ReconnectBuffer;
  private declare readonly headersEnabled: boolean;
  /** Payload bytes (headers included) and messages published, as nats.js counts them. */
  outBytes = 0;
  outMsgs = 0;

  constructor(budget: number, headersEnabled: boolean) {
    this.held = new ReconnectBuffer(budget);
    this.headersEnabled = headersEnabled;
  }

  /**
   * Publishes on `link` (the connected link, or undefined while disconnected). See {@link PublishKind} for
   * what each kind needs to be acknowledged; a muxed `request` has our own reply subject (already valid) and
   * gets the receipt its reply acknowledges.
   */
  send(
    link: Link | undefined,
    info: ServerInfo | undefined,
    subject: string,
    payload: Payload | undefined,
    opts: PublishOptions | undefined,
    kind: PublishKind,
    reply: string | undefined,
    replyValid: boolean,
  ): ReplyReceipt | undefined {
    if (kind === "reply") this.subjects.once(subject);
    else this.subjects.literal(subject);
    if (reply !== undefined && !replyValid) {
      if (reply === "") reply = undefined;
      else this.subjects.once(reply);
    }
    // `resend: false`: sent once, never proven or sent again.
    if (kind === "publish" && opts !== undefined && opts.resend === false) kind = "once";
    const { data, headers, size } = messageBytes(payload, opts, this.headersEnabled, info);
    let receipt: ReplyReceipt | undefined;
    if (link !== undefined) {
      receipt = link.publish(subject, reply, headers, data, kind);
    } else {
      this.held.add(subject, reply, headers, data, size);
    }
    this.outBytes += size;
    this.outMsgs++;
    return receipt;
  }

  /**
   * The hot path of {@link send}: a plain publish (no reply, no headers, bytes small enough to copy) on a
   * connected link. The same checks, without building the message's parts: the subject's control line
   * start comes from the subject cache.
   */
  plain(link: Link, info: ServerInfo | undefined, subject: string, data: Uint8Array): void {
    const head = this.subjects.pubHead(subject);
    const size = data.length;
    const max = info?.max_payload;
    if (max !== undefined && size > max) throw InvalidArgumentError.format("payload", "max_payload size exceeded");
    link.publishHead(head, data);
    this.outBytes += size;
    this.outMsgs++;
  }

  /**
   * The hot path of a muxed request (no options, a payload small enough to copy, a connected link): the
   * subject checked through the subject cache, the reply subject written from the inbox's bytes and the
   * token. Returns the receipt (see {@link send}), or null when it does not apply (the caller takes the
   * general path, which reports any bad argument in the same order).
   */
  request(
    link: Link,
    info: ServerInfo | undefined,
    subject: string,
    payload: Payload | undefined,
    replyBase: Uint8Array,
    token: number,
    kind: PublishKind,
  ): ReplyReceipt | undefined | null {
    const head = this.subjects.pubHead(subject);
    const data = payload instanceof Uint8Array ? payload : this.otherPayload(payload);
    if (data === null) return null;
    const size = data.length;
    if (size > PLAIN_LIMIT) return null;
    const max = info?.max_payload;
    if (max !== undefined && size > max) throw InvalidArgumentError.format("payload", "max_payload size exceeded");
    const receipt = link.publishHead(head, data, kind, replyBase, token);
    this.outBytes += size;
    this.outMsgs++;
    return receipt;
  }

  /**
   * The hot path of a message's `respond()`: the reply subject copied from the bytes the server sent, which
   * the server made or relayed and which came in a control line, so checked only for bytes that could break
   * the line (see {@link ReplySource}); a payload small enough to copy and within `max_payload`. False when
   * it does not apply (the caller takes the general path, which reports any problem in the usual order).
   * Written straight to the link (a reply needs no receipt): every JetStream ack runs this.
   */
  respondTo(link: Link, info: ServerInfo | undefined, reply: ReplySource, payload: Payload | undefined): boolean {
    const data = payload instanceof Uint8Array ? payload : this.otherPayload(payload);
    if (data === null) return false;
    const size = data.length;
    const max = info?.max_payload;
    if (size > PLAIN_LIMIT || (max !== undefined && size > max)) return false;
    if (!link.publishReply(reply, data)) return false;
    this.outBytes += size;
    this.outMsgs++;
    return true;
  }

  // A payload given as a string or as nothing, as bytes; null for anything else (the general path reports it).
  private otherPayload(payload: Payload | undefined): Uint8Array | null {
    return typeof payload === "string" || payload === undefined || payload === null ? encodePayload(payload) : null;
  }

  /** The counters of what was published, and of the reconnect buffer. */
  stats(): Pick<Stats, "outBytes" | "outMsgs" | "refusedMsgs" | "refusedBytes" | "resentMsgs"> {
    const b = this.held;
    return { outBytes: this.outBytes, outMsgs: this.outMsgs, refusedMsgs: b.refusedMsgs, refusedBytes: b.refusedBytes, resentMsgs: b.resentMsgs };
  }

  /** Checks a subscription subject (`*` tokens, `>` last). */
  checkSubscription(subject: string): void {
    this.subjects.subscription(subject);
  }
}
