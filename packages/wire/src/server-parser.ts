import { QUOTE, decodeText } from "./ascii";
import { WireErrorCode } from "./errors";
import { FrameParser } from "./frame-parser";
import { digits } from "./op-vocabulary";
import { matchToken } from "./op-token";
import type { Frame } from "./frame";
import { MAX_SID, type ParserOptions } from "./limits";
import type { ServerInfo, ServerOpSink } from "./ops";

const MSG = 1;
const HMSG = 2;
const INFO = 3;
const PING = 4;
const PONG = 5;
const OK = 6;
const ERR = 7;
const WORDS = ["MSG", "HMSG", "INFO", "PING", "PONG", "+OK", "-ERR"] as const;

/**
 * Incremental parser of the bytes a NATS server sends: MSG, HMSG, INFO, PING, PONG, +OK, -ERR. Feed it the
 * stream in chunks of any size with {@link parse}; every complete op is dispatched to the sink, in order.
 *
 * Strict where the protocol is: op names are case-insensitive and arguments may be split by spaces or
 * tabs, but every line must end with CRLF, a payload must be followed by exactly CRLF, sizes and sids are
 * plain decimals within their limits, a control line that outgrows its limit fails even when it arrives
 * over many chunks, and an HMSG header block must start with the version line `NATS/1.0` (unless
 * `checkHeaderBlock: false`). Errors are {@link ProtocolError}s; see {@link FrameParser.parse} for ownership.
 */
export class ServerOpParser extends FrameParser {
  protected readonly jsonOpLetter = 73; // I
  private declare readonly sink: ServerOpSink;

  constructor(sink: ServerOpSink, opts: ParserOptions = {}) {
    super(opts, true);
    this.sink = sink;
  }

  protected identify(buf: Uint8Array, s: number, e: number, complete: boolean): number {
    // MSG dominates real traffic: check it before the generic match.
    const b0 = buf[s]! & 0xdf;
    if (b0 === 77 && e - s > 3 && (buf[s + 1]! & 0xdf) === 83 && (buf[s + 2]! & 0xdf) === 71 && (buf[s + 3] === 32 || buf[s + 3] === 9)) {
      this.tokenEnd = s + 3;
      return MSG;
    }
    const op = matchToken(buf, s, e, complete, WORDS, this);
    if (op < 0) this.unknownOp(buf, s, Math.max(this.tokenEnd, s + 1));
    return op;
  }

  // One pass over `MSG <subject> <sid> [reply] <size>\r\n` or `HMSG <subject> <sid> [reply] <hdr> <size>\r\n`
  // (upper case, single spaces), in the style of nats.go's parser: arguments split while the bytes are read,
  // no indexOf first. Anything unusual (lower case, tabs, extra blanks, a line split over chunks, an error)
  // returns -1 and the general path reads the line.
  //
  // MSG and HMSG take the same code (one token loop, the same three number reads), so that a function
  // optimised on MSG lines alone is not thrown away by the first HMSG (a JetStream status, a message with
  // headers): code a line kind never ran has no type feedback, and reaching it deoptimises.
  protected override quickLine(buf: Uint8Array, s: number, n: number): number {
    if (s + 5 > n) return -1;
    // `HMSG ` is `MSG ` one byte further on.
    const h = buf[s] === 72 ? 1 : 0;
    let p = s + h;
    if (buf[p] !== 77 || buf[p + 1] !== 83 || buf[p + 2] !== 71 || buf[p + 3] !== 32) return -1;
    p += 4;
    // The line (CRLF excluded) may not exceed maxControlLine: never look past it.
    const limit = Math.min(n, s + this.maxControlLine + 1);
    // The subject and the sid, each followed by a space.
    const ss = p;
    while (p < limit && buf[p]! > 32) p++;
    if (p === ss || p >= limit || buf[p] !== 32) return -1;
    const se = p++;
    const t = p;
    while (p < limit && buf[p]! > 32) p++;
    if (p >= limit || buf[p] !== 32) return -1;
    const te = p;
    // Then MSG: [reply] size; HMSG: [reply] hdr size. Kept: the first of them, the last two.
    const most = 2 + h;
    let c = 0;
    let fa = -1;
    let fb = -1;
    let pa = -1;
    let pb = -1;
    let la = -1;
    let lb = -1;
    for (;;) {
      const x = ++p;
      while (p < limit && buf[p]! > 32) p++;
      if (p === x || p >= limit) return -1;
      if (c++ === 0) {
        fa = x;
        fb = p;
      }
      pa = la;
      pb = lb;
      la = x;
      lb = p;
      if (buf[p] !== 32) break;
      if (c === most) return -1;
    }
    if (buf[p] !== 13 || p + 1 >= n || buf[p + 1] !== 10 || c < most - 1) return -1;
    const sid = digits(buf, t, te, MAX_SID);
    const size = digits(buf, la, lb, this.maxPayload);
    // The header size of an HMSG; of a MSG this reads its reply again (a few steps at most), or nothing.
    const hdr = digits(buf, pa, pb, this.maxPayload);
    // Missing (-1, unsigned: above any size) or larger than the whole. Computed for MSG lines too, so that
    // the comparison has run before the first HMSG.
    const badHdr = hdr >>> 0 > size;
    if (sid < 0 || size < 0 || (h === 1 && badHdr)) return -1;
    // With a reply, it is the first token after the sid.
    const r = c === most;
    this.quickEnd = p + 2;
    return this.frame(sid, ss, se, r ? fa : -1, r ? fb : -1, h === 1 ? hdr : -1, size);
  }

  protected isJsonOp(op: number): boolean {
    return op === INFO;
  }

  protected line(op: number, buf: Uint8Array, s: number, e: number): number {
    switch (op) {
      // MSG <subject> <sid> [reply] <size>, HMSG <subject> <sid> [reply] <header size> <size>: one reading
      // for both, `h` the extra argument of HMSG.
      case MSG:
      case HMSG: {
        const h = op === HMSG ? 1 : 0;
        const state = h ? "HMSG_ARG" : "MSG_ARG";
        const n = this.splitArgs(buf, this.tokenEnd, e);
        if (n !== 3 + h && n !== 4 + h) {
          throw this.fail(WireErrorCode.BadArgs, `${h ? "HMSG" : "MSG"} takes ${3 + h} or ${4 + h} arguments, got ${n}`, state, buf, s, e);
        }
        const sid = this.num(buf, 1, MAX_SID, "sid", state, WireErrorCode.BadNumber);
        const hdr = h ? this.num(buf, n - 2, this.maxPayload, "header size", state, WireErrorCode.MaxPayload) : -1;
        const size = this.num(buf, n - 1, this.maxPayload, "size", state, WireErrorCode.MaxPayload);
        if (hdr > size) {
          throw this.fail(WireErrorCode.BadHeaders, `header size ${hdr} larger than total size ${size}`, state, buf, s, e);
        }
        const r = n === 4 + h;
        return this.frame(sid, this.argStart[0]!, this.argEnd[0]!, r ? this.argStart[2]! : -1, r ? this.argEnd[2]! : -1, hdr, size);
      }
      case INFO: {
        const [info, raw] = this.json(buf, s, e, "INFO_ARG");
        this.sink.info(info as ServerInfo, raw);
        return -1;
      }
      case PING:
        this.expectNoArgs(buf, s, e, "OP_PING");
        this.sink.ping();
        return -1;
      case PONG:
        this.expectNoArgs(buf, s, e, "OP_PONG");
        this.sink.pong();
        return -1;
      case OK:
        this.expectNoArgs(buf, s, e, "OP_PLUS_OK");
        this.sink.ok();
        return -1;
      case ERR: {
        let [a, b] = this.rest(buf, e);
        if (b - a >= 2 && buf[a] === QUOTE && buf[b - 1] === QUOTE) {
          a++;
          b--;
        }
        this.sink.err(decodeText(buf, a, b));
        return -1;
      }
      default:
        return this.unknownOp(buf, s, e);
    }
  }

  protected deliver(f: Frame): void {
    this.sink.msg(f);
  }
}
