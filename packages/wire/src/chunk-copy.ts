// Copies of received bytes for frames that span chunks. Apart from the parser because they are about the
// kind of array a frame holds, not about the protocol: the parser calls them only on its rare split path.

/**
 * A zeroed array of `n` bytes of the same kind as `like` (its species: a Node Buffer for a Buffer), for the
 * copies a frame is built from when it spans chunks. Frames then hold one kind of array whichever way they
 * were read, which keeps the engine's view of the Frame class stable: a plain Uint8Array turning up in a
 * frame after thousands of Buffer ones made V8 throw away the parser's optimised code (a lazy deopt of run).
 */
export function allocLike(like: Uint8Array, n: number): Uint8Array {
  const ctor = like.constructor;
  if (ctor !== Uint8Array) {
    const species = (ctor as { [Symbol.species]?: unknown } | undefined)?.[Symbol.species];
    if (typeof species === "function" && species !== Uint8Array) {
      try {
        const a: unknown = new (species as new (n: number) => unknown)(n);
        if (a instanceof Uint8Array && a.length === n) return a;
      } catch {
        // not constructible with a length: a plain array will do
      }
    }
  }
  return new Uint8Array(n);
}

/** A copy of `buf[s, e)` of the same kind as `buf` (never a view, which Buffer's `slice` would give). */
export function copyOf(buf: Uint8Array, s: number, e: number, like: Uint8Array): Uint8Array {
  const c = allocLike(like, e - s);
  c.set(buf.subarray(s, e));
  return c;
}
