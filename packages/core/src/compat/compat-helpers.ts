/** Small helpers nats.js exposes to users of `@nats-io/transport-node` through its internal entry. */
import { decodeText } from "@nats-stack/wire";
import { deferred, type Deferred } from "../deferred";

/** `T` with the fields `K` required (nats.js's utility type). */
export type WithRequired<T, K extends keyof T> = T & { [P in K]-?: T[P] };

/**
 * The shared UTF-8 encoder and decoder. Typed through the global constructors, so the declarations do not
 * name Node's `util` module (inferred types would, and a browser or Deno program without @types/node would fail).
 */
export const TE: InstanceType<typeof TextEncoder> = /* @__PURE__ */ new TextEncoder();
export const TD: InstanceType<typeof TextDecoder> = /* @__PURE__ */ new TextDecoder();

/** Copies the own properties of `b...` onto `a` (only defined values). */
export function extend<T extends object>(a: T, ...b: object[]): T {
  for (const src of b) {
    if (!src) continue;
    for (const [k, v] of Object.entries(src)) if (v !== undefined) (a as Record<string, unknown>)[k] = v;
  }
  return a;
}

/** A protocol frame as text with CR and LF made visible, for logs. */
export function render(frame: Uint8Array): string {
  const text = decodeText(frame, 0, Math.min(frame.length, 1024));
  return text.replace(/\n/g, "␊").replace(/\r/g, "␍") + (frame.length > 1024 ? `… (${frame.length} bytes)` : "");
}

/** Everything an async iterable yields, as an array. */
export async function collect<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of iter) out.push(v);
  return out;
}

/** A counting lock: at most `max` holders at once. */
export class SimpleMutex {
  max: number;
  current = 0;
  waiting: Deferred<void>[] = [];
  constructor(max = 1) {
    this.max = max;
  }
  lock(): Promise<void> {
    this.current++;
    if (this.current <= this.max) return Promise.resolve();
    const d = deferred<void>();
    this.waiting.push(d);
    return d;
  }
  unlock(): void {
    this.current--;
    this.waiting.shift()?.resolve();
  }
}
