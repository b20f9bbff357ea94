/**
 * node-nats-streaming's SubscriptionOptions: the same fields, setters and defaults. One difference (a bug
 * fix): `setStartTime(date)` keeps the date and the delta is computed when the subscription request is sent,
 * not when the option is built (node-nats-streaming computed it in the setter, so options built ahead of
 * time started too early). Ours too: a setter given a value no SubscriptionRequest can carry (a fraction,
 * NaN, an invalid date…) throws a StanError (`STAN_ERR_BAD_OPTION`); see subscription-checks.ts.
 */
import type { StanError } from "./errors";
import { StartPosition as PbStartPosition } from "./pb/protocol";
import {
  ackWaitError,
  maxInFlightError,
  nameError,
  startDateError,
  startPositionError,
  startSequenceError,
  startTimeDeltaError,
} from "./subscription-checks";

// The setters refuse what a SubscriptionRequest cannot carry (see subscription-checks.ts).
function throwIf(err: StanError | undefined): void {
  if (err) throw err;
}

/** Where a subscription starts, with node-nats-streaming's names and values. */
export const StartPosition = Object.freeze({
  NEW_ONLY: PbStartPosition.NEW_ONLY,
  LAST_RECEIVED: PbStartPosition.LAST_RECEIVED,
  TIME_DELTA_START: PbStartPosition.TIME_DELTA_START,
  SEQUENCE_START: PbStartPosition.SEQUENCE_START,
  FIRST: PbStartPosition.FIRST,
});
/** One of {@link StartPosition}'s values. */
export type StartPosition = PbStartPosition;

/** Default max unacknowledged messages of a subscription (and of publishes), as node-nats-streaming. */
export const DEFAULT_MAX_IN_FLIGHT = 16384;
/** Default ack wait in ms, as node-nats-streaming. */
export const DEFAULT_ACK_WAIT = 30 * 1000;

/** Options of `subscribe()`; build them with `sc.subscriptionOptions()` and chain the setters. */
export class SubscriptionOptions {
  /** Durable name: the server keeps the position across connections. */
  durableName?: string;
  /** Most unacknowledged messages the server sends (default 16384). */
  maxInFlight: number;
  /** Milliseconds the server waits for an ack before redelivering (default 30000; sent in whole seconds). */
  ackWait: number;
  /** Where the subscription starts (default NEW_ONLY). */
  startPosition: StartPosition;
  /** With SEQUENCE_START (ours: a bigint too, for sequences past 2^53). */
  startSequence?: number | bigint;
  /**
   * With TIME_DELTA_START: how far back to start, in ns, as node-nats-streaming stores it. Set by
   * {@link setStartAtTimeDelta}; {@link setStartTime} sets {@link startDate} instead.
   */
  startTime?: number;
  /** Ours: the date given to {@link setStartTime}; the delta to it is computed when subscribing. */
  startDate?: Date;
  /** The application acks each message with `msg.ack()`; otherwise the client acks for it. */
  manualAcks?: boolean;

  constructor(
    durableName?: string,
    maxInFlight?: number,
    ackWait?: number,
    startPosition?: StartPosition,
    startSequence?: number,
    startTime?: number,
    manualAcks?: boolean,
  ) {
    this.durableName = durableName;
    this.maxInFlight = maxInFlight || DEFAULT_MAX_IN_FLIGHT;
    this.ackWait = ackWait || DEFAULT_ACK_WAIT;
    this.startPosition = startPosition ?? StartPosition.NEW_ONLY;
    this.startSequence = startSequence;
    this.startTime = startTime;
    this.manualAcks = manualAcks;
  }

  /** Most unacknowledged messages the server sends at once. */
  setMaxInFlight(n: number): this {
    throwIf(maxInFlightError(n));
    this.maxInFlight = n;
    return this;
  }

  /** Milliseconds before an unacknowledged message is redelivered (rounded up to whole seconds on the wire). */
  setAckWait(millis: number): this {
    throwIf(ackWaitError(millis));
    this.ackWait = millis;
    return this;
  }

  /** Sets the start position alone (NEW_ONLY, LAST_RECEIVED, FIRST…). */
  setStartAt(startPosition: StartPosition): this {
    throwIf(startPositionError(startPosition));
    this.startPosition = startPosition;
    return this;
  }

  /** Starts at a sequence (ours: a bigint too, for sequences past 2^53). */
  setStartAtSequence(sequence: number | bigint): this {
    throwIf(startSequenceError(sequence));
    this.startPosition = StartPosition.SEQUENCE_START;
    this.startSequence = sequence;
    return this;
  }

  /** Starts with the messages stored at or after `date`; the delta is computed when subscribing. */
  setStartTime(date: Date): this {
    throwIf(startDateError(date));
    this.startPosition = StartPosition.TIME_DELTA_START;
    this.startDate = new Date(date instanceof Date ? date.getTime() : date);
    this.startTime = undefined;
    return this;
  }

  /** Starts with the messages stored in the last `millis` ms. */
  setStartAtTimeDelta(millis: number): this {
    throwIf(startTimeDeltaError(millis));
    this.startPosition = StartPosition.TIME_DELTA_START;
    this.startTime = millis * 1_000_000;
    this.startDate = undefined;
    return this;
  }

  /** Starts with the last stored message. */
  setStartWithLastReceived(): this {
    this.startPosition = StartPosition.LAST_RECEIVED;
    return this;
  }

  /** Starts with the first stored message. */
  setDeliverAllAvailable(): this {
    this.startPosition = StartPosition.FIRST;
    return this;
  }

  /** true: the application acks with `msg.ack()`. */
  setManualAckMode(tf: boolean): this {
    this.manualAcks = tf;
    return this;
  }

  /** Makes the subscription durable under this name. */
  setDurableName(durableName: string): this {
    throwIf(nameError("durableName", durableName));
    this.durableName = durableName;
    return this;
  }

  /** The start delta in ns for a request sent at `now` (ms since the epoch). */
  startTimeDeltaNanos(now: number): bigint {
    return startTimeDeltaNanos(this, now);
  }
}

/**
 * The start delta in ns of options `o` (SubscriptionOptions, or a plain object standing for them) for a
 * request sent at `now` (ms since the epoch).
 */
export function startTimeDeltaNanos(o: Pick<SubscriptionOptions, "startDate" | "startTime">, now: number): bigint {
  if (o.startDate !== undefined && o.startDate !== null) return BigInt(Math.max(0, Math.round(now - o.startDate.valueOf()))) * 1_000_000n;
  return BigInt(Math.round(o.startTime ?? 0));
}

/** node-nats-streaming's `NewSubscriptionOptions()`: options with the defaults. */
export function NewSubscriptionOptions(): SubscriptionOptions {
  return new SubscriptionOptions();
}
