/**
 * When `consume()` asks for more messages, and for how many. "Outstanding" is what the client already has
 * coming: messages and bytes requested but not received, plus those received but not yet handed to the
 * application. Counting the second part (nats.js gets the same effect by queueing its pull requests behind the
 * messages) keeps a slow application from accumulating more than `max_messages`.
 */

/** The limits of a `consume()`. */
export interface RefillLimits {
  max_messages: number;
  /** 0 when the consume is bounded by messages only. */
  max_bytes: number;
  threshold_messages: number;
  threshold_bytes: number;
}

/** What the client has coming. */
export interface Outstanding {
  msgs: number;
  bytes: number;
}

/** A pull request's size. */
export interface RefillRequest {
  batch: number;
  /** 0: no byte bound. */
  max_bytes: number;
}

/**
 * The next pull request, or null when none is due: one is due once the outstanding messages (or bytes, for
 * a byte-bounded consume) are at or below the threshold, and it tops them up to the maximum.
 */
export function refillRequest(l: RefillLimits, o: Outstanding): RefillRequest | null {
  const msgs = Math.max(0, o.msgs);
  const bytes = Math.max(0, o.bytes);
  if (!refillDue(l, msgs, bytes)) return null;
  const batch = l.max_messages - msgs;
  const maxBytes = l.max_bytes > 0 ? l.max_bytes - bytes : 0;
  if (batch <= 0 || (l.max_bytes > 0 && maxBytes <= 0)) return null;
  return { batch, max_bytes: maxBytes };
}

/**
 * Whether the outstanding messages (or bytes, for a byte-bounded consume) fell to the threshold: the check a
 * consumer makes for every message, without building anything ({@link refillRequest} says how much).
 */
export function refillDue(l: RefillLimits, msgs: number, bytes: number): boolean {
  return (l.max_messages > 0 && msgs <= l.threshold_messages) || (l.max_bytes > 0 && bytes <= l.threshold_bytes);
}
