import { render } from "../compat/compat-helpers";
import type { Transport } from "../transports/transport";
import type { Outbound } from "./outbound";
import { releaseBatch, type Batch, type OutboundSink } from "./write-batch";

/**
 * Bytes a transport may hold unwritten before the outbound stops handing it more. Above it batches wait in
 * the outbound until the transport drained: unbounded while connected (a publish is never refused for
 * volume, as in nats.js), but not yet written, so a link lost meanwhile recovers them for resending within
 * `reconnectBufSize` (see `Link.unsent`).
 */
export const WRITE_HIGH_WATER = 1024 * 1024;

/**
 * The link's side of the transport's write path: hands the outbound's batches to the transport (with the
 * PING the link wants after a batch, if any), applies the back-pressure bound, resumes the outbound once the
 * transport drained, and releases each batch's write buffers once the transport handed its bytes to the
 * system (so the outbound reuses them while they are warm).
 */
export class TransportWriter implements OutboundSink {
  readonly #transport: Transport;
  readonly #outbound: Outbound;
  readonly #trailer: (batch: Batch) => Uint8Array | undefined;
  /** Printed before every chunk written when the client's `debug` is on. */
  readonly #debug: string | undefined;
  #stopped = false;
  // Batches the transport had not finished writing when last seen, oldest first from `#head`, with the
  // count of bytes written up to each one's end (`#bytesOut` then). The transport hands bytes to the
  // system in order, so a batch whose end is within `#bytesOut - pendingBytes` is out of its hands.
  #inflight: Batch[] = [];
  #ends: number[] = [];
  #head = 0;
  /** Bytes given to the transport so far. */
  #bytesOut = 0;
  readonly #drained = (err?: Error) => {
    if (err || this.#stopped) return;
    this.released();
    if (!this.#outbound.held) return;
    if (this.ready()) this.#outbound.flush();
    // Still above the bound (small writes of our own after the big one): look again shortly.
    else setTimeout(this.#drained, 1);
  };

  /**
   * `trailer(batch)`: bytes to write right after a batch (the link's acknowledging PING), asked once per
   * batch as it is written. `debug`: a label to print written bytes under, when the client's `debug` is on.
   */
  constructor(transport: Transport, outbound: Outbound, trailer: (batch: Batch) => Uint8Array | undefined, debug: string | undefined) {
    this.#transport = transport;
    this.#outbound = outbound;
    this.#trailer = trailer;
    this.#debug = debug;
  }

  /** OutboundSink: the transport is below its bound. */
  ready(): boolean {
    return this.#transport.pendingBytes < WRITE_HIGH_WATER;
  }

  /** Writes bytes that are not a batch (the handshake, an early PONG, an acknowledging PING). */
  raw(parts: Uint8Array[], done?: (err?: Error) => void): void {
    if (this.#debug !== undefined) for (const p of parts) console.info(`> ${this.#debug} ${render(p)}`);
    for (const p of parts) this.#bytesOut += p.length;
    this.#transport.write(parts, done);
  }

  /**
   * OutboundSink: writes a batch (and its trailer). A write that takes the transport past its bound asks
   * to hear when it drained, to hand over what waits in the outbound.
   */
  write(batch: Batch): void {
    const t = this.#transport;
    const trailer = this.#trailer(batch);
    const parts = trailer === undefined ? batch.parts : [...batch.parts, trailer];
    const crossing = t.pendingBytes + batch.bytes >= WRITE_HIGH_WATER;
    this.raw(parts, crossing ? this.#drained : undefined);
    // Nothing pending: the transport handed every byte to the system (Node's socket wrote synchronously),
    // so the write buffers are free as far as it is concerned. Otherwise they are released once it is.
    if (t.pendingBytes === 0 && this.#head === this.#inflight.length) {
      releaseBatch(batch);
      return;
    }
    this.#inflight.push(batch);
    this.#ends.push(this.#bytesOut);
    this.released();
  }

  /** Releases the batches the transport has handed to the system since last seen. */
  released(): void {
    const out = this.#bytesOut - this.#transport.pendingBytes;
    const ends = this.#ends;
    let i = this.#head;
    if (i === ends.length) return;
    while (i < ends.length && ends[i]! <= out) {
      const b = this.#inflight[i]!;
      this.#inflight[i++] = undefined as unknown as Batch;
      releaseBatch(b);
    }
    if (i === ends.length) {
      this.#inflight = [];
      this.#ends = [];
      i = 0;
    } else if (i > 64 && i * 2 > ends.length) {
      this.#inflight = this.#inflight.slice(i);
      this.#ends = ends.slice(i);
      i = 0;
    }
    this.#head = i;
  }

  /**
   * The connection is gone. Batches the transport may still hold are never released (so never reused):
   * they may be sent again after a reconnect.
   */
  stop(): void {
    this.#stopped = true;
    this.#inflight = [];
    this.#ends = [];
    this.#head = 0;
  }
}
