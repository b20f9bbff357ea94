/** Something with a deadline; `expire` runs once it passes unless `done` was set first. */
export interface Expiring {
  deadline: number;
  done: boolean;
  expire(): void;
}

/**
 * Many deadlines on one timer: a min-heap ordered by deadline and a single setTimeout armed for the
 * earliest. Cancelling is setting `done` (the entry is skipped when it surfaces), so a request that succeeds
 * costs no timer calls at all, where a setTimeout/clearTimeout pair per request costs several microseconds.
 */
export class Deadlines {
  private heap: Expiring[] = [];
  private live = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private armedAt = Infinity;

  /** Adds an entry whose `deadline` (performance.now() based) is set. */
  add(e: Expiring): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.deadline <= e.deadline) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = e;
    this.live++;
    if (e.deadline < this.armedAt) this.arm(e.deadline);
  }

  /** Call after setting `done` on an entry that was added. */
  cancelled(): void {
    this.live--;
    // Completed entries at the top leave at once: requests that end in the order they were made (sequential
    // ones, or concurrent ones with one timeout) never pile up. A completed entry holds what its request
    // settled with (its resolved Promise keeps the reply message, and the message its read slab): left
    // until the rebuild below, up to a thousand of them survived every young-generation GC, and V8 grew
    // the young generation from 4 to 16 MiB on a loop of awaited KV puts (12 MiB more peak RSS).
    const h = this.heap;
    while (h.length > 0 && h[0]!.done) this.pop();
    // Completed entries deeper in the heap wait until they surface; rebuild when they dominate it.
    if (h.length > 1024 && this.live * 4 < h.length) {
      const keep = this.heap.filter((x) => !x.done);
      this.heap = [];
      this.live = 0;
      for (const x of keep) this.add(x);
    }
    // The timer stays armed when nothing is live: it fires once, finds nothing, and stops. Re-arming for
    // each of a stream of sequential requests would cost the setTimeout this class exists to avoid.
  }

  private arm(at: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.armedAt = at;
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - performance.now()));
    // The open connection keeps a process alive while requests wait; this timer must not on its own.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private pop(): Expiring {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      const n = h.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && h[r]!.deadline < h[l]!.deadline ? r : l;
        if (h[c]!.deadline >= last.deadline) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }

  private fire(): void {
    this.timer = undefined;
    this.armedAt = Infinity;
    const now = performance.now();
    while (this.heap.length > 0 && this.heap[0]!.deadline <= now + 1) {
      const e = this.pop();
      if (e.done) continue;
      e.done = true;
      this.live--;
      e.expire();
    }
    while (this.heap.length > 0 && this.heap[0]!.done) this.pop();
    if (this.heap.length > 0) this.arm(this.heap[0]!.deadline);
  }

  /** Number of entries not yet done. */
  get size(): number {
    return this.live;
  }
}
