/**
 * JetStream's errors, with nats.js's class names and texts. API failures are keyed by the server's `err_code`
 * (after nats.go's `APIError{Code, ErrorCode, Description}` and its `JSErrCode*` table): the code picks the
 * class, the description is the message, and the whole error object stays available through `apiError()`.
 */
import type { ApiError } from "./api-types";

/** JetStream is not enabled for the account, or no JetStream server answers (nats.js's `JetStreamNotEnabled`). */
export class JetStreamNotEnabled extends Error {
  constructor(message: string, opts?: ErrorOptions) {
    super(message, opts);
    this.name = "JetStreamNotEnabled";
  }
}

/** A JetStream operation failed on the client's side (bad answer, missed heartbeats, a misuse). */
export class JetStreamError extends Error {
  constructor(message: string, opts?: ErrorOptions) {
    super(message, opts);
    this.name = "JetStreamError";
  }
}

/**
 * A JetStream status message ended an operation: `code` is the status code (408, 409…), the message is the
 * server's description in lower case, as nats.js reports it (`exceeded maxrequestbatch of 5`).
 */
export class JetStreamStatusError extends JetStreamError {
  code: number;
  constructor(message: string, code: number, opts?: ErrorOptions) {
    super(message, opts);
    this.code = code;
    this.name = "JetStreamStatusError";
  }
}

/**
 * The server's `err_code`s, by name. The first six are nats.js's `JetStreamApiCodes`; the rest are further codes
 * of nats-server's `errors.json` this client's users meet.
 */
export const JetStreamApiCodes = {
  ConsumerNotFound: 10014,
  StreamNotFound: 10059,
  JetStreamNotEnabledForAccount: 10039,
  StreamWrongLastSequence: 10071,
  StreamWrongLastSequenceUnknown: 10164,
  NoMessageFound: 10037,
  BadRequest: 10003,
  ConsumerNameExists: 10013,
  InsufficientResources: 10023,
  MaximumConsumersLimit: 10026,
  MaximumStreamsLimit: 10027,
  StreamNameInUse: 10058,
  StreamSubjectOverlap: 10065,
  ConsumerExistingActive: 10105,
  ConsumerAlreadyExists: 10148,
  ConsumerDoesNotExist: 10149,
} as const;
/** A value of {@link JetStreamApiCodes}. */
export type JetStreamApiCodes = (typeof JetStreamApiCodes)[keyof typeof JetStreamApiCodes];

/** A stream, consumer, durable or group name the server would refuse (`stream name ('a.b') cannot contain '.'`). */
export class InvalidNameError extends Error {
  constructor(message = "", opts?: ErrorOptions) {
    super(message, opts);
    this.name = "InvalidNameError";
  }
}

/**
 * The JetStream API answered with an error object. `code` is the server's `err_code` (see
 * {@link JetStreamApiCodes}), `status` its HTTP-like code, the message its description.
 */
export class JetStreamApiError extends Error {
  readonly #apiError: ApiError;
  constructor(jsErr: ApiError, opts?: ErrorOptions) {
    // The server's description; an error object without one (or not an object at all) still says what it
    // is, where nats.js's message is empty.
    super(apiErrorMessage(jsErr), opts);
    this.#apiError = { ...jsErr };
    this.name = "JetStreamApiError";
  }
  /** The server's `err_code`. */
  get code(): number {
    return this.#apiError.err_code;
  }
  /** The HTTP-like status (400, 404, 503…). */
  get status(): number {
    return this.#apiError.code;
  }
  /** A copy of the error object the server sent. */
  apiError(): ApiError {
    return { ...this.#apiError };
  }
}

/** The message of an API error: its description, or a text naming its codes when it has none. */
export function apiErrorMessage(e: ApiError): string {
  const d = (e as Partial<ApiError> | null)?.description;
  if (typeof d === "string" && d.length > 0) return d;
  const o = (typeof e === "object" && e !== null ? e : {}) as Partial<ApiError>;
  return `JetStream API error without a description (code ${String(o.code)}, err_code ${String(o.err_code)})`;
}

/** The API said `consumer not found` (10014). */
export class ConsumerNotFoundError extends JetStreamApiError {
  constructor(jsErr: ApiError, opts?: ErrorOptions) {
    super(jsErr, opts);
    this.name = "ConsumerNotFoundError";
  }
}

/** The API said `stream not found` (10059), or no stream matched a subject. */
export class StreamNotFoundError extends JetStreamApiError {
  constructor(jsErr: ApiError, opts?: ErrorOptions) {
    super(jsErr, opts);
    this.name = "StreamNotFoundError";
  }
  /** A stream-not-found error the client itself decided on (404, 10059, `message`). */
  static fromMessage(message: string): JetStreamApiError {
    return new StreamNotFoundError({ err_code: JetStreamApiCodes.StreamNotFound, description: message, code: 404 });
  }
}

/** True for the API error a stored-message lookup gives when there is no such message (10037). */
export function isMessageNotFound(err: Error): boolean {
  return err instanceof JetStreamApiError && err.code === JetStreamApiCodes.NoMessageFound;
}

/**
 * The error for an API error object: the class is chosen by `err_code` (as nats.js's parse of API answers):
 * consumer not found, stream not found, JetStream not enabled for the account (a `JetStreamNotEnabled` whose
 * cause is the API error), else a plain {@link JetStreamApiError}.
 */
export function apiErrorFor(e: ApiError): Error {
  switch (e.err_code) {
    case JetStreamApiCodes.ConsumerNotFound:
      return new ConsumerNotFoundError(e);
    case JetStreamApiCodes.StreamNotFound:
      return new StreamNotFoundError(e);
    case JetStreamApiCodes.JetStreamNotEnabledForAccount: {
      const cause = new JetStreamApiError(e);
      return new JetStreamNotEnabled(cause.message, { cause });
    }
    default:
      return new JetStreamApiError(e);
  }
}

/** The error classes of JetStream in one object, as nats.js's `jserrors` (the `internal` subpath exports it). */
export const jserrors = {
  InvalidNameError,
  ConsumerNotFoundError,
  StreamNotFoundError,
  JetStreamError,
  JetStreamApiError,
  JetStreamNotEnabled,
};
