import { joinParts } from "@nats-stack/wire";

/**
 * Ordered writes over a promise-based socket API (Deno's `conn.write`, a WritableStream writer): one write in
 * flight at a time, the bytes queued counted for back-pressure, and each `done` called once its bytes were
 * taken by the socket.
 */
export class WriteQueue {
  private readonly queue: Array<{ parts: Uint8Array[]; bytes: number; done?: (err?: Error) => void }> = [];
  private running = false;
  private failure: Error | undefined;
  /** Bytes queued and not yet taken by the socket. */
  pending = 0;

  /** `writeOne` writes one chunk completely (looping over partial writes if the API has them). */
  constructor(private readonly writeOne: (chunk: Uint8Array) => Promise<void>) {}

  write(parts: Uint8Array[], done?: (err?: Error) => void): void {
    if (this.failure) {
      done?.(this.failure);
      return;
    }
    let bytes = 0;
    for (const p of parts) bytes += p.length;
    this.pending += bytes;
    this.queue.push({ parts, bytes, done });
    if (!this.running) void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0) {
      const w = this.queue.shift()!;
      try {
        // Small parts go as one chunk: each socket write costs a round through the runtime.
        if (w.parts.length > 1 && w.bytes <= 64 * 1024) await this.writeOne(joinParts(w.parts));
        else for (const p of w.parts) await this.writeOne(p);
      } catch (err) {
        this.fail(err instanceof Error ? err : new Error(String(err)));
        w.done?.(this.failure);
        break;
      }
      this.pending -= w.bytes;
      w.done?.();
    }
    this.running = false;
  }

  /** The socket is gone: every queued write fails. */
  fail(err: Error): void {
    this.failure ??= err;
    const q = this.queue.splice(0);
    this.pending = 0;
    for (const w of q) w.done?.(this.failure);
  }
}
