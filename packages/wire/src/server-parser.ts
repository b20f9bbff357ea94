import { QUOTE, decodeText } from "./ascii";
import { WireErrorCode } from "./errors";
import { FrameParser } from "./frame-parser";
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
  private readonly sink: ServerOpSink;

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
  protected override quickLine(buf: Uint8Array, s: number, n: number): number {
    let p = s;
    let headers = false;
    if (p + 5 > n) return -1;
    if (buf[p] === 77) {
      if (buf[p + 1] !== 83 || buf[p + 2] !== 71 || buf[p + 3] !== 32) return -1;
      p += 4;
    } else if (buf[p] === 72) {
      if (buf[p + 1] !== 77 || buf[p + 2] !== 83 || buf[p + 3] !== 71 || buf[p + 4] !== 32) return -1;
      p += 5;
      headers = true;
    } else {
      return -1;
    }
    // The line (CRLF excluded) may not exceed maxControlLine: never look past it.
    const limit = Math.min(n, s + this.maxControlLine + 1);
    const ss = p;
    while (p < limit && buf[p]! > 32) p++;
    if (p === ss || p >= limit || buf[p] !== 32) return -1;
    const se = p++;
    const t = p;
    while (p < limit && buf[p]! > 32) p++;
    if (p >= limit || buf[p] !== 32) return -1;
    const sid = FrameParser.digits(buf, t, p, MAX_SID);
    if (sid < 0) return -1;
    // One to three more tokens before the CR: MSG [reply] size, HMSG [reply] hdr size.
    const x0 = ++p;
    while (p < limit && buf[p]! > 32) p++;
    const x1 = p;
    if (x1 === x0 || p >= limit) return -1;
    let y0 = -1;
    let y1 = -1;
    let z0 = -1;
    let z1 = -1;
    if (buf[p] === 32) {
      y0 = ++p;
      while (p < limit && buf[p]! > 32) p++;
      y1 = p;
      if (y1 === y0 || p >= limit) return -1;
      if (buf[p] === 32) {
        z0 = ++p;
        while (p < limit && buf[p]! > 32) p++;
        z1 = p;
        if (z1 === z0 || p >= limit) return -1;
      }
    }
    if (buf[p] !== 13 || p + 1 >= n || buf[p + 1] !== 10) return -1;
    let rs = -1;
    let re = -1;
    let hdr = -1;
    let size: number;
    if (headers) {
      if (y0 < 0) return -1;
      if (z0 >= 0) {
        rs = x0;
        re = x1;
        hdr = FrameParser.digits(buf, y0, y1, this.maxPayload);
        size = FrameParser.digits(buf, z0, z1, this.maxPayload);
      } else {
        hdr = FrameParser.digits(buf, x0, x1, this.maxPayload);
        size = FrameParser.digits(buf, y0, y1, this.maxPayload);
      }
      if (hdr < 0 || hdr > size) return -1;
    } else {
      if (z0 >= 0) return -1;
      if (y0 >= 0) {
        rs = x0;
        re = x1;
        size = FrameParser.digits(buf, y0, y1, this.maxPayload);
      } else {
        size = FrameParser.digits(buf, x0, x1, this.maxPayload);
      }
    }
    if (size < 0) return -1;
    this.quickEnd = p + 2;
    return this.frame(sid, ss, se, rs, re, hdr, size);
  }

  protected isJsonOp(op: number): boolean {
    return op === INFO;
  }

  protected line(op: number, buf: Uint8Array, s: number, e: number): number {
    switch (op) {
      case MSG: {
        const n = this.splitArgs(buf, this.tokenEnd, e);
        if (n !== 3 && n !== 4) {
          throw this.fail(WireErrorCode.BadArgs, `MSG takes 3 or 4 arguments, got ${n}`, "MSG_ARG", buf, s, e);
        }
        const sid = this.num(buf, 1, MAX_SID, "sid", "MSG_ARG", WireErrorCode.BadNumber);
        const size = this.num(buf, n - 1, this.maxPayload, "size", "MSG_ARG", WireErrorCode.MaxPayload);
        const r = n === 4;
        return this.frame(sid, this.argStart[0]!, this.argEnd[0]!, r ? this.argStart[2]! : -1, r ? this.argEnd[2]! : -1, -1, size);
      }
      case HMSG: {
        const n = this.splitArgs(buf, this.tokenEnd, e);
        if (n !== 4 && n !== 5) {
          throw this.fail(WireErrorCode.BadArgs, `HMSG takes 4 or 5 arguments, got ${n}`, "HMSG_ARG", buf, s, e);
        }
        const sid = this.num(buf, 1, MAX_SID, "sid", "HMSG_ARG", WireErrorCode.BadNumber);
        const hdr = this.num(buf, n - 2, this.maxPayload, "header size", "HMSG_ARG", WireErrorCode.MaxPayload);
        const size = this.num(buf, n - 1, this.maxPayload, "size", "HMSG_ARG", WireErrorCode.MaxPayload);
        if (hdr > size) {
          throw this.fail(WireErrorCode.BadHeaders, `header size ${hdr} larger than total size ${size}`, "HMSG_ARG", buf, s, e);
        }
        const r = n === 5;
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
