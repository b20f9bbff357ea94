/**
 * Publish-to-delivery latency in one process: publishers put their send time (a float64 of
 * `performance.now()`) in the first 8 bytes of a sample of messages; subscribers read it back on delivery.
 * Every other message carries 0xff in those bytes, a NaN, meaning "not stamped". Publisher and subscribers
 * share one clock because they share one process.
 */
import { summarise, type LatencySummary } from "./latency";

/** Payload bytes 0–7 all 0xff read as a float64 NaN: "not stamped". */
const UNSTAMPED = 0xff;
/** Latency samples kept per subscriber at most; stamps are spread to stay under it. */
const MAX_SAMPLES = 50_000;

/** The payloads of a run, and the samples its subscribers take. */
export class LatencyStamps {
  /** Every unstamped message shares this buffer. */
  private readonly shared: Uint8Array;
  private readonly stride: number;
  private readonly samples: Float64Array[];
  private readonly counts: number[];

  constructor(
    size: number,
    msgs: number,
    publishers: number,
    subscribers: number,
    /** False when latency is not measured: every payload is the shared one. */
    readonly enabled: boolean,
  ) {
    this.shared = new Uint8Array(size).fill(120);
    if (enabled) this.shared.fill(UNSTAMPED, 0, 8);
    this.stride = Math.max(1, Math.floor(msgs / MAX_SAMPLES));
    this.samples = enabled ? Array.from({ length: subscribers }, () => new Float64Array(Math.ceil(msgs / this.stride) + publishers)) : [];
    this.counts = new Array<number>(subscribers).fill(0);
  }

  /** The payload of a publisher's `k`th message (from 0): stamped now, or the shared buffer. */
  payload(k: number): Uint8Array {
    if (!this.enabled || k % this.stride !== 0) return this.shared;
    // A stamped message gets its own buffer: a client may still hold the previous one.
    const b = this.shared.slice();
    new DataView(b.buffer).setFloat64(0, performance.now(), true);
    return b;
  }

  /** Records the latency of a message subscriber `i` received at `now`, when it carries a stamp. */
  record(i: number, data: Uint8Array, now: number): void {
    if (!this.enabled || data.length < 8) return;
    const sent = new DataView(data.buffer, data.byteOffset, 8).getFloat64(0, true);
    const s = this.samples[i]!;
    if (!Number.isNaN(sent) && this.counts[i]! < s.length) s[this.counts[i]!++] = now - sent;
  }

  /** Every subscriber's samples summarised, when measured. */
  summary(): LatencySummary | undefined {
    if (!this.enabled) return undefined;
    const all = new Float64Array(this.counts.reduce((a, b) => a + b, 0));
    let o = 0;
    this.samples.forEach((s, i) => {
      all.set(s.subarray(0, this.counts[i]), o);
      o += this.counts[i]!;
    });
    return summarise(all);
  }
}
