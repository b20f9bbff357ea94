import { writeDecimal, writePubHead, writeString } from "@nats-stack/wire";
import { Slab, type Batch, type OutboundSink } from "./write-batch";

/** Size of each write buffer. */
const CHUNK = 64 * 1024;
/** Payloads up to this size are copied into the write buffer; larger ones are written as they are. */
const COPY_LIMIT = 16 * 1024;
/** Pending bytes above which a write is flushed at once instead of at the end of the microtask. */
export const FLUSH_INLINE = 64 * 1024;
/**
 * Size of the write buffers made while the sink is backed up: the bytes must be kept until it drains, so
 * fewer, larger allocations (each 64 KiB ArrayBuffer costs an allocation and adds external memory pressure).
 */
const HELD_CHUNK = 1024 * 1024;
/** Free write buffers kept for reuse per connection (more are left to the garbage collector). */
const POOL_SIZE = 4;

const EMPTY = new Uint8Array(0);
// Payloads up to this many bytes are copied byte by byte (see endPub).
const SMALL_COPY = 16;
// The lists of a batch that has none yet (never written to: the first entry replaces it with a list of
// exactly one, where a push onto a fresh [] would allocate room for 17; a request's flush makes one batch).
const NO_PARTS: readonly Uint8Array[] = [];
const NO_SLABS: readonly Slab[] = [];
const NO_CONTROLS: readonly number[] = [];

/**
 * Schedules the end-of-task flush as a promise reaction: Node's `queueMicrotask` wraps every callback in an
 * AsyncResource (an object, a bound function and async-hook bookkeeping per call), which a request/reply
 * loop pays once per request.
 */
const RESOLVED = Promise.resolve();

/**
 * A received message's reply subject, as wire's `Frame` holds it: its length, and a copy of its bytes that
 * fails (-1) on any byte that could end or split a control line (the server's parser splits on whitespace
 * only, so a relayed reply may hold other control bytes).
 */
export interface ReplySource {
  readonly replyLength: number;
  copyReply(dst: Uint8Array, at: number): number;
}

/**
 * Coalesces protocol bytes into few large writes (after nats.js's sendCommand: flush in a microtask, or inline
 * once enough is pending; after nats.go's publish: control lines built straight into a scratch buffer, large
 * payloads appended as their own piece and never copied).
 *
 * Bytes are appended to a write buffer (allocated on first use, so an idle connection costs none) and a
 * flush hands over the range written since the previous one: bytes handed over are never written again
 * while a holder keeps the batch, and the buffer is reused once none does (see {@link Batch}). While no sink
 * is attached (disconnected) or the sink is not ready (back-pressure), bytes wait here. Waiting for a sink
 * that is not ready has no bound (a publish is never refused while connected); what waits is cut into
 * batches of about {@link FLUSH_INLINE} bytes, handed over one by one while the sink is ready, so the sink
 * never takes much more than its own bound, and a link lost meanwhile can recover a gap-free prefix of them
 * within a budget ({@link takeAll}).
 */
export class Outbound {
  private declare readonly alloc: (n: number) => Uint8Array;
  // The write buffer being filled: bytes [mark, pos) belong to the batch being built.
  private slab: Slab | null = null;
  private buf: Uint8Array = EMPTY;
  private pos = 0;
  private mark = 0;
  private readonly pool: Slab[] = [];
  // Earlier pieces of the batch being built (ranges of full buffers, large payloads) and their buffers.
  private parts = NO_PARTS as Uint8Array[];
  private partsBytes = 0;
  private slabs = NO_SLABS as Slab[];
  private controls = NO_CONTROLS as number[];
  private pubs = 0;
  /** Batches cut while the sink was not ready, oldest first, from `waitingHead` on. */
  private waiting: Batch[] = [];
  private waitingHead = 0;
  private waitingBytes = 0;
  private scheduled = false;
  private sink: OutboundSink | null = null;
  /** A flush found the sink not ready: the sink calls {@link flush} again once it drained. */
  held = false;
  private readonly flushTask = () => {
    this.scheduled = false;
    this.flush();
  };

  /** `alloc` makes write buffers; transports pass their native kind (Node: Buffer, no conversion on write). */
  constructor(alloc: (n: number) => Uint8Array = (n) => new Uint8Array(n)) {
    this.alloc = alloc;
  }

  /** Bytes accepted and not yet handed to the sink. */
  get pending(): number {
    return this.waitingBytes + this.partsBytes + this.pos - this.mark;
  }

  // Bytes of the batch being built (control offsets are relative to it).
  private get current(): number {
    return this.partsBytes + this.pos - this.mark;
  }

  /** Starts handing batches to `sink` (and hands over what waited). */
  attach(sink: OutboundSink): void {
    this.sink = sink;
    this.flush();
  }

  /** Stops handing over; bytes accumulate until {@link take}. */
  detach(): void {
    this.sink = null;
    this.held = false;
  }

  // Makes room for `n` more bytes in the write buffer, moving on to another buffer when it is full.
  private reserve(n: number): void {
    if (this.buf.length - this.pos >= n) return;
    this.seal();
    const s = n <= CHUNK && this.pool.length > 0 ? this.pool.pop()! : new Slab(this.alloc(Math.max(n, this.held ? HELD_CHUNK : CHUNK)));
    this.slab = s;
    this.buf = s.bytes;
    this.pos = this.mark = 0;
  }

  // Moves the batch's bytes in the write buffer into `parts` (the buffer stays the one written to).
  private cut(): void {
    if (this.pos === this.mark) return;
    this.part(this.buf.subarray(this.mark, this.pos));
    if (this.slabs === NO_SLABS) this.slabs = [this.slab!];
    else this.slabs.push(this.slab!);
    this.mark = this.pos;
  }

  // Adds a piece to the batch being built.
  private part(p: Uint8Array): void {
    if (this.parts === NO_PARTS) this.parts = [p];
    else this.parts.push(p);
    this.partsBytes += p.length;
  }

  // Lists the op at `[start, end)` of the batch being built as one that is not a publish.
  private listControl(start: number, end: number): void {
    if (this.controls === NO_CONTROLS) this.controls = [start, end];
    else this.controls.push(start, end);
  }

  // Leaves the write buffer: what the batch has in it goes to `parts`; a buffer nobody holds is reused.
  private seal(): void {
    const s = this.slab;
    if (s === null) return;
    this.cut();
    this.slab = null;
    this.buf = EMPTY;
    this.pos = this.mark = 0;
    if (s.refs === 0 && !this.slabs.includes(s)) this.free(s);
  }

  private free(s: Slab): void {
    if (s.bytes.length === CHUNK && this.pool.length < POOL_SIZE) this.pool.push(s);
  }

  /** @internal The last holder of `b` let go (see `releaseBatch` in write-batch.ts): buffers nobody holds are reused. */
  recycle(b: Batch): void {
    for (const s of b.slabs!) {
      if (--s.refs > 0) continue;
      if (s === this.slab) {
        // Nothing handed over lies in the buffer being written: start it over (it stays warm in cache).
        if (this.pos === this.mark && !this.slabs.includes(s)) this.pos = this.mark = 0;
      } else if (!this.slabs.includes(s)) {
        this.free(s);
      }
    }
  }

  private written(): void {
    if (this.sink === null) return;
    if (this.current >= FLUSH_INLINE) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      void RESOLVED.then(this.flushTask);
    }
  }

  /**
   * Appends a PUB (no `headers`) or HPUB. Subject and reply must already be validated. Returns the bytes
   * the frame takes on the wire. With `once`, the frame is listed with the non-publish ops: it is never
   * sent again after a reconnect.
   */
  pub(subject: string, reply: string | undefined, headers: Uint8Array | undefined, payload: Uint8Array, once = false): number {
    const from = this.current;
    const hdrLen = headers ? headers.length : -1;
    const total = (headers ? headers.length : 0) + payload.length;
    const copy = payload.length <= COPY_LIMIT;
    // Worst case of the control line: 3 bytes per UTF-16 unit of the strings, plus op, separators, numbers.
    const headRoom = 48 + 3 * subject.length + (reply ? 3 * reply.length : 0);
    this.reserve(headRoom + (headers && headers.length <= COPY_LIMIT ? headers.length : 0) + (copy ? payload.length + 2 : 2));
    const buf = this.buf;
    const start = this.pos;
    let p = writePubHead(buf, start, subject, reply, hdrLen, total);
    const size = p - start + total + 2;
    if (headers) {
      if (headers.length <= COPY_LIMIT) {
        buf.set(headers, p);
        p += headers.length;
      } else {
        this.pos = p;
        this.cut();
        this.part(headers);
      }
    }
    if (copy) {
      buf.set(payload, p);
      p += payload.length;
    } else {
      this.pos = p;
      this.cut();
      this.part(payload);
      p = this.pos;
    }
    buf[p++] = 13;
    buf[p++] = 10;
    this.pos = p;
    if (once) this.listControl(from, from + size);
    else this.pubs++;
    this.written();
    return size;
  }

  /**
   * Appends a PUB whose control line up to the size is `head` (`PUB <subject> `, already encoded and
   * validated), with a payload small enough to copy. The publish hot path: two copies and a number. With
   * `reply`, subject bytes follow the head (and `token` in base 36 when >= 0), then a space: a request's
   * reply subject (the inbox's base and its token) or a `respond()`'s subject as the server sent it (after
   * a head of `PUB `), written without making a subject string.
   */
  pubHead(head: Uint8Array, payload: Uint8Array, reply?: Uint8Array, token = -1): void {
    const n = payload.length;
    // head, reply, at most 11 base-36 digits (2^53) and a space, at most 8 digits of size, CRLF x2
    const need = head.length + n + (reply === undefined ? 12 : reply.length + 24);
    if (this.buf.length - this.pos < need) this.reserve(need);
    const buf = this.buf;
    buf.set(head, this.pos);
    let p = this.pos + head.length;
    if (reply !== undefined) {
      buf.set(reply, p);
      p += reply.length;
      if (token >= 0) p = writeString(buf, p, token.toString(36));
      buf[p++] = 32;
    }
    this.endPub(buf, p, payload);
  }

  /**
   * Appends `PUB <reply subject> <size>` and a payload small enough to copy: a message's `respond()`, with
   * the reply subject copied from the bytes the server sent, checked on the way (see {@link ReplySource}).
   * False, with nothing appended, when the subject holds a byte that could break the line. Apart from
   * {@link pubHead} so that the reply of every JetStream ack runs one short function.
   */
  pubReply(reply: ReplySource, payload: Uint8Array): boolean {
    const n = payload.length;
    // PUB, subject, a space, at most 8 digits of size, CRLF x2
    const need = reply.replyLength + n + 17;
    if (this.buf.length - this.pos < need) this.reserve(need);
    const buf = this.buf;
    const start = this.pos;
    buf[start] = 80; // P
    buf[start + 1] = 85; // U
    buf[start + 2] = 66; // B
    buf[start + 3] = 32;
    const p = reply.copyReply(buf, start + 4);
    if (p < 0) return false;
    buf[p] = 32;
    this.endPub(buf, p + 1, payload);
    return true;
  }

  // The end of a copied PUB that pubHead and pubReply share: `<size>\r\n<payload>\r\n` at `p` (room was
  // reserved by the caller), then the publish is counted.
  private endPub(buf: Uint8Array, p: number, payload: Uint8Array): void {
    const n = payload.length;
    p = writeDecimal(buf, p, n);
    buf[p++] = 13;
    buf[p++] = 10;
    // A few bytes (a JetStream ack's `+ACK`) are copied one by one: TypedArray#set costs more than the copy.
    if (n <= SMALL_COPY) {
      for (let i = 0; i < n; i++) buf[p + i] = payload[i]!;
      p += n;
    } else {
      buf.set(payload, p);
      p += n;
    }
    buf[p++] = 13;
    buf[p++] = 10;
    this.pos = p;
    this.pubs++;
    this.written();
  }

  /** Appends an op that is not a publish (SUB, UNSUB, PING, PONG), already encoded. */
  control(bytes: Uint8Array): void {
    const start = this.current;
    this.append(bytes);
    this.listControl(start, start + bytes.length);
    this.written();
  }

  /** Appends publishes that are already encoded (`count` of them, nothing else), kept from a lost link. */
  publishes(parts: Uint8Array[], count: number): void {
    for (const p of parts) this.append(p);
    this.pubs += count;
    this.written();
  }

  private append(bytes: Uint8Array): void {
    if (bytes.length > COPY_LIMIT) {
      this.cut();
      this.part(bytes);
    } else {
      this.reserve(bytes.length);
      this.buf.set(bytes, this.pos);
      this.pos += bytes.length;
    }
  }

  /**
   * Hands what is pending to the sink now, oldest batch first, as long as the sink is ready; the rest waits
   * (`held`) until the sink's owner calls again.
   */
  flush(): void {
    const sink = this.sink;
    if (sink === null) return;
    while (this.waitingHead < this.waiting.length) {
      if (!sink.ready()) return this.hold();
      const b = this.waiting[this.waitingHead]!;
      this.waiting[this.waitingHead++] = undefined as unknown as Batch;
      this.waitingBytes -= b.bytes;
      sink.write(b);
    }
    this.waiting = [];
    this.waitingHead = 0;
    if (this.current === 0) {
      this.held = false;
      return;
    }
    if (!sink.ready()) return this.hold();
    this.held = false;
    sink.write(this.take());
  }

  // The sink is not ready: keep waiting, and cut a large enough current batch off so that it is handed
  // over on its own later (and new bytes coalesce into the next one).
  private hold(): void {
    this.held = true;
    if (this.current < FLUSH_INLINE) return;
    const b = this.take();
    this.waiting.push(b);
    this.waitingBytes += b.bytes;
  }

  /** Removes and returns everything pending, oldest first (for a lost link: what it never wrote). */
  takeAll(): Batch[] {
    const out = this.waiting.slice(this.waitingHead);
    this.waiting = [];
    this.waitingHead = 0;
    this.waitingBytes = 0;
    if (this.current > 0) out.push(this.take());
    return out;
  }

  /**
   * Removes and returns the batch being built (everything pending when nothing waits for a sink), held once
   * (by whoever receives it). Its bytes stay where they are; the next ones are appended after them.
   */
  take(): Batch {
    const bytes = this.current;
    this.cut();
    const slabs = this.slabs;
    for (const s of slabs) s.refs++;
    const batch: Batch = { parts: this.parts, bytes, controls: this.controls, pubs: this.pubs, holds: 1, owner: this, slabs };
    this.parts = NO_PARTS as Uint8Array[];
    this.partsBytes = 0;
    this.slabs = NO_SLABS as Slab[];
    this.controls = NO_CONTROLS as number[];
    this.pubs = 0;
    return batch;
  }
}
