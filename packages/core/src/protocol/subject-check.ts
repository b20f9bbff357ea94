import { subjectProblem } from "@nats-stack/wire";
import { InvalidArgumentError, InvalidSubjectError } from "../errors";

/** Subjects validated recently, to skip validating the same subject on every publish. */
const CACHE_SIZE = 128;

// A missing subject reads `illegal subject: ''`, as nats.js (`subject || ""`).
function fail(subject: unknown, why: string): never {
  throw new InvalidSubjectError(String(subject ?? ""), { cause: new InvalidArgumentError(`subject ${why}`) });
}

/**
 * Validates subjects the way the server will read them, throwing nats.js's `InvalidSubjectError`
 * (`illegal subject: '<subject>'`) with the precise reason as its cause. Literal subjects that repeat (the
 * usual publish subjects) are remembered, so a hot publish loop pays for one Set lookup.
 */
export class SubjectCheck {
  private readonly valid = new Set<string>();

  /** A literal subject (publish), remembered once valid. */
  literal(subject: unknown): string {
    if (typeof subject === "string" && this.valid.has(subject)) return subject;
    const why = typeof subject === "string" ? subjectProblem(subject, false) : "must be a string";
    if (why) fail(subject, why);
    if (this.valid.size >= CACHE_SIZE) this.valid.clear();
    this.valid.add(subject as string);
    return subject as string;
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
