/**
 * The error classes of nats.js v3, with the same names, messages and static parsers, so code that matches
 * on `instanceof`, `name` or `message` keeps working. Each also carries a stable `code`.
 */

/** Stable codes of the core errors. */
export const ErrorCode = {
  InvalidSubject: "NATS_ERR_INVALID_SUBJECT",
  InvalidArgument: "NATS_ERR_INVALID_ARGUMENT",
  InvalidOperation: "NATS_ERR_INVALID_OPERATION",
  UserAuthenticationExpired: "NATS_ERR_AUTH_EXPIRED",
  Authorization: "NATS_ERR_AUTHORIZATION",
  ClosedConnection: "NATS_ERR_CLOSED",
  DrainingConnection: "NATS_ERR_DRAINING",
  Connection: "NATS_ERR_CONNECTION",
  Protocol: "NATS_ERR_PROTOCOL",
  Request: "NATS_ERR_REQUEST",
  Timeout: "NATS_ERR_TIMEOUT",
  NoResponders: "NATS_ERR_NO_RESPONDERS",
  PermissionViolation: "NATS_ERR_PERMISSION",
  SlowConsumer: "NATS_ERR_SLOW_CONSUMER",
  ReconnectBufferFull: "NATS_ERR_RECONNECT_BUFFER_FULL",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An invalid subject was given (`illegal subject: '<subject>'`). */
export class InvalidSubjectError extends Error {
  readonly code: ErrorCode = ErrorCode.InvalidSubject;
  constructor(subject: string, options?: ErrorOptions) {
    super(`illegal subject: '${subject}'`, options);
    this.name = "InvalidSubjectError";
  }
}

/** An invalid argument or option. {@link InvalidArgumentError.format} builds `'prop' message`. */
export class InvalidArgumentError extends Error {
  readonly code: ErrorCode = ErrorCode.InvalidArgument;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "InvalidArgumentError";
  }
  /** `format("max", "must be positive")` → `'max' must be positive`; arrays give `'a','b' …`. */
  static format(property: string | string[], message: string, options?: ErrorOptions): InvalidArgumentError {
    const p = Array.isArray(property) ? property.map((n) => `'${n}'`).join(",") : `'${property}'`;
    return new InvalidArgumentError(`${p} ${message}`, options);
  }
}

/** An operation that the object's state or configuration does not allow (iterating a callback sub…). */
export class InvalidOperationError extends Error {
  readonly code: ErrorCode = ErrorCode.InvalidOperation;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "InvalidOperationError";
  }
}

/** The server said the user's credentials expired. */
export class UserAuthenticationExpiredError extends Error {
  readonly code: ErrorCode = ErrorCode.UserAuthenticationExpired;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UserAuthenticationExpiredError";
  }
  /** Returns an error when `s` (a server `-ERR` text) says the user authentication expired, else null. */
  static parse(s: string): UserAuthenticationExpiredError | null {
    return s.toLowerCase().includes("user authentication expired") ? new UserAuthenticationExpiredError(s) : null;
  }
}

/** Authorization violation, account authentication expired, or authentication timeout. */
export class AuthorizationError extends Error {
  readonly code: ErrorCode = ErrorCode.Authorization;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "AuthorizationError";
  }
  /** Returns an error when `s` is one of the server's authorization failures, else null. */
  static parse(s: string): AuthorizationError | null {
    const t = s.toLowerCase();
    for (const m of ["authorization violation", "account authentication expired", "authentication timeout"]) {
      if (t.includes(m)) return new AuthorizationError(s);
    }
    return null;
  }
}

/** The connection is closed (`closed connection`). */
export class ClosedConnectionError extends Error {
  readonly code: ErrorCode = ErrorCode.ClosedConnection;
  constructor() {
    super("closed connection");
    this.name = "ClosedConnectionError";
  }
}

/** The connection is draining (`connection draining`). */
export class DrainingConnectionError extends Error {
  readonly code: ErrorCode = ErrorCode.DrainingConnection;
  constructor() {
    super("connection draining");
    this.name = "DrainingConnectionError";
  }
}

/** A network or connection-level failure (`connection refused`, TLS, timeouts while connecting). */
export class ConnectionError extends Error {
  readonly code: ErrorCode = ErrorCode.Connection;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ConnectionError";
  }
}

/** The peer broke the protocol (garbage from the server, an unexpected `-ERR`). */
export class ProtocolError extends Error {
  readonly code: ErrorCode = ErrorCode.Protocol;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ProtocolError";
  }
}

/** A failed request; `cause` is the specific error (a {@link TimeoutError}, {@link NoRespondersError}…). */
export class RequestError extends Error {
  readonly code: ErrorCode = ErrorCode.Request;
  constructor(message = "", options?: ErrorOptions) {
    super(message, options);
    this.name = "RequestError";
  }
  /** True when the request failed because nobody listens on its subject. */
  isNoResponders(): boolean {
    return this.cause instanceof NoRespondersError;
  }
}

/** An operation did not complete in time (`timeout`). */
export class TimeoutError extends Error {
  readonly code: ErrorCode = ErrorCode.Timeout;
  constructor(options?: ErrorOptions) {
    super("timeout", options);
    this.name = "TimeoutError";
  }
}

/** Nobody is subscribed to the request's subject (`no responders: '<subject>'`; `name` is `NoResponders`). */
export class NoRespondersError extends Error {
  readonly code: ErrorCode = ErrorCode.NoResponders;
  subject: string;
  constructor(subject: string, options?: ErrorOptions) {
    super(`no responders: '${subject}'`, options);
    this.subject = subject;
    this.name = "NoResponders";
  }
}

/** The server refused a publish or subscription for lack of permission. Terminal for a subscription. */
export class PermissionViolationError extends Error {
  readonly code: ErrorCode = ErrorCode.PermissionViolation;
  operation: "publish" | "subscription";
  subject: string;
  queue?: string;
  constructor(message: string, operation: "publish" | "subscription", subject: string, queue?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PermissionViolationError";
    this.operation = operation;
    this.subject = subject;
    if (queue !== undefined) this.queue = queue;
  }
  /**
   * Parses the server's text, e.g. `Permissions Violation for Subscription to "foo" using queue "q"`.
   * Returns null when `s` is not a permissions violation.
   */
  static parse(s: string): PermissionViolationError | null {
    if (!s || !s.toLowerCase().includes("permissions violation")) return null;
    const m = /(Publish|Subscription) to "(\S+)"/.exec(s);
    const operation = m ? (m[1]!.toLowerCase() as "publish" | "subscription") : "publish";
    const subject = m ? m[2]! : "";
    const q = operation === "subscription" ? /using queue "(\S+)"/.exec(s) : null;
    return new PermissionViolationError(s, operation, subject, q ? q[1] : undefined);
  }
}

/** The error classes by name, as nats.js exports them. */
export const errors = {
  AuthorizationError,
  ClosedConnectionError,
  ConnectionError,
  DrainingConnectionError,
  InvalidArgumentError,
  InvalidOperationError,
  InvalidSubjectError,
  NoRespondersError,
  PermissionViolationError,
  ProtocolError,
  RequestError,
  TimeoutError,
  UserAuthenticationExpiredError,
};
