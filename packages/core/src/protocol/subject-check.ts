import { encodeText, writeString } from "@nats-stack/wire";
import { checkSubject } from "../validation";

/** Subjects remembered at most (with their encoded `PUB <subject> `). */
const CACHE_SIZE = 128;
/**
 * Subjects checked while the cache was full after which it is emptied, so that a program whose subjects
 * changed gets its new ones remembered.
 */
const MISSES_BEFORE_RESET = 16 * CACHE_SIZE;

// Options of checkSubject made once (it runs for every subject not remembered).
const LITERAL = {};
const WILDCARDS = { wildcards: true };

/**
 * Validates subjects the way the server will read them, throwing nats.js's `InvalidSubjectError`
 * (`illegal subject: '<subject>'`) with the precise reason as its cause. Literal subjects that repeat (the
 * usual publish subjects) are remembered with the start of their control line (`PUB <subject> `, encoded),
 * so a hot publish loop pays for one Map lookup and one copy instead of a check and a per-character encode.
 *
 * At most {@link CACHE_SIZE} subjects are remembered, the first ones seen; past that a subject is checked
 * and encoded on every publish, into a scratch buffer, and nothing is added. The cache is emptied only after
 * {@link MISSES_BEFORE_RESET} such publishes. Emptying it whenever it filled (as this class once did) made a
 * program cycling over more subjects than that (a key-value loop over a thousand keys) miss every time and
 * rebuild the Map every 128 publishes: the discarded Map tables, already in V8's old generation, kept every
 * head and key alive through the next young-generation GC, which then promoted them all, and the young
 * generation grew to its 32 MiB maximum (10-15 MiB more resident memory on the KV benchmark).
 */
export class SubjectCheck {
  private readonly valid = new Map<string, Uint8Array>();
  private missesWhileFull = 0;
  // The head of a subject not remembered: valid until the next call (callers copy it at once).
  private scratch = new Uint8Array(128);

  /** A literal subject (publish), remembered once valid. */
  literal(subject: unknown): string {
    if (typeof subject === "string" && this.valid.has(subject)) return subject;
    this.miss(subject, false);
    return subject as string;
  }

  /**
   * `PUB <subject> ` for a literal subject, checked once and remembered. The bytes of a subject that is not
   * remembered (the cache is full) are only valid until the next call: the caller copies them at once.
   */
  pubHead(subject: unknown): Uint8Array {
    if (typeof subject === "string") {
      const head = this.valid.get(subject);
      if (head !== undefined) return head;
    }
    return this.miss(subject, true)!;
  }

  // Checks a subject that is not remembered; remembers it when there is room, else returns its head in the
  // scratch buffer (when `wantHead`).
  private miss(subject: unknown, wantHead: boolean): Uint8Array | undefined {
    const s = checkSubject(subject, LITERAL);
    if (this.valid.size < CACHE_SIZE) {
      const head = encodeText(`PUB ${s} `);
      this.valid.set(s, head);
      return head;
    }
    if (++this.missesWhileFull >= MISSES_BEFORE_RESET) {
      this.missesWhileFull = 0;
      this.valid.clear();
    }
    if (!wantHead) return undefined;
    const line = `PUB ${s} `;
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.scratch.length < line.length * 3) this.scratch = new Uint8Array(line.length * 3);
    return this.scratch.subarray(0, writeString(this.scratch, 0, line));
  }

  /** Subjects remembered now (for tests and diagnostics). */
  get remembered(): number {
    return this.valid.size;
  }

  /** A literal subject unlikely to repeat (a reply subject): checked, not remembered. */
  once(subject: unknown): string {
    if (typeof subject === "string" && this.valid.has(subject)) return subject;
    return checkSubject(subject, LITERAL);
  }

  /** A subscription subject (`*` tokens, `>` last). */
  subscription(subject: unknown): string {
    return checkSubject(subject, WILDCARDS);
  }
}
