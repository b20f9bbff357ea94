import { subjectProblem } from "@nats-stack/wire";
import { InvalidArgumentError, InvalidSubjectError } from "../errors";

/** Subjects validated recently, to skip validating the same subject on every publish. */
const CACHE_SIZE = 128;

const encoder = new TextEncoder();

// A missing subject reads `illegal subject: ''`, as nats.js (`subject || ""`).
function fail(subject: unknown, why: string): never {
  throw new InvalidSubjectError(String(subject ?? ""), { cause: new InvalidArgumentError(`subject ${why}`) });
}

/**
 * Validates subjects the way the server will read them, throwing nats.js's `InvalidSubjectError`
 * (`illegal subject: '<subject>'`) with the precise reason as its cause. Literal subjects that repeat (the
 * usual publish subjects) are remembered with the start of their control line (`PUB <subject> `, encoded),
 * so a hot publish loop pays for one Map lookup and one copy instead of a check and a per-character encode.
 */
export class SubjectCheck {
  private readonly valid = new Map<string, Uint8Array>();

  /** A literal subject (publish), remembered once valid. */
  literal(subject: unknown): string {
    if (typeof subject === "string" && this.valid.has(subject)) return subject;
    this.remember(subject);
    return subject as string;
  }

  /** `PUB <subject> ` for a literal subject, checked once and remembered. */
  pubHead(subject: unknown): Uint8Array {
    if (typeof subject === "string") {
      const head = this.valid.get(subject);
      if (head !== undefined) return head;
    }
    return this.remember(subject);
  }

  private remember(subject: unknown): Uint8Array {
    const why = typeof subject === "string" ? subjectProblem(subject, false) : "must be a string";
    if (why) fail(subject, why);
    if (this.valid.size >= CACHE_SIZE) this.valid.clear();
    const head = encoder.encode(`PUB ${subject as string} `);
    this.valid.set(subject as string, head);
    return head;
  }

  /** A literal subject unlikely to repeat (a reply subject): checked, not remembered. */
  once(subject: unknown): string {
    if (typeof subject === "string" && this.valid.has(subject)) return subject;
    const why = typeof subject === "string" ? subjectProblem(subject, false) : "must be a string";
    if (why) fail(subject, why);
    return subject as string;
  }

  /** A subscription subject (`*` tokens, `>` last). */
  subscription(subject: unknown): string {
    const why = typeof subject === "string" ? subjectProblem(subject, true) : "must be a string";
    if (why) fail(subject, why);
    return subject as string;
  }
}
