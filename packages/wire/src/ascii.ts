/** Byte values the codec looks at. Protocol words are ASCII; letters are compared case-insensitively by OR-ing 0x20. */
export const CR = 13;
export const LF = 10;
export const SPACE = 32;
export const TAB = 9;
export const DOT = 46;
export const STAR = 42;
export const GT = 62;
export const COLON = 58;
export const QUOTE = 39;
export const ZERO = 48;
export const NINE = 57;
export const LOWER = 0x20;

interface TextCodecs {
  TextDecoder: new (label?: string, opts?: { fatal?: boolean }) => { decode(b: Uint8Array): string };
  TextEncoder: new () => {
    encode(s: string): Uint8Array;
    encodeInto(s: string, b: Uint8Array): { read: number; written: number };
  };
}
// Web-standard globals present in every runtime we target; reached through globalThis so the wire package
// needs neither DOM typings nor node:util.
const codecs = globalThis as unknown as TextCodecs;
const utf8Decoder = new codecs.TextDecoder("utf-8");
const utf8Encoder = new codecs.TextEncoder();

/** Shared CRLF terminator. Treat as read-only. */
export const CRLF: Uint8Array = /* @__PURE__ */ Uint8Array.of(CR, LF);

/** True for the two argument separators of the protocol. */
export function isBlank(b: number): boolean {
  return b === SPACE || b === TAB;
}

type Utf8Slice = (this: Uint8Array, start: number, end: number) => string;

// Node's and Bun's Buffer decode a range of any Uint8Array in one native call, without the view TextDecoder
// needs: measured under Node 20 on 12-75 byte subjects, 2x faster than TextDecoder or the loop below once
// optimised and 3-7x faster before (the first thousands of messages of a connection). Looked up, never
// imported (this package names no runtime), and used only when it decodes as TextDecoder does. Looked up on
// the first decode, not at import: importing this package runs nothing (a Worker's global scope may not).
// null: not looked up yet; undefined: the runtime has none.
let nativeUtf8Slice: Utf8Slice | undefined | null = null;

function findUtf8Slice(): Utf8Slice | undefined {
  const B = (globalThis as { Buffer?: { prototype?: { utf8Slice?: unknown } } }).Buffer;
  const f = B?.prototype?.utf8Slice;
  if (typeof f !== "function") return undefined;
  try {
    // ASCII, a 2-byte character, and an invalid byte replaced as TextDecoder replaces it.
    const probe = Uint8Array.of(0x61, 0xc3, 0xa9, 0xff, 0x62);
    return (f as Utf8Slice).call(probe, 0, 5) === "a\u00e9\ufffdb" ? (f as Utf8Slice) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Decodes `buf[start, end)` as UTF-8 (invalid bytes become U+FFFD, a leading byte order mark is dropped, as
 * TextDecoder does). Where the runtime has a native slice decoder that is one call; elsewhere short ASCII
 * runs (subjects, sids) are built by hand because a TextDecoder call costs more than the loop for them, and
 * anything non-ASCII goes to TextDecoder.
 */
export function decodeText(buf: Uint8Array, start: number, end: number): string {
  // A range past the end is cut short, as a view would be.
  if (end > buf.length) end = buf.length;
  // A byte order mark (EF BB BF) is dropped by TextDecoder and kept by the native slice: leave it to the former.
  if (nativeUtf8Slice === null) nativeUtf8Slice = findUtf8Slice();
  if (nativeUtf8Slice !== undefined && start >= 0 && buf[start] !== 0xef) return nativeUtf8Slice.call(buf, start, end);
  if (end - start > 64) return utf8Decoder.decode(buf.subarray(start, end));
  let s = "";
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c > 0x7f) return utf8Decoder.decode(buf.subarray(start, end));
    s += String.fromCharCode(c);
  }
  return s;
}

/** UTF-8 encodes a string into a fresh array. */
export function encodeText(s: string): Uint8Array {
  return utf8Encoder.encode(s);
}

/** UTF-8 encodes `s` into `buf` at `pos`; returns the end offset, or -1 when it does not fit. */
export function encodeTextInto(s: string, buf: Uint8Array, pos: number): number {
  const room = buf.length - pos;
  // Worst case is 3 bytes per UTF-16 unit; only pay for encodeInto's result check when it might not fit.
  if (room < s.length) return -1;
  const r = utf8Encoder.encodeInto(s, buf.subarray(pos));
  if (r.read < s.length) return -1;
  return pos + r.written;
}

/** Number of bytes `s` takes in UTF-8, without encoding it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Renders bytes for an error message: printable ASCII as is, everything else escaped, cut to `max` bytes. */
export function printable(buf: Uint8Array, start: number, end: number, max = 64): string {
  const stop = Math.min(end, start + max);
  let s = "";
  for (let i = start; i < stop; i++) {
    const c = buf[i]!;
    if (c === CR) s += "\\r";
    else if (c === LF) s += "\\n";
    else if (c === TAB) s += "\\t";
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += "\\x" + c.toString(16).padStart(2, "0");
  }
  return s;
}
