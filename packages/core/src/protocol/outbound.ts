import { writePubHead } from "@nats-stack/wire";

/** Size of each write buffer. */
const CHUNK = 64 * 1024;
/** Payloads up to this size are copied into the write buffer; larger ones are written as they are. */
const COPY_LIMIT = 16 * 1024;
/** Pending bytes above which a write is flushed at once instead of at the end of the microtask. */
export const FLUSH_INLINE = 64 * 1024;

/**
 * Bytes handed over in one flush. Besides the bytes it says which of them are publishes: every op that is not
 * a publish (SUB, UNSUB, PING, PONG) is listed in `controls`, so publishes can be sent again after a
 * reconnect by copying byte ranges, without parsing our own output.
 */
export interface Batch {
  parts: Uint8Array[];
  /** Total bytes of `parts`. */
  bytes: number;
  /** Offsets `[start, end)` of the non-publish ops in the batch, in pairs, in order. */
  controls: number[];
  /** Publishes in the batch. */
  pubs: number;
}

/** Where flushed batches go; `ready` false holds them back (the transport is backed up). */
export interface OutboundSink {
  write(batch: Batch): void;
  ready(): boolean;
}

/**
 * Coalesces protocol bytes into few large writes (after nats.js's sendCommand: flush in a microtask, or inline
 * once enough is pending; after nats.go's publish: control lines built straight into a scratch buffer, large
 * payloads appended as their own piece and never copied).
 *
 * A buffer handed to the sink is never written again, so the sink (and the acknowledgement ledger, which
 * keeps unacknowledged batches) may keep it. Small flushes copy their bytes out instead, so the buffer can be
 * reused. While no sink is attached (disconnected) or the sink is not ready (back-pressure), bytes wait here.
 * Waiting for a sink that is not ready has no bound (a publish is never refused while connected); what
 * waits is cut into batches of about {@link FLUSH_INLINE} bytes, handed over one by one while the sink is
 * ready, so the sink never takes much more than its own bound, and a link lost meanwhile can recover a
 * gap-free prefix of them within a budget ({@link takeAll}).
 */
export class Outbound {
  private readonly alloc: (n: number) => Uint8Array;
  private buf: Uint8Array;
  private pos = 0;
  private parts: Uint8Array[] = [];
  private partsBytes = 0;
  private controls: number[] = [];
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
    this.buf = alloc(CHUNK);
  }

  /** Bytes accepted and not yet handed to the sink. */
  get pending(): number {
    return this.waitingBytes + this.partsBytes + this.pos;
  }

  // Bytes of the batch being built (control offsets are relative to it).
  private get current(): number {
    return this.partsBytes + this.pos;
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

  // Makes room for `n` more bytes in the current buffer, sealing it into `parts` when full.
  private reserve(n: number): void {
    if (this.buf.length - this.pos >= n) return;
    this.seal();
    if (n > this.buf.length) this.buf = this.alloc(Math.max(n, CHUNK));
  }

  private seal(): void {
    if (this.pos === 0) return;
    this.parts.push(this.buf.subarray(0, this.pos));
    this.partsBytes += this.pos;
    this.buf = this.alloc(CHUNK);
    this.pos = 0;
  }

  private written(): void {
    if (this.sink === null) return;
    if (this.current >= FLUSH_INLINE) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(this.flushTask);
    }
  }

  /**
   * Appends a PUB (no `headers`) or HPUB. Subject and reply must already be validated. Returns the bytes
   * the frame takes on the wire.
   */
  pub(subject: string, reply: string | undefined, headers: Uint8Array | undefined, payload: Uint8Array): number {
    const hdrLen = headers ? headers.length : -1;
    const total = (headers ? headers.length : 0) + payload.length;
    const copy = payload.length <= COPY_LIMIT;
    // Worst case of the control line: 3 bytes per UTF-16 unit of the strings, plus op, separators, numbers.
    const headRoom = 48 + 3 * subject.length + (reply ? 3 * reply.length : 0);
    this.reserve(headRoom + (headers && headers.length <= COPY_LIMIT ? headers.length : 0) + (copy ? payload.length + 2 : 0));
    let p = writePubHead(this.buf, this.pos, subject, reply, hdrLen, total);
    const size = p - this.pos + total + 2;
    if (headers) {
      if (headers.length <= COPY_LIMIT) {
        this.buf.set(headers, p);
        p += headers.length;
      } else {
        this.pos = p;
        this.seal();
        this.parts.push(headers);
        this.partsBytes += headers.length;
        p = 0;
      }
    }
    if (copy) {
      this.buf.set(payload, p);
      p += payload.length;
      this.buf[p++] = 13;
      this.buf[p++] = 10;
      this.pos = p;
    } else {
      this.pos = p;
      this.seal();
      this.parts.push(payload);
      this.partsBytes += payload.length;
      this.buf[0] = 13;
      this.buf[1] = 10;
      this.pos = 2;
    }
    this.pubs++;
    this.written();
    return size;
  }

  /** Appends an op that is not a publish (SUB, UNSUB, PING, PONG), already encoded. */
  control(bytes: Uint8Array): void {
    const start = this.current;
    this.append(bytes);
    this.controls.push(start, start + bytes.length);
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
      this.seal();
      this.parts.push(bytes);
      this.partsBytes += bytes.length;
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
   * Removes and returns the batch being built (everything pending when nothing waits for a sink). A small
   * tail is copied out so the buffer is reused; a large one is handed over with the buffer.
   */
  take(): Batch {
    const bytes = this.current;
    const out = this.parts;
    if (this.pos > 0) {
      if (this.pos < 8192) {
        const copy = this.alloc(this.pos);
        copy.set(this.buf.subarray(0, this.pos));
        out.push(copy);
        this.pos = 0;
      } else {
        out.push(this.buf.subarray(0, this.pos));
        this.buf = this.alloc(CHUNK);
        this.pos = 0;
      }
    }
    const batch: Batch = { parts: out, bytes, controls: this.controls, pubs: this.pubs };
    this.parts = [];
    this.partsBytes = 0;
    this.controls = [];
    this.pubs = 0;
    return batch;
  }
}
