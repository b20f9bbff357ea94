/**
 * Writes of a plain Node socket that keep reaching the kernel while the program does not yield. Node's
 * socket writes synchronously only while nothing is queued in it; once one write was partial, every later
 * one waits in its queue until the event loop runs. A program publishing in a synchronous loop then hands
 * the server nothing more until the loop ends: the server (and a subscriber behind it) idles during the
 * loop, and the whole loop's bytes are held in fresh memory (page faults) until it ends. nats.go blocks in
 * write() instead and the server keeps reading.
 *
 * So the bytes that do not fit wait in a queue of our own, and every later write, and every look at
 * `pendingBytes` (which the client makes before each batch), first tries a non-blocking writev of that queue
 * to the socket's descriptor: whatever the server read meanwhile makes room. When the event loop next runs,
 * what is still queued moves to node's socket, which waits for the socket to become writable; from then on
 * writes go through node until its queue is empty again.
 */
import type * as fs from "node:fs";
import type * as net from "node:net";

/** After a write found the socket full, this many later chances to write are let pass before trying again:
 * a failed try costs a syscall and an exception, and the client gives a chance every 64 KiB published. */
const SKIP_AFTER_FULL = 3;
/** node's writev takes at most this many buffers per call (IOV_MAX). */
const MAX_PARTS = 1024;

type Done = (err?: Error) => void;
/** `fs.writevSync`: loaded by the transport when it dials (node:fs is not imported statically, so that the
 * node entry still imports on runtimes without it, such as workerd). */
export type Writev = typeof fs.writevSync;

/** The direct write path of one plain socket (see the file's comment). */
export class DirectWriter {
  readonly #socket: net.Socket;
  readonly #fd: number;
  readonly #writev: Writev;
  // Queued pieces, oldest first from #head, each with the callback of the write it ends (if any).
  #parts: Uint8Array[] = [];
  #dones: (Done | undefined)[] = [];
  #head = 0;
  #bytes = 0;
  #handoff = false;
  #skip = 0;
  // Set when a direct write failed with anything but EAGAIN: node's own path then reports the error.
  #broken = false;
  readonly #moveToSocket = () => {
    this.#handoff = false;
    this.#pump();
    if (this.#head === this.#parts.length) return;
    const s = this.#socket;
    s.cork();
    for (let i = this.#head; i < this.#parts.length; i++) {
      const done = this.#dones[i];
      s.write(this.#parts[i]!, done ? (err?: Error | null) => done(err ?? undefined) : undefined);
    }
    s.uncork();
    this.#clear();
  };

  constructor(socket: net.Socket, fd: number, writev: Writev) {
    this.#socket = socket;
    this.#fd = fd;
    this.#writev = writev;
  }

  /** The descriptor of a plain, connected node socket, or -1 when it has none we may write to. */
  static fdOf(socket: net.Socket): number {
    const fd = (socket as unknown as { _handle?: { fd?: unknown } })._handle?.fd;
    return typeof fd === "number" && fd >= 0 ? fd : -1;
  }

  /** Bytes accepted and not yet handed to the system: our queue (after trying to write it) and node's. */
  get pendingBytes(): number {
    if (this.#bytes > 0) this.#tryPump();
    return this.#bytes + this.#socket.writableLength;
  }

  /** Writes `parts` in order after everything before; `done` runs (asynchronously) once they are written. */
  write(parts: Uint8Array[], done: Done | undefined): void {
    const s = this.#socket;
    if (this.#broken || (this.#bytes === 0 && s.writableLength > 0)) {
      // node's queue holds earlier bytes (or direct writes failed): keep the order by going through it.
      if (parts.length === 1) {
        s.write(parts[0]!, done ? (err?: Error | null) => done(err ?? undefined) : undefined);
        return;
      }
      s.cork();
      for (let i = 0; i < parts.length - 1; i++) s.write(parts[i]!);
      s.write(parts[parts.length - 1]!, done ? (err?: Error | null) => done(err ?? undefined) : undefined);
      s.uncork();
      return;
    }
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.length === 0 && (i < parts.length - 1 || done === undefined)) continue;
      this.#parts.push(p);
      this.#dones.push(i === parts.length - 1 ? done : undefined);
      this.#bytes += p.length;
    }
    this.#tryPump();
    if (this.#bytes > 0 && !this.#handoff) {
      this.#handoff = true;
      setImmediate(this.#moveToSocket);
    }
  }

  /** The socket is gone: callbacks of queued writes get `err`, and nothing more is written directly. */
  fail(err: Error): void {
    const dones = this.#dones.slice(this.#head);
    this.#clear();
    this.#broken = true;
    for (const d of dones) if (d) process.nextTick(d, err);
  }

  #tryPump(): void {
    if (this.#skip > 0) this.#skip--;
    else this.#pump();
  }

  #clear(): void {
    this.#parts = [];
    this.#dones = [];
    this.#head = 0;
    this.#bytes = 0;
  }

  // One non-blocking writev of the queue's head; drops what was written, calls the callbacks of the writes
  // completed (on the next tick, as node calls its own write callbacks).
  #pump(): void {
    if (this.#broken || this.#socket.writableLength > 0) return;
    const parts = this.#parts;
    const head = this.#head;
    const end = Math.min(parts.length, head + MAX_PARTS);
    let n: number;
    try {
      n = this.#writev(this.#fd, head === 0 && end === parts.length ? parts : parts.slice(head, end));
    } catch (err) {
      if ((err as { code?: string }).code === "EAGAIN") {
        this.#skip = SKIP_AFTER_FULL;
        return;
      }
      // Anything else (EPIPE, ECONNRESET): hand the queue to node, whose write reports it as a socket error.
      this.#broken = true;
      if (!this.#handoff) {
        this.#handoff = true;
        setImmediate(this.#moveToSocket);
      }
      return;
    }
    this.#bytes -= n;
    let i = head;
    while (n > 0) {
      const p = parts[i]!;
      if (n < p.length) {
        parts[i] = p.subarray(n);
        break;
      }
      n -= p.length;
      const d = this.#dones[i];
      parts[i] = undefined as unknown as Uint8Array;
      this.#dones[i] = undefined;
      i++;
      if (d) process.nextTick(d);
    }
    // Written pieces of length 0 carrying a callback.
    while (i < parts.length && parts[i]!.length === 0) {
      const d = this.#dones[i];
      this.#dones[i] = undefined;
      i++;
      if (d) process.nextTick(d);
    }
    if (i === parts.length) this.#clear();
    else this.#head = i;
  }
}
