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

/**
 * What every error class of core shares: `name` is the class's name and `code` the {@link ErrorCode} of
 * that name without its `Error` suffix (`InvalidSubjectError` → `NATS_ERR_INVALID_SUBJECT`). One
 * constructor for all of them keeps each class to its own name and message.
 */
abstract class NatsError extends Error {
  declare readonly code: ErrorCode;
  constructor(name: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = ErrorCode[name.replace(/Error$/, "") as keyof typeof ErrorCode];
    this.name = name;
  }
}

/** An invalid subject was given (`illegal subject: '<subject>'`). */
export class InvalidSubjectError extends NatsError {
  constructor(subject: string, options?: ErrorOptions) {
    super("InvalidSubjectError", `illegal subject: '${subject}'`, options);
  }
}

/** An invalid argument or option. {@link InvalidArgumentError.format} builds `'prop' message`. */
export class InvalidArgumentError extends NatsError {
  constructor(message: string, options?: ErrorOptions) {
    super("InvalidArgumentError", message, options);
  }
  /** `format("max", "must be positive")` → `'max' must be positive`; arrays give `'a','b' …`. */
  static format(property: string | string[], message: string, options?: ErrorOptions): InvalidArgumentError {
    const p = Array.isArray(property) ? property.map((n) => `'${n}'`).join(",") : `'${property}'`;
    return new InvalidArgumentError(`${p} ${message}`, options);
  }
}

/** An operation that the object's state or configuration does not allow (iterating a callback sub…). */
export class InvalidOperationError extends NatsError {
  constructor(message: string, options?: ErrorOptions) {
    super("InvalidOperationError", message, options);
  }
}

/** The server said the user's credentials expired. */
export class UserAuthenticationExpiredError extends NatsError {
  constructor(message: string, options?: ErrorOptions) {
    super("UserAuthenticationExpiredError", message, options);
  }
  /** Returns an error when `s` (a server `-ERR` text) says the user authentication expired, else null. */
  static parse(s: string): UserAuthenticationExpiredError | null {
    return s.toLowerCase().includes("user authentication expired") ? new UserAuthenticationExpiredError(s) : null;
  }
}

/** Authorization violation, account authentication expired, or authentication timeout. */
export class AuthorizationError extends NatsError {
  constructor(message: string, options?: ErrorOptions) {
    super("AuthorizationError", message, options);
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
export class ClosedConnectionError extends NatsError {
  constructor() {
    super("ClosedConnectionError", "closed connection");
  }
}

/** The connection is draining (`connection draining`). */
export class DrainingConnectionError extends NatsError {
  constructor() {
    super("DrainingConnectionError", "connection draining");
  }
}

/** A network or connection-level failure (`connection refused`, TLS, timeouts while connecting). */
export class ConnectionError extends NatsError {
  constructor(message: string, options?: ErrorOptions) {
    super("ConnectionError", message, options);
  }
}

/** The peer broke the protocol (garbage from the server, an unexpected `-ERR`). */
export class ProtocolError extends NatsError {
  constructor(message: string, options?: ErrorOptions) {
    super("ProtocolError", message, options);
  }
}

/** A failed request; `cause` is the specific error (a {@link TimeoutError}, {@link NoRespondersError}…). */
export class RequestError extends NatsError {
  constructor(message = "", options?: ErrorOptions) {
    super("RequestError", message, options);
  }
  /** True when the request failed because nobody listens on its subject. */
  isNoResponders(): boolean {
    return this.cause instanceof NoRespondersError;
  }
}

/** An operation did not complete in time (`timeout`). */
export class TimeoutError extends NatsError {
  constructor(options?: ErrorOptions) {
    super("TimeoutError", "timeout", options);
  }
}

/** Nobody is subscribed to the request's subject (`no responders: '<subject>'`; `name` is `NoResponders`). */
export class NoRespondersError extends NatsError {
  declare subject: string;
  constructor(subject: string, options?: ErrorOptions) {
    super("NoResponders", `no responders: '${subject}'`, options);
    this.subject = subject;
  }
}

/** The server refused a publish or subscription for lack of permission. Terminal for a subscription. */
export class PermissionViolationError extends NatsError {
  declare operation: "publish" | "subscription";
  declare subject: string;
  queue?: string;
  constructor(message: string, operation: "publish" | "subscription", subject: string, queue?: string, options?: ErrorOptions) {
    super("PermissionViolationError", message, options);
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
