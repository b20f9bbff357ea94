import { ConnectionError, ErrorCode } from "../errors";
import { Outbound } from "../protocol/outbound";
import { recoverPublishes } from "./recover-publishes";

/**
 * Publishes held while disconnected (and those recovered from a lost link), within a byte budget, in the
 * order they were made. Past the budget a publish is refused with a typed error and counted.
 */
export class ReconnectBuffer {
  private readonly out = new Outbound(null);
  private readonly budget: number;
  refusedMsgs = 0;
  refusedBytes = 0;
  resentMsgs = 0;

  constructor(budget: number) {
    this.budget = budget;
  }

  /** Holds a publish, or throws `ConnectionError` with code `NATS_ERR_RECONNECT_BUFFER_FULL`. */
  add(subject: string, reply: string | undefined, headers: Uint8Array | undefined, data: Uint8Array, size: number): void {
    const frameBytes = size + subject.length + (reply ? reply.length : 0) + 48;
    if (this.out.pending + frameBytes > this.budget) {
      this.refusedMsgs++;
      this.refusedBytes += size;
      const e = new ConnectionError(`reconnect buffer full: ${this.out.pending} of ${this.budget} bytes held while disconnected`);
      (e as { code: string }).code = ErrorCode.ReconnectBufferFull;
      throw e;
    }
    this.out.pub(subject, reply, headers, data);
  }

  /** Queues again the publishes found in bytes a lost server never acknowledged. */
  recover(batches: Uint8Array[][]): void {
    const r = recoverPublishes(batches, this.out, this.budget);
    this.resentMsgs += r.resent;
    this.refusedMsgs += r.refused;
    this.refusedBytes += r.refusedBytes;
  }

  /** Everything held, for writing after the subscriptions are restored. */
  take(): Uint8Array[] {
    return this.out.take();
  }
}
