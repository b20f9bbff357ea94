/**
 * Turns any error into the single line the user sees: typed errors (ours, core's, STAN's) speak for
 * themselves; anything else is a bug, shown as one line too, with the stack only when NATS_STACK_DEBUG is set.
 */
import { CliError } from "./cli-error";

/** Names of core's, streaming's and JetStream's error classes whose messages are already meant for people. */
const KNOWN = new Set([
  "InvalidSubjectError",
  "InvalidArgumentError",
  "InvalidOperationError",
  "AuthorizationError",
  "UserAuthenticationExpiredError",
  "ConnectionError",
  "ProtocolError",
  "RequestError",
  "TimeoutError",
  "NoResponders",
  "PermissionViolationError",
  "ClosedConnectionError",
  "DrainingConnectionError",
  "StanError",
  "JetStreamError",
  "JetStreamApiError",
  "JetStreamStatusError",
  "JetStreamNotEnabled",
  "StreamNotFoundError",
  "ConsumerNotFoundError",
  "InvalidNameError",
]);

function causeText(err: Error): string {
  const c = (err as { cause?: unknown }).cause;
  return c instanceof Error && c.message && !err.message.includes(c.message) ? `: ${c.message}` : "";
}

/** The one line (no trailing newline, no line breaks) that reports `err`. */
export function errorLine(err: unknown): string {
  let text: string;
  if (err instanceof CliError) {
    text = err.message + causeText(err) + (err.hint ? ` (${err.hint})` : "");
  } else if (err instanceof Error && KNOWN.has(err.name)) {
    text = err.message + causeText(err);
  } else if (err instanceof Error) {
    text = `unexpected ${err.name}: ${err.message} (a bug in nats-stack; set NATS_STACK_DEBUG=1 for details)`;
  } else {
    text = `unexpected failure: ${String(err)}`;
  }
  return `nats-stack: error: ${text.replace(/\s*[\r\n]+\s*/g, " ").trim()}`;
}

/** Whether the full stack should follow the line (for bug reports). */
export function debugEnabled(): boolean {
  const v = process.env.NATS_STACK_DEBUG;
  return v !== undefined && v !== "" && v !== "0";
}
