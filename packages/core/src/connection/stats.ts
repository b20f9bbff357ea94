/** Counters of a connection (nats.js's four, and ours). */
export interface Stats {
  inBytes: number;
  outBytes: number;
  inMsgs: number;
  outMsgs: number;
  /** Ours: successful reconnects. */
  reconnects?: number;
  /** Ours: publishes refused because the reconnect buffer was full. */
  refusedMsgs?: number;
  refusedBytes?: number;
  /** Ours: messages dropped by subscriptions past their pending limits. */
  droppedMsgs?: number;
  /** Ours: unacknowledged publishes sent again after a reconnect. */
  resentMsgs?: number;
  /** Ours: bytes written before a disconnect that could no longer be kept for resending. */
  unretainedBytes?: number;
}
