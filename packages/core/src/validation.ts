import { subjectProblem } from "@nats-stack/wire";
import { InvalidArgumentError, InvalidSubjectError } from "./errors";

export { subjectProblem };

/** Options of {@link checkSubject}. */
export interface CheckSubjectOptions {
  /** Allow `*` tokens and a last `>` token (subscription subjects). Default false. */
  wildcards?: boolean;
}

/**
 * Throws nats.js's `InvalidSubjectError` (`illegal subject: '<subject>'`, the precise reason as its cause)
 * unless `subject` is a subject the server accepts: the check core itself makes before writing a byte, for
 * packages built on core (STAN channels, JetStream filters, KV keys).
 */
export function checkSubject(subject: unknown, opts: CheckSubjectOptions = {}): string {
  const why = typeof subject === "string" ? subjectProblem(subject, opts.wildcards === true) : "must be a string";
  if (why) throw new InvalidSubjectError(String(subject ?? ""), { cause: new InvalidArgumentError(`subject ${why}`) });
  return subject as string;
}

/**
 * Why `name` cannot be used as one subject token (a stream, consumer, bucket or durable name, a queue
 * group), or "" when it can: it must be non-empty and hold no `.`, `*`, `>`, whitespace or control
 * character. Callers wrap the reason in their own error text.
 */
export function tokenProblem(name: unknown): string {
  if (typeof name !== "string") return "must be a string";
  if (name.length === 0) return "is empty";
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 46 || c === 42 || c === 62) return `cannot contain '${name[i]}'`;
    if (c <= 32 || c === 127) return "cannot contain whitespace or control characters";
  }
  return "";
}
