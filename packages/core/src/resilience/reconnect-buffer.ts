import { ConnectionError, ErrorCode } from "../errors";
import { Outbound } from "../protocol/outbound";
import type { Batch } from "../protocol/write-batch";
import { publishBytes } from "../protocol/resend-ledger";

/**
 * Publishes held while disconnected (and those recovered from a lost link), within a byte budget, in the
 * order they were made. Past the budget a publish is refused with a typed error and counted. Publishes made
 * while connected are never refused here, even when they wait for a backed-up transport.
 */
export class ReconnectBuffer {
  readonly #out = new Outbound();
  readonly #budget: number;
  refusedMsgs = 0;
  refusedBytes = 0;
  resentMsgs = 0;

  constructor(budget: number) {
    this.#budget = budget;
  }

  // Counts a refused publish and throws the typed error publishers match on.
  #refuse(size: number, held: number, why: string): never {
    this.refusedMsgs++;
    this.refusedBytes += size;
    const e = new ConnectionError(`${why}: ${held} of ${this.#budget} bytes held`);
    (e as { code: string }).code = ErrorCode.ReconnectBufferFull;
    throw e;
  }

  /** Holds a publish, or throws `ConnectionError` with code `NATS_ERR_RECONNECT_BUFFER_FULL`. */
  add(subject: string, reply: string | undefined, headers: Uint8Array | undefined, data: Uint8Array, size: number): void {
    const frameBytes = size + subject.length + (reply ? reply.length : 0) + 48;
    if (this.#out.pending + frameBytes > this.#budget) this.#refuse(size, this.#out.pending, "reconnect buffer full while disconnected");
    this.#out.pub(subject, reply, headers, data);
  }

  /**
   * Queues again the publishes of batches a lost server never acknowledged, oldest first, by copying their
   * byte ranges (no parsing). A batch that does not fit the budget is refused whole, and so is every batch
   * after it, so what is resent is always a gap-free prefix.
   */
  recover(batches: Batch[]): void {
    let refusing = false;
    for (const b of batches) {
      if (b.pubs === 0) continue;
      const parts = publishBytes(b);
      let n = 0;
      for (const p of parts) n += p.length;
      if (refusing || this.#out.pending + n > this.#budget) {
        refusing = true;
        this.refusedMsgs += b.pubs;
        this.refusedBytes += n;
        continue;
      }
      this.#out.publishes(parts, b.pubs);
      this.resentMsgs += b.pubs;
    }
  }

  /** Everything held, for writing after the subscriptions are restored. */
  take(): Batch {
    return this.#out.take();
  }
}
