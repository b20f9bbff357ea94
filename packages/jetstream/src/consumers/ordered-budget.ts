/**
 * Ours: the byte bound of an ordered consumer's `consume()` without a given `max_messages`/`max_bytes`. Its
 * requests count messages as before (1024, then a batch sized from the messages, refilled at half) and each
 * also carries `max_bytes`: its share of half of {@link ORDERED_BATCH_BYTES} (256 B per message for the batch
 * of 16384 that small messages get). Small messages end their requests by count, silently, as before: nothing
 * is counted per message. When messages grow after the batch was chosen, the server ends a request whose next
 * message does not fit (409 `Message Size Exceeds MaxBytes` with the messages it had left, which the client
 * stops expecting), the next message is measured at once and the batch shrinks to what fits the bound; the
 * batch is also measured again (64 messages) after every request, so it follows the sizes both ways.
 *
 * Why no byte count per message: nats-server 2.9.10 serves its open requests in turn and a request that ends
 * by its count says nothing, so which requests are open, and what is left of their byte bounds, cannot be
 * known on one inbox without counting every message's size as the server does (which cost the ordered read
 * ~8% of its rate: profile-notes, section 18). The bound is what the requests may still bring plus what is
 * queued: within 1.5 x ORDERED_BATCH_BYTES of byte bounds in the model of ordered-budget.prop.test.ts (its
 * worst over 1,500 runs 1.425: the first request's 4 MiB, the next one's 2 MiB, then the grown batch's
 * 4 MiB while they are served in turn), and within the bound itself in the held-memory experiment
 * (`ordered-held`), where count-ended requests bring much less than their byte bounds.
 *
 * One blind spot: a request whose bytes are used to the last byte ends without a word (2.9.10), leaving the
 * rest of its count expected until missed heartbeats restart the pulls. Only requests that end by their bytes
 * can (the batch keeps a share of 1.125 x the messages' size, so a steady size ends them by count), and the
 * bounds are primes, so messages of one size cannot fill one exactly (mixed sizes that grew can, rarely).
 */
import { MSG_MEMORY_OVERHEAD, ORDERED_BATCH_BYTES, ORDERED_MAX_MESSAGES_SMALL, ORDERED_SIZE_SAMPLE } from "./pull-options";

/**
 * The batch of a self-sized ordered consume whose messages average `avgBytes` (subject, reply, headers and
 * payload): as many as fit {@link ORDERED_BATCH_BYTES} with {@link MSG_MEMORY_OVERHEAD} each, and few enough
 * that a request's share of half the bound ({@link orderedBytesPerMessage}) is 1.125 x their size (so requests
 * of such messages end by their count, not by a 409, and never by their bytes to the last one), between 1
 * and {@link ORDERED_MAX_MESSAGES_SMALL}. Measured again after every request, it shrinks when the messages
 * grow, so the count bounds what is coming and queued, and the requests' byte bounds cover the messages that
 * grew in between.
 */
export function orderedMaxMessages(avgBytes: number): number {
  if (!(avgBytes >= 0)) return ORDERED_MAX_MESSAGES_SMALL;
  const fit = Math.floor(ORDERED_BATCH_BYTES / Math.max(avgBytes + MSG_MEMORY_OVERHEAD, SHARE_OVER_SIZE * 2 * avgBytes));
  return Math.max(1, Math.min(ORDERED_MAX_MESSAGES_SMALL, fit));
}

/** How much larger than the messages' average a request's share per message is, at least. */
const SHARE_OVER_SIZE = 1.125;

/**
 * Bytes per requested message of a self-sized ordered consume whose batch is `maxMessages`: half of
 * {@link ORDERED_BATCH_BYTES} per batch (256 B for the grown batch of 16384, which the messages that grew it
 * fit: it grows to 16384 only for messages of ~256 B or less, subject and reply included).
 */
export function orderedBytesPerMessage(maxMessages: number): number {
  return Math.floor(ORDERED_BATCH_BYTES / (2 * Math.max(1, maxMessages)));
}

/**
 * The `max_bytes` of a request for `batch` messages when the batch is `maxMessages`: its share of half of
 * {@link ORDERED_BATCH_BYTES}, a prime (see {@link primeAtMost}).
 */
export function orderedRequestBytes(batch: number, maxMessages: number): number {
  return primeAtMost(Math.max(1, batch) * orderedBytesPerMessage(maxMessages));
}

/** What to ask for next: bytes (> 0), nothing yet ({@link WAIT}), or {@link ONE_MESSAGE}. */
export type OrderedRequestBytes = number;
/** Ask for nothing yet: the next message needs a larger request than may be open beside others. */
export const WAIT = 0;
/**
 * One message without a byte bound: a 409 said the next message is larger than the whole bound, and nothing
 * else is coming or queued, so the consume holds that one message and nothing else.
 */
export const ONE_MESSAGE = -1;

/** A self-sized ordered consume's measuring of sizes, and what a 409 said of the next message. */
export class OrderedBytes {
  /** The next message is at least this large (0: nothing known). */
  nextAtLeast = 0;
  /** Messages still to measure (0: not measuring); the iterator checks it for every message. */
  probe = ORDERED_SIZE_SAMPLE;
  private sample = ORDERED_SIZE_SAMPLE;
  private sum = 0;

  /** A measured message's size (as the server counts it): the batch once the sample is complete, else 0. */
  measure(size: number): number {
    this.sum += size;
    if (--this.probe > 0) return 0;
    const max = orderedMaxMessages(this.sum / this.sample);
    this.sum = 0;
    return max;
  }

  private measureAgain(sample: number): void {
    this.probe = sample;
    this.sample = sample;
    this.sum = 0;
  }

  /**
   * A request ended with `bytesLeft` unused because the next message did not fit (409): that message is
   * larger. Its size is only known from below, so ask for double: one larger than the bound is found in a
   * few round trips.
   */
  tooLarge(bytesLeft: number): void {
    const want = 2 * (bytesLeft + 1);
    if (want > this.nextAtLeast) this.nextAtLeast = Math.min(want, 2 ** 31 - 1);
    // The messages grew: the batch follows the next one at once.
    this.measureAgain(1);
  }

  /**
   * The `max_bytes` of a request for `batch` messages when the batch is `maxMessages`, given the messages
   * `coming` (requested, not received) and `held` (received, not taken): in proportion to the count, unless a
   * 409 said the next message needs more; then that much once nothing else is coming (up to
   * {@link ORDERED_BATCH_BYTES}), or {@link ONE_MESSAGE} once nothing is coming or held. Starts measuring the
   * sizes again.
   */
  requestBytes(batch: number, maxMessages: number, coming: number, held: number): OrderedRequestBytes {
    // Measured again for each request (within a small batch, so it grows back at once after large messages).
    if (this.probe === 0) this.measureAgain(Math.min(ORDERED_SIZE_SAMPLE, maxMessages));
    const base = orderedRequestBytes(batch, maxMessages);
    const need = this.nextAtLeast;
    if (need <= base) {
      this.nextAtLeast = 0;
      return base;
    }
    if (coming > 0) return WAIT;
    if (need <= ORDERED_BATCH_BYTES) {
      this.nextAtLeast = 0;
      return need;
    }
    if (held > 0) return WAIT;
    this.nextAtLeast = 0;
    return ONE_MESSAGE;
  }
}

/**
 * The largest prime at most `n` (n itself below 4): a request's byte bound. nats-server 2.9.10 ends a request
 * whose byte bound is used to the last byte without a word, leaving the rest of its count expected; messages
 * of one size (the usual stream) fill a prime exactly only when one message is that size.
 */
export function primeAtMost(n: number): number {
  if (n < 4) return n;
  for (let p = n % 2 === 0 ? n - 1 : n; p > 2; p -= 2) {
    let prime = true;
    for (let d = 3; d * d <= p; d += 2) {
      if (p % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) return p;
  }
  return 2;
}
