/**
 * Ours: how much an ordered consumer's `consume()` without a given `max_messages`/`max_bytes` asks for, in
 * bytes. Its pull requests carry `max_bytes` (and a `batch` too large to end them first), so the server
 * itself never sends more than was asked for, whatever the sizes of the messages still to come: a consume
 * whose first messages were small and whose later ones are large cannot be sent thousands of large ones. The
 * budget (what may be requested and not yet taken by the application) follows the sizes of the recent
 * messages: as many messages as fit {@link ORDERED_BATCH_BYTES} with their memory overhead, at most
 * {@link ORDERED_MAX_MESSAGES_SMALL}, so small messages keep the deep batch that made the ordered read fast
 * (bench/results/profile-notes.md, sections 17 and 18).
 *
 * Why bytes only, and not a message count as well: nats-server serves its open pull requests in turn, one
 * message each, and a request that ends by its count sends nothing, so the client could not know how much of
 * the other bound was left unused; a request that ends by its bytes is exact (the budget used to the last
 * byte, or a 409 `Message Size Exceeds MaxBytes` / 408 saying what was left). With bytes only, what is on the
 * way is known to the byte.
 */
import { ORDERED_MAX_MESSAGES } from "./pull-options";

/**
 * Ours: what a self-sized ordered `consume()` may have requested and not yet taken, about: the messages'
 * bytes plus {@link MSG_MEMORY_OVERHEAD} each. It bounds what such a consume holds when the application stops
 * reading (everything requested arrives and is queued), and what the server queues for the connection ahead
 * of it; 8 MiB is a fraction of what nats.go lets a subscription hold by default (64 MiB) and of the server's
 * default `max_pending` per connection (64 MiB).
 */
export const ORDERED_BATCH_BYTES = 8 * 1024 * 1024;
/** Ours: the memory a queued message takes besides its bytes (the client's objects and the reply string). */
export const MSG_MEMORY_OVERHEAD = 256;
/**
 * Ours: the most messages a self-sized ordered `consume()` has coming when they are small. Each pull request
 * costs the server a request to handle and, whenever the client fell behind and the batch ran out, a pause;
 * 4096 (requests of 2048) measured ~13% faster than 1024 on an ordered read of 50k messages of 128 B, with
 * ~15% less server CPU per message, and 16384 (requests of 8192) faster again (profile-notes, section 17):
 * what the client has coming is what the server may send ahead of it, and the deeper that is the larger its
 * writes and the client's reads, the fewer the wake-ups on both sides. 32768 gained nothing measurable.
 */
export const ORDERED_MAX_MESSAGES_SMALL = 16384;
/** Ours: the messages whose average size sets the budget, each time that many arrived. */
export const ORDERED_SIZE_SAMPLE = 64;
/**
 * Ours: the budget before any message was measured: {@link ORDERED_MAX_MESSAGES} messages of 256 B (about
 * what the first request asked for when it counted messages).
 */
export const ORDERED_FIRST_BUDGET = ORDERED_MAX_MESSAGES * 256;
/**
 * Ours: the `batch` of a byte-bounded request: larger than any budget can hold (every message counts its
 * subject and its ack reply, ~100 B at least), so the bytes always end the request, never the count.
 */
export const ORDERED_BYTES_BATCH = 1_000_000;

/**
 * The budget (bytes to have coming, as the server counts them: subject, reply, headers and payload) for
 * messages that average `avgBytes`: as many as fit {@link ORDERED_BATCH_BYTES} with their overhead, at most
 * {@link ORDERED_MAX_MESSAGES_SMALL} and at least one, times their size. Never more than ORDERED_BATCH_BYTES.
 */
export function orderedBudget(avgBytes: number): number {
  if (!(avgBytes > 0)) return ORDERED_FIRST_BUDGET;
  const avg = Math.min(avgBytes, ORDERED_BATCH_BYTES);
  const fit = Math.floor(ORDERED_BATCH_BYTES / (avg + MSG_MEMORY_OVERHEAD));
  // An integer (| 0: at most 8 MiB), so the iterator's byte counts it flows into stay small integers.
  return (Math.max(1, Math.min(ORDERED_MAX_MESSAGES_SMALL, fit)) * avg) | 0;
}

/** What to ask for next: bytes (> 0), nothing (0), or {@link ONE_MESSAGE}. */
export type BudgetRequest = number;
/**
 * One message without a byte bound: the next message is larger than the whole budget (a 409 said so) and
 * nothing else is coming or queued, so the consume holds that one message and nothing else.
 */
export const ONE_MESSAGE = -1;

/** The budget of a self-sized ordered `consume()` and when to ask for more. */
export class OrderedBudget {
  /** Bytes that may be requested and not yet taken (at most {@link ORDERED_BATCH_BYTES}). */
  limit = ORDERED_FIRST_BUDGET;
  private sum = 0;
  private left = ORDERED_SIZE_SAMPLE;
  /** After a 409: the next message is at least this large (0: nothing known). */
  private nextAtLeast = 0;

  /**
   * A message of `size` bytes arrived: every {@link ORDERED_SIZE_SAMPLE}, the budget follows their average;
   * at once when one message alone is larger than the budget (so the next requests fit such messages).
   */
  measure(size: number): void {
    this.nextAtLeast = 0;
    this.sum += size;
    if (size > this.limit) this.limit = orderedBudget(size);
    if (--this.left > 0) return;
    this.limit = orderedBudget(this.sum / ORDERED_SIZE_SAMPLE);
    this.sum = 0;
    this.left = ORDERED_SIZE_SAMPLE;
  }

  /**
   * A request ended with `bytesLeft` unused because the next message did not fit (409): that message is
   * larger. Its size is only known from below, so the next request waits until it can ask for double that
   * (asking as soon as the reader freed a few bytes more would cost a round trip and another 409 for every
   * message taken), and a budget too small for that grows to fit such messages, never past
   * {@link ORDERED_BATCH_BYTES}: a message larger than the bound is found in a few round trips.
   */
  tooLarge(bytesLeft: number): void {
    const want = 2 * (bytesLeft + 1);
    if (want > this.nextAtLeast) this.nextAtLeast = want;
    if (this.nextAtLeast > this.limit) this.limit = orderedBudget(this.nextAtLeast);
  }

  /**
   * What to ask for when `outstanding` bytes are requested and not yet taken: nothing until that fell to half
   * the budget, then the rest of the budget; after a 409, nothing until the next message can fit, or
   * {@link ONE_MESSAGE} when it cannot fit even an empty budget.
   */
  next(outstanding: number): BudgetRequest {
    const limit = this.limit;
    if (outstanding * 2 > limit) return 0;
    const room = limit - outstanding;
    if (room >= this.nextAtLeast) return room;
    return outstanding <= 0 && this.nextAtLeast > limit ? ONE_MESSAGE : 0;
  }
}
