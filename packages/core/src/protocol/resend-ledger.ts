import { holdBatch, releaseBatch, type Batch } from "./write-batch";

/**
 * What a publish is, for acknowledgement: a plain `publish` is proven read by the PONG of a PING sent after
 * its batch; a `request` by its reply (the server reads a connection's ops in order, so a reply proves the
 * batch its request was in, and every batch before); a `reply` needs no proof (a reply lost with a server is
 * answered again when the requester's client sends the request again); a publish sent `once`
 * (`resend: false`) needs none either and is never sent again (it is kept with the non-publish ops).
 */
export type PublishKind = "publish" | "request" | "reply" | "once";

/**
 * Kept bytes past which an acknowledging PING is asked for even when no plain publish wants one (replies,
 * such as JetStream acks, and requests whose replies are slow): its PONG lets the kept write buffers be
 * reused, where they would otherwise be held until the limit (the reconnect buffer's size) and every new
 * batch would need a fresh buffer. One PING per this many bytes costs the server nothing measurable.
 */
export const ACK_AFTER_KEPT_BYTES = 256 * 1024;

/** Given to a request when it is queued; its reply hands it back through {@link acknowledge}. */
export interface ReplyReceipt {
  readonly ledger: ResendLedger;
  readonly batch: number;
}

/** The reply of a request arrived: the server has read the batch the request was written in. */
export function acknowledge(receipt: ReplyReceipt | undefined): void {
  if (receipt !== undefined) receipt.ledger.ackThrough(receipt.batch);
}

/**
 * The batches one link wrote and its server has not yet proven to have read, and the decisions that go with
 * them: when a PING must follow a batch, what a PONG or a reply acknowledges, and what to send again when the
 * link is lost. One per link, owned by the link; the client only asks it for the unacknowledged publishes
 * when the link is gone ({@link take}).
 *
 * Kept bytes are bounded by `limit` (the reconnect buffer's size: more could not be resent anyway); past it
 * the oldest batches are let go and counted in {@link unretainedBytes}.
 */
export class ResendLedger {
  private declare readonly limit: number;
  // Batches kept, oldest first in `[head, tail)`, with the number each got when written (from 0, in order).
  // Batches without a publish to send again (only SUB, UNSUB, PING, PONG or `resend: false` publishes) are
  // numbered but not kept. Emptied, the arrays are reused from index 0 (a request acknowledged by its reply
  // empties them every time: new arrays would be two allocations per request).
  private retained: Batch[] = [];
  private numbers: number[] = [];
  private head = 0;
  private tail = 0;
  private written_ = 0;
  private retainedBytes = 0;
  private wantAck = false;
  private ackOut = false;
  private closed = false;
  /** Bytes that were no longer kept (over the limit) when they might still have been lost. */
  unretainedBytes = 0;

  /** `limit`: bytes to keep (0: keep nothing, acknowledge nothing). */
  constructor(limit: number) {
    this.limit = limit;
  }

  /** A publish of `kind` was queued; a request gets the receipt its reply will present. */
  queued(kind: PublishKind): ReplyReceipt | undefined {
    if (kind === "publish") this.wantAck = true;
    else if (kind === "request" && this.limit > 0) return { ledger: this, batch: this.nextBatch() };
    return undefined;
  }

  /** Number the batch now being queued will have once written (a PING's PONG acknowledges those before it). */
  nextBatch(): number {
    return this.written_;
  }

  /**
   * A batch is written: keep it until acknowledged. True when an acknowledging PING must follow it (plain
   * publishes were queued and none is out yet); the link sends it and reports its PONG to {@link ackAnswered}.
   */
  written(batch: Batch): boolean {
    if (this.limit <= 0 || this.closed) return false;
    const n = this.written_++;
    if (batch.pubs > 0) {
      this.retained[this.tail] = batch;
      this.numbers[this.tail++] = n;
      holdBatch(batch);
      this.retainedBytes += batch.bytes;
      if (this.retainedBytes >= ACK_AFTER_KEPT_BYTES) this.wantAck = true;
      while (this.retainedBytes > this.limit && this.tail - this.head > 1) {
        const old = this.drop();
        this.unretainedBytes += old.bytes;
      }
    }
    if (this.wantAck && !this.ackOut) {
      this.wantAck = false;
      this.ackOut = true;
      return true;
    }
    return false;
  }

  // Lets the oldest kept batch go.
  private drop(): Batch {
    const b = this.retained[this.head]!;
    this.retained[this.head++] = undefined as unknown as Batch;
    this.retainedBytes -= b.bytes;
    releaseBatch(b);
    if (this.head === this.tail) {
      this.head = this.tail = 0;
      if (this.retained.length > 1024) {
        // After a long episode, do not keep a large array for good.
        this.retained = [];
        this.numbers = [];
      }
    } else if (this.head > 64 && this.head * 2 > this.tail) {
      this.retained.copyWithin(0, this.head, this.tail);
      this.numbers.copyWithin(0, this.head, this.tail);
      this.tail -= this.head;
      this.retained.fill(undefined as unknown as Batch, this.tail);
      this.head = 0;
    }
    return b;
  }

  /** The server has read batch `index` and every batch before it. */
  ackThrough(index: number): void {
    if (this.closed) return;
    while (this.head < this.tail && this.numbers[this.head]! <= index) this.drop();
  }

  /**
   * The PONG of the acknowledging PING arrived (after {@link ackThrough}). True when batches written while it
   * was out need another one now (a plain publish was queued meanwhile, or the kept bytes passed
   * {@link ACK_AFTER_KEPT_BYTES}; replies and requests alone need none); the link sends it straight to the
   * transport, since it only acknowledges batches already written and must not become a batch itself.
   */
  ackAnswered(): boolean {
    this.ackOut = false;
    if (this.wantAck && this.head < this.tail && !this.closed) {
      this.wantAck = false;
      this.ackOut = true;
      return true;
    }
    return false;
  }

  /**
   * The link is gone: the batches never acknowledged, oldest first. The ledger keeps nothing after this,
   * and never releases them: their bytes are the ones to send again.
   */
  take(): Batch[] {
    this.closed = true;
    const out = this.retained.slice(this.head, this.tail);
    this.retained = [];
    this.numbers = [];
    this.head = this.tail = 0;
    this.retainedBytes = 0;
    return out;
  }
}

/**
 * The publishes of a batch as byte ranges (views, no copy), without its other ops (SUB, UNSUB, PING, PONG:
 * subscriptions and flushes are restored separately after a reconnect).
 */
export function publishBytes(batch: Batch): Uint8Array[] {
  const cuts = batch.controls;
  if (cuts.length === 0) return batch.parts;
  const out: Uint8Array[] = [];
  let k = 0;
  let offset = 0;
  for (const part of batch.parts) {
    const end = offset + part.length;
    let from = offset;
    while (from < end) {
      while (k < cuts.length && cuts[k + 1]! <= from) k += 2;
      const cs = k < cuts.length ? cuts[k]! : Infinity;
      if (cs >= end) {
        out.push(from === offset ? part : part.subarray(from - offset));
        break;
      }
      if (cs > from) out.push(part.subarray(from - offset, cs - offset));
      from = Math.min(cuts[k + 1]!, end);
    }
    offset = end;
  }
  return out;
}
