import { holdBatch, releaseBatch, type Batch } from "./outbound";

/**
 * What a publish is, for acknowledgement: a plain `publish` is proven read by the PONG of a PING sent after
 * its batch; a `request` by its reply (the server reads a connection's ops in order, so a reply proves the
 * batch its request was in, and every batch before); a `reply` needs no proof (a reply lost with a server is
 * answered again when the requester's client sends the request again); a publish sent `once`
 * (`resend: false`) needs none either and is never sent again (it is kept with the non-publish ops).
 */
export type PublishKind = "publish" | "request" | "reply" | "once";

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
  private readonly limit: number;
  private retained: Batch[] = [];
  // Index of retained[0]: batches are numbered from 0 in the order written.
  private base = 0;
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

  /** Index the batch now being queued will have once written (a PING's PONG acknowledges those before it). */
  nextBatch(): number {
    return this.base + this.retained.length;
  }

  /**
   * A batch is written: keep it until acknowledged. True when an acknowledging PING must follow it (plain
   * publishes were queued and none is out yet); the link sends it and reports its PONG to {@link ackAnswered}.
   */
  written(batch: Batch): boolean {
    if (this.limit <= 0 || this.closed) return false;
    this.retained.push(batch);
    holdBatch(batch);
    this.retainedBytes += batch.bytes;
    while (this.retainedBytes > this.limit && this.retained.length > 1) {
      const old = this.retained.shift()!;
      this.base++;
      this.retainedBytes -= old.bytes;
      this.unretainedBytes += old.bytes;
      releaseBatch(old);
    }
    if (this.wantAck && !this.ackOut) {
      this.wantAck = false;
      this.ackOut = true;
      return true;
    }
    return false;
  }

  /** The server has read batch `index` and every batch before it. */
  ackThrough(index: number): void {
    const drop = index + 1 - this.base;
    if (drop <= 0 || this.closed) return;
    for (const b of this.retained.splice(0, Math.min(drop, this.retained.length))) {
      this.retainedBytes -= b.bytes;
      releaseBatch(b);
    }
    this.base = Math.max(this.base, index + 1);
  }

  /**
   * The PONG of the acknowledging PING arrived (after {@link ackThrough}). True when batches written while it
   * was out need another one now; the link sends it straight to the transport, since it only acknowledges
   * batches already written and must not become a batch itself.
   */
  ackAnswered(): boolean {
    this.ackOut = false;
    if (this.retained.length > 0 && !this.closed) {
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
    const out = this.retained;
    this.retained = [];
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
