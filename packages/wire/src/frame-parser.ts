import { CR, LF, printable } from "./ascii";
import { allocLike, copyOf } from "./chunk-copy";
import { ControlLineArgs, MAX_ARGS } from "./control-line-args";
import { ProtocolError, WireErrorCode } from "./errors";
import { Frame } from "./frame";
import { isHeaderBlock } from "./headers";
import { MAX_CONTROL_LINE, MAX_JSON_LINE, MAX_PAYLOAD, type ParserOptions } from "./limits";

// Parser states, named as in nats.go's parser.go so the logic can be compared. A control line that is not
// complete yet is kept in `partial` while the state stays OP_START.
const OP_START = 0;
const MSG_PAYLOAD = 1;
const MSG_END = 2;

const EMPTY = new Uint8Array(0);

/**
 * Shared machinery of {@link ServerOpParser} and {@link ClientOpParser}: control lines found with one
 * `indexOf` and parsed in place, payloads handed out as views when the frame lies inside one chunk
 * (after nats.go parser.go: jump ahead past the payload), copies only when a frame spans chunks, every
 * limit enforced even across chunks, and a failed parser that stays failed until `reset()`.
 * @internal Subclasses supply the op vocabulary of one direction, the hooks {@link OpVocabulary} declares:
 * `identify` names the op of a line, `line` handles it (ops with a payload call {@link FrameParser.frame}),
 * `deliver` hands out complete frames. The readers of a line's arguments come from {@link ControlLineArgs}.
 */
export abstract class FrameParser extends ControlLineArgs {
  /** Largest payload (headers included) accepted. Set it from INFO's `max_payload` when you want that bound. */
  declare maxPayload: number;
  /** Largest control line (CRLF excluded) for ops other than INFO/CONNECT. */
  declare maxControlLine: number;
  /** Largest INFO/CONNECT line (CRLF excluded). */
  declare maxJsonLine: number;
  /** See {@link ParserOptions.checkHeaderBlock}. */
  declare checkHeaderBlock: boolean;

  private state = OP_START;
  private partial: Uint8Array = EMPTY;
  private partialLen = 0;
  private streamOffset = 0;
  private lineOffset = 0;
  // Bounds of the control line being handled, in its buffer, so errors can quote the whole line.
  private lineStart = 0;
  private lineEnd = 0;
  private failure: Error | undefined;

  // The frame being read: offsets of subject and reply in its line buffer, header and total sizes. Set only
  // through frame(), which is how a subclass's line() announces a payload.
  private sid = -1;
  private subjectStart = 0;
  private subjectEnd = 0;
  private replyStart = -1;
  private replyEnd = -1;
  private hdr = -1;
  private size = 0;
  private frameLine: Uint8Array = EMPTY;
  private data: Uint8Array = EMPTY;
  private have = 0;
  private endSeen = 0;
  private payloadOffset = 0;

  // The base classes' fields are declared here, last, not in OpVocabulary (quickEnd) or ControlLineArgs (the
  // argument readers'): a base class's fields come first, and the parser's object keeps the field order its
  // hot loop was tuned with.
  /** Where the line read by {@link quickLine} ends (after its LF). */
  protected override quickEnd = 0;
  /** Where the op token of the current line ends; set by `identify`. */
  override tokenEnd = 0;
  /** Argument boundaries of the current line, filled by `splitArgs` (no allocation per line). */
  protected override readonly argStart = new Int32Array(MAX_ARGS);
  protected override readonly argEnd = new Int32Array(MAX_ARGS);

  constructor(opts: ParserOptions, checkHeaderBlockDefault: boolean) {
    super();
    this.maxPayload = opts.maxPayload ?? MAX_PAYLOAD;
    this.maxControlLine = opts.maxControlLine ?? MAX_CONTROL_LINE;
    this.maxJsonLine = opts.maxJsonLine ?? MAX_JSON_LINE;
    this.checkHeaderBlock = opts.checkHeaderBlock ?? checkHeaderBlockDefault;
    // `state` and `partialLen` change only when a payload or a control line spans chunks, which may happen
    // for the first time long after the parse loop was optimised. V8 treats a field that was never
    // overwritten as a constant the optimised code may rely on, and the first change then throws that code
    // away (trace-generalization: partialLen const -> mutable, then a lazy deopt of run). Overwriting both
    // once here makes them ordinary fields from the start.
    this.state = MSG_END;
    this.state = OP_START;
    this.partialLen = -1;
    this.partialLen = 0;
  }

  /**
   * Announces the payload of the current line: subject at `buf[subjectStart, subjectEnd)` and reply at
   * `buf[replyStart, replyEnd)` (-1, -1 when none) in the line's buffer, `headerSize` bytes of header block
   * (-1 for MSG and PUB), `size` bytes in all. `line()` returns what this returns.
   */
  protected frame(
    sid: number,
    subjectStart: number,
    subjectEnd: number,
    replyStart: number,
    replyEnd: number,
    headerSize: number,
    size: number,
  ): number {
    this.sid = sid;
    this.subjectStart = subjectStart;
    this.subjectEnd = subjectEnd;
    this.replyStart = replyStart;
    this.replyEnd = replyEnd;
    this.hdr = headerSize;
    return (this.size = size);
  }
  /**
   * Parses the next bytes of the stream. Ops are dispatched to the sink synchronously, in order.
   *
   * Ownership: the parser takes ownership of `chunk`: payloads handed to the sink may be views into it, so
   * the caller must not modify or reuse it afterwards. A frame split across chunks is copied.
   *
   * @throws {ProtocolError} on bytes that break the protocol; the parser then refuses all input until
   * {@link reset}. Ops before the bad bytes have been dispatched; nothing after them is.
   */
  parse(chunk: Uint8Array): void {
    if (this.failure) {
      throw new ProtocolError(
        WireErrorCode.ParserFailed,
        `parser failed earlier (${this.failure.message}); call reset() first`,
        "FAILED",
        this.streamOffset,
        "",
      );
    }
    try {
      this.run(chunk);
    } catch (err) {
      // Whatever threw (bad bytes, or a sink), the rest of the chunk was not read: stay failed.
      this.failure = err instanceof Error ? err : new Error(String(err));
      throw err;
    }
    this.streamOffset += chunk.length;
  }

  /** Forgets all state, including a failure and the stream offset, to parse a new stream. */
  reset(): void {
    this.state = OP_START;
    this.partial = EMPTY;
    this.partialLen = 0;
    this.streamOffset = 0;
    this.lineOffset = 0;
    this.failure = undefined;
    this.data = EMPTY;
    this.frameLine = EMPTY;
    this.have = 0;
    this.endSeen = 0;
  }

  /** True after an error, until {@link reset}. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /**
   * Bytes held in internal buffers (a pending control line, a payload being collected). Bounded by the
   * line limits and by what has actually arrived, never by a size a peer merely claims.
   */
  get bufferedBytes(): number {
    return this.partial.length + this.data.length + this.frameLine.length;
  }

  /** Bytes parsed since the last {@link reset}. */
  get offset(): number {
    return this.streamOffset;
  }

  // The loop over a chunk keeps to the common case, MSG lines read by quickLine whose payload lies in the
  // chunk; everything else (other ops, lines split over chunks, payloads collected across chunks, errors) is
  // called out to. A path an optimised function never took has no type feedback and deoptimises it when
  // first taken, so the rare paths live in functions of their own instead of in this one.
  private run(chunk: Uint8Array): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.state === OP_START && this.partialLen === 0) {
        const size = this.quickLine(chunk, i, n);
        if (size >= 0) {
          this.lineOffset = this.streamOffset + i;
          const p = this.quickEnd;
          if (p + size + 2 <= n && chunk[p + size] === CR && chunk[p + size + 1] === LF) {
            // emit()'s work written out here: the frame goes from this loop to the sink, with no call in
            // between that the engine would optimise (and inline the delivery path into) a second time.
            const hdr = this.hdr;
            if (this.checkHeaderBlock && hdr > 0) this.checkBlock(chunk, p, p + hdr);
            this.deliver(new Frame(this.sid, chunk, this.subjectStart, this.subjectEnd, this.replyStart, this.replyEnd, chunk, p, hdr, p + size));
            i = p + size + 2;
          } else {
            i = this.startPayload(chunk, i, p, chunk, p, size);
          }
          continue;
        }
      }
      i = this.step(chunk, i);
    }
  }

  // Everything but a quick line with its payload in the chunk: the general line reader, a line completed
  // from what was stashed, and the payload states. Returns where reading goes on (n: all of the chunk used).
  private step(chunk: Uint8Array, i: number): number {
    const n = chunk.length;
    if (this.state === MSG_PAYLOAD) return this.fill(chunk, i);
    if (this.state !== OP_START) return this.end(chunk, i);
    const lf = chunk.indexOf(LF, i);
    if (this.partialLen > 0) {
      if (lf < 0) {
        this.stash(chunk, i, n);
        return n;
      }
      this.stash(chunk, i, lf + 1);
      const line = copyOf(this.partial, 0, this.partialLen, chunk);
      this.partialLen = 0;
      if (this.partial.length > 4096) this.partial = EMPTY; // do not keep a 1 MiB INFO buffer forever
      const size = this.handleLine(line, 0, line.length - 1);
      return size >= 0 ? this.startPayload(line, 0, line.length, chunk, lf + 1, size) : lf + 1;
    }
    this.lineOffset = this.streamOffset + i;
    if (lf < 0) {
      this.stash(chunk, i, n);
      return n;
    }
    const size = this.handleLine(chunk, i, lf);
    return size >= 0 ? this.startPayload(chunk, i, lf + 1, chunk, lf + 1, size) : lf + 1;
  }

  private handleLine(buf: Uint8Array, s: number, lf: number): number {
    if (lf === s || buf[lf - 1] !== CR) {
      throw this.fail(WireErrorCode.BadLineEnd, "control line not ended by CRLF", "OP_START", buf, s, lf + 1);
    }
    const e = lf - 1;
    this.lineStart = s;
    this.lineEnd = e;
    const op = this.identify(buf, s, e, true);
    const limit = this.isJsonOp(op) ? this.maxJsonLine : this.maxControlLine;
    if (e - s > limit) {
      throw this.fail(WireErrorCode.MaxControlLine, `control line of ${e - s} bytes exceeds ${limit}`, "OP_START", buf, s, e);
    }
    return this.line(op, buf, s, e);
  }

  // Keeps the start of a control line that has not ended yet. Fails as soon as the op cannot be a known one
  // or the line outgrows its limit, so a line that never ends costs at most the limit in memory.
  private stash(chunk: Uint8Array, s: number, e: number): void {
    const need = this.partialLen + (e - s);
    const first = this.partialLen > 0 ? this.partial[0]! : chunk[s]!;
    if (this.partialLen < 16) {
      // Only the first bytes decide the op; copy them so identify sees one buffer.
      const head = new Uint8Array(Math.min(need, 16));
      head.set(this.partial.subarray(0, this.partialLen));
      head.set(chunk.subarray(s, s + head.length - this.partialLen), this.partialLen);
      this.identify(head, 0, head.length, false);
    }
    const known = (first & 0xdf) === this.jsonOpLetter;
    const limit = known ? this.maxJsonLine : this.maxControlLine;
    if (need > limit + 2) {
      const at = this.partialLen > 0 ? this.partial : chunk;
      const from = this.partialLen > 0 ? 0 : s;
      throw this.fail(
        WireErrorCode.MaxControlLine,
        `control line exceeds ${limit} bytes without CRLF`,
        "OP_START",
        at,
        from,
        from + Math.min(64, this.partialLen > 0 ? this.partialLen : e - s),
      );
    }
    if (need > this.partial.length) {
      const grown = new Uint8Array(Math.max(need, this.partial.length * 2, 512));
      grown.set(this.partial.subarray(0, this.partialLen));
      this.partial = grown;
    }
    this.partial.set(chunk.subarray(s, e), this.partialLen);
    this.partialLen = need;
  }

  // The payload starts at chunk[p]. Inside the chunk: dispatch a view. Across chunks: keep a copy of the
  // control line (so the old chunk can be freed) and collect the payload into a buffer that grows with what
  // actually arrives, never to the claimed size up front.
  private startPayload(
    lineBuf: Uint8Array,
    lineStart: number,
    lineEnd: number,
    chunk: Uint8Array,
    p: number,
    size: number,
  ): number {
    const n = chunk.length;
    if (p + size + 2 <= n) {
      if (chunk[p + size] !== CR || chunk[p + size + 1] !== LF) {
        throw this.fail(WireErrorCode.BadLineEnd, `payload of ${size} bytes not followed by CRLF`, "MSG_END", chunk, p + size, p + size + 2);
      }
      this.emit(lineBuf, chunk, p, p + size);
      return p + size + 2;
    }
    if (lineBuf === chunk) {
      this.frameLine = copyOf(chunk, lineStart, lineEnd, chunk);
      this.subjectStart -= lineStart;
      this.subjectEnd -= lineStart;
      if (this.replyStart >= 0) {
        this.replyStart -= lineStart;
        this.replyEnd -= lineStart;
      }
    } else {
      this.frameLine = lineBuf;
    }
    const avail = Math.min(size, n - p);
    this.payloadOffset = this.streamOffset + p;
    this.data = allocLike(chunk, Math.min(size, Math.max(avail, 65536)));
    this.data.set(chunk.subarray(p, p + avail));
    this.have = avail;
    this.endSeen = 0;
    this.state = avail === size ? MSG_END : MSG_PAYLOAD;
    return p + avail;
  }

  private fill(chunk: Uint8Array, i: number): number {
    const take = Math.min(this.size - this.have, chunk.length - i);
    const want = this.have + take;
    if (want > this.data.length) {
      const grown = allocLike(this.data, Math.min(this.size, Math.max(want, this.data.length * 2)));
      grown.set(this.data.subarray(0, this.have));
      this.data = grown;
    }
    this.data.set(chunk.subarray(i, i + take), this.have);
    this.have = want;
    if (want === this.size) this.state = MSG_END;
    return i + take;
  }

  private end(chunk: Uint8Array, i: number): number {
    const b = chunk[i];
    if (this.endSeen === 0) {
      if (b !== CR) throw this.fail(WireErrorCode.BadLineEnd, "payload not followed by CRLF", "MSG_END", chunk, i, i + 1);
      this.endSeen = 1;
      return i + 1;
    }
    if (b !== LF) throw this.fail(WireErrorCode.BadLineEnd, "payload not followed by CRLF", "MSG_END", chunk, i, i + 1);
    this.state = OP_START;
    this.emit(this.frameLine, this.data, 0, this.size);
    this.frameLine = EMPTY;
    this.data = EMPTY;
    return i + 1;
  }

  private emit(lineBuf: Uint8Array, dataBuf: Uint8Array, ds: number, de: number): void {
    const hdr = this.hdr;
    // An empty header section (`HPUB subj reply 0 n`) is not a malformed block: nats.js 3.x sends it for a
    // JetStream publish without headers and nats-server accepts it, so only non-empty blocks are checked.
    // The flag first: read for every frame, it has type feedback before the first HMSG comes.
    if (this.checkHeaderBlock && hdr > 0) this.checkBlock(dataBuf, ds, ds + hdr);
    this.deliver(
      new Frame(this.sid, lineBuf, this.subjectStart, this.subjectEnd, this.replyStart, this.replyEnd, dataBuf, ds, hdr, de),
    );
  }

  private checkBlock(b: Uint8Array, s: number, e: number): void {
    if (!isHeaderBlock(b, s, e)) {
      throw this.fail(WireErrorCode.BadHeaders, "header block must start with NATS/1.0 and end with CRLF CRLF", "MSG_PAYLOAD", b, s, e);
    }
  }

  /**
   * Builds a {@link ProtocolError}. Errors in a control line report the stream offset where the line
   * starts; errors in a payload or its CRLF report the offset of the offending bytes.
   */
  protected override fail(code: WireErrorCode, reason: string, state: string, buf: Uint8Array, s: number, e: number): ProtocolError {
    let offset: number;
    if (state === "MSG_PAYLOAD" || state === "MSG_END") {
      offset = buf === this.data ? this.payloadOffset + s : this.streamOffset + s;
    } else {
      offset = this.lineOffset;
      if (state !== "OP_START") {
        s = this.lineStart;
        e = this.lineEnd;
      }
    }
    return new ProtocolError(code, reason, state, offset, printable(buf, s, e, 64));
  }
}
