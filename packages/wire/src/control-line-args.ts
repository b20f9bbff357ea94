import { SPACE, TAB, decodeText, printable } from "./ascii";
import { WireErrorCode, type ProtocolError } from "./errors";
import { OpVocabulary } from "./op-vocabulary";

/** The most arguments any op takes (HMSG: subject sid reply hdr total), plus one to detect extras. */
export const MAX_ARGS = 6;

/**
 * Readers of a complete control line's arguments (split on blanks, decimals, JSON, nothing at all), shared
 * by both directions' `line()`. Apart from {@link FrameParser}, which finds the lines and their payloads in
 * the stream, because only the general path reads lines this way: the MSG/HMSG lines of real traffic take
 * the server parser's one-pass `quickLine`. A base class with no fields of its own, so the parsers' objects
 * keep the fields and the order they had.
 * @internal
 */
export abstract class ControlLineArgs extends OpVocabulary {
  /** Where the op token of the current line ends; set by `identify`. */
  abstract tokenEnd: number;
  /** Argument boundaries of the current line, filled by `splitArgs` (no allocation per line). */
  protected abstract readonly argStart: Int32Array;
  protected abstract readonly argEnd: Int32Array;

  /** Builds the {@link ProtocolError} for bytes of the current line (see {@link FrameParser.fail}). */
  protected abstract fail(code: WireErrorCode, reason: string, state: string, buf: Uint8Array, s: number, e: number): ProtocolError;

  /** Splits `buf[s, e)` on spaces and tabs into `argStart/argEnd`; returns the count (capped at MAX_ARGS). */
  protected splitArgs(buf: Uint8Array, s: number, e: number): number {
    let n = 0;
    let i = s;
    while (i < e) {
      let b = buf[i]!;
      while (b === SPACE || b === TAB) {
        if (++i === e) return n;
        b = buf[i]!;
      }
      if (n === MAX_ARGS) return n;
      this.argStart[n] = i;
      while (i < e && (b = buf[i]!) !== SPACE && b !== TAB) i++;
      this.argEnd[n++] = i;
    }
    return n;
  }

  /**
   * Parses argument `k` as a plain decimal number no larger than `max`. Signs, blanks and other characters
   * make it fail: a size or sid is digits only.
   */
  protected num(buf: Uint8Array, k: number, max: number, what: string, state: string, tooLarge: WireErrorCode): number {
    const s = this.argStart[k]!;
    const e = this.argEnd[k]!;
    let v = 0;
    for (let i = s; i < e; i++) {
      const d = buf[i]! - 48;
      if (d < 0 || d > 9) {
        throw this.fail(WireErrorCode.BadNumber, `${what} '${printable(buf, s, e, 32)}' is not a decimal number`, state, buf, s, e);
      }
      v = v * 10 + d;
      if (v > max) {
        throw this.fail(tooLarge, `${what} ${printable(buf, s, e, 32)} exceeds the maximum ${max}`, state, buf, s, e);
      }
    }
    return v;
  }

  /** Text of `buf[s, e)` after the op token and its blanks, trailing blanks removed. */
  protected rest(buf: Uint8Array, e: number): [number, number] {
    let s = this.tokenEnd;
    while (s < e && (buf[s] === SPACE || buf[s] === TAB)) s++;
    while (e > s && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
    return [s, e];
  }

  /** Requires nothing but blanks after the op token (PING, PONG, +OK). */
  protected expectNoArgs(buf: Uint8Array, s: number, e: number, state: string): void {
    const [a, b] = this.rest(buf, e);
    if (a !== b) throw this.fail(WireErrorCode.BadArgs, "unexpected arguments", state, buf, s, e);
  }

  /** Parses the JSON object after INFO or CONNECT. */
  protected json(buf: Uint8Array, s: number, e: number, state: string): [Record<string, unknown>, string] {
    const [a, b] = this.rest(buf, e);
    const text = decodeText(buf, a, b);
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (err) {
      throw this.fail(WireErrorCode.BadJson, `invalid JSON (${(err as Error).message})`, state, buf, s, e);
    }
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      throw this.fail(WireErrorCode.BadJson, "argument is not a JSON object", state, buf, s, e);
    }
    return [v as Record<string, unknown>, text];
  }

  /** Throws an unknown-op error for the token at `buf[s, tokenEnd)`. */
  protected unknownOp(buf: Uint8Array, s: number, e: number): never {
    throw this.fail(WireErrorCode.UnknownOp, "unknown protocol operation", "OP_START", buf, s, e);
  }
}
