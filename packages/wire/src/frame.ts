import { decodeText } from "./ascii";

/**
 * One MSG/HMSG (from a server) or PUB/HPUB (from a client), decoded lazily: the parser records offsets and
 * this object turns them into strings and views only when they are read, then caches them.
 *
 * Ownership: `payload` and `headers` are views into the chunk given to `parse()` when the whole frame was
 * inside that chunk, and into a private copy otherwise. A view keeps the whole chunk alive for as long as it
 * is referenced, and is only valid while the caller does not reuse or modify that chunk (which is why
 * `parse()` takes ownership of every chunk). Copy (`payload.slice()`) to keep a small payload cheaply.
 */
export class Frame {
  /** Subscription id (MSG/HMSG); -1 for PUB/HPUB. */
  declare readonly sid: number;
  private declare readonly lineBuf: Uint8Array;
  private declare readonly subjectStart: number;
  private declare readonly subjectEnd: number;
  private declare readonly replyStart: number;
  private declare readonly replyEnd: number;
  private declare readonly dataBuf: Uint8Array;
  private declare readonly dataStart: number;
  /** Header block length; -1 when the frame is MSG or PUB (no header block). */
  private declare readonly headerLen: number;
  private declare readonly dataEnd: number;
  private subjectCache: string | undefined;
  private replyCache: string | undefined;

  /** @internal Built by the parsers only. */
  constructor(
    sid: number,
    lineBuf: Uint8Array,
    subjectStart: number,
    subjectEnd: number,
    replyStart: number,
    replyEnd: number,
    dataBuf: Uint8Array,
    dataStart: number,
    headerLen: number,
    dataEnd: number,
  ) {
    this.sid = sid;
    this.lineBuf = lineBuf;
    this.subjectStart = subjectStart;
    this.subjectEnd = subjectEnd;
    this.replyStart = replyStart;
    this.replyEnd = replyEnd;
    this.dataBuf = dataBuf;
    this.dataStart = dataStart;
    this.headerLen = headerLen;
    this.dataEnd = dataEnd;
  }

  /** The subject, decoded on first read. */
  get subject(): string {
    return (this.subjectCache ??= decodeText(this.lineBuf, this.subjectStart, this.subjectEnd));
  }

  /** The reply subject, or undefined when the frame has none. */
  get reply(): string | undefined {
    if (this.replyStart < 0) return undefined;
    return (this.replyCache ??= decodeText(this.lineBuf, this.replyStart, this.replyEnd));
  }

  /** True for HMSG and HPUB. */
  get hasHeaders(): boolean {
    return this.headerLen >= 0;
  }

  /** The raw `NATS/1.0` header block (HMSG/HPUB), or undefined. Decode it with `MsgHeaders.decode`. */
  get headers(): Uint8Array | undefined {
    if (this.headerLen < 0) return undefined;
    return this.dataBuf.subarray(this.dataStart, this.dataStart + this.headerLen);
  }

  /** The body (after the header block, if any). */
  get payload(): Uint8Array {
    return this.dataBuf.subarray(this.bodyStart, this.dataEnd);
  }

  /** Where the body starts in `dataBuf` (after the header block, if any). */
  private get bodyStart(): number {
    return this.headerLen > 0 ? this.dataStart + this.headerLen : this.dataStart;
  }

  /**
   * The body as a view made by `view` over the same memory, with no copy: how a runtime hands out its native
   * kind of bytes (Node: `Buffer.from(buffer, byteOffset, length)`) where `payload` is a plain subarray.
   */
  payloadAs<T>(view: (buffer: ArrayBufferLike, byteOffset: number, length: number) => T): T {
    const start = this.bodyStart;
    const b = this.dataBuf;
    return view(b.buffer, b.byteOffset + start, this.dataEnd - start);
  }

  /** Total bytes of headers and body, as on the wire. */
  get size(): number {
    return this.dataEnd - this.dataStart;
  }

  /** Body length, without building a view. */
  get payloadLength(): number {
    return this.dataEnd - this.dataStart - (this.headerLen > 0 ? this.headerLen : 0);
  }

  /** Subject bytes, as a view. */
  get subjectBytes(): Uint8Array {
    return this.lineBuf.subarray(this.subjectStart, this.subjectEnd);
  }

  /** Reply subject bytes, as a view, or undefined when the frame has none. */
  get replyBytes(): Uint8Array | undefined {
    return this.replyStart < 0 ? undefined : this.lineBuf.subarray(this.replyStart, this.replyEnd);
  }

  /** Length of the reply subject in bytes, or -1 when the frame has none. */
  get replyLength(): number {
    return this.replyStart < 0 ? -1 : this.replyEnd - this.replyStart;
  }

  /**
   * Copies the reply subject's bytes into `dst` at `at` (the caller made room for {@link replyLength} of
   * them) and returns where they end, or -1 when the frame has no reply or it holds a byte that could end or
   * split a control line (space, tab, CR, LF, any other control byte, DEL): for writing a reply's PUB with
   * the subject as it arrived, checked and copied in one pass without a view of it.
   */
  copyReply(dst: Uint8Array, at: number): number {
    const s = this.replyStart;
    const e = this.replyEnd;
    if (s < 0 || s === e) return -1;
    const b = this.lineBuf;
    for (let i = s; i < e; i++) {
      const c = b[i]!;
      if (c <= 32 || c === 127) return -1;
      dst[at++] = c;
    }
    return at;
  }

  /**
   * The subject bytes from byte `from` to the end read as a non-negative integer in `radix` (2-36, digits
   * then lower-case letters), or -1 when they are empty, hold anything else, or exceed 2^53. For inbox
   * muxes that route replies by a numeric last token (`<inbox>.<n>`) without decoding the subject.
   */
  subjectNumber(from: number, radix: number): number {
    const b = this.lineBuf;
    const s = this.subjectStart + from;
    const e = this.subjectEnd;
    if (s >= e) return -1;
    let v = 0;
    for (let i = s; i < e; i++) {
      const c = b[i]!;
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : 99;
      if (d >= radix) return -1;
      v = v * radix + d;
    }
    return v <= Number.MAX_SAFE_INTEGER ? v : -1;
  }
}
