import { CR, SPACE, TAB } from "./ascii";

/** Case-insensitive comparison of ASCII letters `buf[s, s+word.length)` with the upper-case `word`. */
export function wordAt(buf: Uint8Array, s: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    const w = word.charCodeAt(k);
    const b = buf[s + k]!;
    if (w >= 65 && w <= 90 ? (b & 0xdf) !== w : b !== w) return false;
  }
  return true;
}

/**
 * Finds the end of the op token at `buf[s]` (a blank, CR or `e`) and matches it against `words` (upper
 * case, case-insensitive). Returns the index in `words` plus one, 0 when `complete` is false and the token
 * may still grow into one of them, or -1 when it cannot be any of them. The token's end is left in
 * `tokenEndOut.tokenEnd` (the parser itself), so nothing is allocated per line.
 */
export function matchToken(
  buf: Uint8Array,
  s: number,
  e: number,
  complete: boolean,
  words: readonly string[],
  tokenEndOut: { tokenEnd: number },
): number {
  let t = s;
  while (t < e) {
    const b = buf[t]!;
    if (b === SPACE || b === TAB || b === CR) break;
    t++;
  }
  tokenEndOut.tokenEnd = t;
  const len = t - s;
  const done = complete || t < e;
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    if (done ? len === w.length && wordAt(buf, s, w) : len <= w.length && wordAt(buf, s, w.slice(0, len))) {
      return done ? k + 1 : 0;
    }
  }
  return -1;
}
