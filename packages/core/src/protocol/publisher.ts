import type { ServerInfo } from "@nats-stack/wire";
import { InvalidArgumentError } from "../errors";
import type { Link } from "./link";
import { messageBytes } from "./message-bytes";
import type { PublishKind, ReplyReceipt } from "./resend-ledger";
import { SubjectCheck } from "./subject-check";
import type { Payload, PublishOptions } from "../messages/publish-options";
import { ReconnectBuffer } from "../resilience/reconnect-buffer";

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
  readonly held: ReconnectBuffer;
  private readonly headersEnabled: boolean;
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
  ): ReplyReceipt | undefined {
    if (kind === "reply") this.subjects.once(subject);
    else this.subjects.literal(subject);
    if (reply !== undefined && kind !== "request") {
      if (reply === "") reply = undefined;
      else this.subjects.once(reply);
    }
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

  /** Checks a subscription subject (`*` tokens, `>` last). */
  checkSubscription(subject: string): void {
    this.subjects.subscription(subject);
  }
}
