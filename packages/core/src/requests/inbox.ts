import { ValidationError, subjectProblem } from "@nats-stack/wire";
import { InvalidArgumentError } from "../errors";
import { nuid } from "../nuid";

/** Default inbox prefix. */
export const INBOX_PREFIX = "_INBOX";

/**
 * Checks an inbox prefix: a literal subject (no wildcards). Returns it, or the default when empty, undefined
 * or null (nats.js: `prefix || "_INBOX"`).
 */
export function checkInboxPrefix(prefix?: string | null): string {
  if (prefix === undefined || prefix === null || prefix === "") return INBOX_PREFIX;
  if (typeof prefix !== "string") throw new TypeError("prefix must be a string");
  const why = subjectProblem(prefix, false);
  if (!why) return prefix;
  // nats.js's text for wildcards, the only thing it checks; a space or an empty token is named as what it is.
  const text = /wildcard/.test(why) ? `cannot have wildcards ('${prefix}')` : `is not a valid subject prefix ('${prefix}'): ${why}`;
  throw InvalidArgumentError.format("prefix", text, { cause: new ValidationError("inboxPrefix", prefix, why) });
}

/** A new unique inbox subject, `<prefix>.<nuid>` (prefix `_INBOX` by default). */
export function createInbox(prefix: string | null = ""): string {
  return `${checkInboxPrefix(prefix)}.${nuid.next()}`;
}
