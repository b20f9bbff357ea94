import type { Frame } from "./frame";

/**
 * What one direction of the protocol supplies to {@link FrameParser}, apart from the machine that drives it:
 * naming the op of a line (`identify`), handling a complete line (`line`), the one-pass reader of the line
 * that dominates the traffic (`quickLine`, with its decimal reader {@link digits}) and handing out complete
 * frames (`deliver`). {@link ServerOpParser} and {@link ClientOpParser} implement it. The root of the
 * parsers' classes ({@link ControlLineArgs}, the argument readers, extends it; FrameParser extends those):
 * declarations only, no code and no fields, so the parsers' objects keep the fields and the order their hot
 * loop was tuned with, and the browser bundle pays for nothing but an empty class.
 * @internal
 */
export abstract class OpVocabulary {
  /** Where the line read by {@link quickLine} ends (after its LF). */
  protected abstract quickEnd: number;

  /**
   * Identifies the op at `buf[s]`, setting `tokenEnd`. With `complete` false the line is not finished yet:
   * return 0 while the bytes so far could still become a known op. Throws for anything else.
   */
  protected abstract identify(buf: Uint8Array, s: number, e: number, complete: boolean): number;
  /** True for the op whose line may reach `maxJsonLine` (INFO or CONNECT). */
  protected abstract isJsonOp(op: number): boolean;
  /** First letter (upper case) of that op, to bound a line whose op is not known yet. */
  protected abstract readonly jsonOpLetter: number;
  /**
   * Handles the complete control line `buf[s, e)` (CRLF excluded). An op without a payload is dispatched
   * here and returns -1; an op with one (MSG, HMSG, PUB, HPUB) returns {@link frame}`(…)`, which records
   * where its subject and reply are and how many bytes follow.
   */
  protected abstract line(op: number, buf: Uint8Array, s: number, e: number): number;
  /** Hands a complete MSG/HMSG or PUB/HPUB to the sink. */
  protected abstract deliver(f: Frame): void;

  /**
   * The fast path: reads the control line at `buf[s]` in one pass when it is a well-formed line of the op
   * that dominates the traffic, complete inside `buf[s, n)`. Returns what {@link frame} returns and sets
   * {@link quickEnd}, or -1 to let the general path (which reports every error) read the line; a direction
   * without a dominant op always returns -1.
   */
  protected abstract quickLine(buf: Uint8Array, s: number, n: number): number;
}

/**
 * Reads the plain decimal `buf[s, e)` for the fast path: -1 when it is empty, holds anything but digits,
 * or exceeds `max` (the general path then reports why). A function, not a static method: its calls in
 * `quickLine` are shorter in the bundle.
 */
export function digits(buf: Uint8Array, s: number, e: number, max: number): number {
  if (s === e) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
    if (v > max) return -1;
  }
  return v;
}
