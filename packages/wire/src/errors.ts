/** Stable codes of every error the wire package throws. Match on these, not on messages. */
export const WireErrorCode = {
  /** An op name that is not part of the protocol (for the direction being parsed). */
  UnknownOp: "NATS_ERR_UNKNOWN_OP",
  /** Wrong number or shape of arguments on a control line. */
  BadArgs: "NATS_ERR_BAD_ARGS",
  /** A size or sid that is not a plain decimal number. */
  BadNumber: "NATS_ERR_BAD_NUMBER",
  /** A payload larger than the configured maximum. */
  MaxPayload: "NATS_ERR_MAX_PAYLOAD",
  /** A control line longer than its maximum, even when split over many chunks. */
  MaxControlLine: "NATS_ERR_MAX_CONTROL_LINE",
  /** A control line ended by a bare LF, or a payload not followed by exactly CRLF. */
  BadLineEnd: "NATS_ERR_BAD_LINE_END",
  /** INFO or CONNECT whose argument is not a JSON object. */
  BadJson: "NATS_ERR_BAD_JSON",
  /** A header block that is malformed (no `NATS/1.0`, bad line, header size above total size). */
  BadHeaders: "NATS_ERR_BAD_HEADERS",
  /** Input after an error, before `reset()`. */
  ParserFailed: "NATS_ERR_PARSER_FAILED",
  /** A value given to an encoder or validator that may not be written. */
  InvalidValue: "NATS_ERR_INVALID_VALUE",
} as const;
export type WireErrorCode = (typeof WireErrorCode)[keyof typeof WireErrorCode];

/** Base class of every error thrown by the wire package. */
export class WireError extends Error {
  /** Stable identifier of the failure, one of {@link WireErrorCode}. */
  declare readonly code: WireErrorCode;
  constructor(code: WireErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "WireError";
    this.code = code;
  }
}

/**
 * Bytes that do not follow the protocol. Carries where it happened: the parser `state`, the byte `offset`
 * in the whole stream since the last `reset()`, and the offending `line` (escaped, at most 64 bytes).
 */
export class ProtocolError extends WireError {
  declare readonly state: string;
  declare readonly offset: number;
  declare readonly line: string;
  constructor(code: WireErrorCode, reason: string, state: string, offset: number, line: string) {
    super(code, `${reason} [${state} @${offset}]: '${line}'`);
    this.name = "ProtocolError";
    this.state = state;
    this.offset = offset;
    this.line = line;
  }
}

/**
 * A value that may not be written: an invalid subject, queue, header key or value, sid or size. `field`
 * names the argument (`subject`, `reply`, `queue`, `header key`, …). Thrown before anything is written.
 */
export class ValidationError extends WireError {
  declare readonly field: string;
  declare readonly value: unknown;
  constructor(field: string, value: unknown, reason: string) {
    super(WireErrorCode.InvalidValue, `invalid ${field} ${JSON.stringify(String(value)).slice(0, 80)}: ${reason}`);
    this.name = "ValidationError";
    this.field = field;
    this.value = value;
  }
}
