/** Byte helpers shared by the auth files. */

/**
 * True for a `Uint8Array` (Node's `Buffer` included). Not `instanceof`: a Uint8Array made in another realm
 * (a worker, a vm context such as jest's) fails that test but is just as usable.
 */
export function isBytes(v: unknown): v is Uint8Array {
  return ArrayBuffer.isView(v) && Object.prototype.toString.call(v) === "[object Uint8Array]";
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** UTF-8 bytes of `s`. */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** `b` decoded as UTF-8 (invalid sequences become U+FFFD). */
export function fromUtf8(b: Uint8Array): string {
  return decoder.decode(b);
}
