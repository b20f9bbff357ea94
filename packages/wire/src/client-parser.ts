import { decodeText } from "./ascii";
import { WireErrorCode } from "./errors";
import { FrameParser } from "./frame-parser";
import { matchToken } from "./op-token";
import type { Frame } from "./frame";
import { MAX_SID, type ParserOptions } from "./limits";
import type { ClientOpSink, ConnectOptions } from "./ops";
import { subjectProblem } from "./validate";

const PUB = 1;
const HPUB = 2;
const SUB = 3;
const UNSUB = 4;
const CONNECT = 5;
const PING = 6;
const PONG = 7;
const WORDS = ["PUB", "HPUB", "SUB", "UNSUB", "CONNECT", "PING", "PONG"] as const;

/** Options of {@link ClientOpParser}. */
export interface ClientParserOptions extends ParserOptions {
  /**
   * Also reject subjects a server would refuse (empty tokens, wildcards in PUB/HPUB, `>` not last in SUB)
   * and invalid queue names, as a protocol error. Default false: framing only, as nats-server's own parser.
   */
  validateSubjects?: boolean;
}

/**
 * Incremental parser of the bytes a NATS client sends: CONNECT, PUB, HPUB, SUB, UNSUB, PING, PONG. Used by
 * the replay server and by conformance tools. Same strictness and ownership rules as {@link ServerOpParser};
 * header blocks of HPUB are checked by default.
 */
export class ClientOpParser extends FrameParser {
  protected readonly jsonOpLetter = 67; // C
  private readonly sink: ClientOpSink;
  /** See {@link ClientParserOptions.validateSubjects}. */
  validateSubjects: boolean;

  constructor(sink: ClientOpSink, opts: ClientParserOptions = {}) {
    super(opts, true);
    this.sink = sink;
    this.validateSubjects = opts.validateSubjects ?? false;
  }

  protected identify(buf: Uint8Array, s: number, e: number, complete: boolean): number {
    const op = matchToken(buf, s, e, complete, WORDS, this);
    if (op < 0) this.unknownOp(buf, s, Math.max(this.tokenEnd, s + 1));
    return op;
  }

  // No op dominates what clients send: every line takes the general path.
  protected quickLine(_buf: Uint8Array, _s: number, _n: number): number {
    return -1;
  }

  protected isJsonOp(op: number): boolean {
    return op === CONNECT;
  }

  protected line(op: number, buf: Uint8Array, s: number, e: number): number {
    switch (op) {
      case PUB:
      case HPUB: {
        const hp = op === HPUB;
        const state = hp ? "HPUB_ARG" : "PUB_ARG";
        const n = this.splitArgs(buf, this.tokenEnd, e);
        const min = hp ? 3 : 2;
        if (n !== min && n !== min + 1) {
          throw this.fail(WireErrorCode.BadArgs, `${hp ? "HPUB" : "PUB"} takes ${min} or ${min + 1} arguments, got ${n}`, state, buf, s, e);
        }
        this.checkSubject(buf, 0, false, "subject", state, s, e);
        const r = n === min + 1;
        if (r) this.checkSubject(buf, 1, false, "reply subject", state, s, e);
        const size = this.num(buf, n - 1, this.maxPayload, "size", state, WireErrorCode.MaxPayload);
        let hdr = -1;
        if (hp) {
          hdr = this.num(buf, n - 2, this.maxPayload, "header size", state, WireErrorCode.MaxPayload);
          if (hdr > size) {
            throw this.fail(WireErrorCode.BadHeaders, `header size ${hdr} larger than total size ${size}`, state, buf, s, e);
          }
        }
        return this.frame(-1, this.argStart[0]!, this.argEnd[0]!, r ? this.argStart[1]! : -1, r ? this.argEnd[1]! : -1, hdr, size);
      }
      case SUB: {
        const n = this.splitArgs(buf, this.tokenEnd, e);
        if (n !== 2 && n !== 3) throw this.fail(WireErrorCode.BadArgs, `SUB takes 2 or 3 arguments, got ${n}`, "SUB_ARG", buf, s, e);
        this.checkSubject(buf, 0, true, "subject", "SUB_ARG", s, e);
        const sid = this.num(buf, n - 1, MAX_SID, "sid", "SUB_ARG", WireErrorCode.BadNumber);
        const subject = this.arg(buf, 0);
        if (n === 3) {
          const queue = this.arg(buf, 1);
          this.sink.sub(subject, sid, queue);
        } else {
          this.sink.sub(subject, sid);
        }
        return -1;
      }
      case UNSUB: {
        const n = this.splitArgs(buf, this.tokenEnd, e);
        if (n !== 1 && n !== 2) throw this.fail(WireErrorCode.BadArgs, `UNSUB takes 1 or 2 arguments, got ${n}`, "UNSUB_ARG", buf, s, e);
        const sid = this.num(buf, 0, MAX_SID, "sid", "UNSUB_ARG", WireErrorCode.BadNumber);
        if (n === 2) this.sink.unsub(sid, this.num(buf, 1, MAX_SID, "max", "UNSUB_ARG", WireErrorCode.BadNumber));
        else this.sink.unsub(sid);
        return -1;
      }
      case CONNECT: {
        const [options, raw] = this.json(buf, s, e, "CONNECT_ARG");
        this.sink.connect(options as ConnectOptions, raw);
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
      default:
        return this.unknownOp(buf, s, e);
    }
  }

  protected deliver(f: Frame): void {
    this.sink.pub(f);
  }

  private arg(buf: Uint8Array, k: number): string {
    return decodeText(buf, this.argStart[k]!, this.argEnd[k]!);
  }

  private checkSubject(buf: Uint8Array, k: number, wildcards: boolean, what: string, state: string, s: number, e: number): void {
    if (!this.validateSubjects) return;
    const why = subjectProblem(this.arg(buf, k), wildcards);
    if (why) throw this.fail(WireErrorCode.BadArgs, `${what} ${why}`, state, buf, s, e);
  }
}
