/**
 * The one error type the command line reports on its own terms: what went wrong in the user's words, with a
 * hint when there is something to do about it. Every failure the user can cause ends as one of these (or as
 * a core error that {@link errorLine} knows), printed as one line on stderr with exit status 1.
 */

/** Stable codes of the command line's own errors. */
export const CliErrorCode = {
  /** A flag, argument or template the command cannot use. */
  Usage: "CLI_ERR_USAGE",
  /** A file named by a flag cannot be read. */
  File: "CLI_ERR_FILE",
  /** No server could be reached or the server refused the connection. */
  Connect: "CLI_ERR_CONNECT",
  /** A request got no reply or no responders. */
  Request: "CLI_ERR_REQUEST",
  /** The server refused an operation after connecting (permissions, limits). */
  Server: "CLI_ERR_SERVER",
  /** nats-server is not installed, or did not start. */
  LocalServer: "CLI_ERR_LOCAL_SERVER",
  /** An optional package the command needs is not installed. */
  MissingPackage: "CLI_ERR_MISSING_PACKAGE",
  /** A STAN (NATS Streaming) operation failed. */
  Streaming: "CLI_ERR_STREAMING",
  /** A JetStream operation failed: no JetStream, a missing stream or consumer, an API error. */
  JetStream: "CLI_ERR_JETSTREAM",
} as const;
export type CliErrorCode = (typeof CliErrorCode)[keyof typeof CliErrorCode];

/** A failure explained for the person at the terminal. */
export class CliError extends Error {
  readonly code: CliErrorCode;
  /** What to do about it, appended to the line after the message. */
  readonly hint?: string;
  constructor(code: CliErrorCode, message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "CliError";
    this.code = code;
    if (opts.hint) this.hint = opts.hint;
  }
}

/** Shorthand for a {@link CliError} about the user's arguments. */
export function usageError(message: string, hint?: string): CliError {
  return new CliError(CliErrorCode.Usage, message, { hint });
}
