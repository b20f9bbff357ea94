/**
 * The status line of a message JetStream sent instead of data (`NATS/1.0 408 Request Timeout`), read with
 * core's `msgStatus` (no header map is built for the line itself) and classified as nats.js's
 * `JetStreamStatus` does. Descriptions are compared in lower case, as nats.js does.
 */
import { msgStatus, type Msg } from "@nats-stack/core";
import { JetStreamStatusError } from "./errors";
import { JsHeaders } from "./headers";

/** An idle heartbeat's notification: the last sequences the server delivered. */
export type Heartbeat = {
  type: "heartbeat";
  lastConsumerSequence: number;
  lastStreamSequence: number;
};

/** A status message from JetStream, as nats.js's `JetStreamStatus`. */
export class JetStreamStatus {
  readonly msg: Msg;
  readonly code: number;
  private readonly rawDescription: string;
  private lower = "";

  constructor(msg: Msg) {
    this.msg = msg;
    const s = msgStatus(msg);
    this.code = s?.code ?? 0;
    this.rawDescription = s?.description ?? "";
  }

  /** The status of `msg`, or null when it is a plain message. */
  static maybeParseStatus(msg: Msg): JetStreamStatus | null {
    const s = new JetStreamStatus(msg);
    return s.code === 0 ? null : s;
  }

  /** The description in lower case; `no responders` for a 503 without one, `unknown` for others without one. */
  get description(): string {
    if (this.lower === "") {
      this.lower = this.rawDescription.toLowerCase();
      if (this.lower === "") this.lower = this.code === 503 ? "no responders" : "unknown";
    }
    return this.lower;
  }

  /** A {@link JetStreamStatusError} with this status's description and code. */
  toError(): JetStreamStatusError {
    return new JetStreamStatusError(this.description, this.code);
  }

  isIdleHeartbeat(): boolean {
    return this.code === 100 && this.description === "idle heartbeat";
  }
  isFlowControlRequest(): boolean {
    return this.code === 100 && this.description === "flowcontrol request";
  }
  /** The heartbeat notification, when this is an idle heartbeat. */
  parseHeartbeat(): Heartbeat | null {
    if (!this.isIdleHeartbeat()) return null;
    const h = this.msg.headers;
    return {
      type: "heartbeat",
      lastConsumerSequence: parseInt(h?.get(JsHeaders.LastConsumerSeqHdr) || "0", 10),
      lastStreamSequence: parseInt(h?.get(JsHeaders.LastStreamSeqHdr) || "0", 10),
    };
  }
  isRequestTimeout(): boolean {
    return this.code === 408 && this.description === "request timeout";
  }
  /**
   * Messages and bytes of the pull request the server gave up on (`Nats-Pending-Messages`/`-Bytes`); a
   * count that is negative or unreadable is 0, since a consumer subtracts these from what it expects.
   */
  parseDiscard(): { msgsLeft: number; bytesLeft: number } {
    const h = this.msg.headers;
    return { msgsLeft: pendingCount(h?.get(JsHeaders.PendingMessagesHdr)), bytesLeft: pendingCount(h?.get(JsHeaders.PendingBytesHdr)) };
  }
  isBadRequest(): boolean {
    return this.code === 400;
  }
  isConsumerDeleted(): boolean {
    return this.code === 409 && this.description === "consumer deleted";
  }
  isStreamDeleted(): boolean {
    return this.code === 409 && this.description === "stream deleted";
  }
  isIdleHeartbeatMissed(): boolean {
    return this.code === 409 && this.description === "idle heartbeats missed";
  }
  isMaxWaitingExceeded(): boolean {
    return this.code === 409 && this.description === "exceeded maxwaiting";
  }
  isConsumerIsPushBased(): boolean {
    return this.code === 409 && this.description === "consumer is push based";
  }
  isExceededMaxWaiting(): boolean {
    return this.code === 409 && this.description.includes("exceeded maxwaiting");
  }
  isExceededMaxRequestBatch(): boolean {
    return this.code === 409 && this.description.includes("exceeded maxrequestbatch");
  }
  isExceededMaxExpires(): boolean {
    return this.code === 409 && this.description.includes("exceeded maxrequestexpires");
  }
  /** A 409 for a pull request beyond a consumer limit (waiting, batch, expires, message size). */
  isExceededLimit(): boolean {
    return this.isExceededMaxExpires() || this.isExceededMaxWaiting() || this.isExceededMaxRequestBatch() || this.isMessageSizeExceedsMaxBytes();
  }
  isMessageNotFound(): boolean {
    return this.code === 404 && this.description === "message not found";
  }
  isNoResults(): boolean {
    return this.code === 404 && this.description === "no results";
  }
  isMessageSizeExceedsMaxBytes(): boolean {
    return this.code === 409 && this.description === "message size exceeds maxbytes";
  }
  isEndOfBatch(): boolean {
    return this.code === 204 && this.description === "eob";
  }
}

// A pending count header as a number: 0 unless it reads as a positive integer.
function pendingCount(v: string | undefined): number {
  const n = v ? parseInt(v, 10) : 0;
  return n > 0 ? n : 0;
}
