// What a flush hands over and who holds it. Apart from the outbound, which builds batches, because the
// transport writer and the resend ledger hold and release them without knowing how they were built.
import type { Outbound } from "./outbound";

/**
 * A write buffer and the number of handed-over batches that still lie in it. Bytes are appended to it and
 * never written twice while a batch holds them; once no batch does, it is reused (from its start, or from
 * the pool), so a busy connection keeps writing into memory it already touched instead of fresh pages.
 * @internal
 */
export class Slab {
  refs = 0;
  constructor(readonly bytes: Uint8Array) {}
}

/**
 * Bytes handed over in one flush. Besides the bytes it says which of them are publishes: every op that is not
 * a publish (SUB, UNSUB, PING, PONG) is listed in `controls`, so publishes can be sent again after a
 * reconnect by copying byte ranges, without parsing our own output.
 *
 * Its bytes may lie in the outbound's write buffers, which are reused once every holder let go: the sink
 * holds a batch it was handed until the transport wrote it, and the acknowledgement ledger holds it until
 * the server proved it read it ({@link holdBatch}, {@link releaseBatch}). A batch never released (one kept
 * for resending after a lost connection) keeps its buffers for good.
 */
export interface Batch {
  parts: Uint8Array[];
  /** Total bytes of `parts`. */
  bytes: number;
  /** Offsets `[start, end)` of the non-publish ops in the batch, in pairs, in order. */
  controls: number[];
  /** Publishes in the batch. */
  pubs: number;
  /** Holders of the batch (the sink when handed over; the ledger adds itself). */
  holds?: number;
  /** The outbound whose write buffers hold the bytes, and those buffers. */
  owner?: Outbound;
  slabs?: Slab[];
}

/** One more holder of `b`'s bytes (the acknowledgement ledger keeping it). */
export function holdBatch(b: Batch): void {
  if (b.owner !== undefined) b.holds!++;
}

/** A holder of `b` let go (the transport wrote it, the server acknowledged it); the last one frees its buffers. */
export function releaseBatch(b: Batch): void {
  if (b.owner !== undefined && --b.holds! === 0) b.owner.recycle(b);
}

/** Where flushed batches go; `ready` false holds them back (the transport is backed up). */
export interface OutboundSink {
  write(batch: Batch): void;
  ready(): boolean;
}
