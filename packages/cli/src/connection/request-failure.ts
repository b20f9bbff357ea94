/**
 * A request that got nothing back, in the user's words: nobody listens on the subject, or nobody answered
 * within the timeout.
 */
import { CliError, CliErrorCode } from "../output/cli-error";
import { formatDuration } from "../args/duration";

/** Maps core's request errors to a {@link CliError}; other errors pass through. */
export function requestFailure(e: unknown, subject: string, timeoutMs: number): unknown {
  const err = e as Error & { cause?: Error };
  const noResponders = err?.name === "NoResponders" || err?.cause?.name === "NoResponders";
  if (noResponders) {
    return new CliError(CliErrorCode.Request, `no responders on ${JSON.stringify(subject)}`, {
      hint: "is a service listening? try `nats-stack reply " + subject + " pong`",
    });
  }
  if (err?.name === "TimeoutError" || err?.cause?.name === "TimeoutError") {
    return new CliError(CliErrorCode.Request, `no reply on ${JSON.stringify(subject)} within ${formatDuration(timeoutMs)}`, {
      hint: "raise --timeout",
    });
  }
  return e;
}
