/**
 * NUIDs: 22-character unique ids (12 random base-62 characters, then 10 from a sequence with a random
 * increment), as every NATS client makes them for inboxes and ids. Cheap: one string build per id, random
 * bytes only when the sequence rolls over.
 */
const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE = 62;
const PRE_LEN = 12;
const SEQ_LEN = 10;
const MAX_SEQ = 839299365868340224; // 62^10
const MIN_INC = 33;
const MAX_INC = 333;

function randomBytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  (globalThis as unknown as { crypto: { getRandomValues(a: Uint8Array): Uint8Array } }).crypto.getRandomValues(b);
  return b;
}

/**
 * A NUID generator. Each instance has its own random prefix and sequence, drawn on first use: nothing random
 * happens when the module loads (Cloudflare's workerd refuses randomness in a module's global scope).
 */
export class Nuid {
  #pre = "";
  #seq = 0;
  #inc = 0;

  /** Picks a new random prefix and sequence. */
  reset(): void {
    this.#randomizePrefix();
    const r = randomBytes(10);
    // 62^10 is above 2^53, so keep the sequence within safe integers: the top stays random enough.
    let s = 0;
    for (const b of r) s = (s * 256 + b) % Number.MAX_SAFE_INTEGER;
    this.#seq = s % (MAX_SEQ / 1024);
    this.#inc = MIN_INC + (r[0]! % (MAX_INC - MIN_INC));
  }

  #randomizePrefix(): void {
    const r = randomBytes(PRE_LEN);
    let p = "";
    for (let i = 0; i < PRE_LEN; i++) p += DIGITS[r[i]! % BASE];
    this.#pre = p;
  }

  /** The next id. */
  next(): string {
    if (this.#inc === 0) this.reset();
    this.#seq += this.#inc;
    if (this.#seq >= MAX_SEQ / 1024) {
      this.#randomizePrefix();
      this.#seq = this.#inc;
    }
    let n = this.#seq;
    let s = "";
    for (let i = 0; i < SEQ_LEN; i++) {
      s = DIGITS[n % BASE]! + s;
      n = Math.floor(n / BASE);
    }
    return this.#pre + s;
  }
}

/** The shared NUID generator. */
export const nuid = new Nuid();
